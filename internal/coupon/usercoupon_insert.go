package coupon

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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

// The inserts of user coupons into coupond's shard tables, each with the
// ISSUED outbox events of the rows it wrote: a claim's rows (insertIssued:
// one round trip on MySQL, a transaction on SQLite) and a targeted batch's
// (insertBulk: insert-or-ignore, with RETURNING where the server has it).
// The statements are hand-built from models.UserCouponColumns and
// models.CouponEventColumns: gorm's Create reflects over every field of
// every row, which on a small machine shared with the database costs more
// than the statement.

// insertIssued writes a claim's user coupons and their ISSUED events, all
// or none, and sets their ids. A failure of COMMIT itself is returned
// wrapping ErrUnknownOutcome: the rows may or may not be there, so the
// caller must not give the stock back (the reconciler will, if they are
// not).
func insertIssued(ctx context.Context, db *gorm.DB, d store.Dialect, route sharding.Route, ucs []*models.UserCoupon) error {
	return insertIssuedParts(ctx, db, d, []issuedPart{{route, ucs}})
}

// issuedPart is the rows of one shard table of an insertIssuedParts.
type issuedPart struct {
	route sharding.Route
	ucs   []*models.UserCoupon
}

// insertIssuedParts is insertIssued for the rows of several tables of one
// shard database (claims in flight together, see insertGroup): one
// transaction in all.
func insertIssuedParts(ctx context.Context, db *gorm.DB, d store.Dialect, parts []issuedPart) error {
	if d == store.MySQL {
		pool, err := db.DB()
		if err != nil {
			return err
		}
		return insertIssuedMySQL(ctx, pool, parts)
	}
	return insertIssuedSQLite(db, parts)
}

