package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// The migration scenarios: migrate-baseline, migrate-claims-alone,
// migrate-throttled, migrate. They share a scratch monolith (legacy.Sample)
// that couponbench writes before coupond starts, and that the coupond it
// starts is given as COUPOND_LEGACY_DSN.

const (
	migratePerUser   = 5             // user coupons of each monolith user
	migrateRemaining = 1_000_000_000 // stock left of each monolith template (an INT column)
	migratePoll      = 250 * time.Millisecond
	migrateLog       = 5 * time.Second
	// migrateClaimCeiling bounds the claims/s the claim load has users and
	// stock for (far above what one machine serves), so that it runs for
	// -duration without running out.
	migrateClaimCeiling = 50000
)

// isMigrate: the scenario needs the scratch monolith.
func isMigrate(s string) bool { return strings.HasPrefix(s, "migrate") }

// checkMigrateFlags: -migrate-rows is a positive multiple of the rows each
// sample user holds, -migrate-rate a positive limit.
func checkMigrateFlags(rows, rate int) error {
	if rows < migratePerUser || rows%migratePerUser != 0 {
		return fmt.Errorf("-migrate-rows must be a positive multiple of %d (each monolith user holds %d coupons), not %d", migratePerUser, migratePerUser, rows)
	}
	if rate < 1 {
		return fmt.Errorf("-migrate-rate must be positive (rows/s of the throttled copy), not %d", rate)
	}
	return nil
}

// monolithDatabase is the scratch monolith's database.
func monolithDatabase(prefix string) string { return prefix + "_mono" }

// migrateBaselineDatabases are the scratch databases of migrate-baseline.
func migrateBaselineDatabases(prefix string) []string {
	out := make([]string, issueDBs)
	for i := range out {
		out[i] = fmt.Sprintf("%s_mb%d", prefix, i)
	}
	return out
}

// createDatabase creates the database name on the server of serverDSN.
func createDatabase(ctx context.Context, serverDSN, name string) error {
	dsn, err := dbDSN(serverDSN, "")
	if err != nil {
		return err
	}
	admin, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.ExecContext(ctx, "CREATE DATABASE `"+name+"`")
	return err
}

// makeMonolith writes the scratch monolith: a database of the run, the
// default layout's tables, and legacy.Sample's templates and -migrate-rows
// user coupons (migratePerUser for each of -migrate-rows/migratePerUser
// users). It is setup: timed, printed, never counted in a rate.
func (bn *bench) makeMonolith(ctx context.Context) error {
	name := monolithDatabase(bn.prefix)
	dsn, err := dbDSN(bn.set.MySQL, name)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := createDatabase(ctx, bn.set.MySQL, name); err != nil {
		return fmt.Errorf("monolith: create database: %w", err)
	}
	bn.created = append(bn.created, name)
	db, err := legacy.OpenLegacy(ctx, dsn)
	if err != nil {
		return fmt.Errorf("monolith: %w", err)
	}
	if s, err := db.DB(); err == nil {
		defer s.Close()
	}
	if err := legacy.CreateSchema(ctx, db); err != nil {
		return fmt.Errorf("monolith: %w", err)
	}
	users := bn.set.MigrateRows / migratePerUser
	n, err := legacy.Sample(ctx, db, legacy.SampleOptions{Users: users, PerUser: migratePerUser, Remaining: migrateRemaining, Templates: true})
	if err != nil {
		return fmt.Errorf("monolith: %w", err)
	}
	if n != bn.set.MigrateRows {
		return fmt.Errorf("monolith: legacy.Sample wrote %d user coupons, want %d", n, bn.set.MigrateRows)
	}
	bn.monolithDSN = dsn
	bn.monolithSec = time.Since(start).Seconds()
	fmt.Fprintf(os.Stderr, "couponbench: monolith %s: %d templates, %d users x %d = %d user coupons written in %s (setup, not counted)\n",
		name, legacy.SampleTemplates, users, migratePerUser, n, time.Since(start).Round(time.Millisecond))
	return nil
}

// monoTemplate is the discount of a monolith template as the static copy
// makes it; nil values are NULL.
type monoTemplate struct {
	kind                                    models.DiscountKind
	amountOff, percentOff, maxDiscount, min any
}

