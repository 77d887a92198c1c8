package resolvers

import (
	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/stats"
	"github.com/coupond/coupond/models"
)

func toCouponStats(s *stats.Stats) *gqlmodel.CouponStats {
	out := &gqlmodel.CouponStats{
		Issued: s.Issued, Used: s.Used, Refunded: s.Refunded, Expired: s.Expired, Revoked: s.Revoked,
		RemainingStock: s.Remaining, DiscountTotal: s.Discount, OrderAmountTotal: s.OrderAmount, UseRate: s.UseRate(), AsOf: s.AsOf,
		IssuedByChannel: make([]*gqlmodel.ChannelCount, 0, len(models.AllChannels)),
	}
	for _, ch := range models.AllChannels {
		out.IssuedByChannel = append(out.IssuedByChannel, &gqlmodel.ChannelCount{Channel: gqlmodel.Channel(ch), Count: s.IssuedByChannel[ch]})
	}
	return out
}
