package coupon

import (
	"context"
	"time"

	"github.com/coupond/coupond/models"
)

// Effective is the status a user coupon shows: an UNUSED one past its
// validity reads as EXPIRED at once, before any sweeper marks the row.
func Effective(uc *models.UserCoupon, now time.Time) models.UserCouponStatus {
	if uc.Status == models.UserCouponUnused && !now.Before(uc.ValidUntil) {
		return models.UserCouponExpired
	}
	return uc.Status
}

// UserCouponPage is one page of a user's coupons, newest first.
type UserCouponPage struct {
	UserCoupons []models.UserCoupon
	Cursors     []string // the cursor after each of UserCoupons
	HasNext     bool
	TotalCount  int64
}

// UserCoupons lists a user's coupons, optionally by (effective) status.
// Reads go to the shard's primary, so that a coupon just claimed is there.
// Returns INVALID_INPUT for a bad cursor.
func (s *Service) UserCoupons(ctx context.Context, userID string, statuses []models.UserCouponStatus, first int, after string) (*UserCouponPage, error) {
	return s.wallets.List(ctx, userID, statuses, first, after, s.now().UTC())
}

// UserCoupon returns one user coupon by its public id. Returns NOT_FOUND.
func (s *Service) UserCoupon(ctx context.Context, publicID string) (*models.UserCoupon, error) {
	return s.wallets.Get(ctx, publicID)
}

// Now is the engine's clock.
func (s *Service) Now() time.Time { return s.now() }
