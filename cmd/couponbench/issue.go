package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/coupond/coupond/sharding"
)

// The issuance scenarios: issue-baseline, issue.

const (
	issueDBs        = 2    // as the started coupond: two shard databases
	issueTables     = 4    // of four tables each (COUPOND_TABLES_PER_SHARD)
	issueInsertRows = 1000 // rows per INSERT in issue-baseline (coupond's default batchSize)
	issuePoll       = 250 * time.Millisecond
	issueDiscount   = "5.00"
	issueCurrency   = "USD" // coupond's default currency, that of the issue coupon
	rssLimitMB      = 300
)

// issueDatabases are the scratch databases of issue-baseline.
func issueDatabases(prefix string) []string {
	out := make([]string, issueDBs)
	for i := range out {
		out[i] = fmt.Sprintf("%s_ib%d", prefix, i)
	}
	return out
}

// routeUsers groups the users "<prefix>0".."<prefix><n-1>" by the shard
// table coupond routes them to: [database][table].
func routeUsers(router *sharding.Router, prefix string, n int) [][][]string {
	out := make([][][]string, router.DBs())
	for d := range out {
		out[d] = make([][]string, router.Tables())
	}
	for i := range n {
		u := prefix + strconv.Itoa(i)
		rt := router.Route(u)
		out[rt.DB][rt.Table] = append(out[rt.DB][rt.Table], u)
	}
	return out
}

// runIssueBaseline is the scenario "issue-baseline": the rows an issuance
// job of -issue-users users writes, in multi-row INSERTs of issueInsertRows,
// straight on database/sql into 2 databases of 4 user coupon tables shaped
// as coupond's, each user in the table coupond routes it to; one writer per
// table.
func (bn *bench) runIssueBaseline(ctx context.Context) *Result {
	r := &Result{Scenario: "issue-baseline", Unit: "rows/s"}
	n := bn.set.IssueUsers
	router, err := sharding.NewRouter(issueDBs, issueTables)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	names := issueDatabases(bn.prefix)
	bn.created = append(bn.created, names...)
	dbs, err := openIssueDatabases(ctx, bn.set.MySQL, names, router, "issue-baseline")
	if err != nil {
		r.Err = err.Error()
		return r
	}
	defer func() {
		for _, db := range dbs {
			db.Close()
		}
		if !bn.set.Keep {
			// Free the server of a million rows before coupond writes its own.
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
			defer cancel()
			_ = dropDatabases(dctx, bn.set.MySQL, names)
		}
	}()

	seq := bn.nextSeq()
	couponID := seq
	userPrefix := fmt.Sprintf("ib%d-", seq)
	groups := routeUsers(router, userPrefix, n)

	rawInserts(ctx, r, dbs, groups, issueTables, func(q *strings.Builder, args []any, table string, users []string, now time.Time) []any {
		until := now.Add(7 * 24 * time.Hour)
		q.WriteString("INSERT INTO " + table + " (user_id, coupon_id, seq, request_id, status, channel, currency, discount_kind, amount_off, scope_kind, valid_from, valid_until, issued_at, updated_at) VALUES ")
		for i, u := range users {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?, ?, 1, ?, 'UNUSED', 'TARGETED', ?, 'AMOUNT_OFF', ?, 'ALL', ?, ?, ?, ?)")
			args = append(args, u, couponID, "job:"+strconv.FormatInt(seq, 10)+":"+u, issueCurrency, issueDiscount, now, until, now, now)
		}
		return args
	})

	// Every table holds exactly the users routed to it, each once.
	var total, bad int64
	var firstBad string
	for d := range groups {
		for t := range groups[d] {
			table := sharding.TableName("user_coupon", t, issueTables)
			var cnt, users int64
			err := dbs[d].QueryRowContext(ctx, "SELECT COUNT(*), COUNT(DISTINCT user_id) FROM "+table+" WHERE coupon_id = ?", couponID).Scan(&cnt, &users)
			if err != nil {
				r.Err = "audit: " + err.Error()
				return r
			}
			total += cnt
			if want := int64(len(groups[d][t])); cnt != want || users != want {
				bad++
				if firstBad == "" {
					firstBad = fmt.Sprintf("%s.%s: %d rows of %d users, routed there %d", names[d], table, cnt, users, want)
				}
			}
		}
	}
	detail := fmt.Sprintf("%d rows in %d tables for %d users (%d inserted), %d tables holding other than the users routed to them",
		total, issueDBs*issueTables, n, r.Issued, bad)
	if firstBad != "" {
		detail += "; first: " + firstBad
	}
	r.check("rows", total == int64(n) && r.Issued == int64(n) && bad == 0, "%s", detail)
	checkUnexpected(r)
	return r
}

