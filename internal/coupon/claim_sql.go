package coupon

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	mysqldrv "github.com/go-sql-driver/mysql"

	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// On MySQL a claim's shard write (START TRANSACTION, the user coupons, their
// ISSUED events, COMMIT) goes to the server as one multi-statement query:
// one round trip instead of four. On a small machine that the database
// shares with coupond, every round trip costs both processes a wake-up and
// two system calls, and the claim's latency is mostly such costs. Shard
// primaries are opened with multiStatements for it (store.openMySQL); every
// value is still bound, never spliced into the text.

// insertIssuedOneTrip writes ucs and their ISSUED events into route's tables
// in one transaction sent as one query, and sets the rows' ids. The events
// take their user_coupon_id from LAST_INSERT_ID(): the first id of the
// multi-row INSERT before them, the rows' ids being consecutive (a simple
// INSERT reserves its ids at once, and auto_increment_increment is 1, as
// gorm's batch Create also assumes).
//
// Returns the server's error when it refused a statement (nothing was
// written: the transaction is rolled back), or an error wrapping
// errUnknownOutcome when the connection failed after the query was sent.
func insertIssuedOneTrip(ctx context.Context, pool *sql.DB, route sharding.Route, ucs []*models.UserCoupon) error {
	q, args := issuedSQL(route, ucs)
	ids, _, err := execOneTrip(ctx, pool, q, args)
	if err != nil {
		return err
	}
	// Committed. Without the ids the rows cannot be returned, but they are
	// written: the caller must not give their stock back.
	if len(ids) > 0 && ids[0] > 0 {
		for i, uc := range ucs {
			uc.ID = uint64(ids[0]) + uint64(i)
		}
		return nil
	}
	return fmt.Errorf("%w: the insert of %d user coupons returned no id", errUnknownOutcome, len(ucs))
}

// execOneTrip runs stmts (statements joined by "; ") as one transaction
// sent as one query on a connection of pool, and returns each statement's
// first insert id and rows affected, in order. When the server refuses a
// statement it runs none after it: execOneTrip rolls the transaction back
// and returns the server's error (nothing was written). An error after the
// query was sent but before its answer came wraps errUnknownOutcome.
func execOneTrip(ctx context.Context, pool *sql.DB, stmts string, args []any) (ids, affected []int64, err error) {
	q := "START TRANSACTION; " + stmts + "; COMMIT"
	conn, err := pool.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	var res mysqldrv.Result
	var refused error
	err = conn.Raw(func(dc any) error {
		ex, ok := dc.(driver.ExecerContext)
		if !ok {
			return fmt.Errorf("coupon: %T cannot execute a query", dc)
		}
		named, err := namedValues(dc, args)
		if err != nil {
			return err
		}
		r, err := ex.ExecContext(ctx, q, named)
		var server *mysqldrv.MySQLError
		switch {
		case err == nil:
		case errors.Is(err, driver.ErrBadConn):
			return err // nothing was sent
		case errors.As(err, &server):
			refused = err
			if _, rerr := ex.ExecContext(context.WithoutCancel(ctx), "ROLLBACK", nil); rerr != nil {
				return driver.ErrBadConn // the pool drops the connection, and the server rolls back
			}
			return nil
		default:
			return fmt.Errorf("%w: %v", errUnknownOutcome, err)
		}
		if res, ok = r.(mysqldrv.Result); !ok {
			return fmt.Errorf("%w: %T tells no statement's outcome", errUnknownOutcome, r)
		}
		return nil
	})
	switch {
	case refused != nil:
		return nil, nil, refused
	case err != nil:
		return nil, nil, err
	}
	ids, affected = res.AllLastInsertIds(), res.AllRowsAffected()
	if len(ids) < 2 || len(affected) != len(ids) {
		return nil, nil, fmt.Errorf("%w: %d outcomes of a transaction", errUnknownOutcome, len(ids))
	}
	return ids[1 : len(ids)-1], affected[1 : len(affected)-1], nil
}

// issuedSQL is the statements insertIssuedOneTrip sends, and their values.
func issuedSQL(route sharding.Route, ucs []*models.UserCoupon) (string, []any) {
	var b strings.Builder
	writeInsert(&b, "INSERT", route.UserCouponTable(), UserCouponInsertColumns, len(ucs))
	b.WriteString("; INSERT INTO ")
	b.WriteString(route.CouponEventTable())
	b.WriteString(" (")
	b.WriteString(strings.Join(couponEventInsertColumns, ", "))
	b.WriteString(") VALUES ")
	idAt := slices.Index(couponEventInsertColumns, "user_coupon_id")
	args := make([]any, 0, len(ucs)*(len(UserCouponInsertColumns)+len(couponEventInsertColumns)))
	for _, uc := range ucs {
		args = AppendUserCouponValues(args, uc)
	}
	for i, uc := range ucs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range couponEventInsertColumns {
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
		ev := appendCouponEventValues(nil, issuedEvent(uc))
		args = append(args, slices.Delete(ev, idAt, idAt+1)...)
	}
	return b.String(), args
}

// issuedEvent is the outbox event of a user coupon's issue.
func issuedEvent(uc *models.UserCoupon) *models.CouponEvent {
	return &models.CouponEvent{UserID: uc.UserID, CouponID: uc.CouponID, UserCouponID: uc.ID, Kind: "ISSUED", Channel: uc.Channel, At: uc.IssuedAt}
}

// namedValues converts args as database/sql would before handing them to
// the driver connection dc.
func namedValues(dc any, args []any) ([]driver.NamedValue, error) {
	checker, _ := dc.(driver.NamedValueChecker)
	out := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv := driver.NamedValue{Ordinal: i + 1, Value: a}
		var err error
		if checker != nil {
			err = checker.CheckNamedValue(&nv)
		}
		if checker == nil || errors.Is(err, driver.ErrSkip) {
			nv.Value, err = driver.DefaultParameterConverter.ConvertValue(a)
		}
		if err != nil {
			return nil, fmt.Errorf("coupon: value %d: %w", i+1, err)
		}
		out[i] = nv
	}
	return out, nil
}
