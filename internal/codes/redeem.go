package codes

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

// RedeemRequest asks to turn a code into a coupon for a user.
type RedeemRequest struct {
	UserID    string
	Code      string // as typed
	RequestID string // idempotency key, as for a claim
	// ClientIP is the caller's address for the per-IP limit; "" exempts the
	// call (a service key speaking for many users).
	ClientIP string
}

// invalid is the one answer to every code that does not exist: a typo, an
// invention, or a code of another deployment look the same.
func invalid() error {
	return models.FieldError(models.CodeCodeInvalid, []string{"input", "code"}, "this code is not valid")
}

// Redeem checks a code and issues its coupon through the claim engine with
// channel CODE. The code is marked redeemed by (user, requestId) with a
// conditional update before the claim, so of many users racing for one
// code exactly one gets it; a retry of the same (user, requestId) replays.
// When the claim is refused for a reason of the coupon (out of stock,
// limit reached, ended, ...) the mark is taken back and the code can be
// redeemed later.
//
// Every CODE_INVALID answer takes at least Options.InvalidFloor. Returns
// CODE_INVALID, CODE_USED, CODE_DISABLED, the claim's codes, RATE_LIMITED,
// INVALID_INPUT, UNAVAILABLE.
func (s *Service) Redeem(ctx context.Context, r RedeemRequest) (*coupon.Claimed, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	start := time.Now()
	if err := s.ready(); err != nil {
		return nil, err
	}
	if r.RequestID == "" || len(r.RequestID) > coupon.MaxRequestIDLen {
		return nil, models.FieldError(models.CodeInvalidInput, []string{"input", "requestId"}, "requestId must be 1 to %d characters", coupon.MaxRequestIDLen)
	}
	release, err := s.admit(ctx, r)
	if err != nil {
		return nil, err
	}
	rc, err := s.find(ctx, r.Code)
	if err != nil {
		release()
		return nil, err
	}
	if rc == nil {
		return nil, s.refuseInvalid(ctx, start)
	}
	release() // a real code: not a wrong guess
	if rc.Disabled {
		return nil, models.FieldError(models.CodeCodeDisabled, []string{"input", "code"}, "this code has been disabled")
	}
	mine := rc.RedeemedBy != nil && *rc.RedeemedBy == r.UserID && rc.RequestID != nil && *rc.RequestID == r.RequestID
	if rc.RedeemedBy != nil && !mine {
		return nil, used()
	}
	db := s.primary(ctx)
	if !mine {
		won, err := s.mark(db, rc, r)
		if err != nil {
			return nil, err
		}
		if !won {
			return nil, used()
		}
	}
	res, err := s.engine.Claim(ctx, coupon.ClaimRequest{UserID: r.UserID, CouponID: idStr(rc.CouponID), RequestID: r.RequestID, Channel: models.ChannelCode})
	if err != nil {
		if definite(err) {
			s.unmark(context.WithoutCancel(ctx), rc, r)
		}
		return nil, err
	}
	return res, nil
}

func used() error {
	return models.FieldError(models.CodeCodeUsed, []string{"input", "code"}, "this code has already been redeemed")
}

// admit applies the rate limits before any work: the user's and the
// client's budgets of attempts, and the budgets of wrong codes of the user
// and of the platform, of which the attempt reserves one each before the
// code is looked up (racing guesses cannot all pass a budget they each
// found open). release gives the reserved wrong guesses back: call it when
// the code turns out to exist, or the lookup fails.
func (s *Service) admit(ctx context.Context, r RedeemRequest) (release func(), err error) {
	release = func() {}
	if s.limiter == nil {
		return release, nil
	}
	l := s.o.Limits
	if err := s.limiter.Take(ctx, "redeem:user:"+r.UserID, l.PerUser, "redemptions"); err != nil {
		return nil, err
	}
	if r.ClientIP != "" {
		if err := s.limiter.Take(ctx, "redeem:ip:"+r.ClientIP, l.PerIP, "redemptions from this address"); err != nil {
			return nil, err
		}
	}
	user, err := s.limiter.Reserve(ctx, "redeem-fail:user:"+r.UserID, l.FailsPerUser, "wrong codes")
	if err != nil {
		return nil, err
	}
	platform, err := s.limiter.Reserve(ctx, "redeem-fail:platform", l.FailsPlatform, "wrong codes on the platform")
	if err != nil {
		user()
		return nil, err
	}
	return func() { user(); platform() }, nil
}

// refuseInvalid answers CODE_INVALID no sooner than the floor (the wrong
// guess stays counted: admit reserved it).
func (s *Service) refuseInvalid(ctx context.Context, start time.Time) error {
	if wait := s.o.InvalidFloor - time.Since(start); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
	return invalid()
}

// storedCode is a stored code with what redemption needs of its batch.
type storedCode struct {
	models.RedeemCode
	CouponID uint64
	Disabled bool
}

// find returns the stored code a typed code names, with its batch's coupon
// and state, or nil when the check part fails (no database touched) or no
// such code exists.
func (s *Service) find(ctx context.Context, typed string) (*storedCode, error) {
	code, ok := Normalize(typed)
	if !ok {
		return nil, nil
	}
	var lookup [16]byte
	if !s.keys.Coder().Verify(code, lookup[:]) {
		return nil, nil
	}
	found, err := s.codeByLookup(ctx, lookup[:])
	if err != nil {
		return nil, models.Unavailable("codes.Redeem", err)
	}
	return found, nil
}

// mark records (user, requestId) on an unredeemed code and counts it on
// its batch (markRedeemed); won is false when someone else was first.
func (s *Service) mark(db *gorm.DB, rc *storedCode, r RedeemRequest) (won bool, err error) {
	won, err = s.markRedeemed(db, rc, r, s.o.Now().UTC())
	if err != nil {
		return false, models.Unavailable("codes.Redeem", err)
	}
	if !won {
		// Lost the race, unless the winner was this very request (a retry
		// racing its first attempt): then go on and let the claim replay.
		now, err := s.code(db, rc.BatchID, rc.Seq)
		if err != nil {
			return false, models.Unavailable("codes.Redeem", err)
		}
		won = now.RedeemedBy != nil && *now.RedeemedBy == r.UserID && now.RequestID != nil && *now.RequestID == r.RequestID
	}
	return won, nil
}

// unmark takes back a mark whose claim was refused, unless the same
// request has issued the coupon meanwhile (a concurrent retry).
func (s *Service) unmark(ctx context.Context, rc *storedCode, r RedeemRequest) {
	if uc, err := s.engine.FindRequest(ctx, r.UserID, r.RequestID); err != nil || uc != nil {
		return
	}
	_ = s.unmarkRedeemed(ctx, rc, r)
}

// definite reports whether a claim's refusal is certain to have issued
// nothing and to be about the coupon or the user, not a passing failure:
// then the code is given back. BUSY, UNAVAILABLE and the like keep the
// mark, and a retry with the same requestId finishes the redemption.
func definite(err error) bool {
	var e *models.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code {
	case models.CodeBusy, models.CodeUnavailable, models.CodeInternal, models.CodeRateLimited:
		return false
	}
	return true
}
