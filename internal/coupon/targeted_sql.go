package coupon

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// Targeted issuance writes its rows with hand-built multi-row INSERTs: gorm's
// Create reflects over every field of every row, which on a small machine
// shared with the database costs more than the statement. The column lists
// below are the one place that knows how a row maps to columns; a test holds
// them to the gorm schemas of models.UserCoupon and models.CouponEvent, so a
// field added to a model fails that test until it is added here.

// UserCouponInsertColumns are the columns of a user coupon row, every one
// but the auto-increment id (those scanUserCoupons reads, in its order), as
// AppendUserCouponValues gives the values.
var UserCouponInsertColumns = strings.Split(strings.TrimPrefix(userCouponColumns, "id, "), ", ")

func AppendUserCouponValues(args []any, r *models.UserCoupon) []any {
	return append(args,
		r.UserID, r.CouponID, r.Seq, r.RequestID, string(r.Status), string(r.Channel), r.Currency,
		string(r.Discount.Kind), r.Discount.AmountOff, r.Discount.PercentOff, r.Discount.MaxDiscount, r.Discount.MinOrderAmount,
		string(r.Scope.Kind), r.Scope.ProductIDs, r.Scope.CategoryIDs,
		r.ValidFrom, r.ValidUntil, r.IssuedAt,
		r.OrderID, r.LastOrderID, r.HoldUntil, r.UsedAt, r.DiscountApplied, r.UpdatedAt, r.LegacyID,
	)
}

// couponEventInsertColumns are the columns of an outbox event, every one but the
// auto-increment id, in the order appendCouponEventValues gives the values.
var couponEventInsertColumns = []string{
	"user_id", "coupon_id", "user_coupon_id", "kind", "channel", "amount", "order_amount", "detail", "at",
}

func appendCouponEventValues(args []any, e *models.CouponEvent) []any {
	return append(args, e.UserID, e.CouponID, e.UserCouponID, e.Kind, string(e.Channel), e.Amount, e.OrderAmount, e.Detail, e.At)
}

// Bound parameters per statement: MySQL's prepared statements take at most
// 65535, SQLite at most 32766 (SQLITE_MAX_VARIABLE_NUMBER since 3.32).
// coupond interpolates parameters on MySQL, but a statement that would not
// also run prepared is one a configuration change could break.
const (
	maxParamsMySQL  = 65535
	maxParamsSQLite = 32766
)

// rowsPerStatement is how many rows of cols columns one statement may carry
// on dialect d, at most want.
func rowsPerStatement(d store.Dialect, cols, want int) int {
	limit := maxParamsMySQL
	if d == store.SQLite {
		limit = maxParamsSQLite
	}
	return max(1, min(want, limit/cols))
}

// writeInsert writes "<verb> INTO table (cols) VALUES (?, ...), ..." for
// rows rows.
func writeInsert(b *strings.Builder, verb, table string, cols []string, rows int) {
	b.WriteString(verb)
	b.WriteString(" INTO ")
	b.WriteString(table)
	b.WriteString(" (")
	b.WriteString(strings.Join(cols, ", "))
	b.WriteString(") VALUES ")
	tuple := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	b.Grow(rows * (len(tuple) + 2))
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
	}
}

// insertOrIgnore is a multi-row insert of rows into table that skips the
// rows whose (user_id, request_id) or (user_id, coupon_id, seq) is taken.
// With returning it ends in "RETURNING id, user_id", which both MariaDB
// (10.5+) and SQLite (3.35+) answer with the rows actually inserted.
//
// On MySQL that is INSERT IGNORE when returning (MariaDB's RETURNING also
// returns the rows an ON DUPLICATE KEY UPDATE touched, so it cannot tell
// them from new ones), else ON DUPLICATE KEY UPDATE id = id. IGNORE also
// turns a value too long for its column into a warning; none can be here:
// user ids are checked to fit (models.ValidUserID), request ids are
// "job:{id}:{user}" within VARCHAR(128), and the rest is copied from the
// stored coupon, whose columns have the same types.
func insertOrIgnore(d store.Dialect, table string, rows []*models.UserCoupon, returning bool) (string, []any) {
	var b strings.Builder
	verb := "INSERT"
	if d == store.MySQL && returning {
		verb = "INSERT IGNORE"
	}
	writeInsert(&b, verb, table, UserCouponInsertColumns, len(rows))
	switch {
	case d == store.SQLite:
		b.WriteString(" ON CONFLICT DO NOTHING")
	case !returning:
		b.WriteString(" ON DUPLICATE KEY UPDATE id = id")
	}
	if returning {
		b.WriteString(" RETURNING id, user_id")
	}
	args := make([]any, 0, len(rows)*len(UserCouponInsertColumns))
	for _, r := range rows {
		args = AppendUserCouponValues(args, r)
	}
	return b.String(), args
}

