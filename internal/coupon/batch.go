package coupon

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
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

// ClaimBatch claims each coupon of r for one user: the per-coupon checks of
// Claim, then one lock per coupon taken in sorted order (all or none within
// the wait), the user's counts in one query, a unit of stock per coupon, and
// every successful row in one multi-row insert. A retry of the same
// requestId claims nothing more: it returns the coupons the first attempt
// got (the others as CONFLICT). Request-level errors: TOO_MANY,
// INVALID_INPUT, BUSY, UNAVAILABLE.
func (s *Service) ClaimBatch(ctx context.Context, r BatchRequest) (*BatchClaimed, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	done, err := s.store.BeginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if err := checkRequestID(r.RequestID); err != nil {
		return nil, err
	}
	n := len(r.CouponIDs)
	switch {
	case n == 0:
		return nil, models.FieldError(models.CodeInvalidInput, []string{"input", "couponIds"}, "name at least one coupon")
	case n > s.opts.MaxBatch:
		return nil, models.FieldError(models.CodeTooMany, []string{"input", "couponIds"}, "at most %d coupons per batch", s.opts.MaxBatch)
	}
	seen := map[string]bool{}
	for _, id := range r.CouponIDs {
		if seen[id] {
			return nil, models.FieldError(models.CodeInvalidInput, []string{"input", "couponIds"}, "coupon %s is listed twice", id)
		}
		seen[id] = true
	}
	if s.batchTouchesLegacy(ctx, r.CouponIDs) {
		return s.claimEach(ctx, r)
	}
	db, route := s.store.Shard(r.UserID)
	primary := onPrimary(ctx, db)
	out := &BatchClaimed{Items: make([]BatchItem, n)}
	reqIDs := make([]string, n)
	for i, id := range r.CouponIDs {
		out.Items[i].CouponID = id
		reqIDs[i] = batchRequestID(r.RequestID, id)
	}
	now := s.now().UTC()
	coupons := make([]*models.Coupon, n)
	var keys []string
	for i, id := range r.CouponIDs {
		c, err := s.Get(ctx, id)
		if err == nil {
			err = s.open(ctx, c, r.UserID, r.Channel, now)
		}
		if err != nil {
			if out.Items[i].Err = businessError(err); out.Items[i].Err == nil {
				return nil, err
			}
			continue
		}
		coupons[i] = c
		keys = append(keys, claimLockKey(r.UserID, c.ID))
	}
	// A retry of a batch that succeeded replays it, even if a coupon has
	// closed or sold out since; when every coupon is open, the check under
	// the locks below finds it.
	if len(keys) < len(coupons) {
		if done, err := s.batchReplay(primary, route.UserCouponTable(), r.UserID, reqIDs, out); err != nil || done {
			return out, err
		}
	}
	if len(keys) == 0 {
		return out, nil
	}
	sort.Strings(keys)
	held, first, err := s.lockClaim(ctx, r.UserID, coupons, keys...)
	if err != nil {
		return nil, err
	}
	defer held.Release(context.WithoutCancel(ctx))

	// Under the locks, in one query: what the user holds of these coupons,
	// and whether an attempt of this batch (a concurrent retry) got there
	// first. A user who holds none of them (no Redis mark) reads nothing:
	// the unique keys check both in the insert, as for a single claim.
	have := map[uint64]int{}
	if !first {
		var replayed bool
		if have, replayed, err = heldCounts(ctx, db, route.UserCouponTable(), r.UserID, coupons, reqIDs); err != nil {
			return nil, models.Unavailable("coupon.ClaimBatch", err)
		}
		if replayed {
			_, err := s.batchReplay(primary, route.UserCouponTable(), r.UserID, reqIDs, out)
			return out, err
		}
	}

	var want []*models.Coupon
	var wantAt []int
	for i, c := range coupons {
		if c == nil {
			continue
		}
		if have[c.ID] >= c.PerUserLimit {
			out.Items[i].Err = limitReached(have[c.ID], c.PerUserLimit)
			continue
		}
		want, wantAt = append(want, c), append(wantAt, i)
	}
	takenAt := time.Now() // before any unit is taken: the give-back window errs short
	slots, errs := s.takeStocks(ctx, want)
	var took []taken
	var rows []*models.UserCoupon
	var fatal error
	for k, c := range want {
		i := wantAt[k]
		if err := errs[k]; err != nil {
			if out.Items[i].Err = businessError(err); out.Items[i].Err == nil {
				fatal = err
			}
			continue
		}
		took = append(took, taken{item: i, slot: slots[k], coupon: c})
		uc := issue(c, r.UserID, reqIDs[i], r.Channel, have[c.ID]+1, now)
		out.Items[i].UserCoupon = uc
		rows = append(rows, uc)
	}
	if fatal != nil {
		s.giveBackAll(ctx, took, takenAt, nil)
		return nil, fatal
	}
	if len(rows) == 0 {
		return out, nil
	}
	err = s.insertInTime(ctx, primary, route, rows, takenAt)
	if first && store.IsDuplicate(err) {
		// The user held one of them after all: go on as a batch that
		// had read first, with the units already taken.
		var done bool
		if took, rows, done, err = s.batchAfterGuess(ctx, db, primary, route, held, r, coupons, reqIDs, took, takenAt, now, out); done {
			return out, err
		}
		if err == nil && len(rows) > 0 {
			err = s.insertInTime(ctx, primary, route, rows, takenAt)
		}
	}
	if err != nil {
		s.giveBackAll(ctx, took, takenAt, err)
		for _, t := range took {
			out.Items[t.item].UserCoupon = nil
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
	s.markHolder(ctx, held, r.UserID, ids...)
	return out, nil
}

// batchAfterGuess reads what the user holds when a batch that guessed it
// held none was turned away by the unique keys. A replay gives every unit
// back and fills out from the first attempt (done); a coupon at its limit
// gives its unit back and is refused; the others get the seq that follows
// what the user holds: the rows to insert, with the units they keep.
func (s *Service) batchAfterGuess(ctx context.Context, db, primary *gorm.DB, route sharding.Route, held *lock.Held, r BatchRequest, coupons []*models.Coupon,
	reqIDs []string, took []taken, takenAt, now time.Time, out *BatchClaimed) (keep []taken, rows []*models.UserCoupon, done bool, err error) {
	have, replayed, err := heldCounts(ctx, db, route.UserCouponTable(), r.UserID, coupons, reqIDs)
	if err != nil || replayed {
		s.giveBackAll(context.WithoutCancel(ctx), took, takenAt, nil)
		for _, t := range took {
			out.Items[t.item].UserCoupon = nil
		}
		if err != nil {
			return nil, nil, true, models.Unavailable("coupon.ClaimBatch", err)
		}
		_, err := s.batchReplay(primary, route.UserCouponTable(), r.UserID, reqIDs, out)
		return nil, nil, true, err
	}
	var holds []uint64
	for _, t := range took {
		c := t.coupon
		if have[c.ID] > 0 {
			holds = append(holds, c.ID)
		}
		if have[c.ID] >= c.PerUserLimit {
			s.giveBackIfFresh(context.WithoutCancel(ctx), c.ID, t.slot, 1, takenAt, nil)
			out.Items[t.item].UserCoupon, out.Items[t.item].Err = nil, limitReached(have[c.ID], c.PerUserLimit)
			continue
		}
		uc := issue(c, r.UserID, reqIDs[t.item], r.Channel, have[c.ID]+1, now)
		out.Items[t.item].UserCoupon = uc
		keep, rows = append(keep, t), append(rows, uc)
	}
	s.markHolder(ctx, held, r.UserID, holds...)
	return keep, rows, false, nil
}

func limitReached(have, limit int) *models.Error {
	return models.Errorf(models.CodeLimitReached, "the user already holds %d of this coupon (limit %d)", have, limit)
}

// batchTouchesLegacy reports whether a batch names a migrated coupon while
// the monolith's table is still written (any mode but NEW_ONLY).
func (s *Service) batchTouchesLegacy(ctx context.Context, ids []string) bool {
	if s.legacy == nil || s.legacy.Mode() == models.ModeNewOnly {
		return false
	}
	for _, id := range ids {
		if n, err := ParseID(id); err == nil && s.migrated(ctx, n) {
			return true
		}
	}
	return false
}

// claimEach is ClaimBatch during a migration, for a batch that names a
// migrated coupon: each coupon is claimed on its own (Claim, with the
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

// taken is a unit of stock a batch took for one of its items.
type taken struct {
	item, slot int
	coupon     *models.Coupon
}

func (s *Service) giveBackAll(ctx context.Context, took []taken, at time.Time, cause error) {
	for _, t := range took {
		s.giveBackIfFresh(ctx, t.coupon.ID, t.slot, 1, at, cause)
	}
}

// batchReplay fills out from the rows of an earlier attempt of the same
// batch request, if there was one.
func (s *Service) batchReplay(db *gorm.DB, table, userID string, reqIDs []string, out *BatchClaimed) (bool, error) {
	var prior []models.UserCoupon
	if err := db.Table(table).Where("user_id = ? AND request_id IN ?", userID, reqIDs).Find(&prior).Error; err != nil {
		return false, models.Unavailable("coupon.ClaimBatch", err)
	}
	if len(prior) == 0 {
		return false, nil
	}
	byReq := map[string]*models.UserCoupon{}
	for i := range prior {
		byReq[prior[i].RequestID] = &prior[i]
	}
	out.Replayed = true
	for i, rid := range reqIDs {
		if uc := byReq[rid]; uc != nil {
			out.Items[i].UserCoupon, out.Items[i].Err = uc, nil
		} else {
			out.Items[i].UserCoupon = nil
			out.Items[i].Err = models.Errorf(models.CodeConflict, "the first attempt of this request did not claim this coupon")
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

// heldCounts reads, on the primary of db, how many the user holds of each
// coupon of coupons (nil entries skipped), and whether any of reqIDs
// already issued one (of any coupon). One hand-written query: it runs on
// every claim, and gorm's statement building would cost as much as the
// query itself.
func heldCounts(ctx context.Context, db *gorm.DB, table, userID string, coupons []*models.Coupon, reqIDs []string) (map[uint64]int, bool, error) {
	pool, err := db.DB()
	if err != nil {
		return nil, false, err
	}
	args := []any{userID}
	for _, c := range coupons {
		if c != nil {
			args = append(args, c.ID)
		}
	}
	nIDs := len(args) - 1
	for _, rid := range reqIDs {
		args = append(args, rid)
	}
	q := "SELECT coupon_id, request_id FROM " + table + " WHERE user_id = ? AND (coupon_id IN (?" + strings.Repeat(", ?", nIDs-1) +
		") OR request_id IN (?" + strings.Repeat(", ?", len(reqIDs)-1) + "))"
	rows, err := pool.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	mine := map[string]bool{}
	for _, rid := range reqIDs {
		mine[rid] = true
	}
	have := map[uint64]int{}
	replayed := false
	for rows.Next() {
		var couponID uint64
		var rid string
		if err := rows.Scan(&couponID, &rid); err != nil {
			return nil, false, err
		}
		replayed = replayed || mine[rid]
		have[couponID]++
	}
	return have, replayed, rows.Err()
}
