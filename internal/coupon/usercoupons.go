package coupon

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

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
	if s.readsLegacy() {
		return s.legacyUserCoupons(ctx, userID, statuses, first, after)
	}
	db, route := s.store.Shard(userID)
	now := s.now().UTC()
	q := db.WithContext(ctx).Clauses(dbresolver.Write).Table(route.UserCouponTable()).Where("user_id = ?", userID)
	if len(statuses) > 0 {
		cond := db.Session(&gorm.Session{NewDB: true})
		for i, st := range statuses {
			var c *gorm.DB
			switch st {
			case models.UserCouponUnused:
				c = db.Session(&gorm.Session{NewDB: true}).Where("status = ? AND valid_until > ?", st, now)
			case models.UserCouponExpired:
				c = db.Session(&gorm.Session{NewDB: true}).Where("status = ? OR (status = ? AND valid_until <= ?)", st, models.UserCouponUnused, now)
			default:
				c = db.Session(&gorm.Session{NewDB: true}).Where("status = ?", st)
			}
			if i == 0 {
				cond = cond.Where(c)
			} else {
				cond = cond.Or(c)
			}
		}
		q = q.Where(cond)
	}
	var p UserCouponPage
	if err := q.Session(&gorm.Session{}).Count(&p.TotalCount).Error; err != nil {
		return nil, models.Unavailable("coupon.UserCoupons", err)
	}
	if after != "" {
		id, err := models.DecodeCursor(after)
		if err != nil {
			return nil, err
		}
		q = q.Where("id < ?", id)
	}
	if err := q.Order("id DESC").Limit(first + 1).Find(&p.UserCoupons).Error; err != nil {
		return nil, models.Unavailable("coupon.UserCoupons", err)
	}
	if len(p.UserCoupons) > first {
		p.HasNext = true
		p.UserCoupons = p.UserCoupons[:first]
	}
	for _, uc := range p.UserCoupons {
		p.Cursors = append(p.Cursors, models.EncodeCursor(uc.ID))
	}
	return &p, nil
}

// UserCoupon returns one user coupon by its public id. A legacy id
// ("ucl_") reads the monolith's row while that table is read, its coupond
// twin after. Returns NOT_FOUND.
func (s *Service) UserCoupon(ctx context.Context, publicID string) (*models.UserCoupon, error) {
	ref, err := models.ParseUserCouponRef(publicID)
	if err != nil {
		return nil, err
	}
	db, route := s.store.Shard(ref.UserID)
	primary := db.WithContext(ctx).Clauses(dbresolver.Write)
	if ref.Legacy {
		if s.readsLegacy() {
			return s.legacy.Get(ctx, ref.UserID, ref.LegacyID)
		}
		twin, err := s.twin(primary, route, ref.UserID, ref.LegacyID)
		if err != nil || twin != nil {
			return twin, err
		}
		if s.legacy != nil {
			return s.legacy.Get(ctx, ref.UserID, ref.LegacyID)
		}
		return nil, models.Errorf(models.CodeNotFound, "user coupon %q not found", publicID)
	}
	ucs, err := findUserCoupons(primary, route.UserCouponTable(), "id = ? AND user_id = ?", "LIMIT 1", ref.ID, ref.UserID)
	if err != nil {
		return nil, models.Unavailable("coupon.UserCoupon", err)
	}
	if len(ucs) == 0 {
		return nil, models.Errorf(models.CodeNotFound, "user coupon %q not found", publicID)
	}
	return &ucs[0], nil
}

// Now is the engine's clock.
func (s *Service) Now() time.Time { return s.now() }
