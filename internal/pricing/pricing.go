// Package pricing holds coupond's price rules: which cart items a coupon's
// product scope covers (with the category tree and the global
// super-blacklist), whether a coupon applies to a cart (currency, eligible
// items, order threshold), how much it takes off (AMOUNT_OFF, PERCENT_OFF,
// FREE_SHIPPING, rounded down to the currency's minor unit), the validation
// of a cart given by a caller, and the order in which priced options are
// offered.
//
// It is pure: no I/O, no clock, no mutable globals. Money is exact
// (github.com/shopspring/decimal), never a float.
package pricing

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coupond/coupond/models"
	"github.com/shopspring/decimal"
)

// Item is one cart line. CategoryID is the product's category ("" if none),
// already filled in by the caller (from the cart or the catalog).
type Item struct {
	ProductID  string
	CategoryID string
	UnitPrice  decimal.Decimal
	Quantity   int
}

// Cart is what a coupon is priced against.
type Cart struct {
	Currency    string
	Items       []Item
	ShippingFee decimal.Decimal // zero when none
}

// Catalog is what pricing needs to know of the catalog.
type Catalog struct {
	Parents        map[string]string // category id -> parent category id ("" or missing for a root)
	SuperBlacklist map[string]bool   // product ids never eligible, whatever a scope says
}

// Coupon is what pricing needs of one user coupon (the rules copied at issue).
type Coupon struct {
	Currency string
	Discount models.Discount
	Scope    models.ProductScope
}

// Result is the price of one coupon against one cart.
type Result struct {
	Applicable       bool
	Discount         decimal.Decimal // 0 when not applicable; rounded DOWN to the currency's minor unit
	EligibleSubtotal decimal.Decimal // sum of unitPrice*quantity of the eligible items (even when not applicable, except on CURRENCY_MISMATCH where it is 0)
	Reason           models.Code     // "" when applicable: CURRENCY_MISMATCH, NO_ELIGIBLE_ITEMS, THRESHOLD_NOT_MET
}

// Limits on a cart (see ValidateCart).
const (
	MaxCartItems    = 500
	MaxProductIDLen = 64
	MaxQuantity     = 100_000
)

// Price prices coupon c against cart, in this order:
//
//   - a cart in another currency than the coupon's: not applicable,
//     CURRENCY_MISMATCH, discount and eligible subtotal 0;
//   - no item in the coupon's scope: NO_ELIGIBLE_ITEMS;
//   - an eligible subtotal below Discount.MinOrderAmount (when set and > 0):
//     THRESHOLD_NOT_MET (equal is met);
//   - otherwise applicable, with the discount of its kind: AMOUNT_OFF takes
//     min(amountOff, eligible subtotal); PERCENT_OFF takes percent of the
//     eligible subtotal, rounded down, capped by maxDiscount when set and by
//     the eligible subtotal; FREE_SHIPPING takes the shipping fee.
//
// The discount is rounded down to the currency's minor unit and is never
// negative. An unknown discount kind, or a kind whose amount is missing,
// takes off nothing. Lines with a quantity below 1 are ignored; carts are
// meant to be checked with ValidateCart first, but Price never fails.
func Price(c Coupon, cart Cart, cat Catalog) Result {
	zero := decimal.Decimal{}
	if cart.Currency != c.Currency {
		return Result{Discount: zero, EligibleSubtotal: zero, Reason: models.CodeCurrency}
	}
	m := newMatcher(c.Scope, cat)
	eligible := zero
	n := 0
	for _, it := range cart.Items {
		if it.Quantity < 1 || !m.eligible(it.ProductID, it.CategoryID) {
			continue
		}
		n++
		eligible = eligible.Add(it.UnitPrice.Mul(decimal.NewFromInt(int64(it.Quantity))))
	}
	if n == 0 {
		return Result{Discount: zero, EligibleSubtotal: eligible, Reason: models.CodeNoEligibleItems}
	}
	d := c.Discount
	if mo := d.MinOrderAmount; mo.Valid && mo.Decimal.IsPositive() && eligible.LessThan(mo.Decimal) {
		return Result{Discount: zero, EligibleSubtotal: eligible, Reason: models.CodeThresholdNotMet}
	}
	return Result{Applicable: true, Discount: discountOn(d, eligible, cart.ShippingFee, int32(models.MinorUnits(c.Currency))), EligibleSubtotal: eligible}
}

