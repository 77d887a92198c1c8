// Command couponbench measures coupond's claim and use paths, and the
// pricing of a cart, over its real HTTP GraphQL API and, in the same run, a
// raw baseline of the same claim and use loops (database/sql + redsync, no
// HTTP, GraphQL, ORM or cache) on the same MariaDB and Redis, so that
// coupond's figures read as ratios to what the machine can do rather than as
// absolute numbers.
//
// Run it from inside the module (it builds coupond and starts it on a free
// loopback port over MariaDB and Redis, in databases of its own that it drops
// at the end):
//
//	go run ./cmd/couponbench                               # every scenario
//	go run ./cmd/couponbench -scenarios baseline,hot-claim -duration 5s
//	go run ./cmd/couponbench -server http://127.0.0.1:8080 -admin-password pw
//	go run ./cmd/couponbench -json bench.json              # also write JSON
//	go run ./cmd/couponbench -markdown docs/benchmarks.md  # also write the report as a page, with the machine
//	go run ./cmd/couponbench -binlog                       # on a scratch MariaDB with the binary log on
//	go run ./cmd/couponbench -replicated                   # on a scratch primary and its replica, coupond reading the replica
//	go run ./cmd/couponbench -scenarios issue-baseline,issue -issue-users 1000000
//	go run ./cmd/couponbench -scenarios migrate-baseline,migrate-claims-alone,migrate-throttled,migrate -migrate-rows 100000 -duration 5s
//
// Scenarios, run one after another, never together:
//
//	baseline, baseline-1slot  the raw loop (16 stock slots, 1 slot): -users distinct users,
//	                          -stock units, -concurrency workers
//	hot-claim, hot-claim-1slot the same workload through claimCoupon
//	same-user                 one user, 200 parallel claims against a limit of 3 (exactly 3
//	                          succeed); another, 50 parallel retries of one requestId (1 issued,
//	                          49 replayed)
//	baseline-c8               the raw loop at 8 clients, stock for every user (single-c8's
//	                          workload: its p99 is the floor this machine sets for single-c8's)
//	single-c8                 claimCoupon at 8 clients, stock for every user
//	batch-claim               claimCoupons of 10 coupons at 8 clients
//	sold-out                  claims of a coupon whose stock is gone: refusals/s
//	use-baseline              the raw use: -users UNUSED rows of a table shaped like coupond's
//	                          user coupons, one per user; per use, in one transaction, the
//	                          guarded UPDATE to USED and an outbox INSERT; -concurrency workers
//	use                       the same through useCoupon: -users users each claim a coupon
//	                          (setup, not measured), then each uses it on its own order with
//	                          a 2-line cart, -concurrency at a time
//	qualify                   qualifyCart of a 20-line cart (catalog of 200 products in 8
//	                          categories) for one user holding 50 coupons of mixed kinds
//	                          (amount off, percent off with a cap, free shipping, thresholds
//	                          met and unmet, category whitelists), 8 clients for -duration
//	issue-baseline            the rows of a targeted issuance of -issue-users users (default
//	                          200000), written raw: 2 scratch databases of 4 tables shaped as
//	                          coupond's user coupon tables, each user in the table coupond's
//	                          sharding routes it to, multi-row INSERTs of 1000 rows, one writer
//	                          per table (the user coupon rows only: coupond also writes an
//	                          outbox event per row, reads the rows back and takes the stock)
//	issue                     the same through the API: a TARGETED coupon of stock
//	                          -issue-users, createIssuanceJob with an uploaded file of the
//	                          users (multipart, generated as it is sent), issuanceJob polled
//	                          every 250 ms until COMPLETED; meanwhile coupond's VmRSS is read
//	                          from /proc every 250 ms
//	reshard-baseline          the rows of the reshard scenario's fill (-reshard-rows, default
//	                          200000), with the ids the fill gives them, written raw as the
//	                          copy writes them into the target layout: 4 scratch databases of
//	                          8 tables made by coupond's migrations, each row in the table of
//	                          the 4x8 layout its user is routed to, in id order, multi-row
//	                          INSERTs of 1000 rows, one writer per table
//	reshard                   a coupond of its own (its own databases, 2x4, with a 4x8 target
//	                          configured as COUPOND_RESHARD_TABLES/_SHARD_DSNS), its shards
//	                          filled with -reshard-rows user coupons of a TARGETED coupon and
//	                          their outbox events (raw multi-row INSERTs; the stock taken; the
//	                          statistics waited for; setup, not counted), then, in couponbench
//	                          with internal/reshard, four rows: reshard-claims-alone, the
//	                          claim load of migrate-claims-alone for -duration with no copy;
//	                          reshard-throttled, the same while Copy runs at -reshard-rate
//	                          rows/s (default 2000), cancelled after -duration (the copy keeps
//	                          its checkpoints); reshard, the unthrottled Copy from the
//	                          checkpoints to the end with the claim load beside it (its rate
//	                          is the copy's rows/s, the other columns the claims'); and
//	                          reshard-cutover, the claim load while CatchUp and then Cutover
//	                          run, and 2 s after, each claim refused UNAVAILABLE by the freeze
//	                          sent again with its requestId every 100-150 ms (its latencies
//	                          take in the wait); a table of its own gives the cut-over's
//	                          figures (writes frozen, rows caught up and verified, differences,
//	                          UNAVAILABLE answers and the claims they met)
//	migrate-baseline          the rows of the dynamic copy of a monolith, written raw: the
//	                          monolith's -migrate-rows user coupons (default 1000000), read
//	                          beforehand (not counted) and made coupond rows as the copy makes
//	                          them, into 2 scratch databases of 4 tables made by coupond's
//	                          migrations, each row in the table coupond's sharding routes its
//	                          user to, multi-row INSERTs of 1000 rows, one writer per table
//	                          (the user coupon rows only: the copy also writes an outbox event
//	                          per row, checks for twins and checkpoints every batch)
//	migrate-claims-alone      the claim rate with no copy running: distinct users claim a coupond
//	                          coupon (not a migrated one) with stock for all of them,
//	                          -concurrency clients for -duration
//	migrate-throttled         through the ADMIN API: STATIC_COPY (waited for DONE) and
//	                          setMigrationMode(DUAL_WRITE), once; then startMigrationTask(COPY,
//	                          rowsPerSecond: -migrate-rate, default 2000) and at the same time
//	                          the load of migrate-claims-alone; then cancelMigrationTask, waited
//	                          for (the copy keeps its checkpoint). Its rate is the claims'; the
//	                          copy's rows/s over the claim window is in the details
//	migrate                   the unthrottled copy: startMigrationTask(COPY) from the checkpoint
//	                          on (the static copy and DUAL_WRITE first, when migrate-throttled
//	                          did not run), migration{task rowsBehind} polled every 250 ms until
//	                          DONE; then VERIFY
//
// The migrate scenarios share a scratch monolith database that couponbench
// writes before it starts coupond (legacy.Sample in the default layout:
// its 3 templates, and 5 user coupons for each of -migrate-rows/5 users;
// timed, not counted) and gives the coupond it starts as
// COUPOND_LEGACY_DSN (only when a migrate scenario is selected).
//
// Claims/s counts successful claims while stock remained: the clock stops at
// the last successful claim once OUT_OF_STOCK answers, when the users run
// out, or at -duration. Latencies are of the measured requests (successful
// claims; refusals for sold-out; every request for same-user); BUSY answers
// are retried with the same requestId, as a caller would, within one
// measured request.
//
// Uses/s counts successful uses until the user coupons run out or -duration
// passes; qualify's rate counts answers. Every qualifyCart answer is checked
// as it comes back. Rows/s: issue-baseline's are the rows written over the
// time of the INSERTs (its latencies are of the statements); issue's are the
// job's issued over the time from createIssuanceJob's answer (the audience
// uploaded and stored) to COMPLETED, as polled (or the job's finishedAt,
// when it falls in between); the job's own ratePerSecond, the upload time
// and coupond's memory are printed in a table of their own. A job that
// FAILS, is cancelled, or PAUSES with an error (out of stock) fails the
// scenario. migrate-baseline's rows/s are the rows written over the time of
// the INSERTs; migrate's are the rows the COPY task read itself (its done,
// less the checkpoint it resumed from) over the time from
// startMigrationTask's answer to DONE (or the task's finishedAt, when it
// falls between two polls); migrate-throttled's copy rows/s are the rows
// its checkpoint moved (rowsBehind before it started and after the claim
// window) over the claim window. A copy or VERIFY task that FAILS fails its
// scenario.
//
// It prints a Markdown table (one row per scenario, with its ratio:
// hot-claim to the baseline with as many slots, sold-out to hot-claim,
// batch-claim's p50 to single-c8's, use to use-baseline, issue to
// issue-baseline, migrate to migrate-baseline, migrate-throttled to
// migrate-claims-alone), then the targets as PASS/FAIL (hot-claim >= 0.6x
// baseline, 16 slots >= 1.5x 1 slot, sold-out >= 10x hot-claim, batch-claim
// p50 <= 3x single-c8's, single-c8 p99 <= 15 ms, use >= 0.6x use-baseline,
// qualify p99 <= 10 ms, issue >= 0.5x issue-baseline, coupond's peak RSS
// during the job < 300 MB: n/a with -server, migrate >= 0.5x
// migrate-baseline, migrate-throttled's claims/s >= 0.8x
// migrate-claims-alone's, the copy's rows/s in the target's name,
// reshard's copy >= 0.5x reshard-baseline, reshard-throttled's claims/s >=
// 0.8x reshard-claims-alone's, and the cut-over's frozen seconds for
// information), on
// stdout; progress and
// details go to stderr. After each scenario it checks the invariants.
// Claims: the units the client was issued equal totalStock - remainingStock
// and never exceed the stock; no user holds more than the per-user limit,
// and each holds what the client was issued (-sample users read back with
// userCoupons); no user coupon id is issued twice. Uses: every use attempted
// succeeded once, on the user coupon it named, USED with the coupon's 5.00
// off (the baseline: as many USED rows and outbox events as uses); 200 of
// them sent again with the same orderId replay (same user coupon, USED) and
// with another orderId are refused NOT_USABLE; -sample users read back with
// userCoupons(status:[USED]) hold exactly what the client recorded (their
// user coupon on their order, or nothing when the loop did not reach them).
// Qualify: every answer has 50 options, each user coupon once, and its best
// is the applicable option with the largest discount, compared as exact
// decimals (none when none applies). Issuance: the baseline's tables hold
// exactly the users routed to them, each once, N rows in all; the job
// COMPLETED with issued = processed = audienceSize = N, none skipped or
// failed, the coupon's remainingStock is 0 and issued = totalStock -
// remainingStock, and -sample users read back with userCoupons hold exactly
// one coupon of it. Migration: the baseline's tables hold exactly the
// monolith's rows routed to them, each (user_id, legacy_id) once; the
// throttled copy ends CANCELLED (or DONE, when it read every row within the
// window) with rows read + rows behind its checkpoint = the monolith's
// rows; the unthrottled copy ends DONE having read every row behind the
// checkpoint; VERIFY ends DONE with 0 differences; coupond's shards hold
// exactly -migrate-rows user coupons with a legacy id, none twice per
// (user_id, legacy_id), each with the user of the monolith's row of its
// legacy id; the claims' invariants are hot-claim's, with no refusal at
// all. Resharding: the baseline's tables hold exactly the rows routed to
// them, each id once; each claim phase's claims keep hot-claim's invariants
// (their users read back through the API after the cut-over, from the new
// layout); the cut-over switched every instance to 4x8 and its verify,
// while frozen, found no difference (none repaired); the UNAVAILABLE
// answers all fell in the freeze; the new layout holds exactly the fill's
// rows and, per coupon, what the client was issued, and every user coupon
// id issued is there, in the table its user is routed to; the old layout
// holds what the cut-over verified. Everywhere: no error other than the
// expected refusals.
// It exits 1 when an invariant fails, 2 when a scenario could not run; a
// missed target does not change the exit status.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/coupond/coupond/internal/mariadbtest"
)

