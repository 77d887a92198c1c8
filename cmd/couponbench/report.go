package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
)

// Result is one scenario's row.
type Result struct {
	Scenario    string           `json:"scenario"`
	Unit        string           `json:"unit"` // what Rate counts per second
	Requests    int64            `json:"requests"`
	OK          int64            `json:"ok"`
	Replayed    int64            `json:"replayed"`
	Refused     int64            `json:"refused"`
	Failed      int64            `json:"unexpectedErrors"`
	BusyRetries int64            `json:"busyRetries"`
	Rate        float64          `json:"rate"`
	P50ms       float64          `json:"p50ms"`
	P99ms       float64          `json:"p99ms"`
	WindowSec   float64          `json:"windowSeconds"`
	StopReason  string           `json:"stopReason"`
	Issued      int64            `json:"issued"`     // counted by the client
	TotalStock  int64            `json:"totalStock"` // summed over the scenario's coupons
	Remaining   int64            `json:"remainingStock"`
	Codes       map[string]int64 `json:"refusals,omitempty"`
	Errors      map[string]int64 `json:"errors,omitempty"`
	Checks      []Check          `json:"checks"`
	Ratio       float64          `json:"ratio,omitempty"`
	RatioTo     string           `json:"ratioTo,omitempty"` // what Ratio compares with
	ClientCPU   float64          `json:"clientCpuSeconds"`  // couponbench's own CPU time in the scenario
	ServerCPU   float64          `json:"serverCpuSeconds"`  // the started coupond's, when couponbench started it
	// MySQLConnRefused: connections MariaDB refused (max_connections) during
	// the scenario, by anyone on the server.
	MySQLConnRefused int64 `json:"mysqlConnectionsRefused"`
	// The issue scenario: the job's own ratePerSecond, the seconds the
	// audience upload took (before the measured window), and the started
	// coupond's memory: the largest VmRSS sampled while the job ran and its
	// VmHWM (peak since it started) at the end, in MB.
	JobRate float64 `json:"jobRatePerSecond,omitempty"`
	// hot-claim: how far behind now couponStats' asOf was at worst, polled
	// every 250 ms during the load.
	AsOfLagSec  float64 `json:"asOfLagSeconds,omitempty"`
	AsOfSamples int     `json:"asOfSamples,omitempty"`
	// -replicated: the replica's lag while the scenario ran, from the
	// started coupond's /metrics every 200 ms (the largest of any replica
	// per sample).
	ReplicaSamples int `json:"replicaLagSamples,omitempty"`
	// Groups: the started coupond's shared round trips per path (see
	// groups.go).
	Groups          map[string]GroupFigures `json:"sharedRoundTrips,omitempty"`
	ReplicaLagP99ms float64                 `json:"replicaLagP99ms,omitempty"`
	ReplicaLagMaxms float64                 `json:"replicaLagMaxMs,omitempty"`
	UploadSec       float64                 `json:"uploadSeconds,omitempty"`
	PeakRSSMB       float64                 `json:"peakRssMB,omitempty"`
	VmHWMMB         float64                 `json:"vmHwmMB,omitempty"`
	RSSSamples      int                     `json:"rssSamples,omitempty"`
	// The migration scenarios' copy. migrate-throttled: the rows the copy
	// read during the claim window (from its checkpoint before and after)
	// and their rate over the window, the rowsPerSecond it was given, how
	// its task ended after the cancel, whether it ended before the window
	// did (the monolith had too few rows: then the claims ran partly
	// without it); migrate: the rows the task read this run and its rate,
	// the mean time of a migration poll, and how long VERIFY took. Both:
	// the rows the task wrote to coupond.
	CopyRows          int64   `json:"copyRows,omitempty"`
	CopyRate          float64 `json:"copyRowsPerSecond,omitempty"`
	CopyLimit         int     `json:"copyRowsPerSecondLimit,omitempty"`
	CopyWritten       int64   `json:"copyWritten,omitempty"`
	CopyTaskStatus    string  `json:"copyTaskStatus,omitempty"`
	CopyEndedInWindow bool    `json:"copyEndedInWindow,omitempty"`
	PollMs            float64 `json:"migrationPollMs,omitempty"`
	VerifySec         float64 `json:"verifySeconds,omitempty"`
	Err               string  `json:"error,omitempty"` // the scenario could not run

	// The reshard scenario's rows: the claims beside the copy (reshard),
	// the cut-over's figures (reshard-cutover).
	Reshard *reshardFigures `json:"reshard,omitempty"`
}

