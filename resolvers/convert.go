package resolvers

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

func toCoupon(c *models.Coupon, remaining int64) *gqlmodel.Coupon {
	channels := make([]gqlmodel.Channel, len(c.Channels))
	for i, ch := range c.Channels {
		channels[i] = gqlmodel.Channel(ch)
	}
	combinesWith := make([]gqlmodel.DiscountClass, len(c.CombinesWith))
	for i, cl := range c.CombinesWith {
		combinesWith[i] = gqlmodel.DiscountClass(cl)
	}
	var campaignID *string
	if c.CampaignID != nil {
		id := strconv.FormatUint(*c.CampaignID, 10)
		campaignID = &id
	}
	return &gqlmodel.Coupon{
		CampaignID:     campaignID,
		ID:             strconv.FormatUint(c.ID, 10),
		Name:           c.Name,
		Description:    c.Description,
		Status:         gqlmodel.CouponStatus(c.Status),
		Currency:       c.Currency,
		Discount:       toDiscount(c.Discount, c.Currency),
		Validity:       &gqlmodel.Validity{Kind: gqlmodel.ValidityKind(c.Validity.Kind), StartsAt: c.Validity.StartsAt, EndsAt: c.Validity.EndsAt, Days: c.Validity.Days},
		ClaimStartsAt:  c.ClaimStartsAt,
		ClaimEndsAt:    c.ClaimEndsAt,
		Channels:       channels,
		TotalStock:     c.TotalStock,
		RemainingStock: remaining,
		PerUserLimit:   c.PerUserLimit,
		StockSlots:     c.StockSlots,
		ProductScope:   &gqlmodel.ProductScope{Kind: gqlmodel.ProductScopeKind(c.Scope.Kind), ProductIds: nonNil(c.Scope.ProductIDs), CategoryIds: nonNil(c.Scope.CategoryIDs)},
		TagRule:        &gqlmodel.TagRule{AnyOf: nonNil(c.TagRule.AnyOf), AllOf: nonNil(c.TagRule.AllOf), NoneOf: nonNil(c.TagRule.NoneOf)},
		Class:          gqlmodel.DiscountClass(c.Class()),
		CombinesWith:   combinesWith,
		Exclusive:      c.Exclusive,
		CreatedAt:      c.CreatedAt,
		UpdatedAt:      c.UpdatedAt,
	}
}

// toDiscount shows money to the currency's minor unit ("10.00", "500").
func toDiscount(d models.Discount, currency string) *gqlmodel.Discount {
	places := int32(models.MinorUnits(currency))
	return &gqlmodel.Discount{Kind: gqlmodel.DiscountKind(d.Kind), AmountOff: money(d.AmountOff, places), PercentOff: dec(d.PercentOff),
		MaxDiscount: money(d.MaxDiscount, places), MinOrderAmount: money(d.MinOrderAmount, places)}
}

func dec(d decimal.NullDecimal) *decimal.Decimal {
	if !d.Valid {
		return nil
	}
	v := d.Decimal
	return &v
}

func money(d decimal.NullDecimal, places int32) *decimal.Decimal {
	if !d.Valid {
		return nil
	}
	v := d.Decimal.Round(places)
	return &v
}

func nonNil(l models.StringList) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func toSpec(in *gqlmodel.CouponInput) *models.CouponSpec {
	s := &models.CouponSpec{
		Name: in.Name, Description: in.Description, Currency: in.Currency,
		ClaimStartsAt: in.ClaimStartsAt, ClaimEndsAt: in.ClaimEndsAt,
		TotalStock: in.TotalStock, PerUserLimit: in.PerUserLimit, StockSlots: in.StockSlots,
	}
	if d := in.Discount; d != nil {
		s.Discount = models.DiscountSpec{Kind: models.DiscountKind(d.Kind), AmountOff: d.AmountOff, PercentOff: d.PercentOff,
			MaxDiscount: d.MaxDiscount, MinOrderAmount: d.MinOrderAmount}
	}
	if v := in.Validity; v != nil {
		s.Validity = models.ValiditySpec{Kind: models.ValidityKind(v.Kind), StartsAt: v.StartsAt, EndsAt: v.EndsAt, Days: v.Days}
	}
	if in.Channels != nil {
		s.Channels = make([]models.Channel, len(in.Channels))
		for i, ch := range in.Channels {
			s.Channels[i] = models.Channel(ch)
		}
	}
	if p := in.ProductScope; p != nil {
		s.Scope = toScopeSpec(p)
	}
	if t := in.TagRule; t != nil {
		s.TagRule = &models.TagRuleSpec{AnyOf: t.AnyOf, AllOf: t.AllOf, NoneOf: t.NoneOf}
	}
	if in.CombinesWith != nil {
		s.CombinesWith = make([]models.DiscountClass, len(in.CombinesWith))
		for i, cl := range in.CombinesWith {
			s.CombinesWith[i] = models.DiscountClass(cl)
		}
	}
	s.Exclusive = in.Exclusive
	s.CampaignID = in.CampaignID
	s.Budget = toBudgetSpec(in.Budget)
	return s
}

