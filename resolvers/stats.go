package resolvers

import (
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
