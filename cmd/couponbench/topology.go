package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coupond/coupond/internal/mariadbtest"
)

// topology is the scratch MariaDB servers couponbench started for a run
// (-binlog: a primary; -replicated: a primary and its replica), stopped at
// the end.
type topology struct {
	primary, replica *mariadbtest.Server
}

// startTopology starts a primary with the binary log (sync_binlog=1, as a
// primary that feeds replicas) and, with replicated, a replica of it fed
// by GTID replication from its first event. It returns the servers' root
// DSNs (no database).
func startTopology(ctx context.Context, replicated bool) (*topology, string, string, error) {
	t := &topology{}
	var err error
	if t.primary, err = mariadbtest.Start(ctx, mariadbtest.Options{Binlog: true, ServerID: 1}); err != nil {
		return nil, "", "", err
	}
	if !replicated {
		return t, t.primary.DSN("root"), "", nil
	}
	if t.replica, err = mariadbtest.StartReplica(ctx, t.primary.DSN("root"), mariadbtest.ReplicaOptions{}); err != nil {
		t.stop()
		return nil, "", "", err
	}
	return t, t.primary.DSN("root"), t.replica.DSN("root"), nil
}

func (t *topology) stop() {
	if t.replica != nil {
		t.replica.Stop()
	}
	t.primary.Stop()
}

// lagSampler reads the started coupond's replica gauges from /metrics
// every 200 ms, as often as its heartbeat beats, while a scenario runs:
// the lag the heartbeat measures, and whether each replica is in the read
// rotation.
type lagSampler struct {
	url   string
	bound time.Duration

	stop chan struct{}
	done chan struct{}

	mu        sync.Mutex
	lags      []float64 // per sample: the largest lag of any replica, s
	pastBound int       // samples with a replica in the rotation and behind the bound
	errs      int
}

func startLagSampler(ctx context.Context, base string, bound time.Duration) *lagSampler {
	s := &lagSampler{url: base + "/metrics", bound: bound, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		hc := &http.Client{Timeout: time.Second}
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			s.sample(ctx, hc)
			select {
			case <-ctx.Done():
				return
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *lagSampler) sample(ctx context.Context, hc *http.Client) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	resp, err := hc.Do(req)
	if err != nil {
		s.mu.Lock()
		s.errs++
		s.mu.Unlock()
		return
	}
	defer resp.Body.Close()
	lags, usable := parseReplicaGauges(resp.Body)
	worst, past := 0.0, false
	for k, lag := range lags {
		worst = math.Max(worst, lag)
		if usable[k] && lag > s.bound.Seconds() {
			past = true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(lags) > 0 {
		s.lags = append(s.lags, worst)
	}
	if past {
		s.pastBound++
	}
}

// parseReplicaGauges reads coupond_replica_lag_seconds and
// coupond_replica_usable from a Prometheus text page, by their labels.
func parseReplicaGauges(r io.Reader) (lags map[string]float64, usable map[string]bool) {
	lags, usable = map[string]float64{}, map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, name := range []string{"coupond_replica_lag_seconds{", "coupond_replica_usable{"} {
			rest, ok := strings.CutPrefix(line, name)
			if !ok {
				continue
			}
			labels, value, ok := strings.Cut(rest, "} ")
			if !ok {
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
			if err != nil {
				continue
			}
			if strings.HasPrefix(name, "coupond_replica_lag") {
				lags[labels] = v
			} else {
				usable[labels] = v == 1
			}
		}
	}
	return lags, usable
}

// finish stops the sampler and writes what it saw into r: the lag's p99
// and max over the samples, and a check that no replica in the rotation
// was ever behind the bound.
func (s *lagSampler) finish(r *Result) {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	r.ReplicaSamples = len(s.lags)
	if len(s.lags) > 0 {
		sorted := slices.Clone(s.lags)
		slices.Sort(sorted)
		r.ReplicaLagP99ms = sorted[min(len(sorted)-1, int(math.Ceil(0.99*float64(len(sorted))))-1)] * 1000
		r.ReplicaLagMaxms = sorted[len(sorted)-1] * 1000
	}
	r.check("replica-bound", len(s.lags) > 0 && s.pastBound == 0,
		"%d samples of the replicas' lag (%d unreadable); %d with a replica in the read rotation behind the %s bound",
		len(s.lags), s.errs, s.pastBound, s.bound)
}

// writeReplicaLag writes the replicated topology's lag per scenario.
func writeReplicaLag(w io.Writer, rs []*Result) {
	var rows []*Result
	for _, r := range rs {
		if r.ReplicaSamples > 0 {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w, "The replica's lag during each scenario, as coupond's heartbeat measured it (every 200 ms, to 5 ms; an upper bound), sampled from /metrics as often:")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| scenario | samples | lag p99 ms | lag max ms | reads past the bound |")
	fmt.Fprintln(w, "|---|--:|--:|--:|---|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %d | %.0f | %.0f | %s |\n", r.Scenario, r.ReplicaSamples, r.ReplicaLagP99ms, r.ReplicaLagMaxms,
			checkCell(r.findCheck("replica-bound")))
	}
	fmt.Fprintln(w)
}

// replicaTargets are the replicated topology's goals: the claim path as
// fast against the raw loop as on one server, and the replica's lag
// during hot-claim (reported; reads past the bound are a failed check).
func replicaTargets(rs []*Result) []Target {
	var hot, base *Result
	for _, r := range rs {
		switch {
		case r.Err != "":
		case r.Scenario == "hot-claim":
			hot = r
		case r.Scenario == "baseline":
			base = r
		}
	}
	t := Target{Name: "replicated: hot-claim / baseline on the same primary (claims/s)", Unit: "x", Goal: ">= 0.8x", Status: "n/a"}
	if hot != nil && base != nil {
		t.Measured = ratio(hot.Rate, base.Rate)
		t.Status = passFail(!math.IsNaN(t.Measured) && t.Measured >= 0.8)
	} else {
		t.Note = "scenario not run"
	}
	out := []Target{t}
	if hot != nil && hot.ReplicaSamples > 0 {
		out = append(out,
			Target{Name: "replicated: replica lag p99 during hot-claim", Unit: "ms", Goal: "-", Status: "info", Measured: hot.ReplicaLagP99ms},
			Target{Name: "replicated: replica lag max during hot-claim", Unit: "ms", Goal: "-", Status: "info", Measured: hot.ReplicaLagMaxms})
	}
	return out
}
