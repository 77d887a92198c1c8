package coupon

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

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

// slotOrder is the order in which a claim tries a coupon's slots: from a
// random one on, those believed empty last rather than skipped (a hint may
// be stale, and a coupon is only declared sold out after every slot said
// so).
func (sw *ShardWallets) slotOrder(c *models.Coupon, now time.Time) []int {
	n := c.StockSlots
	start := rand.IntN(n)
	order := make([]int, 0, n)
	var later []int
	for i := 0; i < n; i++ {
		slot := (start + i) % n
		if sw.hints.empty(c.ID, n, slot, now) {
			later = append(later, slot)
		} else {
			order = append(order, slot)
		}
	}
	return append(order, later...)
}

// takeFrom is TakeOne trying the slots in order; it returns the slot.
func (sw *ShardWallets) takeFrom(ctx context.Context, c *models.Coupon, order []int) (int, error) {
	n := c.StockSlots
	until := time.Now().Add(sw.soldOutTTL)
	db := sw.store.Meta.WithContext(ctx)
	for _, slot := range order {
		took, err := takeSlotUnit(db, c.ID, slot)
		if err != nil {
			return 0, models.Unavailable("coupon.takeStock", err)
		}
		if took {
			sw.hints.selling(c.ID) // this claim may be the probe of a sold-out hint
			return slot, nil
		}
		sw.hints.markEmpty(c.ID, n, slot, until)
	}
	sw.hints.markSoldOut(c.ID, n, until)
	return 0, outOfStock(c.ID)
}

// MarkSoldOut remembers c as sold out for a while (Options.SoldOutTTL), as
// a claim that found no unit left does: claims are refused without asking
// the database meanwhile.
func (sw *ShardWallets) MarkSoldOut(c *models.Coupon) {
	sw.hints.markSoldOut(c.ID, c.StockSlots, time.Now().Add(sw.soldOutTTL))
}

// TakeEach takes one unit of each coupon of cs (distinct) as TakeOne does.
// A lone coupon goes with the single claims of it (TakeOne). Otherwise the
// first try at every coupon goes in one transaction (one query on MySQL)
// shared with the other batches in flight (takeFirstSlots), and only a
// coupon whose first try failed goes on to its slots on its own.
func (sw *ShardWallets) TakeEach(ctx context.Context, cs []*models.Coupon) ([]Unit, []error) {
	units, errs := make([]Unit, len(cs)), make([]error, len(cs))
	if len(cs) == 1 {
		units[0], errs[0] = sw.TakeOne(ctx, cs[0])
		return units, errs
	}
	now := time.Now()
	call := &firstSlotsCall{ctx: ctx, cs: cs, orders: make([][]int, len(cs)), err: errUnanswered}
	for i, c := range cs {
		call.orders[i] = sw.slotOrder(c, now)
	}
	sw.trips.firstSlots.Do(struct{}{}, call)
	if call.err != nil {
		for i := range errs {
			errs[i] = models.Unavailable("coupon.takeStock", call.err)
		}
		return units, errs
	}
	var wg sync.WaitGroup
	for i, c := range cs {
		if call.took[i] {
			units[i] = slotUnit(call.slots[i])
			continue
		}
		order := call.orders[i]
		if call.alone[i] { // its first slot had no unit
			sw.hints.markEmpty(c.ID, c.StockSlots, order[0], now.Add(sw.soldOutTTL))
			order = order[1:]
		}
		wg.Go(func() {
			slot, err := sw.takeFrom(ctx, c, order)
			if err == nil {
				units[i] = slotUnit(slot)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	return units, errs
}

// firstSlotsCall is a batch claim's first try at the stock of its coupons.
type firstSlotsCall struct {
	ctx    context.Context
	cs     []*models.Coupon
	orders [][]int // each coupon's slots, in the order to try them
	took   []bool  // the unit of cs[i] was taken, from slots[i]
	slots  []int
	alone  []bool // cs[i] was asked for by this call only: a failed try means its slot was empty
	err    error
}

// takeFirstSlots makes the first try of every batch in flight in one
// transaction: per coupon, as many units as the batches ask for, from the
// first slot of the first batch's order. A coupon whose slot has fewer
// fails for every batch of the group, which then try their slots alone.
func (sw *ShardWallets) takeFirstSlots(_ struct{}, calls []*firstSlotsCall) {
	sw.trips.starting("batch-stock", len(calls))
	at := map[uint64]int{} // coupon id -> index in ids
	var ids []uint64
	var slots []int
	var ns []int64
	for _, call := range calls {
		for i, c := range call.cs {
			k, ok := at[c.ID]
			if !ok {
				k, at[c.ID] = len(ids), len(ids)
				ids, slots, ns = append(ids, c.ID), append(slots, call.orders[i][0]), append(ns, 0)
			}
			ns[k]++
		}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(calls[0].ctx), giveBackWindow/2)
	defer cancel()
	took, err := takeSlotUnits(ctx, sw.store.Meta, sw.store.Dialect, ids, slots, ns)
	for k, id := range ids {
		if err == nil && took[k] {
			sw.hints.selling(id)
		}
	}
	for _, call := range calls {
		if call.err = err; err != nil {
			continue
		}
		call.took, call.slots, call.alone = make([]bool, len(call.cs)), make([]int, len(call.cs)), make([]bool, len(call.cs))
		for i, c := range call.cs {
			k := at[c.ID]
			call.took[i], call.slots[i], call.alone[i] = took[k], slots[k], ns[k] == 1
		}
	}
}

// giveBackWindow is how long after taking stock a failed claim may still
// give it back itself; later, the reconciler does (see Reconcile).
const giveBackWindow = 10 * time.Second

// ReconcileGrace is the grace Reconcile must wait in production: twice the
// window in which a claim gives back its own stock.
const ReconcileGrace = 2 * giveBackWindow

// GiveBack returns a claim's unit to its slot, unless the failure leaves
// it unknown whether the rows were written, or the window is over: then
// the reconciler decides from what was issued.
func (sw *ShardWallets) GiveBack(ctx context.Context, c *models.Coupon, u Unit, takenAt time.Time, cause error) {
	slot, ok := u.Slot()
	if !ok || errors.Is(cause, ErrUnknownOutcome) || errors.Is(cause, context.DeadlineExceeded) {
		return
	}
	if time.Since(takenAt) < giveBackWindow {
		_ = sw.giveBack(ctx, c.ID, slot, 1)
	}
}

// TakeUnits takes up to n units of c's stock, slot by slot with
// conditional decrements, and returns how many it got.
func (sw *ShardWallets) TakeUnits(ctx context.Context, c *models.Coupon, n int64) (int64, error) {
	_, got, err := takeUnits(sw.store.Meta.WithContext(ctx), c.ID, n)
	if err != nil {
		return got, models.Unavailable("coupon.takeUnits", err)
	}
	return got, nil
}

// GiveUnits returns units TakeUnits took, to slot 0.
func (sw *ShardWallets) GiveUnits(ctx context.Context, c *models.Coupon, n int64) {
	_ = sw.giveBack(ctx, c.ID, 0, n)
}

// giveBack returns units to a slot and forgets the coupon's hints.
func (sw *ShardWallets) giveBack(ctx context.Context, couponID uint64, slot int, units int64) error {
	err := giveBackUnits(sw.store.Meta.WithContext(context.WithoutCancel(ctx)), couponID, slot, units)
	sw.hints.forget(couponID)
	return err
}

// outOfStock is the refusal of a claim of coupon id that found no unit.
func outOfStock(id uint64) error {
	return models.Errorf(models.CodeOutOfStock, "coupon %d is out of stock", id)
}
