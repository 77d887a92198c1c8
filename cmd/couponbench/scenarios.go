package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// scenarioNames in the order they run.
var scenarioNames = []string{
	"baseline", "baseline-1slot", "hot-claim", "hot-claim-nostats", "hot-claim-1slot",
	"same-user", "baseline-c8", "single-c8", "batch-claim", "sold-out",
	"use-baseline", "use", "use-budget", "use-stack", "qualify", "qualify-stack", "issue-baseline", "issue",
	"codes-baseline", "codes", "redeem", "stats", "reshard-baseline", "reshard",
	"migrate-baseline", "migrate-claims-alone", "migrate-throttled", "migrate",
}

const (
	smallConcurrency = 8   // batch-claim, single-c8 and baseline-c8
	batchSize        = 10  // coupons per batch claim
	sameUserBurst    = 200 // parallel claims of one user, distinct request ids
	sameUserLimit    = 3
	retryBurst       = 50 // parallel claims of one user, one request id
)

// bench holds what the scenarios share.
type bench struct {
	set       settings
	api       *client // nil when no API scenario runs
	prefix    string  // names this run's databases and Redis keys
	base      *baseline
	server    *serverProc  // the coupond couponbench started, if any
	redisKeys bool         // the started coupond wrote keys under prefix
	created   []string     // databases to drop at the end
	couponSeq int64        // numbers the scenarios' coupons and users
	useTables bool         // the use-baseline tables exist
	catalog   *catalogData // written once, for use and qualify
	// The migrate scenarios: the scratch monolith's DSN (given to the
	// started coupond), the seconds it took to write, and whether the
	// migration was brought to DUAL_WRITE (static copy done).
	monolithDSN    string
	monolithSec    float64
	migrationReady bool
}

// needsServer: every scenario but the raw baselines talks to coupond (the
// one couponbench starts first, or -server); reshard starts one of its own.
func needsServer(s string) bool {
	return !strings.HasPrefix(s, "baseline") && !strings.HasSuffix(s, "-baseline") && s != "reshard"
}

// runScenario runs one scenario; most make one row, stats makes several.
func (bn *bench) runScenario(ctx context.Context, name string) []*Result {
	switch name {
	case "stats":
		return bn.statsScenario(ctx)
	case "hot-claim-nostats":
		return []*Result{bn.hotClaimNoStats(ctx)}
	case "reshard":
		return bn.reshardScenario(ctx)
	}
	return []*Result{bn.run(ctx, name)}
}

func (bn *bench) run(ctx context.Context, name string) *Result {
	switch name {
	case "baseline":
		return bn.runBaseline(ctx, name, 16, bn.set.Concurrency, bn.set.Stock)
	case "baseline-1slot":
		return bn.runBaseline(ctx, name, 1, bn.set.Concurrency, bn.set.Stock)
	case "baseline-c8":
		// single-c8's workload on the raw loop: what 8 clients' latency
		// is on this machine without coupond.
		return bn.runBaseline(ctx, name, 16, smallConcurrency, int64(bn.set.Users))
	case "hot-claim":
		return bn.hotClaim(ctx, name, 16, bn.set.Concurrency, bn.set.Stock)
	case "hot-claim-1slot":
		return bn.hotClaim(ctx, name, 1, bn.set.Concurrency, bn.set.Stock)
	case "single-c8":
		// Stock for every user, so the window is all "in stock".
		return bn.hotClaim(ctx, name, 16, smallConcurrency, int64(bn.set.Users))
	case "same-user":
		return bn.sameUser(ctx)
	case "batch-claim":
		return bn.batchClaim(ctx)
	case "sold-out":
		return bn.soldOut(ctx)
	case "use-baseline":
		return bn.runUseBaseline(ctx)
	case "use":
		return bn.useScenario(ctx, name, nil)
	case "use-budget":
		// A budget far above what the run uses: the cost of keeping it.
		return bn.useScenario(ctx, name, func(s *couponSpec) { s.BudgetUsesPerDay, s.BudgetAmount = 1_000_000_000, "1000000000" })
	case "use-stack":
		return bn.useStackScenario(ctx)
	case "qualify":
		return bn.qualifyScenario(ctx, name, false)
	case "qualify-stack":
		return bn.qualifyScenario(ctx, name, true)
	case "issue-baseline":
		return bn.runIssueBaseline(ctx)
	case "issue":
		return bn.issueScenario(ctx)
	case "codes-baseline":
		return bn.runCodesBaseline(ctx)
	case "codes":
		return bn.codesScenario(ctx)
	case "redeem":
		return bn.redeemScenario(ctx)
	case "reshard-baseline":
		return bn.runReshardBaseline(ctx)
	case "migrate-baseline":
		return bn.runMigrateBaseline(ctx)
	case "migrate-claims-alone":
		return bn.migrateClaimsAlone(ctx)
	case "migrate-throttled":
		return bn.migrateThrottled(ctx)
	case "migrate":
		return bn.migrateScenario(ctx)
	}
	return &Result{Scenario: name, Err: "unknown scenario"}
}