func toScopeSpec(p *gqlmodel.ProductScopeInput) *models.ScopeSpec {
	return &models.ScopeSpec{Kind: models.ScopeKind(p.Kind), ProductIDs: p.ProductIds, CategoryIDs: p.CategoryIds}
}

func toPrincipal(p *auth.Principal) *gqlmodel.Principal {
	if p == nil {
		return nil
	}
	roles := make([]gqlmodel.Role, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = gqlmodel.Role(r)
	}
	return &gqlmodel.Principal{ID: p.ID, Name: p.Name, Kind: gqlmodel.PrincipalKind(p.Kind), Roles: roles}
}

func fromRoles(roles []gqlmodel.Role) []models.Role {
	out := make([]models.Role, len(roles))
	for i, r := range roles {
		out[i] = models.Role(r)
	}
	return out
}

func toAPIKey(k *models.APIKey) *gqlmodel.APIKey {
	roles := make([]gqlmodel.Role, len(k.Roles))
	for i, r := range k.Roles {
		roles[i] = gqlmodel.Role(r)
	}
	return &gqlmodel.APIKey{ID: strconv.FormatUint(k.ID, 10), Name: k.Name, Roles: roles, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt}
}

func toConsoleUser(u *models.ConsoleUser) *gqlmodel.ConsoleUser {
	roles := make([]gqlmodel.Role, len(u.Roles))
	for i, r := range u.Roles {
		roles[i] = gqlmodel.Role(r)
	}
	return &gqlmodel.ConsoleUser{ID: strconv.FormatUint(u.ID, 10), Username: u.Username, Roles: roles, Disabled: u.DisabledAt != nil, CreatedAt: u.CreatedAt}
}

// consoleUserPayload answers a change to a console user.
func consoleUserPayload(u *models.ConsoleUser, err error) (*gqlmodel.ConsoleUserPayload, error) {
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	out := &gqlmodel.ConsoleUserPayload{UserErrors: ues}
	if u != nil {
		out.ConsoleUser = toConsoleUser(u)
		out.Principal = toPrincipal(auth.UserPrincipal(u))
	}
	return out, nil
}

func (r *Resolver) toUserCoupon(uc *models.UserCoupon) *gqlmodel.UserCoupon {
	if uc == nil {
		return nil
	}
	out := &gqlmodel.UserCoupon{
		ID: uc.PublicID(), UserID: uc.UserID, CouponID: idString(uc.CouponID),
		Status: gqlmodel.UserCouponStatus(coupon.Effective(uc, r.Engine.Now())), Channel: gqlmodel.Channel(uc.Channel),
		Discount: toDiscount(uc.Discount, uc.Currency), ValidFrom: uc.ValidFrom, ValidUntil: uc.ValidUntil, IssuedAt: uc.IssuedAt,
		OrderID: uc.OrderID, UsedAt: uc.UsedAt,
	}
	out.DiscountApplied = money(uc.DiscountApplied, int32(models.MinorUnits(uc.Currency)))
	return out
}

func toTag(t *models.Tag) *gqlmodel.Tag {
	return &gqlmodel.Tag{Name: t.Name, Description: t.Description, Kind: gqlmodel.TagKind(t.Kind), UserCount: t.UserCount}
}