// settings are the flags.
type settings struct {
	Duration      time.Duration `json:"-"` // as durationSeconds in the JSON report
	Concurrency   int           `json:"concurrency"`
	Users         int           `json:"users"`
	IssueUsers    int           `json:"issueUsers"`
	MigrateRows   int           `json:"migrateRows"`
	MigrateRate   int           `json:"migrateRate"`
	ReshardRows   int           `json:"reshardRows"`
	ReshardRate   int           `json:"reshardRate"`
	Codes         int           `json:"codes"`
	StatsRows     int           `json:"statsRows"`
	Stock         int64         `json:"stock"`
	Sample        int           `json:"sample"`
	Scenarios     []string      `json:"scenarios"`
	Server        string        `json:"server,omitempty"`
	AdminPassword string        `json:"-"`
	MySQL         string        `json:"mysql"`
	DBPool        int           `json:"dbPool"`
	Binlog        bool          `json:"binlog"`
	Replicated    bool          `json:"replicated"`
	Replica       string        `json:"replica,omitempty"` // the replica's server DSN (-replicated)
	MaxLag        time.Duration `json:"-"`
	Redis         string        `json:"redis"`
	Keep          bool          `json:"keep"`
	JSON          string        `json:"-"`
	Markdown      string        `json:"-"`
}

