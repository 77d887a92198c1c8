package coupon

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// The reads and conditional updates of user coupons in coupond's shard
// tables (user_coupon_MM, with coupon_event_MM for the outbox); the inserts
// are in usercoupon_insert.go. The statements are the same on MySQL and
// SQLite. db is a shard database bound to the caller's context and, for
// what decides, sent to its primary (onPrimary).

// findUserCoupons runs "SELECT <columns> FROM table WHERE ..." and scans the
// rows by hand: on the hot reads (qualifyCart, a user's coupons) gorm's
// reflective scan of these 26 columns cost more than the query.
func findUserCoupons(db *gorm.DB, table, where, tail string, args ...any) ([]models.UserCoupon, error) {
	rows, err := db.Raw("SELECT "+models.UserCouponSelect+" FROM "+table+" WHERE "+where+" "+tail, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []models.UserCoupon
	for rows.Next() {
		uc, err := models.ScanUserCoupon(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, uc)
	}
	return out, rows.Err()
}

// heldCounts reads, on the primary of db, how many the user holds of each
// coupon of coupons (nil entries skipped), and whether any of reqIDs
// already issued one (of any coupon). One hand-written query: it runs on
// every claim, and gorm's statement building would cost as much as the
// query itself.
func heldCounts(ctx context.Context, db *gorm.DB, table, userID string, coupons []*models.Coupon, reqIDs []string) (map[uint64]int, bool, error) {
	pool, err := db.DB()
	if err != nil {
		return nil, false, err
	}
	args := []any{userID}
	for _, c := range coupons {
		if c != nil {
			args = append(args, c.ID)
		}
	}
	nIDs := len(args) - 1
	for _, rid := range reqIDs {
		args = append(args, rid)
	}
	q := "SELECT coupon_id, request_id FROM " + table + " WHERE user_id = ? AND (coupon_id IN (?" + strings.Repeat(", ?", nIDs-1) +
		") OR request_id IN (?" + strings.Repeat(", ?", len(reqIDs)-1) + "))"
	rows, err := pool.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	mine := map[string]bool{}
	for _, rid := range reqIDs {
		mine[rid] = true
	}
	have := map[uint64]int{}
	replayed := false
	for rows.Next() {
		var couponID uint64
		var rid string
		if err := rows.Scan(&couponID, &rid); err != nil {
			return nil, false, err
		}
		replayed = replayed || mine[rid]
		have[couponID]++
	}
	return have, replayed, rows.Err()
}

// findRequest returns the user coupon of (user, requestId), or nil.
func findRequest(db *gorm.DB, table, userID, requestID string) (*models.UserCoupon, error) {
	var ucs []models.UserCoupon
	err := db.Table(table).Where("user_id = ? AND request_id = ?", userID, requestID).Limit(1).Find(&ucs).Error
	if err != nil || len(ucs) == 0 {
		return nil, err
	}
	return &ucs[0], nil
}

// findRequests returns the user coupons any of reqIDs issued.
func findRequests(db *gorm.DB, table, userID string, reqIDs []string) ([]models.UserCoupon, error) {
	var ucs []models.UserCoupon
	err := db.Table(table).Where("user_id = ? AND request_id IN ?", userID, reqIDs).Find(&ucs).Error
	return ucs, err
}

// findByID returns a user's coupon by its row id, or nil.
func findByID(db *gorm.DB, table, userID string, id uint64) (*models.UserCoupon, error) {
	ucs, err := findUserCoupons(db, table, "id = ? AND user_id = ?", "LIMIT 1", id, userID)
	if err != nil || len(ucs) == 0 {
		return nil, err
	}
	return &ucs[0], nil
}

// findByOrder returns the user's coupons that an order holds or last held,
// newest change first
// (the latest changed), or nil.
func findByOrder(db *gorm.DB, table, userID, orderID string) ([]*models.UserCoupon, error) {
	var ucs []*models.UserCoupon
	err := db.Table(table).Where("user_id = ? AND (order_id = ? OR last_order_id = ?)", userID, orderID, orderID).
		Order("updated_at DESC, id").Limit(maxOrderRows).Find(&ucs).Error
	return ucs, err
}

// maxOrderRows bounds the coupons one order is read with: more than any
// order may use (Options.MaxOrderCoupons is at most 20).
const maxOrderRows = 64

// findUsable returns the user's UNUSED coupons valid at now.
func findUsable(db *gorm.DB, table, userID string, now time.Time) ([]models.UserCoupon, error) {
	return findUserCoupons(db, table, "user_id = ? AND status = ? AND valid_from <= ? AND valid_until > ?", "ORDER BY id LIMIT 1000",
		userID, models.UserCouponUnused, now, now)
}

// countByCoupon returns how many of each coupon of ids the user holds.
func countByCoupon(db *gorm.DB, table, userID string, ids []uint64) (map[uint64]int, error) {
	var counts []struct {
		CouponID uint64
		N        int
	}
	if err := db.Table(table).Select("coupon_id, COUNT(*) AS n").
		Where("user_id = ? AND coupon_id IN ?", userID, ids).Group("coupon_id").Scan(&counts).Error; err != nil {
		return nil, err
	}
	have := map[uint64]int{}
	for _, c := range counts {
		have[c.CouponID] = c.N
	}
	return have, nil
}

// listPage reads one page of a user's coupons, newest first, optionally by
// effective status at now, and the total.
func listPage(db *gorm.DB, table, userID string, statuses []models.UserCouponStatus, first int, after string, now time.Time) (*UserCouponPage, error) {
	q := db.Table(table).Where("user_id = ?", userID)
	if len(statuses) > 0 {
		q = q.Where(statusFilter(db, statuses, now))
	}
	var p UserCouponPage
	if err := q.Session(&gorm.Session{}).Count(&p.TotalCount).Error; err != nil {
		return nil, models.Unavailable("coupon.UserCoupons", err)
	}
	if after != "" {
		id, err := models.DecodeCursor(after)
		if err != nil {
			return nil, err
		}
		q = q.Where("id < ?", id)
	}
	if err := q.Order("id DESC").Limit(first + 1).Find(&p.UserCoupons).Error; err != nil {
		return nil, models.Unavailable("coupon.UserCoupons", err)
	}
	if len(p.UserCoupons) > first {
		p.HasNext = true
		p.UserCoupons = p.UserCoupons[:first]
	}
	for _, uc := range p.UserCoupons {
		p.Cursors = append(p.Cursors, models.EncodeCursor(uc.ID))
	}
	return &p, nil
}

// statusFilter is the condition "the effective status is one of statuses
// at now": an UNUSED row past its validity reads as EXPIRED.
func statusFilter(db *gorm.DB, statuses []models.UserCouponStatus, now time.Time) *gorm.DB {
	cond := db.Session(&gorm.Session{NewDB: true})
	for i, st := range statuses {
		c := db.Session(&gorm.Session{NewDB: true})
		switch st {
		case models.UserCouponUnused:
			c = c.Where("status = ? AND valid_until > ?", st, now)
		case models.UserCouponExpired:
			c = c.Where("status = ? OR (status = ? AND valid_until <= ?)", st, models.UserCouponUnused, now)
		default:
			c = c.Where("status = ?", st)
		}
		if i == 0 {
			cond = cond.Where(c)
		} else {
			cond = cond.Or(c)
		}
	}
	return cond
}

// moveSQL is the condition and the column changes of m on row uc.
func moveSQL(uc *models.UserCoupon, m Move) (where string, args []any, set map[string]any) {
	at := m.At
	switch m.Kind {
	case MoveLock:
		return "status = ? AND valid_from <= ? AND valid_until > ?", []any{models.UserCouponUnused, at, at},
			map[string]any{"status": models.UserCouponLocked, "order_id": m.Order, "hold_until": m.Until, "updated_at": at}
	case MoveUse:
		return "(status = ? AND valid_from <= ? AND valid_until > ?) OR (status = ? AND order_id = ?)",
			[]any{models.UserCouponUnused, at, at, models.UserCouponLocked, m.Order},
			map[string]any{"status": models.UserCouponUsed, "order_id": m.Order, "used_at": at, "hold_until": nil,
				"discount_applied": m.Discount.String(), "updated_at": at}
	case MoveRelease:
		return "status = ? AND order_id = ?", []any{models.UserCouponLocked, m.Order},
			map[string]any{"status": models.UserCouponUnused, "order_id": nil, "last_order_id": m.Order, "hold_until": nil, "updated_at": at}
	case MoveRefund:
		return "status = ? AND order_id = ?", []any{models.UserCouponUsed, m.Order},
			map[string]any{"status": m.To, "order_id": nil, "last_order_id": m.Order, "used_at": nil, "discount_applied": nil, "updated_at": at}
	case MoveRevoke:
		return "status IN ?", []any{[]models.UserCouponStatus{models.UserCouponUnused, models.UserCouponLocked}},
			map[string]any{"status": models.UserCouponRevoked, "hold_until": nil, "updated_at": at}
	case MoveExpire:
		where, args := sweepWhere(MoveExpire, at)
		return where, args, map[string]any{"status": models.UserCouponExpired, "updated_at": at}
	default: // MoveReleaseHold
		where, args := sweepWhere(MoveReleaseHold, at)
		return where, args, map[string]any{"status": models.UserCouponUnused, "order_id": nil, "last_order_id": deref(uc.OrderID),
			"hold_until": nil, "updated_at": at}
	}
}

// sweepWhere is the condition of the rows a sweep changes at now.
func sweepWhere(kind MoveKind, now time.Time) (string, []any) {
	if kind == MoveExpire {
		return "status = ? AND valid_until <= ?", []any{models.UserCouponUnused, now}
	}
	return "status = ? AND hold_until <= ?", []any{models.UserCouponLocked, now}
}

// findSweepable reads up to limit rows of a table that a sweep changes at
// now.
func findSweepable(db *gorm.DB, table string, kind MoveKind, now time.Time, limit int) ([]models.UserCoupon, error) {
	where, args := sweepWhere(kind, now)
	var ucs []models.UserCoupon
	err := db.Table(table).Where(where, args...).Limit(limit).Find(&ucs).Error
	return ucs, err
}

// moveAll makes ms[i] to ucs[i] (rows of one shard table) with events[i],
// in one transaction; ok is false, and nothing written, when the condition
// of one no longer held.
func moveAll(ctx context.Context, db *gorm.DB, d store.Dialect, route sharding.Route, ucs []*models.UserCoupon, ms []Move, events []*models.CouponEvent) (ok bool, err error) {
	for i, uc := range ucs {
		events[i].UserID, events[i].CouponID, events[i].UserCouponID, events[i].Kind, events[i].Channel = uc.UserID, uc.CouponID, uc.ID, ms[i].Kind.Event(), uc.Channel
	}
	updates := moveUpdates(route, ucs, ms)
	if d == store.MySQL {
		return moveAllMySQL(ctx, db, route, updates, events)
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		for _, u := range updates {
			res := u.build(tx)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected != u.rows {
				return errNoChange
			}
		}
		return tx.Table(route.CouponEventTable()).Create(events).Error
	})
	if errors.Is(err, errNoChange) {
		return false, nil
	}
	return err == nil, err
}