// insertIssuedSQLite writes the parts' rows and their events in one
// transaction.
func insertIssuedSQLite(db *gorm.DB, parts []issuedPart) error {
	tx := db.Begin()
	if tx.Error != nil {
		return tx.Error
	}
	for _, p := range parts {
		if err := tx.Table(p.route.UserCouponTable()).Create(p.ucs).Error; err != nil {
			tx.Rollback()
			return err
		}
		events := make([]*models.CouponEvent, len(p.ucs))
		for i, uc := range p.ucs {
			events[i] = issuedEvent(uc)
		}
		if err := tx.Table(p.route.CouponEventTable()).Create(events).Error; err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := tx.Commit().Error; err != nil {
		return fmt.Errorf("%w: %v", ErrUnknownOutcome, err)
	}
	return nil
}

// insertIssuedMySQL writes the parts' rows and their events in one
// transaction sent as one query (START TRANSACTION, per table the user
// coupons and their events, COMMIT: one round trip instead of two and two
// per table; see store.ExecOneTrip), and sets the rows' ids. The events take
// their user_coupon_id from LAST_INSERT_ID(): the first id of the
// multi-row INSERT before them, the rows' ids being consecutive (a simple
// INSERT reserves its ids at once, and auto_increment_increment is 1, as
// gorm's batch Create also assumes).
//
// Returns the server's error when it refused a statement (nothing was
// written), or an error wrapping ErrUnknownOutcome when the connection
// failed after the query was sent.
func insertIssuedMySQL(ctx context.Context, pool *sql.DB, parts []issuedPart) error {
	stmts := make([]string, len(parts))
	var args []any
	for i, p := range parts {
		stmts[i], args = issuedSQL(p.route, p.ucs, args)
	}
	ids, _, err := store.ExecOneTrip(ctx, pool, strings.Join(stmts, "; "), args)
	if err != nil {
		return err
	}
	// Committed. Without the ids the rows cannot be returned, but they are
	// written: the caller must not give their stock back.
	if len(ids) != 2*len(parts) {
		return fmt.Errorf("%w: %d outcomes of %d inserts", ErrUnknownOutcome, len(ids), 2*len(parts))
	}
	for i, p := range parts {
		first := ids[2*i]
		if first <= 0 {
			return fmt.Errorf("%w: the insert of %d user coupons returned no id", ErrUnknownOutcome, len(p.ucs))
		}
		for j, uc := range p.ucs {
			uc.ID = uint64(first) + uint64(j)
		}
	}
	return nil
}

// issuedSQL is the two statements insertIssuedMySQL sends for one table;
// it appends their values to args.
func issuedSQL(route sharding.Route, ucs []*models.UserCoupon, args []any) (string, []any) {
	cols := models.CouponEventColumns
	var b strings.Builder
	writeInsert(&b, "INSERT", route.UserCouponTable(), models.UserCouponColumns, len(ucs))
	b.WriteString("; INSERT INTO ")
	b.WriteString(route.CouponEventTable())
	b.WriteString(" (")
	b.WriteString(strings.Join(cols, ", "))
	b.WriteString(") VALUES ")
	idAt := slices.Index(cols, "user_coupon_id")
	args = slices.Grow(args, len(ucs)*(len(models.UserCouponColumns)+len(cols)))
	for _, uc := range ucs {
		args = uc.AppendValues(args)
	}
	for i, uc := range ucs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range cols {
			if j > 0 {
				b.WriteString(", ")
			}
			if j == idAt {
				b.WriteString("LAST_INSERT_ID() + ")
				b.WriteString(strconv.Itoa(i))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
		ev := issuedEvent(uc).AppendValues(nil)
		args = append(args, slices.Delete(ev, idAt, idAt+1)...)
	}
	return b.String(), args
}

// issuedEvent is the outbox event of a user coupon's issue.
func issuedEvent(uc *models.UserCoupon) *models.CouponEvent {
	return &models.CouponEvent{UserID: uc.UserID, CouponID: uc.CouponID, UserCouponID: uc.ID, Kind: models.EventIssued, Channel: uc.Channel, At: uc.IssuedAt}
}

// Bound parameters per statement: MySQL's prepared statements take at most
// 65535, SQLite at most 32766 (SQLITE_MAX_VARIABLE_NUMBER since 3.32).
// coupond interpolates parameters on MySQL, but a statement that would not
// also run prepared is one a configuration change could break.
const (
	maxParamsMySQL  = 65535
	maxParamsSQLite = 32766
)

// RowsPerStatement is how many rows of cols columns one statement may carry
// on dialect d, at most want.
func RowsPerStatement(d store.Dialect, cols, want int) int {
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

// insertBulk writes a targeted batch's rows with insert-or-ignore and the
// ISSUED events of the rows it wrote, in one transaction, and returns their
// users. With returning the insert names the rows it wrote (INSERT ...
// RETURNING); without, they are read back by their issue time.
func insertBulk(db *gorm.DB, d store.Dialect, route sharding.Route, rows []*models.UserCoupon, issuedAt time.Time, returning bool) ([]string, error) {
	var written []string
	err := db.Transaction(func(tx *gorm.DB) error {
		// The transaction's connection, straight: no gorm statement
		// building over thousands of parameters.
		ctx, conn := tx.Statement.Context, tx.Statement.ConnPool
		var got []fresh
		var err error
		if returning {
			got, err = insertReturning(ctx, conn, d, route.UserCouponTable(), rows)
		} else {
			got, err = insertReadBack(ctx, conn, d, route.UserCouponTable(), rows, issuedAt)
		}
		if err != nil || len(got) == 0 {
			return err
		}
		written = make([]string, len(got))
		events := make([]*models.CouponEvent, len(got))
		for i, f := range got {
			written[i] = f.UserID
			events[i] = &models.CouponEvent{UserID: f.UserID, CouponID: rows[0].CouponID, UserCouponID: f.ID, Kind: models.EventIssued,
				Channel: models.ChannelTargeted, At: issuedAt}
		}
		return InsertEvents(ctx, conn, d, route.CouponEventTable(), events)
	})
	if err != nil {
		return nil, err
	}
	return written, nil
}

// InsertOrIgnore is a multi-row insert of rows into table that skips the
// rows whose (user_id, request_id) or (user_id, coupon_id, seq) is taken,
// and its values. With returning columns it ends in "RETURNING <columns>",
// which both MariaDB (10.5+) and SQLite (3.35+) answer with the rows
// actually inserted (see CanReturn).
//
// On MySQL that is INSERT IGNORE when returning (MariaDB's RETURNING also
// returns the rows an ON DUPLICATE KEY UPDATE touched, so it cannot tell
// them from new ones), else ON DUPLICATE KEY UPDATE id = id; on SQLite, ON
// CONFLICT DO NOTHING. IGNORE also turns a value too long for its column
// into a warning; none can be here: user ids are checked to fit
// (models.ValidUserID), request ids are made by coupond within
// VARCHAR(128), and the rest is copied from the stored coupon, whose
// columns have the same types.
func InsertOrIgnore(d store.Dialect, table string, rows []*models.UserCoupon, returning ...string) (string, []any) {
	var b strings.Builder
	verb := "INSERT"
	if d == store.MySQL && len(returning) > 0 {
		verb = "INSERT IGNORE"
	}
	writeInsert(&b, verb, table, models.UserCouponColumns, len(rows))
	switch {
	case d == store.SQLite:
		b.WriteString(" ON CONFLICT DO NOTHING")
	case len(returning) == 0:
		b.WriteString(" ON DUPLICATE KEY UPDATE id = id")
	}
	if len(returning) > 0 {
		b.WriteString(" RETURNING " + strings.Join(returning, ", "))
	}
	args := make([]any, 0, len(rows)*len(models.UserCouponColumns))
	for _, r := range rows {
		args = r.AppendValues(args)
	}
	return b.String(), args
}

// InsertEvents writes outbox events into table on conn (a shard
// transaction's), as many per statement as the dialect's parameter limit
// allows.
func InsertEvents(ctx context.Context, conn gorm.ConnPool, d store.Dialect, table string, events []*models.CouponEvent) error {
	cols := models.CouponEventColumns
	per := RowsPerStatement(d, len(cols), len(events))
	var b strings.Builder
	args := make([]any, 0, min(per, len(events))*len(cols))
	for start := 0; start < len(events); start += per {
		part := events[start:min(start+per, len(events))]
		b.Reset()
		args = args[:0]
		writeInsert(&b, "INSERT", table, cols, len(part))
		for _, e := range part {
			args = e.AppendValues(args)
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

// insertReturning runs an InsertOrIgnore with RETURNING and reads the rows
// it wrote.
func insertReturning(ctx context.Context, conn gorm.ConnPool, d store.Dialect, table string, rows []*models.UserCoupon) ([]fresh, error) {
	q, args := InsertOrIgnore(d, table, rows, "id", "user_id")
	res, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanFresh(res, len(rows))
}

// insertReadBack is the way for servers without INSERT ... RETURNING
// (MySQL, MariaDB before 10.5): insert-or-ignore, then find the rows the
// statement wrote by their users, request ids, coupon and issue time
// (issuedAt, to the millisecond, is this batch's) and check that as many
// were found as the insert reported.
func insertReadBack(ctx context.Context, conn gorm.ConnPool, d store.Dialect, table string, rows []*models.UserCoupon, issuedAt time.Time) ([]fresh, error) {
	q, args := InsertOrIgnore(d, table, rows)
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
	q = "SELECT id, user_id FROM " + table + " WHERE user_id IN (?" + strings.Repeat(", ?", len(rows)-1) +
		") AND request_id IN (?" + strings.Repeat(", ?", len(rows)-1) + ") AND coupon_id = ? AND issued_at = ?"
	args = args[:0]
	for _, r := range rows {
		args = append(args, r.UserID)
	}
	for _, r := range rows {
		args = append(args, r.RequestID)
	}
	args = append(args, rows[0].CouponID, issuedAt)
	found, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out, err := scanFresh(found, int(n))
	if err != nil {
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

// scanFresh reads (id, user_id) rows and closes them.
func scanFresh(rows *sql.Rows, want int) ([]fresh, error) {
	defer rows.Close()
	out := make([]fresh, 0, want)
	for rows.Next() {
		var f fresh
		if err := rows.Scan(&f.ID, &f.UserID); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
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

// CanReturn reports whether shard database route.DB of st takes INSERT ...
// RETURNING: MariaDB 10.5 and later, SQLite 3.35 and later (the embedded
// engine always is). MySQL (8.x included) has no RETURNING and takes the
// read-back way. Asked once per database; a failed question is asked again
// next time.
func CanReturn(ctx context.Context, st *store.Store, db *gorm.DB, route sharding.Route) bool {
	if forceReadBack.Load() {
		return false
	}
	key := shardKey{st, route.DB}
	if v, ok := returningOn.Load(key); ok {
		return v.(bool)
	}
	q := "SELECT VERSION()"
	if st.Dialect == store.SQLite {
		q = "SELECT sqlite_version()"
	}
	var version string
	if err := db.WithContext(ctx).Raw(q).Row().Scan(&version); err != nil {
		return false
	}
	ok := SupportsReturning(st.Dialect, version)
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

// UserCouponInsertColumns is models.UserCouponColumns.
//
// Deprecated: use models.UserCouponColumns.
var UserCouponInsertColumns = models.UserCouponColumns
