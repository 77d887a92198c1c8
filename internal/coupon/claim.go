package coupon

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

func idStr(id uint64) string { return strconv.FormatUint(id, 10) }

// IDString is a coupon's public id.
func IDString(id uint64) string { return idStr(id) }

// ClaimRequest asks for one coupon for one user.
type ClaimRequest struct {
	UserID    string
	CouponID  string
	RequestID string // idempotency key, unique per user
	Channel   models.Channel
}

// Claimed is a claim's outcome.
type Claimed struct {
	UserCoupon *models.UserCoupon
	Replayed   bool // this (user, request) had already succeeded
}

// MaxRequestIDLen bounds idempotency keys.
const MaxRequestIDLen = 100

func checkRequestID(id string) error {
	if id == "" || len(id) > MaxRequestIDLen {
		return models.FieldError(models.CodeInvalidInput, []string{"input", "requestId"}, "requestId must be 1 to %d characters", MaxRequestIDLen)
	}
	return nil
}

// Claim gives a user one coupon, following DESIGN.md's eight steps: cached
// coupon (a coupon known sold out is refused without a database), status,
// window, channel and tag checks, idempotent replay on (user, requestId), a
// lock on (user, coupon), the user's count from the primary, one unit of the
// split stock, and the user coupon with its outbox event in one shard
// transaction. Unique keys on (user, requestId) and (user, coupon, seq) make
// a duplicate or an over-limit row impossible even without the lock, so when
// Redis is down claims go on unlocked rather than fail. The same keys let a
// user's first claim of a coupon skip the replay and count read (see
// lockClaim): when they turn the row away, the claim reads and goes on.
//
// Returns NOT_FOUND, INACTIVE, NOT_STARTED, ENDED, CHANNEL_CLOSED,
// NOT_ELIGIBLE, OUT_OF_STOCK, LIMIT_REACHED, BUSY, CONFLICT (the requestId
// was used for another coupon), INVALID_INPUT, UNAVAILABLE.
func (s *Service) Claim(ctx context.Context, r ClaimRequest) (*Claimed, error) {
	ctx, w, done, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	now := s.now().UTC()

	// 1-2. The coupon from the cache, and the checks that need no lock.
	c, prior, err := s.admit(ctx, w, r, now)
	if c == nil {
		return prior, err
	}
	// 3-4. The lock on (user, coupon).
	held, first, err := s.lockClaim(ctx, w, r.UserID, []*models.Coupon{c}, claimLockKey(r.UserID, c.ID))
	if err != nil {
		return nil, err
	}
	// The answer does not wait for the release: the row is committed (or
	// the claim refused) by then, and the marks that go with the release
	// are written before the lock is given back (see priorClaim).
	defer s.locker.ReleaseLater(context.WithoutCancel(ctx), held)
	// 5. What the user holds: a replay or the limit ends the claim here. A
	// user's first claim reads nothing: seq 1 is free exactly when the user
	// holds none (see lockClaim), so the unique keys check both in the
	// insert itself.
	count := 0
	if !first {
		if count, prior, err = s.heldBefore(ctx, w, held, r, c); prior != nil || err != nil {
			return prior, err
		}
	}
	// 6. One unit of stock.
	unit, err := w.TakeOne(ctx, c)
	if err != nil {
		return nil, err
	}
	takenAt := time.Now()
	// 7-8. The user coupon and its outbox event; the unit goes back when
	// they cannot be written.
	uc, prior, err := s.insertClaimed(ctx, w, held, r, c, claimSeq{count: count, first: first}, unit, takenAt, now)
	if uc == nil {
		return prior, err
	}
	// The marks that let a retry and the user's next claim skip reads.
	s.markClaimed(ctx, held, r.UserID, r.RequestID, c.ID)
	return &Claimed{UserCoupon: uc}, nil
}

// admit reads the coupon through the cache and checks that it can be
// claimed now (see open). A claim refused here that had succeeded before
// returns its first outcome (prior) even if the coupon is closed or sold
// out by now. c is nil when the claim ends here.
func (s *Service) admit(ctx context.Context, w Wallets, r ClaimRequest, now time.Time) (c *models.Coupon, prior *Claimed, err error) {
	if err := checkRequestID(r.RequestID); err != nil {
		return nil, nil, err
	}
	if c, err = s.Get(ctx, r.CouponID); err != nil {
		return nil, nil, err
	}
	if err := s.open(ctx, c, r.UserID, r.Channel, now); err != nil {
		if uc, ferr := s.priorClaim(ctx, w, r.UserID, r.RequestID, c.ID, err); ferr == nil && uc != nil {
			prior, err := replay(uc, c.ID, nil)
			return nil, prior, err
		}
		return nil, nil, err
	}
	return c, nil, nil
}

