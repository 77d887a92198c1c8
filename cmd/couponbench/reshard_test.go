package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/schema"

	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

func TestCheckReshardFlags(t *testing.T) {
	for _, tt := range []struct {
		rows, rate int
		ok         bool
	}{
		{200000, 2000, true},
		{1, 1, true},
		{0, 2000, false},
		{-1, 2000, false},
		{200000, 0, false}, // a throttle is needed
	} {
		if err := checkReshardFlags(tt.rows, tt.rate); (err == nil) != tt.ok {
			t.Errorf("checkReshardFlags(%d, %d) = %v, want ok %v", tt.rows, tt.rate, err, tt.ok)
		}
	}
}

func TestReshardScenarioOrder(t *testing.T) {
	got, err := parseScenarios("reshard,reshard-baseline")
	if err != nil || !slices.Equal(got, []string{"reshard-baseline", "reshard"}) {
		t.Errorf("parseScenarios(reshard,reshard-baseline) = %v, %v", got, err)
	}
	all, _ := parseScenarios("all")
	if i := slices.Index(all, "reshard"); i < 0 || all[i-1] != "reshard-baseline" {
		t.Errorf("all = %v: want reshard-baseline, reshard", all)
	}
	for _, s := range []string{"reshard-baseline", "reshard"} {
		if !isReshard(s) || isMigrate(s) {
			t.Errorf("isReshard(%s) = %v, isMigrate = %v", s, isReshard(s), isMigrate(s))
		}
		// The raw floor needs no coupond; reshard starts its own.
		if needsServer(s) {
			t.Errorf("needsServer(%s) = true", s)
		}
	}
	if isReshard("migrate") || !needsServer("migrate") {
		t.Error("isReshard or needsServer of migrate")
	}
}

// The fill numbers each running table's rows 1, 2, ... and the target
// layout takes each running table's rows into tables of their own, in id
// order: what the copy writes.
func TestReshardFillRows(t *testing.T) {
	from, _ := sharding.NewRouter(issueDBs, issueTables)
	to, _ := sharding.NewRouter(reshardToDBs, reshardToTables)
	const n = 5000
	groups := reshardFillRows("cbtest", n, from)
	users := map[string]bool{}
	total, used := 0, 0
	for d := range groups {
		for tb, rows := range groups[d] {
			for i, r := range rows {
				if r.id != uint64(i+1) {
					t.Fatalf("db%d.t%d row %d: id %d, want %d", d, tb, i, r.id, i+1)
				}
				if rt := from.Route(r.user); rt.DB != d || rt.Table != tb {
					t.Fatalf("%s in db%d.t%d, routed to %v", r.user, d, tb, rt)
				}
				if users[r.user] {
					t.Fatalf("%s twice", r.user)
				}
				users[r.user] = true
				total++
				if r.used {
					used++
				}
			}
		}
	}
	if total != n || used != n/10 {
		t.Errorf("%d rows, %d USED; want %d and %d", total, used, n, n/10)
	}
	if !users[fillUser("cbtest", 0)] || !users[fillUser("cbtest", n-1)] {
		t.Error("the users are not fillUser's")
	}

	// Which running table each row came from, by user.
	src := map[string]int{}
	for d := range groups {
		for tb, rows := range groups[d] {
			for _, r := range rows {
				src[r.user] = d*issueTables + tb
			}
		}
	}
	target := regroupRows(groups, to)
	total = 0
	for d := range target {
		for tb, rows := range target[d] {
			var last uint64
			for _, r := range rows {
				if rt := to.Route(r.user); rt.DB != d || rt.Table != tb {
					t.Fatalf("%s in target db%d.t%d, routed to %v", r.user, d, tb, rt)
				}
				if k := src[r.user]; k != tb%(issueDBs*issueTables) {
					t.Fatalf("target db%d.t%d takes a row of running table %d", d, tb, k)
				}
				if r.id <= last {
					t.Fatalf("target db%d.t%d: id %d after %d", d, tb, r.id, last)
				}
				last = r.id
				total++
			}
		}
	}
	if total != n {
		t.Errorf("%d rows in the target, want %d", total, n)
	}
}

