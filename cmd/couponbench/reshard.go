package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/coupond/coupond/internal/reshard"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// The resharding scenarios: reshard-baseline, reshard. The reshard
// scenario starts a coupond of its own (over databases of its own, with
// the target layout configured as COUPOND_RESHARD_*), fills its 2x4 user
// shards with -reshard-rows user coupons, and moves them to 4x8 with
// internal/reshard while claims run against it over HTTP: it makes four
// rows, reshard-claims-alone, reshard-throttled, reshard and
// reshard-cutover.

const (
	reshardToDBs    = 4 // the target layout: 4 databases of 8 tables
	reshardToTables = 8
	// reshardAfterSwitch is how long the claims go on after the cut-over
	// returned, on the new layout, before the load stops.
	reshardAfterSwitch = 2 * time.Second
	// A claim refused UNAVAILABLE because the shards are frozen is sent
	// again, with its requestId, after reshardRetryPause (plus up to half
	// of it, at random), for at most reshardRetryFor, as a caller would.
	reshardRetryPause = 100 * time.Millisecond
	reshardRetryFor   = 2 * time.Minute
	// reshardPool is the pools of couponbench's own store (the copy, the
	// catch-up, the verify and the cut-over run in couponbench).
	reshardPool = 16
)

// isReshard: a resharding scenario (its flags are checked).
func isReshard(s string) bool { return strings.HasPrefix(s, "reshard") }

// checkReshardFlags: -reshard-rows and -reshard-rate are positive.
func checkReshardFlags(rows, rate int) error {
	if rows < 1 {
		return fmt.Errorf("-reshard-rows must be positive (user coupons in the shards before the resharding), not %d", rows)
	}
	if rate < 1 {
		return fmt.Errorf("-reshard-rate must be positive (rows/s of the throttled copy), not %d", rate)
	}
	return nil
}

// reshardPrefix names the reshard scenario's coupond: its databases and
// Redis keys.
func reshardPrefix(prefix string) string { return prefix + "r" }

// reshardTargetDatabases are the databases of the target layout.
func reshardTargetDatabases(prefix string) []string {
	out := make([]string, reshardToDBs)
	for i := range out {
		out[i] = fmt.Sprintf("%s_t%d", reshardPrefix(prefix), i)
	}
	return out
}

// reshardBaselineDatabases are the scratch databases of reshard-baseline.
func reshardBaselineDatabases(prefix string) []string {
	out := make([]string, reshardToDBs)
	for i := range out {
		out[i] = fmt.Sprintf("%s_rb%d", prefix, i)
	}
	return out
}

// fillRow is one user coupon of the fill: its id in its table of the 2x4
// layout (the fill's INSERTs number each table's rows 1, 2, ... in order),
// its user, and whether it is USED (one in ten) or UNUSED.
type fillRow struct {
	id   uint64
	user string
	used bool
}

// fillUser is the user of the fill's row i (one user coupon each).
func fillUser(prefix string, i int) string { return prefix + "-rf" + strconv.Itoa(i) }

// reshardFillRows are the fill's n rows, grouped by the table of router
// (the started coupond's 2x4) that holds them, [database][table], each
// table's numbered from 1 in order.
func reshardFillRows(prefix string, n int, router *sharding.Router) [][][]fillRow {
	out := make([][][]fillRow, router.DBs())
	for d := range out {
		out[d] = make([][]fillRow, router.Tables())
	}
	for i := range n {
		u := fillUser(prefix, i)
		rt := router.Route(u)
		part := out[rt.DB][rt.Table]
		out[rt.DB][rt.Table] = append(part, fillRow{id: uint64(len(part) + 1), user: u, used: i%10 == 0})
	}
	return out
}

// regroupRows groups rows by the table of router (the target layout)
// their user is routed to, keeping their order (ids ascending within each
// table, as the copy writes them).
func regroupRows(groups [][][]fillRow, router *sharding.Router) [][][]fillRow {
	out := make([][][]fillRow, router.DBs())
	for d := range out {
		out[d] = make([][]fillRow, router.Tables())
	}
	for d := range groups {
		for t := range groups[d] {
			for _, r := range groups[d][t] {
				rt := router.Route(r.user)
				out[rt.DB][rt.Table] = append(out[rt.DB][rt.Table], r)
			}
		}
	}
	return out
}

// fillColumns are the columns the fill and reshard-baseline give a value
// (the others are NULL), the id aside.
var fillColumns = []string{
	"user_id", "coupon_id", "seq", "request_id", "status", "channel", "currency", "discount_kind", "amount_off",
	"scope_kind", "valid_from", "valid_until", "issued_at", "order_id", "used_at", "discount_applied", "updated_at",
}

// appendFillRow appends r's values, in fillColumns' order: a TARGETED
// 5.00 off valid 7 days from now; a USED row on an order of its own, 5.00
// applied.
func appendFillRow(args []any, r *fillRow, couponID any, now time.Time) []any {
	status := string(models.UserCouponUnused)
	var order, used, applied any
	if r.used {
		status = string(models.UserCouponUsed)
		order, used, applied = "rf-o-"+r.user, now, "5.00"
	}
	return append(args, r.user, couponID, 1, "fill:"+r.user, status, "TARGETED", "USD", "AMOUNT_OFF", "5.00",
		"ALL", now, now.Add(7*24*time.Hour), now, order, used, applied, now)
}

// openDatabases opens the databases names of the server serverDSN, with
// pool connections each.
func openDatabases(serverDSN string, names []string, pool int) ([]*sql.DB, error) {
	var out []*sql.DB
	for _, name := range names {
		cfg, err := mysql.ParseDSN(serverDSN)
		if err != nil {
			return nil, err
		}
		cfg.DBName, cfg.InterpolateParams, cfg.ParseTime = name, true, true
		db, err := sql.Open("mysql", cfg.FormatDSN())
		if err != nil {
			closeAll(out)
			return nil, err
		}
		db.SetMaxOpenConns(pool)
		db.SetMaxIdleConns(pool)
		out = append(out, db)
	}
	return out, nil
}

