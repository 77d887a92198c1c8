package legacy

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

// Get returns one user coupon by its public id. A legacy id ("ucl_") reads
// the monolith's row while that table is read, its coupond twin after (the
// monolith's row when there is no twin yet).
func (d *DualWallets) Get(ctx context.Context, publicID string) (*models.UserCoupon, error) {
	ref, err := models.ParseUserCouponRef(publicID)
	if err != nil {
		return nil, err
	}
	if !ref.Legacy {
		return d.ShardWallets.Get(ctx, publicID)
	}
	if d.readsLegacy() {
		return d.mg.Get(ctx, ref.UserID, ref.LegacyID)
	}
	twin, err := d.twin(ctx, ref.UserID, ref.LegacyID)
	if err != nil || twin != nil {
		return twin, err
	}
	return d.mg.Get(ctx, ref.UserID, ref.LegacyID)
}

// List is a page of a user's coupons. While the monolith's table is read,
// the list is put together in memory (a user holds hundreds of coupons at
// most; see held), so its cursor is a position in it.
func (d *DualWallets) List(ctx context.Context, userID string, statuses []models.UserCouponStatus, first int, after string, now time.Time) (*coupon.UserCouponPage, error) {
	if !d.readsLegacy() {
		return d.ShardWallets.List(ctx, userID, statuses, first, after, now)
	}
	all, err := d.held(ctx, userID)
	if err != nil {
		return nil, err
	}
	var p coupon.UserCouponPage
	var kept []models.UserCoupon
	for _, uc := range all {
		if len(statuses) == 0 || slices.Contains(statuses, coupon.Effective(&uc, now)) {
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
		p.Cursors = append(p.Cursors, models.EncodeKeyCursor("pos:"+strconv.Itoa(i+1)))
	}
	return &p, nil
}

// Usable is the user's UNUSED coupons valid at now; while the monolith's
// table is read, from both sides.
func (d *DualWallets) Usable(ctx context.Context, userID string, now time.Time) ([]models.UserCoupon, error) {
	if !d.readsLegacy() {
		return d.ShardWallets.Usable(ctx, userID, now)
	}
	all, err := d.held(ctx, userID)
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

// held is a user's coupons while the monolith's table is read: the rows of
// migrated coupons from that table, and the user's coupons of coupond's
// own coupons from the user's shard (at most 1000 of each), newest first.
func (d *DualWallets) held(ctx context.Context, userID string) ([]models.UserCoupon, error) {
	out, err := d.mg.List(ctx, userID)
	if err != nil {
		return nil, models.Unavailable("coupon.UserCoupons", err)
	}
	db, route := d.mg.st.Shard(userID)
	var own []models.UserCoupon
	if err := db.WithContext(ctx).Clauses(dbresolver.Write).Table(route.UserCouponTable()).
		Where("user_id = ?", userID).Order("id DESC").Limit(1000).Find(&own).Error; err != nil {
		return nil, models.Unavailable("coupon.UserCoupons", err)
	}
	for _, uc := range own {
		if !d.migrated(ctx, uc.CouponID) {
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
