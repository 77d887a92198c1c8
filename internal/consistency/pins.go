package consistency

import (
	"context"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"
)

// Pins remember, in Redis (so every instance sees them), which callers
// wrote recently: a pinned caller reads the primary until its pin ends.
// The window must be at least the lag bound past which the store takes a
// replica out of the rotation: a write is then on every replica in
// rotation by the time its pin ends.
type Pins struct {
	rdb    redis.UniversalClient
	prefix string
	window time.Duration
}

// NewPins returns pins kept under prefix in rdb for window.
func NewPins(rdb redis.UniversalClient, prefix string, window time.Duration) *Pins {
	return &Pins{rdb: rdb, prefix: prefix, window: window}
}

// Window is how long a pin lasts (0 for nil Pins).
func (p *Pins) Window() time.Duration {
	if p == nil {
		return 0
	}
	return p.window
}

// Pin sends caller's reads to the primary for the window, from now. Call
// it after the caller's writes are committed and before it is answered.
// A failure is returned (and the caller's next reads may be stale on
// another instance); the write itself stands.
func (p *Pins) Pin(ctx context.Context, caller string) error {
	if caller == "" {
		return nil
	}
	return p.rdb.Set(ctx, p.prefix+caller, 1, p.window).Err()
}

// Pinned reports whether caller wrote within the window. When Redis does
// not answer it says yes: the primary is always right.
func (p *Pins) Pinned(ctx context.Context, caller string) bool {
	if caller == "" {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	n, err := p.rdb.Exists(ctx, p.prefix+caller).Result()
	if err != nil {
		slog.WarnContext(ctx, "read pin unknown: reading the primary", "err", err)
		return true
	}
	return n > 0
}