func closeAll(dbs []*sql.DB) {
	for _, db := range dbs {
		db.Close()
	}
}

// runReshardBaseline is the scenario "reshard-baseline": the rows of the
// reshard scenario's fill, with the ids the fill gives them, written as
// the copy writes them into the target layout: in multi-row INSERTs of
// issueInsertRows straight on database/sql into 4 scratch databases of 8
// tables made by coupond's migrations, each row in the table of the 4x8
// layout its user is routed to, in id order; one writer per table.
func (bn *bench) runReshardBaseline(ctx context.Context) *Result {
	r := &Result{Scenario: "reshard-baseline", Unit: "rows/s"}
	n := bn.set.ReshardRows
	from, err := sharding.NewRouter(issueDBs, issueTables)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	to, err := sharding.NewRouter(reshardToDBs, reshardToTables)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	groups := regroupRows(reshardFillRows(bn.prefix, n, from), to)
	names := reshardBaselineDatabases(bn.prefix)
	bn.created = append(bn.created, names...)
	dbs, err := openIssueDatabases(ctx, bn.set.MySQL, names, to, "reshard-baseline")
	if err != nil {
		r.Err = err.Error()
		return r
	}
	defer func() {
		closeAll(dbs)
		if !bn.set.Keep {
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
			defer cancel()
			_ = dropDatabases(dctx, bn.set.MySQL, names)
		}
	}()

	couponID := bn.nextSeq() // no coupon behind it: the rows are what count
	head := "INSERT INTO %s (id, " + strings.Join(fillColumns, ", ") + ") VALUES "
	tuple := "(?" + strings.Repeat(", ?", len(fillColumns)) + ")"
	rawInserts(ctx, r, dbs, groups, reshardToTables, func(q *strings.Builder, args []any, table string, chunk []fillRow, now time.Time) []any {
		fmt.Fprintf(q, head, table)
		for i := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString(tuple)
			args = append(args, chunk[i].id)
			args = appendFillRow(args, &chunk[i], couponID, now)
		}
		return args
	})

	// Every table holds exactly the rows routed to it, each id once.
	var total, bad int64
	var firstBad string
	for d := range groups {
		for t := range groups[d] {
			table := sharding.TableName("user_coupon", t, reshardToTables)
			var cnt, ids, users int64
			err := dbs[d].QueryRowContext(ctx, "SELECT COUNT(*), COUNT(DISTINCT id), COUNT(DISTINCT user_id) FROM "+table).Scan(&cnt, &ids, &users)
			if err != nil {
				r.Err = "audit: " + err.Error()
				return r
			}
			total += cnt
			if want := int64(len(groups[d][t])); cnt != want || ids != want || users != want {
				bad++
				if firstBad == "" {
					firstBad = fmt.Sprintf("%s.%s: %d rows, %d ids, %d users, routed there %d", names[d], table, cnt, ids, users, want)
				}
			}
		}
	}
	detail := fmt.Sprintf("%d rows in %d tables (%d inserted, -reshard-rows %d), %d tables holding other than the rows routed to them",
		total, reshardToDBs*reshardToTables, r.Issued, n, bad)
	if firstBad != "" {
		detail += "; first: " + firstBad
	}
	r.check("rows", total == int64(n) && r.Issued == int64(n) && bad == 0, "%s", detail)
	checkUnexpected(r)
	return r
}

// reshardFigures are the reshard scenario's own figures, beside a row's:
// on the reshard row (the unthrottled copy) the claims that ran beside
// it; on the reshard-cutover row the cut-over's.
type reshardFigures struct {
	Cutover *cutoverFigures `json:"cutover,omitempty"`
}

// cutoverFigures: the fill (setup, not counted: rows, seconds to write
// them and for the statistics to fold their events), the catch-up before
// the cut-over, the cut-over (reshard.CutoverReport) and what the claims
// met meanwhile.
type cutoverFigures struct {
	FillRows           int     `json:"fillRows"`
	FillSec            float64 `json:"fillSeconds"`
	FoldSec            float64 `json:"foldSeconds"`
	CatchUpRows        int64   `json:"catchUpRows"`
	CatchUpSec         float64 `json:"catchUpSeconds"`
	CutoverSec         float64 `json:"cutoverSeconds"`
	FrozenSec          float64 `json:"frozenSeconds"`
	Instances          int     `json:"instances"`
	Stale              int     `json:"staleInstances"`
	Layout             string  `json:"layout"`
	CaughtUpFrozen     int64   `json:"caughtUpWhileFrozen"`
	VerifiedBefore     int64   `json:"verifiedBeforeFreeze"`
	VerifiedRows       int64   `json:"verifiedRows"`
	Differences        int     `json:"differences"`
	Repaired           int     `json:"repaired"`
	UnavailableAnswers int64   `json:"unavailableAnswers"`
	RefusedClaims      int64   `json:"claimsRefusedUnavailable"`
	RefusalSpanSec     float64 `json:"refusalSpanSeconds"`
	AfterSwitch        int64   `json:"claimsAfterSwitch"`
}

// refusals counts the freeze's UNAVAILABLE answers to the claims.
type refusals struct {
	answers, claims atomic.Int64
	mu              sync.Mutex
	first, last     time.Time
}

func (f *refusals) note(at time.Time, newClaim bool) {
	f.answers.Add(1)
	if newClaim {
		f.claims.Add(1)
	}
	f.mu.Lock()
	if f.first.IsZero() {
		f.first = at
	}
	f.last = at
	f.mu.Unlock()
}

