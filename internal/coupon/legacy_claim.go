package coupon

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// claimLegacyFirst is Claim for a migrated coupon while the monolith's
// table is written first (LEGACY_ONLY, DUAL_WRITE): the same checks and
// lock, the user's count and the stock from the monolith's tables, the row
// written there, then (DUAL_WRITE) its coupond twin. The coupon comes back
// as the monolith's row (its public id is the legacy one), as reads show it
// in these modes.
func (s *Service) claimLegacyFirst(ctx context.Context, c *models.Coupon, r ClaimRequest, primary *gorm.DB, route sharding.Route,
	now time.Time, sd sides) (*Claimed, error) {
	held, err := s.lockKeys(ctx, claimLockKey(r.UserID, c.ID))
	if err != nil {
		return nil, err
	}
	defer held.Release(context.WithoutCancel(ctx))

	// A retry: the coupond twin carries the request id (DUAL_WRITE); in
	// LEGACY_ONLY only the Redis mark remembers it.
	if uc, err := s.legacyReplay(ctx, primary, route, r.UserID, r.RequestID); err != nil || uc != nil {
		return replay(uc, c.ID, err)
	}
	count, err := s.legacy.Count(ctx, r.UserID, c.ID)
	if err != nil {
		return nil, models.Unavailable("coupon.Claim", err)
	}
	if count >= c.PerUserLimit {
		return nil, models.Errorf(models.CodeLimitReached, "the user already holds %d of this coupon (limit %d)", count, c.PerUserLimit)
	}
	slot, err := s.takeBothSides(ctx, c, sd)
	if err != nil {
		return nil, err
	}
	uc := issue(c, r.UserID, r.RequestID, r.Channel, count+1, now)
	if err := s.legacy.Insert(ctx, []*models.UserCoupon{uc}); err != nil {
		s.giveBackBothSides(ctx, c, sd, slot)
		return nil, models.Unavailable("coupon.Claim", err)
	}
	s.markLegacyClaimed(ctx, r.UserID, r.RequestID, *uc.LegacyID)
	if sd.coupond {
		s.legacy.MirrorToCoupond(ctx, uc, &models.CouponEvent{Kind: models.EventIssued, Channel: r.Channel, At: now})
	}
	uc.ID = 0 // the monolith's row, as reads show it in this mode
	return &Claimed{UserCoupon: uc}, nil
}

// legacyReplay finds an earlier success of (user, requestId) while the
// monolith's table is written first, and returns it as that table's row.
func (s *Service) legacyReplay(ctx context.Context, primary *gorm.DB, route sharding.Route, userID, requestID string) (*models.UserCoupon, error) {
	twin, err := s.findRequest(primary, route, userID, requestID)
	if err != nil {
		return nil, err
	}
	if twin != nil {
		if twin.LegacyID == nil {
			return twin, nil
		}
		return s.legacyView(ctx, twin)
	}
	legacyID, ok := s.legacyMark(ctx, userID, requestID)
	if !ok {
		return nil, nil
	}
	uc, err := s.legacy.Get(ctx, userID, legacyID)
	if err != nil {
		return nil, models.Unavailable("coupon.Claim", err)
	}
	uc.RequestID = requestID
	return uc, nil
}

// legacyView reads a coupond twin's row in the monolith's table, with the
// twin's request id.
func (s *Service) legacyView(ctx context.Context, twin *models.UserCoupon) (*models.UserCoupon, error) {
	uc, err := s.legacy.Get(ctx, twin.UserID, *twin.LegacyID)
	if err != nil {
		if models.ErrorCode(err) == models.CodeNotFound {
			return twin, nil
		}
		return nil, models.Unavailable("coupon.legacyView", err)
	}
	uc.RequestID = twin.RequestID
	return uc, nil
}

// takeBothSides takes one unit of c's stock on every side written now:
// the monolith's stock (when it is written) and coupond's slots (when
// coupond is). A side that answers "none left" refuses the claim (the
// other side's unit goes back); a second side that fails is recorded for
// the repairer and does not stop the claim. slot is coupond's slot, -1
// when no coupond unit was taken.
func (s *Service) takeBothSides(ctx context.Context, c *models.Coupon, sd sides) (slot int, err error) {
	slot = -1
	if sd.legacyFirst {
		got, err := s.legacy.TakeStock(ctx, c.ID, 1)
		if err != nil {
			return -1, models.Unavailable("coupon.takeStock", err)
		}
		if got == 0 {
			s.stock.markSoldOut(c.ID, c.StockSlots, time.Now().Add(s.opts.SoldOutTTL))
			return -1, models.Errorf(models.CodeOutOfStock, "coupon %d is out of stock", c.ID)
		}
		if !sd.coupond {
			return -1, nil
		}
		slot, err = s.takeStock(ctx, c)
		switch {
		case models.ErrorCode(err) == models.CodeOutOfStock:
			_ = s.legacy.GiveBack(context.WithoutCancel(ctx), c.ID, 1)
			return -1, err
		case err != nil:
			s.legacy.StockDrift(ctx, c.ID, false, err)
			return -1, nil
		}
		return slot, nil
	}
	slot, err = s.takeStock(ctx, c)
	if err != nil || !sd.legacy {
		return slot, err
	}
	got, lerr := s.legacy.TakeStock(ctx, c.ID, 1)
	switch {
	case lerr != nil:
		s.legacy.StockDrift(ctx, c.ID, true, lerr)
	case got == 0:
		_ = s.giveBack(ctx, c.ID, slot, 1)
		return -1, models.Errorf(models.CodeOutOfStock, "coupon %d is out of stock", c.ID)
	}
	return slot, nil
}

// giveBackBothSides returns what takeBothSides took, for a claim whose row
// could not be written.
func (s *Service) giveBackBothSides(ctx context.Context, c *models.Coupon, sd sides, slot int) {
	ctx = context.WithoutCancel(ctx)
	if sd.legacy {
		if err := s.legacy.GiveBack(ctx, c.ID, 1); err != nil {
			s.legacy.StockDrift(ctx, c.ID, true, err)
		}
	}
	if slot >= 0 {
		_ = s.giveBack(ctx, c.ID, slot, 1)
	}
}

// markLegacyClaimed remembers (user, requestId) -> the monolith's row, for
// retries in LEGACY_ONLY (where no coupond twin carries the request id);
// the mark also serves the sold-out fast path as markClaimed's does.
func (s *Service) markLegacyClaimed(ctx context.Context, userID, requestID string, legacyID int64) {
	if s.opts.Redis != nil {
		_ = s.opts.Redis.Set(context.WithoutCancel(ctx), s.claimedKey(userID, requestID), "L"+strconv.FormatInt(legacyID, 10), ClaimedMarkTTL).Err()
	}
}

func (s *Service) legacyMark(ctx context.Context, userID, requestID string) (int64, bool) {
	if s.opts.Redis == nil {
		return 0, false
	}
	v, err := s.opts.Redis.Get(ctx, s.claimedKey(userID, requestID)).Result()
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(v, "L"), 10, 64)
	return n, err == nil && strings.HasPrefix(v, "L")
}
