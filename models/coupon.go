package models

import (
	"time"

	"github.com/shopspring/decimal"
)

// CouponStatus is a coupon's place in its life: DRAFT -> ACTIVE <-> PAUSED -> ENDED.
type CouponStatus string

const (
	CouponDraft  CouponStatus = "DRAFT"
	CouponActive CouponStatus = "ACTIVE"
	CouponPaused CouponStatus = "PAUSED"
	CouponEnded  CouponStatus = "ENDED"
)

// DiscountKind says how a coupon takes money off.
type DiscountKind string

const (
	AmountOff    DiscountKind = "AMOUNT_OFF"
	PercentOff   DiscountKind = "PERCENT_OFF"
	FreeShipping DiscountKind = "FREE_SHIPPING"
)

// Channel is a way a user gets a coupon.
type Channel string

const (
	ChannelClaim    Channel = "CLAIM"
	ChannelTargeted Channel = "TARGETED"
	ChannelCode     Channel = "CODE"
)

// AllChannels lists every channel in the contract's order.
var AllChannels = []Channel{ChannelClaim, ChannelTargeted, ChannelCode}

// ValidityKind says how a user coupon's usable window is set.
type ValidityKind string

const (
	ValidityFixed    ValidityKind = "FIXED"
	ValidityRelative ValidityKind = "RELATIVE"
)

// ScopeKind says which products a coupon covers.
type ScopeKind string

const (
	ScopeAll       ScopeKind = "ALL"
	ScopeWhitelist ScopeKind = "WHITELIST"
	ScopeBlacklist ScopeKind = "BLACKLIST"
)

// Discount is what a coupon takes off. It is embedded in Coupon and copied
// into every user coupon at issue, so that later edits change nothing issued.
// Money is exact (decimal), stored as text.
type Discount struct {
	Kind           DiscountKind        `gorm:"column:discount_kind;size:16;not null"`
	AmountOff      decimal.NullDecimal `gorm:"column:amount_off;type:varchar(40)"`
	PercentOff     decimal.NullDecimal `gorm:"column:percent_off;type:varchar(40)"`
	MaxDiscount    decimal.NullDecimal `gorm:"column:max_discount;type:varchar(40)"`
	MinOrderAmount decimal.NullDecimal `gorm:"column:min_order_amount;type:varchar(40)"`
}

// Validity is when an issued coupon can be used: a fixed window, or a number
// of days from the moment of issue.
type Validity struct {
	Kind     ValidityKind `gorm:"column:validity_kind;size:16;not null"`
	StartsAt *time.Time   `gorm:"column:valid_starts_at"`
	EndsAt   *time.Time   `gorm:"column:valid_ends_at"`
	Days     *int         `gorm:"column:valid_days"`
}

// Window returns the usable window of a coupon issued at issuedAt.
func (v Validity) Window(issuedAt time.Time) (from, until time.Time) {
	if v.Kind == ValidityRelative && v.Days != nil {
		return issuedAt, issuedAt.AddDate(0, 0, *v.Days)
	}
	if v.StartsAt != nil {
		from = *v.StartsAt
	}
	if v.EndsAt != nil {
		until = *v.EndsAt
	}
	return from, until
}

// ProductScope is the set of products a coupon applies to, before the global
// super-blacklist (which always wins).
type ProductScope struct {
	Kind        ScopeKind  `gorm:"column:scope_kind;size:16;not null"`
	ProductIDs  StringList `gorm:"column:scope_product_ids;type:text"`
	CategoryIDs StringList `gorm:"column:scope_category_ids;type:text"`
}

// TagRule says who may get a coupon. Empty lists mean no requirement.
type TagRule struct {
	AnyOf  StringList `gorm:"column:tag_any_of;type:text"`
	AllOf  StringList `gorm:"column:tag_all_of;type:text"`
	NoneOf StringList `gorm:"column:tag_none_of;type:text"`
}

// Empty reports whether the rule lets everybody in.
func (r TagRule) Empty() bool { return len(r.AnyOf)+len(r.AllOf)+len(r.NoneOf) == 0 }

// Matches reports whether a user with these tags meets the rule.
func (r TagRule) Matches(tags []string) bool {
	has := make(map[string]bool, len(tags))
	for _, t := range tags {
		has[t] = true
	}
	for _, t := range r.NoneOf {
		if has[t] {
			return false
		}
	}
	for _, t := range r.AllOf {
		if !has[t] {
			return false
		}
	}
	if len(r.AnyOf) == 0 {
		return true
	}
	for _, t := range r.AnyOf {
		if has[t] {
			return true
		}
	}
	return false
}