func (bn *bench) nextSeq() int64 { bn.couponSeq++; return bn.couponSeq }

func (bn *bench) newCoupons(ctx context.Context, n int, s couponSpec) ([]string, error) {
	ids := make([]string, n)
	for i := range ids {
		spec := s
		spec.Name = fmt.Sprintf("%s %s #%d", bn.prefix, s.Name, i+1)
		id, err := bn.api.createCoupon(ctx, spec)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, nil
}

// hotClaim: distinct users each claim one coupon once, concurrency at a
// time, until the stock or the users run out or the duration passes.
func (bn *bench) hotClaim(ctx context.Context, name string, slots, concurrency int, stock int64) *Result {
	r := &Result{Scenario: name, Unit: "claims/s"}
	ids, err := bn.newCoupons(ctx, 1, couponSpec{Name: name, TotalStock: stock, PerUserLimit: 1, StockSlots: slots})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	tmpl := newClaimTemplate(ids)
	userPrefix := fmt.Sprintf("%s-h%d-", bn.prefix, bn.nextSeq())
	var lag *lagWatcher
	if name == "hot-claim" {
		lag = bn.watchLag(ctx, ids[0])
	}
	l := runLoad(ctx, loadSpec{
		jobs: bn.set.Users, concurrency: concurrency, duration: bn.set.Duration,
		stopCode: "OUT_OF_STOCK", perJob: true,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			buf = tmpl.fill(buf, userPrefix, i, "r", i)
			return buf, bn.api.claim(ctx, buf, false)
		},
	})
	r.fromLoad(l, 1)
	if lag != nil {
		worst, n, err := lag.finish()
		r.AsOfLagSec, r.AsOfSamples = worst.Seconds(), n
		r.check("asOf", n > 0, "statistics asOf read %d times during the load, at worst %.2f s behind (last error: %v)", n, worst.Seconds(), err)
	}
	bn.checkStock(ctx, r, ids, r.Issued)
	bn.checkHoldings(ctx, r, ids, 1, bn.sampleUsers(userPrefix, l))
	checkDuplicates(r, l.IDs)
	checkUnexpected(r, "OUT_OF_STOCK")
	return r
}

