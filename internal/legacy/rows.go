package legacy

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/coupond/coupond/models"
)

// legacyRow is one legacy user coupon as the mapping reads it.
type legacyRow struct {
	ID                                    int64
	UserID, Status, OrderID               ltext
	CouponID                              int64
	CreatedAt, UsedAt, ValidFrom, ValidTo ltime
}

// readRows reads legacy user coupons: "WHERE ..." in where, ordered by id.
func (mg *Migrator) readRows(ctx context.Context, where string, args ...any) ([]legacyRow, error) {
	u := mg.m.UserCoupons
	q := "SELECT " + strings.Join([]string{u.ID, u.UserID, u.CouponID, u.Status, col(u.OrderID), u.CreatedAt, col(u.UsedAt),
		col(u.ValidFrom), col(u.ValidUntil)}, ", ") + " FROM " + u.Table + " " + where
	l, err := mg.ldb(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := l.Raw(q, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("legacy: read %s: %w", u.Table, err)
	}
	defer rows.Close()
	var out []legacyRow
	for rows.Next() {
		var r legacyRow
		if err := rows.Scan(&r.ID, &r.UserID, &r.CouponID, &r.Status, &r.OrderID, &r.CreatedAt, &r.UsedAt, &r.ValidFrom, &r.ValidTo); err != nil {
			return nil, fmt.Errorf("legacy: read %s: %w", u.Table, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("legacy: read %s: %w", u.Table, err)
	}
	return out, nil
}

// templateIDs lists the legacy templates rows refer to.
func templateIDs(rows []legacyRow) map[int64]bool {
	ids := map[int64]bool{}
	for _, r := range rows {
		ids[r.CouponID] = true
	}
	return ids
}

// orderOf is the order id coupond keeps of a legacy row: the order of a
// LOCKED or USED coupon (coupond keeps none on the others), none for NULL,
// "" and the mapping's NoOrderValues.
func (mg *Migrator) orderOf(status models.UserCouponStatus, v ltext) *string {
	if status != models.UserCouponLocked && status != models.UserCouponUsed {
		return nil
	}
	s := strings.TrimSpace(v.S)
	if !v.Valid || s == "" {
		return nil
	}
	for _, no := range mg.m.UserCoupons.NoOrderValues {
		if s == no {
			return nil
		}
	}
	if len(s) > 128 {
		s = s[:128]
	}
	return &s
}

// userCoupon makes the coupond row of a legacy row (Seq left for the
// writer). A LOCKED coupon is copied without a hold: the monolith's order
// flow owns it until the cut-over.
func (mg *Migrator) userCoupon(r *legacyRow, coupons map[int64]*models.Coupon, now time.Time) (*models.UserCoupon, error) {
	m := mg.m
	bad := func(f string, a ...any) error {
		return fmt.Errorf("legacy: %s id %d: %s", m.UserCoupons.Table, r.ID, fmt.Sprintf(f, a...))
	}
	c := coupons[r.CouponID]
	if c == nil {
		return nil, bad("template %d was not copied", r.CouponID)
	}
	user := m.userID(strings.TrimSpace(r.UserID.S))
	if !r.UserID.Valid || !models.ValidUserID(user) {
		return nil, bad("user id %q cannot be a coupond user id", user)
	}
	status, ok := m.UserCoupons.StatusValues[strings.TrimSpace(r.Status.S)]
	if !ok {
		return nil, bad("status %q is not in userCoupons.statusValues", r.Status.S)
	}
	if !r.CreatedAt.Valid {
		return nil, bad("no creation time")
	}
	issued := m.legacyTime(r.CreatedAt.T)
	var from, until time.Time
	if m.UserCoupons.ValidFrom != "" && r.ValidFrom.Valid && r.ValidTo.Valid {
		from, until = m.legacyTime(r.ValidFrom.T), m.legacyTime(r.ValidTo.T)
	} else {
		from, until = c.Validity.Window(issued)
	}
	uc := &models.UserCoupon{
		UserID: user, CouponID: c.ID, RequestID: RequestID(r.ID), Status: status, Channel: m.Channel, Currency: c.Currency,
		Discount: c.Discount, Scope: c.Scope, ValidFrom: from, ValidUntil: until, IssuedAt: issued,
		OrderID: mg.orderOf(status, r.OrderID), UpdatedAt: now, LegacyID: &r.ID,
	}
	if status == models.UserCouponUsed {
		if r.UsedAt.Valid {
			t := m.legacyTime(r.UsedAt.T)
			uc.UsedAt = &t
		} else {
			uc.UsedAt = &issued
		}
	}
	return uc, nil
}
