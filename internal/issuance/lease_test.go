package issuance_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/issuance"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// instance is a live worker instance whose Run loop the test can stop.
type instance struct {
	svc  *issuance.Service
	stop func() // cancels Run and waits for it to return; idempotent
}

// startInstance starts a runner named owner. Unlike e.jobs, the caller may
// stop it before the test ends (it is stopped at cleanup otherwise).
func startInstance(t *testing.T, e *env, owner string) *instance {
	t.Helper()
	svc := issuance.NewService(e.store, e.engine, e.tags, issuance.Options{Owner: owner})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { svc.Run(ctx); close(done) }()
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return &instance{svc: svc, stop: stop}
}

// leaseSample is one reading of a job's lease and progress.
type leaseSample struct {
	from, to  int32 // the test's phase when the reading began and ended
	owner     string
	until     *time.Time
	status    models.JobStatus
	processed int64
}

// Phases of TestTwoInstancesShareAJob, as the sampler records them.
const (
	bothLive   int32 = iota // both instances running
	stopping                // the holder is being stopped
	holderGone              // its Run returned and its lease was expired
)

// Two live instances side by side on one store: one of them holds the job's
// lease at a time; when the holder goes away part-way and its lease runs
// out, the other takes the job over and finishes it with every user issued
// once and the stock taken once.
func TestTwoInstancesShareAJob(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		n := 20_000
		if testing.Short() {
			n = 5_000
		}
		const stock = 30_000
		const readBatch = 500 // many small steps: the holder is stopped between two of them or inside one
		c := targetedCoupon(t, e, stock, nil)
		names := [2]string{"instance-a", "instance-b"}
		inst := map[string]*instance{}
		for _, name := range names {
			inst[name] = startInstance(t, e, name)
		}
		// Both Run loops are live before the job exists: they race for it.
		job, err := inst[names[0]].svc.Create(ctx, issuance.Spec{CouponID: fmt.Sprint(c.ID),
			Audience: issuance.Audience{File: strings.NewReader(users("pair-", n))}, ReadBatchSize: ptr(readBatch)})
		if err != nil {
			t.Fatal(err)
		}

		// The sampler reads the job row as fast as it reasonably can until
		// the job ends or the test gives up.
		var phase atomic.Int32
		var last atomic.Pointer[leaseSample]
		var mu sync.Mutex
		var samples []leaseSample
		var readErrs int
		samplerCtx, stopSampler := context.WithCancel(ctx)
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			tick := time.NewTicker(5 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-samplerCtx.Done():
					return
				case <-tick.C:
				}
				from := phase.Load()
				var j models.IssuanceJob
				if err := e.store.Meta.WithContext(samplerCtx).Clauses(dbresolver.Write).
					Select("lease_owner", "lease_until", "status", "processed").Take(&j, job.ID).Error; err != nil {
					if samplerCtx.Err() == nil {
						mu.Lock()
						readErrs++
						mu.Unlock()
					}
					continue
				}
				s := leaseSample{from: from, to: phase.Load(), owner: j.LeaseOwner, until: j.LeaseUntil, status: j.Status, processed: j.Processed}
				mu.Lock()
				samples = append(samples, s)
				mu.Unlock()
				last.Store(&s)
				if s.status.Done() {
					return
				}
			}
		}()
		defer func() { stopSampler(); <-sampled }()

		// Part-way (a first batch checkpointed, not the last), stop the holder.
		var holder string
		deadline := time.Now().Add(3 * time.Minute)
		for holder == "" {
			if time.Now().After(deadline) {
				s := last.Load()
				if s == nil {
					t.Fatalf("no reading of job %d in 3m", job.ID)
				}
				t.Fatalf("job %d not part-way in 3m: %s, processed %d, owner %q", job.ID, s.status, s.processed, s.owner)
			}
			if s := last.Load(); s != nil {
				if s.status.Done() || s.processed >= int64(n) {
					t.Fatalf("job %d ended (%s, processed %d) before a holder could be stopped part-way", job.ID, s.status, s.processed)
				}
				if s.processed > 0 && s.owner != "" {
					holder = s.owner
					break
				}
			}
			time.Sleep(2 * time.Millisecond)
		}
		survivor := names[0]
		if holder == names[0] {
			survivor = names[1]
		}
		if inst[holder] == nil {
			t.Fatalf("the lease is held by %q, not one of %v", holder, names)
		}
		phase.Store(stopping)
		inst[holder].stop()
		// What a crashed holder leaves is a lease that runs out after 10 s:
		// move it to the past rather than wait. (A holder whose context ends
		// gives the lease up itself, in which case this changes nothing.)
		expired := time.Now().UTC().Add(-time.Minute)
		if err := e.store.Meta.WithContext(ctx).Model(&models.IssuanceJob{}).Where("id = ? AND lease_owner = ?", job.ID, holder).
			Update("lease_until", expired).Error; err != nil {
			t.Fatal(err)
		}
		phase.Store(holderGone)
		stoppedAt, _ := inst[survivor].svc.Get(ctx, fmt.Sprint(job.ID))
		if stoppedAt.Status.Done() {
			t.Fatalf("job %d was %s when its holder %s had stopped: nothing left to take over", job.ID, stoppedAt.Status, holder)
		}

		done := wait(t, inst[survivor].svc, job.ID, 5*time.Minute, models.JobCompleted, models.JobFailed, models.JobPaused, models.JobCancelled)
		stopSampler()
		<-sampled

		// The lease over time.
		mu.Lock()
		defer mu.Unlock()
		if len(samples) < 20 {
			t.Errorf("only %d readings of the lease", len(samples))
		}
		if readErrs > len(samples)/10 {
			t.Errorf("%d failed readings of the lease against %d", readErrs, len(samples))
		}
		prev, flips := "", 0
		seen := map[string]int{}
		survivorAfter := false
		for i, s := range samples {
			if s.owner == "" {
				continue
			}
			seen[s.owner]++
			if s.owner != names[0] && s.owner != names[1] {
				t.Errorf("reading %d: the lease is held by %q, not one of %v", i, s.owner, names)
			}
			if s.until == nil {
				t.Errorf("reading %d: %q holds the lease with no lease_until", i, s.owner)
			}
			// While both instances live, the holder keeps the lease: it
			// renews it at every batch, so the other never gets it.
			if s.to == bothLive && prev != "" && s.owner != prev {
				flips++
				if flips == 1 {
					t.Errorf("reading %d (processed %d): the lease passed from %s to %s while both instances were live", i, s.processed, prev, s.owner)
				}
			}
			if s.from == holderGone && s.owner == holder && s.until != nil && !s.until.Before(expired.Add(time.Second)) {
				t.Errorf("reading %d: %s, stopped, renewed its lease (until %s)", i, holder, s.until)
			}
			if s.from >= stopping && s.owner == survivor {
				survivorAfter = true
			}
			prev = s.owner
		}
		if flips > 1 {
			t.Errorf("the lease passed between the live instances %d times", flips)
		}
		if !survivorAfter {
			t.Errorf("%s was never seen holding the lease after %s stopped", survivor, holder)
		}

		// The outcome: every user once, the stock taken once.
		if done.Status != models.JobCompleted {
			t.Fatalf("job ended %s: %s", done.Status, done.LastError)
		}
		rows, dupes := rowsOf(t, e, c.ID)
		if rows != int64(n) || dupes != 0 {
			t.Errorf("%d rows, %d users with two; want %d and 0", rows, dupes, n)
		}
		if done.Processed != int64(n) {
			t.Errorf("processed %d, want %d: a batch was counted twice or not at all", done.Processed, n)
		}
		// A batch the holder was stopped inside is replayed by the survivor:
		// the rows the holder wrote before the stop count as skipped then
		// (TestReplayedBatchIssuesNobodyTwice), so issued can fall short by
		// at most one batch; it is exact when the stop fell between batches.
		if done.Issued+done.Skipped != int64(n) || done.Skipped > readBatch {
			t.Errorf("issued %d skipped %d; want %d in all, at most %d skipped", done.Issued, done.Skipped, n, readBatch)
		}
		// Units the stopped holder took for rows it never wrote are the
		// reconciler's to return; after it, the stock is down by exactly
		// one unit per user.
		before := remaining(t, e, c)
		if before > stock-int64(n) || before < stock-int64(n)-readBatch {
			t.Errorf("remaining %d before reconciling; want %d, less at most %d leaked", before, stock-n, readBatch)
		}
		repaired, err := e.engine.Reconcile(ctx, 0, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := remaining(t, e, c); got != stock-int64(n) {
			t.Errorf("remaining %d after reconciling (%d repaired), want %d", got, repaired[c.ID], stock-n)
		}
		t.Logf("%s held the lease, stopped at processed %d; %s finished: %d readings %v, issued %d skipped %d, %d units leaked and reconciled",
			holder, stoppedAt.Processed, survivor, len(samples), seen, done.Issued, done.Skipped, repaired[c.ID])
	})
}
