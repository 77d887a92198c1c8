package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/coupond/coupond/sharding"
)

// statsSmall is the size the statistics queries are first measured at.
const statsSmall = 10_000

// statsScenario: the statistics queries measured at two sizes of the user
// coupon tables. Rows and their outbox events (ISSUED, and a USED with a
// discount for one row in ten) are written straight into the started
// coupond's shard tables, as claims and issuance would have left them, for
// a coupon of their own; then the scenario waits until coupond's consumer
// has folded them all (couponStats answers every row: the fold rate is
// printed), and runs couponStats of that coupon and a 30-day statsSeries
// of all coupons at smallConcurrency clients. First at statsSmall rows,
// then after writing up to -stats-rows rows in all: two rows each.
func (bn *bench) statsScenario(ctx context.Context) []*Result {
	if bn.server == nil {
		return []*Result{{Scenario: "stats", Err: "needs the coupond couponbench starts (it writes into its shard tables)"}}
	}
	dbs, err := bn.serverShards(ctx)
	if err != nil {
		return []*Result{{Scenario: "stats", Err: err.Error()}}
	}
	defer func() {
		for _, db := range dbs {
			db.Close()
		}
	}()
	var out []*Result
	written := 0
	for _, size := range []int{statsSmall, bn.set.StatsRows} {
		label := "stats-" + short(size)
		ids, err := bn.newCoupons(ctx, 1, couponSpec{Name: label, TotalStock: int64(size), PerUserLimit: 1, StockSlots: 1, Channels: []string{"TARGETED"}})
		if err != nil {
			return append(out, &Result{Scenario: label, Err: err.Error()})
		}
		n := size - written
		t0 := time.Now()
		if err := writeStatsRows(ctx, dbs, ids[0], fmt.Sprintf("%s-st%d-", bn.prefix, bn.nextSeq()), n); err != nil {
			return append(out, &Result{Scenario: label, Err: err.Error()})
		}
		wrote := time.Since(t0)
		written += n
		fold, err := bn.waitFolded(ctx, ids[0], int64(n))
		if err != nil {
			return append(out, &Result{Scenario: label, Err: err.Error()})
		}
		events := n + (n+9)/10
		fmt.Fprintf(os.Stderr, "  %s: %d rows and %d events written in %s; all folded %s later (%.0f events/s over write and fold)\n",
			label, n, events, wrote.Round(time.Millisecond), fold.Round(time.Millisecond), float64(events)/(wrote+fold).Seconds())
		now := time.Now().UTC()
		vars := map[string]any{"c": ids[0], "f": now.AddDate(0, 0, -30).Format(time.RFC3339), "t": now.Format(time.RFC3339)}
		for _, q := range []struct{ name, query string }{
			{label + "-coupon", `query($c:ID!){couponStats(couponId:$c){issued used discountTotal useRate remainingStock asOf}}`},
			{label + "-series", `query($f:Time!,$t:Time!){statsSeries(from:$f,to:$t,granularity:DAY){at issued used discountTotal}}`},
		} {
			body, _ := json.Marshal(map[string]any{"query": q.query, "variables": vars})
			r := &Result{Scenario: q.name, Unit: "requests/s"}
			l := runLoad(ctx, loadSpec{
				jobs: 1 << 30, concurrency: smallConcurrency, duration: bn.set.Duration / 2, measureCode: "*",
				do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
					if err := bn.api.post(ctx, body, true, nil); err != nil {
						return buf, claimOutcome{err: err.Error()}
					}
					return buf, claimOutcome{ids: []string{"ok"}}
				},
			})
			r.fromLoad(l, 1)
			checkUnexpected(r)
			out = append(out, r)
		}
	}
	return out
}