func main() {
	if os.Getenv("GOGC") == "" {
		// As coupond does: the load generator shares the server's cores,
		// and collecting its small heap less often leaves them more CPU.
		debug.SetGCPercent(400)
	}
	os.Exit(run())
}

func run() int {
	var set settings
	var scenarios string
	fs := flag.NewFlagSet("couponbench", flag.ContinueOnError)
	fs.DurationVar(&set.Duration, "duration", 10*time.Second, "longest a timed scenario runs")
	fs.IntVar(&set.Concurrency, "concurrency", 64, "concurrent clients (baseline, hot-claim, sold-out, use-baseline, use)")
	fs.IntVar(&set.Users, "users", 40000, "distinct users per timed scenario (each claims once; in use and use-baseline, each uses one coupon once)")
	fs.IntVar(&set.IssueUsers, "issue-users", 200000, "users of the issuance job (issue) and rows of issue-baseline")
	fs.IntVar(&set.MigrateRows, "migrate-rows", 1000000, "user coupons of the scratch monolith the migrate scenarios copy (a multiple of 5: 5 for each user) and rows of migrate-baseline")
	fs.IntVar(&set.MigrateRate, "migrate-rate", 2000, "rows/s of the throttled copy (migrate-throttled's rowsPerSecond)")
	fs.IntVar(&set.ReshardRows, "reshard-rows", 200000, "user coupons in the 2x4 shards the reshard scenario moves to 4x8, and rows of reshard-baseline")
	fs.IntVar(&set.ReshardRate, "reshard-rate", 2000, "rows/s of the reshard scenario's throttled copy (reshard-throttled)")
	fs.IntVar(&set.Codes, "codes", 1000000, "codes of the codes scenario and rows of codes-baseline")
	fs.IntVar(&set.StatsRows, "stats-rows", 10000000, "user coupons in the shards when the stats scenario measures the second time")
	fs.Int64Var(&set.Stock, "stock", 60000, "stock of the hot-claim, baseline and redeem coupons: enough that they do not sell out within -duration (the sold-out scenario measures that)")
	fs.IntVar(&set.Sample, "sample", 500, "users read back with userCoupons after a scenario (all when fewer)")
	fs.StringVar(&scenarios, "scenarios", "all", "comma list of: all, "+strings.Join(scenarioNames, ", "))
	fs.StringVar(&set.Server, "server", "", "URL of a running coupond (default: build and start one)")
	fs.StringVar(&set.AdminPassword, "admin-password", os.Getenv("COUPOND_ADMIN_PASSWORD"), "with -server: the admin password (default $COUPOND_ADMIN_PASSWORD)")
	fs.StringVar(&set.MySQL, "mysql", "root@tcp(127.0.0.1:3306)/", "MariaDB/MySQL server DSN (no database) for the started coupond and the baseline")
	fs.IntVar(&set.DBPool, "db-pool", 0, "connections per MySQL pool of the started coupond (COUPOND_DB_POOL); 0: -concurrency, the baseline's pool")
	fs.BoolVar(&set.Binlog, "binlog", false, "start a scratch MariaDB with the binary log on (sync_binlog=1, as a primary that feeds replicas) on a free port and run on it instead of -mysql")
	fs.BoolVar(&set.Replicated, "replicated", false, "as -binlog, and start a replica of that primary: the started coupond reads from it (COUPOND_META_DSN and COUPOND_SHARD_DSNS as primary|replica), and each scenario reports the replica's lag")
	fs.DurationVar(&set.MaxLag, "max-replica-lag", 2*time.Second, "with -replicated: the started coupond's COUPOND_MAX_REPLICA_LAG")
	fs.StringVar(&set.Redis, "redis", "127.0.0.1:6379", "Redis address for the started coupond and the baseline")
	fs.BoolVar(&set.Keep, "keep", false, "keep the databases, Redis keys and server log of this run")
	fs.StringVar(&set.JSON, "json", "", "also write the results as JSON to this file")
	fs.StringVar(&set.Markdown, "markdown", "", "also write the report as a Markdown page to this file (date, command, machine, then the tables; e.g. docs/benchmarks.md); an interrupted run writes none")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: couponbench [flags]   (see go doc ./cmd/couponbench)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	var err error
	if set.Scenarios, err = parseScenarios(scenarios); err != nil {
		fmt.Fprintln(os.Stderr, "couponbench:", err)
		return 2
	}
	if set.Concurrency < 1 || set.Users < 1 || set.IssueUsers < 1 || set.Codes < 1 || set.StatsRows < 2*statsSmall || set.Stock < 1 || set.DBPool < 0 || set.Sample < 1 || set.Duration <= 0 {
		fmt.Fprintln(os.Stderr, "couponbench: -concurrency, -users, -issue-users, -codes, -stock, -sample and -duration must be positive")
		return 2
	}

	if slices.ContainsFunc(set.Scenarios, isMigrate) {
		if err := checkMigrateFlags(set.MigrateRows, set.MigrateRate); err != nil {
			fmt.Fprintln(os.Stderr, "couponbench:", err)
			return 2
		}
	}

	if slices.ContainsFunc(set.Scenarios, isReshard) {
		if err := checkReshardFlags(set.ReshardRows, set.ReshardRate); err != nil {
			fmt.Fprintln(os.Stderr, "couponbench:", err)
			return 2
		}
	}

	if set.DBPool == 0 {
		set.DBPool = set.Concurrency
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if set.Binlog || set.Replicated {
		topo, primary, replica, err := startTopology(ctx, set.Replicated)
		if err != nil {
			fmt.Fprintln(os.Stderr, "couponbench: -binlog/-replicated:", err)
			return 2
		}
		defer topo.stop()
		set.MySQL, set.Replica = primary, replica
		fmt.Fprintf(os.Stderr, "couponbench: scratch MariaDB with the binary log at %s\n", primary)
		if replica != "" {
			fmt.Fprintf(os.Stderr, "couponbench: its replica at %s\n", replica)
		}
	}

	started := time.Now()
	bn := &bench{set: set, prefix: "cb" + randomHex(4)}
	fmt.Fprintf(os.Stderr, "couponbench: run %s, scenarios %s\n", bn.prefix, strings.Join(set.Scenarios, ","))
	defer bn.cleanup()

	// The migrate scenarios' monolith is written before coupond starts:
	// coupond is given it (COUPOND_LEGACY_DSN).
	if slices.ContainsFunc(set.Scenarios, isMigrate) {
		if err := bn.makeMonolith(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "couponbench:", err)
			return 2
		}
	}
	if slices.ContainsFunc(set.Scenarios, needsServer) {
		if code := bn.connect(ctx); code != 0 {
			return code
		}
	}

	var results []*Result
	for _, name := range set.Scenarios {
		if ctx.Err() != nil {
			break
		}
		if set.Replicated && set.Server == "" {
			// Each scenario starts with the replica caught up: one that is
			// still applying the previous scenario's writes takes its CPU
			// from this one.
			t0 := time.Now()
			if err := mariadbtest.WaitCaughtUp(ctx, set.MySQL, set.Replica, 2*time.Minute); err != nil {
				fmt.Fprintln(os.Stderr, "couponbench: waiting for the replica:", err)
			} else if d := time.Since(t0); d > 100*time.Millisecond {
				fmt.Fprintf(os.Stderr, "couponbench: the replica caught up in %.1fs\n", d.Seconds())
			}
		}
		fmt.Fprintf(os.Stderr, "couponbench: %s ...\n", name)
		pid := 0
		if bn.server != nil {
			pid = bn.server.cmd.Process.Pid
		}
		self0, srv0 := cpuTimes(pid)
		refused0 := connRefusals(ctx, set.MySQL)
		var lag *lagSampler
		if set.Replicated && bn.api != nil && set.Server == "" {
			lag = startLagSampler(ctx, bn.api.base, set.MaxLag)
		}
		var groups0 groupSnapshot
		if bn.api != nil {
			groups0 = readGroups(ctx, bn.api.base)
		}
		rs := bn.runScenario(ctx, name)
		self1, srv1 := cpuTimes(pid)
		var groups map[string]GroupFigures
		if bn.api != nil && len(rs) == 1 {
			groups = groupsBetween(groups0, readGroups(ctx, bn.api.base))
		}
		for _, r := range rs {
			if r.Groups == nil {
				r.Groups = groups
			}
			if lag != nil {
				lag.finish(r)
				lag = nil
			}
			if refused1 := connRefusals(ctx, set.MySQL); refused0 >= 0 && refused1 > refused0 {
				r.MySQLConnRefused = refused1 - refused0
			}
			if r.ClientCPU == 0 && r.ServerCPU == 0 {
				// (reshard measures its own coupond's, per row.)
				r.ClientCPU, r.ServerCPU = (self1-self0).Seconds()/float64(len(rs)), (srv1-srv0).Seconds()/float64(len(rs))
			}
			if ctx.Err() != nil {
				// Checks on a cut-short run would only report the cut.
				r.Checks, r.Err = nil, "interrupted"
			}
			writeDetails(os.Stderr, r)
			results = append(results, r)
		}
	}
	setRatios(results)
	ts := targets(results)
	if set.Replicated {
		ts = append(ts, replicaTargets(results)...)
	}
	header := fmt.Sprintf("couponbench, %s: %s", time.Now().Format("2006-01-02 15:04"), describeRun(set, bn))
	writeMarkdown(os.Stdout, results, ts, header)

	code := 0
	held := true
	for _, r := range results {
		if r.Err != "" && code == 0 {
			code = 2
		}
		for _, c := range r.Checks {
			if !c.OK {
				held = false
			}
		}
	}
	if !held {
		code = 1
	}
	if ctx.Err() != nil {
		code = 130
	}
	if set.JSON != "" {
		rep := jsonReport{At: time.Now().UTC(), Settings: set, DurationSeconds: set.Duration.Seconds(), Results: results, Targets: ts, OK: held,
			MonolithSetupSeconds: bn.monolithSec}
		if err := writeJSON(set.JSON, rep); err != nil {
			fmt.Fprintln(os.Stderr, "couponbench: -json:", err)
			if code == 0 {
				code = 2
			}
		}
	}
	if set.Markdown != "" && ctx.Err() == nil {
		doc := benchDoc{Started: started, Took: time.Since(started), Command: commandLine(os.Args[1:]),
			Machine: readMachine(ctx, set), Settings: describeRun(set, bn), Held: held, Results: results, Targets: ts}
		if err := writeBenchDocFile(set.Markdown, doc); err != nil {
			fmt.Fprintln(os.Stderr, "couponbench: -markdown:", err)
			if code == 0 {
				code = 2
			}
		}
	}
	return code
}