func TestAppendFillRow(t *testing.T) {
	s, err := schema.Parse(&models.UserCoupon{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range s.Fields {
		have[f.DBName] = true
	}
	for _, c := range fillColumns {
		if !have[c] || c == "id" {
			t.Errorf("column %s: not one of models.UserCoupon's, or the id", c)
		}
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	col := func(args []any, name string) any { return args[slices.Index(fillColumns, name)] }
	used := appendFillRow(nil, &fillRow{id: 7, user: "u1", used: true}, "42", now)
	if len(used) != len(fillColumns) {
		t.Fatalf("%d values for %d columns", len(used), len(fillColumns))
	}
	for name, want := range map[string]any{"user_id": "u1", "coupon_id": "42", "status": "USED", "order_id": "rf-o-u1", "used_at": now,
		"discount_applied": "5.00", "request_id": "fill:u1", "valid_until": now.Add(7 * 24 * time.Hour)} {
		if got := col(used, name); got != want {
			t.Errorf("USED row: %s = %v, want %v", name, got, want)
		}
	}
	unused := appendFillRow(nil, &fillRow{id: 8, user: "u2"}, "42", now)
	if col(unused, "status") != "UNUSED" || col(unused, "order_id") != nil || col(unused, "used_at") != nil || col(unused, "discount_applied") != nil {
		t.Errorf("UNUSED row: %v", unused)
	}
}

func TestIsFreezeRefusal(t *testing.T) {
	frozen := (&requestError{Code: "UNAVAILABLE", Message: "the user shards are being moved to a new layout; retry in a few seconds"}).Error()
	moved := (&requestError{Code: "UNAVAILABLE", Message: "the user shards moved to a new layout"}).Error()
	other := (&requestError{Code: "UNAVAILABLE", Message: "a backing service is unavailable; retry later"}).Error()
	if !isFreezeRefusal(frozen) || !isFreezeRefusal(moved) || isFreezeRefusal(other) || isFreezeRefusal("") || isFreezeRefusal("INTERNAL: new layout") {
		t.Error("isFreezeRefusal")
	}
}

// A loop with stop ends at the close: its window ends there, and what
// finishes after is counted, not measured.
func TestRunLoadStop(t *testing.T) {
	stop := make(chan struct{})
	begin := time.Now()
	var closedAt time.Time // read after runLoad saw the close
	go func() {
		time.Sleep(100 * time.Millisecond)
		closedAt = time.Now()
		close(stop)
	}()
	l := runLoad(context.Background(), loadSpec{
		jobs: 1 << 20, concurrency: 4, stop: stop, perJob: true,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			time.Sleep(200 * time.Millisecond)
			return buf, claimOutcome{ids: []string{"x"}}
		},
	})
	if l.StopReason != "stopped" {
		t.Errorf("stop reason %q", l.StopReason)
	}
	// The window ends at the close, not when the jobs running then end
	// (200 ms each, started before it); how long before the close it
	// began is the scheduler's.
	if upTo := closedAt.Sub(begin); l.Window <= 0 || l.Window > upTo+50*time.Millisecond {
		t.Errorf("window %s, want it to end at the close, %s after the start", l.Window, upTo)
	}
	if l.OK == 0 || l.Measured > l.OK || l.Issued != l.OK || int64(len(l.Latencies)) != l.Measured {
		t.Errorf("ok %d, measured %d, issued %d, %d latencies", l.OK, l.Measured, l.Issued, len(l.Latencies))
	}
	// Without stop, nothing changes: the jobs run out.
	l = runLoad(context.Background(), loadSpec{jobs: 10, concurrency: 2,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			return buf, claimOutcome{ids: []string{"x"}}
		}})
	if l.StopReason != "jobs done" || l.OK != 10 {
		t.Errorf("no stop: %q, %d ok", l.StopReason, l.OK)
	}
}

func TestReshardTargetsAndTable(t *testing.T) {
	cut := &Result{Scenario: "reshard-cutover", Unit: "claims/s", Rate: 300, Reshard: &reshardFigures{Cutover: &cutoverFigures{
		CatchUpRows: 100, CatchUpSec: 1, FrozenSec: 5.5, CaughtUpFrozen: 50, VerifiedBefore: 209000, VerifiedRows: 210000, Instances: 1, Layout: "4x8",
		UnavailableAnswers: 2900, RefusedClaims: 64, AfterSwitch: 1400}}}
	cut.check("cutover", true, "ok")
	rs := []*Result{
		{Scenario: "reshard-baseline", Unit: "rows/s", Rate: 50000},
		{Scenario: "reshard-claims-alone", Unit: "claims/s", Rate: 600},
		{Scenario: "reshard-throttled", Unit: "claims/s", Rate: 510, CopyRate: 2100, CopyRows: 21000, CopyLimit: 2000},
		{Scenario: "reshard", Unit: "rows/s", Rate: 20000, CopyRows: 180000, CopyRate: 20000, WindowSec: 9, Reshard: &reshardFigures{}},
		cut,
	}
	setRatios(rs)
	if rs[2].Ratio != 0.85 || rs[2].RatioTo != "reshard-claims-alone" || rs[3].Ratio != 0.4 || rs[3].RatioTo != "reshard-baseline" || cut.Ratio != 0.5 {
		t.Errorf("ratios %v %q, %v %q, %v", rs[2].Ratio, rs[2].RatioTo, rs[3].Ratio, rs[3].RatioTo, cut.Ratio)
	}
	want := map[string]string{
		"reshard copy / reshard-baseline (rows/s)":                                 "FAIL", // 0.4
		"reshard-throttled claims/s / reshard-claims-alone (copy at 2,100 rows/s)": "PASS", // 0.85
		"reshard cut-over: writes frozen":                                          "info",
	}
	found := 0
	for _, tg := range targets(rs) {
		if w, ok := want[tg.Name]; ok {
			found++
			if tg.Status != w {
				t.Errorf("%s: %s (%.2f), want %s", tg.Name, tg.Status, tg.Measured, w)
			}
		}
	}
	if found != len(want) {
		t.Errorf("found %d of the reshard targets in %+v", found, targets(rs))
	}
	for _, tg := range targets(rs[:1]) {
		if strings.HasPrefix(tg.Name, "reshard") && tg.Status != "n/a" {
			t.Errorf("%s without its scenarios: %s", tg.Name, tg.Status)
		}
	}

	var b bytes.Buffer
	writeMarkdown(&b, rs, targets(rs), "")
	for _, s := range []string{"| reshard | 0 | 20,000 rows/s |", "0.40x reshard-baseline |", "0.85x reshard-claims-alone |",
		"| reshard cut-over: writes frozen | 5.50 s | - | info |",
		"| 2x4 -> 4x8 | 100, 1.00 | 5.50 | 50 | 209000 / 210000 | 0 / 0 | 1 | 2900 | 64 | 300 | 1400 |"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("tables lack %q:\n%s", s, b.String())
		}
	}
	b.Reset()
	for _, r := range rs[2:] {
		writeDetails(&b, r)
	}
	for _, s := range []string{"21000 rows, 2,100 rows/s (rate 2000)", "copy alone: 180000 rows in 9.00s, 20,000 rows/s", "writes frozen 5.50s", "2900 UNAVAILABLE answers to 64 claims"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("details lack %q:\n%s", s, b.String())
		}
	}
}
