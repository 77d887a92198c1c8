package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/go-redsync/redsync/v4"
	"github.com/go-redsync/redsync/v4/redis/goredis/v9"
	"github.com/go-sql-driver/mysql"
	goredislib "github.com/redis/go-redis/v9"
)

// baseline is the claim loop of DESIGN.md "Claiming a coupon" written
// straight on database/sql and redsync, with no HTTP, GraphQL, ORM, cache or
// sharding: the most this machine does for the same work, measured in the
// same run so that coupond's figures are ratios, not absolute numbers.
type baseline struct {
	db     *sql.DB
	rdb    *goredislib.Client
	rs     *redsync.Redsync
	dbName string
	prefix string // Redis key prefix
}

var baselineSchema = []string{
	`CREATE TABLE coupon_stock (
		coupon_id BIGINT NOT NULL,
		slot INT NOT NULL,
		remaining BIGINT NOT NULL,
		PRIMARY KEY (coupon_id, slot)
	) ENGINE=InnoDB`,
	`CREATE TABLE user_coupon (
		id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
		user_id VARCHAR(64) NOT NULL,
		coupon_id BIGINT NOT NULL,
		seq INT NOT NULL,
		request_id VARCHAR(64) NOT NULL,
		status VARCHAR(16) NOT NULL,
		valid_until DATETIME(6) NOT NULL,
		issued_at DATETIME(6) NOT NULL,
		UNIQUE KEY uq_user_request (user_id, request_id),
		UNIQUE KEY uq_user_coupon_seq (user_id, coupon_id, seq)
	) ENGINE=InnoDB`,
	`CREATE TABLE coupon_event (
		id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
		user_id VARCHAR(64) NOT NULL,
		coupon_id BIGINT NOT NULL,
		user_coupon_id BIGINT NOT NULL,
		kind VARCHAR(16) NOT NULL,
		at DATETIME(6) NOT NULL
	) ENGINE=InnoDB`,
}

// openBaseline creates the scratch database dbName on the server of
// serverDSN and its tables; pool is the connection pool size.
func openBaseline(ctx context.Context, serverDSN, redisAddr, dbName, prefix string, pool int) (*baseline, error) {
	cfg, err := mysql.ParseDSN(serverDSN)
	if err != nil {
		return nil, fmt.Errorf("-mysql: %w", err)
	}
	cfg.DBName = ""
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+dbName+"`"); err != nil {
		return nil, fmt.Errorf("baseline: create database: %w", err)
	}
	cfg.DBName = dbName
	cfg.InterpolateParams = true
	cfg.MultiStatements = true // the insert's transaction in one round trip, as coupond sends it
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(pool)
	db.SetMaxIdleConns(pool)
	db.SetConnMaxLifetime(time.Hour)
	for _, q := range baselineSchema {
		if _, err := db.ExecContext(ctx, q); err != nil {
			db.Close()
			return nil, fmt.Errorf("baseline: schema: %w", err)
		}
	}
	rdb := goredislib.NewClient(&goredislib.Options{Addr: redisAddr, PoolSize: pool + 16})
	if err := rdb.Ping(ctx).Err(); err != nil {
		db.Close()
		return nil, fmt.Errorf("baseline: redis: %w", err)
	}
	return &baseline{db: db, rdb: rdb, rs: redsync.New(goredis.NewPool(rdb)), dbName: dbName, prefix: prefix}, nil
}

func (b *baseline) close() {
	b.db.Close()
	b.rdb.Close()
}

// newCoupon spreads stock over slots rows.
func (b *baseline) newCoupon(ctx context.Context, couponID int64, slots int, stock int64) error {
	for s := range slots {
		n := stock / int64(slots)
		if int64(s) < stock%int64(slots) {
			n++
		}
		if _, err := b.db.ExecContext(ctx, "INSERT INTO coupon_stock (coupon_id, slot, remaining) VALUES (?, ?, ?)", couponID, s, n); err != nil {
			return err
		}
	}
	return nil
}

// claim is one claim, step by step as the service does it: lock, count,
// take a unit from a random slot then the others, insert the user coupon
// and its outbox event in one transaction, unlock.
func (b *baseline) claim(ctx context.Context, userID string, couponID int64, requestID string, limit, slots int) (o claimOutcome) {
	m := b.rs.NewMutex(b.prefix+"claim:{"+userID+"}:{"+strconv.FormatInt(couponID, 10)+"}",
		redsync.WithExpiry(5*time.Second), redsync.WithTries(100), redsync.WithRetryDelay(5*time.Millisecond))
	if err := m.LockContext(ctx); err != nil {
		var taken *redsync.ErrTaken
		if errors.Is(err, redsync.ErrFailed) || errors.As(err, &taken) {
			o.code = "BUSY"
			return o
		}
		o.err = "lock: " + err.Error()
		return o
	}
	defer func() {
		if _, err := m.UnlockContext(context.WithoutCancel(ctx)); err != nil && o.err == "" {
			o.err = "unlock: " + err.Error()
		}
	}()

	var held int
	if err := b.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM user_coupon WHERE user_id = ? AND coupon_id = ?", userID, couponID).Scan(&held); err != nil {
		o.err = "count: " + err.Error()
		return o
	}
	if held >= limit {
		o.code = "LIMIT_REACHED"
		return o
	}

	slot := -1
	first := rand.IntN(slots)
	for k := range slots {
		s := (first + k) % slots
		res, err := b.db.ExecContext(ctx, "UPDATE coupon_stock SET remaining = remaining - 1 WHERE coupon_id = ? AND slot = ? AND remaining > 0", couponID, s)
		if err != nil {
			o.err = "stock: " + err.Error()
			return o
		}
		if n, _ := res.RowsAffected(); n == 1 {
			slot = s
			break
		}
	}
	if slot < 0 {
		o.code = "OUT_OF_STOCK"
		return o
	}

	id, err := b.insert(ctx, userID, couponID, requestID, held+1)
	if err != nil {
		// Give the unit back: the row was not written.
		_, _ = b.db.ExecContext(context.WithoutCancel(ctx), "UPDATE coupon_stock SET remaining = remaining + 1 WHERE coupon_id = ? AND slot = ?", couponID, slot)
		o.err = "insert: " + err.Error()
		return o
	}
	o.ids = append(o.ids, strconv.FormatInt(id, 10))
	return o
}

