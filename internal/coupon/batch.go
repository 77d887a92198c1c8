package coupon

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// BatchRequest asks for several coupons for one user at once ("claim all").
type BatchRequest struct {
	UserID    string
	CouponIDs []string // distinct
	RequestID string
	Channel   models.Channel
}

// BatchItem is the outcome for one coupon of a batch: a user coupon or a
// business error.
type BatchItem struct {
	CouponID   string
	UserCoupon *models.UserCoupon
	Err        *models.Error
}

// BatchClaimed is a batch claim's outcome, one item per coupon in input
// order.
type BatchClaimed struct {
	Items    []BatchItem
	Replayed bool
}

// batchRequestID is the idempotency key of one coupon of a batch.
func batchRequestID(requestID, couponID string) string { return requestID + "#" + couponID }

// batch is one batch claim on its way: the request, the wallets it uses,
// each coupon's request id, and the coupons still in the race (nil: refused
// before the lock, with its item's error).
type batch struct {
	r       BatchRequest
	w       Wallets
	out     *BatchClaimed
	reqIDs  []string
	coupons []*models.Coupon
	now     time.Time
}

// taken is a unit of stock a batch took for one of its items.
type taken struct {
	item   int
	unit   Unit
	coupon *models.Coupon
}

// ClaimBatch claims each coupon of r for one user: the per-coupon checks of
// Claim, then one lock per coupon taken in sorted order (all or none within
// the wait), the user's counts in one query, a unit of stock per coupon, and
// every successful row in one multi-row insert. A retry of the same
// requestId claims nothing more: it returns the coupons the first attempt
// got (the others as CONFLICT). Request-level errors: TOO_MANY,
// INVALID_INPUT, BUSY, UNAVAILABLE.
func (s *Service) ClaimBatch(ctx context.Context, r BatchRequest) (*BatchClaimed, error) {
	ctx, w, done, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if err := s.checkBatch(r); err != nil {
		return nil, err
	}
	if w.ClaimApart(ctx, parseIDs(r.CouponIDs)) {
		return s.claimEach(ctx, r)
	}
	b := newBatch(r, w, s.now().UTC())
	// 1-2. Each coupon from the cache, and its checks.
	keys, replayed, err := s.admitBatch(ctx, b)
	switch {
	case err != nil && !replayed:
		return nil, err
	case replayed || len(keys) == 0:
		return b.out, err
	}
	// 3-4. One lock per coupon, in sorted order.
	sort.Strings(keys)
	held, first, err := s.lockClaim(ctx, w, r.UserID, b.coupons, keys...)
	if err != nil {
		return nil, err
	}
	defer held.Release(context.WithoutCancel(ctx))
	// 5. Under the locks, in one query: what the user holds of these
	// coupons, and whether an attempt of this batch (a concurrent retry)
	// got there first. A user who holds none of them (no Redis mark) reads
	// nothing: the unique keys check both in the insert, as for a single
	// claim.
	have := map[uint64]int{}
	if !first {
		var replayed bool
		if have, replayed, err = w.Held(ctx, r.UserID, b.coupons, b.reqIDs); err != nil {
			return nil, models.Unavailable("coupon.ClaimBatch", err)
		}
		if replayed {
			_, err := s.batchReplay(ctx, b)
			return b.out, err
		}
	}
	// 6. A unit of stock per coupon under its limit.
	takenAt := time.Now() // before any unit is taken: the give-back window errs short
	took, rows, err := s.takeBatchStock(ctx, b, have, takenAt)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return b.out, nil
	}
	// 7-8. Every row in one insert; the units go back when it fails.
	return s.insertBatch(ctx, b, held, first, took, rows, takenAt)
}

// checkBatch refuses a batch with no coupon, too many, or one twice.
func (s *Service) checkBatch(r BatchRequest) error {
	if err := checkRequestID(r.RequestID); err != nil {
		return err
	}
	switch n := len(r.CouponIDs); {
	case n == 0:
		return models.FieldError(models.CodeInvalidInput, []string{"input", "couponIds"}, "name at least one coupon")
	case n > s.opts.MaxBatch:
		return models.FieldError(models.CodeTooMany, []string{"input", "couponIds"}, "at most %d coupons per batch", s.opts.MaxBatch)
	}
	seen := map[string]bool{}
	for _, id := range r.CouponIDs {
		if seen[id] {
			return models.FieldError(models.CodeInvalidInput, []string{"input", "couponIds"}, "coupon %s is listed twice", id)
		}
		seen[id] = true
	}
	return nil
}