// monoRow is a monolith user coupon as the dynamic copy makes it a coupond
// row (the baseline's coupon id is the template's id).
type monoRow struct {
	id       int64
	user     string
	template int64
	seq      int32
	status   models.UserCouponStatus
	order    string    // "": NULL
	used     time.Time // zero: NULL
	issued   time.Time
	from     time.Time
	until    time.Time
}

// seqCounter numbers a user's rows of a template 1, 2, ... in the order it
// is given them, as the copy does (the smallest seq free).
type seqCounter map[seqKey]int32

type seqKey struct {
	user     string
	template int64
}

func (c seqCounter) next(user string, template int64) int32 {
	k := seqKey{user, template}
	c[k]++
	return c[k]
}

// positiveText is a decimal column's text when it is above 0, else nil
// (NULL), as the static copy reads amounts.
func positiveText(v sql.NullString) any {
	s := strings.TrimSpace(v.String)
	if !v.Valid || s == "" {
		return nil
	}
	if f, err := strconv.ParseFloat(s, 64); err != nil || f <= 0 {
		return nil
	}
	return s
}

// templateDiscount is a monolith template's discount, as the static copy
// makes it, under mapping m.
func templateDiscount(m *legacy.Mapping, kind string, amount, minSpend, maxDiscount sql.NullString) (monoTemplate, error) {
	k, ok := m.Coupons.KindValues[strings.TrimSpace(kind)]
	if !ok {
		return monoTemplate{}, fmt.Errorf("discount kind %q is not in the mapping", kind)
	}
	t := monoTemplate{kind: k, min: positiveText(minSpend)}
	switch k {
	case models.AmountOff:
		t.amountOff = positiveText(amount)
	case models.PercentOff:
		t.percentOff, t.maxDiscount = positiveText(amount), positiveText(maxDiscount)
	}
	return t, nil
}

// rowOrder is a row's order id as the copy keeps it: only a LOCKED or USED
// row has one, and not one of the mapping's "no order" values.
func rowOrder(m *legacy.Mapping, status models.UserCouponStatus, v sql.NullString) string {
	if status != models.UserCouponLocked && status != models.UserCouponUsed {
		return ""
	}
	s := strings.TrimSpace(v.String)
	if !v.Valid {
		return ""
	}
	for _, no := range m.UserCoupons.NoOrderValues {
		if s == no {
			return ""
		}
	}
	if len(s) > 128 {
		s = s[:128]
	}
	return s
}

// migrateColumns are the columns migrate-baseline writes of a user coupon:
// those the dynamic copy gives a value (the others are NULL in its rows).
var migrateColumns = []string{
	"user_id", "coupon_id", "seq", "request_id", "status", "channel", "currency",
	"discount_kind", "amount_off", "percent_off", "max_discount", "min_order_amount", "scope_kind",
	"valid_from", "valid_until", "issued_at", "order_id", "used_at", "updated_at", "legacy_id",
}

// appendMigrateRow appends the values of r, in migrateColumns' order.
func appendMigrateRow(args []any, m *legacy.Mapping, r *monoRow, t monoTemplate, now time.Time) []any {
	var order, used any
	if r.order != "" {
		order = r.order
	}
	if !r.used.IsZero() {
		used = r.used
	}
	return append(args,
		r.user, r.template, r.seq, legacy.RequestID(r.id), string(r.status), string(m.Channel), m.Currency,
		string(t.kind), t.amountOff, t.percentOff, t.maxDiscount, t.min, string(models.ScopeAll),
		r.from, r.until, r.issued, order, used, now, r.id,
	)
}

