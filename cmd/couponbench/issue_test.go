package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/coupond/coupond/sharding"
)

func naiveAudience(prefix string, n int) string {
	var b strings.Builder
	b.WriteString("user_id\n")
	for i := range n {
		fmt.Fprintf(&b, "%s%d\n", prefix, i)
	}
	return b.String()
}

func TestAudienceFile(t *testing.T) {
	for _, n := range []int{0, 1, 9, 10, 11, 99, 100, 101, 12345} {
		want := naiveAudience("cb-i3-", n)
		if got := audienceFileSize("cb-i3-", n); got != int64(len(want)) {
			t.Errorf("n=%d: size %d, want %d", n, got, len(want))
		}
		readers := map[string]func(io.Reader) io.Reader{
			"Whole":   func(r io.Reader) io.Reader { return r },
			"OneByte": iotest.OneByteReader,
			"Half":    iotest.HalfReader,
		}
		for name, wrap := range readers {
			got, err := io.ReadAll(wrap(newAudienceFile("cb-i3-", n)))
			if err != nil || string(got) != want {
				t.Errorf("n=%d %s: err %v, %d bytes, want %d (equal: %v)", n, name, err, len(got), len(want), string(got) == want)
			}
		}
		// Odd buffer sizes: lines split across reads.
		for _, size := range []int{3, 7, 64, 4096} {
			f := newAudienceFile("cb-i3-", n)
			var b bytes.Buffer
			buf := make([]byte, size)
			for {
				k, err := f.Read(buf)
				b.Write(buf[:k])
				if err == io.EOF {
					break
				}
				if err != nil || k == 0 {
					t.Fatalf("n=%d size %d: read %d, %v", n, size, k, err)
				}
			}
			if b.String() != want {
				t.Errorf("n=%d, reads of %d: differs", n, size)
			}
		}
	}
	if err := iotest.TestReader(newAudienceFile("u", 500), []byte(naiveAudience("u", 500))); err != nil {
		t.Error(err)
	}
}

func TestUploadBody(t *testing.T) {
	ops := []byte(`{"query":"mutation($in:IssuanceJobInput!){x}","variables":{"in":{"couponId":"c1","audience":{"file":null}}}}`)
	const n = 2000
	body, err := newUploadBody(ops, "in.audience.file", "users.csv", newAudienceFile("u-", n), audienceFileSize("u-", n))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(raw)) != body.length {
		t.Errorf("length %d, body of %d bytes", body.length, len(raw))
	}
	mt, params, err := mime.ParseMediaType(body.contentType)
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("content type %q: %v", body.contentType, err)
	}
	r := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
	var parts []string
	contents := map[string]string{}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		parts = append(parts, p.FormName())
		contents[p.FormName()] = string(b)
		if p.FormName() == "0" && p.FileName() != "users.csv" {
			t.Errorf("file name %q", p.FileName())
		}
	}
	// The spec's order: operations, map, then the files.
	if strings.Join(parts, ",") != "operations,map,0" {
		t.Fatalf("parts %v", parts)
	}
	if contents["operations"] != string(ops) {
		t.Errorf("operations %s", contents["operations"])
	}
	var m map[string][]string
	if err := json.Unmarshal([]byte(contents["map"]), &m); err != nil || len(m["0"]) != 1 || m["0"][0] != "variables.in.audience.file" {
		t.Errorf("map %s (%v)", contents["map"], err)
	}
	if contents["0"] != naiveAudience("u-", n) {
		t.Errorf("file of %d bytes, want %d", len(contents["0"]), len(naiveAudience("u-", n)))
	}
}

func TestParseMemStatus(t *testing.T) {
	status := "Name:\tcoupond\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 1700000 kB\nVmSize:\t 1600000 kB\nVmHWM:\t  153600 kB\nVmRSS:\t  102400 kB\nRssAnon:\t   90000 kB\nThreads:\t12\n"
	rss, hwm, err := parseMemStatus([]byte(status))
	if err != nil || rss != 102400 || hwm != 153600 {
		t.Errorf("rss %d, hwm %d, err %v; want 102400, 153600", rss, hwm, err)
	}
	// A kernel thread has no Vm lines.
	if _, _, err := parseMemStatus([]byte("Name:\tkthreadd\nState:\tS (sleeping)\n")); err == nil {
		t.Error("no VmRSS: no error")
	}
	if _, _, err := parseMemStatus([]byte("VmHWM:\t 1 kB\nVmRSS:\t x kB\n")); err == nil {
		t.Error("bad number: no error")
	}
	if _, _, err := parseMemStatus([]byte("VmHWM:\t 1 kB\nVmRSS:\t 2 MB\n")); err == nil {
		t.Error("other unit: no error")
	}
}

