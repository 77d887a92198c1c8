package coupon

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

var writeClause = dbresolver.Write

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
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	done, err := s.store.BeginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if err := checkRequestID(r.RequestID); err != nil {
		return nil, err
	}
	c, err := s.Get(ctx, r.CouponID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	db, route := s.store.Shard(r.UserID)
	if err := s.open(ctx, c, r.UserID, r.Channel, now); err != nil {
		// A retry of a claim that succeeded returns its first outcome even
		// if the coupon is closed or sold out by now.
		if uc, ferr := s.priorClaim(ctx, db, route, r.UserID, r.RequestID, err); ferr == nil && uc != nil {
			return replay(uc, c.ID, nil)
		}
		return nil, err
	}
	primary := onPrimary(ctx, db)
	sd := s.sidesOf(c)
	if sd.legacyFirst {
		return s.claimLegacyFirst(ctx, c, r, primary, route, now, sd)
	}

	held, first, err := s.lockClaim(ctx, r.UserID, []*models.Coupon{c}, claimLockKey(r.UserID, c.ID))
	if err != nil {
		return nil, err
	}
	defer held.Release(context.WithoutCancel(ctx))

	// A user's first claim of a coupon reads nothing before taking stock:
	// seq 1 is free exactly when the user holds none (see lockClaim), so
	// the unique keys check the limit and the replay in the insert itself.
	count := 0
	if !first {
		n, prior, err := s.heldBefore(ctx, db, primary, route, held, r, c)
		if prior != nil || err != nil {
			return prior, err
		}
		count = n
	}
	slot, err := s.takeBothSides(ctx, c, sd)
	if err != nil {
		return nil, err
	}
	takenAt := time.Now()
	uc := issue(c, r.UserID, r.RequestID, r.Channel, count+1, now)
	err = s.afterStock(c.ID)
	if errors.Is(err, ErrCrash) {
		return nil, models.Unavailable("coupon.Claim", err)
	}
	if err == nil {
		err = s.insertInTime(ctx, primary, route, []*models.UserCoupon{uc}, takenAt)
	}
	if first && store.IsDuplicate(err) {
		// Not the first after all (the user's earlier coupon came before
		// the Redis mark, or from a job, a code or a batch claim, or the
		// mark expired): go on as a claim that had read first.
		n, prior, herr := s.heldBefore(ctx, db, primary, route, held, r, c)
		if prior != nil || herr != nil {
			s.giveBackIfFresh(context.WithoutCancel(ctx), c.ID, slot, 1, takenAt, nil)
			return prior, herr
		}
		uc = issue(c, r.UserID, r.RequestID, r.Channel, n+1, now)
		err = s.insertInTime(ctx, primary, route, []*models.UserCoupon{uc}, takenAt)
	}
	if err != nil {
		s.giveBackIfFresh(ctx, c.ID, slot, 1, takenAt, err)
		if sd.legacy && !errors.Is(err, errUnknownOutcome) {
			if gerr := s.legacy.GiveBack(context.WithoutCancel(ctx), c.ID, 1); gerr != nil {
				s.legacy.StockDrift(ctx, c.ID, true, gerr)
			}
		}
		if store.IsDuplicate(err) {
			// Another claim of this user won the race without the lock.
			if uc, ferr := s.findRequest(primary, route, r.UserID, r.RequestID); ferr == nil && uc != nil {
				return replay(uc, c.ID, nil)
			}
			return nil, models.Errorf(models.CodeLimitReached, "the user reached the limit of this coupon meanwhile")
		}
		return nil, models.Unavailable("coupon.Claim", err)
	}
	s.markClaimed(ctx, held, r.UserID, r.RequestID, c.ID)
	if sd.legacy {
		s.legacy.MirrorToLegacy(ctx, []*models.UserCoupon{uc})
	}
	return &Claimed{UserCoupon: uc}, nil
}

func claimLockKey(userID string, couponID uint64) string {
	return "claim:{" + userID + "}:" + idStr(couponID)
}