// sameUser: one user fires sameUserBurst claims with distinct request ids
// against a limit of sameUserLimit; another fires retryBurst claims with one
// request id.
func (bn *bench) sameUser(ctx context.Context) *Result {
	r := &Result{Scenario: "same-user", Unit: "requests/s"}
	ids, err := bn.newCoupons(ctx, 1, couponSpec{Name: "same-user", TotalStock: 1000, PerUserLimit: sameUserLimit, StockSlots: 16})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	tmpl := newClaimTemplate(ids)
	seq := bn.nextSeq()
	limitUser := fmt.Sprintf("%s-s%d-limit", bn.prefix, seq)
	retryUser := fmt.Sprintf("%s-s%d-retry", bn.prefix, seq)

	burst := runLoad(ctx, loadSpec{
		jobs: sameUserBurst, concurrency: sameUserBurst, measureCode: "*",
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			buf = tmpl.fill(buf, limitUser, 0, "r", i)
			return buf, bn.api.claim(ctx, buf, false)
		},
	})
	retry := runLoad(ctx, loadSpec{
		jobs: retryBurst, concurrency: retryBurst, measureCode: "*",
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			buf = tmpl.fill(buf, retryUser, 0, "retry", 0)
			return buf, bn.api.claim(ctx, buf, false)
		},
	})
	merged := mergeLoads(burst, retry)
	r.fromLoad(merged, 1)

	r.check("limit", burst.OK == sameUserLimit && burst.Issued == sameUserLimit,
		"%d parallel claims with distinct request ids, limit %d: %d succeeded, refusals %v", sameUserBurst, sameUserLimit, burst.OK, burst.Codes)
	all := append(slices.Clone(retry.IDs), retry.ReplayIDs...)
	same := len(all) > 0 && !slices.ContainsFunc(all, func(id string) bool { return id != all[0] })
	r.check("idempotency", retry.Issued == 1 && retry.Replayed == retryBurst-1 && same,
		"%d parallel claims with one request id: %d issued, %d replayed, all the same user coupon: %v", retryBurst, retry.Issued, retry.Replayed, same)
	bn.checkStock(ctx, r, ids, r.Issued)
	// The users' holdings: limitUser as many as it was issued, retryUser 1.
	bn.checkHoldings(ctx, r, ids, sameUserLimit, []sampledUser{
		{id: limitUser + "0", want: int(burst.Issued)},
		{id: retryUser + "0", want: int(retry.Issued)},
	})
	checkDuplicates(r, merged.IDs)
	checkUnexpected(r, "LIMIT_REACHED", "BUSY")
	return r
}

// batchClaim: distinct users each claim batchSize coupons in one request,
// smallConcurrency at a time.
func (bn *bench) batchClaim(ctx context.Context) *Result {
	r := &Result{Scenario: "batch-claim", Unit: "coupons/s"}
	ids, err := bn.newCoupons(ctx, batchSize, couponSpec{Name: "batch-claim", TotalStock: int64(bn.set.Users), PerUserLimit: 1, StockSlots: 16})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	tmpl := newClaimTemplate(ids)
	userPrefix := fmt.Sprintf("%s-b%d-", bn.prefix, bn.nextSeq())
	l := runLoad(ctx, loadSpec{
		jobs: bn.set.Users, concurrency: smallConcurrency, duration: bn.set.Duration,
		stopCode: "OUT_OF_STOCK", perJob: true,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			buf = tmpl.fill(buf, userPrefix, i, "r", i)
			return buf, bn.api.claim(ctx, buf, true)
		},
	})
	r.fromLoad(l, batchSize)
	bn.checkStock(ctx, r, ids, r.Issued)
	bn.checkHoldings(ctx, r, ids, 1, bn.sampleUsers(userPrefix, l))
	checkDuplicates(r, l.IDs)
	checkUnexpected(r)
	return r
}

