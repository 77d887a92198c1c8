package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Shared round trips: how the started coupond's claims in flight went
// together (its coupond_coalesced_calls histogram, per path), read from
// /metrics before and after each scenario.

// GroupFigures is one path's shared round trips during a scenario.
type GroupFigures struct {
	Trips int64   `json:"roundTrips"`
	Calls int64   `json:"calls"`
	Mean  float64 `json:"meanCalls"`
	// Max is the upper bound of the histogram bucket of the largest group:
	// the largest group had at most Max calls and more than the bucket
	// below.
	Max float64 `json:"maxCallsAtMost"`
}

// groupSnapshot is the histogram of each path at one moment.
type groupSnapshot map[string]*groupHist

type groupHist struct {
	count, sum float64
	buckets    map[float64]float64 // le -> cumulative count
}

// readGroups reads the coalescing histograms from base's /metrics; nil
// when they cannot be read.
func readGroups(ctx context.Context, base string) groupSnapshot {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	return parseGroups(resp.Body)
}

func parseGroups(r io.Reader) groupSnapshot {
	out := groupSnapshot{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "coupond_coalesced_calls_")
		if !ok {
			continue
		}
		kind, rest, _ := strings.Cut(rest, "{")
		labels, value, ok := strings.Cut(rest, "} ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			continue
		}
		path, le := label(labels, "path"), label(labels, "le")
		h := out[path]
		if h == nil {
			h = &groupHist{buckets: map[float64]float64{}}
			out[path] = h
		}
		switch kind {
		case "count":
			h.count = v
		case "sum":
			h.sum = v
		case "bucket":
			if b, err := strconv.ParseFloat(le, 64); err == nil {
				h.buckets[b] = v
			} else if le == "+Inf" {
				h.buckets[math.Inf(1)] = v
			}
		}
	}
	return out
}

// label returns the value of name in `a="x",b="y"`.
func label(labels, name string) string {
	for _, kv := range strings.Split(labels, ",") {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return strings.Trim(v, `"`)
		}
	}
	return ""
}

// groupsBetween is what happened between two snapshots, per path with any
// round trip.
func groupsBetween(before, after groupSnapshot) map[string]GroupFigures {
	if after == nil {
		return nil
	}
	out := map[string]GroupFigures{}
	for path, a := range after {
		b := before[path]
		if b == nil {
			b = &groupHist{buckets: map[float64]float64{}}
		}
		trips := a.count - b.count
		if trips <= 0 {
			continue
		}
		f := GroupFigures{Trips: int64(trips), Calls: int64(a.sum - b.sum), Mean: (a.sum - b.sum) / trips}
		bounds := make([]float64, 0, len(a.buckets))
		for le := range a.buckets {
			bounds = append(bounds, le)
		}
		sort.Float64s(bounds)
		for _, le := range bounds { // the first bucket that holds every trip
			if a.buckets[le]-b.buckets[le] >= trips {
				f.Max = le
				break
			}
		}
		out[path] = f
	}
	return out
}

// writeGroups prints the shared round trips of the scenarios that had any.
func writeGroups(w io.Writer, rs []*Result) {
	var rows []string
	for _, r := range rs {
		for _, path := range sortedKeys(r.Groups) {
			g := r.Groups[path]
			rows = append(rows, fmt.Sprintf("| %s | %s | %d | %d | %.1f | %s |", r.Scenario, path, g.Calls, g.Trips, g.Mean, maxCell(g.Max)))
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w, "Shared round trips (coupond's claims in flight going together; the largest group to its histogram bucket):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| scenario | path | calls | round trips | mean calls per trip | largest |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|")
	for _, row := range rows {
		fmt.Fprintln(w, row)
	}
	fmt.Fprintln(w)
}

func maxCell(le float64) string {
	if math.IsInf(le, 1) {
		return "> 512"
	}
	return fmt.Sprintf("<= %.0f", le)
}
