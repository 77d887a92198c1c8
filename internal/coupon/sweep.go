package coupon

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/loop"
	"github.com/coupond/coupond/internal/store"
)

// sweepBatch is how many rows a sweep reads per table per round.
const sweepBatch = 500

// SweepExpired marks UNUSED coupons past their validity as EXPIRED, in
// batches per shard table (through the (status, valid_until) index), each
// with its EXPIRED outbox event in the same transaction. They already read
// as EXPIRED before; the sweep makes the rows and the statistics say so.
// Safe to run on several instances at once: every change is conditional.
// Returns how many rows it changed.
func (s *Service) SweepExpired(ctx context.Context) (int, error) {
	return s.sweep(ctx, MoveExpire)
}

// SweepHolds releases coupons whose lock hold ran out (LOCKED -> UNUSED),
// each with its RELEASED event; a later retry of the order's release
// replays. Returns how many it released.
func (s *Service) SweepHolds(ctx context.Context) (int, error) {
	return s.sweep(ctx, MoveReleaseHold)
}

func (s *Service) sweep(ctx context.Context, kind MoveKind) (int, error) {
	now := s.now().UTC()
	changed := 0
	l := s.store.Layout()
	for _, db := range l.Shards {
		primary := store.OnPrimary(ctx, db)
		for _, table := range l.Router.TableNames("user_coupon") {
			for {
				// One batch at a time through the write gate: a resharding's
				// cut-over waits for a batch, not for the whole sweep. Frozen
				// or moved, the sweep stops here; the next one goes on.
				done, err := s.store.BeginWriteOn(ctx, l)
				if err != nil {
					return changed, nil
				}
				n, full, err := s.sweepBatch(ctx, primary, table, kind, now)
				done()
				changed += n
				if err != nil {
					return changed, err
				}
				if !full || ctx.Err() != nil {
					break
				}
			}
		}
	}
	return changed, ctx.Err()
}

// sweepBatch moves one batch of a table's matching rows; full says the
// batch was full (there may be more).
func (s *Service) sweepBatch(ctx context.Context, primary *gorm.DB, table string, kind MoveKind, now time.Time) (changed int, full bool, err error) {
	ucs, err := findSweepable(primary, table, kind, now, sweepBatch)
	if err != nil {
		return 0, false, err
	}
	w := s.wallets.Begin()
	for i := range ucs {
		ok, err := w.Move(ctx, &ucs[i], Move{Kind: kind, At: now})
		if err != nil {
			return changed, false, err
		}
		if ok {
			changed++
		}
	}
	return changed, len(ucs) == sweepBatch, nil
}

// SweepLoop runs both sweeps every interval until ctx ends.
func (s *Service) SweepLoop(ctx context.Context, interval time.Duration) {
	loop.Every(ctx, interval, func(ctx context.Context) {
		if n, err := s.SweepHolds(ctx); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "hold sweep", "err", err)
		} else if n > 0 {
			slog.InfoContext(ctx, "released expired holds", "coupons", n)
		}
		if n, err := s.SweepExpired(ctx); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "expiry sweep", "err", err)
		} else if n > 0 {
			slog.InfoContext(ctx, "marked expired coupons", "coupons", n)
		}
	})
}