// readMonolith reads the monolith's templates and user coupons (in id
// order, as the copy does) and groups the rows by the coupond shard table
// router routes their users to: [database][table].
func readMonolith(ctx context.Context, dsn string, m *legacy.Mapping, router *sharding.Router) ([][][]monoRow, map[int64]monoTemplate, int, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, nil, 0, err
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, nil, 0, err
	}
	defer db.Close()

	c, u := m.Coupons, m.UserCoupons
	templates := map[int64]monoTemplate{}
	trows, err := db.QueryContext(ctx, "SELECT "+strings.Join([]string{c.ID, c.Kind, c.Amount, c.MinSpend, c.MaxDiscount}, ", ")+" FROM "+c.Table)
	if err != nil {
		return nil, nil, 0, err
	}
	for trows.Next() {
		var id int64
		var kind string
		var amount, minSpend, maxDiscount sql.NullString
		if err := trows.Scan(&id, &kind, &amount, &minSpend, &maxDiscount); err != nil {
			trows.Close()
			return nil, nil, 0, err
		}
		if templates[id], err = templateDiscount(m, kind, amount, minSpend, maxDiscount); err != nil {
			trows.Close()
			return nil, nil, 0, fmt.Errorf("template %d: %w", id, err)
		}
	}
	if err := trows.Close(); err != nil {
		return nil, nil, 0, err
	}

	groups := make([][][]monoRow, router.DBs())
	for d := range groups {
		groups[d] = make([][]monoRow, router.Tables())
	}
	rows, err := db.QueryContext(ctx, "SELECT "+strings.Join([]string{u.ID, u.UserID, u.CouponID, u.Status, u.OrderID, u.CreatedAt, u.UsedAt, u.ValidFrom, u.ValidUntil}, ", ")+
		" FROM "+u.Table+" ORDER BY "+u.ID)
	if err != nil {
		return nil, nil, 0, err
	}
	defer rows.Close()
	seqs := seqCounter{}
	var (
		n                    int
		lastRaw, lastUser    string
		status               string
		order                sql.NullString
		used                 sql.NullTime
		created, from, until time.Time
		id, template         int64
		rawUser              string
		haveRoute            bool
		route                sharding.Route
	)
	for rows.Next() {
		if err := rows.Scan(&id, &rawUser, &template, &status, &order, &created, &used, &from, &until); err != nil {
			return nil, nil, 0, err
		}
		if rawUser != lastRaw || !haveRoute {
			// A user's rows come together in the sample: one string and
			// one route for them.
			lastRaw, lastUser = rawUser, m.UserIDPrefix+strings.TrimSpace(rawUser)
			route, haveRoute = router.Route(lastUser), true
		}
		st, ok := u.StatusValues[strings.TrimSpace(status)]
		if !ok {
			return nil, nil, 0, fmt.Errorf("%s id %d: status %q is not in the mapping", u.Table, id, status)
		}
		if _, ok := templates[template]; !ok {
			return nil, nil, 0, fmt.Errorf("%s id %d: no template %d", u.Table, id, template)
		}
		r := monoRow{id: id, user: lastUser, template: template, seq: seqs.next(lastUser, template), status: st,
			order: rowOrder(m, st, order), issued: created.UTC(), from: from.UTC(), until: until.UTC()}
		if st == models.UserCouponUsed {
			r.used = r.issued
			if used.Valid {
				r.used = used.Time.UTC()
			}
		}
		groups[route.DB][route.Table] = append(groups[route.DB][route.Table], r)
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, nil, 0, err
	}
	return groups, templates, n, nil
}

