package coupon

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/loop"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// stockHints is what this instance learnt about coupons' stock: which are
// sold out and which slots are empty, so that the claim path neither asks
// the database about a sold-out coupon nor keeps trying empty slots. Hints
// expire after SoldOutTTL; adding stock on this instance drops them at once.
type stockHints struct {
	mu sync.Mutex
	m  map[uint64]*hint
}

type hint struct {
	soldOutUntil time.Time
	emptyUntil   []time.Time // per slot
}

// soldOut reports whether a claim of coupon id is to be refused as sold out
// without asking the database. When the hint has just expired, the caller
// that sees it first is let through to ask the database again (the probe)
// and the hint is extended by ttl for every other caller meanwhile: a
// sold-out coupon costs an instance one look at its stock per ttl, not one
// per claim in flight. A probe that takes a unit clears the hint (selling);
// one that finds none renews it (markSoldOut); one refused for another
// reason leaves the next probe to the next ttl.
func (h *stockHints) soldOut(id uint64, now time.Time, ttl time.Duration) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.m[id]
	switch {
	case e == nil || e.soldOutUntil.IsZero():
		return false
	case now.Before(e.soldOutUntil):
		return true
	}
	e.soldOutUntil = now.Add(ttl)
	return false
}

// selling forgets that coupon id was sold out: a claim has just taken a unit.
func (h *stockHints) selling(id uint64) {
	h.mu.Lock()
	if e := h.m[id]; e != nil {
		e.soldOutUntil = time.Time{}
	}
	h.mu.Unlock()
}

func (h *stockHints) get(id uint64, slots int) *hint {
	e := h.m[id]
	if e == nil || len(e.emptyUntil) != slots {
		e = &hint{emptyUntil: make([]time.Time, slots)}
		h.m[id] = e
	}
	return e
}

func (h *stockHints) markEmpty(id uint64, slots, slot int, until time.Time) {
	h.mu.Lock()
	h.get(id, slots).emptyUntil[slot] = until
	h.mu.Unlock()
}

func (h *stockHints) markSoldOut(id uint64, slots int, until time.Time) {
	h.mu.Lock()
	h.get(id, slots).soldOutUntil = until
	h.mu.Unlock()
}

func (h *stockHints) empty(id uint64, slots, slot int, now time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.m[id]
	return e != nil && len(e.emptyUntil) == slots && now.Before(e.emptyUntil[slot])
}

func (h *stockHints) forget(id uint64) {
	h.mu.Lock()
	delete(h.m, id)
	h.mu.Unlock()
}

// takeStock takes one unit of a coupon's stock: a conditional decrement of a
// random slot, then of the others. Returns the slot, or OUT_OF_STOCK (and
// remembers the coupon as sold out).
func (s *Service) takeStock(ctx context.Context, c *models.Coupon) (int, error) {
	return s.takeStockFrom(ctx, c, s.slotOrder(c, time.Now()))
}

// slotOrder is the order in which a claim tries a coupon's slots: from a
// random one on, those believed empty last rather than skipped (a hint may
// be stale, and a coupon is only declared sold out after every slot said
// so).
func (s *Service) slotOrder(c *models.Coupon, now time.Time) []int {
	n := c.StockSlots
	start := rand.IntN(n)
	order := make([]int, 0, n)
	var later []int
	for i := 0; i < n; i++ {
		slot := (start + i) % n
		if s.stock.empty(c.ID, n, slot, now) {
			later = append(later, slot)
		} else {
			order = append(order, slot)
		}
	}
	return append(order, later...)
}

// takeUnit decrements one slot of a coupon's stock if it has a unit left.
const takeUnit = "UPDATE coupon_stocks SET remaining = remaining - 1 WHERE coupon_id = ? AND slot = ? AND remaining > 0"

// takeStockFrom is takeStock trying the slots in order.
func (s *Service) takeStockFrom(ctx context.Context, c *models.Coupon, order []int) (int, error) {
	n := c.StockSlots
	until := time.Now().Add(s.opts.SoldOutTTL)
	db := s.store.Meta.WithContext(ctx)
	for _, slot := range order {
		res := db.Exec(takeUnit, c.ID, slot)
		if res.Error != nil {
			return 0, models.Unavailable("coupon.takeStock", res.Error)
		}
		if res.RowsAffected == 1 {
			s.stock.selling(c.ID) // this claim may be the probe of a sold-out hint
			return slot, nil
		}
		s.stock.markEmpty(c.ID, n, slot, until)
	}
	s.stock.markSoldOut(c.ID, n, until)
	return 0, models.Errorf(models.CodeOutOfStock, "coupon %d is out of stock", c.ID)
}

// takeStocks takes one unit of each coupon of cs as takeStock does, and
// returns each one's slot and error, in cs's order. On MySQL the first try
// at every coupon goes in one transaction sent as one query, in coupon
// order (so that two batches cannot deadlock); only a coupon whose first
// slot was empty goes on to its other slots on its own. Elsewhere the
// coupons are taken concurrently.
func (s *Service) takeStocks(ctx context.Context, cs []*models.Coupon) ([]int, []error) {
	slots, errs := make([]int, len(cs)), make([]error, len(cs))
	orders := make([][]int, len(cs))
	now := time.Now()
	for i, c := range cs {
		orders[i] = s.slotOrder(c, now)
	}
	done := make([]bool, len(cs))
	if s.store.Dialect == store.MySQL && len(cs) > 1 {
		took, err := s.takeFirstSlots(ctx, cs, orders)
		if err != nil {
			for i := range errs {
				errs[i] = models.Unavailable("coupon.takeStock", err)
			}
			return slots, errs
		}
		for i, c := range cs {
			if took[i] {
				slots[i], done[i] = orders[i][0], true
				continue
			}
			s.stock.markEmpty(c.ID, c.StockSlots, orders[i][0], now.Add(s.opts.SoldOutTTL))
			orders[i] = orders[i][1:]
		}
	}
	var wg sync.WaitGroup
	for i, c := range cs {
		if done[i] {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots[i], errs[i] = s.takeStockFrom(ctx, c, orders[i])
		}()
	}
	wg.Wait()
	return slots, errs
}

