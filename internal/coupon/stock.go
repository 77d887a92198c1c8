package coupon

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"gorm.io/gorm"

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

func (h *stockHints) soldOut(id uint64, now time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.m[id]
	return e != nil && now.Before(e.soldOutUntil)
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
	n := c.StockSlots
	start := rand.IntN(n)
	now := time.Now()
	until := now.Add(s.opts.SoldOutTTL)
	// Slots believed empty are tried last rather than skipped: a hint may be
	// stale, and a coupon is only declared sold out after every slot said so.
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
	db := s.store.Meta.WithContext(ctx)
	for _, slot := range append(order, later...) {
		res := db.Exec("UPDATE coupon_stocks SET remaining = remaining - 1 WHERE coupon_id = ? AND slot = ? AND remaining > 0", c.ID, slot)
		if res.Error != nil {
			return 0, models.Unavailable("coupon.takeStock", res.Error)
		}
		if res.RowsAffected == 1 {
			return slot, nil
		}
		s.stock.markEmpty(c.ID, n, slot, until)
	}
	s.stock.markSoldOut(c.ID, n, until)
	return 0, models.Errorf(models.CodeOutOfStock, "coupon %d is out of stock", c.ID)
}

// giveBack returns units to a slot (a claim that failed after taking them).
func (s *Service) giveBack(ctx context.Context, couponID uint64, slot int, units int64) error {
	err := s.store.Meta.WithContext(context.WithoutCancel(ctx)).
		Exec("UPDATE coupon_stocks SET remaining = remaining + ? WHERE coupon_id = ? AND slot = ?", units, couponID, slot).Error
	s.stock.forget(couponID)
	return err
}

// Reconcile repairs stock that a crash between taking it and writing the
// user coupon leaked. It reads the stock taken, waits grace (longer than
// any claim may take between the two writes; claims give a unit back only
// within half of it), then counts the coupons issued in every shard table:
// taken-before minus issued-after can only undercount a leak, never count a
// claim in flight, so stock is never over-returned. The difference goes back
// into slot 0. Only one reconciler may run per coupon at a time: it holds a
// lock for the whole run. Returns the units repaired.
func (s *Service) Reconcile(ctx context.Context, couponID uint64, grace time.Duration) (int64, error) {
	held, err := s.locker.Acquire(ctx, "reconcile:"+idStr(couponID))
	if err != nil {
		return 0, err
	}
	defer held.Release(context.WithoutCancel(ctx))
	primary := s.primary(ctx)
	var c models.Coupon
	if err := primary.Take(&c, couponID).Error; err != nil {
		return 0, err
	}
	var remaining int64
	if err := primary.Model(&models.CouponStock{}).Select("COALESCE(SUM(remaining),0)").Where("coupon_id = ?", couponID).Scan(&remaining).Error; err != nil {
		return 0, err
	}
	taken := c.TotalStock - remaining
	select {
	case <-time.After(grace):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	issued, err := s.issuedCount(ctx, couponID)
	if err != nil {
		return 0, err
	}
	leak := taken - issued
	if leak <= 0 {
		return 0, nil
	}
	// The total may have changed while we waited (addStock); the give-back
	// is an increment either way.
	if err := primary.Model(&models.CouponStock{}).Where("coupon_id = ? AND slot = 0", couponID).
		Update("remaining", gorm.Expr("remaining + ?", leak)).Error; err != nil {
		return 0, err
	}
	s.stock.forget(couponID)
	return leak, nil
}

// issuedCount counts a coupon's user coupons over every shard table, on the
// primaries.
func (s *Service) issuedCount(ctx context.Context, couponID uint64) (int64, error) {
	var total int64
	for _, db := range s.store.Shards {
		for _, table := range s.store.Router.TableNames("user_coupon") {
			var n int64
			if err := db.WithContext(ctx).Clauses(writeClause).Table(table).Where("coupon_id = ?", couponID).Count(&n).Error; err != nil {
				return 0, err
			}
			total += n
		}
	}
	return total, nil
}
