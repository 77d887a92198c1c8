package coupon

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/loop"
	"github.com/coupond/coupond/internal/store"
)

// Reconcile repairs stock that a crash between taking it and writing the
// user coupon leaked, for the given coupons. It reads the stock each has
// had taken (and the units failed claims gave back), waits grace (longer
// than any claim may take between its two writes: a claim gives a unit back
// itself only within giveBackWindow), then counts the coupons issued in
// every shard table and the units given back meanwhile. A leak is
// taken-before minus given-back-meanwhile minus issued-after: a claim in
// flight at the first read has by then either issued or given back, and
// claims that started later only lower the figure, so the estimate never
// exceeds the true leak and stock is never over-returned; what a busy
// coupon's run misses, a quieter run repairs. The difference goes back into
// slot 0. Coupons the wallets keep right by other means are left out (see
// Wallets.Reconcilable). Only one reconciler runs at a time: it holds a
// lock (Options.ReconcileLocker, whose TTL must exceed grace) for the whole
// run. Returns the units repaired per coupon.
func (s *Service) Reconcile(ctx context.Context, grace time.Duration, couponIDs ...uint64) (map[uint64]int64, error) {
	locker := s.opts.ReconcileLocker
	if locker == nil {
		locker = s.locker
	}
	held, err := locker.Acquire(ctx, "reconcile")
	if err != nil {
		return nil, err
	}
	defer held.Release(context.WithoutCancel(ctx))
	if couponIDs = s.wallets.Reconcilable(ctx, couponIDs); len(couponIDs) == 0 {
		return map[uint64]int64{}, nil
	}
	primary := s.primary(ctx)
	rows, err := readTaken(primary, couponIDs)
	if err != nil {
		return nil, err
	}
	select {
	case <-time.After(grace):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	out := map[uint64]int64{}
	for _, r := range rows {
		returned, err := readReturned(primary, r.ID)
		if err != nil {
			return out, err
		}
		issued, err := s.issuedCount(ctx, r.ID)
		if err != nil {
			return out, err
		}
		leak := r.Taken - (returned - r.Returned) - issued
		if leak <= 0 {
			continue
		}
		if err := repairLeak(primary, r.ID, leak); err != nil {
			return out, err
		}
		s.shards.hints.forget(r.ID)
		out[r.ID] = leak
	}
	return out, nil
}

// ReconcileLoop runs Reconcile over every coupon that can still be issued
// (ACTIVE or PAUSED) every interval with ReconcileGrace, until ctx ends.
// Every instance may run it: the lock lets one at a time through.
func (s *Service) ReconcileLoop(ctx context.Context, interval time.Duration) {
	loop.Every(ctx, interval, func(ctx context.Context) {
		ids, err := issuableCoupons(s.store.Meta.WithContext(ctx))
		if err != nil {
			return
		}
		if ids = s.wallets.Reconcilable(ctx, ids); len(ids) == 0 {
			return
		}
		repaired, err := s.Reconcile(ctx, ReconcileGrace, ids...)
		for id, n := range repaired {
			slog.InfoContext(ctx, "reconciled leaked stock", "coupon", id, "units", n)
			reconciledUnits.Add(float64(n))
		}
		if err != nil && ctx.Err() == nil && !errors.Is(err, lock.ErrBusy) {
			slog.WarnContext(ctx, "reconcile", "err", err)
		}
	})
}

// issuedCount counts a coupon's user coupons over every shard table, on the
// primaries.
func (s *Service) issuedCount(ctx context.Context, couponID uint64) (int64, error) {
	var total int64
	l := s.store.Layout()
	for _, db := range l.Shards {
		for _, table := range l.Router.TableNames("user_coupon") {
			n, err := countIssued(store.OnPrimary(ctx, db), table, couponID)
			if err != nil {
				return 0, err
			}
			total += n
		}
	}
	return total, nil
}
