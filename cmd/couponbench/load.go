package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// loadSpec is one timed loop: jobs numbered 0..jobs-1 taken by concurrency
// workers until the jobs run out, the duration passes, or a job answers
// stopCode (the stock is gone).
type loadSpec struct {
	jobs        int
	concurrency int
	duration    time.Duration
	// stopCode: a refusal meaning nothing more can be claimed; the first one
	// stops new jobs and the clock stops at the last successful claim.
	stopCode string
	// measureCode: when set, the rate and latencies are over refusals with
	// this code (sold-out), or over every request for "*"; otherwise over
	// complete, non-replayed claims.
	measureCode string
	// perJob keeps how many units each job was issued, for the holdings check.
	perJob bool
	// stop, when set, ends the loop once it is closed, as the duration
	// would: no job starts after, the clock stops at the close, and what
	// finishes after it is counted but not measured.
	stop <-chan struct{}
	// do runs job i; buf is the worker's scratch buffer for the request body.
	do func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome)
}

// loadResult is what a loop measured, merged over its workers.
type loadResult struct {
	Requests, OK, Replayed, Refused, Failed, BusyRetries int64
	Issued                                               int64            // units issued (non-replayed), as the client saw them
	Codes                                                map[string]int64 // refusals by code
	Errors                                               map[string]int64 // request-level failures by "CODE: message"
	Measured                                             int64
	Window                                               time.Duration
	Latencies                                            []time.Duration // of the measured requests
	StopReason                                           string
	Attempted                                            int     // jobs started
	PerJob                                               []uint8 // units issued per job, when spec.perJob
	IDs                                                  []string
	ReplayIDs                                            []string
}

type workerStats struct {
	loadResult
	lastMeasured time.Time
	lastDone     time.Time
}

func runLoad(ctx context.Context, s loadSpec) *loadResult {
	var (
		next     atomic.Int64
		stop     atomic.Bool
		stockOut atomic.Bool
		wg       sync.WaitGroup
	)
	res := &loadResult{Codes: map[string]int64{}, Errors: map[string]int64{}}
	if s.perJob {
		res.PerJob = make([]uint8, s.jobs)
	}
	workers := make([]*workerStats, s.concurrency)
	start := time.Now()
	deadline := start.Add(s.duration)
	var stopAt atomic.Int64 // UnixNano of the close of s.stop; 0: not closed
	finished := make(chan struct{})
	if s.stop != nil {
		go func() {
			select {
			case <-s.stop:
				stopAt.Store(time.Now().UnixNano())
				stop.Store(true)
			case <-finished:
			}
		}()
	}
	for w := range workers {
		ws := &workerStats{loadResult: loadResult{Codes: map[string]int64{}, Errors: map[string]int64{}}}
		workers[w] = ws
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 0, 512)
			for !stop.Load() && ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= s.jobs {
					return
				}
				if s.duration > 0 && time.Now().After(deadline) {
					stop.Store(true)
					return
				}
				t0 := time.Now()
				var o claimOutcome
				buf, o = s.do(ctx, buf, i)
				t1 := time.Now()
				ws.lastDone = t1
				ws.Requests++
				ws.BusyRetries += int64(o.busy)
				inTime := (s.duration <= 0 || !t1.After(deadline)) && (stopAt.Load() == 0 || t1.UnixNano() <= stopAt.Load())
				measure := s.measureCode == "*"
				switch {
				case o.err != "":
					ws.Failed++
					ws.Errors[truncate(o.err, 160)]++
				case o.replayed:
					ws.Replayed++
					ws.ReplayIDs = append(ws.ReplayIDs, o.ids...)
				default:
					ws.Issued += int64(len(o.ids))
					ws.IDs = append(ws.IDs, o.ids...)
					if s.perJob {
						res.PerJob[i] = uint8(min(len(o.ids), 255))
					}
					if o.code == "" {
						ws.OK++
						measure = measure || s.measureCode == ""
					} else {
						ws.Refused++
						ws.Codes[o.code]++
						measure = measure || s.measureCode == o.code
						if s.stopCode != "" && o.code == s.stopCode {
							stockOut.Store(true)
							stop.Store(true)
						}
					}
				}
				if measure && inTime {
					ws.Measured++
					ws.Latencies = append(ws.Latencies, t1.Sub(t0))
					ws.lastMeasured = t1
				}
			}
		}()
	}
	wg.Wait()
	close(finished)
	end := time.Now()

	var lastMeasured, lastDone time.Time
	for _, ws := range workers {
		w := &ws.loadResult
		res.Requests += w.Requests
		res.OK += w.OK
		res.Replayed += w.Replayed
		res.Refused += w.Refused
		res.Failed += w.Failed
		res.BusyRetries += w.BusyRetries
		res.Issued += w.Issued
		res.Measured += w.Measured
		res.Latencies = append(res.Latencies, w.Latencies...)
		res.IDs = append(res.IDs, w.IDs...)
		res.ReplayIDs = append(res.ReplayIDs, w.ReplayIDs...)
		for k, v := range w.Codes {
			res.Codes[k] += v
		}
		for k, v := range w.Errors {
			res.Errors[k] += v
		}
		if ws.lastMeasured.After(lastMeasured) {
			lastMeasured = ws.lastMeasured
		}
		if ws.lastDone.After(lastDone) {
			lastDone = ws.lastDone
		}
	}
	res.Attempted = min(int(next.Load()), s.jobs)
	switch {
	case ctx.Err() != nil:
		res.StopReason = "interrupted"
	case stockOut.Load():
		res.StopReason = "stock out"
		end = lastMeasured
	case stopAt.Load() != 0:
		res.StopReason = "stopped"
		end = time.Unix(0, stopAt.Load())
	case s.duration > 0 && stop.Load():
		res.StopReason = "duration"
		end = deadline
	default:
		res.StopReason = "jobs done"
		end = lastDone
		if s.measureCode == "" && !lastMeasured.IsZero() {
			end = lastMeasured
		}
	}
	if end.IsZero() || !end.After(start) {
		end = time.Now()
	}
	res.Window = end.Sub(start)
	return res
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