// discountOn is what a discount takes off a base (the eligible subtotal) and
// a shipping fee, once its threshold is met: AMOUNT_OFF min(amountOff,
// base); PERCENT_OFF percent of the base rounded down, capped by
// maxDiscount and the base; FREE_SHIPPING the fee. Rounded down to places
// decimals, never negative.
func discountOn(d models.Discount, base, fee decimal.Decimal, places int32) decimal.Decimal {
	var off decimal.Decimal
	switch d.Kind {
	case models.AmountOff:
		if d.AmountOff.Valid {
			off = decimal.Min(d.AmountOff.Decimal, base)
		}
	case models.PercentOff:
		if d.PercentOff.Valid {
			// percent / 100 is a shift of the exponent: exact, no division.
			off = base.Mul(d.PercentOff.Decimal).Shift(-2).Truncate(places)
			if d.MaxDiscount.Valid {
				off = decimal.Min(off, d.MaxDiscount.Decimal)
			}
			off = decimal.Min(off, base)
		}
	case models.FreeShipping:
		off = fee
	}
	return money(off, places)
}

// money rounds v down to places decimals and clamps it at 0. Truncation of a
// non-negative value never raises it, so caps applied before still hold.
func money(v decimal.Decimal, places int32) decimal.Decimal {
	if !v.IsPositive() {
		return decimal.Decimal{}
	}
	return v.Truncate(places)
}

// Eligible reports whether a product (with its category) is in scope and not
// super-blacklisted. A scope of an unknown kind covers nothing.
func Eligible(scope models.ProductScope, productID, categoryID string, cat Catalog) bool {
	return newMatcher(scope, cat).eligible(productID, categoryID)
}

// setThreshold is the length of an id list above which a matcher builds a
// map rather than scanning the list.
const setThreshold = 16

// idSet answers membership of an id list, by a scan for short lists and a
// map for long ones.
type idSet struct {
	list []string
	set  map[string]struct{}
}

func newIDSet(ids []string) idSet {
	if len(ids) <= setThreshold {
		return idSet{list: ids}
	}
	s := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		s[id] = struct{}{}
	}
	return idSet{set: s}
}

func (s idSet) has(id string) bool {
	if s.set != nil {
		_, ok := s.set[id]
		return ok
	}
	return slices.Contains(s.list, id)
}

func (s idSet) empty() bool { return len(s.list) == 0 && len(s.set) == 0 }

// matcher decides eligibility for one scope, built once per Price call.
type matcher struct {
	kind       models.ScopeKind
	products   idSet
	categories idSet
	cat        Catalog
}

func newMatcher(scope models.ProductScope, cat Catalog) matcher {
	m := matcher{kind: scope.Kind, cat: cat}
	if scope.Kind == models.ScopeWhitelist || scope.Kind == models.ScopeBlacklist {
		m.products = newIDSet(scope.ProductIDs)
		m.categories = newIDSet(scope.CategoryIDs)
	}
	return m
}

func (m matcher) eligible(productID, categoryID string) bool {
	if m.cat.SuperBlacklist[productID] {
		return false
	}
	switch m.kind {
	case models.ScopeAll:
		return true
	case models.ScopeWhitelist:
		return m.listed(productID, categoryID)
	case models.ScopeBlacklist:
		return !m.listed(productID, categoryID)
	}
	return false
}

// listed reports whether the product, its category or an ancestor of that
// category is in the scope's lists.
func (m matcher) listed(productID, categoryID string) bool {
	if m.products.has(productID) {
		return true
	}
	if m.categories.empty() {
		return false
	}
	return m.inCategories(categoryID)
}

