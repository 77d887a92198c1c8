package coupon

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/budget"
	"github.com/coupond/coupond/models"
)

// CampaignView answers what coupons need of their campaigns (through the
// campaigns' cache).
type CampaignView interface {
	Campaign(ctx context.Context, id uint64) (*models.Campaign, error)
}

// applyCampaign resolves spec's campaign onto c: the campaign must exist and
// share c's currency. Returns NOT_FOUND, INVALID_INPUT (input.campaignId).
func (s *Service) applyCampaign(ctx context.Context, spec *models.CouponSpec, c *models.Coupon) error {
	switch {
	case spec.CampaignID == nil:
		return nil
	case *spec.CampaignID == "":
		c.CampaignID = nil
		return nil
	}
	field := []string{"input", "campaignId"}
	n, err := strconv.ParseUint(*spec.CampaignID, 10, 64)
	if err != nil || n == 0 || s.opts.Campaigns == nil {
		return models.FieldError(models.CodeNotFound, field, "campaign %q not found", *spec.CampaignID)
	}
	camp, err := s.opts.Campaigns.Campaign(ctx, n)
	if err != nil {
		if models.ErrorCode(err) == models.CodeNotFound {
			return models.FieldError(models.CodeNotFound, field, "campaign %q not found", *spec.CampaignID)
		}
		return err
	}
	if camp.Currency != c.Currency {
		return models.FieldError(models.CodeInvalidInput, field, "the campaign counts its budget in %s, the coupon is in %s", camp.Currency, c.Currency)
	}
	c.CampaignID = &n
	return nil
}

// charges are what using ucs for amounts asks of the budgets of their
// coupons and campaigns (capped budgets only, merged per budget).
func (s *Service) charges(ctx context.Context, ucs []*models.UserCoupon, amounts []decimal.Decimal) ([]budget.Charge, error) {
	coupons, err := s.templates(ctx, ucs)
	if err != nil {
		return nil, err
	}
	var out []budget.Charge
	for i, uc := range ucs {
		c := coupons[uc.CouponID]
		if c.Budget.Capped() {
			out = append(out, budget.Charge{Owner: models.BudgetOwner("coupon", c.ID), Name: "coupon " + strconv.Quote(c.Name),
				Budget: c.Budget, Amount: amounts[i], Uses: 1})
		}
		if c.CampaignID == nil || s.opts.Campaigns == nil {
			continue
		}
		camp, err := s.opts.Campaigns.Campaign(ctx, *c.CampaignID)
		if err != nil {
			return nil, err
		}
		if camp.Budget.Capped() {
			out = append(out, budget.Charge{Owner: models.BudgetOwner("campaign", camp.ID), Name: "campaign " + strconv.Quote(camp.Name),
				Budget: camp.Budget, Amount: amounts[i], Uses: 1})
		}
	}
	return budget.Merge(out), nil
}

// reserveBudgets spends what using ucs for amounts at now asks of their
// budgets, before the use is written; release gives it back, for a use
// certain not to have been written. Returns BUDGET_EXHAUSTED.
func (s *Service) reserveBudgets(ctx context.Context, ucs []*models.UserCoupon, amounts []decimal.Decimal, now time.Time) (release func(), err error) {
	charges, err := s.charges(ctx, ucs, amounts)
	if err != nil || len(charges) == 0 {
		return func() {}, err
	}
	day := budget.Day(now)
	if err := s.budgets.Reserve(ctx, charges, day); err != nil {
		return nil, err
	}
	return func() {
		if err := budget.Release(context.WithoutCancel(ctx), s.store.Meta, charges, day); err != nil {
			slog.Warn("budget: a charge of a use not written stays spent", "err", err)
		}
	}, nil
}

// refundBudgets gives the amounts of refunded uses back to their budgets.
// A failure leaves them spent (the budget grants less, never more).
func (s *Service) refundBudgets(ctx context.Context, ucs []*models.UserCoupon, amounts []decimal.Decimal) {
	charges, err := s.charges(ctx, ucs, amounts)
	if err == nil {
		err = budget.Refund(context.WithoutCancel(ctx), s.store.Meta, charges)
	}
	if err != nil {
		slog.Warn("budget: a refund's amount was not given back", "err", err)
	}
}