// parseIDs is the coupon ids of ids that can be ones.
func parseIDs(ids []string) []uint64 {
	out := make([]uint64, 0, len(ids))
	for _, id := range ids {
		if n, err := ParseID(id); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func newBatch(r BatchRequest, w Wallets, now time.Time) *batch {
	n := len(r.CouponIDs)
	b := &batch{r: r, w: w, out: &BatchClaimed{Items: make([]BatchItem, n)}, reqIDs: make([]string, n), coupons: make([]*models.Coupon, n), now: now}
	for i, id := range r.CouponIDs {
		b.out.Items[i].CouponID = id
		b.reqIDs[i] = batchRequestID(r.RequestID, id)
	}
	return b
}

// admitBatch reads and checks each coupon as Claim does, and returns the
// lock keys of those that passed. A refused coupon gets its item's error;
// when one was refused, a retry of a batch that succeeded replays it
// (replayed; even if a coupon has closed or sold out since; when every
// coupon is open, the check under the locks finds it).
func (s *Service) admitBatch(ctx context.Context, b *batch) (keys []string, replayed bool, err error) {
	for i, id := range b.r.CouponIDs {
		c, err := s.Get(ctx, id)
		if err == nil {
			err = s.open(ctx, c, b.r.UserID, b.r.Channel, b.now)
		}
		if err != nil {
			if b.out.Items[i].Err = businessError(err); b.out.Items[i].Err == nil {
				return nil, false, err
			}
			continue
		}
		b.coupons[i] = c
		keys = append(keys, claimLockKey(b.r.UserID, c.ID))
	}
	if len(keys) < len(b.coupons) {
		if done, err := s.batchReplay(ctx, b); err != nil || done {
			return nil, true, err
		}
	}
	return keys, false, nil
}

// takeBatchStock takes a unit of stock for each coupon still in the race
// and under its limit (the others get LIMIT_REACHED or their refusal), and
// makes their rows. A failure of the whole request gives every unit back.
func (s *Service) takeBatchStock(ctx context.Context, b *batch, have map[uint64]int, takenAt time.Time) ([]taken, []*models.UserCoupon, error) {
	var want []*models.Coupon
	var wantAt []int
	for i, c := range b.coupons {
		if c == nil {
			continue
		}
		if have[c.ID] >= c.PerUserLimit {
			b.out.Items[i].Err = limitReached(have[c.ID], c.PerUserLimit)
			continue
		}
		want, wantAt = append(want, c), append(wantAt, i)
	}
	units, errs := b.w.TakeEach(ctx, want)
	var took []taken
	var rows []*models.UserCoupon
	var fatal error
	for k, c := range want {
		i := wantAt[k]
		if err := errs[k]; err != nil {
			if b.out.Items[i].Err = businessError(err); b.out.Items[i].Err == nil {
				fatal = err
			}
			continue
		}
		took = append(took, taken{item: i, unit: units[k], coupon: c})
		uc := issue(c, b.r.UserID, b.reqIDs[i], b.r.Channel, have[c.ID]+1, b.now)
		b.out.Items[i].UserCoupon = uc
		rows = append(rows, uc)
	}
	if fatal != nil {
		b.giveBackAll(ctx, took, takenAt, nil)
		return nil, nil, fatal
	}
	return took, rows, nil
}

// insertBatch writes the batch's rows in one insert and returns the
// batch's outcome. A batch that guessed the user held none and was turned
// away by the unique keys reads and tries again (batchAfterGuess). On
// failure every unit goes back.
func (s *Service) insertBatch(ctx context.Context, b *batch, held *lock.Held, first bool, took []taken, rows []*models.UserCoupon,
	takenAt time.Time) (*BatchClaimed, error) {
	err := s.insertInTime(ctx, b.w, rows, takenAt)
	if first && store.IsDuplicate(err) {
		// The user held one of them after all: go on as a batch that
		// had read first, with the units already taken.
		var done bool
		if took, rows, done, err = s.batchAfterGuess(ctx, b, held, took, takenAt); done {
			return b.out, err
		}
		if err == nil && len(rows) > 0 {
			err = s.insertInTime(ctx, b.w, rows, takenAt)
		}
	}
	if err != nil {
		b.giveBackAll(ctx, took, takenAt, err)
		for _, t := range took {
			b.out.Items[t.item].UserCoupon = nil
		}
		if store.IsDuplicate(err) {
			return nil, models.Errorf(models.CodeBusy, "a concurrent claim of this user interfered; retry")
		}
		return nil, models.Unavailable("coupon.ClaimBatch", err)
	}
	ids := make([]uint64, len(rows))
	for i, uc := range rows {
		ids[i] = uc.CouponID
	}
	s.markHolder(ctx, held, b.r.UserID, ids...)
	return b.out, nil
}

// batchAfterGuess reads what the user holds when a batch that guessed it
// held none was turned away by the unique keys. A replay gives every unit
// back and fills the outcome from the first attempt (done); a coupon at its
// limit gives its unit back and is refused; the others get the seq that
// follows what the user holds: the rows to insert, with the units they
// keep. Its error, when done, is the batch's.
func (s *Service) batchAfterGuess(ctx context.Context, b *batch, held *lock.Held, took []taken, takenAt time.Time) (keep []taken, rows []*models.UserCoupon, done bool, err error) {
	have, replayed, err := b.w.Held(ctx, b.r.UserID, b.coupons, b.reqIDs)
	if err != nil || replayed {
		b.giveBackAll(context.WithoutCancel(ctx), took, takenAt, nil)
		for _, t := range took {
			b.out.Items[t.item].UserCoupon = nil
		}
		if err != nil {
			return nil, nil, true, models.Unavailable("coupon.ClaimBatch", err)
		}
		_, err := s.batchReplay(ctx, b)
		return nil, nil, true, err
	}
	var holds []uint64
	for _, t := range took {
		c := t.coupon
		if have[c.ID] > 0 {
			holds = append(holds, c.ID)
		}
		if have[c.ID] >= c.PerUserLimit {
			b.w.GiveBack(context.WithoutCancel(ctx), c, t.unit, takenAt, nil)
			b.out.Items[t.item].UserCoupon, b.out.Items[t.item].Err = nil, limitReached(have[c.ID], c.PerUserLimit)
			continue
		}
		uc := issue(c, b.r.UserID, b.reqIDs[t.item], b.r.Channel, have[c.ID]+1, b.now)
		b.out.Items[t.item].UserCoupon = uc
		keep, rows = append(keep, t), append(rows, uc)
	}
	s.markHolder(ctx, held, b.r.UserID, holds...)
	return keep, rows, false, nil
}

func (b *batch) giveBackAll(ctx context.Context, took []taken, at time.Time, cause error) {
	for _, t := range took {
		b.w.GiveBack(ctx, t.coupon, t.unit, at, cause)
	}
}

// claimEach is ClaimBatch for a batch whose coupons the wallets claim apart
// (Wallets.ClaimApart): each coupon is claimed on its own (Claim, with the
// batch's per-coupon request id, so that a retry replays as a batch's
// does), in input order. The locks are taken one coupon at a time rather
// than all or none.
func (s *Service) claimEach(ctx context.Context, r BatchRequest) (*BatchClaimed, error) {
	out := &BatchClaimed{Items: make([]BatchItem, len(r.CouponIDs))}
	for i, id := range r.CouponIDs {
		out.Items[i].CouponID = id
		res, err := s.Claim(ctx, ClaimRequest{UserID: r.UserID, CouponID: id, RequestID: batchRequestID(r.RequestID, id), Channel: r.Channel})
		if err != nil {
			if out.Items[i].Err = businessError(err); out.Items[i].Err == nil {
				return nil, err
			}
			continue
		}
		out.Items[i].UserCoupon = res.UserCoupon
		out.Replayed = out.Replayed || res.Replayed
	}
	return out, nil
}

// batchReplay fills the outcome from the rows of an earlier attempt of the
// same batch request, if there was one.
func (s *Service) batchReplay(ctx context.Context, b *batch) (bool, error) {
	prior, err := b.w.FindRequests(ctx, b.r.UserID, b.reqIDs)
	if err != nil {
		return false, models.Unavailable("coupon.ClaimBatch", err)
	}
	if len(prior) == 0 {
		return false, nil
	}
	byReq := map[string]*models.UserCoupon{}
	for i := range prior {
		byReq[prior[i].RequestID] = &prior[i]
	}
	b.out.Replayed = true
	for i, rid := range b.reqIDs {
		if uc := byReq[rid]; uc != nil {
			b.out.Items[i].UserCoupon, b.out.Items[i].Err = uc, nil
		} else {
			b.out.Items[i].UserCoupon = nil
			b.out.Items[i].Err = models.Errorf(models.CodeConflict, "the first attempt of this request did not claim this coupon")
		}
	}
	return true, nil
}

// businessError returns err as a per-item error when it is a business
// refusal, nil when it must fail the whole request.
func businessError(err error) *models.Error {
	var e *models.Error
	if errors.As(err, &e) && !e.Code.RequestLevel() {
		return e
	}
	return nil
}
