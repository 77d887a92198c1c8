package coupon

import (
	"context"
	"sort"

	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/models"
)

// claimableKey caches the ids of ACTIVE coupons open to CLAIM; it is
// dropped whenever a coupon changes.
const claimableKey = "coupons:claimable"

// Claimable lists the coupons a user could claim now: ACTIVE, open to CLAIM,
// inside the claim window, in stock, tag rule met and under the per-user
// limit; newest first, up to first after the cursor. The candidate list
// comes from the cache; the user's counts from the user's shard.
//
// With productID, only coupons whose scope covers that product (after the
// super-blacklist, with its category from the catalog) are listed.
func (s *Service) Claimable(ctx context.Context, userID, productID string, first int, after string) (*Page, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	ids, err := cache.Get(ctx, s.cache, claimableKey, func(ctx context.Context) ([]uint64, error) {
		var ids []uint64
		err := s.store.Meta.WithContext(ctx).Model(&models.Coupon{}).Where("status = ? AND channels LIKE ?", models.CouponActive, `%"CLAIM"%`).
			Order("id DESC").Pluck("id", &ids).Error
		if err != nil {
			return nil, models.Unavailable("coupon.Claimable", err)
		}
		return ids, nil
	})
	if err != nil {
		return nil, err
	}
	var cursor uint64
	if after != "" {
		if cursor, err = models.DecodeCursor(after); err != nil {
			return nil, err
		}
	}
	candidates, err := s.openCandidates(ctx, ids, userID, productID)
	if err != nil {
		return nil, err
	}
	if len(candidates) == 0 {
		return &Page{}, nil
	}
	cids := make([]uint64, len(candidates))
	for i, c := range candidates {
		cids[i] = c.ID
	}
	remaining, err := s.Remaining(ctx, cids...)
	if err != nil {
		return nil, err
	}
	have, err := s.wallets.Counts(ctx, userID, cids)
	if err != nil {
		return nil, models.Unavailable("coupon.Claimable", err)
	}
	var all []models.Coupon
	for _, c := range candidates {
		if remaining[c.ID] > 0 && have[c.ID] < c.PerUserLimit {
			all = append(all, *c)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID > all[j].ID })
	p := &Page{TotalCount: int64(len(all))}
	for _, c := range all {
		if cursor != 0 && c.ID >= cursor {
			continue
		}
		if len(p.Coupons) == first {
			p.HasNext = true
			break
		}
		p.Coupons = append(p.Coupons, c)
	}
	return p, nil
}

// openCandidates reads the coupons of ids through the cache and keeps those
// the user could claim now (see open) whose scope covers productID (when
// given).
func (s *Service) openCandidates(ctx context.Context, ids []uint64, userID, productID string) ([]*models.Coupon, error) {
	now := s.now().UTC()
	covers := func(*models.Coupon) bool { return true }
	if productID != "" {
		var view pricing.Catalog
		categoryOf := map[string]string{}
		if s.opts.Catalog != nil {
			var err error
			if view, categoryOf, err = s.opts.Catalog.PricingView(ctx, []string{productID}); err != nil {
				return nil, err
			}
		}
		covers = func(c *models.Coupon) bool { return pricing.Eligible(c.Scope, productID, categoryOf[productID], view) }
	}
	var candidates []*models.Coupon
	for _, id := range ids {
		c, err := s.Get(ctx, idStr(id))
		if err != nil {
			if models.ErrorCode(err) == models.CodeNotFound {
				continue
			}
			return nil, err
		}
		if covers(c) && s.open(ctx, c, userID, models.ChannelClaim, now) == nil {
			candidates = append(candidates, c)
		}
	}
	return candidates, nil
}