// inCategories walks from id up through Catalog.Parents until a root (""
// or no parent), a listed category, or a category already visited (a cycle
// in the data). Short chains are tracked on the stack; deep ones in a map.
func (m matcher) inCategories(id string) bool {
	var small [16]string
	visited := small[:0]
	var seen map[string]struct{}
	for id != "" {
		if seen != nil {
			if _, ok := seen[id]; ok {
				return false
			}
			seen[id] = struct{}{}
		} else {
			if slices.Contains(visited, id) {
				return false
			}
			if len(visited) == cap(visited) {
				seen = make(map[string]struct{}, 2*len(visited))
				for _, v := range visited {
					seen[v] = struct{}{}
				}
				seen[id] = struct{}{}
			} else {
				visited = append(visited, id)
			}
		}
		if m.categories.has(id) {
			return true
		}
		id = m.cat.Parents[id]
	}
	return false
}

// ValidateCart checks a cart; every problem is reported (code INVALID_INPUT)
// with its field path under root (e.g. ["cart"]): ["cart","currency"],
// ["cart","items"], ["cart","items","3","unitPrice"], ["cart","shippingFee"].
// Money may carry no more decimals than the currency's minor unit (checked
// only when the currency is valid). Items are checked one by one only when
// their number is within the limit.
func ValidateCart(root []string, cart Cart) models.Errors {
	var errs models.Errors
	at := func(path ...string) []string {
		return append(append(make([]string, 0, len(root)+len(path)), root...), path...)
	}
	bad := func(path []string, format string, args ...any) {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, path, format, args...))
	}
	places := -1
	if models.ValidCurrency(cart.Currency) {
		places = models.MinorUnits(cart.Currency)
	} else {
		bad(at("currency"), "%q is not an ISO 4217 currency code", cart.Currency)
	}
	checkMoney := func(path []string, name string, v decimal.Decimal) {
		switch {
		case v.IsNegative():
			bad(path, "%s must not be negative", name)
		case places >= 0 && !v.Equal(v.Truncate(int32(places))):
			bad(path, "%s has more decimals than %s allows (%d)", name, cart.Currency, places)
		}
	}
	switch n := len(cart.Items); {
	case n == 0:
		bad(at("items"), "at least one item is required")
	case n > MaxCartItems:
		bad(at("items"), "at most %d items", MaxCartItems)
	default:
		for i, it := range cart.Items {
			idx := strconv.Itoa(i)
			switch {
			case strings.TrimSpace(it.ProductID) == "":
				bad(at("items", idx, "productId"), "productId is required")
			case len(it.ProductID) > MaxProductIDLen:
				bad(at("items", idx, "productId"), "productId is longer than %d characters", MaxProductIDLen)
			}
			checkMoney(at("items", idx, "unitPrice"), "unitPrice", it.UnitPrice)
			if it.Quantity < 1 || it.Quantity > MaxQuantity {
				bad(at("items", idx, "quantity"), "quantity must be between 1 and %d", MaxQuantity)
			}
		}
	}
	checkMoney(at("shippingFee"), "shippingFee", cart.ShippingFee)
	return errs
}

// Option is one priced coupon offered for a cart.
type Option struct {
	ID         string
	ValidUntil time.Time
	Result     Result
}

// Rank orders priced options best first, in place: applicable before not,
// then largest discount, then earliest validUntil (a zero ValidUntil, no
// end, comes after any end), then id for stability.
func Rank(opts []Option) {
	slices.SortFunc(opts, func(a, b Option) int {
		if a.Result.Applicable != b.Result.Applicable {
			if a.Result.Applicable {
				return -1
			}
			return 1
		}
		if c := b.Result.Discount.Cmp(a.Result.Discount); c != 0 {
			return c
		}
		if c := compareUntil(a.ValidUntil, b.ValidUntil); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

func compareUntil(a, b time.Time) int {
	switch az, bz := a.IsZero(), b.IsZero(); {
	case az && bz:
		return 0
	case az:
		return 1
	case bz:
		return -1
	}
	return a.Compare(b)
}
