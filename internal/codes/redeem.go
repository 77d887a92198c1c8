package codes

import (
	"context"
	"errors"
	"time"

	"github.com/coupond/coupond/internal/auth"
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
	// The code is looked up while the budgets are reserved (one round
	// trip to each store at once); what the lookup found is used only once
	// they passed.
	type lookup struct {
		rc  *storedCode
		err error
	}
	looked := make(chan lookup, 1)
	go func() {
		rc, err := s.find(ctx, r.Code)
		looked <- lookup{rc, err}
	}()
	release, err := s.admit(ctx, r)
	found := <-looked
	if err != nil {
		return nil, err
	}
	rc := found.rc
	if found.err != nil {
		release()
		return nil, found.err
	}
	if rc == nil {
		return nil, s.refuseInvalid(ctx, start)
	}
	// A real code, not a wrong guess: its reservations go back while the
	// redemption goes on, and before it answers.
	given := make(chan struct{})
	go func() { release(); close(given) }()
	defer func() { <-given }()
	if rc.Disabled {
		return nil, models.FieldError(models.CodeCodeDisabled, []string{"input", "code"}, "this code has been disabled")
	}
	mine := rc.RedeemedBy != nil && *rc.RedeemedBy == r.UserID && rc.RequestID != nil && *rc.RequestID == r.RequestID
	if rc.RedeemedBy != nil && !mine {
		return nil, used()
	}
	if !mine {
		won, err := s.mark(ctx, rc, r)
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

// admit applies the rate limits before any work, in one Redis round trip
// (shared with other redemptions in flight): the user's and the client's
// budgets of attempts, and the budgets of wrong codes of the user and of
// the platform, of which the attempt reserves one each before the code is
// looked up (racing guesses cannot all pass a budget they each found
// open). release gives the reserved wrong guesses back: call it when the
// code turns out to exist, or the lookup fails. A refused attempt spends
// nothing.
func (s *Service) admit(ctx context.Context, r RedeemRequest) (release func(), err error) {
	if s.limiter == nil {
		return func() {}, nil
	}
	l := s.o.Limits
	budgets := []auth.Budget{
		{Key: "redeem:user:" + r.UserID, Rate: l.PerUser, What: "redemptions", Keep: true},
		{Key: "redeem-fail:user:" + r.UserID, Rate: l.FailsPerUser, What: "wrong codes"},
		{Key: "redeem-fail:platform", Rate: l.FailsPlatform, What: "wrong codes on the platform"},
	}
	if r.ClientIP != "" {
		budgets = append(budgets, auth.Budget{Key: "redeem:ip:" + r.ClientIP, Rate: l.PerIP, What: "redemptions from this address", Keep: true})
	}
	return s.limiter.Reserve(ctx, budgets...)
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
func (s *Service) mark(ctx context.Context, rc *storedCode, r RedeemRequest) (won bool, err error) {
	won, err = s.markRedeemed(ctx, rc, r, s.o.Now().UTC())
	if err != nil {
		return false, models.Unavailable("codes.Redeem", err)
	}
	if !won {
		// Lost the race, unless the winner was this very request (a retry
		// racing its first attempt): then go on and let the claim replay.
		now, err := s.code(s.primary(ctx), rc.BatchID, rc.Seq)
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