// open checks that a coupon can be claimed now through channel by the user:
// status, windows, channel, stock hint, tag rule.
func (s *Service) open(ctx context.Context, c *models.Coupon, userID string, ch models.Channel, now time.Time) error {
	switch c.Status {
	case models.CouponActive:
	case models.CouponEnded:
		return models.Errorf(models.CodeEnded, "the coupon has ended")
	default:
		return models.Errorf(models.CodeInactive, "the coupon is %s", c.Status)
	}
	if c.ClaimStartsAt != nil && now.Before(*c.ClaimStartsAt) {
		return models.Errorf(models.CodeNotStarted, "claiming opens at %s", c.ClaimStartsAt.Format(time.RFC3339))
	}
	if c.ClaimEndsAt != nil && !now.Before(*c.ClaimEndsAt) {
		return models.Errorf(models.CodeEnded, "claiming closed at %s", c.ClaimEndsAt.Format(time.RFC3339))
	}
	if c.Validity.Kind == models.ValidityFixed && c.Validity.EndsAt != nil && !now.Before(*c.Validity.EndsAt) {
		return models.Errorf(models.CodeEnded, "the coupon's validity ended at %s", c.Validity.EndsAt.Format(time.RFC3339))
	}
	if !c.HasChannel(ch) {
		return models.Errorf(models.CodeChannelClosed, "the coupon is not open to %s", ch)
	}
	if s.shards.hints.soldOut(c.ID, time.Now(), s.opts.SoldOutTTL) {
		return outOfStock(c.ID)
	}
	if !c.TagRule.Empty() {
		tags, err := s.tags.UserTags(ctx, userID)
		if err != nil {
			return err
		}
		if !c.TagRule.Matches(tags) {
			return models.Errorf(models.CodeNotEligible, "the user's tags do not meet the coupon's tag rule")
		}
	}
	return nil
}

func claimLockKey(userID string, couponID uint64) string {
	return "claim:{" + userID + "}:" + idStr(couponID)
}

// lockClaim takes a claim's locks (keys) and, in the same Redis round trip,
// looks for the marks a claim leaves when the user holds a coupon (see
// markHolder). first is true when there is none for any of coupons, and
// their user coupons all number their seq from 1 up (Wallets.SeqFromOne),
// so that seq 1 is free exactly when the user holds none; never when Redis
// cannot answer.
func (s *Service) lockClaim(ctx context.Context, w Wallets, userID string, coupons []*models.Coupon, keys ...string) (held *lock.Held, first bool, err error) {
	marks := make([]string, 0, len(coupons))
	for _, c := range coupons {
		if c == nil {
			continue
		}
		if !w.SeqFromOne(c) || c.PerUserLimit < 1 {
			marks = nil
			break
		}
		marks = append(marks, s.holderKey(userID, c.ID))
	}
	if s.opts.Redis == nil || len(marks) == 0 {
		held, err = s.lockKeys(ctx, keys...)
		return held, false, err
	}
	var found *redis.IntCmd
	held, err = s.lockKeysThenRead(ctx, func(p redis.Pipeliner) {
		found = p.Exists(ctx, marks...) // one hash slot: the keys share {userID}
	}, keys...)
	if err != nil || held == nil {
		return held, false, err
	}
	return held, found.Err() == nil && found.Val() == 0, nil
}

// lockKeys takes the claim locks. BUSY when they stay taken past the wait;
// when Redis cannot be reached it returns a nil *lock.Held (whose Release is
// a no-op) and the claim relies on the unique keys alone.
func (s *Service) lockKeys(ctx context.Context, keys ...string) (*lock.Held, error) {
	return s.lockKeysThenRead(ctx, nil, keys...)
}

// lockKeysThenRead is lockKeys with Redis reads sent under the locks (see
// lock.Locker.AcquireThenRead); when it returns a nil *lock.Held, nothing
// was read.
func (s *Service) lockKeysThenRead(ctx context.Context, read func(redis.Pipeliner), keys ...string) (*lock.Held, error) {
	held, err := s.locker.AcquireThenRead(ctx, read, keys...)
	switch {
	case err == nil:
		return held, nil
	case errors.Is(err, lock.ErrBusy):
		return nil, models.Errorf(models.CodeBusy, "another claim of this user for this coupon is in progress; retry")
	case errors.Is(err, lock.ErrUnavailable):
		unlockedClaims.Inc()
		return nil, nil
	default:
		return nil, models.Unavailable("coupon.lock", err)
	}
}

// heldBefore reads under the claim's lock what the user holds of c: the
// count the new coupon's seq follows, or this very request's earlier
// outcome (prior, a replay), or LIMIT_REACHED. The claim ends when prior or
// err is not nil.
func (s *Service) heldBefore(ctx context.Context, w Wallets, held *lock.Held, r ClaimRequest, c *models.Coupon) (int, *Claimed, error) {
	have, replayed, err := w.Held(ctx, r.UserID, []*models.Coupon{c}, []string{r.RequestID})
	if err != nil {
		return 0, nil, models.Unavailable("coupon.Claim", err)
	}
	count := have[c.ID]
	if count > 0 {
		s.markHolder(ctx, held, r.UserID, c.ID)
	}
	if replayed {
		uc, err := w.Replay(ctx, c, r.UserID, r.RequestID)
		prior, err := replay(uc, c.ID, err)
		return count, prior, err
	}
	if count >= c.PerUserLimit {
		return count, nil, limitReached(count, c.PerUserLimit)
	}
	return count, nil, nil
}

