package coupon

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
)

// Filter narrows a coupon list.
type Filter struct {
	Status  []models.CouponStatus
	Channel models.Channel
	Search  string // name contains
}

// Page is one page of coupons, newest first.
type Page struct {
	Coupons    []models.Coupon
	HasNext    bool
	TotalCount int64
}

// List returns up to first coupons after the cursor, newest first, with the
// total matching the filter. Reads go to a replica where there is one.
// Returns INVALID_INPUT for a bad cursor.
func (s *Service) List(ctx context.Context, f Filter, first int, after string) (*Page, error) {
	q := s.store.Meta.WithContext(ctx).Model(&models.Coupon{})
	if len(f.Status) > 0 {
		q = q.Where("status IN ?", f.Status)
	}
	if f.Channel != "" {
		q = q.Where("channels LIKE ?", `%"`+string(f.Channel)+`"%`)
	}
	if term := strings.TrimSpace(f.Search); term != "" {
		q = q.Where("LOWER(name) LIKE ? ESCAPE '!'", "%"+escapeLike(strings.ToLower(term))+"%")
	}
	var p Page
	if err := q.Session(&gorm.Session{}).Count(&p.TotalCount).Error; err != nil {
		return nil, models.Unavailable("coupon.List", err)
	}
	if after != "" {
		id, err := models.DecodeCursor(after)
		if err != nil {
			return nil, err
		}
		q = q.Where("id < ?", id)
	}
	if err := q.Order("id DESC").Limit(first + 1).Find(&p.Coupons).Error; err != nil {
		return nil, models.Unavailable("coupon.List", err)
	}
	if len(p.Coupons) > first {
		p.HasNext = true
		p.Coupons = p.Coupons[:first]
	}
	return &p, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}
