// Package loop runs an instance's background work: a function every d
// until a context ends (Every), and named loops that stop together and are
// waited for (Group).
package loop

import (
	"context"
	"time"
)

// Option changes when Every calls its function.
type Option func(*options)

type options struct {
	atStart bool
	wake    <-chan struct{}
}

// AtStart makes Every call f at once, then every d; without it the first
// call is d after the start.
func AtStart() Option { return func(o *options) { o.atStart = true } }

// Wake makes Every also call f whenever c receives (the next tick still
// comes d after the previous one).
func Wake(c <-chan struct{}) Option { return func(o *options) { o.wake = c } }

// Every calls f(ctx) every d until ctx ends, one call at a time: a call
// that takes longer than d delays the next (ticks are not queued up). It
// returns once ctx has ended and no call is running, and never calls f
// with a ctx already ended. f should return soon after ctx ends.
func Every(ctx context.Context, d time.Duration, f func(context.Context), opts ...Option) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	t := time.NewTicker(d)
	defer t.Stop()
	if o.atStart && ctx.Err() == nil {
		f(ctx)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-o.wake:
		}
		if ctx.Err() != nil {
			return
		}
		f(ctx)
	}
}