// rowsUpdate is one UPDATE of a moveAll and the rows it must change.
type rowsUpdate struct {
	build func(tx *gorm.DB) *gorm.DB
	rows  int64
}

// moveUpdates is moveAll's UPDATEs: one for all the rows when their moves
// differ in nothing but the discount (a stack's: the discounts go in a
// CASE), else one per row.
func moveUpdates(route sharding.Route, ucs []*models.UserCoupon, ms []Move) []rowsUpdate {
	one := func(i int) rowsUpdate {
		return rowsUpdate{rows: 1, build: func(tx *gorm.DB) *gorm.DB {
			where, args, set := moveSQL(ucs[i], ms[i])
			return tx.Table(route.UserCouponTable()).Where("id = ? AND user_id = ?", ucs[i].ID, ucs[i].UserID).Where(where, args...).Updates(set)
		}}
	}
	if len(ucs) == 1 || !sameMoves(ms) {
		out := make([]rowsUpdate, len(ucs))
		for i := range ucs {
			out[i] = one(i)
		}
		return out
	}
	return []rowsUpdate{{rows: int64(len(ucs)), build: func(tx *gorm.DB) *gorm.DB {
		ids := make([]uint64, len(ucs))
		for i, uc := range ucs {
			ids[i] = uc.ID
		}
		where, args, set := moveSQL(ucs[0], ms[0])
		if ms[0].Kind == MoveUse {
			var expr strings.Builder
			vals := make([]any, 0, 2*len(ucs))
			expr.WriteString("CASE id")
			for i, uc := range ucs {
				expr.WriteString(" WHEN ? THEN ?")
				vals = append(vals, uc.ID, ms[i].Discount.String())
			}
			expr.WriteString(" END")
			set["discount_applied"] = gorm.Expr(expr.String(), vals...)
		}
		// By primary key only: with user_id beside the ids, MariaDB may
		// take a (user_id, ...) index for the range, and its next-key
		// locks past the user's entries would make the next user's use
		// wait. The ids were read as the user's, and a row's user never
		// changes.
		return tx.Table(route.UserCouponTable()).Where("id IN ?", ids).Where(where, args...).Updates(set)
	}}}
}

