package coupon

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/models"
)

// legacyHeld is a user's coupons while the monolith's table is read
// (LEGACY_ONLY, DUAL_WRITE): the rows of migrated coupons from that table,
// and the user's coupons of coupond's own coupons from the user's shard,
// newest first.
func (s *Service) legacyHeld(ctx context.Context, userID string) ([]models.UserCoupon, error) {
	out, err := s.legacy.List(ctx, userID)
	if err != nil {
		return nil, models.Unavailable("coupon.UserCoupons", err)
	}
	db, route := s.store.Shard(userID)
	own, err := findUserCoupons(db.WithContext(ctx).Clauses(dbresolver.Write), route.UserCouponTable(), "user_id = ?", "ORDER BY id DESC LIMIT 1000", userID)
	if err != nil {
		return nil, models.Unavailable("coupon.UserCoupons", err)
	}
	for _, uc := range own {
		if !s.migrated(ctx, uc.CouponID) {
			out = append(out, uc)
		}
	}
	slices.SortStableFunc(out, func(a, b models.UserCoupon) int {
		if c := b.IssuedAt.Compare(a.IssuedAt); c != 0 {
			return c
		}
		return strings.Compare(b.PublicID(), a.PublicID())
	})
	return out, nil
}

// legacyUserCoupons is UserCoupons while the monolith's table is read. The
// list is put together in memory (a user holds hundreds of coupons at
// most), so its cursor is a position in it.
func (s *Service) legacyUserCoupons(ctx context.Context, userID string, statuses []models.UserCouponStatus, first int, after string) (*UserCouponPage, error) {
	all, err := s.legacyHeld(ctx, userID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var p UserCouponPage
	var kept []models.UserCoupon
	for _, uc := range all {
		if len(statuses) == 0 || slices.Contains(statuses, Effective(&uc, now)) {
			kept = append(kept, uc)
		}
	}
	p.TotalCount = int64(len(kept))
	from := 0
	if after != "" {
		key, err := models.DecodeKeyCursor(after)
		n, perr := strconv.Atoi(strings.TrimPrefix(key, "pos:"))
		if err != nil || perr != nil || !strings.HasPrefix(key, "pos:") || n < 0 {
			return nil, models.FieldError(models.CodeInvalidInput, []string{"after"}, "invalid cursor")
		}
		from = min(n, len(kept))
	}
	to := min(from+first, len(kept))
	p.UserCoupons, p.HasNext = kept[from:to], to < len(kept)
	for i := from; i < to; i++ {
		p.Cursors = append(p.Cursors, LegacyCursor(i+1))
	}
	return &p, nil
}

// LegacyCursor is the cursor after a position of a list put together in
// memory (see legacyUserCoupons).
func LegacyCursor(pos int) string { return models.EncodeKeyCursor("pos:" + strconv.Itoa(pos)) }

// legacyQualifiable is what Qualify prices while the monolith's table is
// read: the user's UNUSED coupons valid now, from both sides.
func (s *Service) legacyQualifiable(ctx context.Context, userID string, now time.Time) ([]models.UserCoupon, error) {
	all, err := s.legacyHeld(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, uc := range all {
		if uc.Status == models.UserCouponUnused && !now.Before(uc.ValidFrom) && now.Before(uc.ValidUntil) {
			out = append(out, uc)
		}
	}
	return out, nil
}