// Check is one invariant after a scenario; a failed check fails the run.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// Target is a goal reported as PASS or FAIL; a missed target does not fail
// the run.
type Target struct {
	Name     string  `json:"name"`
	Measured float64 `json:"measured"`
	Unit     string  `json:"unit"`
	Goal     string  `json:"goal"`
	Status   string  `json:"status"` // PASS, FAIL, n/a
	Note     string  `json:"note,omitempty"`
}

func (r *Result) check(name string, ok bool, format string, args ...any) {
	r.Checks = append(r.Checks, Check{Name: name, OK: ok, Detail: fmt.Sprintf(format, args...)})
}

// passed: every check held and the scenario ran.
func (r *Result) passed() bool {
	if r.Err != "" {
		return false
	}
	for _, c := range r.Checks {
		if !c.OK {
			return false
		}
	}
	return true
}

func (r *Result) findCheck(name string) *Check {
	for i := range r.Checks {
		if r.Checks[i].Name == name {
			return &r.Checks[i]
		}
	}
	return nil
}

// fromLoad fills the counters, rate and latencies of r from a timed loop.
func (r *Result) fromLoad(l *loadResult, perRequest int) {
	r.Requests, r.OK, r.Replayed, r.Refused, r.Failed = l.Requests, l.OK, l.Replayed, l.Refused, l.Failed
	r.BusyRetries = l.BusyRetries
	r.Issued = l.Issued
	r.Codes, r.Errors = l.Codes, l.Errors
	r.StopReason = l.StopReason
	r.WindowSec = l.Window.Seconds()
	r.Rate = rate(l.Measured*int64(perRequest), l.Window)
	r.P50ms = ms(percentile(l.Latencies, 50))
	r.P99ms = ms(percentile(l.Latencies, 99))
}

// percentile is the nearest-rank percentile (0 < p <= 100) of ds; it sorts
// ds in place. Zero for no samples.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	if !slices.IsSorted(ds) {
		slices.Sort(ds)
	}
	rank := int(math.Ceil(p / 100 * float64(len(ds))))
	rank = max(1, min(rank, len(ds)))
	return ds[rank-1]
}