func limitReached(have, limit int) *models.Error {
	return models.Errorf(models.CodeLimitReached, "the user already holds %d of this coupon (limit %d)", have, limit)
}

func replay(uc *models.UserCoupon, couponID uint64, err error) (*Claimed, error) {
	if err != nil {
		return nil, err
	}
	if uc.CouponID != couponID {
		return nil, models.FieldError(models.CodeConflict, []string{"input", "requestId"}, "this requestId was already used for another coupon")
	}
	return &Claimed{UserCoupon: uc, Replayed: true}, nil
}

// claimSeq is what a claim knows of the user's coupons of c when it writes
// its own: how many there are (count), or that it guessed none (first).
type claimSeq struct {
	count int
	first bool
}

// insertClaimed writes the claim's user coupon (seq: the count's next) and
// gives the unit back when it cannot. A first claim turned away by the
// unique keys reads what the user holds and tries again; a row written
// meanwhile by a concurrent claim of the same request is replayed (prior).
// uc is nil when the claim ends without a new coupon.
func (s *Service) insertClaimed(ctx context.Context, w Wallets, held *lock.Held, r ClaimRequest, c *models.Coupon, seq claimSeq,
	unit Unit, takenAt, now time.Time) (uc *models.UserCoupon, prior *Claimed, err error) {
	uc = issue(c, r.UserID, r.RequestID, r.Channel, seq.count+1, now)
	err = s.afterStock(c.ID)
	if errors.Is(err, ErrCrash) {
		return nil, nil, models.Unavailable("coupon.Claim", err)
	}
	if err == nil {
		err = s.insertInTime(ctx, w, []*models.UserCoupon{uc}, takenAt)
	}
	if seq.first && store.IsDuplicate(err) {
		// Not the first after all (the user's earlier coupon came before
		// the Redis mark, or from a job, a code or a batch claim, or the
		// mark expired): go on as a claim that had read first.
		n, prior, herr := s.heldBefore(ctx, w, held, r, c)
		if prior != nil || herr != nil {
			w.GiveBack(context.WithoutCancel(ctx), c, unit, takenAt, nil)
			return nil, prior, herr
		}
		uc = issue(c, r.UserID, r.RequestID, r.Channel, n+1, now)
		err = s.insertInTime(ctx, w, []*models.UserCoupon{uc}, takenAt)
	}
	if err == nil {
		return uc, nil, nil
	}
	w.GiveBack(ctx, c, unit, takenAt, err)
	if !store.IsDuplicate(err) {
		return nil, nil, models.Unavailable("coupon.Claim", err)
	}
	// Another claim of this user won the race without the lock.
	if uc, ferr := w.FindRequest(ctx, r.UserID, r.RequestID); ferr == nil && uc != nil {
		prior, err := replay(uc, c.ID, nil)
		return nil, prior, err
	}
	return nil, nil, models.Errorf(models.CodeLimitReached, "the user reached the limit of this coupon meanwhile")
}

// issue makes the user coupon row, copying the rules it needs at use time.
func issue(c *models.Coupon, userID, requestID string, ch models.Channel, seq int, now time.Time) *models.UserCoupon {
	from, until := c.Validity.Window(now)
	return &models.UserCoupon{
		UserID: userID, CouponID: c.ID, Seq: seq, RequestID: requestID, Status: models.UserCouponUnused, Channel: ch,
		Currency: c.Currency, Discount: c.Discount, Scope: c.Scope, ValidFrom: from, ValidUntil: until, IssuedAt: now, UpdatedAt: now,
	}
}

func (s *Service) afterStock(couponID uint64) error {
	if s.opts.AfterStock == nil {
		return nil
	}
	return s.opts.AfterStock(couponID)
}

// insertInTime writes issued rows only while the claim may still give its
// stock back itself: past half of giveBackWindow the claim gives up and
// leaves the units to the reconciler, so that a claim stalled for longer
// than the reconciler's grace can never write a row for a unit that was
// already returned.
func (s *Service) insertInTime(ctx context.Context, w Wallets, ucs []*models.UserCoupon, takenAt time.Time) error {
	left := giveBackWindow/2 - time.Since(takenAt)
	if left <= 0 {
		return errStalled
	}
	// A caller that goes away must not abort the write half-way: once the
	// stock is taken, the claim finishes (or fails definitely) on its own.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), left)
	defer cancel()
	return w.Insert(ctx, ucs)
}

var errStalled = errors.New("claim stalled between taking stock and writing the coupon")

// FindRequest returns the user coupon a user's request issued, from the
// primary, or nil when it issued none.
func (s *Service) FindRequest(ctx context.Context, userID, requestID string) (*models.UserCoupon, error) {
	return s.wallets.FindRequest(ctx, userID, requestID)
}
