package store

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/coupond/coupond/models"
)

// gate admits writes to the user shards, or, while a resharding's
// cut-over has frozen them, refuses them. Freeze waits for the writes it
// admitted to end, so that once it returns no write of this instance is
// in flight. (Counters, not a sync.RWMutex: an operation admitted may call
// another that asks again, which a waiting writer would deadlock.)
type gate struct {
	inflight atomic.Int64
	frozen   atomic.Bool
}

// BeginWrite admits one operation that writes to the user shards and
// returns the func that ends it (call it exactly once, when the writes are committed or
// abandoned). Read Layout (or call Shard) after it, not before: the layout
// may change while no write is admitted. While the shards are frozen it
// returns UNAVAILABLE and the caller must write nothing: a retry a few
// seconds later finds them open again, in their new layout.
func (s *Store) BeginWrite(ctx context.Context) (func(), error) {
	s.gate.inflight.Add(1)
	if s.gate.frozen.Load() {
		s.gate.inflight.Add(-1)
		return nil, frozenError()
	}
	return s.endWrite, nil
}

// BeginWriteOn is BeginWrite for an operation that read Layout before
// (a sweep over every shard, in steps): it also refuses, UNAVAILABLE,
// when l is no longer the layout in use.
func (s *Store) BeginWriteOn(ctx context.Context, l *Layout) (func(), error) {
	done, err := s.BeginWrite(ctx)
	if err == nil && s.Layout() != l {
		done()
		return nil, &models.Error{Code: models.CodeUnavailable, Message: "the user shards moved to a new layout", Op: "store.BeginWriteOn"}
	}
	return done, err
}

func (s *Store) endWrite() { s.gate.inflight.Add(-1) }

func frozenError() error {
	return &models.Error{Code: models.CodeUnavailable, Message: "the user shards are being moved to a new layout; retry in a few seconds", Op: "store.BeginWrite"}
}

// Freeze refuses new writes to the user shards and waits until the writes
// admitted before have ended (or ctx ends: then the shards stay frozen and
// it returns ctx's error).
func (s *Store) Freeze(ctx context.Context) error {
	s.gate.frozen.Store(true)
	for s.gate.inflight.Load() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return nil
}

// Thaw admits writes again.
func (s *Store) Thaw() { s.gate.frozen.Store(false) }

// Frozen reports whether writes to the user shards are refused.
func (s *Store) Frozen() bool { return s.gate.frozen.Load() }