// runMigrateBaseline is the scenario "migrate-baseline": the monolith's
// user coupons, made coupond rows (read beforehand, not counted), written
// in multi-row INSERTs of issueInsertRows straight on database/sql into 2
// scratch databases of 4 user coupon tables made by coupond's migrations,
// each row in the table coupond's sharding routes its user to; one writer
// per table.
func (bn *bench) runMigrateBaseline(ctx context.Context) *Result {
	r := &Result{Scenario: "migrate-baseline", Unit: "rows/s"}
	if bn.monolithDSN == "" {
		r.Err = "no monolith (it is written before the migrate scenarios)"
		return r
	}
	router, err := sharding.NewRouter(issueDBs, issueTables)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	m := legacy.DefaultMapping()
	t0 := time.Now()
	groups, templates, n, err := readMonolith(ctx, bn.monolithDSN, m, router)
	if err != nil {
		r.Err = "reading the monolith: " + err.Error()
		return r
	}
	fmt.Fprintf(os.Stderr, "  migrate-baseline: %d monolith rows read and routed in %s (setup, not counted)\n", n, time.Since(t0).Round(time.Millisecond))

	names := migrateBaselineDatabases(bn.prefix)
	bn.created = append(bn.created, names...)
	dbs, err := openIssueDatabases(ctx, bn.set.MySQL, names, router, "migrate-baseline")
	if err != nil {
		r.Err = err.Error()
		return r
	}
	defer func() {
		for _, db := range dbs {
			db.Close()
		}
		if !bn.set.Keep {
			// Free the server of the rows before coupond writes its own.
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
			defer cancel()
			_ = dropDatabases(dctx, bn.set.MySQL, names)
		}
	}()

	head := "INSERT INTO %s (" + strings.Join(migrateColumns, ", ") + ") VALUES "
	tuple := "(?" + strings.Repeat(", ?", len(migrateColumns)-1) + ")"
	rawInserts(ctx, r, dbs, groups, issueTables, func(q *strings.Builder, args []any, table string, chunk []monoRow, now time.Time) []any {
		fmt.Fprintf(q, head, table)
		for i := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString(tuple)
			args = appendMigrateRow(args, m, &chunk[i], templates[chunk[i].template], now)
		}
		return args
	})

	// Every table holds exactly the rows routed to it, each once.
	var total, bad int64
	var firstBad string
	for d := range groups {
		for t := range groups[d] {
			table := sharding.TableName("user_coupon", t, issueTables)
			var cnt, distinct int64
			err := dbs[d].QueryRowContext(ctx, "SELECT COUNT(*), COUNT(DISTINCT user_id, legacy_id) FROM "+table+" WHERE legacy_id IS NOT NULL").Scan(&cnt, &distinct)
			if err != nil {
				r.Err = "audit: " + err.Error()
				return r
			}
			total += cnt
			if want := int64(len(groups[d][t])); cnt != want || distinct != want {
				bad++
				if firstBad == "" {
					firstBad = fmt.Sprintf("%s.%s: %d rows, %d distinct (user, legacy id), routed there %d", names[d], table, cnt, distinct, want)
				}
			}
		}
	}
	detail := fmt.Sprintf("%d rows in %d tables of the monolith's %d (%d inserted, -migrate-rows %d), %d tables holding other than the rows routed to them",
		total, issueDBs*issueTables, n, r.Issued, bn.set.MigrateRows, bad)
	if firstBad != "" {
		detail += "; first: " + firstBad
	}
	r.check("rows", total == int64(n) && r.Issued == int64(n) && n == bn.set.MigrateRows && bad == 0, "%s", detail)
	checkUnexpected(r)
	return r
}

// claimRun is the claim load of migrate-claims-alone and migrate-throttled:
// distinct users claim a coupond coupon created for it (not a migrated
// one), with users and stock enough for -duration.
type claimRun struct {
	ids        []string
	tmpl       bodyTemplate
	userPrefix string
	jobs       int
}

// migrateClaimJobs is how many users (and units of stock) the claim load
// gets: enough for migrateClaimCeiling claims/s over the duration.
func migrateClaimJobs(users int, d time.Duration) int {
	return max(users, int(d.Seconds()*migrateClaimCeiling))
}

func (bn *bench) newClaimRun(ctx context.Context, name string) (*claimRun, error) {
	jobs := migrateClaimJobs(bn.set.Users, bn.set.Duration)
	ids, err := bn.newCoupons(ctx, 1, couponSpec{Name: name, TotalStock: int64(jobs), PerUserLimit: 1, StockSlots: 16})
	if err != nil {
		return nil, err
	}
	return &claimRun{ids: ids, tmpl: newClaimTemplate(ids), userPrefix: fmt.Sprintf("%s-m%d-", bn.prefix, bn.nextSeq()), jobs: jobs}, nil
}

// run is the load: -concurrency clients for -duration.
func (c *claimRun) run(ctx context.Context, bn *bench) *loadResult {
	return runLoad(ctx, loadSpec{
		jobs: c.jobs, concurrency: bn.set.Concurrency, duration: bn.set.Duration,
		stopCode: "OUT_OF_STOCK", perJob: true,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			buf = c.tmpl.fill(buf, c.userPrefix, i, "r", i)
			return buf, bn.api.claim(ctx, buf, false)
		},
	})
}

// check: the claims' invariants, as hot-claim's; no refusal is expected
// (the stock is there for every user).
func (c *claimRun) check(ctx context.Context, bn *bench, r *Result, l *loadResult) {
	bn.checkStock(ctx, r, c.ids, r.Issued)
	bn.checkHoldings(ctx, r, c.ids, 1, bn.sampleUsers(c.userPrefix, l))
	checkDuplicates(r, l.IDs)
	checkUnexpected(r)
}

