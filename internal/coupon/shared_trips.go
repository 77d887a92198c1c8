package coupon

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/coalesce"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// Claims in flight share their round trips to the databases (their Redis
// round trips are shared by the lock package): the units of one coupon
// that claims ask for while an earlier take of it is out are taken by one
// statement, and the rows that claims of one shard database write while an
// earlier write is out go in one transaction, one multi-row insert per
// table (coalesce.Group: no timer, a lone claim goes at once). Each claim
// keeps its own unit, its own rows and its own answer; the rules stay the
// engine's, and the unique keys the last word: a shared insert that a row
// of one claim breaks is written again claim by claim.

// Round trips of one key that may be out at once. One is the classic
// natural batching: a claim waits behind at most one round trip, and
// under load everything that arrives meanwhile goes in the next. On the
// 2-core benchmark machine one beat two and four at 64 clients (3,441
// against 2,677 and 2,205 claims/s) and cost about 1 ms of p50 at 8.
const (
	stockInFlight  = 1 // per coupon
	insertInFlight = 1 // per shard database
)

// errUnanswered is the outcome of a call its shared round trip never
// answered (it panicked).
var errUnanswered = errors.New("coupon: shared round trip gave no answer")

// sharedTrips are a ShardWallets' shared round trips.
type sharedTrips struct {
	takes      *coalesce.Group[uint64, *takeCall]
	firstSlots *coalesce.Group[struct{}, *firstSlotsCall] // batch claims' stock
	inserts    *coalesce.Group[*gorm.DB, *insertCall]
	// gate, set by tests only, is called as each round trip of path
	// ("stock", "batch-stock", "insert") starts with its number of calls.
	gate func(path string, calls int)
}

func (t *sharedTrips) starting(path string, calls int) {
	if t.gate != nil {
		t.gate(path, calls)
	}
}

func (sw *ShardWallets) shareTrips() {
	sw.trips = sharedTrips{
		takes:      coalesce.New(coalesce.Options{InFlight: stockInFlight, Observe: coalesce.Observe("stock")}, sw.takeGroup),
		firstSlots: coalesce.New(coalesce.Options{InFlight: stockInFlight, MaxBatch: 64, Observe: coalesce.Observe("batch-stock")}, sw.takeFirstSlots),
		inserts:    coalesce.New(coalesce.Options{InFlight: insertInFlight, MaxBatch: 128, Observe: coalesce.Observe("insert")}, sw.insertGroup),
	}
}

// takeCall is a claim's ask for one unit of c.
type takeCall struct {
	ctx  context.Context
	c    *models.Coupon
	unit Unit
	err  error
}

// TakeOne takes one unit of c's stock, in one statement with the other
// claims of c in flight. Returns OUT_OF_STOCK (and remembers the coupon as
// sold out).
func (sw *ShardWallets) TakeOne(ctx context.Context, c *models.Coupon) (Unit, error) {
	call := &takeCall{ctx: ctx, c: c, err: errUnanswered}
	sw.trips.takes.Do(c.ID, call)
	return call.unit, call.err
}

// takeGroup takes a unit for each call: alone, a conditional decrement of
// a random slot, then of the others (takeFrom); together, k units from one
// slot that has them all, else what every slot has left, and OUT_OF_STOCK
// for the calls past it.
func (sw *ShardWallets) takeGroup(id uint64, calls []*takeCall) {
	sw.trips.starting("stock", len(calls))
	c := calls[0].c
	if len(calls) == 1 {
		slot, err := sw.takeFrom(calls[0].ctx, c, sw.slotOrder(c, time.Now()))
		calls[0].err = err
		if err == nil {
			calls[0].unit = slotUnit(slot)
		}
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(calls[0].ctx), giveBackWindow/2)
	defer cancel()
	takes, err := sw.takeSeveral(ctx, c, int64(len(calls)))
	if err != nil {
		for _, call := range calls {
			call.unit, call.err = Unit{}, err
		}
		return
	}
	i := 0
	for _, t := range takes {
		for range t.units {
			calls[i].unit, calls[i].err = slotUnit(t.slot), nil
			i++
		}
	}
	for _, call := range calls[i:] {
		call.unit, call.err = Unit{}, outOfStock(id)
	}
}

