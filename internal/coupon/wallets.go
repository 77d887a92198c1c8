package coupon

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Wallets keeps every user's coupons: the rows that claims, codes and jobs
// issue, the changes orders make to them, the reads of them, and the stock
// they are issued from. The rules (windows, limits, pricing, idempotency,
// locks) are the engine's; Wallets only stores.
//
// ShardWallets, coupond's sharded tables and stock slots, is the default
// (see Service.SetWallets). Another implementation may keep some coupons
// elsewhere too, and may change how while the engine runs: an operation
// calls Begin once and makes all its calls on what Begin returned, which
// keeps to one way from the first call to the last.
type Wallets interface {
	// Begin returns the wallets as one operation (a claim, a batch of a
	// job, a change of one user coupon, a read) must see them throughout.
	Begin() Wallets

	// SeqFromOne reports whether the user coupons of c number their seq
	// from 1 up, so that seq 1 is free exactly when the user holds none
	// (the first-claim fast path relies on it).
	SeqFromOne(c *models.Coupon) bool
	// ClaimApart reports whether a batch claim naming these coupons must
	// claim each on its own (Claim, with the batch's per-coupon request id)
	// rather than all of them in one multi-row insert.
	ClaimApart(ctx context.Context, couponIDs []uint64) bool
	// Held reads, from the primary, how many of each of coupons (nil entries
	// skipped) the user holds, and whether any of requestIDs already
	// issued a user coupon (of any coupon).
	Held(ctx context.Context, userID string, coupons []*models.Coupon, requestIDs []string) (map[uint64]int, bool, error)
	// Replay returns the user coupon of c that a request issued before, as
	// reads show it, or nil; it is asked under the claim's lock, after Held
	// said the request was replayed.
	Replay(ctx context.Context, c *models.Coupon, userID, requestID string) (*models.UserCoupon, error)
	// FindRequest returns the user coupon a request issued in coupond's
	// tables, from the primary, or nil.
	FindRequest(ctx context.Context, userID, requestID string) (*models.UserCoupon, error)
	// FindRequests returns the user coupons any of requestIDs issued.
	FindRequests(ctx context.Context, userID string, requestIDs []string) ([]models.UserCoupon, error)
	// Insert writes issued user coupons and their ISSUED outbox events, all
	// or none, and sets their ids (a row kept where reads show it with no
	// id gets ID 0). An error wrapping ErrUnknownOutcome leaves it unknown
	// whether they were written.
	Insert(ctx context.Context, ucs []*models.UserCoupon) error

	// TakeOne takes one unit of c's stock for a claim. Returns
	// OUT_OF_STOCK when none is left.
	TakeOne(ctx context.Context, c *models.Coupon) (Unit, error)
	// TakeEach takes one unit of each coupon of cs, as TakeOne does, and
	// returns each one's unit and error, in cs's order.
	TakeEach(ctx context.Context, cs []*models.Coupon) ([]Unit, []error)
	// GiveBack returns the unit a claim took at takenAt and could not
	// issue (cause: why). A unit is only given back while the claim may
	// still do it itself and when the rows are known not to be written;
	// otherwise the reconciler returns it (see Reconcile).
	GiveBack(ctx context.Context, c *models.Coupon, u Unit, takenAt time.Time, cause error)
	// TakeUnits takes up to n units of c's stock and returns how many.
	TakeUnits(ctx context.Context, c *models.Coupon, n int64) (int64, error)
	// GiveUnits returns units TakeUnits took.
	GiveUnits(ctx context.Context, c *models.Coupon, n int64)
	// Bulk is asked before a targeted batch writes c's user coupons
	// straight into coupond's shards (insert-or-ignore on their unique
	// keys): an error refuses it (the job pauses on an INACTIVE one), and
	// done is called with the rows the batch is about (by user and request
	// id) when it ends, whatever its outcome.
	Bulk(ctx context.Context, c *models.Coupon) (done func(ctx context.Context, refs []*models.UserCoupon), err error)

	// Find returns a user's coupon by its public id, as an operation is to
	// change it, from the primary. Returns NOT_FOUND (about field when the
	// id is not the user's).
	Find(ctx context.Context, userID, publicID string, field []string) (*models.UserCoupon, error)
	// FindAll returns several of a user's coupons, as Find does, in
	// publicIDs' order (distinct). Returns NOT_FOUND about the index in
	// field of the first it cannot find.
	FindAll(ctx context.Context, userID string, publicIDs []string, field []string) ([]*models.UserCoupon, error)
	// ByOrder returns the user's coupons an order holds or last held (an
	// order may hold several: UseStack), newest change first. Returns
	// NOT_FOUND when there is none.
	ByOrder(ctx context.Context, userID, orderID string) ([]*models.UserCoupon, error)
	// Move makes a change to uc (as Find, ByOrder or a sweep read it) if its
	// condition still holds, with the change's outbox event, and then sets
	// uc to its new state. ok is false when the condition no longer held
	// (nothing written).
	Move(ctx context.Context, uc *models.UserCoupon, m Move) (ok bool, err error)
	// MoveAll makes ms[i] to ucs[i], all of one user, in one transaction:
	// all of them, or none when the condition of one no longer held (ok is
	// false, nothing written). ucs are set to their new states.
	MoveAll(ctx context.Context, ucs []*models.UserCoupon, ms []Move) (ok bool, err error)
	// RecordsDiscount reports whether uc keeps the discount a use applied,
	// so that a retry of the use can report it; when not, the retry prices
	// the cart again.
	RecordsDiscount(uc *models.UserCoupon) bool

	// Get returns one user coupon by its public id. Returns NOT_FOUND.
	Get(ctx context.Context, publicID string) (*models.UserCoupon, error)
	// List returns a page of a user's coupons, newest first, optionally by
	// effective status at now. Returns INVALID_INPUT for a bad cursor.
	List(ctx context.Context, userID string, statuses []models.UserCouponStatus, first int, after string, now time.Time) (*UserCouponPage, error)
	// Usable returns the user's UNUSED coupons valid at now.
	Usable(ctx context.Context, userID string, now time.Time) ([]models.UserCoupon, error)
	// Counts returns how many of each coupon the user holds in coupond's
	// tables.
	Counts(ctx context.Context, userID string, couponIDs []uint64) (map[uint64]int, error)
	// Reconcilable keeps, of ids, the coupons whose stock the reconciler
	// may repair from what coupond's tables issued.
	Reconcilable(ctx context.Context, ids []uint64) []uint64
}

