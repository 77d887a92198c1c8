package legacy

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
)

// The reads and writes of the monolith's tables that DualWallets makes for
// the engine.

// legacyUser is the monolith's user id of a coupond user id: the id
// without the mapping's prefix. Returns NOT_FOUND for a user the monolith
// cannot have.
func (mg *Migrator) legacyUser(userID string) (string, error) {
	if !strings.HasPrefix(userID, mg.m.UserIDPrefix) || len(userID) == len(mg.m.UserIDPrefix) {
		return "", models.Errorf(models.CodeNotFound, "user %q is not a user of the monolith (ids there start with %q)", userID, mg.m.UserIDPrefix)
	}
	return strings.TrimPrefix(userID, mg.m.UserIDPrefix), nil
}

// legacyValue is the value the monolith's table stores for a coupond
// status: the smallest of the mapping's values that read as it.
func (mg *Migrator) legacyValue(st models.UserCouponStatus) (string, bool) {
	vals := mg.legacyValues(st)
	if len(vals) == 0 {
		return "", false
	}
	return vals[0], true
}

// legacyValues are every value of the monolith's table that reads as st,
// in order.
func (mg *Migrator) legacyValues(st models.UserCouponStatus) []string {
	var out []string
	for k, v := range mg.m.UserCoupons.StatusValues {
		if v == st {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, aerr := strconv.ParseInt(out[i], 10, 64)
		b, berr := strconv.ParseInt(out[j], 10, 64)
		if aerr == nil && berr == nil {
			return a < b
		}
		return out[i] < out[j]
	})
	return out
}

// legacyTimeValue is how a time is written to the monolith's DATETIME
// columns: the wall clock in the mapping's zone, as text (which MySQL and
// SQLite read alike).
func (mg *Migrator) legacyTimeValue(t time.Time) string {
	loc := mg.m.loc
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2006-01-02 15:04:05")
}

// rows reads the monolith's user coupons where cond holds and converts
// them.
func (mg *Migrator) rows(ctx context.Context, where string, args ...any) ([]models.UserCoupon, error) {
	lrows, err := mg.readRows(ctx, where, args...)
	if err != nil || len(lrows) == 0 {
		return nil, err
	}
	return mg.convert(ctx, lrows)
}

// convert makes user coupons of rows of the monolith's table.
func (mg *Migrator) convert(ctx context.Context, lrows []legacyRow) ([]models.UserCoupon, error) {
	coupons, err := mg.templates(ctx, templateIDs(lrows))
	if err != nil {
		return nil, err
	}
	out := make([]models.UserCoupon, 0, len(lrows))
	now := mg.now()
	for i := range lrows {
		uc, err := mg.userCoupon(&lrows[i], coupons, now)
		if err != nil {
			return nil, err
		}
		out = append(out, *uc)
	}
	return out, nil
}

// Count is how many of a coupon a user holds in the monolith's table.
func (mg *Migrator) Count(ctx context.Context, userID string, couponID uint64) (int, error) {
	l, err := mg.ldb(ctx)
	if err != nil {
		return 0, err
	}
	tpl, err := mg.templateOf(couponID)
	if err != nil {
		return 0, err
	}
	lu, err := mg.legacyUser(userID)
	if err != nil {
		return 0, err
	}
	u := mg.m.UserCoupons
	var n int
	err = l.Raw("SELECT COUNT(*) FROM "+u.Table+" WHERE "+u.UserID+" = ? AND "+u.CouponID+" = ?", lu, tpl).Row().Scan(&n)
	return n, err
}

// TakeStock takes up to n units of a coupon's stock in the monolith's
// template table (a conditional decrement of its remaining column) and
// returns how many it took.
func (mg *Migrator) TakeStock(ctx context.Context, couponID uint64, n int64) (int64, error) {
	l, err := mg.ldb(ctx)
	if err != nil {
		return 0, err
	}
	c := mg.m.Coupons
	if c.Remaining == "" {
		return n, nil
	}
	tpl, err := mg.templateOf(couponID)
	if err != nil {
		return 0, err
	}
	want := n
	for attempt := 0; attempt < 5 && want > 0; attempt++ {
		res := l.Exec("UPDATE "+c.Table+" SET "+c.Remaining+" = "+c.Remaining+" - ? WHERE "+c.ID+" = ? AND "+c.Remaining+" >= ?", want, tpl, want)
		if res.Error != nil {
			return 0, res.Error
		}
		if res.RowsAffected == 1 {
			return want, nil
		}
		// Fewer left than asked: take what there is.
		var left int64
		if err := l.Raw("SELECT "+c.Remaining+" FROM "+c.Table+" WHERE "+c.ID+" = ?", tpl).Row().Scan(&left); err != nil {
			return 0, err
		}
		want = min(n, left)
	}
	return 0, nil
}

