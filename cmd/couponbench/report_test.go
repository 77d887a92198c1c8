package main

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		name string
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{"Empty", nil, 50, 0},
		{"One", ms(7), 99, 7 * time.Millisecond},
		{"MedianOdd", ms(5, 1, 3), 50, 3 * time.Millisecond},
		{"MedianEvenIsLowerNearestRank", ms(4, 1, 3, 2), 50, 2 * time.Millisecond},
		{"P99Of100", ms(seq(100)...), 99, 99 * time.Millisecond},
		{"P99Of1000", ms(seq(1000)...), 99, 990 * time.Millisecond},
		{"P100IsMax", ms(3, 9, 1), 100, 9 * time.Millisecond},
		{"TinyPIsMin", ms(3, 9, 1), 0.001, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.in, tt.p); got != tt.want {
				t.Errorf("percentile(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func TestRateAndRatio(t *testing.T) {
	if got := rate(5000, 2*time.Second); got != 2500 {
		t.Errorf("rate = %v, want 2500", got)
	}
	if got := rate(10, 0); got != 0 {
		t.Errorf("rate over no time = %v, want 0", got)
	}
	if got := ratio(3, 4); got != 0.75 {
		t.Errorf("ratio = %v, want 0.75", got)
	}
	if got := ratio(3, 0); !math.IsNaN(got) {
		t.Errorf("ratio over 0 = %v, want NaN", got)
	}
	for in, want := range map[float64]string{0: "0", 999.4: "999", 1234.5: "1,235", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := thousands(in); got != want {
			t.Errorf("thousands(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestFromLoad(t *testing.T) {
	l := &loadResult{Requests: 12, OK: 10, Refused: 2, Issued: 10, Measured: 10, Window: 2 * time.Second,
		Latencies: []time.Duration{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}}
	var r Result
	r.fromLoad(l, 10) // a batch of 10 per request
	if r.Rate != 50 {
		t.Errorf("rate = %v, want 10 requests x 10 / 2 s = 50", r.Rate)
	}
	if r.P50ms != ms(5) || r.P99ms != ms(10) {
		t.Errorf("p50, p99 = %v, %v; want %v, %v", r.P50ms, r.P99ms, ms(5), ms(10))
	}
}

func TestTargetsAndTable(t *testing.T) {
	rs := []*Result{
		{Scenario: "baseline", Unit: "claims/s", Rate: 4000},
		{Scenario: "baseline-1slot", Unit: "claims/s", Rate: 2000},
		{Scenario: "hot-claim", Unit: "claims/s", Rate: 2600, Issued: 10, TotalStock: 10},
		{Scenario: "hot-claim-1slot", Unit: "claims/s", Rate: 2000},
		{Scenario: "single-c8", Unit: "claims/s", P50ms: 4, P99ms: 16},
		{Scenario: "batch-claim", Unit: "coupons/s", P50ms: 11},
		{Scenario: "sold-out", Unit: "refusals/s", Rate: 30000},
	}
	rs[2].check("stock", true, "")
	rs[2].check("per-user", false, "user u1 holds 2")
	setRatios(rs)
	if rs[2].Ratio != 0.65 || rs[3].Ratio != 1 || rs[5].Ratio != 2.75 || rs[6].Ratio != 30000.0/2600 {
		t.Errorf("ratios = %v, %v, %v, %v; want 0.65 (to baseline), 1 (to baseline-1slot), 2.75 (p50 to single-c8), 11.5 (to hot-claim)",
			rs[2].Ratio, rs[3].Ratio, rs[5].Ratio, rs[6].Ratio)
	}
	want := map[string]string{
		"hot-claim / baseline (claims/s)":          "FAIL", // 0.65, under 2x
		"hot-claim 16 slots / 1 slot (claims/s)":   "FAIL", // 1.3
		"sold-out refusals/s / hot-claim claims/s": "PASS", // 11.5
		"batch-claim p50 / single-c8 p50 (C=8)":    "PASS", // 2.75
		"single-c8 p99":                            "FAIL", // 16 ms
	}
	for _, tg := range targets(rs) {
		if w, ok := want[tg.Name]; ok && tg.Status != w {
			t.Errorf("%s: %s (%.2f), want %s", tg.Name, tg.Status, tg.Measured, w)
		}
	}
	if ts := targets(rs[:1]); ts[0].Status != "n/a" {
		t.Errorf("without hot-claim: %s, want n/a", ts[0].Status)
	}
	var b bytes.Buffer
	writeMarkdown(&b, rs, targets(rs), "")
	out := b.String()
	for _, s := range []string{"| hot-claim | 0 | 2,600 claims/s |", "0.65x baseline |", "2.75x single-c8 p50", "**FAIL**", "FAILED per-user: user u1 holds 2"} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q:\n%s", s, out)
		}
	}
}

func TestBodyTemplate(t *testing.T) {
	one := newClaimTemplate([]string{"c1"})
	got := string(one.fill(nil, "u-", 42, "r", 7))
	want := `{"query":"mutation($i:ClaimInput!){claimCoupon(input:$i){userCoupon{id} replayed userErrors{code message}}}","variables":{"i":{"couponId":"c1","userId":"u-42","requestId":"r7"}}}`
	if got != want {
		t.Errorf("claim body\n got %s\nwant %s", got, want)
	}
	batch := newClaimTemplate([]string{"c1", "c2"})
	if got := string(batch.fill(nil, "u", 1, "r", 1)); !strings.Contains(got, `"couponIds":["c1","c2"],"userId":"u1","requestId":"r1"`) {
		t.Errorf("batch body %s", got)
	}
}