// describeRun is the run's settings in a line: users, stock, clients,
// duration, pools, topology and the sizes of the scenarios selected.
func describeRun(set settings, bn *bench) string {
	s := fmt.Sprintf("%d users, stock %d, %d clients (8 for single-c8, batch-claim and qualify), at most %s per scenario, coupond's pools %d",
		set.Users, set.Stock, set.Concurrency, set.Duration, set.DBPool)
	switch {
	case set.Replicated:
		s += fmt.Sprintf("; replicated topology: a MariaDB primary with the binary log (sync_binlog=1) and a replica by GTID, coupond reading the replica (COUPOND_MAX_REPLICA_LAG %s)", set.MaxLag)
	case set.Binlog:
		s += "; MariaDB with the binary log (sync_binlog=1)"
	}
	if slices.ContainsFunc(set.Scenarios, func(s string) bool { return strings.HasPrefix(s, "issue") }) {
		s += fmt.Sprintf("; issuance of %d users", set.IssueUsers)
	}
	if slices.Contains(set.Scenarios, "reshard") || slices.Contains(set.Scenarios, "reshard-baseline") {
		s += fmt.Sprintf("; resharding of %d user coupons from 2x4 to 4x8, throttled copy at %d rows/s", set.ReshardRows, set.ReshardRate)
	}
	if bn.monolithDSN != "" {
		s += fmt.Sprintf("; migration of a monolith of %d user coupons (written in %.1f s, not counted), throttled copy at %d rows/s",
			set.MigrateRows, bn.monolithSec, set.MigrateRate)
	}
	return s
}

