package legacy

import (
	"context"
	"slices"
	"strconv"
	"time"

	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

// Find returns the user coupon a public id names for its owner, on the
// side written first now. A legacy id ("ucl_") names the coupond twin once
// coupond is written first (the twin is made on the spot when the copy has
// not reached the row yet), and a coupond id names the monolith's twin
// while the monolith's table is written first (made on the spot likewise).
// Returns NOT_FOUND.
func (d *DualWallets) Find(ctx context.Context, userID, publicID string, field []string) (*models.UserCoupon, error) {
	ref, err := models.ParseUserCouponRef(publicID)
	if err != nil || ref.UserID != userID {
		return nil, models.FieldError(models.CodeNotFound, field, "user coupon %q not found for this user", publicID)
	}
	if !ref.Legacy {
		uc, err := d.ShardWallets.Find(ctx, userID, publicID, field)
		if err != nil || !d.sidesOfID(ctx, uc.CouponID).legacyFirst {
			return uc, err
		}
		if uc.LegacyID == nil {
			d.mg.MirrorToLegacy(ctx, []*models.UserCoupon{uc})
			if uc.LegacyID == nil {
				return nil, models.Errorf(models.CodeUnavailable, "the coupon could not be written to the monolith's table yet; retry")
			}
		}
		return d.mg.Get(ctx, userID, *uc.LegacyID)
	}
	twin, err := d.twin(ctx, userID, ref.LegacyID)
	if err != nil {
		return nil, err
	}
	if twin != nil && !d.sidesOfID(ctx, twin.CouponID).legacyFirst {
		return twin, nil
	}
	luc, err := d.mg.Get(ctx, userID, ref.LegacyID)
	if err != nil {
		return nil, err
	}
	if d.sidesOfID(ctx, luc.CouponID).legacyFirst {
		return luc, nil
	}
	// Coupond is written first and the copy has not reached this row yet.
	d.mg.MirrorToCoupond(ctx, luc, nil)
	if twin, err = d.twin(ctx, userID, ref.LegacyID); err != nil {
		return nil, err
	}
	if twin == nil {
		return nil, models.Errorf(models.CodeUnavailable, "the coupon could not be copied from the monolith's table yet; retry")
	}
	return twin, nil
}

// twin reads, from the primary, the coupond row copied from the monolith's
// row legacyID, or nil.
func (d *DualWallets) twin(ctx context.Context, userID string, legacyID int64) (*models.UserCoupon, error) {
	db, route := d.mg.st.Shard(userID)
	var ucs []models.UserCoupon
	err := db.WithContext(ctx).Clauses(dbresolver.Write).Table(route.UserCouponTable()).
		Where("user_id = ? AND legacy_id = ?", userID, legacyID).Limit(1).Find(&ucs).Error
	if err != nil {
		return nil, models.Unavailable("coupon.twin", err)
	}
	if len(ucs) == 0 {
		return nil, nil
	}
	return &ucs[0], nil
}

// FindAll finds several of a user's coupons as Find does: coupond's ids
// in one read of coupond's table, then, one by one, the legacy ids and
// those whose monolith twin is written first.
func (d *DualWallets) FindAll(ctx context.Context, userID string, publicIDs []string, field []string) ([]*models.UserCoupon, error) {
	out := make([]*models.UserCoupon, len(publicIDs))
	var ours []string
	var at []int
	for i, id := range publicIDs {
		if ref, err := models.ParseUserCouponRef(id); err == nil && !ref.Legacy {
			ours, at = append(ours, id), append(at, i)
		}
	}
	if len(ours) > 0 {
		ucs, err := d.ShardWallets.FindAll(ctx, userID, ours, field)
		if err != nil && models.ErrorCode(err) != models.CodeNotFound {
			return nil, err
		}
		for k, uc := range ucs { // none on NOT_FOUND: Find below tells which, at its index
			if !d.sidesOfID(ctx, uc.CouponID).legacyFirst {
				out[at[k]] = uc
			}
		}
	}
	for i, id := range publicIDs {
		if out[i] != nil {
			continue
		}
		uc, err := d.Find(ctx, userID, id, append(slices.Clip(field), strconv.Itoa(i)))
		if err != nil {
			return nil, err
		}
		out[i] = uc
	}
	return out, nil
}

// ByOrder finds, while the monolith's table is written first, the row of
// that table an order holds (LOCKED or USED); otherwise, or when there is
// none (a coupon of coupond's own, or a retry after the row was released),
// coupond's.
func (d *DualWallets) ByOrder(ctx context.Context, userID, orderID string) ([]*models.UserCoupon, error) {
	if d.readsLegacy() {
		uc, err := d.mg.ByOrder(ctx, userID, orderID)
		if err != nil {
			return nil, legacyErr("coupon.orderRow", err)
		}
		if uc != nil && d.sidesOfID(ctx, uc.CouponID).legacyFirst {
			return []*models.UserCoupon{uc}, nil
		}
	}
	return d.ShardWallets.ByOrder(ctx, userID, orderID)
}

// MoveAll makes one change as Move does. Several go in one transaction of
// coupond's only when none of them is written to the monolith's table:
// the two databases share no transaction, so a stack of coupons still
// being migrated is refused (INVALID_STATE) rather than half written.
func (d *DualWallets) MoveAll(ctx context.Context, ucs []*models.UserCoupon, ms []coupon.Move) (bool, error) {
	if len(ucs) == 1 {
		return d.Move(ctx, ucs[0], ms[0])
	}
	for _, uc := range ucs {
		if monolithRow(uc) || d.sidesOfID(ctx, uc.CouponID).legacy {
			return false, models.Errorf(models.CodeInvalidState,
				"coupon %d is being migrated from the monolith: its user coupons go on orders one at a time until the migration ends", uc.CouponID)
		}
	}
	return d.ShardWallets.MoveAll(ctx, ucs, ms)
}

// Move changes a row of the monolith's table there, then hands the change
// to its coupond twin (when coupond is written). A coupond row is changed
// in coupond, then handed to the monolith's table when that is written
// second (an expiry is not: the monolith's table keeps no such status
// change of its own). A hold that ran out is released in the monolith's
// table first while that is written first (the table has no hold time of
// its own: the twin keeps it); not when the row there is no longer locked
// by the order (used meanwhile).
func (d *DualWallets) Move(ctx context.Context, uc *models.UserCoupon, m coupon.Move) (bool, error) {
	if monolithRow(uc) {
		return d.moveLegacyFirst(ctx, uc, m)
	}
	sd := d.sidesOfID(ctx, uc.CouponID)
	if m.Kind == coupon.MoveReleaseHold && sd.legacyFirst && !d.releaseHold(ctx, uc) {
		return false, nil
	}
	ok, err := d.ShardWallets.Move(ctx, uc, m)
	if ok && sd.legacy && !sd.legacyFirst && m.Kind != coupon.MoveExpire {
		d.mg.MirrorToLegacy(ctx, []*models.UserCoupon{uc})
	}
	return ok, err
}

// moveLegacyFirst is Move on a row of the monolith's table.
func (d *DualWallets) moveLegacyFirst(ctx context.Context, uc *models.UserCoupon, m coupon.Move) (bool, error) {
	cond, to, orderID, usedAt := legacyMove(uc, m)
	ok, err := d.mg.Move(ctx, uc, cond, to, orderID, usedAt)
	if err != nil || !ok {
		return false, legacyErr("coupon.move", err)
	}
	m.Apply(uc)
	if d.sidesOfID(ctx, uc.CouponID).coupond {
		event := models.CouponEvent{}
		if m.Event != nil {
			event = *m.Event
		}
		event.Kind, event.At = m.Kind.Event(), m.At
		d.mg.MirrorToCoupond(ctx, uc, &event)
	}
	return true, nil
}

// legacyMove is a change as the monolith's table takes it: the condition,
// the status, the order (nil clears it) and the use time.
func legacyMove(uc *models.UserCoupon, m coupon.Move) (Cond, models.UserCouponStatus, *string, *time.Time) {
	unused := []models.UserCouponStatus{models.UserCouponUnused}
	switch m.Kind {
	case coupon.MoveLock:
		return Cond{Statuses: unused}, models.UserCouponLocked, &m.Order, nil
	case coupon.MoveUse:
		return Cond{Statuses: unused, Status: models.UserCouponLocked, Order: m.Order}, models.UserCouponUsed, &m.Order, &m.At
	case coupon.MoveRelease:
		return Cond{Status: models.UserCouponLocked, Order: m.Order}, models.UserCouponUnused, nil, nil
	case coupon.MoveRefund:
		return Cond{Status: models.UserCouponUsed, Order: m.Order}, m.To, nil, nil
	case coupon.MoveRevoke:
		return Cond{Statuses: []models.UserCouponStatus{models.UserCouponUnused, models.UserCouponLocked}}, models.UserCouponRevoked, uc.OrderID, nil
	case coupon.MoveExpire:
		return Cond{Statuses: unused}, models.UserCouponExpired, uc.OrderID, nil
	default: // coupon.MoveReleaseHold
		return Cond{Status: models.UserCouponLocked, Order: deref(uc.OrderID)}, models.UserCouponUnused, nil, nil
	}
}

// releaseHold releases the monolith's row of a coupond twin whose hold ran
// out, and reports whether the twin should be released too.
func (d *DualWallets) releaseHold(ctx context.Context, twin *models.UserCoupon) bool {
	if twin.LegacyID == nil {
		return true
	}
	luc, err := d.mg.Get(ctx, twin.UserID, *twin.LegacyID)
	if err != nil {
		return false
	}
	ok, err := d.mg.Move(ctx, luc, Cond{Status: models.UserCouponLocked, Order: deref(twin.OrderID)}, models.UserCouponUnused, nil, nil)
	return err == nil && (ok || luc.Status == models.UserCouponUnused)
}

// RecordsDiscount is false for a row of the monolith's table, which has no
// column for it.
func (d *DualWallets) RecordsDiscount(uc *models.UserCoupon) bool { return !monolithRow(uc) }

// legacyErr passes the engine's errors (NOT_FOUND, NOT_USABLE) through and
// makes anything else UNAVAILABLE.
func legacyErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if models.ErrorCode(err) != models.CodeInternal {
		return err
	}
	return models.Unavailable(op, err)
}
