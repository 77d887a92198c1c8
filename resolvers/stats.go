package resolvers

import (
	"context"

	"github.com/coupond/coupond/graph/model"
	"github.com/coupond/coupond/internal/stats"
	"github.com/coupond/coupond/models"
)

func toCouponStats(s *stats.Stats) *model.CouponStats {
	out := &model.CouponStats{
		Issued: s.Issued, Used: s.Used, Refunded: s.Refunded, Expired: s.Expired, Revoked: s.Revoked,
		RemainingStock: s.Remaining, DiscountTotal: s.Discount, OrderAmountTotal: s.OrderAmount, UseRate: s.UseRate(), AsOf: s.AsOf,
		IssuedByChannel: make([]*model.ChannelCount, 0, len(models.AllChannels)),
	}
	for _, ch := range models.AllChannels {
		out.IssuedByChannel = append(out.IssuedByChannel, &model.ChannelCount{Channel: model.Channel(ch), Count: s.IssuedByChannel[ch]})
	}
	return out
}

// productOrID is a catalog product, or one named by its id alone when the
// catalog does not know it (statistics keep products sold before they
// were imported, or after they were removed).
func (r *Resolver) productOrID(ctx context.Context, id string) (*model.Product, error) {
	p, err := r.Catalog.Product(ctx, id)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return &model.Product{ID: id, Name: id}, nil
	}
	return toProduct(p), nil
}
