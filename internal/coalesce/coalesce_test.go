package coalesce_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/coalesce"
)

type job struct {
	n      int
	answer int
	batch  int // size of the batch it ran in
}

// double answers every job with twice its n.
func double(_ string, batch []*job) {
	for _, j := range batch {
		j.answer, j.batch = 2*j.n, len(batch)
	}
}

func TestLoneCallRunsAtOnceInItsGoroutine(t *testing.T) {
	var runs atomic.Int32
	g := coalesce.New(coalesce.Options{}, func(k string, b []*job) { runs.Add(1); double(k, b) })
	for i := range 3 {
		j := &job{n: i}
		g.Do("k", j)
		if j.answer != 2*i || j.batch != 1 {
			t.Fatalf("call %d: answer %d in a batch of %d, want %d alone", i, j.answer, j.batch, 2*i)
		}
	}
	if runs.Load() != 3 {
		t.Fatalf("%d runs for 3 calls one after another, want 3", runs.Load())
	}
}

// TestCallsThatWaitGoTogether holds the first batch open while 50 more
// calls arrive: they must all run in one second batch, each with its own
// answer.
func TestCallsThatWaitGoTogether(t *testing.T) {
	release := make(chan struct{})
	first := make(chan struct{})
	var sizes []int
	var mu sync.Mutex
	g := coalesce.New(coalesce.Options{}, func(k string, b []*job) {
		mu.Lock()
		sizes = append(sizes, len(b))
		mu.Unlock()
		if b[0].n == -1 {
			close(first)
			<-release
		}
		double(k, b)
	})
	go g.Do("k", &job{n: -1})
	<-first
	jobs := make([]*job, 50)
	var wg sync.WaitGroup
	for i := range jobs {
		jobs[i] = &job{n: i}
		wg.Go(func() { g.Do("k", jobs[i]) })
	}
	waitFor(t, func() bool { return g.Waiting("k") == 50 })
	close(release)
	wg.Wait()
	for i, j := range jobs {
		if j.answer != 2*i || j.batch != 50 {
			t.Fatalf("job %d: answer %d in a batch of %d, want %d in the batch of 50", i, j.answer, j.batch, 2*i)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(sizes) != 2 || sizes[1] != 50 {
		t.Fatalf("batch sizes %v, want [1 50]", sizes)
	}
}

func TestInFlightAndMaxBatchBound(t *testing.T) {
	var running, most atomic.Int32
	var biggest atomic.Int32
	g := coalesce.New(coalesce.Options{InFlight: 3, MaxBatch: 7}, func(k string, b []*job) {
		n := running.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		if int32(len(b)) > biggest.Load() {
			biggest.Store(int32(len(b)))
		}
		time.Sleep(time.Millisecond)
		double(k, b)
		running.Add(-1)
	})
	var wg sync.WaitGroup
	var wrong atomic.Int32
	for i := range 400 {
		wg.Go(func() {
			j := &job{n: i}
			g.Do("k", j)
			if j.answer != 2*i {
				wrong.Add(1)
			}
		})
	}
	wg.Wait()
	if wrong.Load() != 0 {
		t.Fatalf("%d calls got another's answer", wrong.Load())
	}
	if most.Load() > 3 || biggest.Load() > 7 {
		t.Fatalf("%d batches at once (at most 3), biggest batch %d (at most 7)", most.Load(), biggest.Load())
	}
	if biggest.Load() < 2 {
		t.Fatalf("400 concurrent calls never shared a batch")
	}
}

func TestKeysRunApart(t *testing.T) {
	block := make(chan struct{})
	g := coalesce.New(coalesce.Options{}, func(k string, b []*job) {
		if k == "slow" {
			<-block
		}
		double(k, b)
	})
	go g.Do("slow", &job{})
	waitFor(t, func() bool { return g.Busy("slow") })
	j := &job{n: 4}
	g.Do("fast", j) // must not wait for "slow"
	close(block)
	if j.answer != 8 {
		t.Fatalf("answer %d, want 8", j.answer)
	}
}

func TestPanicFreesTheLane(t *testing.T) {
	g := coalesce.New(coalesce.Options{}, func(k string, b []*job) {
		if b[0].n < 0 {
			panic("boom")
		}
		double(k, b)
	})
	func() {
		defer func() { _ = recover() }()
		g.Do("k", &job{n: -1})
	}()
	done := make(chan *job)
	go func() { j := &job{n: 5}; g.Do("k", j); done <- j }()
	select {
	case j := <-done:
		if j.answer != 10 {
			t.Fatalf("answer %d, want 10", j.answer)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the lane stayed taken after a panic")
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for start := time.Now(); !ok(); time.Sleep(time.Millisecond) {
		if time.Since(start) > 5*time.Second {
			t.Fatal("timed out")
		}
	}
}
