package models

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// CouponSpec is an operator's description of a coupon (the contract's
// CouponInput). Nil means "not given": Apply fills in the defaults.
type CouponSpec struct {
	Name          string
	Description   *string
	Currency      *string
	Discount      DiscountSpec
	Validity      ValiditySpec
	ClaimStartsAt *time.Time
	ClaimEndsAt   *time.Time
	Channels      []Channel
	TotalStock    int64
	PerUserLimit  *int
	StockSlots    *int
	Scope         *ScopeSpec
	TagRule       *TagRuleSpec
	CombinesWith  []DiscountClass // nil: not given (a new coupon combines with nothing)
	Exclusive     *bool
	CampaignID    *string     // nil: not given (kept); "": none
	Budget        *BudgetSpec // nil: not given (kept)
}

// DiscountSpec is the contract's DiscountInput.
type DiscountSpec struct {
	Kind           DiscountKind
	AmountOff      *decimal.Decimal
	PercentOff     *decimal.Decimal
	MaxDiscount    *decimal.Decimal
	MinOrderAmount *decimal.Decimal
}

// ValiditySpec is the contract's ValidityInput.
type ValiditySpec struct {
	Kind     ValidityKind
	StartsAt *time.Time
	EndsAt   *time.Time
	Days     *int
}

// ScopeSpec is the contract's ProductScopeInput.
type ScopeSpec struct {
	Kind        ScopeKind
	ProductIDs  []string
	CategoryIDs []string
}

// TagRuleSpec is the contract's TagRuleInput.
type TagRuleSpec struct {
	AnyOf, AllOf, NoneOf []string
}

// Limits on operator input.
const (
	MaxNameLen        = 200
	MaxDescriptionLen = 2000
	MaxTotalStock     = 1_000_000_000_000
	MaxPerUserLimit   = 1000
	MaxStockSlots     = 256
	MaxValidityDays   = 3650
	MaxScopeIDs       = 10_000
	MaxTagsInRule     = 100
)

// CouponDefaults are the server's defaults for what a CouponSpec leaves out.
type CouponDefaults struct {
	Currency   string
	StockSlots int
}

