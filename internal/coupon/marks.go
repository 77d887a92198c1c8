package coupon

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/coupond/coupond/internal/coalesce"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/models"
)

// A successful claim leaves two marks in Redis: that (user, requestId)
// succeeded, so that a retry refused on the sold-out fast path is told
// from a new claim without a database, and that the user holds the coupon,
// so that their next claim reads their count before taking stock.

// claimedKey marks in Redis that (user, requestId) succeeded.
func (s *Service) claimedKey(userID, requestID string) string {
	return s.opts.KeyPrefix + "claimed:{" + userID + "}:" + requestID
}

// ClaimedMarkTTL is how long a successful claim is remembered for retries
// on the sold-out fast path (after it, a retry meets OUT_OF_STOCK as a new
// claim would; every other refusal still finds the claim in the database).
const ClaimedMarkTTL = 24 * time.Hour

// holderKey marks in Redis that the user holds at least one of the coupon,
// so that their next claim of it reads their count before taking stock
// (see lockClaim). Without the mark a claim guesses it is the user's first.
func (s *Service) holderKey(userID string, couponID uint64) string {
	return s.opts.KeyPrefix + "holds:{" + userID + "}:" + idStr(couponID)
}

// markClaimed leaves both marks of a successful claim. The marks go with
// the release of the claim's lock when they can (one round trip for all).
func (s *Service) markClaimed(ctx context.Context, held *lock.Held, userID, requestID string, couponID uint64) {
	s.setMarks(ctx, held, s.claimedKey(userID, requestID), s.holderKey(userID, couponID))
}

// markHolder leaves the marks of a user known to hold these coupons, with
// the release of the lock; without a lock (Redis was unreachable) it does
// not try.
func (s *Service) markHolder(ctx context.Context, held *lock.Held, userID string, couponIDs ...uint64) {
	if held == nil {
		return
	}
	keys := make([]string, len(couponIDs))
	for i, id := range couponIDs {
		keys[i] = s.holderKey(userID, id)
	}
	s.setMarks(ctx, held, keys...)
}

func (s *Service) setMarks(ctx context.Context, held *lock.Held, keys ...string) {
	if s.opts.Redis == nil || len(keys) == 0 {
		return
	}
	ctx = context.WithoutCancel(ctx)
	set := func(p redis.Pipeliner) {
		for _, k := range keys {
			p.Set(ctx, k, 1, ClaimedMarkTTL)
		}
	}
	if !held.Piggyback(set) {
		_, _ = s.opts.Redis.Pipelined(ctx, func(p redis.Pipeliner) error { set(p); return nil })
	}
}

// priorClaim looks for an earlier success of (user, requestId) when a claim
// of couponID is refused before the lock: in Redis for a sold-out refusal
// (so the fast path stays off the database and builds no query), in the
// wallets otherwise, or when Redis cannot answer. A claim answers before
// its marks are written, with the release of its lock (see Claim), so the
// user's lock on the coupon still being taken sends the question to the
// wallets too.
func (s *Service) priorClaim(ctx context.Context, w Wallets, userID, requestID string, couponID uint64, refusal error) (*models.UserCoupon, error) {
	if models.ErrorCode(refusal) == models.CodeOutOfStock && s.marks != nil {
		keys := []string{s.claimedKey(userID, requestID)}
		if s.locker != nil {
			keys = append(keys, s.locker.Key(claimLockKey(userID, couponID)))
		}
		found, err := s.marks.exists(ctx, keys...)
		if err == nil && !found {
			return nil, nil
		}
	}
	return w.FindRequest(ctx, userID, requestID)
}

// markReader answers "does this key exist" for many concurrent callers in
// shared pipelined round trips (coalesce.Pipeline): at flash-sale rates
// one round trip serves dozens of refusals; alone, a question costs the
// same round trip it would anyway.
type markReader struct {
	pipe *coalesce.Pipeline
}

func newMarkReader(rdb redis.UniversalClient) *markReader {
	return &markReader{pipe: coalesce.Shared(rdb)}
}

// exists reports whether any of keys exists (they share a hash slot); an
// error means Redis could not say.
func (m *markReader) exists(ctx context.Context, keys ...string) (bool, error) {
	var found *redis.IntCmd
	m.pipe.Do(ctx, func(p redis.Pipeliner) { found = p.Exists(ctx, keys...) })
	return found.Val() > 0, found.Err()
}