// openIssueDatabases creates the databases names and, in each, the user
// coupon tables of router, for the scenario what (issue-baseline,
// migrate-baseline).
func openIssueDatabases(ctx context.Context, serverDSN string, names []string, router *sharding.Router, what string) ([]*sql.DB, error) {
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
	var dbs []*sql.DB
	closeAll := func() {
		for _, db := range dbs {
			db.Close()
		}
	}
	for _, name := range names {
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+name+"`"); err != nil {
			closeAll()
			return nil, fmt.Errorf("%s: create database: %w", what, err)
		}
		c := cfg.Clone()
		c.DBName = name
		c.InterpolateParams = true
		db, err := sql.Open("mysql", c.FormatDSN())
		if err != nil {
			closeAll()
			return nil, err
		}
		dbs = append(dbs, db)
		db.SetMaxOpenConns(router.Tables())
		db.SetMaxIdleConns(router.Tables())
		if err := migrateShard(db, router.Tables()); err != nil {
			closeAll()
			return nil, fmt.Errorf("%s: schema: %w", what, err)
		}
	}
	return dbs, nil
}

// issueScenario is the scenario "issue": a TARGETED coupon of stock N, an
// issuance job whose audience is an uploaded file of N users, polled until
// it completes.
func (bn *bench) issueScenario(ctx context.Context) *Result {
	r := &Result{Scenario: "issue", Unit: "rows/s"}
	n := bn.set.IssueUsers
	ids, err := bn.newCoupons(ctx, 1, couponSpec{Name: "issue", TotalStock: int64(n), PerUserLimit: 1, StockSlots: 16, Channels: []string{"TARGETED"}})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	userPrefix := fmt.Sprintf("%s-i%d-", bn.prefix, bn.nextSeq())

	pid := 0
	if bn.server != nil {
		pid = bn.server.cmd.Process.Pid
	}
	sampler := startRSSSampler(pid, issuePoll)

	t0 := time.Now()
	job, err := bn.api.createIssuanceJob(ctx, ids[0], bn.prefix+" issue", userPrefix, n)
	answered := time.Now()
	if err != nil {
		sampler.stop()
		r.Err = err.Error()
		return r
	}
	r.UploadSec = answered.Sub(t0).Seconds()
	fmt.Fprintf(os.Stderr, "  issue: job %s created, audience of %d uploaded and stored in %s\n", job.ID, n, answered.Sub(t0).Round(time.Millisecond))
	if job.AudienceSize == nil || *job.AudienceSize != int64(n) || job.Skipped != 0 {
		sampler.stop()
		r.Err = fmt.Sprintf("createIssuanceJob: audienceSize %v, skipped %d, want %d and 0 (lastError %q)", deref64(job.AudienceSize), job.Skipped, n, deref(job.LastError))
		return r
	}

	// Poll until COMPLETED; a job that cannot finish fails the scenario.
	deadline := answered.Add(5*time.Minute + time.Duration(n)*2*time.Millisecond)
	requests := int64(1)
	var (
		done       time.Time
		pollErrors int
		lastLog    = answered
		prevPoll   = answered // the last answer that was not COMPLETED
	)
	for done.IsZero() {
		select {
		case <-ctx.Done():
			sampler.stop()
			r.Err = "interrupted"
			return r
		case <-time.After(issuePoll):
		}
		j, err := bn.api.issuanceJob(ctx, job.ID)
		requests++
		now := time.Now()
		if err != nil {
			if pollErrors++; pollErrors >= 40 {
				sampler.stop()
				r.Err = fmt.Sprintf("polling the job: %d errors in a row, last: %v", pollErrors, err)
				return r
			}
			continue
		}
		pollErrors = 0
		job = j
		switch {
		case j.Status == "COMPLETED":
			done = now
			// The server's finishedAt, when on this clock and after the
			// previous poll (so not rounded down), is closer than the poll
			// that saw it.
			if f, err := time.Parse(time.RFC3339Nano, deref(j.FinishedAt)); err == nil && f.After(prevPoll) && f.Before(now) {
				done = f
			}
		case j.Status == "FAILED" || j.Status == "CANCELLED" || (j.Status == "PAUSED" && deref(j.LastError) != ""):
			sampler.stop()
			r.Err = fmt.Sprintf("job %s %s after %d issued: %s", j.ID, j.Status, j.Issued, deref(j.LastError))
			return r
		case now.After(deadline):
			sampler.stop()
			r.Err = fmt.Sprintf("job %s still %s after %s: %d of %d processed", j.ID, j.Status, now.Sub(answered).Round(time.Second), j.Processed, n)
			return r
		}
		if done.IsZero() {
			prevPoll = now
		}
		if now.Sub(lastLog) >= 5*time.Second && done.IsZero() {
			lastLog = now
			fmt.Fprintf(os.Stderr, "  issue: %s, %d of %d processed, %d issued, %.0f/s (job)\n", j.Status, j.Processed, n, j.Issued, j.RatePerSecond)
		}
	}
	peakKB, hwmKB, samples := sampler.stop()
	window := done.Sub(answered)

	r.Requests, r.OK = requests, requests
	r.Issued = job.Issued
	r.Failed = job.Failed
	r.WindowSec = window.Seconds()
	r.Rate = rate(job.Issued, window)
	r.JobRate = job.RatePerSecond
	r.StopReason = "job COMPLETED"
	r.PeakRSSMB, r.VmHWMMB, r.RSSSamples = float64(peakKB)/1024, float64(hwmKB)/1024, samples

	r.check("job", job.Status == "COMPLETED" && job.Issued == int64(n) && job.Processed == int64(n) && job.Skipped == 0 && job.Failed == 0,
		"status %s, audience %d, processed %d, issued %d, skipped %d, failed %d (want %d issued, none skipped or failed)",
		job.Status, deref64(job.AudienceSize), job.Processed, job.Issued, job.Skipped, job.Failed, n)
	bn.checkStock(ctx, r, ids, r.Issued)
	r.check("sold", r.TotalStock == int64(n) && r.Remaining == 0, "remainingStock %d of %d, want 0", r.Remaining, r.TotalStock)
	sample := rand.Perm(n)[:min(n, bn.set.Sample)]
	slices.Sort(sample)
	users := make([]sampledUser, len(sample))
	for k, i := range sample {
		users[k] = sampledUser{id: userPrefix + strconv.Itoa(i), want: 1}
	}
	bn.checkHoldings(ctx, r, ids, 1, users)
	checkUnexpected(r)
	return r
}