// isFreezeRefusal: a claim refused because the user shards are frozen
// (store.BeginWrite's UNAVAILABLE), as client.post reports it.
func isFreezeRefusal(err string) bool {
	return strings.HasPrefix(err, "UNAVAILABLE: ") && strings.Contains(err, "new layout")
}

// reshardRun is the reshard scenario's state.
type reshardRun struct {
	bn      *bench
	prefix  string // of its coupond
	srv     *serverProc
	shards  []*sql.DB // the running layout's databases (2x4)
	targets []*sql.DB // the target layout's (4x8)
	fillID  string
	fill    [][][]fillRow // the fill's rows by running table
	claims  []*claimRun   // one per phase
	loads   []*loadResult
	rows    []*Result
}

// cpu is the CPU time couponbench and the scenario's coupond have used.
func (rr *reshardRun) cpu() (self, srv time.Duration) { return cpuTimes(rr.srv.cmd.Process.Pid) }

// reshardScenario is the scenario "reshard": see the comment at the top
// of this file, and the command's.
func (bn *bench) reshardScenario(ctx context.Context) []*Result {
	fail := func(name, format string, args ...any) []*Result {
		return []*Result{{Scenario: name, Err: fmt.Sprintf(format, args...)}}
	}
	if bn.set.Server != "" {
		return fail("reshard", "starts a coupond of its own (with the target layout configured): not with -server")
	}
	rr := &reshardRun{bn: bn, prefix: reshardPrefix(bn.prefix)}
	meta, shards := serverDatabases(rr.prefix)
	targets := reshardTargetDatabases(bn.prefix)
	dbNames := append(append([]string{meta}, shards...), targets...)
	bn.created = append(bn.created, dbNames...)
	targetDSNs := make([]string, len(targets))
	for i, name := range targets {
		var err error
		if targetDSNs[i], err = dbDSN(bn.set.MySQL, name); err != nil {
			return fail("reshard", "%v", err)
		}
	}
	password := randomHex(16)
	srv, base, err := startServer(ctx, bn.set, rr.prefix, password, []string{
		"COUPOND_RESHARD_TABLES=" + strconv.Itoa(reshardToTables),
		"COUPOND_RESHARD_SHARD_DSNS=" + strings.Join(targetDSNs, ";"),
	})
	if err != nil {
		return fail("reshard", "start coupond: %v", err)
	}
	rr.srv = srv
	defer func() {
		srv.stop()
		srv.cleanup(bn.set.Keep)
		if bn.set.Keep {
			fmt.Fprintf(os.Stderr, "couponbench: kept the reshard scenario's server log %s\n", srv.logPath)
			return
		}
		// Free the server of the rows before the scenarios that follow.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		_ = dropDatabases(dctx, bn.set.MySQL, dbNames)
		_ = cleanRedis(dctx, bn.set.Redis, rr.prefix+":")
	}()
	api := newClient(base)
	if err := api.login(ctx, "admin", password); err != nil {
		return fail("reshard", "%v", err)
	}
	if err := api.createServiceKey(ctx, "couponbench "+rr.prefix); err != nil {
		return fail("reshard", "%v", err)
	}
	main := bn.api
	bn.api = api
	defer func() { bn.api = main }()

	if rr.shards, err = openDatabases(bn.set.MySQL, shards, issueTables); err != nil {
		return fail("reshard", "%v", err)
	}
	defer closeAll(rr.shards)
	if rr.targets, err = openDatabases(bn.set.MySQL, targets, reshardToTables); err != nil {
		return fail("reshard", "%v", err)
	}
	defer closeAll(rr.targets)

	fill, err := rr.fillShards(ctx)
	if err != nil {
		return fail("reshard", "fill: %v", err)
	}

	// couponbench's own store over the running layout, and the Resharder.
	metaDSN, err := dbDSN(bn.set.MySQL, meta)
	if err != nil {
		return fail("reshard", "%v", err)
	}
	cfg := store.Config{Meta: store.Target{Primary: metaDSN}, TablesPerShard: issueTables, MaxOpenConns: reshardPool}
	for _, name := range shards {
		dsn, _ := dbDSN(bn.set.MySQL, name)
		cfg.Shards = append(cfg.Shards, store.Target{Primary: dsn})
	}
	tcfg := store.Config{TablesPerShard: reshardToTables, MaxOpenConns: reshardPool}
	for _, dsn := range targetDSNs {
		tcfg.Shards = append(tcfg.Shards, store.Target{Primary: dsn})
	}
	from, err := store.Open(ctx, cfg)
	if err != nil {
		return fail("reshard", "open the running layout: %v", err)
	}
	defer from.Close()
	rs, to, err := reshard.Open(ctx, from, tcfg)
	if err != nil {
		return fail("reshard", "reshard.Open: %v", err)
	}
	defer to.Close()
	plan := rs.Plan()
	fmt.Fprintf(os.Stderr, "  reshard: %s -> %s, %d running tables each to %d new ones\n", plan.From, plan.To, len(plan.Tables), len(plan.Tables[0].To))

	if !rr.claimsAlone(ctx) || !rr.throttled(ctx, rs) || !rr.copy(ctx, rs) {
		rr.checkPhases(ctx)
		return rr.rows
	}
	cut := rr.cutover(ctx, rs)
	f := cut.Reshard.Cutover
	f.FillRows, f.FillSec, f.FoldSec = fill.FillRows, fill.FillSec, fill.FoldSec
	rr.check(ctx, cut)
	return rr.rows
}

