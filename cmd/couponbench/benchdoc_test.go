package main

import (
	"strings"
	"testing"
	"time"
)

func TestBenchDoc(t *testing.T) {
	rs := []*Result{
		{Scenario: "baseline", Unit: "claims/s", Rate: 4000},
		{Scenario: "hot-claim", Unit: "claims/s", Rate: 2600, Issued: 10, TotalStock: 10, P50ms: 3.5, P99ms: 12.25},
		{Scenario: "sold-out", Unit: "refusals/s", Rate: 30000},
	}
	rs[1].check("stock", true, "")
	setRatios(rs)
	d := benchDoc{
		Started: time.Date(2026, 12, 5, 13, 40, 0, 0, time.UTC),
		Took:    26*time.Minute + 3*time.Second,
		Command: commandLine([]string{"-markdown", "docs/benchmarks.md"}),
		Machine: machine{CPU: "Intel(R) Xeon(R) Processor", Cores: 2, MemKB: 24683664, Go: "go1.26.8",
			OS: "Debian GNU/Linux 12 (bookworm), linux/amd64", MariaDB: "10.11.6-MariaDB"},
		Settings: "20000 users, stock 10000",
		Held:     true,
		Results:  rs,
		Targets:  targets(rs),
	}
	var b strings.Builder
	writeBenchDoc(&b, d)
	out := b.String()
	for _, s := range []string{
		"# Benchmarks\n",
		"go run ./cmd/couponbench -markdown docs/benchmarks.md\n",
		"- **Date**: 2026-12-05 13:40 UTC (the run took 26m3s)\n",
		"- **Machine**: Intel(R) Xeon(R) Processor, 2 cores, 23.5 GiB of memory; go1.26.8, Debian GNU/Linux 12 (bookworm), linux/amd64\n",
		"- **Servers**: MariaDB 10.11.6-MariaDB, Redis version unknown,",
		"- **Settings**: 20000 users, stock 10000\n",
		"- **Invariants**: every one held",
		"| scenario | requests | rate | p50 ms | p99 ms |",
		"| hot-claim | 0 | 2,600 claims/s | 3.50 | 12.25 | 10 / 10 (0) | ok | - | 0 | 0.65x baseline |\n",
		"| hot-claim / baseline (claims/s) | 0.65x | >= 2x | FAIL |\n",
		"| sold-out refusals/s / hot-claim claims/s | 11.54x | >= 10x | PASS |\n",
		"| use / use-baseline (uses/s) | - | >= 0.6x | n/a (scenario not run) |\n",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("page lacks %q:\n%s", s, out)
		}
	}
	if strings.Index(out, "**Machine**") > strings.Index(out, "| scenario |") {
		t.Error("the machine comes after the tables")
	}
	d.Held = false
	b.Reset()
	writeBenchDoc(&b, d)
	if !strings.Contains(b.String(), "- **Invariants**: at least one FAILED") {
		t.Errorf("a failed invariant is not said:\n%s", b.String())
	}
}

func TestCommandLine(t *testing.T) {
	got := commandLine([]string{"-scenarios", "baseline,hot-claim", "-mysql", "root@tcp(127.0.0.1:3306)/", "-admin-password", "it's"})
	want := `go run ./cmd/couponbench -scenarios baseline,hot-claim -mysql 'root@tcp(127.0.0.1:3306)/' -admin-password 'it'\''s'`
	if got != want {
		t.Errorf("commandLine =\n %s\nwant\n %s", got, want)
	}
}

func TestParseMachine(t *testing.T) {
	cpuinfo := "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Processor\n"
	if model, n := parseCPUInfo(cpuinfo); model != "Intel(R) Xeon(R) Processor" || n != 2 {
		t.Errorf("parseCPUInfo = %q, %d; want the model and 2", model, n)
	}
	if kb := parseMemTotal("MemTotal:       24683664 kB\nMemFree:        19429624 kB\n"); kb != 24683664 {
		t.Errorf("parseMemTotal = %d", kb)
	}
	if name := parseOSRelease("NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"); name != "Debian GNU/Linux 12 (bookworm)" {
		t.Errorf("parseOSRelease = %q", name)
	}
	if v := infoField("# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n", "redis_version"); v != "7.0.15" {
		t.Errorf("infoField = %q", v)
	}
}