func deref64(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

// rssSampler reads a process's resident set size at a period until
// stopped, keeping the largest.
type rssSampler struct {
	pid     int
	quit    chan struct{}
	stopped chan struct{}
	peakKB  int64
	samples int
}

// startRSSSampler samples pid's VmRSS every period; with pid 0 it samples
// nothing.
func startRSSSampler(pid int, period time.Duration) *rssSampler {
	s := &rssSampler{pid: pid, quit: make(chan struct{}), stopped: make(chan struct{})}
	if pid <= 0 {
		close(s.stopped)
		return s
	}
	go func() {
		defer close(s.stopped)
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			if rss, _, err := readMemStatus(pid); err == nil {
				s.peakKB = max(s.peakKB, rss)
				s.samples++
			}
			select {
			case <-s.quit:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// stop ends the sampling and returns the largest VmRSS seen, the process's
// VmHWM (its peak since it started) and the number of samples, in kB. Safe
// to call twice.
func (s *rssSampler) stop() (peakKB, hwmKB int64, samples int) {
	select {
	case <-s.quit:
	default:
		close(s.quit)
	}
	<-s.stopped
	if s.pid > 0 {
		if rss, hwm, err := readMemStatus(s.pid); err == nil {
			s.peakKB = max(s.peakKB, rss)
			s.samples++
			hwmKB = hwm
		}
	}
	return s.peakKB, hwmKB, s.samples
}

// readMemStatus reads VmRSS and VmHWM of a process from
// /proc/<pid>/status (Linux).
func readMemStatus(pid int) (rssKB, hwmKB int64, err error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0, err
	}
	return parseMemStatus(b)
}

// parseMemStatus returns the VmRSS and VmHWM lines of a /proc/<pid>/status,
// in kB ("VmRSS:\t  123456 kB").
func parseMemStatus(b []byte) (rssKB, hwmKB int64, err error) {
	var haveRSS, haveHWM bool
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		f := strings.Fields(rest)
		if len(f) < 1 || (len(f) > 1 && f[1] != "kB") {
			return 0, 0, fmt.Errorf("%s: unexpected %q", name, rest)
		}
		v, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", name, err)
		}
		if name == "VmRSS" {
			rssKB, haveRSS = v, true
		} else {
			hwmKB, haveHWM = v, true
		}
	}
	if !haveRSS || !haveHWM {
		return 0, 0, errors.New("no VmRSS or VmHWM line (a kernel thread, or not Linux)")
	}
	return rssKB, hwmKB, nil
}

// rawInserts writes each table's rows of groups (per database, per table
// of a layout of tables tables), every table by a writer of its own, in
// multi-row INSERTs of issueInsertRows rows, and fills r with what they did
// (finishRaw). stmt writes one statement for a chunk of a table's rows into
// q and returns its arguments appended to args (both come empty); now is
// the statement's time. A writer stops at its first failure.
func rawInserts[T any](ctx context.Context, r *Result, dbs []*sql.DB, groups [][][]T, tables int,
	stmt func(q *strings.Builder, args []any, table string, chunk []T, now time.Time) []any) {
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  = map[string]int64{}
		written   atomic.Int64
		stmts     atomic.Int64
		wg        sync.WaitGroup
	)
	start := time.Now()
	for d := range groups {
		for t := range groups[d] {
			part := groups[d][t]
			table := sharding.TableName("user_coupon", t, tables)
			wg.Add(1)
			go func() {
				defer wg.Done()
				var lat []time.Duration
				var q strings.Builder
				var args []any
				for lo := 0; lo < len(part) && ctx.Err() == nil; lo += issueInsertRows {
					chunk := part[lo:min(lo+issueInsertRows, len(part))]
					q.Reset()
					args = stmt(&q, args[:0], table, chunk, time.Now().UTC().Truncate(time.Millisecond))
					t0 := time.Now()
					res, err := dbs[d].ExecContext(ctx, q.String(), args...)
					lat = append(lat, time.Since(t0))
					stmts.Add(1)
					if err != nil {
						mu.Lock()
						failures[truncate(err.Error(), 200)]++
						mu.Unlock()
						break
					}
					k, _ := res.RowsAffected()
					written.Add(k)
				}
				mu.Lock()
				latencies = append(latencies, lat...)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	finishRaw(ctx, r, stmts.Load(), written.Load(), failures, latencies, time.Since(start))
}

// finishRaw fills a raw INSERT scenario's result: the statements, the rows
// they wrote, their failures and latencies, over window.
func finishRaw(ctx context.Context, r *Result, stmts, written int64, failures map[string]int64, latencies []time.Duration, window time.Duration) {
	r.Requests, r.Issued, r.Errors = stmts, written, failures
	for _, v := range failures {
		r.Failed += v
	}
	r.OK = r.Requests - r.Failed
	r.WindowSec = window.Seconds()
	r.Rate = rate(r.Issued, window)
	r.P50ms = ms(percentile(latencies, 50))
	r.P99ms = ms(percentile(latencies, 99))
	r.StopReason = "all rows written"
	if ctx.Err() != nil {
		r.StopReason = "interrupted"
	}
}