// connect starts (or reaches, with -server) coupond, logs in as admin and
// makes the SERVICE key the claims use.
func (bn *bench) connect(ctx context.Context) int {
	base := bn.set.Server
	password := bn.set.AdminPassword
	if base == "" {
		password = randomHex(16)
		meta, shards := serverDatabases(bn.prefix)
		bn.created = append(bn.created, meta)
		bn.created = append(bn.created, shards...)
		var err error
		var env []string
		if bn.monolithDSN != "" {
			env = append(env, "COUPOND_LEGACY_DSN="+bn.monolithDSN)
		}
		bn.server, base, err = startServer(ctx, bn.set, bn.prefix, password, env)
		if err != nil {
			fmt.Fprintln(os.Stderr, "couponbench: start coupond:", err)
			return 2
		}
		bn.redisKeys = true
	} else if password == "" {
		fmt.Fprintln(os.Stderr, "couponbench: -server needs -admin-password (or $COUPOND_ADMIN_PASSWORD)")
		return 2
	}
	bn.api = newClient(base)
	if err := bn.api.login(ctx, "admin", password); err != nil {
		fmt.Fprintln(os.Stderr, "couponbench:", err)
		return 2
	}
	if err := bn.api.createServiceKey(ctx, "couponbench "+bn.prefix); err != nil {
		fmt.Fprintln(os.Stderr, "couponbench:", err)
		return 2
	}
	return 0
}