// Unit is a unit of stock a claim took, to give it back with.
type Unit struct {
	slot int // the slot + 1; 0: no unit of coupond's slots
}

// Slot returns the stock slot the unit came from; ok is false for the
// zero Unit, which holds no unit of coupond's slots.
func (u Unit) Slot() (slot int, ok bool) { return u.slot - 1, u.slot > 0 }

func slotUnit(slot int) Unit { return Unit{slot: slot + 1} }

// ErrUnknownOutcome (store's) is wrapped by the errors of an insert whose
// rows may or may not have been written (the COMMIT itself failed, or the
// connection did after the statement was sent): the caller must not give
// their stock back, the reconciler will if they are not there.
var ErrUnknownOutcome = store.ErrUnknownOutcome

// MoveKind names a conditional change of a user coupon's status.
type MoveKind int

// The changes. Each holds only while its condition does; Move says which
// fields of Move each reads.
const (
	MoveLock        MoveKind = iota + 1 // UNUSED and valid at At -> LOCKED by Order until Until
	MoveUse                             // UNUSED and valid at At, or LOCKED by Order -> USED by Order, with Discount
	MoveRelease                         // LOCKED by Order -> UNUSED
	MoveRefund                          // USED by Order -> To (UNUSED or EXPIRED)
	MoveRevoke                          // UNUSED or LOCKED -> REVOKED
	MoveExpire                          // UNUSED past its validity at At -> EXPIRED (the sweep)
	MoveReleaseHold                     // LOCKED past its hold at At -> UNUSED (the sweep)
)

// Event is the outbox event kind of a change.
func (k MoveKind) Event() string {
	switch k {
	case MoveLock:
		return models.EventLocked
	case MoveUse:
		return models.EventUsed
	case MoveRelease, MoveReleaseHold:
		return models.EventReleased
	case MoveRefund:
		return models.EventRefunded
	case MoveRevoke:
		return models.EventRevoked
	default:
		return models.EventExpired
	}
}

// Move is a conditional change of one user coupon, made with its outbox
// event.
type Move struct {
	Kind     MoveKind
	Order    string                  // Lock, Use: the order; Release, Refund: the order that holds it
	At       time.Time               // the time of the change, and of the validity it checks
	Until    time.Time               // Lock: when the hold ends
	To       models.UserCouponStatus // Refund: UNUSED or EXPIRED
	Discount decimal.Decimal         // Use: the discount applied
	// Event carries the event's amount, order amount and detail; nil:
	// none. Its ids, kind and channel are the row's; its time, when zero,
	// the store's clock at the write.
	Event *models.CouponEvent
}

// Apply sets uc to its state after the change.
func (m Move) Apply(uc *models.UserCoupon) {
	switch m.Kind {
	case MoveLock:
		until := m.Until
		uc.Status, uc.OrderID, uc.HoldUntil = models.UserCouponLocked, &m.Order, &until
	case MoveUse:
		at := m.At
		uc.Status, uc.OrderID, uc.UsedAt, uc.HoldUntil = models.UserCouponUsed, &m.Order, &at, nil
		uc.DiscountApplied = decimal.NullDecimal{Decimal: m.Discount, Valid: true}
	case MoveRelease:
		uc.Status, uc.OrderID, uc.LastOrderID, uc.HoldUntil = models.UserCouponUnused, nil, &m.Order, nil
	case MoveRefund:
		uc.Status, uc.OrderID, uc.LastOrderID, uc.UsedAt, uc.DiscountApplied = m.To, nil, &m.Order, nil, decimal.NullDecimal{}
	case MoveRevoke:
		uc.Status, uc.HoldUntil = models.UserCouponRevoked, nil
	case MoveExpire:
		uc.Status = models.UserCouponExpired
	case MoveReleaseHold:
		last := deref(uc.OrderID)
		uc.Status, uc.OrderID, uc.LastOrderID, uc.HoldUntil = models.UserCouponUnused, nil, &last, nil
	}
	uc.UpdatedAt = m.At
}