// short names a size: 10k, 10M.
func short(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// serverShards opens the started coupond's shard databases.
func (bn *bench) serverShards(ctx context.Context) ([]*sql.DB, error) {
	_, shards := serverDatabases(bn.prefix)
	var out []*sql.DB
	for _, name := range shards {
		cfg, err := mysql.ParseDSN(bn.set.MySQL)
		if err != nil {
			return nil, err
		}
		cfg.DBName, cfg.InterpolateParams, cfg.ParseTime = name, true, true
		db, err := sql.Open("mysql", cfg.FormatDSN())
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(issueTables)
		out = append(out, db)
	}
	return out, nil
}

// writeStatsRows writes n user coupons of couponID, each with its ISSUED
// event, one in ten also USED with a 5.00 discount on a 50.00 order and
// its USED event, each user in the table coupond routes it to; one writer
// per table, 1000 rows a statement.
func writeStatsRows(ctx context.Context, dbs []*sql.DB, couponID, userPrefix string, n int) error {
	router, err := sharding.NewRouter(issueDBs, issueTables)
	if err != nil {
		return err
	}
	groups := routeUsers(router, userPrefix, n)
	return writeWithEvents(ctx, dbs, groups, couponID,
		func(q *strings.Builder, args []any, table string, part []string, now time.Time) []any {
			q.WriteString("INSERT INTO " + table + " (user_id, coupon_id, seq, request_id, status, channel, currency, discount_kind, amount_off, scope_kind, valid_from, valid_until, issued_at, updated_at) VALUES ")
			for i, u := range part {
				if i > 0 {
					q.WriteByte(',')
				}
				status := "UNUSED"
				if i%10 == 0 {
					status = "USED"
				}
				q.WriteString("(?, ?, 1, ?, ?, 'TARGETED', 'USD', 'AMOUNT_OFF', '5.00', 'ALL', ?, ?, ?, ?)")
				args = append(args, u, couponID, "stats:"+u, status, now, now.Add(7*24*time.Hour), now, now)
			}
			return args
		},
		func(u string, i int) (string, bool) { return u, i%10 == 0 },
		nil)
}

// writeWithEvents writes the user coupons of groups ([database][table],
// in the tables of coupond's routing) with one writer per table, at most
// issueInsertRows a transaction: the multi-row INSERT stmt builds, then for
// each row (of which event tells the user, and whether it is USED) its
// ISSUED event and, if USED, a USED event of a 5.00 discount on a 50.00
// order. The events' user coupon ids count from the INSERT's first id (ids
// of one multi-row INSERT are consecutive, innodb_autoinc_lock_mode 0 or
// 1); first, when set, may refuse that id.
func writeWithEvents[T any](ctx context.Context, dbs []*sql.DB, groups [][][]T, couponID string,
	stmt func(q *strings.Builder, args []any, table string, chunk []T, now time.Time) []any,
	event func(r T, i int) (user string, used bool),
	first func(id int64, chunk []T) error) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(groups)*len(groups[0]))
	for d := range groups {
		for t := range groups[d] {
			rows := groups[d][t]
			ucTable, evTable := sharding.TableName("user_coupon", t, len(groups[d])), sharding.TableName("coupon_event", t, len(groups[d]))
			wg.Add(1)
			go func() {
				defer wg.Done()
				var q, ev strings.Builder
				var args, evArgs []any
				for lo := 0; lo < len(rows) && ctx.Err() == nil; lo += issueInsertRows {
					chunk := rows[lo:min(lo+issueInsertRows, len(rows))]
					now := time.Now().UTC().Truncate(time.Millisecond)
					q.Reset()
					args = stmt(&q, args[:0], ucTable, chunk, now)
					err := func() error {
						tx, err := dbs[d].BeginTx(ctx, nil)
						if err != nil {
							return err
						}
						defer tx.Rollback()
						res, err := tx.ExecContext(ctx, q.String(), args...)
						if err != nil {
							return err
						}
						id, _ := res.LastInsertId()
						if first != nil {
							if err := first(id, chunk); err != nil {
								return fmt.Errorf("%s: %w", ucTable, err)
							}
						}
						ev.Reset()
						evArgs = evArgs[:0]
						ev.WriteString("INSERT INTO " + evTable + " (user_id, coupon_id, user_coupon_id, kind, channel, amount, order_amount, detail, at) VALUES ")
						for i, r := range chunk {
							u, used := event(r, i)
							if i > 0 {
								ev.WriteByte(',')
							}
							ev.WriteString("(?, ?, ?, 'ISSUED', 'TARGETED', NULL, NULL, NULL, ?)")
							evArgs = append(evArgs, u, couponID, id+int64(i), now)
							if used {
								ev.WriteString(",(?, ?, ?, 'USED', 'TARGETED', '5.00', '50.00', ?, ?)")
								evArgs = append(evArgs, u, couponID, id+int64(i),
									`{"currency":"USD","items":[{"productId":"bench-`+strconv.Itoa(i%7)+`","quantity":2,"unitPrice":"25.00","eligible":true}]}`, now)
							}
						}
						if _, err := tx.ExecContext(ctx, ev.String(), evArgs...); err != nil {
							return err
						}
						return tx.Commit()
					}()
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	return ctx.Err()
}

// waitFolded polls couponStats until it counts issued rows, and returns
// how long that took.
func (bn *bench) waitFolded(ctx context.Context, couponID string, issued int64) (time.Duration, error) {
	start := time.Now()
	deadline := start.Add(10*time.Minute + time.Duration(issued)*50*time.Microsecond)
	for {
		var out struct {
			S struct {
				Issued int64 `json:"issued"`
			} `json:"couponStats"`
		}
		if err := bn.api.call(ctx, true, `query($c:ID!){couponStats(couponId:$c){issued}}`, map[string]any{"c": couponID}, &out); err != nil {
			return 0, err
		}
		if out.S.Issued >= issued {
			return time.Since(start), nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("the consumer folded %d of %d rows in %s", out.S.Issued, issued, time.Since(start).Round(time.Second))
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// hotClaimNoStats is hot-claim on a second coupond, started for it over
// databases of its own with its statistics consumer off: the claim rate
// the consumer is compared against.
func (bn *bench) hotClaimNoStats(ctx context.Context) *Result {
	name := "hot-claim-nostats"
	if bn.server == nil {
		return &Result{Scenario: name, Err: "needs the coupond couponbench starts"}
	}
	prefix := bn.prefix + "n"
	meta, shards := serverDatabases(prefix)
	bn.created = append(append(bn.created, meta), shards...)
	password := randomHex(16)
	srv, base, err := startServer(ctx, bn.set, prefix, password, []string{"COUPOND_STATS_CONSUMER=false"})
	if err != nil {
		return &Result{Scenario: name, Err: err.Error()}
	}
	defer func() {
		srv.stop()
		srv.cleanup(bn.set.Keep)
		if !bn.set.Keep {
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
			defer cancel()
			_ = cleanRedis(dctx, bn.set.Redis, prefix+":")
		}
	}()
	api := newClient(base)
	if err := api.login(ctx, "admin", password); err != nil {
		return &Result{Scenario: name, Err: err.Error()}
	}
	if err := api.createServiceKey(ctx, "couponbench "+prefix); err != nil {
		return &Result{Scenario: name, Err: err.Error()}
	}
	main := bn.api
	bn.api = api
	defer func() { bn.api = main }()
	return bn.hotClaim(ctx, name, 16, bn.set.Concurrency, bn.set.Stock)
}

// lagWatcher polls couponStats' asOf during a scenario: how far behind
// now the statistics were, at worst.
type lagWatcher struct {
	stop chan struct{}
	done chan struct{}
	max  time.Duration
	n    int
	err  error
}

func (bn *bench) watchLag(ctx context.Context, couponID string) *lagWatcher {
	w := &lagWatcher{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for {
			select {
			case <-w.stop:
				return
			case <-ctx.Done():
				return
			case <-time.After(250 * time.Millisecond):
			}
			var out struct {
				S struct {
					AsOf time.Time `json:"asOf"`
				} `json:"couponStats"`
			}
			if err := bn.api.call(ctx, true, `query($c:ID!){couponStats(couponId:$c){asOf}}`, map[string]any{"c": couponID}, &out); err != nil {
				w.err = err
				continue
			}
			w.n++
			w.max = max(w.max, time.Since(out.S.AsOf))
		}
	}()
	return w
}

func (w *lagWatcher) finish() (time.Duration, int, error) {
	close(w.stop)
	<-w.done
	return w.max, w.n, w.err
}

// statsTargets: the statistics queries' p99 at the large size (<= 20 ms)
// and against the small size (<= 2x), and the freshness during hot-claim.
func statsTargets(rs []*Result) []Target {
	var out []Target
	for _, kind := range []string{"coupon", "series"} {
		var small, large *Result
		for _, r := range rs {
			if strings.HasPrefix(r.Scenario, "stats-") && strings.HasSuffix(r.Scenario, "-"+kind) && r.Err == "" {
				if small == nil {
					small = r
				} else {
					large = r
				}
			}
		}
		what := map[string]string{"coupon": "couponStats", "series": "30-day statsSeries"}[kind]
		t := Target{Name: what + " p99 at the large size", Unit: "ms", Goal: "<= 20 ms", Status: "n/a", Note: "scenario not run"}
		ratioT := Target{Name: what + " p99, large / small size", Unit: "x", Goal: "<= 2x", Status: "n/a", Note: "scenario not run"}
		if large != nil {
			t.Name = what + " p99 (" + strings.TrimSuffix(strings.TrimPrefix(large.Scenario, "stats-"), "-"+kind) + " user coupons)"
			t.Measured, t.Status, t.Note = large.P99ms, passFail(large.P99ms > 0 && large.P99ms <= 20), ""
			ratioT.Measured = ratio(large.P99ms, small.P99ms)
			ratioT.Status, ratioT.Note = passFail(ratioT.Measured <= 2), ""
		}
		out = append(out, t, ratioT)
	}
	t := Target{Name: "statistics asOf behind now during hot-claim, at worst", Unit: "s", Goal: "<= 5 s", Status: "n/a", Note: "scenario not run"}
	for _, r := range rs {
		if r.Scenario == "hot-claim" && r.Err == "" && r.AsOfSamples > 0 {
			t.Measured, t.Status, t.Note = r.AsOfLagSec, passFail(r.AsOfLagSec <= 5), ""
		}
	}
	return append(out, t)
}

// settleStats waits, at most a minute, until the statistics have folded
// every issue of the coupons ids (couponStats.issued reaches want for each):
// a setup's ISSUED events are otherwise folded during the load window that
// follows, on the same cores, and a setup of three coupons a user would
// weigh three times a setup of one.
func (bn *bench) settleStats(ctx context.Context, ids []string, want int64) {
	deadline := time.Now().Add(time.Minute)
	for _, id := range ids {
		for time.Now().Before(deadline) && ctx.Err() == nil {
			var out struct {
				S struct {
					Issued int64 `json:"issued"`
				} `json:"couponStats"`
			}
			err := bn.api.call(ctx, true, `query($c:ID!){couponStats(couponId:$c){issued}}`, map[string]any{"c": id}, &out)
			if err == nil && out.S.Issued >= want {
				break
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
}