func rate(n int64, window time.Duration) float64 {
	if window <= 0 {
		return 0
	}
	return float64(n) / window.Seconds()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// ratio is a/b, NaN when b is not positive.
func ratio(a, b float64) float64 {
	if b <= 0 {
		return math.NaN()
	}
	return a / b
}

// targets evaluates the goals against the rows present.
func targets(rs []*Result) []Target {
	row := func(name string) *Result {
		for _, r := range rs {
			if r.Scenario == name && r.Err == "" {
				return r
			}
		}
		return nil
	}
	atLeast := func(name, goal string, min float64, a, b *Result, av, bv func(*Result) float64) Target {
		t := Target{Name: name, Unit: "x", Goal: goal, Status: "n/a"}
		if a == nil || b == nil {
			t.Note = "scenario not run"
			return t
		}
		t.Measured = ratio(av(a), bv(b))
		t.Status = passFail(!math.IsNaN(t.Measured) && t.Measured >= min)
		return t
	}
	rateOf := func(r *Result) float64 { return r.Rate }
	p50 := func(r *Result) float64 { return r.P50ms }

	out := []Target{
		atLeast("hot-claim / baseline (claims/s)", ">= 2x", 2, row("hot-claim"), row("baseline"), rateOf, rateOf),
		atLeast("hot-claim 16 slots / 1 slot (claims/s)", ">= 1.5x", 1.5, row("hot-claim"), row("hot-claim-1slot"), rateOf, rateOf),
		atLeast("sold-out refusals/s / hot-claim claims/s", ">= 10x", 10, row("sold-out"), row("hot-claim"), rateOf, rateOf),
		atLeast("use / use-baseline (uses/s)", ">= 0.6x", 0.6, row("use"), row("use-baseline"), rateOf, rateOf),
		atLeast("use-stack orders/s (3 coupons each) / use uses/s", ">= 0.6x", 0.6, row("use-stack"), row("use"), rateOf, rateOf),
		atLeast("use-budget / use (uses/s, under a budget / without)", ">= 0.8x", 0.8, row("use-budget"), row("use"), rateOf, rateOf),
		atLeast("issue / issue-baseline (rows/s)", ">= 0.5x", 0.5, row("issue"), row("issue-baseline"), rateOf, rateOf),
		atLeast("codes / codes-baseline (codes/s)", ">= 0.5x", 0.5, row("codes"), row("codes-baseline"), rateOf, rateOf),
		atLeast("redeem / hot-claim (claims/s)", ">= 0.5x", 0.5, row("redeem"), row("hot-claim"), rateOf, rateOf),
		atLeast("hot-claim with the stats consumer / without (claims/s)", ">= 0.9x", 0.9, row("hot-claim"), row("hot-claim-nostats"), rateOf, rateOf),
		atLeast("migrate / migrate-baseline (rows/s)", ">= 0.5x", 0.5, row("migrate"), row("migrate-baseline"), rateOf, rateOf),
	}
	tt := atLeast(throttleTargetName(row("migrate-throttled")), ">= 0.8x", 0.8, row("migrate-throttled"), row("migrate-claims-alone"), rateOf, rateOf)
	if th := row("migrate-throttled"); th != nil && th.CopyEndedInWindow {
		tt.Note = "the copy ended within the claim window"
	}
	out = append(out, tt)
	out = append(out, reshardTargets(rs)...)
	out = append(out, statsTargets(rs)...)
	t := Target{Name: "batch-claim p50 / single-c8 p50 (C=8)", Unit: "x", Goal: "<= 3x", Status: "n/a"}
	if b, s := row("batch-claim"), row("single-c8"); b != nil && s != nil {
		t.Measured = ratio(p50(b), p50(s))
		t.Status = passFail(!math.IsNaN(t.Measured) && t.Measured <= 3)
	} else {
		t.Note = "scenario not run"
	}
	out = append(out, t)
	t = Target{Name: "single-c8 p99", Unit: "ms", Goal: "<= 15 ms", Status: "n/a"}
	if s := row("single-c8"); s != nil {
		t.Measured = s.P99ms
		t.Status = passFail(s.P99ms > 0 && s.P99ms <= 15)
	} else {
		t.Note = "scenario not run"
	}
	out = append(out, t)
	if b := row("baseline-c8"); b != nil {
		out = append(out, Target{Name: "baseline-c8 p99: the raw loop at 8 clients (for reference)", Unit: "ms", Goal: "-", Status: "info", Measured: b.P99ms})
	}
	t = Target{Name: "qualify p99 (50 coupons, 20 items, C=8)", Unit: "ms", Goal: "<= 10 ms", Status: "n/a"}
	if q := row("qualify"); q != nil {
		t.Measured = q.P99ms
		t.Status = passFail(q.P99ms > 0 && q.P99ms <= 10)
	} else {
		t.Note = "scenario not run"
	}
	out = append(out, t)
	t = Target{Name: "qualify-stack p99 / qualify p99 (best stack of up to 5 of 50 combinable coupons / best single, C=8)", Unit: "x", Goal: "<= 2x", Status: "n/a"}
	if q, s := row("qualify"), row("qualify-stack"); q != nil && s != nil {
		t.Measured = ratio(s.P99ms, q.P99ms)
		t.Status = passFail(!math.IsNaN(t.Measured) && t.Measured <= 2)
	} else {
		t.Note = "scenario not run"
	}
	out = append(out, t)
	t = Target{Name: "issue: coupond peak RSS", Unit: "MB", Goal: fmt.Sprintf("< %d MB", rssLimitMB), Status: "n/a"}
	switch is := row("issue"); {
	case is == nil:
		t.Note = "scenario not run"
	case is.RSSSamples == 0:
		t.Note = "no coupond process to read (-server)"
	default:
		t.Measured = is.PeakRSSMB
		t.Status = passFail(is.PeakRSSMB > 0 && is.PeakRSSMB < rssLimitMB)
	}
	out = append(out, t)
	if b, b1 := row("baseline"), row("baseline-1slot"); b != nil && b1 != nil {
		out = append(out, Target{Name: "baseline 16 slots / 1 slot (for reference)", Unit: "x", Goal: "-", Status: "info",
			Measured: ratio(b.Rate, b1.Rate)})
	}
	return out
}

// throttleTargetName names the throttled copy's target with the copy's
// rate during the claim window.
func throttleTargetName(th *Result) string {
	const name = "migrate-throttled claims/s / migrate-claims-alone"
	if th == nil {
		return name + " (throttled copy)"
	}
	return fmt.Sprintf("%s (copy at %s rows/s)", name, thousands(th.CopyRate))
}

func passFail(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

// setRatios sets each row's ratio to the row it is compared with: the
// hot-claim rows' claims/s to the baseline with as many slots, sold-out's
// refusals/s to hot-claim's claims/s, batch-claim's p50 to single-c8's,
// baseline-1slot's claims/s to baseline's, use's uses/s to use-baseline's,
// issue's rows/s to issue-baseline's, migrate's rows/s to
// migrate-baseline's, migrate-throttled's claims/s to
// migrate-claims-alone's, reshard's copy rows/s to reshard-baseline's rows/s,
// reshard-throttled's and reshard-cutover's claims/s to
// reshard-claims-alone's.
func setRatios(rs []*Result) {
	row := func(name string) *Result {
		for _, r := range rs {
			if r.Scenario == name && r.Err == "" {
				return r
			}
		}
		return nil
	}
	set := func(r *Result, to string, label string, v func(*Result) float64) {
		b := row(to)
		if b == nil || r.Err != "" {
			return
		}
		r.RatioTo = label
		r.Ratio = ratio(v(r), v(b))
	}
	rateOf := func(r *Result) float64 { return r.Rate }
	for _, r := range rs {
		switch r.Scenario {
		case "baseline-1slot":
			set(r, "baseline", "baseline", rateOf)
		case "hot-claim":
			set(r, "baseline", "baseline", rateOf)
		case "hot-claim-1slot":
			set(r, "baseline-1slot", "baseline-1slot", rateOf)
		case "sold-out":
			set(r, "hot-claim", "hot-claim claims/s", rateOf)
		case "batch-claim":
			set(r, "single-c8", "single-c8 p50", func(r *Result) float64 { return r.P50ms })
		case "use":
			set(r, "use-baseline", "use-baseline", rateOf)
		case "use-budget", "use-stack":
			set(r, "use", "use uses/s", rateOf)
		case "qualify-stack":
			set(r, "qualify", "qualify p99", func(r *Result) float64 { return r.P99ms })
		case "issue":
			set(r, "issue-baseline", "issue-baseline", rateOf)
		case "codes":
			set(r, "codes-baseline", "codes-baseline", rateOf)
		case "redeem":
			set(r, "hot-claim", "hot-claim", rateOf)
		case "hot-claim-nostats":
			set(r, "hot-claim", "hot-claim", rateOf)
		case "migrate":
			set(r, "migrate-baseline", "migrate-baseline", rateOf)
		case "migrate-throttled":
			set(r, "migrate-claims-alone", "migrate-claims-alone", rateOf)
		case "reshard":
			set(r, "reshard-baseline", "reshard-baseline", rateOf)
		case "reshard-throttled", "reshard-cutover":
			set(r, "reshard-claims-alone", "reshard-claims-alone", rateOf)
		}
	}
}

// writeMarkdown prints the results and targets as Markdown tables, then
// what failed.
func writeMarkdown(w io.Writer, rs []*Result, ts []Target, header string) {
	if header != "" {
		fmt.Fprintf(w, "%s\n\n", header)
	}
	fmt.Fprintln(w, "| scenario | requests | rate | p50 ms | p99 ms | issued / stock (remaining) | over-issue | per-user limit | unexpected errors | ratio |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|---|---|--:|--:|")
	for _, r := range rs {
		if r.Err != "" {
			fmt.Fprintf(w, "| %s | - | - | - | - | - | - | - | - | error: %s |\n", r.Scenario, mdEscape(truncate(r.Err, 120)))
			continue
		}
		ratioCell := "-"
		if r.RatioTo != "" && !math.IsNaN(r.Ratio) {
			ratioCell = fmt.Sprintf("%.2fx %s", r.Ratio, r.RatioTo)
		}
		stockCell := fmt.Sprintf("%d / %d (%d)", r.Issued, r.TotalStock, r.Remaining)
		if r.TotalStock == 0 && r.findCheck("stock") == nil {
			stockCell = "-" // no stock in play (use, qualify)
		}
		fmt.Fprintf(w, "| %s | %d | %s %s | %.2f | %.2f | %s | %s | %s | %d | %s |\n",
			r.Scenario, r.Requests, thousands(r.Rate), r.Unit, r.P50ms, r.P99ms, stockCell,
			checkCell(r.findCheck("stock")), checkCell(r.findCheck("per-user")), r.Failed, ratioCell)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| target | measured | goal | result |")
	fmt.Fprintln(w, "|---|--:|---|---|")
	for _, t := range ts {
		m := "-"
		if t.Status != "n/a" && !math.IsNaN(t.Measured) {
			switch t.Unit {
			case "ms":
				m = fmt.Sprintf("%.2f ms", t.Measured)
			case "MB":
				m = fmt.Sprintf("%.1f MB", t.Measured)
			case "s":
				m = fmt.Sprintf("%.2f s", t.Measured)
			default:
				m = fmt.Sprintf("%.2fx", t.Measured)
			}
		}
		status := t.Status
		if t.Note != "" {
			status += " (" + t.Note + ")"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", t.Name, m, t.Goal, status)
	}
	fmt.Fprintln(w)
	writeIssuance(w, rs)
	writeReshard(w, rs)
	writeReplicaLag(w, rs)
	writeGroups(w, rs)
	for _, r := range rs {
		var lines []string
		for _, c := range r.Checks {
			if !c.OK {
				lines = append(lines, fmt.Sprintf("  - FAILED %s: %s", c.Name, c.Detail))
			}
		}
		for _, e := range sortedKeys(r.Errors) {
			lines = append(lines, fmt.Sprintf("  - unexpected error x%d: %s", r.Errors[e], e))
		}
		if r.MySQLConnRefused > 0 && len(lines) > 0 {
			lines = append(lines, fmt.Sprintf("  - meanwhile MariaDB refused %d connections for max_connections", r.MySQLConnRefused))
		}
		if len(lines) > 0 {
			fmt.Fprintf(w, "%s:\n%s\n", r.Scenario, strings.Join(lines, "\n"))
		}
	}
}

// writeIssuance prints the issue rows' own figures: the rate the client
// measured and the job's ratePerSecond, the upload, and coupond's memory.
func writeIssuance(w io.Writer, rs []*Result) {
	var rows []*Result
	for _, r := range rs {
		if r.Scenario == "issue" && r.Err == "" {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w, "| issuance job | issued | upload s | window s | rows/s (client) | ratePerSecond (job) | coupond peak RSS MB | VmHWM MB |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range rows {
		rss, hwm := "-", "-"
		if r.RSSSamples > 0 {
			rss, hwm = fmt.Sprintf("%.1f", r.PeakRSSMB), fmt.Sprintf("%.1f", r.VmHWMMB)
		}
		fmt.Fprintf(w, "| %s | %d | %.2f | %.2f | %s | %s | %s | %s |\n", r.Scenario, r.Issued, r.UploadSec, r.WindowSec,
			thousands(r.Rate), thousands(r.JobRate), rss, hwm)
	}
	fmt.Fprintln(w)
}

// writeDetails prints, per scenario, the window, why it stopped, the
// refusal codes and every check (to stderr, beside the tables).
func writeDetails(w io.Writer, r *Result) {
	if r.Err != "" {
		fmt.Fprintf(w, "  %s: error: %s\n", r.Scenario, r.Err)
		return
	}
	codes := make([]string, 0, len(r.Codes))
	for _, k := range sortedKeys(r.Codes) {
		codes = append(codes, fmt.Sprintf("%s=%d", k, r.Codes[k]))
	}
	fmt.Fprintf(w, "  %s: %d requests, ok %d, replayed %d, refused %d [%s], unexpected %d, busy retries %d; %s %s over %.2fs (%s); p50 %.2f ms p99 %.2f ms; CPU: couponbench %.1fs, coupond %.1fs\n",
		r.Scenario, r.Requests, r.OK, r.Replayed, r.Refused, strings.Join(codes, " "), r.Failed, r.BusyRetries,
		thousands(r.Rate), r.Unit, r.WindowSec, r.StopReason, r.P50ms, r.P99ms, r.ClientCPU, r.ServerCPU)
	if r.Scenario == "issue" {
		fmt.Fprintf(w, "    upload %.2fs; job ratePerSecond %s; coupond peak RSS %.1f MB over %d samples, VmHWM %.1f MB\n",
			r.UploadSec, thousands(r.JobRate), r.PeakRSSMB, r.RSSSamples, r.VmHWMMB)
	}
	switch r.Scenario {
	case "migrate-throttled":
		ended := ""
		if r.CopyEndedInWindow {
			ended = "; it ended within the window (too few rows for -duration at -migrate-rate)"
		}
		fmt.Fprintf(w, "    copy during the claim window: %d rows read, %s rows/s (rowsPerSecond %d); after the cancel its task was %s, %d rows written in all%s\n",
			r.CopyRows, thousands(r.CopyRate), r.CopyLimit, r.CopyTaskStatus, r.CopyWritten, ended)
	case "migrate":
		fmt.Fprintf(w, "    copy: %d rows read this run, %d written, %s rows/s; migration polled %d times, %.1f ms each on average; VERIFY took %.2fs\n",
			r.CopyRows, r.CopyWritten, thousands(r.CopyRate), r.Requests-1, r.PollMs, r.VerifySec)
	default:
		reshardDetails(w, r)
	}
	if r.MySQLConnRefused > 0 {
		fmt.Fprintf(w, "    MariaDB refused %d connections (max_connections) during this scenario\n", r.MySQLConnRefused)
	}
	for _, c := range r.Checks {
		fmt.Fprintf(w, "    %-4s %s: %s\n", map[bool]string{true: "ok", false: "FAIL"}[c.OK], c.Name, c.Detail)
	}
}

func checkCell(c *Check) string {
	switch {
	case c == nil:
		return "-"
	case c.OK:
		return "ok"
	default:
		return "**FAIL**"
	}
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// thousands formats a rate with a thousands separator: 12345.6 -> "12,346".
func thousands(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "-"
	}
	n := int64(math.Round(f))
	s := fmt.Sprint(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// jsonReport is what -json writes.
type jsonReport struct {
	At              time.Time `json:"at"`
	Settings        settings  `json:"settings"`
	DurationSeconds float64   `json:"durationSeconds"`
	Results         []*Result `json:"results"`
	Targets         []Target  `json:"targets"`
	OK              bool      `json:"invariantsHeld"`
	// MonolithSetupSeconds: writing the scratch monolith of the migrate
	// scenarios (setup, counted in no rate).
	MonolithSetupSeconds float64 `json:"monolithSetupSeconds,omitempty"`
}

func writeJSON(path string, rep jsonReport) error {
	// NaN is not JSON: a ratio that could not be computed is written as 0.
	for _, r := range rep.Results {
		if math.IsNaN(r.Ratio) {
			r.Ratio = 0
		}
	}
	for i := range rep.Targets {
		if math.IsNaN(rep.Targets[i].Measured) {
			rep.Targets[i].Measured = 0
		}
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