// sameMoves reports whether the moves make one change (but for a use's
// discount) that does not depend on the row: one UPDATE may make them all.
func sameMoves(ms []Move) bool {
	a := ms[0]
	if a.Kind == MoveReleaseHold {
		return false
	}
	for _, b := range ms[1:] {
		if b.Kind != a.Kind || b.Order != a.Order || !b.At.Equal(a.At) || !b.Until.Equal(a.Until) || b.To != a.To {
			return false
		}
	}
	return true
}

// moveAllMySQL makes moveAll's changes in two round trips: the updates in
// one query (after START TRANSACTION), then, when each changed all its
// rows, the events and COMMIT in another; else ROLLBACK. The statements
// are gorm's own, built without running (DryRun).
func moveAllMySQL(ctx context.Context, db *gorm.DB, route sharding.Route, updates []rowsUpdate, events []*models.CouponEvent) (bool, error) {
	pool, err := db.DB()
	if err != nil {
		return false, err
	}
	dry := db.Session(&gorm.Session{DryRun: true, NewDB: true})
	stmts := make([]string, len(updates))
	var args []any
	for i, u := range updates {
		st := u.build(dry).Statement
		stmts[i], args = st.SQL.String(), append(args, st.Vars...)
	}
	ins := dry.Table(route.CouponEventTable()).Create(events).Statement
	return store.ExecThen(ctx, pool, strings.Join(stmts, "; "), args, func(affected []int64) (string, []any) {
		if len(affected) != len(updates) {
			return "", nil
		}
		for i, u := range updates {
			if affected[i] != u.rows {
				return "", nil
			}
		}
		return ins.SQL.String(), ins.Vars
	})
}

var errNoChange = errors.New("no row matched")

// countIssued counts a coupon's user coupons in one shard table.
func countIssued(db *gorm.DB, table string, couponID uint64) (int64, error) {
	var n int64
	err := db.Table(table).Where("coupon_id = ?", couponID).Count(&n).Error
	return n, err
}

// heldByUsers reads, for a targeted batch, the request id of every user
// coupon of couponID that users hold in one table.
func heldByUsers(db *gorm.DB, table string, users []string, couponID uint64) ([]heldRow, error) {
	var held []heldRow
	err := db.Table(table).Select("user_id, request_id").Where("user_id IN ? AND coupon_id = ?", users, couponID).Scan(&held).Error
	return held, err
}

type heldRow struct {
	UserID    string
	RequestID string
}

// tagsOf reads the stored tags of users from their shard's tag table.
func tagsOf(db *gorm.DB, table string, users []string) (map[string][]string, error) {
	var rows []models.UserTag
	if err := db.Table(table).Where("user_id IN ?", users).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.UserID] = append(out[r.UserID], r.Tag)
	}
	return out, nil
}