// fillShards writes -reshard-rows user coupons of a TARGETED coupon (created
// through the API, its stock then all taken) and their outbox events
// (ISSUED, and USED for the USED rows) straight into the coupond's 2x4
// shard tables, one writer per table, issueInsertRows a statement, and
// waits until the statistics have folded them (a cut-over waits for the
// running layout's outbox to be folded). Setup: timed, printed, not
// counted.
func (rr *reshardRun) fillShards(ctx context.Context) (*cutoverFigures, error) {
	bn := rr.bn
	n := bn.set.ReshardRows
	ids, err := bn.newCoupons(ctx, 1, couponSpec{Name: "reshard-fill", TotalStock: int64(n), PerUserLimit: 1, StockSlots: 1, Channels: []string{"TARGETED"}})
	if err != nil {
		return nil, err
	}
	rr.fillID = ids[0]
	router, err := sharding.NewRouter(issueDBs, issueTables)
	if err != nil {
		return nil, err
	}
	rr.fill = reshardFillRows(bn.prefix, n, router)
	t0 := time.Now()
	if err := writeFill(ctx, rr.shards, rr.fill, rr.fillID); err != nil {
		return nil, err
	}
	// The stock the rows took.
	metaName, _ := serverDatabases(rr.prefix)
	metaDBs, err := openDatabases(bn.set.MySQL, []string{metaName}, 1)
	if err != nil {
		return nil, err
	}
	_, err = metaDBs[0].ExecContext(ctx, "UPDATE coupon_stocks SET remaining = 0 WHERE coupon_id = ?", rr.fillID)
	closeAll(metaDBs)
	if err != nil {
		return nil, err
	}
	wrote := time.Since(t0)
	fold, err := bn.waitFolded(ctx, rr.fillID, int64(n))
	if err != nil {
		return nil, err
	}
	events := n + (n+9)/10
	fmt.Fprintf(os.Stderr, "  reshard: fill of %d user coupons and %d events written in %s, folded %s later (setup, not counted)\n",
		n, events, wrote.Round(time.Millisecond), fold.Round(time.Millisecond))
	return &cutoverFigures{FillRows: n, FillSec: wrote.Seconds(), FoldSec: fold.Seconds()}, nil
}

// writeFill writes the rows of groups ([database][table] of the 2x4
// layout) and their events, of coupon couponID; the ids the INSERTs give
// must be the rows' (checked).
func writeFill(ctx context.Context, dbs []*sql.DB, groups [][][]fillRow, couponID string) error {
	head := "INSERT INTO %s (" + strings.Join(fillColumns, ", ") + ") VALUES "
	tuple := "(?" + strings.Repeat(", ?", len(fillColumns)-1) + ")"
	return writeWithEvents(ctx, dbs, groups, couponID,
		func(q *strings.Builder, args []any, table string, chunk []fillRow, now time.Time) []any {
			fmt.Fprintf(q, head, table)
			for i := range chunk {
				if i > 0 {
					q.WriteByte(',')
				}
				q.WriteString(tuple)
				args = appendFillRow(args, &chunk[i], couponID, now)
			}
			return args
		},
		func(r fillRow, _ int) (string, bool) { return r.user, r.used },
		// One writer per table, rows numbered 1, 2, ... in order: each
		// chunk's rows are consecutive from its first.
		func(first int64, chunk []fillRow) error {
			if uint64(first) != chunk[0].id {
				return fmt.Errorf("the INSERT numbered its rows from %d, not %d as the fill expects", first, chunk[0].id)
			}
			return nil
		})
}

// newPhase makes the claim load of a phase (a coupon of its own, stock
// for every user of it) and its row.
func (rr *reshardRun) newPhase(ctx context.Context, name, unit string) (*claimRun, *Result, bool) {
	r := &Result{Scenario: name, Unit: unit}
	rr.rows = append(rr.rows, r)
	c, err := rr.bn.newClaimRun(ctx, name)
	if err != nil {
		r.Err = err.Error()
		return nil, r, false
	}
	rr.claims = append(rr.claims, c)
	return c, r, true
}

// claimLoad is the claim load of a phase: -concurrency clients until the
// duration passes (duration > 0) or stop is closed. With ref set, a claim
// refused because the shards are frozen is sent again (see
// reshardRetryPause) and ref counts the refusals; with after set, afterN
// counts the claims issued once it is true.
func (rr *reshardRun) claimLoad(ctx context.Context, c *claimRun, duration time.Duration, stop <-chan struct{}, ref *refusals, after *atomic.Bool, afterN *atomic.Int64) *loadResult {
	api := rr.bn.api
	return runLoad(ctx, loadSpec{
		jobs: c.jobs, concurrency: rr.bn.set.Concurrency, duration: duration, stop: stop,
		stopCode: "OUT_OF_STOCK", perJob: true,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			buf = c.tmpl.fill(buf, c.userPrefix, i, "r", i)
			var o claimOutcome
			busy := 0
			giveUp := time.Now().Add(reshardRetryFor)
			for refused := false; ; refused = true {
				o = api.claim(ctx, buf, false)
				busy += o.busy
				if ref == nil || !isFreezeRefusal(o.err) || ctx.Err() != nil || time.Now().After(giveUp) {
					break
				}
				ref.note(time.Now(), !refused)
				select {
				case <-ctx.Done():
				case <-time.After(reshardRetryPause + rand.N(reshardRetryPause/2)):
				}
			}
			o.busy = busy
			if after != nil && len(o.ids) > 0 && after.Load() {
				afterN.Add(1)
			}
			return buf, o
		},
	})
}

// claimsAlone is the row reshard-claims-alone: the claim load with no
// copy running.
func (rr *reshardRun) claimsAlone(ctx context.Context) bool {
	c, r, ok := rr.newPhase(ctx, "reshard-claims-alone", "claims/s")
	if !ok {
		return false
	}
	s0, v0 := rr.cpu()
	l := rr.claimLoad(ctx, c, rr.bn.set.Duration, nil, nil, nil, nil)
	s1, v1 := rr.cpu()
	r.ClientCPU, r.ServerCPU = (s1 - s0).Seconds(), (v1 - v0).Seconds()
	rr.loads = append(rr.loads, l)
	r.fromLoad(l, 1)
	fmt.Fprintf(os.Stderr, "  reshard: %s claims/s with no copy\n", thousands(r.Rate))
	return ctx.Err() == nil
}

