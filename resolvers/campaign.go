package resolvers

import (
	"context"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/campaign"
	"github.com/coupond/coupond/internal/stats"
	"github.com/coupond/coupond/models"
)

func toCampaign(c *models.Campaign) *gqlmodel.Campaign {
	if c == nil {
		return nil
	}
	return &gqlmodel.Campaign{ID: strconv.FormatUint(c.ID, 10), Name: c.Name, Description: c.Description, Currency: c.Currency,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func toBudgetSpec(in *gqlmodel.BudgetInput) *models.BudgetSpec {
	if in == nil {
		return nil
	}
	return &models.BudgetSpec{Amount: in.Amount, UsesPerDay: in.UsesPerDay}
}

func toCampaignSpec(in *gqlmodel.CampaignInput) *campaign.Spec {
	return &campaign.Spec{Name: in.Name, Description: in.Description, Currency: in.Currency, Budget: toBudgetSpec(in.Budget)}
}

func campaignPayload(c *models.Campaign, err error) (*gqlmodel.CampaignPayload, error) {
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	return &gqlmodel.CampaignPayload{Campaign: toCampaign(c), UserErrors: ues}, nil
}

// budgetOf is the state of owner's budget with caps b, in currency.
func (r *Resolver) budgetOf(ctx context.Context, owner string, b models.Budget, currency string) (*gqlmodel.Budget, error) {
	states, err := r.Campaigning.Budgets(ctx, []string{owner})
	if err != nil {
		return nil, err
	}
	st := states[owner]
	st.Budget = b
	places := int32(models.MinorUnits(currency))
	out := &gqlmodel.Budget{Amount: money(b.Amount, places), UsesPerDay: b.UsesPerDay, Spent: st.Spent.Round(places),
		Uses: st.Uses, UsesToday: st.UsesToday}
	if left, ok := st.Left(); ok {
		v := left.Round(places)
		out.AmountLeft = &v
	}
	if left, ok := st.UsesLeftToday(); ok {
		out.UsesLeftToday = &left
	}
	return out, nil
}

// sumStats adds up coupons' figures (asOf: the oldest).
func sumStats(all map[uint64]*stats.Stats) *stats.Stats {
	out := &stats.Stats{Figures: stats.Figures{IssuedByChannel: map[models.Channel]int64{}, Discount: decimal.Zero, OrderAmount: decimal.Zero}}
	for _, s := range all {
		out.Issued += s.Issued
		out.Used += s.Used
		out.Refunded += s.Refunded
		out.Expired += s.Expired
		out.Revoked += s.Revoked
		out.Discount = out.Discount.Add(s.Discount)
		out.OrderAmount = out.OrderAmount.Add(s.OrderAmount)
		out.Remaining += s.Remaining
		for ch, n := range s.IssuedByChannel {
			out.IssuedByChannel[ch] += n
		}
		if out.AsOf.IsZero() || s.AsOf.Before(out.AsOf) {
			out.AsOf = s.AsOf
		}
	}
	if out.AsOf.IsZero() {
		out.AsOf = time.Now().UTC()
	}
	return out
}

// couponBudget is a coupon's own budget.
func (r *Resolver) couponBudget(ctx context.Context, couponID string) (*gqlmodel.Budget, error) {
	c, err := r.Engine.Get(ctx, couponID)
	if err != nil {
		return nil, err
	}
	return r.budgetOf(ctx, models.BudgetOwner("coupon", c.ID), c.Budget, c.Currency)
}
