// Package coalesce shares round trips between concurrent callers by natural
// batching: per key, at most Options.InFlight batches run at once; a call
// that finds them all busy waits, and every call that waited while a batch
// was out goes together in the next one. There is no timer: a lone call on
// an idle key runs at once, in its caller's goroutine, and under load the
// batches grow by themselves to what arrived during one round trip (as
// InnoDB's group commit shares one fsync).
//
// The libraries that batch calls (dataloaders, micro-batchers) wait for a
// timer or a size before they send, which adds latency at low load; this is
// the other kind, small enough to keep here.
package coalesce

import (
	"sync"
	"sync/atomic"
)

// Options bound a Group. Zero fields take their defaults.
type Options struct {
	// InFlight is how many batches of one key may run at once. Default 1.
	InFlight int
	// MaxBatch is the most calls one batch takes. Default 256.
	MaxBatch int
	// Observe, when set, is told the size of every batch run.
	Observe func(size int)
}

// Group runs calls of type T in batches per key K. Its zero value is not
// usable: make one with New. It is safe for concurrent use.
type Group[K comparable, T any] struct {
	run  func(key K, batch []T)
	opts Options

	mu    sync.Mutex
	lanes map[K]*lane[T]
}

type call[T any] struct {
	item T
	done chan struct{}
}

type lane[T any] struct {
	inFlight int
	waiting  []*call[T]
}

// New returns a Group that runs each batch with run. run gets the key and
// the batch's items in arrival order; when it returns, every item's call
// returns, so it must have answered all of them (items are usually pointers
// the caller reads its outcome from; an item left unanswered, as when run
// panics, keeps its zero outcome). run must not call Do on the same Group.
func New[K comparable, T any](opts Options, run func(key K, batch []T)) *Group[K, T] {
	if opts.InFlight <= 0 {
		opts.InFlight = 1
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 256
	}
	return &Group[K, T]{run: run, opts: opts, lanes: map[K]*lane[T]{}}
}

// Do runs item in a batch of key and returns when that batch has run: at
// once in the caller's goroutine when fewer than InFlight batches of key
// are out, else in the next batch, with every other call that arrived
// meanwhile.
func (g *Group[K, T]) Do(key K, item T) {
	c := &call[T]{item: item}
	g.mu.Lock()
	l := g.lanes[key]
	if l == nil {
		l = &lane[T]{}
		g.lanes[key] = l
	}
	if l.inFlight >= g.opts.InFlight {
		c.done = make(chan struct{})
		l.waiting = append(l.waiting, c)
		g.mu.Unlock()
		<-c.done
		return
	}
	l.inFlight++
	g.mu.Unlock()

	// Deferred, so that a run that panics does not leave the lane taken.
	defer func() {
		if next := g.next(key, l); next != nil {
			// The calls that waited go on in a goroutine of their own,
			// so that this caller returns now.
			go g.drain(key, l, next)
		}
	}()
	g.runBatch(key, []*call[T]{c})
}

// drain runs the lane's batches until none is waiting.
func (g *Group[K, T]) drain(key K, l *lane[T], batch []*call[T]) {
	for batch != nil {
		g.runBatch(key, batch)
		batch = g.next(key, l)
	}
}

// next takes the lane's next batch, or ends the batch that just ran (nil).
func (g *Group[K, T]) next(key K, l *lane[T]) []*call[T] {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(l.waiting) == 0 {
		l.inFlight--
		if l.inFlight == 0 {
			delete(g.lanes, key)
		}
		return nil
	}
	n := min(len(l.waiting), g.opts.MaxBatch)
	batch := l.waiting[:n:n]
	l.waiting = l.waiting[n:]
	if len(l.waiting) == 0 {
		l.waiting = nil
	}
	return batch
}

func (g *Group[K, T]) runBatch(key K, batch []*call[T]) {
	items := make([]T, len(batch))
	for i, c := range batch {
		items[i] = c.item
	}
	if g.opts.Observe != nil {
		g.opts.Observe(len(items))
	}
	defer func() {
		for _, c := range batch {
			if c.done != nil {
				close(c.done)
			}
		}
	}()
	g.run(key, items)
}

// Waiting returns how many calls of key wait for the next batch.
func (g *Group[K, T]) Waiting(key K) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if l := g.lanes[key]; l != nil {
		return len(l.waiting)
	}
	return 0
}

// Busy reports whether a batch of key is running.
func (g *Group[K, T]) Busy(key K) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.lanes[key] != nil
}

// atomicMax keeps the largest value it was shown.
type atomicMax struct{ v atomic.Int64 }

// raise records n and reports whether it is a new maximum.
func (a *atomicMax) raise(n int64) bool {
	for {
		cur := a.v.Load()
		if n <= cur {
			return false
		}
		if a.v.CompareAndSwap(cur, n) {
			return true
		}
	}
}