// soldOut: claims against a coupon whose one unit is gone; every answer
// should be OUT_OF_STOCK, refused without touching a database.
func (bn *bench) soldOut(ctx context.Context) *Result {
	r := &Result{Scenario: "sold-out", Unit: "refusals/s"}
	ids, err := bn.newCoupons(ctx, 1, couponSpec{Name: "sold-out", TotalStock: 1, PerUserLimit: 1, StockSlots: 16})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	tmpl := newClaimTemplate(ids)
	userPrefix := fmt.Sprintf("%s-o%d-", bn.prefix, bn.nextSeq())
	first := bn.api.claim(ctx, tmpl.fill(nil, userPrefix+"first", 0, "r", 0), false)
	if first.err != "" || first.code != "" || len(first.ids) != 1 {
		r.Err = fmt.Sprintf("claiming the only unit: code %q error %q", first.code, first.err)
		return r
	}
	l := runLoad(ctx, loadSpec{
		jobs: 1 << 40, concurrency: bn.set.Concurrency, duration: bn.set.Duration,
		measureCode: "OUT_OF_STOCK",
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			buf = tmpl.fill(buf, userPrefix, i, "r", i)
			return buf, bn.api.claim(ctx, buf, false)
		},
	})
	r.fromLoad(l, 1)
	r.Issued++ // the first claim
	bn.checkStock(ctx, r, ids, r.Issued)
	users := bn.sampleUsers(userPrefix, l)
	users = append(users, sampledUser{id: userPrefix + "first0", want: 1})
	bn.checkHoldings(ctx, r, ids, 1, users)
	checkDuplicates(r, append(l.IDs, first.ids...))
	checkUnexpected(r, "OUT_OF_STOCK")
	return r
}

func mergeLoads(ls ...*loadResult) *loadResult {
	m := &loadResult{Codes: map[string]int64{}, Errors: map[string]int64{}}
	var reasons []string
	for _, l := range ls {
		m.Requests += l.Requests
		m.OK += l.OK
		m.Replayed += l.Replayed
		m.Refused += l.Refused
		m.Failed += l.Failed
		m.BusyRetries += l.BusyRetries
		m.Issued += l.Issued
		m.Measured += l.Measured
		m.Window += l.Window
		m.Latencies = append(m.Latencies, l.Latencies...)
		m.IDs = append(m.IDs, l.IDs...)
		m.ReplayIDs = append(m.ReplayIDs, l.ReplayIDs...)
		for k, v := range l.Codes {
			m.Codes[k] += v
		}
		for k, v := range l.Errors {
			m.Errors[k] += v
		}
		reasons = append(reasons, l.StopReason)
	}
	m.StopReason = strings.Join(reasons, ", ")
	return m
}

// checkStock: what the client was issued is what the coupons' stock lost,
// and never more than their stock.
func (bn *bench) checkStock(ctx context.Context, r *Result, couponIDs []string, issued int64) {
	var total, remaining int64
	for _, id := range couponIDs {
		t, rem, err := bn.api.stock(ctx, id)
		if err != nil {
			r.check("stock", false, "%v", err)
			return
		}
		if rem < 0 || rem > t {
			r.check("stock", false, "coupon %s: remaining %d of %d", id, rem, t)
			return
		}
		total += t
		remaining += rem
	}
	r.TotalStock, r.Remaining = total, remaining
	r.check("stock", issued == total-remaining && issued <= total,
		"issued %d (client), stock %d - remaining %d = %d", issued, total, remaining, total-remaining)
}

// sampledUser is a user whose holdings are read back: want is how many
// coupons the client saw it issued (-1: unknown, only the limit applies).
type sampledUser struct {
	id   string
	want int
}