// throttled is the row reshard-throttled: the copy at -reshard-rate rows/s
// and, at the same time, the claim load for -duration; then the copy is
// cancelled (it keeps its checkpoints). Its rate is the claims'.
func (rr *reshardRun) throttled(ctx context.Context, rs *reshard.Resharder) bool {
	c, r, ok := rr.newPhase(ctx, "reshard-throttled", "claims/s")
	if !ok {
		return false
	}
	r.CopyLimit = rr.bn.set.ReshardRate
	type copied struct {
		p   reshard.Progress
		err error
		at  time.Time
	}
	copyCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan copied, 1)
	s0, v0 := rr.cpu()
	start := time.Now()
	go func() {
		p, err := rs.Copy(copyCtx, reshard.CopyOptions{Rate: rr.bn.set.ReshardRate})
		done <- copied{p, err, time.Now()}
	}()
	l := rr.claimLoad(ctx, c, rr.bn.set.Duration, nil, nil, nil, nil)
	var res copied
	select {
	case res = <-done:
		r.CopyEndedInWindow = true
	default:
		cancel()
		res = <-done
		if copyCtx.Err() != nil {
			res.err = nil // cancelled, as meant
		}
	}
	s1, v1 := rr.cpu()
	r.ClientCPU, r.ServerCPU = (s1 - s0).Seconds(), (v1 - v0).Seconds()
	rr.loads = append(rr.loads, l)
	r.fromLoad(l, 1)
	r.CopyRows = res.p.Rows
	r.CopyRate = rate(res.p.Rows, res.at.Sub(start))
	if res.err != nil {
		r.Err = "the throttled copy: " + res.err.Error()
		return false
	}
	r.check("copy", res.p.Rows > 0, "the copy (rate %d rows/s) wrote %d rows in %d batches over %s (%s rows/s), ended within the window: %v",
		rr.bn.set.ReshardRate, res.p.Rows, res.p.Batches, res.at.Sub(start).Round(time.Millisecond), thousands(r.CopyRate), r.CopyEndedInWindow)
	fmt.Fprintf(os.Stderr, "  reshard: %s claims/s beside the copy at %s rows/s (%d rows)\n", thousands(r.Rate), thousands(r.CopyRate), r.CopyRows)
	return ctx.Err() == nil
}

// copy is the row reshard: the unthrottled copy from the checkpoints on,
// to the end, with the claim load running beside it until it ends. Its
// rate is the copy's rows/s; the claims' figures fill the other columns.
func (rr *reshardRun) copy(ctx context.Context, rs *reshard.Resharder) bool {
	// Alone, as the baseline's INSERTs run (and as migrate measures the
	// monolith's copy): the claims beside a copy are reshard-throttled's.
	_, r, ok := rr.newPhase(ctx, "reshard", "rows/s")
	if !ok {
		return false
	}
	rr.loads = append(rr.loads, &loadResult{}) // its coupon, claimed by no one
	s0, v0 := rr.cpu()
	start := time.Now()
	p, err := rs.Copy(ctx, reshard.CopyOptions{})
	took := time.Since(start)
	s1, v1 := rr.cpu()
	r.ClientCPU, r.ServerCPU = (s1 - s0).Seconds(), (v1 - v0).Seconds()
	r.Reshard = &reshardFigures{}
	r.Rate, r.WindowSec, r.StopReason = rate(p.Rows, took), took.Seconds(), "copy done"
	r.CopyRows, r.CopyRate = p.Rows, r.Rate
	if err != nil {
		r.Err = "the copy: " + err.Error()
		return false
	}
	// The copy read every running table to its end.
	st, err := rs.Status(ctx)
	if err != nil {
		r.Err = "reshard status: " + err.Error()
		return false
	}
	// Every running table copied past its fill rows (ids 1 to its count;
	// the claims' come after, and those written after the copy passed
	// them are the catch-up's).
	var copied, behind int64
	var firstBehind string
	for d := range rr.fill {
		for t := range rr.fill[d] {
			name := fmt.Sprintf("db%d.t%02d", d, t)
			var ts *reshard.TableStatus
			for i := range st.Tables {
				if st.Tables[i].Table == name {
					ts = &st.Tables[i]
				}
			}
			switch {
			case ts == nil:
				behind++
				if firstBehind == "" {
					firstBehind = "; no status of " + name
				}
			case ts.CopiedTo < int64(len(rr.fill[d][t])):
				behind++
				if firstBehind == "" {
					firstBehind = fmt.Sprintf("; %s copied through id %d, its fill through %d", name, ts.CopiedTo, len(rr.fill[d][t]))
				}
			default:
				copied += ts.Copied
			}
		}
	}
	r.check("copy", behind == 0 && copied >= int64(rr.bn.set.ReshardRows),
		"%d rows this run in %s, %d batches; the checkpoints count %d rows copied in all (the fill's %d, and the claims' written before the copy reached each table's end), %d tables not copied past their fill%s",
		p.Rows, took.Round(time.Millisecond), p.Batches, copied, rr.bn.set.ReshardRows, behind, firstBehind)
	fmt.Fprintf(os.Stderr, "  reshard: the copy: %d rows in %s, %s rows/s\n", p.Rows, took.Round(time.Millisecond), thousands(r.Rate))
	return ctx.Err() == nil
}

