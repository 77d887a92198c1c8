// Package consistency says, for each read, whether a replica may serve it.
//
// The rule is by purpose, not by query. Reads go to the primary unless
// their context allows a replica: what authenticates, decides (claims,
// uses, jobs, qualification), loads a cache or runs in the background
// never reads a replica, whatever the code below it forgets. The GraphQL
// layer allows replicas for the browsing and statistics fields only, and
// only for a caller who has not written recently: after a mutation, a
// caller's reads go to the primary for a window at least as long as the
// replica lag the store tolerates (Pins), on every instance, so that a
// caller always reads its own writes.
//
// Within one request, every replica read of a database goes to the same
// replica (the first one chosen), so that a request never reads a newer
// state and then an older one.
package consistency

import (
	"context"
	"sync"
)

type ctxKey struct{}

// reads is what a context says about its reads. A nil *reads (or none)
// means the primary.
type reads struct {
	pinned func(context.Context) bool

	once     sync.Once
	isPinned bool

	mu     sync.Mutex
	sticky map[any]int
}

// AllowReplica returns ctx whose reads may go to a replica that is within
// the store's lag bound, unless pinned (called once, at the first read
// that could use a replica) says the caller wrote recently. pinned may be
// nil: nobody to pin (an anonymous caller).
func AllowReplica(ctx context.Context, pinned func(context.Context) bool) context.Context {
	return context.WithValue(ctx, ctxKey{}, &reads{pinned: pinned})
}

// Primary returns ctx whose reads all go to the primary, whatever an
// outer context allowed.
func Primary(ctx context.Context) context.Context {
	if r, _ := ctx.Value(ctxKey{}).(*reads); r == nil {
		return ctx
	}
	return context.WithValue(ctx, ctxKey{}, (*reads)(nil))
}

// ReplicaAllowed reports whether a read on ctx may go to a replica.
func ReplicaAllowed(ctx context.Context) bool {
	if ctx == nil {
		return false
	}
	r, _ := ctx.Value(ctxKey{}).(*reads)
	if r == nil {
		return false
	}
	r.once.Do(func() {
		if r.pinned != nil {
			r.isPinned = r.pinned(context.WithoutCancel(ctx))
		}
	})
	return !r.isPinned
}

// Choose returns the replica of set that ctx's reads use: the one chosen
// before in this request, or -1 (the primary) once usable says it no
// longer is (another replica could be older than what the request has
// read); else pick's choice (-1: none), which later reads then keep.
func Choose(ctx context.Context, set any, usable func(int) bool, pick func() int) int {
	r, _ := ctx.Value(ctxKey{}).(*reads)
	if r == nil {
		return pick()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if i, ok := r.sticky[set]; ok {
		if usable(i) {
			return i
		}
		return -1
	}
	i := pick()
	if i >= 0 {
		if r.sticky == nil {
			r.sticky = map[any]int{}
		}
		r.sticky[set] = i
	}
	return i
}