// GiveBack returns units to a coupon's stock in the monolith's table.
func (mg *Migrator) GiveBack(ctx context.Context, couponID uint64, n int64) error {
	l, err := mg.ldb(ctx)
	if err != nil {
		return err
	}
	c := mg.m.Coupons
	if c.Remaining == "" || n <= 0 {
		return nil
	}
	tpl, err := mg.templateOf(couponID)
	if err != nil {
		return err
	}
	return l.Exec("UPDATE "+c.Table+" SET "+c.Remaining+" = "+c.Remaining+" + ? WHERE "+c.ID+" = ?", n, tpl).Error
}

// Insert writes user coupons into the monolith's table, in one
// transaction, and sets their LegacyID.
func (mg *Migrator) Insert(ctx context.Context, ucs []*models.UserCoupon) error {
	l, err := mg.ldb(ctx)
	if err != nil {
		return err
	}
	return l.Transaction(func(tx *gorm.DB) error {
		return mg.insertRows(ctx, tx, ucs)
	})
}

// insertRows inserts one row a statement, for its id.
func (mg *Migrator) insertRows(ctx context.Context, tx *gorm.DB, ucs []*models.UserCoupon) error {
	u := mg.m.UserCoupons
	cols := []string{u.UserID, u.CouponID, u.Status, u.CreatedAt}
	for _, c := range []string{u.OrderID, u.UsedAt, u.ValidFrom, u.ValidUntil} {
		if c != "" {
			cols = append(cols, c)
		}
	}
	q := "INSERT INTO " + u.Table + " (" + strings.Join(cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(cols)-1) + ")"
	conn := tx.Statement.ConnPool
	for _, uc := range ucs {
		args, err := mg.rowValues(uc)
		if err != nil {
			return err
		}
		res, err := conn.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		uc.LegacyID = &id
	}
	return nil
}

// rowValues are the values insertRows writes of a user coupon, in its
// column order.
func (mg *Migrator) rowValues(uc *models.UserCoupon) ([]any, error) {
	u := mg.m.UserCoupons
	lu, err := mg.legacyUser(uc.UserID)
	if err != nil {
		return nil, err
	}
	tpl, err := mg.templateOf(uc.CouponID)
	if err != nil {
		return nil, err
	}
	st, ok := mg.legacyValue(uc.Status)
	if !ok {
		return nil, models.Errorf(models.CodeNotUsable, "the monolith's table has no status for %s (userCoupons.statusValues)", uc.Status)
	}
	args := []any{lu, tpl, st, mg.legacyTimeValue(uc.IssuedAt)}
	if u.OrderID != "" {
		args = append(args, mg.orderValue(uc.OrderID))
	}
	if u.UsedAt != "" {
		args = append(args, mg.optTime(uc.UsedAt))
	}
	if u.ValidFrom != "" {
		args = append(args, mg.legacyTimeValue(uc.ValidFrom), mg.legacyTimeValue(uc.ValidUntil))
	}
	return args, nil
}

func (mg *Migrator) orderValue(o *string) any {
	if o == nil {
		return nil
	}
	return *o
}

func (mg *Migrator) optTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return mg.legacyTimeValue(*t)
}

// Get reads a row of the monolith's table as a user coupon. Returns
// NOT_FOUND.
func (mg *Migrator) Get(ctx context.Context, userID string, legacyID int64) (*models.UserCoupon, error) {
	lu, err := mg.legacyUser(userID)
	if err != nil {
		return nil, err
	}
	u := mg.m.UserCoupons
	ucs, err := mg.rows(ctx, "WHERE "+u.ID+" = ? AND "+u.UserID+" = ?", legacyID, lu)
	if err != nil {
		return nil, err
	}
	if len(ucs) == 0 {
		return nil, models.Errorf(models.CodeNotFound, "user coupon %q not found", models.LegacyUserCouponID(userID, legacyID))
	}
	return &ucs[0], nil
}