// cutover is the row reshard-cutover: the claim load, with the freeze's
// refusals sent again; meanwhile CatchUp, then Cutover, then
// reshardAfterSwitch more of claims on the new layout. Its rate is the
// claims'; their latencies take in the waits through the freeze.
func (rr *reshardRun) cutover(ctx context.Context, rs *reshard.Resharder) *Result {
	c, r, ok := rr.newPhase(ctx, "reshard-cutover", "claims/s")
	fig := &cutoverFigures{}
	r.Reshard = &reshardFigures{Cutover: fig}
	if !ok {
		return r
	}
	var (
		ref                  refusals
		switched             atomic.Bool
		afterN               atomic.Int64
		frozenAt, switchedAt time.Time
	)
	stop := make(chan struct{})
	loaded := make(chan *loadResult, 1)
	s0, v0 := rr.cpu()
	go func() { loaded <- rr.claimLoad(ctx, c, 0, stop, &ref, &switched, &afterN) }()

	start := time.Now()
	p, cerr := rs.CatchUp(ctx, reshard.CatchUpOptions{})
	fig.CatchUpRows, fig.CatchUpSec = p.Rows, time.Since(start).Seconds()
	fmt.Fprintf(os.Stderr, "  reshard: catch-up: %d changed rows in %s\n", p.Rows, time.Since(start).Round(time.Millisecond))
	var rep reshard.CutoverReport
	err := cerr
	cutStart := time.Now()
	if err == nil {
		rep, err = rs.Cutover(ctx, reshard.CutoverOptions{By: "couponbench " + rr.bn.prefix, Progress: func(step string) {
			now := time.Now()
			switch {
			case strings.HasPrefix(step, "freezing"): // said just before the state is written
				frozenAt = now
			case strings.HasPrefix(step, "switched"):
				switchedAt = now
				switched.Store(true)
			}
			fmt.Fprintf(os.Stderr, "  reshard: cut-over at +%s: %s\n", now.Sub(cutStart).Round(time.Millisecond), step)
		}})
	}
	cutEnd := time.Now()
	switched.Store(true)
	fig.CutoverSec = cutEnd.Sub(cutStart).Seconds()
	select {
	case <-ctx.Done():
	case <-time.After(reshardAfterSwitch):
	}
	close(stop)
	l := <-loaded
	s1, v1 := rr.cpu()
	r.ClientCPU, r.ServerCPU = (s1 - s0).Seconds(), (v1 - v0).Seconds()
	rr.loads = append(rr.loads, l)
	r.fromLoad(l, 1)

	fig.FrozenSec, fig.Instances, fig.Stale, fig.Layout = rep.Frozen.Seconds(), rep.Instances, len(rep.Stale), rep.Layout
	fig.CaughtUpFrozen, fig.VerifiedRows, fig.Differences, fig.Repaired = rep.CaughtUp, rep.Verified.Rows, len(rep.Verified.Diffs), rep.Repaired
	fig.VerifiedBefore = rep.Before.Rows
	fig.UnavailableAnswers, fig.RefusedClaims, fig.AfterSwitch = ref.answers.Load(), ref.claims.Load(), afterN.Load()
	if !ref.first.IsZero() {
		fig.RefusalSpanSec = ref.last.Sub(ref.first).Seconds()
	}
	if cerr != nil {
		r.check("cutover", false, "the catch-up before the cut-over failed: %v", cerr)
		return r
	}
	want := fmt.Sprintf("%dx%d", reshardToDBs, reshardToTables)
	detail := fmt.Sprintf("in use: %s (generation %d); %d instances switched, %d stale; writes frozen %s; caught up %d rows while frozen",
		rep.Layout, rep.Gen, rep.Instances, len(rep.Stale), rep.Frozen.Round(time.Millisecond), rep.CaughtUp)
	if err != nil {
		detail = "the cut-over: " + err.Error() + "; " + detail
	}
	r.check("cutover", err == nil && rep.Layout == want && rep.Instances >= 1 && len(rep.Stale) == 0, "%s", detail)
	detail = fmt.Sprintf("the cut-over's verify, while frozen: %d user coupons and %d tags compared, %d differences, %d set right", rep.Verified.Rows, rep.Verified.Tags, len(rep.Verified.Diffs), rep.Repaired)
	if len(rep.Verified.Diffs) > 0 {
		var first []string
		for _, d := range rep.Verified.Diffs[:min(3, len(rep.Verified.Diffs))] {
			first = append(first, truncate(d.String(), 300))
		}
		detail += "; first: " + strings.Join(first, "; ")
	}
	r.check("verify", err == nil && rep.Verified.Rows > 0 && len(rep.Verified.Diffs) == 0 && rep.Repaired == 0, "%s", detail)
	// The refusals fell in the freeze: none before it began, none once
	// the instance had switched (a second of slack for the answer's way).
	okSpan := ref.answers.Load() == 0 || !frozenAt.IsZero() && !ref.first.Before(frozenAt) && !ref.last.After(cutEnd.Add(time.Second))
	r.check("unavailable", okSpan && l.Failed == 0,
		"%d UNAVAILABLE answers to %d claims (each sent again until it went through), from +%s to +%s after the freeze began (frozen %s in all; switched at +%s); %d claims issued after the switch",
		ref.answers.Load(), ref.claims.Load(), sinceOr(ref.first, frozenAt), sinceOr(ref.last, frozenAt), rep.Frozen.Round(time.Millisecond),
		sinceOr(switchedAt, frozenAt), afterN.Load())
	return r
}

// sinceOr is t - from, rounded, or "-" when either is unknown.
func sinceOr(t, from time.Time) string {
	if t.IsZero() || from.IsZero() {
		return "-"
	}
	return t.Sub(from).Round(time.Millisecond).String()
}