// takeSeveral takes up to n units of c's stock: all from a random slot
// when it has them, else what the slots have left.
func (sw *ShardWallets) takeSeveral(ctx context.Context, c *models.Coupon, n int64) ([]slotTake, error) {
	db := sw.store.Meta.WithContext(ctx)
	slot := sw.slotOrder(c, time.Now())[0]
	took, err := takeFromSlot(db, c.ID, slot, n)
	if err != nil {
		return nil, models.Unavailable("coupon.takeStock", err)
	}
	if took {
		sw.hints.selling(c.ID)
		return []slotTake{{slot, n}}, nil
	}
	takes, got, err := takeUnits(db, c.ID, n)
	if got > 0 {
		sw.hints.selling(c.ID)
	}
	if got < n && err == nil {
		sw.hints.markSoldOut(c.ID, c.StockSlots, time.Now().Add(sw.soldOutTTL))
	}
	if err != nil && got == 0 {
		return nil, models.Unavailable("coupon.takeStock", err)
	}
	return takes, nil
}

// insertCall is a claim's (or batch claim's) rows, all of one user.
type insertCall struct {
	ctx   context.Context
	route sharding.Route
	ucs   []*models.UserCoupon
	err   error
	alone bool // the shared insert was refused: write these rows on their own
}

// Insert writes the rows into their user's shard (all of one user), in one
// transaction with the other claims of that shard database in flight.
func (sw *ShardWallets) Insert(ctx context.Context, ucs []*models.UserCoupon) error {
	db, route := sw.store.Shard(ucs[0].UserID)
	call := &insertCall{ctx: ctx, route: route, ucs: ucs, err: errUnanswered}
	sw.trips.inserts.Do(db, call)
	if call.alone {
		return insertIssued(ctx, store.OnPrimary(ctx, db), sw.store.Dialect, route, ucs)
	}
	return call.err
}

// insertGroup writes the calls' rows in one transaction, one multi-row
// insert per table. The calls whose context has ended are answered with
// its error first; the write is bounded by the earliest deadline of the
// others (see insertInTime). When the server refuses the shared
// transaction (a duplicate row, usually), nothing was written and every
// call writes its rows again on its own, so that only the claim the unique
// keys turn away is refused.
func (sw *ShardWallets) insertGroup(db *gorm.DB, calls []*insertCall) {
	sw.trips.starting("insert", len(calls))
	live := calls[:0:0]
	for _, call := range calls {
		if err := call.ctx.Err(); err != nil {
			call.err = err
			continue
		}
		live = append(live, call)
	}
	if len(live) == 0 {
		return
	}
	ctx := live[0].ctx
	if len(live) == 1 {
		live[0].err = insertIssued(ctx, store.OnPrimary(ctx, db), sw.store.Dialect, live[0].route, live[0].ucs)
		return
	}
	for _, call := range live[1:] {
		if d, ok := call.ctx.Deadline(); ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, d)
			defer cancel()
		}
	}
	err := insertIssuedParts(ctx, store.OnPrimary(ctx, db), sw.store.Dialect, partsByTable(live))
	refused := err != nil && !errors.Is(err, ErrUnknownOutcome) && ctx.Err() == nil
	for _, call := range live {
		call.err, call.alone = err, refused
	}
}

// partsByTable gathers the calls' rows per table, in the order of the
// tables' first rows.
func partsByTable(calls []*insertCall) []issuedPart {
	var parts []issuedPart
	at := map[int]int{}
	for _, call := range calls {
		i, ok := at[call.route.Table]
		if !ok {
			i = len(parts)
			at[call.route.Table] = i
			parts = append(parts, issuedPart{route: call.route})
		}
		parts[i].ucs = append(parts[i].ucs, call.ucs...)
	}
	return parts
}
