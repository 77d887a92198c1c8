package loop

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

func TestEvery(t *testing.T) {
	t.Run("EveryDUntilCtxEnds", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		var calls atomic.Int32
		done := make(chan struct{})
		start := time.Now()
		var first atomic.Int64
		go func() {
			defer close(done)
			Every(ctx, 20*time.Millisecond, func(context.Context) {
				if calls.Add(1) == 1 {
					first.Store(int64(time.Since(start)))
				}
			})
		}()
		time.Sleep(150 * time.Millisecond)
		cancel()
		<-done
		n := calls.Load()
		if n < 3 || n > 8 {
			t.Errorf("calls in 150ms every 20ms = %d, want about 7", n)
		}
		if d := time.Duration(first.Load()); d < 20*time.Millisecond {
			t.Errorf("first call after %v, want one period (20ms)", d)
		}
		time.Sleep(60 * time.Millisecond)
		if calls.Load() != n {
			t.Errorf("called after Every returned: %d calls, then %d", n, calls.Load())
		}
	})
	t.Run("AtStart", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		called := make(chan time.Time, 1)
		start := time.Now()
		go Every(ctx, time.Hour, func(context.Context) { called <- time.Now() }, AtStart())
		select {
		case at := <-called:
			if d := at.Sub(start); d > 2*time.Second {
				t.Errorf("first call after %v, want at once", d)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("AtStart: no call at once")
		}
	})
	t.Run("Wake", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		wake := make(chan struct{}, 1)
		called := make(chan struct{}, 1)
		go Every(ctx, time.Hour, func(context.Context) { called <- struct{}{} }, Wake(wake))
		wake <- struct{}{}
		select {
		case <-called:
		case <-time.After(5 * time.Second):
			t.Fatal("Wake: no call on a wake-up")
		}
	})
	t.Run("ReturnsWhenCtxEndsDuringACall", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		var calls atomic.Int32
		done := make(chan struct{})
		go func() {
			defer close(done)
			Every(ctx, time.Millisecond, func(ctx context.Context) {
				calls.Add(1)
				cancel()
				<-ctx.Done()
			}, AtStart())
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Every did not return once ctx ended")
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("calls = %d, want 1 (none with an ended ctx)", n)
		}
	})
	t.Run("EndedCtx", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		Every(ctx, time.Millisecond, func(context.Context) { t.Error("called with an ended ctx") }, AtStart())
	})
}

func TestGroup(t *testing.T) {
	t.Run("StopWaitsForEveryFunction", func(t *testing.T) {
		g := NewGroup(context.Background())
		var ended atomic.Int32
		for _, name := range []string{"a", "b", "b"} {
			g.Go(name, func(ctx context.Context) {
				<-ctx.Done()
				time.Sleep(50 * time.Millisecond) // a slow end
				ended.Add(1)
			})
		}
		if got := g.Running(); !slices.Equal(got, []string{"a", "b"}) {
			t.Errorf("Running = %v, want [a b]", got)
		}
		if left := g.Stop(context.Background()); left != nil {
			t.Errorf("Stop left %v running", left)
		}
		if n := ended.Load(); n != 3 {
			t.Errorf("%d functions ended when Stop returned, want 3", n)
		}
		if got := g.Running(); len(got) != 0 {
			t.Errorf("Running after Stop = %v", got)
		}
	})
	t.Run("StopBoundedByItsCtx", func(t *testing.T) {
		g := NewGroup(context.Background())
		release := make(chan struct{})
		g.Go("stubborn", func(context.Context) { <-release })
		g.Go("polite", func(ctx context.Context) { <-ctx.Done() })
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		if left := g.Stop(ctx); !slices.Equal(left, []string{"stubborn"}) {
			t.Errorf("Stop left %v running, want [stubborn]", left)
		}
		close(release)
		if left := g.Stop(context.Background()); left != nil {
			t.Errorf("second Stop left %v running", left)
		}
	})
	t.Run("GoAfterStop", func(t *testing.T) {
		g := NewGroup(context.Background())
		g.Stop(context.Background())
		g.Go("late", func(context.Context) { t.Error("started after Stop") })
		if left := g.Stop(context.Background()); left != nil {
			t.Errorf("Stop left %v running", left)
		}
	})
}