// insertEvents writes events into table, as many per statement as the
// dialect's parameter limit allows.
func insertEvents(ctx context.Context, conn gorm.ConnPool, d store.Dialect, table string, events []*models.CouponEvent) error {
	per := rowsPerStatement(d, len(couponEventInsertColumns), len(events))
	var b strings.Builder
	args := make([]any, 0, min(per, len(events))*len(couponEventInsertColumns))
	for start := 0; start < len(events); start += per {
		part := events[start:min(start+per, len(events))]
		b.Reset()
		args = args[:0]
		writeInsert(&b, "INSERT", table, couponEventInsertColumns, len(part))
		for _, e := range part {
			args = appendCouponEventValues(args, e)
		}
		if _, err := conn.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// fresh is a row an insert wrote.
type fresh struct {
	ID     uint64
	UserID string
}

// insertReturning runs an insertOrIgnore with RETURNING and reads the rows
// it wrote.
func insertReturning(ctx context.Context, conn gorm.ConnPool, d store.Dialect, table string, rows []*models.UserCoupon) ([]fresh, error) {
	q, args := insertOrIgnore(d, table, rows, true)
	res, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	out := make([]fresh, 0, len(rows))
	for res.Next() {
		var f fresh
		if err := res.Scan(&f.ID, &f.UserID); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, res.Err()
}

// insertReadBack is the way for servers without INSERT ... RETURNING
// (MySQL, MariaDB before 10.5): insert-or-ignore, then find the rows the
// statement wrote by their users, request ids, coupon and issue time
// (issuedAt, to the millisecond, is this batch's) and check that as many
// were found as the insert reported.
func insertReadBack(ctx context.Context, conn gorm.ConnPool, d store.Dialect, table string, rows []*models.UserCoupon, issuedAt time.Time) ([]fresh, error) {
	q, args := insertOrIgnore(d, table, rows, false)
	res, err := conn.ExecContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return nil, err
	}
	// user_id first: the (user_id, request_id) index finds the rows
	// without scanning a table that grows with every batch.
	var b strings.Builder
	b.WriteString("SELECT id, user_id FROM " + table + " WHERE user_id IN (?" + strings.Repeat(", ?", len(rows)-1) +
		") AND request_id IN (?" + strings.Repeat(", ?", len(rows)-1) + ") AND coupon_id = ? AND issued_at = ?")
	args = args[:0]
	for _, r := range rows {
		args = append(args, r.UserID)
	}
	for _, r := range rows {
		args = append(args, r.RequestID)
	}
	args = append(args, rows[0].CouponID, issuedAt)
	found, err := conn.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return nil, err
	}
	defer found.Close()
	out := make([]fresh, 0, n)
	for found.Next() {
		var f fresh
		if err := found.Scan(&f.ID, &f.UserID); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	if err := found.Err(); err != nil {
		return nil, err
	}
	// ON DUPLICATE KEY UPDATE id = id reports 0 for a row it left alone,
	// so RowsAffected counts the rows written (SQLite: changes()).
	if int64(len(out)) != n {
		// Never count stock on a guess: undo the statement instead.
		return nil, fmt.Errorf("wrote %d rows but found %d by their issue time", n, len(out))
	}
	return out, nil
}

// forceReadBack makes every targeted insert take the read-back way, as on a
// server without RETURNING; for tests of that way.
var forceReadBack atomic.Bool

type shardKey struct {
	store *store.Store
	db    int
}

// returningOn remembers, per shard database, whether it answers
// INSERT ... RETURNING.
var returningOn sync.Map // shardKey -> bool

// canReturn reports whether shard database route.DB of s's store takes
// INSERT ... RETURNING: MariaDB 10.5 and later, SQLite 3.35 and later (the
// embedded engine always is). MySQL (8.x included) has no RETURNING and
// takes the read-back way. Asked once per database; a failed question is
// asked again next time.
func (s *Service) canReturn(ctx context.Context, db *gorm.DB, route sharding.Route) bool {
	if forceReadBack.Load() {
		return false
	}
	key := shardKey{s.store, route.DB}
	if v, ok := returningOn.Load(key); ok {
		return v.(bool)
	}
	q := "SELECT VERSION()"
	if s.store.Dialect == store.SQLite {
		q = "SELECT sqlite_version()"
	}
	var version string
	if err := db.WithContext(ctx).Raw(q).Row().Scan(&version); err != nil {
		return false
	}
	ok := SupportsReturning(s.store.Dialect, version)
	returningOn.Store(key, ok)
	return ok
}

// SupportsReturning tells from a server version string (SELECT VERSION(),
// or sqlite_version()) whether it has INSERT ... RETURNING.
func SupportsReturning(d store.Dialect, version string) bool {
	atLeast := func(v string, wantMajor, wantMinor int) bool {
		parts := strings.SplitN(v, ".", 3)
		if len(parts) < 2 {
			return false
		}
		ma, err1 := strconv.Atoi(parts[0])
		minor := parts[1]
		if i := strings.IndexFunc(minor, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
			minor = minor[:i]
		}
		mi, err2 := strconv.Atoi(minor)
		if err1 != nil || err2 != nil {
			return false
		}
		return ma > wantMajor || (ma == wantMajor && mi >= wantMinor)
	}
	switch d {
	case store.SQLite:
		return atLeast(version, 3, 35)
	case store.MySQL:
		// "10.11.6-MariaDB-0+deb12u1", or "5.5.5-10.11.6-MariaDB" through
		// some proxies; MySQL says "8.0.36".
		if !strings.Contains(version, "MariaDB") {
			return false
		}
		version = strings.TrimPrefix(version, "5.5.5-")
		return atLeast(version, 10, 5)
	}
	return false
}