func TestRouteUsers(t *testing.T) {
	router, err := sharding.NewRouter(issueDBs, issueTables)
	if err != nil {
		t.Fatal(err)
	}
	groups := routeUsers(router, "ib1-", 5000)
	total, empty := 0, 0
	for d := range groups {
		for tb, users := range groups[d] {
			total += len(users)
			if len(users) == 0 {
				empty++
			}
			for _, u := range users {
				if rt := router.Route(u); rt.DB != d || rt.Table != tb {
					t.Fatalf("%s in db%d.t%d, routed to %s", u, d, tb, rt)
				}
			}
		}
	}
	if total != 5000 || empty != 0 || len(groups) != issueDBs || len(groups[0]) != issueTables {
		t.Errorf("%d users in %dx%d groups, %d empty", total, len(groups), len(groups[0]), empty)
	}
}

func TestIssueTargetsAndTable(t *testing.T) {
	rs := []*Result{
		{Scenario: "issue-baseline", Unit: "rows/s", Rate: 40000, Issued: 200000},
		{Scenario: "issue", Unit: "rows/s", Rate: 22000, Issued: 200000, TotalStock: 200000, JobRate: 25000, UploadSec: 1.5, WindowSec: 9.09,
			PeakRSSMB: 120.5, VmHWMMB: 130.25, RSSSamples: 40},
	}
	setRatios(rs)
	if rs[1].Ratio != 0.55 || rs[1].RatioTo != "issue-baseline" {
		t.Errorf("ratio %v to %q, want 0.55 to issue-baseline", rs[1].Ratio, rs[1].RatioTo)
	}
	status := func(ts []Target, name string) Target {
		for _, tg := range ts {
			if tg.Name == name {
				return tg
			}
		}
		t.Fatalf("no target %q", name)
		return Target{}
	}
	ts := targets(rs)
	if tg := status(ts, "issue / issue-baseline (rows/s)"); tg.Status != "PASS" {
		t.Errorf("ratio target %+v", tg)
	}
	if tg := status(ts, "issue: coupond peak RSS"); tg.Status != "PASS" || tg.Measured != 120.5 {
		t.Errorf("rss target %+v", tg)
	}
	rs[1].Rate, rs[1].PeakRSSMB = 19000, 310
	ts = targets(rs)
	if status(ts, "issue / issue-baseline (rows/s)").Status != "FAIL" || status(ts, "issue: coupond peak RSS").Status != "FAIL" {
		t.Errorf("0.475x and 310 MB pass: %+v", ts)
	}
	rs[1].RSSSamples = 0 // -server: no process to read
	if tg := status(targets(rs), "issue: coupond peak RSS"); tg.Status != "n/a" {
		t.Errorf("without samples: %+v", tg)
	}
	if tg := status(targets(rs[:1]), "issue: coupond peak RSS"); tg.Status != "n/a" || tg.Note != "scenario not run" {
		t.Errorf("without issue: %+v", tg)
	}

	rs[1].Rate, rs[1].PeakRSSMB, rs[1].RSSSamples = 22000, 120.5, 40
	setRatios(rs)
	var b bytes.Buffer
	writeMarkdown(&b, rs, targets(rs), "")
	out := b.String()
	for _, s := range []string{"| issue | 0 | 22,000 rows/s |", "0.55x issue-baseline |", "| issue: coupond peak RSS | 120.5 MB | < 300 MB | PASS |",
		"| issue | 200000 | 1.50 | 9.09 | 22,000 | 25,000 | 120.5 | 130.2 |"} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q:\n%s", s, out)
		}
	}
}

func TestIssueScenarios(t *testing.T) {
	got, err := parseScenarios("issue,issue-baseline")
	if err != nil || strings.Join(got, ",") != "issue-baseline,issue" {
		t.Errorf("parseScenarios: %v, %v", got, err)
	}
	all, _ := parseScenarios("all")
	if i := slices.Index(all, "issue"); i < 1 || all[i-1] != "issue-baseline" {
		t.Errorf("all: %v", all)
	}
	if needsServer("issue-baseline") || !needsServer("issue") {
		t.Error("needsServer: issue-baseline is raw, issue talks to coupond")
	}
}

func TestCouponInputChannels(t *testing.T) {
	if got := couponInput(couponSpec{Name: "c"})["channels"].([]string); len(got) != 1 || got[0] != "CLAIM" {
		t.Errorf("default channels %v", got)
	}
	if got := couponInput(couponSpec{Name: "t", Channels: []string{"TARGETED"}})["channels"].([]string); len(got) != 1 || got[0] != "TARGETED" {
		t.Errorf("channels %v", got)
	}
}