var tagName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$`)

// ValidTagName reports whether s may name a user tag: 1-64 letters, digits
// and _ . : -, starting with a letter or digit.
func ValidTagName(s string) bool { return tagName.MatchString(s) }

// Validate checks a spec on its own (no database): every problem is reported
// with the path of its field under root (e.g. ["input"]).
func (s *CouponSpec) Validate(root []string, d CouponDefaults) Errors {
	var errs Errors
	at := func(path ...string) []string { return append(append([]string{}, root...), path...) }
	bad := func(path []string, format string, args ...any) {
		errs = append(errs, FieldError(CodeInvalidInput, path, format, args...))
	}

	if strings.TrimSpace(s.Name) == "" {
		bad(at("name"), "name is required")
	} else if utf8.RuneCountInString(s.Name) > MaxNameLen {
		bad(at("name"), "name is longer than %d characters", MaxNameLen)
	}
	if s.Description != nil && utf8.RuneCountInString(*s.Description) > MaxDescriptionLen {
		bad(at("description"), "description is longer than %d characters", MaxDescriptionLen)
	}
	currency := d.Currency
	if s.Currency != nil {
		currency = *s.Currency
		if !ValidCurrency(currency) {
			bad(at("currency"), "%q is not an ISO 4217 currency code", currency)
			currency = ""
		}
	}
	errs = append(errs, s.Discount.validate(at("discount"), currency)...)
	errs = append(errs, s.Validity.validate(at("validity"))...)

	if s.ClaimStartsAt != nil && s.ClaimEndsAt != nil && !s.ClaimStartsAt.Before(*s.ClaimEndsAt) {
		bad(at("claimEndsAt"), "claimEndsAt must be after claimStartsAt")
	}
	if s.Channels != nil {
		if len(s.Channels) == 0 {
			bad(at("channels"), "at least one channel is required")
		}
		seen := map[Channel]bool{}
		for _, c := range s.Channels {
			if seen[c] {
				bad(at("channels"), "channel %s is listed twice", c)
			}
			seen[c] = true
		}
	}
	if s.TotalStock < 1 || s.TotalStock > MaxTotalStock {
		bad(at("totalStock"), "totalStock must be between 1 and %d", int64(MaxTotalStock))
	}
	if s.PerUserLimit != nil && (*s.PerUserLimit < 1 || *s.PerUserLimit > MaxPerUserLimit) {
		bad(at("perUserLimit"), "perUserLimit must be between 1 and %d", MaxPerUserLimit)
	}
	if s.StockSlots != nil && (*s.StockSlots < 1 || *s.StockSlots > MaxStockSlots) {
		bad(at("stockSlots"), "stockSlots must be between 1 and %d", MaxStockSlots)
	}
	if s.Scope != nil {
		errs = append(errs, s.Scope.Validate(at("productScope"))...)
	}
	if s.TagRule != nil {
		errs = append(errs, s.TagRule.validate(at("tagRule"))...)
	}
	seen := map[DiscountClass]bool{}
	for _, c := range s.CombinesWith {
		switch {
		case !slices.Contains(Classes, c):
			bad(at("combinesWith"), "%q is not a discount class (PRODUCT, ORDER, SHIPPING)", c)
		case seen[c]:
			bad(at("combinesWith"), "class %s is listed twice", c)
		}
		seen[c] = true
	}
	errs = append(errs, s.Budget.Validate(at("budget"), currency)...)
	if s.Exclusive != nil && *s.Exclusive && len(s.CombinesWith) > 0 {
		bad(at("combinesWith"), "an exclusive coupon combines with nothing: leave combinesWith empty, or make it not exclusive")
	}
	return errs
}

func (d *DiscountSpec) validate(path []string, currency string) Errors {
	var errs Errors
	at := func(f string) []string { return append(append([]string{}, path...), f) }
	money := func(f string, v *decimal.Decimal, required bool) {
		switch {
		case v == nil:
			if required {
				errs = append(errs, FieldError(CodeInvalidInput, at(f), "%s is required for %s", f, d.Kind))
			}
		case !v.IsPositive():
			errs = append(errs, FieldError(CodeInvalidInput, at(f), "%s must be greater than 0", f))
		case currency != "" && -v.Exponent() > int32(MinorUnits(currency)) && !v.Equal(v.Truncate(int32(MinorUnits(currency)))):
			errs = append(errs, FieldError(CodeInvalidInput, at(f), "%s has more decimals than %s allows (%d)", f, currency, MinorUnits(currency)))
		case v.GreaterThan(maxMoney):
			errs = append(errs, FieldError(CodeInvalidInput, at(f), "%s is too large", f))
		}
	}
	absent := func(f string, v *decimal.Decimal) {
		if v != nil {
			errs = append(errs, FieldError(CodeInvalidInput, at(f), "%s does not apply to %s", f, d.Kind))
		}
	}
	switch d.Kind {
	case AmountOff:
		money("amountOff", d.AmountOff, true)
		absent("percentOff", d.PercentOff)
		absent("maxDiscount", d.MaxDiscount)
	case PercentOff:
		absent("amountOff", d.AmountOff)
		switch p := d.PercentOff; {
		case p == nil:
			errs = append(errs, FieldError(CodeInvalidInput, at("percentOff"), "percentOff is required for PERCENT_OFF"))
		case !p.IsPositive() || !p.LessThan(decimal.NewFromInt(100)):
			errs = append(errs, FieldError(CodeInvalidInput, at("percentOff"), "percentOff must be greater than 0 and less than 100"))
		case !p.Equal(p.Truncate(2)):
			errs = append(errs, FieldError(CodeInvalidInput, at("percentOff"), "percentOff has more than 2 decimals"))
		}
		money("maxDiscount", d.MaxDiscount, false)
	case FreeShipping:
		absent("amountOff", d.AmountOff)
		absent("percentOff", d.PercentOff)
		absent("maxDiscount", d.MaxDiscount)
	default:
		errs = append(errs, FieldError(CodeInvalidInput, at("kind"), "unknown discount kind %q", d.Kind))
	}
	if d.MinOrderAmount != nil {
		if d.MinOrderAmount.IsNegative() {
			errs = append(errs, FieldError(CodeInvalidInput, at("minOrderAmount"), "minOrderAmount must not be negative"))
		} else if !d.MinOrderAmount.IsZero() {
			money("minOrderAmount", d.MinOrderAmount, false)
		}
	}
	return errs
}

var maxMoney = decimal.New(1, 15)

func (v *ValiditySpec) validate(path []string) Errors {
	var errs Errors
	at := func(f string) []string { return append(append([]string{}, path...), f) }
	switch v.Kind {
	case ValidityFixed:
		if v.StartsAt == nil {
			errs = append(errs, FieldError(CodeInvalidInput, at("startsAt"), "startsAt is required for FIXED validity"))
		}
		if v.EndsAt == nil {
			errs = append(errs, FieldError(CodeInvalidInput, at("endsAt"), "endsAt is required for FIXED validity"))
		}
		if v.StartsAt != nil && v.EndsAt != nil && !v.StartsAt.Before(*v.EndsAt) {
			errs = append(errs, FieldError(CodeInvalidInput, at("endsAt"), "endsAt must be after startsAt"))
		}
		if v.Days != nil {
			errs = append(errs, FieldError(CodeInvalidInput, at("days"), "days does not apply to FIXED validity"))
		}
	case ValidityRelative:
		if v.Days == nil {
			errs = append(errs, FieldError(CodeInvalidInput, at("days"), "days is required for RELATIVE validity"))
		} else if *v.Days < 1 || *v.Days > MaxValidityDays {
			errs = append(errs, FieldError(CodeInvalidInput, at("days"), "days must be between 1 and %d", MaxValidityDays))
		}
		if v.StartsAt != nil || v.EndsAt != nil {
			errs = append(errs, FieldError(CodeInvalidInput, at("kind"), "startsAt and endsAt do not apply to RELATIVE validity"))
		}
	default:
		errs = append(errs, FieldError(CodeInvalidInput, at("kind"), "unknown validity kind %q", v.Kind))
	}
	return errs
}

// Validate checks a product scope under path.
func (s *ScopeSpec) Validate(path []string) Errors {
	var errs Errors
	at := func(f string) []string { return append(append([]string{}, path...), f) }
	n := len(s.ProductIDs) + len(s.CategoryIDs)
	switch s.Kind {
	case ScopeAll:
		if n > 0 {
			errs = append(errs, FieldError(CodeInvalidInput, at("kind"), "an ALL scope takes no product or category ids"))
		}
	case ScopeWhitelist, ScopeBlacklist:
		if n == 0 {
			errs = append(errs, FieldError(CodeInvalidInput, at("productIds"), "a %s scope needs at least one product or category id", s.Kind))
		}
	default:
		errs = append(errs, FieldError(CodeInvalidInput, at("kind"), "unknown scope kind %q", s.Kind))
	}
	if n > MaxScopeIDs {
		errs = append(errs, FieldError(CodeInvalidInput, at("productIds"), "at most %d ids", MaxScopeIDs))
	}
	for f, ids := range map[string][]string{"productIds": s.ProductIDs, "categoryIds": s.CategoryIDs} {
		for _, id := range ids {
			if strings.TrimSpace(id) == "" || len(id) > 64 {
				errs = append(errs, FieldError(CodeInvalidInput, at(f), "ids must be 1 to 64 characters"))
				break
			}
		}
	}
	return errs
}

func (r *TagRuleSpec) validate(path []string) Errors {
	var errs Errors
	for f, tags := range map[string][]string{"anyOf": r.AnyOf, "allOf": r.AllOf, "noneOf": r.NoneOf} {
		p := append(append([]string{}, path...), f)
		if len(tags) > MaxTagsInRule {
			errs = append(errs, FieldError(CodeInvalidInput, p, "at most %d tags", MaxTagsInRule))
		}
		for _, t := range tags {
			if !ValidTagName(t) {
				errs = append(errs, FieldError(CodeInvalidInput, p, "%q is not a valid tag name", t))
				break
			}
		}
	}
	return errs
}

// Apply writes the spec into c, filling defaults for what it leaves out:
// where c already holds a value (an update), that value is the default.
func (s *CouponSpec) Apply(c *Coupon, d CouponDefaults) {
	c.Name = strings.TrimSpace(s.Name)
	if s.Description != nil {
		c.Description = *s.Description
	}
	switch {
	case s.Currency != nil:
		c.Currency = *s.Currency
	case c.Currency == "":
		c.Currency = d.Currency
	}
	c.Discount = Discount{Kind: s.Discount.Kind, AmountOff: nullDec(s.Discount.AmountOff), PercentOff: nullDec(s.Discount.PercentOff),
		MaxDiscount: nullDec(s.Discount.MaxDiscount), MinOrderAmount: nullDec(s.Discount.MinOrderAmount)}
	if c.Discount.MinOrderAmount.Valid && c.Discount.MinOrderAmount.Decimal.IsZero() {
		c.Discount.MinOrderAmount = decimal.NullDecimal{}
	}
	c.Validity = Validity{Kind: s.Validity.Kind, StartsAt: utc(s.Validity.StartsAt), EndsAt: utc(s.Validity.EndsAt), Days: s.Validity.Days}
	c.ClaimStartsAt, c.ClaimEndsAt = utc(s.ClaimStartsAt), utc(s.ClaimEndsAt)
	switch {
	case s.Channels != nil:
		c.Channels = make(StringList, len(s.Channels))
		for i, ch := range s.Channels {
			c.Channels[i] = string(ch)
		}
	case c.Channels == nil:
		c.Channels = StringList{string(ChannelClaim)}
	}
	c.TotalStock = s.TotalStock
	switch {
	case s.PerUserLimit != nil:
		c.PerUserLimit = *s.PerUserLimit
	case c.PerUserLimit == 0:
		c.PerUserLimit = 1
	}
	switch {
	case s.StockSlots != nil:
		c.StockSlots = *s.StockSlots
	case c.StockSlots == 0:
		c.StockSlots = d.StockSlots
	}
	switch {
	case s.Scope != nil:
		c.Scope = ProductScope{Kind: s.Scope.Kind, ProductIDs: dedup(s.Scope.ProductIDs), CategoryIDs: dedup(s.Scope.CategoryIDs)}
	case c.Scope.Kind == "":
		c.Scope = ProductScope{Kind: ScopeAll}
	}
	if s.TagRule != nil {
		c.TagRule = TagRule{AnyOf: dedup(s.TagRule.AnyOf), AllOf: dedup(s.TagRule.AllOf), NoneOf: dedup(s.TagRule.NoneOf)}
	}
	if s.CombinesWith != nil {
		c.CombinesWith = make(StringList, 0, len(s.CombinesWith))
		for _, cl := range Classes { // in the order a stack applies them
			if slices.Contains(s.CombinesWith, cl) {
				c.CombinesWith = append(c.CombinesWith, string(cl))
			}
		}
	}
	if c.CombinesWith == nil {
		c.CombinesWith = StringList{}
	}
	if s.Exclusive != nil {
		c.Exclusive = *s.Exclusive
	}
	if c.Exclusive {
		c.CombinesWith = StringList{}
	}
	if s.Budget != nil {
		c.Budget = s.Budget.Budget()
	}
}

func nullDec(d *decimal.Decimal) decimal.NullDecimal {
	if d == nil {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: *d, Valid: true}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func dedup(in []string) StringList {
	out := StringList{}
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ApplyScope writes only the spec's scope into c.
func (s *CouponSpec) ApplyScope(c *Coupon) {
	c.Scope = ProductScope{Kind: s.Scope.Kind, ProductIDs: dedup(s.Scope.ProductIDs), CategoryIDs: dedup(s.Scope.CategoryIDs)}
}
