package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// benchDoc is the page -markdown writes: the run's report (the tables
// writeMarkdown prints) under the date, the command and the machine.
type benchDoc struct {
	Started  time.Time
	Took     time.Duration
	Command  string // the command line that ran, as a reader would type it
	Machine  machine
	Settings string // describeRun's line
	Held     bool   // every invariant held
	Results  []*Result
	Targets  []Target
}

// writeBenchDoc writes d as a Markdown page.
func writeBenchDoc(w io.Writer, d benchDoc) {
	fmt.Fprintln(w, "# Benchmarks")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "The latest full run of couponbench, written by couponbench itself:")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "```sh\n%s\n```\n\n", d.Command)
	fmt.Fprintf(w, "- **Date**: %s (the run took %s)\n", d.Started.UTC().Format("2006-01-02 15:04 MST"), d.Took.Round(time.Second))
	fmt.Fprintf(w, "- **Machine**: %s\n", d.Machine)
	fmt.Fprintf(w, "- **Servers**: %s, on the same machine as coupond and the load generator\n", d.Machine.servers())
	fmt.Fprintf(w, "- **Settings**: %s\n", d.Settings)
	if d.Held {
		fmt.Fprintln(w, "- **Invariants**: every one held (nothing over-issued, no user past a limit, no id twice, every row accounted for)")
	} else {
		fmt.Fprintln(w, "- **Invariants**: at least one FAILED (see the end of the page)")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Ratios compare coupond with the raw baselines measured in the same run, on the same machine;")
	fmt.Fprintln(w, "targets a run misses are FAIL and do not fail the run. What each scenario does and how to read")
	fmt.Fprintln(w, "the figures: docs/performance.md.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "## Results")
	fmt.Fprintln(w)
	writeMarkdown(w, d.Results, d.Targets, "")
}

// writeBenchDocFile writes d to path.
func writeBenchDocFile(path string, d benchDoc) error {
	var b strings.Builder
	writeBenchDoc(&b, d)
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// commandLine is how a reader reruns this run: `go run ./cmd/couponbench`
// and the flags given, quoted for a shell where needed.
func commandLine(args []string) string {
	parts := []string{"go run ./cmd/couponbench"}
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t'\"$`\\|&;<>()*?[]#~") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}
