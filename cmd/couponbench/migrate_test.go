package main

import (
	"bytes"
	"database/sql"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/schema"

	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/models"
)

func TestCheckMigrateFlags(t *testing.T) {
	for _, tt := range []struct {
		rows, rate int
		ok         bool
	}{
		{1000000, 20000, true},
		{5, 1, true},
		{100000, 20000, true},
		{0, 20000, false},
		{4, 20000, false},
		{1000001, 20000, false}, // not 5 per user
		{1000000, 0, false},     // a throttle is needed
		{1000000, -1, false},
	} {
		if err := checkMigrateFlags(tt.rows, tt.rate); (err == nil) != tt.ok {
			t.Errorf("checkMigrateFlags(%d, %d) = %v, want ok %v", tt.rows, tt.rate, err, tt.ok)
		}
	}
}

func TestMigrateScenarioOrder(t *testing.T) {
	got, err := parseScenarios("migrate,migrate-baseline")
	if err != nil || !slices.Equal(got, []string{"migrate-baseline", "migrate"}) {
		t.Errorf("parseScenarios(migrate,migrate-baseline) = %v, %v", got, err)
	}
	got, err = parseScenarios("migrate-throttled, migrate ,migrate-claims-alone,migrate-baseline,migrate")
	want := []string{"migrate-baseline", "migrate-claims-alone", "migrate-throttled", "migrate"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("parseScenarios = %v, %v; want %v", got, err, want)
	}
	all, _ := parseScenarios("all")
	if !slices.Equal(all[len(all)-4:], want) {
		t.Errorf("all ends %v, want %v", all[len(all)-4:], want)
	}
	for _, s := range want {
		if !isMigrate(s) {
			t.Errorf("isMigrate(%s) = false", s)
		}
	}
	if isMigrate("issue") || isMigrate("baseline") {
		t.Error("isMigrate of another scenario")
	}
	// The raw floor runs without coupond; the others talk to it.
	if needsServer("migrate-baseline") || !needsServer("migrate") || !needsServer("migrate-throttled") || !needsServer("migrate-claims-alone") {
		t.Error("needsServer of the migrate scenarios")
	}
}

func TestSeqCounter(t *testing.T) {
	c := seqCounter{}
	got := []int32{c.next("1", 1), c.next("1", 2), c.next("1", 1), c.next("2", 1), c.next("1", 1), c.next("1", 2)}
	if want := []int32{1, 1, 2, 1, 3, 2}; !slices.Equal(got, want) {
		t.Errorf("seqs = %v, want %v", got, want)
	}
}