// migrateClaimsAlone is the scenario "migrate-claims-alone": the claim
// load with no copy running.
func (bn *bench) migrateClaimsAlone(ctx context.Context) *Result {
	r := &Result{Scenario: "migrate-claims-alone", Unit: "claims/s"}
	c, err := bn.newClaimRun(ctx, r.Scenario)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	l := c.run(ctx, bn)
	r.fromLoad(l, 1)
	c.check(ctx, bn, r, l)
	return r
}

// prepareMigration brings the migration to where the dynamic copy may run,
// once: the static copy (waited for DONE) and DUAL_WRITE. Setup: timed,
// printed, never counted.
func (bn *bench) prepareMigration(ctx context.Context) error {
	if bn.server == nil || bn.monolithDSN == "" {
		return errors.New("needs the coupond couponbench starts (it is given the scratch monolith as COUPOND_LEGACY_DSN)")
	}
	if bn.migrationReady {
		return nil
	}
	start := time.Now()
	st, err := bn.api.migration(ctx)
	if err != nil {
		return err
	}
	if !st.Configured {
		return errors.New("coupond answers migration{configured: false}: it has no legacy database")
	}
	if st.Mode == "LEGACY_ONLY" {
		if st.CopiedTemplates < st.LegacyTemplates {
			task, err := bn.api.startMigrationTask(ctx, "STATIC_COPY", 0)
			if err != nil {
				return err
			}
			w, err := bn.api.waitMigrationTask(ctx, task.ID, migratePoll, 5*time.Minute, nil)
			if err != nil {
				return fmt.Errorf("STATIC_COPY: %w", err)
			}
			if w.Task.Status != "DONE" {
				return fmt.Errorf("STATIC_COPY task %s ended %s: %s", w.Task.ID, w.Task.Status, deref(w.Task.Error))
			}
			fmt.Fprintf(os.Stderr, "  STATIC_COPY DONE: %d of %d templates, %d written, in %s (setup, not counted)\n",
				w.Task.Done, w.Task.Total, w.Task.Written, time.Since(start).Round(time.Millisecond))
		}
		if err := bn.api.setMigrationMode(ctx, "DUAL_WRITE"); err != nil {
			return err
		}
		// Every instance follows the mode within legacy.WatchInterval.
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(legacy.WatchInterval + 100*time.Millisecond):
		}
		fmt.Fprintf(os.Stderr, "  migration in DUAL_WRITE (setup, not counted: %s)\n", time.Since(start).Round(time.Millisecond))
	} else if st.Mode != "DUAL_WRITE" {
		return fmt.Errorf("the migration is in %s: the benchmark copies in DUAL_WRITE", st.Mode)
	}
	bn.migrationReady = true
	return nil
}