// takeFirstSlots decrements the first slot of each coupon's order in one
// transaction and reports which had a unit.
func (s *Service) takeFirstSlots(ctx context.Context, cs []*models.Coupon, orders [][]int) ([]bool, error) {
	idx := make([]int, len(cs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(cs[a].ID, cs[b].ID) })
	stmts := make([]string, len(cs))
	args := make([]any, 0, 2*len(cs))
	for k, i := range idx {
		stmts[k] = takeUnit
		args = append(args, cs[i].ID, orders[i][0])
	}
	pool, err := s.store.Meta.DB()
	if err != nil {
		return nil, err
	}
	_, affected, err := execOneTrip(ctx, pool, strings.Join(stmts, "; "), args)
	if err != nil {
		return nil, err
	}
	if len(affected) != len(cs) {
		return nil, fmt.Errorf("%w: %d outcomes of %d updates", errUnknownOutcome, len(affected), len(cs))
	}
	took := make([]bool, len(cs))
	for k, i := range idx {
		took[i] = affected[k] == 1
	}
	for i, c := range cs {
		if took[i] {
			s.stock.selling(c.ID)
		}
	}
	return took, nil
}

// giveBack returns units to a slot (a claim that failed after taking them).
func (s *Service) giveBack(ctx context.Context, couponID uint64, slot int, units int64) error {
	err := s.store.Meta.WithContext(context.WithoutCancel(ctx)).
		Exec("UPDATE coupon_stocks SET remaining = remaining + ?, returned = returned + ? WHERE coupon_id = ? AND slot = ?", units, units, couponID, slot).Error
	s.stock.forget(couponID)
	return err
}

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
// coupon's run misses, a quieter run repairs. The difference goes back into slot 0. Only one reconciler
// runs at a time: it holds a lock (Options.ReconcileLocker, whose TTL must
// exceed grace) for the whole run. Returns the units repaired per coupon.
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
	if couponIDs = s.reconcilable(ctx, couponIDs); len(couponIDs) == 0 {
		return map[uint64]int64{}, nil
	}
	primary := s.primary(ctx)
	var rows []struct {
		ID       uint64
		Taken    int64
		Returned int64
	}
	err = primary.Table("coupons").Select("coupons.id, coupons.total_stock - COALESCE(SUM(coupon_stocks.remaining), 0) AS taken, COALESCE(SUM(coupon_stocks.returned), 0) AS returned").
		Joins("LEFT JOIN coupon_stocks ON coupon_stocks.coupon_id = coupons.id").
		Where("coupons.id IN ?", couponIDs).Group("coupons.id, coupons.total_stock").Scan(&rows).Error
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
		var returned int64
		if err := primary.Model(&models.CouponStock{}).Select("COALESCE(SUM(returned), 0)").Where("coupon_id = ?", r.ID).Scan(&returned).Error; err != nil {
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
		// The total may have changed meanwhile (addStock); the repair is an
		// increment either way.
		if err := primary.Model(&models.CouponStock{}).Where("coupon_id = ? AND slot = 0", r.ID).
			Update("remaining", gorm.Expr("remaining + ?", leak)).Error; err != nil {
			return out, err
		}
		s.stock.forget(r.ID)
		out[r.ID] = leak
	}
	return out, nil
}

// ReconcileLoop runs Reconcile over every coupon that can still be issued
// (ACTIVE or PAUSED) every interval with ReconcileGrace, until ctx ends.
// Every instance may run it: the lock lets one at a time through.
func (s *Service) ReconcileLoop(ctx context.Context, interval time.Duration) {
	loop.Every(ctx, interval, func(ctx context.Context) {
		var ids []uint64
		if err := s.store.Meta.WithContext(ctx).Model(&models.Coupon{}).
			Where("status IN ?", []models.CouponStatus{models.CouponActive, models.CouponPaused}).Pluck("id", &ids).Error; err != nil {
			return
		}
		if ids = s.reconcilable(ctx, ids); len(ids) == 0 {
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

// reconcilable drops the coupons migrated from a monolith while its table
// is still written: until the copy is complete, coupond's rows of such a
// coupon fall short of what was issued, and a leak computed from them would
// hand out stock that is not there. Their stock is kept right by the
// migration's verify and repair instead.
func (s *Service) reconcilable(ctx context.Context, ids []uint64) []uint64 {
	if s.legacy == nil || s.legacy.Mode() == models.ModeNewOnly {
		return ids
	}
	out := ids[:0:0]
	for _, id := range ids {
		if !s.migrated(ctx, id) {
			out = append(out, id)
		}
	}
	return out
}

// issuedCount counts a coupon's user coupons over every shard table, on the
// primaries.
func (s *Service) issuedCount(ctx context.Context, couponID uint64) (int64, error) {
	var total int64
	l := s.store.Layout()
	for _, db := range l.Shards {
		for _, table := range l.Router.TableNames("user_coupon") {
			var n int64
			if err := db.WithContext(ctx).Clauses(writeClause).Table(table).Where("coupon_id = ?", couponID).Count(&n).Error; err != nil {
				return 0, err
			}
			total += n
		}
	}
	return total, nil
}