// check runs, once the cut-over is over, each phase's claim invariants
// (stock, and -sample users read back through the API, which now reads the
// new layout) and the scenario's own on cut (the cut-over's row): every
// user coupon the claims were issued is in the new layout, in the table
// its user is routed to, with its id; the new layout holds exactly the
// fill's rows and the claims' of each coupon; the old one holds what the
// cut-over verified.
func (rr *reshardRun) check(ctx context.Context, cut *Result) {
	all := rr.checkPhases(ctx)
	d := duplicates(all)
	cut.check("duplicates-all", len(d) == 0, "%d user coupon ids issued over the %d phases, %d duplicated", len(all), len(rr.claims), len(d))

	// Rows per coupon in each layout.
	count := func(dbs []*sql.DB, tables int) (map[string]int64, int64, error) {
		out := map[string]int64{}
		var total int64
		for _, db := range dbs {
			for t := range tables {
				rows, err := db.QueryContext(ctx, "SELECT coupon_id, COUNT(*) FROM "+sharding.TableName("user_coupon", t, tables)+" GROUP BY coupon_id")
				if err != nil {
					return nil, 0, err
				}
				for rows.Next() {
					var id string
					var n int64
					if err := rows.Scan(&id, &n); err != nil {
						rows.Close()
						return nil, 0, err
					}
					out[id] += n
					total += n
				}
				if err := rows.Close(); err != nil {
					return nil, 0, err
				}
			}
		}
		return out, total, nil
	}
	newCounts, newTotal, err := count(rr.targets, reshardToTables)
	if err != nil {
		cut.check("new-layout", false, "counting the new layout's rows: %v", err)
		return
	}
	oldCounts, oldTotal, err := count(rr.shards, issueTables)
	if err != nil {
		cut.check("new-layout", false, "counting the old layout's rows: %v", err)
		return
	}
	n := int64(rr.bn.set.ReshardRows)
	var issued int64
	var mismatched []string
	for i, c := range rr.claims {
		want := rr.loads[i].Issued
		issued += want
		if got := newCounts[c.ids[0]]; got != want {
			mismatched = append(mismatched, fmt.Sprintf("%s: %d rows, the client was issued %d", rr.rows[i].Scenario, got, want))
		}
	}
	if newCounts[rr.fillID] != n {
		mismatched = append(mismatched, fmt.Sprintf("the fill: %d rows of %d", newCounts[rr.fillID], n))
	}
	cut.check("new-layout", len(mismatched) == 0 && newTotal == n+issued,
		"the new layout (%dx%d) holds %d user coupons: the fill's %d of %d, and %d of the claims' %d (the client's count, over %d coupons); old layout: %d (the cut-over verified %d); mismatches: %v",
		reshardToDBs, reshardToTables, newTotal, newCounts[rr.fillID], n, newTotal-newCounts[rr.fillID], issued, len(rr.claims),
		oldTotal, cut.Reshard.Cutover.VerifiedRows, mismatched)
	cut.check("old-layout", oldCounts[rr.fillID] == n && oldTotal >= cut.Reshard.Cutover.VerifiedBefore && oldTotal <= n+issued,
		"the old layout holds %d user coupons as the freeze left them, the fill's %d of %d; the cut-over verified %d before the freeze",
		oldTotal, oldCounts[rr.fillID], n, cut.Reshard.Cutover.VerifiedBefore)
	rr.checkIDs(ctx, cut, all)
	// The fill's coupon: its stock all taken, as many rows as that.
	if t, rem, err := rr.bn.api.stock(ctx, rr.fillID); err != nil || t != n || rem != 0 {
		cut.check("fill", false, "the fill's coupon: total %d remaining %d (want %d and 0), %v", t, rem, n, err)
	}
}

// checkPhases checks each phase's claims that ran (stock, holdings of
// -sample users read back through the API, no id twice, no unexpected
// error) and returns the ids they were issued.
func (rr *reshardRun) checkPhases(ctx context.Context) []string {
	var all []string
	for i, c := range rr.claims {
		if i >= len(rr.loads) || ctx.Err() != nil {
			break
		}
		r, l := rr.rows[i], rr.loads[i]
		all = append(all, l.IDs...)
		if r.Err != "" || r.Scenario == "reshard" { // the copy alone: no claims
			continue
		}
		rr.bn.checkStock(ctx, r, c.ids, l.Issued)
		rr.bn.checkHoldings(ctx, r, c.ids, 1, rr.bn.sampleUsers(c.userPrefix, l))
		checkDuplicates(r, l.IDs)
		checkUnexpected(r)
	}
	return all
}

// checkIDs: every public user coupon id the claims were issued names a row
// of the new layout, in the table its user is routed to, of that user.
func (rr *reshardRun) checkIDs(ctx context.Context, cut *Result, ids []string) {
	router, err := sharding.NewRouter(reshardToDBs, reshardToTables)
	if err != nil {
		cut.check("ids", false, "%v", err)
		return
	}
	type key struct{ db, table int }
	want := map[key]map[uint64]string{}
	bad := 0
	for _, id := range ids {
		user, rowID, err := models.ParseUserCouponID(id)
		if err != nil {
			bad++
			continue
		}
		rt := router.Route(user)
		k := key{rt.DB, rt.Table}
		if want[k] == nil {
			want[k] = map[uint64]string{}
		}
		want[k][rowID] = user
	}
	found, missing, wrongUser := 0, 0, 0
	var first string
	for k, rows := range want {
		list := make([]any, 0, len(rows))
		for id := range rows {
			list = append(list, id)
		}
		got := map[uint64]string{}
		for lo := 0; lo < len(list); lo += 1000 {
			part := list[lo:min(lo+1000, len(list))]
			q := "SELECT id, user_id FROM " + sharding.TableName("user_coupon", k.table, reshardToTables) + " WHERE id IN (?" + strings.Repeat(",?", len(part)-1) + ")"
			rs, err := rr.targets[k.db].QueryContext(ctx, q, part...)
			if err != nil {
				cut.check("ids", false, "%v", err)
				return
			}
			for rs.Next() {
				var id uint64
				var u string
				if err := rs.Scan(&id, &u); err != nil {
					rs.Close()
					cut.check("ids", false, "%v", err)
					return
				}
				got[id] = u
			}
			if err := rs.Close(); err != nil {
				cut.check("ids", false, "%v", err)
				return
			}
		}
		for id, u := range rows {
			switch g, ok := got[id]; {
			case !ok:
				missing++
				if first == "" {
					first = fmt.Sprintf("id %d of %s not in db%d.t%02d", id, u, k.db, k.table)
				}
			case g != u:
				wrongUser++
				if first == "" {
					first = fmt.Sprintf("id %d in db%d.t%02d is %s's, not %s's", id, k.db, k.table, g, u)
				}
			default:
				found++
			}
		}
	}
	cut.check("ids", bad == 0 && missing == 0 && wrongUser == 0 && found == len(ids),
		"%d user coupon ids the claims were issued: %d found in the new layout where their user is routed, %d missing, %d of another user, %d unreadable %s",
		len(ids), found, missing, wrongUser, bad, first)
}