// cleanup stops the server it started and, unless -keep, drops the
// databases and Redis keys of the run.
func (bn *bench) cleanup() {
	if bn.base != nil {
		bn.base.close()
	}
	if bn.server != nil {
		bn.server.stop()
		bn.server.cleanup(bn.set.Keep)
		if bn.set.Keep {
			fmt.Fprintf(os.Stderr, "couponbench: kept the server log %s\n", bn.server.logPath)
		}
	}
	if bn.set.Keep {
		if len(bn.created) > 0 {
			fmt.Fprintf(os.Stderr, "couponbench: kept databases %s and Redis keys %s:*\n", strings.Join(bn.created, ", "), bn.prefix)
		}
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if len(bn.created) > 0 {
		if err := dropDatabases(ctx, bn.set.MySQL, bn.created); err != nil {
			fmt.Fprintln(os.Stderr, "couponbench: cleanup:", err)
		}
	}
	if bn.redisKeys || bn.base != nil {
		if err := cleanRedis(ctx, bn.set.Redis, bn.prefix+":"); err != nil {
			fmt.Fprintln(os.Stderr, "couponbench: cleanup redis:", err)
		}
	}
}

func parseScenarios(s string) ([]string, error) {
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		switch {
		case name == "":
		case name == "all":
			out = append(out, scenarioNames...)
		case slices.Contains(scenarioNames, name):
			out = append(out, name)
		default:
			return nil, fmt.Errorf("unknown scenario %q (know: all, %s)", name, strings.Join(scenarioNames, ", "))
		}
	}
	// Run in the canonical order, each once.
	var ordered []string
	for _, name := range scenarioNames {
		if slices.Contains(out, name) {
			ordered = append(ordered, name)
		}
	}
	if len(ordered) == 0 {
		return nil, fmt.Errorf("no scenario in -scenarios %q", s)
	}
	return ordered, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