// insert writes the user coupon and its outbox event in one transaction,
// sent as one query (one round trip, as coupond does on MySQL), and returns
// the user coupon's id.
func (b *baseline) insert(ctx context.Context, userID string, couponID int64, requestID string, seq int) (int64, error) {
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	now := time.Now().UTC()
	var id int64
	err = conn.Raw(func(dc any) error {
		ex := dc.(driver.ExecerContext)
		res, err := ex.ExecContext(ctx, "START TRANSACTION; "+
			"INSERT INTO user_coupon (user_id, coupon_id, seq, request_id, status, valid_until, issued_at) VALUES (?, ?, ?, ?, 'UNUSED', ?, ?); "+
			"INSERT INTO coupon_event (user_id, coupon_id, user_coupon_id, kind, at) VALUES (?, ?, LAST_INSERT_ID(), 'ISSUED', ?); COMMIT",
			namedValues(userID, couponID, int64(seq), requestID, now.Add(7*24*time.Hour), now, userID, couponID, now))
		if err != nil {
			if _, rerr := ex.ExecContext(context.WithoutCancel(ctx), "ROLLBACK", nil); rerr != nil {
				return driver.ErrBadConn
			}
			return err
		}
		id = res.(mysql.Result).AllLastInsertIds()[1]
		return nil
	})
	return id, err
}

func namedValues(vs ...driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(vs))
	for i, v := range vs {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

// audit returns what the database holds for a coupon: the units left, the
// rows issued, the most rows one user holds, and the outbox events.
func (b *baseline) audit(ctx context.Context, couponID int64) (remaining, rows, maxPerUser, events int64, err error) {
	if err = b.db.QueryRowContext(ctx, "SELECT COALESCE(SUM(remaining), 0) FROM coupon_stock WHERE coupon_id = ?", couponID).Scan(&remaining); err != nil {
		return
	}
	if err = b.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM user_coupon WHERE coupon_id = ?", couponID).Scan(&rows); err != nil {
		return
	}
	if err = b.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM user_coupon WHERE coupon_id = ? GROUP BY user_id) t", couponID).Scan(&maxPerUser); err != nil {
		return
	}
	err = b.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM coupon_event WHERE coupon_id = ?", couponID).Scan(&events)
	return
}

// runBaseline is the scenario "baseline" (slots 16), "baseline-1slot" or
// "baseline-c8": a hot-claim workload (users, stock, concurrency) on the raw
// loop.
func (bn *bench) runBaseline(ctx context.Context, name string, slots, concurrency int, stock int64) *Result {
	r := &Result{Scenario: name, Unit: "claims/s"}
	b, err := bn.baselineStore(ctx)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	couponID := bn.nextSeq()
	// The pool idles between baseline scenarios: MariaDB's connections are
	// shared with the server's pools (max_connections is 151 by default).
	b.db.SetMaxIdleConns(concurrency)
	defer b.db.SetMaxIdleConns(0)
	if err := b.newCoupon(ctx, couponID, slots, stock); err != nil {
		r.Err = err.Error()
		return r
	}
	userPrefix := fmt.Sprintf("b%d-", couponID)
	l := runLoad(ctx, loadSpec{
		jobs: bn.set.Users, concurrency: concurrency, duration: bn.set.Duration,
		stopCode: "OUT_OF_STOCK",
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			u := userPrefix + strconv.Itoa(i)
			return buf, b.claim(ctx, u, couponID, "r"+strconv.Itoa(i), 1, slots)
		},
	})
	r.fromLoad(l, 1)
	r.TotalStock = stock
	remaining, rows, maxPerUser, events, err := b.audit(ctx, couponID)
	if err != nil {
		r.Err = "audit: " + err.Error()
		return r
	}
	r.Remaining = remaining
	r.check("stock", r.Issued == r.TotalStock-remaining && r.Issued <= r.TotalStock && rows == r.Issued,
		"issued %d, stock %d - remaining %d = %d, rows %d", r.Issued, r.TotalStock, remaining, r.TotalStock-remaining, rows)
	r.check("per-user", maxPerUser <= 1, "most held by one user: %d (limit 1), all users", maxPerUser)
	r.check("outbox", events == rows, "%d events for %d user coupons", events, rows)
	r.check("duplicates", len(duplicates(l.IDs)) == 0, "%d ids issued, %d duplicated", len(l.IDs), len(duplicates(l.IDs)))
	checkUnexpected(r, "OUT_OF_STOCK")
	return r
}

// baselineStore opens the scratch database on first use.
func (bn *bench) baselineStore(ctx context.Context) (*baseline, error) {
	if bn.base != nil {
		return bn.base, nil
	}
	b, err := openBaseline(ctx, bn.set.MySQL, bn.set.Redis, bn.prefix+"_base", bn.prefix+":base:", bn.set.Concurrency)
	bn.created = append(bn.created, bn.prefix+"_base")
	if err != nil {
		return nil, err
	}
	bn.base = b
	return b, nil
}