func TestTemplateDiscount(t *testing.T) {
	m := legacy.DefaultMapping()
	ns := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	null := sql.NullString{}
	tests := []struct {
		name                      string
		kind                      string
		amount, minSpend, maxDisc sql.NullString
		want                      monoTemplate
		wantErr                   bool
	}{
		{"AmountOff", "1", ns("5.00"), ns("20.00"), ns("30.00"), monoTemplate{kind: models.AmountOff, amountOff: "5.00", min: "20.00"}, false},
		{"PercentOffCapped", "2", ns("15.00"), ns("0"), ns("30.00"), monoTemplate{kind: models.PercentOff, percentOff: "15.00", maxDiscount: "30.00"}, false},
		{"FreeShipping", "3", ns("0"), null, ns("30.00"), monoTemplate{kind: models.FreeShipping}, false},
		{"UnknownKind", "9", ns("1"), null, null, monoTemplate{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := templateDiscount(m, tt.kind, tt.amount, tt.minSpend, tt.maxDisc)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("templateDiscount = %+v, %v; want %+v (error %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestRowOrder(t *testing.T) {
	m := legacy.DefaultMapping()
	ns := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	for _, tt := range []struct {
		status models.UserCouponStatus
		order  sql.NullString
		want   string
	}{
		{models.UserCouponUsed, ns("o-1-0"), "o-1-0"},
		{models.UserCouponLocked, ns(" l-1-3 "), "l-1-3"},
		{models.UserCouponUnused, ns("o-1-0"), ""}, // only LOCKED and USED keep an order
		{models.UserCouponUsed, ns("0"), ""},       // a "no order" value
		{models.UserCouponUsed, sql.NullString{}, ""},
		{models.UserCouponUsed, ns(strings.Repeat("x", 200)), strings.Repeat("x", 128)},
	} {
		if got := rowOrder(m, tt.status, tt.order); got != tt.want {
			t.Errorf("rowOrder(%s, %q) = %q, want %q", tt.status, tt.order.String, got, tt.want)
		}
	}
}

// The baseline writes columns of coupond's user coupon rows, each once,
// the legacy id among them.
func TestMigrateColumns(t *testing.T) {
	s, err := schema.Parse(&models.UserCoupon{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range s.Fields {
		have[f.DBName] = true
	}
	for _, c := range migrateColumns {
		if !have[c] {
			t.Errorf("column %s is not one of models.UserCoupon's", c)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(migrateColumns)))) != len(migrateColumns) {
		t.Errorf("a column twice: %v", migrateColumns)
	}
	if !slices.Contains(migrateColumns, "legacy_id") || slices.Contains(migrateColumns, "id") {
		t.Errorf("columns %v: want legacy_id, not id", migrateColumns)
	}
}

func TestAppendMigrateRow(t *testing.T) {
	m := legacy.DefaultMapping()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	now := at.Add(time.Hour)
	tp := monoTemplate{kind: models.AmountOff, amountOff: "5.00", min: "20.00"}
	used := &monoRow{id: 42, user: "7", template: 1, seq: 2, status: models.UserCouponUsed, order: "o-7-1", used: at.Add(time.Minute),
		issued: at, from: at, until: at.Add(480 * time.Hour)}
	args := appendMigrateRow(nil, m, used, tp, now)
	if len(args) != len(migrateColumns) {
		t.Fatalf("%d values for %d columns", len(args), len(migrateColumns))
	}
	col := func(args []any, name string) any { return args[slices.Index(migrateColumns, name)] }
	want := map[string]any{
		"user_id": "7", "coupon_id": int64(1), "seq": int32(2), "request_id": legacy.RequestID(42), "status": "USED",
		"channel": string(m.Channel), "currency": m.Currency, "discount_kind": "AMOUNT_OFF", "amount_off": "5.00",
		"percent_off": nil, "min_order_amount": "20.00", "scope_kind": "ALL", "order_id": "o-7-1",
		"used_at": at.Add(time.Minute), "issued_at": at, "updated_at": now, "legacy_id": int64(42),
	}
	for name, w := range want {
		if got := col(args, name); got != w {
			t.Errorf("%s = %v, want %v", name, got, w)
		}
	}
	// An unused row: no order, no use time (NULL, not a zero value).
	unused := &monoRow{id: 43, user: "7", template: 1, seq: 1, status: models.UserCouponUnused, issued: at, from: at, until: at}
	args = appendMigrateRow(args[:0], m, unused, tp, now)
	if col(args, "order_id") != nil || col(args, "used_at") != nil {
		t.Errorf("unused row: order %v, used %v; want NULLs", col(args, "order_id"), col(args, "used_at"))
	}
}

func TestCopyReadThisRun(t *testing.T) {
	// A first copy: no checkpoint, 1000 behind, all read.
	if got := copyReadThisRun(1000, 1000, 1000); got != 1000 {
		t.Errorf("first run = %d, want 1000", got)
	}
	// Resumed after 300 read: total 300 + 700 behind, done counts from 0.
	if got := copyReadThisRun(1000, 1000, 700); got != 700 {
		t.Errorf("resumed = %d, want 700", got)
	}
	// Midway: 300 + 200 read this run.
	if got := copyReadThisRun(500, 1000, 700); got != 200 {
		t.Errorf("midway = %d, want 200", got)
	}
}

func TestMigrateClaimJobs(t *testing.T) {
	if got := migrateClaimJobs(20000, 10*time.Second); got != 10*migrateClaimCeiling {
		t.Errorf("jobs for 10 s = %d, want %d", got, 10*migrateClaimCeiling)
	}
	if got := migrateClaimJobs(20000, 100*time.Millisecond); got != 20000 {
		t.Errorf("jobs for 0.1 s = %d, want -users 20000", got)
	}
}

func TestEndTime(t *testing.T) {
	prev := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := prev.Add(250 * time.Millisecond)
	in := prev.Add(100 * time.Millisecond).Format(time.RFC3339Nano)
	before := prev.Add(-time.Second).Format(time.RFC3339Nano)
	if got := endTime(&in, prev, seen); !got.Equal(prev.Add(100 * time.Millisecond)) {
		t.Errorf("finishedAt between the polls: %v", got)
	}
	if got := endTime(&before, prev, seen); !got.Equal(seen) {
		t.Errorf("finishedAt before the previous poll (another clock): %v, want the poll", got)
	}
	if got := endTime(nil, prev, seen); !got.Equal(seen) {
		t.Errorf("no finishedAt: %v, want the poll", got)
	}
}

func TestMigrateTargetsAndRatios(t *testing.T) {
	rs := []*Result{
		{Scenario: "migrate-baseline", Unit: "rows/s", Rate: 100000},
		{Scenario: "migrate-claims-alone", Unit: "claims/s", Rate: 2000},
		{Scenario: "migrate-throttled", Unit: "claims/s", Rate: 1700, CopyRate: 19876.4, CopyLimit: 20000, CopyRows: 198764, CopyTaskStatus: "CANCELLED"},
		{Scenario: "migrate", Unit: "rows/s", Rate: 45000, CopyRows: 801236, CopyWritten: 801236, CopyRate: 45000},
	}
	setRatios(rs)
	if rs[2].Ratio != 0.85 || rs[2].RatioTo != "migrate-claims-alone" || rs[3].Ratio != 0.45 || rs[3].RatioTo != "migrate-baseline" {
		t.Errorf("ratios = %v %q, %v %q; want 0.85 to migrate-claims-alone, 0.45 to migrate-baseline", rs[2].Ratio, rs[2].RatioTo, rs[3].Ratio, rs[3].RatioTo)
	}
	want := map[string]string{
		"migrate / migrate-baseline (rows/s)":                                       "FAIL", // 0.45
		"migrate-throttled claims/s / migrate-claims-alone (copy at 19,876 rows/s)": "PASS", // 0.85
	}
	found := 0
	for _, tg := range targets(rs) {
		if w, ok := want[tg.Name]; ok {
			found++
			if tg.Status != w || tg.Goal == "" {
				t.Errorf("%s: %s (%.2f, goal %q), want %s", tg.Name, tg.Status, tg.Measured, tg.Goal, w)
			}
		}
	}
	if found != len(want) {
		t.Errorf("found %d of the migrate targets in %+v", found, targets(rs))
	}

	// Not run: n/a. The copy ended within the window: said.
	ts := targets(rs[:1])
	for _, tg := range ts {
		if strings.HasPrefix(tg.Name, "migrate") && (tg.Status != "n/a" || tg.Note != "scenario not run") {
			t.Errorf("%s without its scenarios: %s (%s)", tg.Name, tg.Status, tg.Note)
		}
	}
	rs[2].CopyEndedInWindow = true
	for _, tg := range targets(rs) {
		if strings.HasPrefix(tg.Name, "migrate-throttled") && !strings.Contains(tg.Note, "ended within") {
			t.Errorf("%s: note %q", tg.Name, tg.Note)
		}
	}

	var b bytes.Buffer
	writeMarkdown(&b, rs, targets(rs), "")
	out := b.String()
	for _, s := range []string{"| migrate | 0 | 45,000 rows/s |", "0.45x migrate-baseline |", "0.85x migrate-claims-alone |",
		"| migrate-throttled claims/s / migrate-claims-alone (copy at 19,876 rows/s) | 0.85x | >= 0.8x | PASS (the copy ended within the claim window) |"} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q:\n%s", s, out)
		}
	}
	b.Reset()
	writeDetails(&b, rs[2])
	writeDetails(&b, rs[3])
	for _, s := range []string{"198764 rows read, 19,876 rows/s (rowsPerSecond 20000)", "task was CANCELLED", "801236 rows read this run, 801236 written"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("details lack %q:\n%s", s, b.String())
		}
	}
	if r := (&Result{Scenario: "migrate-throttled"}); throttleTargetName(r) != "migrate-throttled claims/s / migrate-claims-alone (copy at 0 rows/s)" ||
		!strings.HasSuffix(throttleTargetName(nil), "(throttled copy)") {
		t.Errorf("names %q, %q", throttleTargetName(r), throttleTargetName(nil))
	}
	if math.IsNaN(rs[3].Ratio) {
		t.Error("NaN ratio")
	}
}
