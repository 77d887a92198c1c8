package coupon

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/loop"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
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
	now := s.now().UTC()
	return s.sweep(ctx, models.EventExpired,
		func(q *gorm.DB) *gorm.DB {
			return q.Where("status = ? AND valid_until <= ?", models.UserCouponUnused, now)
		},
		func(*models.UserCoupon) map[string]any {
			return map[string]any{"status": models.UserCouponExpired, "updated_at": now}
		})
}

// SweepHolds releases coupons whose lock hold ran out (LOCKED -> UNUSED),
// each with its RELEASED event; a later retry of the order's release
// replays. Returns how many it released.
func (s *Service) SweepHolds(ctx context.Context) (int, error) {
	now := s.now().UTC()
	return s.sweep(ctx, models.EventReleased,
		func(q *gorm.DB) *gorm.DB {
			return q.Where("status = ? AND hold_until <= ?", models.UserCouponLocked, now)
		},
		func(uc *models.UserCoupon) map[string]any {
			return map[string]any{"status": models.UserCouponUnused, "order_id": nil, "last_order_id": deref(uc.OrderID), "hold_until": nil, "updated_at": now}
		})
}

func (s *Service) sweep(ctx context.Context, kind string, match func(*gorm.DB) *gorm.DB, set func(*models.UserCoupon) map[string]any) (int, error) {
	changed := 0
	l := s.store.Layout()
	for _, db := range l.Shards {
		primary := onPrimary(ctx, db)
		for _, table := range l.Router.TableNames("user_coupon") {
			for {
				// One batch at a time through the write gate: a resharding's
				// cut-over waits for a batch, not for the whole sweep. Frozen
				// or moved, the sweep stops here; the next one goes on.
				done, err := s.store.BeginWriteOn(ctx, l)
				if err != nil {
					return changed, nil
				}
				n, full, err := s.sweepBatch(ctx, l, primary, table, kind, match, set)
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
func (s *Service) sweepBatch(ctx context.Context, l *store.Layout, primary *gorm.DB, table, kind string,
	match func(*gorm.DB) *gorm.DB, set func(*models.UserCoupon) map[string]any) (changed int, full bool, err error) {
	var ucs []models.UserCoupon
	if err := match(primary.Table(table)).Limit(sweepBatch).Find(&ucs).Error; err != nil {
		return 0, false, err
	}
	for i := range ucs {
		uc := &ucs[i]
		route := l.Router.Route(uc.UserID)
		sd := s.sidesOfID(ctx, uc.CouponID)
		if kind == models.EventReleased && sd.legacyFirst && !s.releaseLegacyHold(ctx, uc) {
			continue
		}
		ok, err := s.move(primary, route, uc, kind, match, set(uc), nil)
		if err != nil {
			return changed, false, err
		}
		if ok {
			changed++
			if kind == models.EventReleased {
				s.mirrorToLegacy(ctx, sd, uc)
			}
		}
	}
	return changed, len(ucs) == sweepBatch, nil
}

// releaseLegacyHold releases, while the monolith's table is written first,
// the monolith's row of a coupond twin whose hold ran out (the monolith's
// table has no hold time of its own: the twin keeps it). It reports
// whether the twin should be released too: not when the monolith's row is
// no longer locked by the order (used meanwhile).
func (s *Service) releaseLegacyHold(ctx context.Context, twin *models.UserCoupon) bool {
	if twin.LegacyID == nil {
		return true
	}
	luc, err := s.legacy.Get(ctx, twin.UserID, *twin.LegacyID)
	if err != nil {
		return false
	}
	ok, err := s.legacy.Move(ctx, luc, LegacyCond{Status: models.UserCouponLocked, Order: deref(twin.OrderID)}, models.UserCouponUnused, nil, nil)
	return err == nil && (ok || luc.Status == models.UserCouponUnused)
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