// migrateThrottled is the scenario "migrate-throttled": the dynamic copy at
// -migrate-rate rows/s and, at the same time, the claim load of
// migrate-claims-alone; then the copy is cancelled (it keeps its
// checkpoint). Its rate is the claims'; the copy's rows/s over the claim
// window is read from its checkpoint (rowsBehind) before and after.
func (bn *bench) migrateThrottled(ctx context.Context) *Result {
	r := &Result{Scenario: "migrate-throttled", Unit: "claims/s", CopyLimit: bn.set.MigrateRate}
	if err := bn.prepareMigration(ctx); err != nil {
		r.Err = err.Error()
		return r
	}
	c, err := bn.newClaimRun(ctx, r.Scenario)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	before, err := bn.api.migration(ctx)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	if before.RowsBehind == 0 {
		r.Err = "nothing left to copy (rowsBehind 0)"
		return r
	}
	task, err := bn.api.startMigrationTask(ctx, "COPY", bn.set.MigrateRate)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	l := c.run(ctx, bn)
	after, err := bn.api.migration(ctx)
	if err != nil {
		r.Err = "reading the migration after the claim window: " + err.Error()
		return r
	}
	_, running, err := bn.api.cancelMigrationTask(ctx)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	w, err := bn.api.waitMigrationTask(ctx, task.ID, migratePoll, 2*time.Minute, nil)
	if err != nil {
		r.Err = "waiting for the cancelled copy: " + err.Error()
		return r
	}
	r.fromLoad(l, 1)
	r.CopyRows = before.RowsBehind - after.RowsBehind
	r.CopyRate = rate(r.CopyRows, l.Window)
	r.CopyWritten = w.Task.Written
	r.CopyTaskStatus = w.Task.Status
	r.CopyEndedInWindow = after.Task != nil && after.Task.ID == task.ID && after.Task.Status != "RUNNING"
	if w.Task.Status == "FAILED" {
		r.Err = fmt.Sprintf("the throttled copy (task %s) FAILED after %d rows read: %s", w.Task.ID, w.Task.Done, deref(w.Task.Error))
		return r
	}
	// Cancelled (or DONE before the cancel was seen, when the monolith had
	// too few rows for -duration at -migrate-rate), at its checkpoint:
	// the rows it read are those up to it, and the rest are behind.
	ended := w.Task.Status == "CANCELLED" || w.Task.Status == "DONE"
	r.check("copy", ended && w.State.RowsBehind+w.Task.Done == before.LegacyRows,
		"the copy (task %s, rowsPerSecond %d) ended %s (cancel found it running: %v), %d of %d rows read, %d written, %d behind the checkpoint (read + behind = %d, want the monolith's %d)",
		w.Task.ID, w.Task.RowsPerSecond, w.Task.Status, running, w.Task.Done, w.Task.Total, w.Task.Written, w.State.RowsBehind,
		w.State.RowsBehind+w.Task.Done, before.LegacyRows)
	c.check(ctx, bn, r, l)
	return r
}

// copyReadThisRun is how many rows a COPY task read itself: its done counts
// from the checkpoint's start (done = checkpoint's read + this run's), and
// total is the checkpoint's read plus the rows behind it at the start,
// behind before it was started.
func copyReadThisRun(done, total, behind int64) int64 {
	return done - (total - behind)
}

// migrateScenario is the scenario "migrate": the unthrottled dynamic copy
// through the API, from the checkpoint on, polled every migratePoll until
// DONE; then VERIFY, and the rows coupond holds.
func (bn *bench) migrateScenario(ctx context.Context) *Result {
	r := &Result{Scenario: "migrate", Unit: "rows/s"}
	if err := bn.prepareMigration(ctx); err != nil {
		r.Err = err.Error()
		return r
	}
	before, err := bn.api.migration(ctx)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	behind := before.RowsBehind
	if behind == 0 {
		r.Err = "nothing left to copy: the throttled copy read every row (raise -migrate-rows, or lower -duration or -migrate-rate)"
		return r
	}
	task, err := bn.api.startMigrationTask(ctx, "COPY", 0)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	answered := time.Now()
	lastLog := answered
	w, err := bn.api.waitMigrationTask(ctx, task.ID, migratePoll, 5*time.Minute+time.Duration(behind)*2*time.Millisecond, func(st *migrationState) {
		if now := time.Now(); now.Sub(lastLog) >= migrateLog {
			lastLog = now
			t := st.Task
			fmt.Fprintf(os.Stderr, "  migrate: %s, %d of %d read, %d written, %d behind, %s rows/s so far\n", t.Status, t.Done, t.Total, t.Written,
				st.RowsBehind, thousands(rate(copyReadThisRun(t.Done, t.Total, behind), now.Sub(answered))))
		}
	})
	if err != nil {
		r.Err = "the copy: " + err.Error()
		return r
	}
	if w.Task.Status != "DONE" {
		r.Err = fmt.Sprintf("the copy (task %s) ended %s after %d of %d rows read (%d written): %s", w.Task.ID, w.Task.Status,
			w.Task.Done, w.Task.Total, w.Task.Written, deref(w.Task.Error))
		return r
	}
	read := copyReadThisRun(w.Task.Done, w.Task.Total, behind)
	window := w.End.Sub(answered)
	r.Requests, r.OK = w.Polls+1, w.Polls+1
	r.Issued = read
	r.WindowSec = window.Seconds()
	r.Rate = rate(read, window)
	r.StopReason = "task DONE"
	r.CopyRows, r.CopyRate, r.CopyWritten, r.CopyTaskStatus = read, r.Rate, w.Task.Written, w.Task.Status
	r.PollMs = w.meanPollMs()
	r.check("copy", read == behind && w.Task.Done == w.Task.Total && w.State.RowsBehind == 0,
		"task %s DONE: %d rows read this run of the %d behind the checkpoint (%d of %d in all), %d written, %d behind at the end",
		w.Task.ID, read, behind, w.Task.Done, w.Task.Total, w.Task.Written, w.State.RowsBehind)

	bn.verifyMigration(ctx, r)
	bn.checkMigratedRows(ctx, r)
	checkUnexpected(r)
	return r
}