// lockClaim takes a claim's locks (keys) and, in the same Redis round trip,
// looks for the marks a claim leaves when the user holds a coupon (see
// markHolder). first is true when there is none for any of coupons, and
// their user coupons all number their seq from 1 up, so that seq 1 is free
// exactly when the user holds none: not for a coupon copied from the
// monolith (its copied rows number below zero), and not when Redis cannot
// answer.
func (s *Service) lockClaim(ctx context.Context, userID string, coupons []*models.Coupon, keys ...string) (held *lock.Held, first bool, err error) {
	marks := make([]string, 0, len(coupons))
	for _, c := range coupons {
		if c == nil {
			continue
		}
		if c.LegacyID != nil || c.PerUserLimit < 1 {
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

// heldBefore reads under the claim's lock what the user holds of c, in one
// query: the count the new coupon's seq follows, or this very request's
// earlier outcome (prior, a replay), or LIMIT_REACHED. The claim ends when
// prior or err is not nil.
func (s *Service) heldBefore(ctx context.Context, db, primary *gorm.DB, route sharding.Route, held *lock.Held, r ClaimRequest, c *models.Coupon) (int, *Claimed, error) {
	have, replayed, err := heldCounts(ctx, db, route.UserCouponTable(), r.UserID, []*models.Coupon{c}, []string{r.RequestID})
	if err != nil {
		return 0, nil, models.Unavailable("coupon.Claim", err)
	}
	count := have[c.ID]
	if count > 0 {
		s.markHolder(ctx, held, r.UserID, c.ID)
	}
	if replayed {
		uc, err := s.findRequest(primary, route, r.UserID, r.RequestID)
		prior, err := replay(uc, c.ID, err)
		return count, prior, err
	}
	if count >= c.PerUserLimit {
		return count, nil, limitReached(count, c.PerUserLimit)
	}
	return count, nil, nil
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

func (s *Service) afterStock(couponID uint64) error {
	if s.opts.AfterStock == nil {
		return nil
	}
	return s.opts.AfterStock(couponID)
}

// giveBackWindow is how long after taking stock a failed claim may still
// give it back itself; later, the reconciler does (see Reconcile).
const giveBackWindow = 10 * time.Second

// ReconcileGrace is the grace Reconcile must wait in production: twice the
// window in which a claim gives back its own stock.
const ReconcileGrace = 2 * giveBackWindow

// giveBackIfFresh returns the stock of a claim that failed, unless the
// failure leaves it unknown whether the rows were written, or the window is
// over: then the reconciler decides from what was issued.
func (s *Service) giveBackIfFresh(ctx context.Context, couponID uint64, slot int, units int64, takenAt time.Time, cause error) {
	if errors.Is(cause, errUnknownOutcome) || errors.Is(cause, context.DeadlineExceeded) {
		return
	}
	if time.Since(takenAt) < giveBackWindow {
		_ = s.giveBack(ctx, couponID, slot, units)
	}
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
	if s.stock.soldOut(c.ID, time.Now(), s.opts.SoldOutTTL) {
		return models.Errorf(models.CodeOutOfStock, "coupon %d is out of stock", c.ID)
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

// issue makes the user coupon row, copying the rules it needs at use time.
func issue(c *models.Coupon, userID, requestID string, ch models.Channel, seq int, now time.Time) *models.UserCoupon {
	from, until := c.Validity.Window(now)
	return &models.UserCoupon{
		UserID: userID, CouponID: c.ID, Seq: seq, RequestID: requestID, Status: models.UserCouponUnused, Channel: ch,
		Currency: c.Currency, Discount: c.Discount, Scope: c.Scope, ValidFrom: from, ValidUntil: until, IssuedAt: now, UpdatedAt: now,
	}
}

// insertIssued writes user coupons and their ISSUED outbox events in one
// shard transaction (one multi-row insert each; on MySQL all of it in one
// round trip, see insertIssuedOneTrip), and sets their ids. A failure of COMMIT itself
// is returned as errUnknownOutcome: the rows may or may not be there, so the
// caller must not give the stock back (the reconciler will, if they are not).
func (s *Service) insertIssued(ctx context.Context, db *gorm.DB, route sharding.Route, ucs []*models.UserCoupon) error {
	if s.store.Dialect == store.MySQL {
		pool, err := db.DB()
		if err != nil {
			return err
		}
		return insertIssuedOneTrip(ctx, pool, route, ucs)
	}
	tx := db.Begin()
	if tx.Error != nil {
		return tx.Error
	}
	if err := tx.Table(route.UserCouponTable()).Create(ucs).Error; err != nil {
		tx.Rollback()
		return err
	}
	events := make([]*models.CouponEvent, len(ucs))
	for i, uc := range ucs {
		events[i] = issuedEvent(uc)
	}
	if err := tx.Table(route.CouponEventTable()).Create(events).Error; err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit().Error; err != nil {
		return fmt.Errorf("%w: %v", errUnknownOutcome, err)
	}
	return nil
}

var errUnknownOutcome = errors.New("commit failed: outcome unknown")

// insertInTime writes issued rows only while the claim may still give its
// stock back itself: past half of giveBackWindow the claim gives up and
// leaves the units to the reconciler, so that a claim stalled for longer
// than the reconciler's grace can never write a row for a unit that was
// already returned.
func (s *Service) insertInTime(ctx context.Context, db *gorm.DB, route sharding.Route, ucs []*models.UserCoupon, takenAt time.Time) error {
	left := giveBackWindow/2 - time.Since(takenAt)
	if left <= 0 {
		return errStalled
	}
	// A caller that goes away must not abort the write half-way: once the
	// stock is taken, the claim finishes (or fails definitely) on its own.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), left)
	defer cancel()
	return s.insertIssued(ctx, db.WithContext(ctx), route, ucs)
}

var errStalled = errors.New("claim stalled between taking stock and writing the coupon")

// claimedKey marks in Redis that (user, requestId) succeeded, so that the
// sold-out fast path can tell a retry from a new claim without a database.
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
// is refused before the lock: in Redis for a sold-out refusal (so the fast
// path stays off the database and builds no query), on the primary of the
// user's shard (db) otherwise, or when Redis cannot answer.
func (s *Service) priorClaim(ctx context.Context, db *gorm.DB, route sharding.Route, userID, requestID string, refusal error) (*models.UserCoupon, error) {
	if models.ErrorCode(refusal) == models.CodeOutOfStock && s.marks != nil {
		found, err := s.marks.exists(ctx, s.claimedKey(userID, requestID))
		if err == nil && !found {
			return nil, nil
		}
	}
	return s.findRequest(onPrimary(ctx, db), route, userID, requestID)
}

// onPrimary is db bound to ctx and sent to its primary, for reads that must
// see the caller's own writes.
func onPrimary(ctx context.Context, db *gorm.DB) *gorm.DB {
	return db.WithContext(ctx).Clauses(dbresolver.Write).Session(&gorm.Session{})
}

// findRequest returns the user coupon of (user, requestId), or nil.
func (s *Service) findRequest(db *gorm.DB, route sharding.Route, userID, requestID string) (*models.UserCoupon, error) {
	var ucs []models.UserCoupon
	err := db.Table(route.UserCouponTable()).Where("user_id = ? AND request_id = ?", userID, requestID).Limit(1).Find(&ucs).Error
	if err != nil {
		return nil, models.Unavailable("coupon.findRequest", err)
	}
	if len(ucs) == 0 {
		return nil, nil
	}
	return &ucs[0], nil
}

// FindRequest returns the user coupon a user's request issued, from the
// primary, or nil when it issued none.
func (s *Service) FindRequest(ctx context.Context, userID, requestID string) (*models.UserCoupon, error) {
	db, route := s.store.Shard(userID)
	return s.findRequest(db.WithContext(ctx).Clauses(dbresolver.Write), route, userID, requestID)
}
