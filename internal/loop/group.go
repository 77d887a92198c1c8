package loop

import (
	"context"
	"slices"
	"sync"
)

// Group runs named functions under one context, which Stop cancels, and
// waits for them. The zero Group is not usable: see NewGroup.
type Group struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	stopped bool
	running map[string]int // name -> how many run
}

// NewGroup returns a Group whose functions run under a context derived
// from parent: they end when parent ends or at Stop.
func NewGroup(parent context.Context) *Group {
	ctx, cancel := context.WithCancel(parent)
	return &Group{ctx: ctx, cancel: cancel, running: map[string]int{}}
}

// Go runs f in a goroutine of its own, named name for Running and Stop.
// f must return once its ctx ends. After Stop, Go does nothing.
func (g *Group) Go(name string, f func(ctx context.Context)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return
	}
	g.running[name]++
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer g.end(name)
		f(g.ctx)
	}()
}

func (g *Group) end(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running[name]--; g.running[name] == 0 {
		delete(g.running, name)
	}
}

// Running lists, sorted, the names of the functions that have not
// returned yet.
func (g *Group) Running() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for name := range g.running {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// Stop cancels the functions' context and waits for all of them to
// return, or for ctx to end. It returns the names of those still running
// (none when they all returned). Stop may be called again, to wait more.
func (g *Group) Stop(ctx context.Context) []string {
	g.mu.Lock()
	g.stopped = true
	g.mu.Unlock()
	g.cancel()
	done := make(chan struct{})
	go func() {
		g.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return g.Running()
	}
}