// verifyMigration runs VERIFY through the API and checks that it found no
// difference.
func (bn *bench) verifyMigration(ctx context.Context, r *Result) {
	start := time.Now()
	task, err := bn.api.startMigrationTask(ctx, "VERIFY", 0)
	if err != nil {
		r.check("verify", false, "%v", err)
		return
	}
	lastLog := start
	w, err := bn.api.waitMigrationTask(ctx, task.ID, migratePoll, 10*time.Minute+time.Duration(bn.set.MigrateRows)*2*time.Millisecond, func(st *migrationState) {
		if now := time.Now(); now.Sub(lastLog) >= migrateLog {
			lastLog = now
			fmt.Fprintf(os.Stderr, "  migrate: VERIFY %s, %d users, %d monolith rows, %d coupond rows, %d differences\n",
				st.Task.Status, st.Task.Users, st.Task.Done, st.Task.Written, st.Task.Differences)
		}
	})
	if err != nil {
		r.check("verify", false, "VERIFY: %v", err)
		return
	}
	t := w.Task
	r.VerifySec = w.End.Sub(start).Seconds()
	detail := fmt.Sprintf("VERIFY (task %s) %s in %s: %d users, %d monolith rows, %d coupond rows compared, %d differences",
		t.ID, t.Status, w.End.Sub(start).Round(time.Millisecond), t.Users, t.Done, t.Written, t.Differences)
	if t.Error != nil {
		detail += "; error: " + *t.Error
	}
	if t.Differences > 0 {
		if diffs, err := bn.api.verifyDiffs(ctx, 5); err == nil {
			detail += "; first: " + strings.Join(diffs, "; ")
		}
	}
	r.check("verify", t.Status == "DONE" && t.Differences == 0, "%s", detail)
}

// checkMigratedRows counts, in coupond's shard databases, the user coupons
// with a legacy id: exactly -migrate-rows, none twice per (user_id,
// legacy_id), and each the twin of the monolith's row of its legacy id
// (same user).
func (bn *bench) checkMigratedRows(ctx context.Context, r *Result) {
	_, shards := serverDatabases(bn.prefix)
	dsn, err := dbDSN(bn.set.MySQL, "")
	if err != nil {
		r.check("rows", false, "%v", err)
		return
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		r.check("rows", false, "%v", err)
		return
	}
	defer db.Close()
	m := legacy.DefaultMapping()
	u := m.UserCoupons
	mono := monolithDatabase(bn.prefix)
	var total, distinct, matched int64
	for _, shard := range shards {
		for t := range issueTables {
			table := "`" + shard + "`." + sharding.TableName("user_coupon", t, issueTables)
			q := "SELECT COUNT(*), COUNT(DISTINCT c.user_id, c.legacy_id), COUNT(l." + u.ID + ") FROM " + table + " c LEFT JOIN `" + mono + "`." + u.Table +
				" l ON l." + u.ID + " = c.legacy_id AND CONCAT(?, l." + u.UserID + ") = c.user_id WHERE c.legacy_id IS NOT NULL"
			var cnt, dis, mat int64
			if err := db.QueryRowContext(ctx, q, m.UserIDPrefix).Scan(&cnt, &dis, &mat); err != nil {
				r.check("rows", false, "counting %s: %v", table, err)
				return
			}
			total, distinct, matched = total+cnt, distinct+dis, matched+mat
		}
	}
	want := int64(bn.set.MigrateRows)
	r.check("rows", total == want && distinct == total && matched == total,
		"coupond holds %d user coupons with a legacy id (want -migrate-rows %d), %d distinct (user_id, legacy_id), %d the twin of the monolith's row of their legacy id",
		total, want, distinct, matched)
}