// ByOrder reads the user's row an order holds (LOCKED or USED), or nil.
func (mg *Migrator) ByOrder(ctx context.Context, userID, orderID string) (*models.UserCoupon, error) {
	u := mg.m.UserCoupons
	if u.OrderID == "" {
		return nil, nil
	}
	lu, err := mg.legacyUser(userID)
	if err != nil {
		return nil, nil
	}
	ucs, err := mg.rows(ctx, "WHERE "+u.UserID+" = ? AND "+u.OrderID+" = ? ORDER BY "+u.ID+" DESC LIMIT 5", lu, orderID)
	if err != nil {
		return nil, err
	}
	for i := range ucs {
		if st := ucs[i].Status; st == models.UserCouponLocked || st == models.UserCouponUsed {
			return &ucs[i], nil
		}
	}
	return nil, nil
}

// List reads a user's rows of the monolith's table (at most 1000, newest
// first).
func (mg *Migrator) List(ctx context.Context, userID string) ([]models.UserCoupon, error) {
	lu, err := mg.legacyUser(userID)
	if err != nil {
		return nil, nil // not a user of the monolith: nothing there
	}
	u := mg.m.UserCoupons
	return mg.rows(ctx, "WHERE "+u.UserID+" = ? ORDER BY "+u.ID+" DESC LIMIT 1000", lu)
}

// Move changes a row's status in the monolith's table when cond holds.
func (mg *Migrator) Move(ctx context.Context, uc *models.UserCoupon, cond Cond, to models.UserCouponStatus,
	orderID *string, usedAt *time.Time) (bool, error) {
	l, err := mg.ldb(ctx)
	if err != nil {
		return false, err
	}
	if uc.LegacyID == nil {
		return false, fmt.Errorf("legacy: user coupon %s has no row in the monolith's table", uc.PublicID())
	}
	lu, err := mg.legacyUser(uc.UserID)
	if err != nil {
		return false, err
	}
	val, ok := mg.legacyValue(to)
	if !ok {
		return false, models.Errorf(models.CodeNotUsable, "the monolith's table has no status for %s: do it once coupond is written first (DUAL_WRITE_NEW_READ)", to)
	}
	u := mg.m.UserCoupons
	set := []string{u.Status + " = ?"}
	args := []any{val}
	if u.OrderID != "" {
		set = append(set, u.OrderID+" = ?")
		args = append(args, mg.orderValue(orderID))
	}
	if u.UsedAt != "" {
		set = append(set, u.UsedAt+" = ?")
		args = append(args, mg.optTime(usedAt))
	}
	var or []string
	var from []string
	for _, st := range cond.Statuses {
		from = append(from, mg.legacyValues(st)...)
	}
	if len(from) > 0 {
		or = append(or, u.Status+" IN ?")
		args2 := append(args, *uc.LegacyID, lu, from)
		args = args2
	} else {
		args = append(args, *uc.LegacyID, lu)
	}
	if cond.Status != "" {
		held := mg.legacyValues(cond.Status)
		if len(held) > 0 && u.OrderID != "" {
			or = append(or, "("+u.Status+" IN ? AND "+u.OrderID+" = ?)")
			args = append(args, held, cond.Order)
		}
	}
	if len(or) == 0 {
		return false, nil
	}
	q := "UPDATE " + u.Table + " SET " + strings.Join(set, ", ") + " WHERE " + u.ID + " = ? AND " + u.UserID + " = ? AND (" + strings.Join(or, " OR ") + ")"
	res := l.Exec(q, args...)
	if res.Error != nil {
		return false, res.Error
	}
	return res.RowsAffected == 1, nil
}

// Cond is the condition of a Move: the row's status is one of Statuses,
// or it is Status and held by Order.
type Cond struct {
	Statuses []models.UserCouponStatus
	Status   models.UserCouponStatus
	Order    string
}

// condAny is a Cond every status meets.
func condAny() Cond {
	return Cond{Statuses: []models.UserCouponStatus{models.UserCouponUnused, models.UserCouponLocked,
		models.UserCouponUsed, models.UserCouponExpired, models.UserCouponRevoked}}
}