// Coupon is a coupon template in the meta database. Its stock lives in
// CouponStock rows (one per slot), so that claims spread their row locks.
type Coupon struct {
	ID            uint64       `gorm:"primaryKey;autoIncrement"`
	Name          string       `gorm:"size:200;not null"`
	Description   string       `gorm:"size:2000;not null;default:''"`
	Status        CouponStatus `gorm:"size:16;not null;index"`
	Currency      string       `gorm:"size:3;not null"`
	Discount      Discount     `gorm:"embedded"`
	Validity      Validity     `gorm:"embedded"`
	ClaimStartsAt *time.Time
	ClaimEndsAt   *time.Time
	Channels      StringList   `gorm:"type:varchar(64);not null"`
	TotalStock    int64        `gorm:"not null"`
	PerUserLimit  int          `gorm:"not null"`
	StockSlots    int          `gorm:"not null"`
	Scope         ProductScope `gorm:"embedded"`
	TagRule       TagRule      `gorm:"embedded"`
	// CombinesWith lists the classes of the coupons this one may share an
	// order with (empty: none); Exclusive coupons share an order with no
	// other, whatever the list says. See CombinesWithCoupon.
	CombinesWith StringList `gorm:"type:varchar(64);not null;default:'[]'"`
	Exclusive    bool       `gorm:"not null;default:false"`
	// CampaignID is the campaign the coupon belongs to, if any; Budget
	// caps the coupon's own uses (the campaign's caps them all).
	CampaignID *uint64   `gorm:"index"`
	Budget     Budget    `gorm:"embedded;embeddedPrefix:budget_"`
	CreatedAt  time.Time `gorm:"not null"`
	UpdatedAt  time.Time `gorm:"not null"`
	// LegacyID is the monolith's coupon template this coupon was copied
	// from (internal/legacy), or nil for a coupon made in coupond. Set in
	// the static copy's transaction, it tells every instance at once that
	// the coupon's user coupons follow the migration mode.
	LegacyID *int64
}

// DiscountClass is the part of an order a coupon discounts, which decides
// when a stack applies it and which coupons it may share an order with.
type DiscountClass string

const (
	// ClassProduct discounts the items of a product scope (whitelist,
	// blacklist, categories). Applied first.
	ClassProduct DiscountClass = "PRODUCT"
	// ClassOrder discounts the whole order (scope ALL). Applied on what the
	// product coupons left.
	ClassOrder DiscountClass = "ORDER"
	// ClassShipping takes off the shipping fee. Applied last.
	ClassShipping DiscountClass = "SHIPPING"
)

// Classes lists the classes in the order a stack applies them.
var Classes = []DiscountClass{ClassProduct, ClassOrder, ClassShipping}

// ClassOf is a coupon's class: SHIPPING for free shipping, ORDER for an
// amount or percent off every product, PRODUCT for one off a product scope.
func ClassOf(d Discount, s ProductScope) DiscountClass {
	switch {
	case d.Kind == FreeShipping:
		return ClassShipping
	case s.Kind == ScopeAll:
		return ClassOrder
	}
	return ClassProduct
}

// Class is the coupon's class (ClassOf).
func (c *Coupon) Class() DiscountClass { return ClassOf(c.Discount, c.Scope) }

// HasChannel reports whether the coupon is open for ch.
func (c *Coupon) HasChannel(ch Channel) bool { return c.Channels.Contains(string(ch)) }

// CouponStock is one slot of a coupon's stock. The remaining stock of a
// coupon is the sum of its slots. Returned counts the units that claims
// took and gave back after failing, so that the reconciler can tell them
// from units still in flight.
type CouponStock struct {
	CouponID  uint64 `gorm:"primaryKey;autoIncrement:false"`
	Slot      int    `gorm:"primaryKey;autoIncrement:false"`
	Remaining int64  `gorm:"not null"`
	Returned  int64  `gorm:"not null;default:0"`
}

// SplitStock spreads total over n slots as evenly as possible, the first
// slots taking the remainder.
func SplitStock(total int64, n int) []int64 {
	if n < 1 {
		n = 1
	}
	out := make([]int64, n)
	base, rest := total/int64(n), total%int64(n)
	for i := range out {
		out[i] = base
		if int64(i) < rest {
			out[i]++
		}
	}
	return out
}