// reshardTargets: the unthrottled copy against reshard-baseline (>= 0.5x),
// the claims beside the throttled copy against the claims alone (>=
// 0.8x), and how long the cut-over froze the writes (for information).
func reshardTargets(rs []*Result) []Target {
	row := func(name string) *Result {
		for _, r := range rs {
			if r.Scenario == name && r.Err == "" {
				return r
			}
		}
		return nil
	}
	atLeast := func(name, goal string, min float64, a, b *Result) Target {
		t := Target{Name: name, Unit: "x", Goal: goal, Status: "n/a"}
		if a == nil || b == nil {
			t.Note = "scenario not run"
			return t
		}
		t.Measured = ratio(a.Rate, b.Rate)
		t.Status = passFail(!math.IsNaN(t.Measured) && t.Measured >= min)
		return t
	}
	out := []Target{atLeast("reshard copy / reshard-baseline (rows/s)", ">= 0.5x", 0.5, row("reshard"), row("reshard-baseline"))}
	th := row("reshard-throttled")
	name := "reshard-throttled claims/s / reshard-claims-alone (throttled copy)"
	if th != nil {
		name = fmt.Sprintf("reshard-throttled claims/s / reshard-claims-alone (copy at %s rows/s)", thousands(th.CopyRate))
	}
	t := atLeast(name, ">= 0.8x", 0.8, th, row("reshard-claims-alone"))
	if th != nil && th.CopyEndedInWindow {
		t.Note = "the copy ended within the claim window"
	}
	out = append(out, t)
	if c := row("reshard-cutover"); c != nil && c.Reshard != nil && c.Reshard.Cutover != nil && c.findCheck("cutover") != nil && c.findCheck("cutover").OK {
		out = append(out, Target{Name: "reshard cut-over: writes frozen", Unit: "s", Measured: c.Reshard.Cutover.FrozenSec, Goal: "-", Status: "info"})
	}
	return out
}

// writeReshard prints the cut-over's own figures.
func writeReshard(w io.Writer, rs []*Result) {
	for _, r := range rs {
		if r.Scenario != "reshard-cutover" || r.Err != "" || r.Reshard == nil || r.Reshard.Cutover == nil {
			continue
		}
		f := r.Reshard.Cutover
		fmt.Fprintln(w, "| cut-over | catch-up before (rows, s) | frozen s | caught up while frozen | verified rows before / while frozen | differences / set right | instances | UNAVAILABLE answers | claims refused | claims/s | claims after the switch |")
		fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
		layout := f.Layout
		if layout == "" {
			layout = "not switched"
		}
		fmt.Fprintf(w, "| 2x4 -> %s | %d, %.2f | %.2f | %d | %d / %d | %d / %d | %d | %d | %d | %s | %d |\n\n",
			layout, f.CatchUpRows, f.CatchUpSec, f.FrozenSec, f.CaughtUpFrozen, f.VerifiedBefore, f.VerifiedRows, f.Differences, f.Repaired,
			f.Instances, f.UnavailableAnswers, f.RefusedClaims, thousands(r.Rate), f.AfterSwitch)
	}
}

// reshardDetails prints a reshard row's own figures (writeDetails).
func reshardDetails(w io.Writer, r *Result) {
	switch r.Scenario {
	case "reshard-throttled":
		fmt.Fprintf(w, "    copy during the claim window: %d rows, %s rows/s (rate %d)\n", r.CopyRows, thousands(r.CopyRate), r.CopyLimit)
	case "reshard":
		if r.Reshard != nil {
			fmt.Fprintf(w, "    copy alone: %d rows in %.2fs, %s rows/s\n", r.CopyRows, r.WindowSec, thousands(r.CopyRate))
		}
	case "reshard-cutover":
		if r.Reshard != nil && r.Reshard.Cutover != nil {
			f := r.Reshard.Cutover
			fmt.Fprintf(w, "    fill (setup): %d rows in %.2fs, folded %.2fs later; catch-up before the cut-over: %d rows in %.2fs; cut-over %.2fs, writes frozen %.2fs, %d rows caught up while frozen, %d verified, %d differences, %d set right\n",
				f.FillRows, f.FillSec, f.FoldSec, f.CatchUpRows, f.CatchUpSec, f.CutoverSec, f.FrozenSec, f.CaughtUpFrozen, f.VerifiedRows, f.Differences, f.Repaired)
			fmt.Fprintf(w, "    claims: %d UNAVAILABLE answers to %d claims over %.2fs; %d claims issued after the switch\n",
				f.UnavailableAnswers, f.RefusedClaims, f.RefusalSpanSec, f.AfterSwitch)
		}
	}
}
