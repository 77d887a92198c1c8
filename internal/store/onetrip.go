package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	mysqldrv "github.com/go-sql-driver/mysql"
)

// On MySQL a write of several statements (a claim's START TRANSACTION, user
// coupons, ISSUED events and COMMIT; a batch's first try at every coupon's
// stock) goes to the server as one multi-statement query: one round trip
// instead of one per statement. On a small machine that the database shares
// with coupond, every round trip costs both processes a wake-up and two
// system calls, and a claim's latency is mostly such costs. Primaries are
// opened with multiStatements for it (store.openMySQL); every value is
// still bound, never spliced into the text.

// ExecOneTrip runs stmts (statements joined by "; ") as one transaction
// sent as one query on a connection of pool, and returns each statement's
// first insert id and rows affected, in order. When the server refuses a
// statement it runs none after it: ExecOneTrip rolls the transaction back
// and returns the server's error (nothing was written). An error after the
// query was sent but before its answer came wraps ErrUnknownOutcome.
func ExecOneTrip(ctx context.Context, pool *sql.DB, stmts string, args []any) (ids, affected []int64, err error) {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	var res mysqldrv.Result
	var refused error
	err = conn.Raw(func(dc any) (err error) {
		res, refused, err = execRaw(ctx, dc, "START TRANSACTION; "+stmts+"; COMMIT", args)
		return err
	})
	switch {
	case refused != nil:
		return nil, nil, refused
	case err != nil:
		return nil, nil, err
	}
	ids, affected = res.AllLastInsertIds(), res.AllRowsAffected()
	if len(ids) < 2 || len(affected) != len(ids) {
		return nil, nil, fmt.Errorf("%w: %d outcomes of a transaction", ErrUnknownOutcome, len(ids))
	}
	return ids[1 : len(ids)-1], affected[1 : len(affected)-1], nil
}

// ExecThen runs a transaction in two round trips on a connection of pool:
// first (statements joined by "; ") after START TRANSACTION as one query;
// then, shown each of first's rows affected, next returns the rest, which
// go with COMMIT as a second query, or "" for a ROLLBACK (committed is
// false, nothing written). For writes that must be all or none on what
// their first statements found, in two round trips instead of one per
// statement. A statement the server refuses rolls everything back and its
// error is returned; an error after the second query was sent, before its
// answer, wraps ErrUnknownOutcome.
func ExecThen(ctx context.Context, pool *sql.DB, first string, args []any, next func(affected []int64) (string, []any)) (committed bool, err error) {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var refused error
	err = conn.Raw(func(dc any) (err error) {
		var res mysqldrv.Result
		res, refused, err = execRaw(ctx, dc, "START TRANSACTION; "+first, args)
		if err != nil || refused != nil {
			if err != nil && !errors.Is(err, driver.ErrBadConn) {
				err = fmt.Errorf("%w: %v", driver.ErrBadConn, err) // uncommitted: dropping the connection rolls it back
			}
			return err
		}
		affected := res.AllRowsAffected()
		if len(affected) < 1 {
			return fmt.Errorf("%w: no outcome of the first statements", driver.ErrBadConn)
		}
		rest, restArgs := next(affected[1:])
		if rest == "" {
			if _, rbRefused, err := execRaw(context.WithoutCancel(ctx), dc, "ROLLBACK", nil); err != nil || rbRefused != nil {
				return fmt.Errorf("%w: %v", driver.ErrBadConn, errors.Join(err, rbRefused))
			}
			return nil
		}
		if _, refused, err = execRaw(ctx, dc, rest+"; COMMIT", restArgs); err != nil {
			if !errors.Is(err, ErrUnknownOutcome) {
				err = fmt.Errorf("%w: %v", ErrUnknownOutcome, err)
			}
			return err
		}
		committed = refused == nil
		return nil
	})
	if refused != nil {
		return false, refused
	}
	return committed, err
}

// execRaw runs q with args on the driver connection dc and returns the
// outcome of each of its statements. A statement the server refused is
// returned as refused, once the transaction is rolled back (err is then
// driver.ErrBadConn if the ROLLBACK failed: the pool drops the connection
// and the server rolls back). An error before q was sent is returned as
// it is, and so is driver.ErrBadConn (nothing was sent); one after it was
// sent wraps ErrUnknownOutcome.
func execRaw(ctx context.Context, dc any, q string, args []any) (res mysqldrv.Result, refused, err error) {
	ex, ok := dc.(driver.ExecerContext)
	if !ok {
		return nil, nil, fmt.Errorf("store: %T cannot execute a query", dc)
	}
	named, err := namedValues(dc, args)
	if err != nil {
		return nil, nil, err
	}
	r, err := ex.ExecContext(ctx, q, named)
	var server *mysqldrv.MySQLError
	switch {
	case err == nil:
	case errors.Is(err, driver.ErrBadConn):
		return nil, nil, err
	case errors.As(err, &server):
		if _, rerr := ex.ExecContext(context.WithoutCancel(ctx), "ROLLBACK", nil); rerr != nil {
			return nil, err, driver.ErrBadConn
		}
		return nil, err, nil
	default:
		return nil, nil, fmt.Errorf("%w: %v", ErrUnknownOutcome, err)
	}
	if res, ok = r.(mysqldrv.Result); !ok {
		return nil, nil, fmt.Errorf("%w: %T tells no statement's outcome", ErrUnknownOutcome, r)
	}
	return res, nil, nil
}

// ErrUnknownOutcome is wrapped by the errors of a write whose rows may or
// may not have been written (the COMMIT itself failed, or the connection
// did after the statement was sent): the caller must not act as if nothing
// was written, nor as if all of it was.
var ErrUnknownOutcome = errors.New("commit failed: outcome unknown")

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
			return nil, fmt.Errorf("store: value %d: %w", i+1, err)
		}
		out[i] = nv
	}
	return out, nil
}