// sampleUsers picks up to set.Sample users of a loop (all when it had
// fewer), half among those issued something when it can.
func (bn *bench) sampleUsers(userPrefix string, l *loadResult) []sampledUser {
	n := l.Attempted
	want := func(i int) int {
		if l.PerJob == nil {
			return 0 // no tracking: nothing was meant to be issued (sold-out)
		}
		return int(l.PerJob[i])
	}
	mk := func(i int) sampledUser { return sampledUser{id: userPrefix + strconv.Itoa(i), want: want(i)} }
	var out []sampledUser
	if n <= bn.set.Sample {
		for i := range n {
			out = append(out, mk(i))
		}
		return out
	}
	var got, none []int
	if l.PerJob != nil {
		for i := range n {
			if l.PerJob[i] > 0 {
				got = append(got, i)
			} else {
				none = append(none, i)
			}
		}
	} else {
		for range bn.set.Sample {
			none = append(none, rand.IntN(n))
		}
	}
	rand.Shuffle(len(got), func(a, b int) { got[a], got[b] = got[b], got[a] })
	rand.Shuffle(len(none), func(a, b int) { none[a], none[b] = none[b], none[a] })
	half := bn.set.Sample / 2
	take := min(len(got), max(half, bn.set.Sample-len(none)))
	picked := append(got[:take:take], none[:min(len(none), bn.set.Sample-take)]...)
	slices.Sort(picked)
	picked = slices.Compact(picked)
	for _, i := range picked {
		out = append(out, mk(i))
	}
	return out
}

// checkHoldings reads the users' coupons back through userCoupons: no user
// holds more than limit of a coupon, each holds what the client saw issued,
// and no user coupon id appears twice.
func (bn *bench) checkHoldings(ctx context.Context, r *Result, couponIDs []string, limit int, users []sampledUser) {
	var (
		mu                         sync.Mutex
		over, mismatch, dup, fails int
		firstProblem               string
		wg                         sync.WaitGroup
		next                       = make(chan sampledUser)
	)
	note := func(s string) {
		if firstProblem == "" {
			firstProblem = s
		}
	}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range next {
				held, _, err := bn.api.holdings(ctx, u.id)
				mu.Lock()
				if err != nil {
					fails++
					note(err.Error())
					mu.Unlock()
					continue
				}
				n := 0
				for _, c := range couponIDs {
					ids := held[c]
					n += len(ids)
					if len(ids) > limit {
						over++
						note(fmt.Sprintf("user %s holds %d of coupon %s (limit %d)", u.id, len(ids), c, limit))
					}
					if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
						dup++
						note(fmt.Sprintf("user %s: a user coupon id listed twice", u.id))
					}
				}
				if u.want >= 0 && n != u.want {
					mismatch++
					note(fmt.Sprintf("user %s holds %d, the client was issued %d", u.id, n, u.want))
				}
				mu.Unlock()
			}
		}()
	}
	for _, u := range users {
		if ctx.Err() != nil {
			break
		}
		next <- u
	}
	close(next)
	wg.Wait()
	detail := fmt.Sprintf("%d users read back: %d over the limit of %d, %d holding other than issued, %d with a duplicated id, %d reads failed",
		len(users), over, limit, mismatch, dup, fails)
	if firstProblem != "" {
		detail += "; first: " + firstProblem
	}
	r.check("per-user", over == 0 && mismatch == 0 && dup == 0 && fails == 0 && len(users) > 0, "%s", detail)
}

// checkDuplicates: no user coupon id was issued twice (replays excluded).
func checkDuplicates(r *Result, ids []string) {
	d := duplicates(ids)
	r.check("duplicates", len(d) == 0, "%d user coupon ids issued, %d duplicated", len(ids), len(d))
}

func duplicates(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	var d []string
	for _, id := range ids {
		if seen[id] {
			d = append(d, id)
		}
		seen[id] = true
	}
	return d
}

// checkUnexpected counts request-level failures and refusals other than
// the expected codes as unexpected errors; any fails the run.
func checkUnexpected(r *Result, expected ...string) {
	var odd []string
	for code, n := range r.Codes {
		if !slices.Contains(expected, code) {
			r.Failed += n
			if r.Errors == nil {
				r.Errors = map[string]int64{}
			}
			r.Errors["refusal "+code] += n
			odd = append(odd, fmt.Sprintf("%s=%d", code, n))
		}
	}
	slices.Sort(odd)
	r.check("errors", r.Failed == 0, "%d unexpected (expected refusals: %v; unexpected refusals: %v)", r.Failed, expected, odd)
}
