package pricing

import (
	"cmp"
	"slices"
	"strings"

	"github.com/coupond/coupond/models"
	"github.com/shopspring/decimal"
)

// Class is the part of an order a coupon discounts (models.DiscountClass).
type Class = models.DiscountClass

// The classes, in the order a stack applies them.
const (
	ClassProduct  = models.ClassProduct
	ClassOrder    = models.ClassOrder
	ClassShipping = models.ClassShipping
)

// Classes lists the classes in the order a stack applies them.
var Classes = models.Classes

// ClassOf is a coupon's class (models.ClassOf).
func ClassOf(d models.Discount, s models.ProductScope) Class { return models.ClassOf(d, s) }

func classRank(c Class) int {
	if i := slices.Index(Classes, c); i >= 0 {
		return i
	}
	return len(Classes)
}

// Stacking is a coupon's rule for sharing an order with other coupons.
type Stacking struct {
	// Exclusive coupons combine with nothing.
	Exclusive bool
	// CombinesWith lists the classes of the coupons this one may share an
	// order with.
	CombinesWith []Class
}

// Combines reports whether two coupons may be on one order: neither is
// exclusive and each allows the other's class.
func Combines(a Class, as Stacking, b Class, bs Stacking) bool {
	return !as.Exclusive && !bs.Exclusive && slices.Contains(as.CombinesWith, b) && slices.Contains(bs.CombinesWith, a)
}

// Share is what one coupon of a stack takes off.
type Share struct {
	Result
	// Lines is the discount taken off each cart line (same indexes as
	// Cart.Items), rounded down to the currency's minor unit; they add up to
	// the discount of a product or order coupon. Empty for one not
	// applicable.
	Lines []decimal.Decimal
	// Shipping is the part taken off the shipping fee (shipping coupons).
	Shipping decimal.Decimal
}

// Stack is the price of several coupons on one cart.
type Stack struct {
	// Discount is the total taken off.
	Discount decimal.Decimal
	// Shares holds each coupon's part, in the order the coupons were given.
	Shares []Share
	// Lines is what is left to pay of each cart line; ShippingFee of the fee.
	Lines       []decimal.Decimal
	ShippingFee decimal.Decimal
}

// PriceStack prices coupons together on one cart: product coupons first, on
// the items in their scope; then order coupons on what is left of their
// eligible items; then shipping coupons on what is left of the fee. Within
// a class the coupons apply in the order given. Every coupon's threshold is
// checked, and its discount computed, on what is left of its eligible items
// at its step (so a threshold met by the cart may be missed after a product
// coupon). A coupon's discount is spread over its eligible lines in
// proportion to what is left of each, rounded down to the minor unit, the
// cents left over going to the first lines with room: no line, subtotal or
// fee goes below zero, and each line's shares are recorded for statistics.
//
// A stack of one coupon prices it as Price does. Combinability is not
// checked here (see Combines); a coupon in another currency is not
// applicable (CURRENCY_MISMATCH).
func PriceStack(coupons []Coupon, cart Cart, cat Catalog) Stack {
	places := int32(models.MinorUnits(cart.Currency))
	left := make([]decimal.Decimal, len(cart.Items))
	for i, it := range cart.Items {
		if it.Quantity >= 1 {
			left[i] = it.UnitPrice.Mul(decimal.NewFromInt(int64(it.Quantity)))
		}
	}
	st := Stack{Shares: make([]Share, len(coupons)), Lines: left, ShippingFee: cart.ShippingFee}

	order := make([]int, len(coupons))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(classRank(ClassOf(coupons[a].Discount, coupons[a].Scope)), classRank(ClassOf(coupons[b].Discount, coupons[b].Scope)))
	})

	eligible := make([]int, 0, len(cart.Items))
	for _, ci := range order {
		c := coupons[ci]
		sh := &st.Shares[ci]
		if c.Currency != cart.Currency {
			sh.Reason = models.CodeCurrency
			continue
		}
		m := newMatcher(c.Scope, cat)
		eligible = eligible[:0]
		base := decimal.Decimal{}
		for i, it := range cart.Items {
			if it.Quantity < 1 || !m.eligible(it.ProductID, it.CategoryID) {
				continue
			}
			eligible = append(eligible, i)
			base = base.Add(left[i])
		}
		sh.EligibleSubtotal = base
		if len(eligible) == 0 {
			sh.Reason = models.CodeNoEligibleItems
			continue
		}
		if mo := c.Discount.MinOrderAmount; mo.Valid && mo.Decimal.IsPositive() && base.LessThan(mo.Decimal) {
			sh.Reason = models.CodeThresholdNotMet
			continue
		}
		sh.Applicable = true
		sh.Lines = make([]decimal.Decimal, len(cart.Items))
		if c.Discount.Kind == models.FreeShipping {
			sh.Discount = money(st.ShippingFee, places)
			sh.Shipping = sh.Discount
			st.ShippingFee = st.ShippingFee.Sub(sh.Discount)
		} else {
			sh.Discount = discountOn(c.Discount, base, decimal.Decimal{}, places)
			spread(sh.Discount, base, eligible, left, sh.Lines, places)
		}
		st.Discount = st.Discount.Add(sh.Discount)
	}
	return st
}

// spread takes off over the lines idx of left in proportion to each line's
// amount, each share rounded down to places decimals, then the remainder to
// the first lines with room; it records the shares in out. off must not
// exceed base, the sum of left over idx.
func spread(off, base decimal.Decimal, idx []int, left, out []decimal.Decimal, places int32) {
	if !off.IsPositive() || !base.IsPositive() {
		return
	}
	given := decimal.Decimal{}
	for _, i := range idx {
		if !left[i].IsPositive() {
			continue
		}
		q, _ := off.Mul(left[i]).QuoRem(base, places) // rounded down: never more than the line's part
		out[i] = q
		given = given.Add(q)
	}
	for _, i := range idx {
		rest := off.Sub(given)
		if !rest.IsPositive() {
			break
		}
		if room := left[i].Sub(out[i]); room.IsPositive() {
			more := decimal.Min(room, rest)
			out[i] = out[i].Add(more)
			given = given.Add(more)
		}
	}
	for _, i := range idx {
		left[i] = left[i].Sub(out[i])
	}
}

// Candidate is a coupon a best stack may use.
type Candidate struct {
	ID       string
	Coupon   Coupon
	Stacking Stacking
}

// Why says why a candidate is not in the best stack.
type Why string

const (
	// WhyNotApplicable: the coupon does not apply to the cart on its own
	// (Best.Alone[i].Reason says why).
	WhyNotApplicable Why = "NOT_APPLICABLE"
	// WhyNothingOff: it applies but takes nothing off (e.g. free shipping on
	// a cart without a fee).
	WhyNothingOff Why = "NOTHING_OFF"
	// WhyNotCombinable: it may not share the order with a chosen coupon.
	WhyNotCombinable Why = "NOT_COMBINABLE"
	// WhyStackFull: the stack already holds the most coupons an order may.
	WhyStackFull Why = "STACK_FULL"
	// WhyNoGain: added to the stack it takes nothing more off (its threshold
	// is missed on what the others leave, or another took its part).
	WhyNoGain Why = "NO_GAIN"
)

// Best is the best stack for a cart.
type Best struct {
	// Chosen holds the indexes (into the candidates) of the stack's coupons,
	// in the order they apply; Stack.Shares follows the same order.
	Chosen []int
	Stack  Stack
	// Alone is each candidate priced on its own.
	Alone []Result
	// Left says, for each candidate not chosen, why (indexed as the
	// candidates; "" for the chosen).
	Left []Why
}

// BestStack finds the combination of at most max candidates with the
// largest total discount, among those whose coupons combine pairwise. Ties
// go to the fewest coupons, then to the first found in the order of the
// search (largest single discounts first, then id).
//
// The search is exact. It stays fast on large wallets because: candidates
// that do not apply or take nothing off on their own are dropped first;
// candidates with identical rules are interchangeable, so only one of them
// is tried at each step; and a branch is cut as soon as the sum of single
// discounts it could still reach (what a coupon takes off in a stack never
// exceeds what it takes off alone, since earlier coupons only lower its
// base) cannot beat the best stack found, the first found being the greedy
// one. Stacks are priced during the search on integers of minor units
// (intStacker) when the amounts allow, which is the usual case; the chosen
// stack is priced with PriceStack. Within a class the chosen coupons apply
// largest single discount first, then by id.
func BestStack(cands []Candidate, cart Cart, cat Catalog, max int) Best {
	b := Best{Alone: make([]Result, len(cands)), Left: make([]Why, len(cands))}
	var usable []int
	for i, c := range cands {
		b.Alone[i] = Price(c.Coupon, cart, cat)
		switch {
		case !b.Alone[i].Applicable:
			b.Left[i] = WhyNotApplicable
		case !b.Alone[i].Discount.IsPositive():
			b.Left[i] = WhyNothingOff
		default:
			usable = append(usable, i)
		}
	}
	keys := make([]string, len(cands))
	for _, i := range usable {
		keys[i] = ruleKey(cands[i])
	}
	slices.SortStableFunc(usable, func(x, y int) int {
		if c := b.Alone[y].Discount.Cmp(b.Alone[x].Discount); c != 0 {
			return c
		}
		if c := cmp.Compare(keys[x], keys[y]); c != 0 {
			return c
		}
		return cmp.Compare(cands[x].ID, cands[y].ID)
	})

	cartTotal := cart.ShippingFee
	for _, it := range cart.Items {
		if it.Quantity >= 1 {
			cartTotal = cartTotal.Add(it.UnitPrice.Mul(decimal.NewFromInt(int64(it.Quantity))))
		}
	}
	s := search{cands: cands, cart: cart, cat: cat, max: max, order: usable, keys: keys, alone: b.Alone, cartTotal: cartTotal,
		fast: newIntStacker(cands, cart, cat), places: int32(models.MinorUnits(cart.Currency))}
	if max > 0 {
		s.dfs(0, nil, decimal.Decimal{})
	}
	b.Chosen = s.best
	chosenCoupons := make([]Coupon, len(b.Chosen))
	for k, i := range b.Chosen {
		chosenCoupons[k] = cands[i].Coupon
	}
	b.Stack = PriceStack(chosenCoupons, cart, cat)

	chosen := make(map[int]bool, len(b.Chosen))
	for _, i := range b.Chosen {
		chosen[i] = true
	}
	for _, i := range usable {
		if chosen[i] {
			continue
		}
		switch {
		case slices.ContainsFunc(b.Chosen, func(j int) bool { return !s.combines(i, j) }):
			b.Left[i] = WhyNotCombinable
		case len(b.Chosen) >= max:
			b.Left[i] = WhyStackFull
		default:
			b.Left[i] = WhyNoGain
		}
	}
	return b
}

// StackOf prices all the candidates together as one stack, in the order
// BestStack applies a stack (by class, then largest single discount, then
// id): Chosen holds every candidate in that order, Stack.Shares follows
// it, Alone prices each on its own and Left is all "". Combinability and
// the per-order maximum are the caller's to check (Combines).
func StackOf(cands []Candidate, cart Cart, cat Catalog) Best {
	b := Best{Alone: make([]Result, len(cands)), Left: make([]Why, len(cands))}
	all := make([]int, len(cands))
	for i, c := range cands {
		b.Alone[i] = Price(c.Coupon, cart, cat)
		all[i] = i
	}
	s := search{cands: cands, alone: b.Alone}
	b.Chosen = s.applied(all)
	coupons := make([]Coupon, len(cands))
	for k, i := range b.Chosen {
		coupons[k] = cands[i].Coupon
	}
	b.Stack = PriceStack(coupons, cart, cat)
	return b
}

type search struct {
	cands     []Candidate
	cart      Cart
	cat       Catalog
	max       int
	order     []int // usable candidates, largest single discount first
	keys      []string
	alone     []Result
	cartTotal decimal.Decimal

	fast   *intStacker // nil: price with PriceStack
	places int32

	best      []int
	bestTotal decimal.Decimal
	found     bool
}

// price prices the stack of applied (in the order it applies) and says
// what it takes off in all and whether candidate last takes anything.
func (s *search) price(applied []int, last int) (total decimal.Decimal, took bool) {
	if s.fast != nil {
		t, share := s.fast.price(applied, last)
		return decimal.New(t, -s.places), share > 0
	}
	coupons := make([]Coupon, len(applied))
	for n, j := range applied {
		coupons[n] = s.cands[j].Coupon
	}
	st := PriceStack(coupons, s.cart, s.cat)
	return st.Discount, st.Shares[slices.Index(applied, last)].Discount.IsPositive()
}

func (s *search) combines(i, j int) bool {
	a, b := s.cands[i], s.cands[j]
	return Combines(ClassOf(a.Coupon.Discount, a.Coupon.Scope), a.Stacking, ClassOf(b.Coupon.Discount, b.Coupon.Scope), b.Stacking)
}

// dfs extends chosen (indexes into cands, in search order) with candidates
// from s.order[from:]; got is what the chosen stack takes off.
func (s *search) dfs(from int, chosen []int, got decimal.Decimal) {
	if len(chosen) == s.max {
		return
	}
	for k := from; k < len(s.order); k++ {
		i := s.order[k]
		// an identical coupon was tried at this step already
		if k > from && s.keys[i] == s.keys[s.order[k-1]] {
			continue
		}
		// The most this branch can reach: what the stack takes now and the
		// single discounts of the largest candidates still to come (s.order
		// is sorted that way). Adding a coupon to a stack adds at most its
		// single discount: it lowers the others' bases, and what that frees
		// (a threshold missed) is at most taken again by the ones after.
		bound := got
		for m, n := k, 0; m < len(s.order) && n < s.max-len(chosen); m, n = m+1, n+1 {
			bound = bound.Add(s.alone[s.order[m]].Discount)
		}
		if s.found && !decimal.Min(bound, s.cartTotal).GreaterThan(s.bestTotal) {
			return // later candidates are smaller still
		}
		if slices.ContainsFunc(chosen, func(j int) bool { return !s.combines(i, j) }) {
			continue
		}
		next := append(slices.Clip(chosen), i)
		applied := s.applied(next)
		total, took := s.price(applied, i)
		// A coupon that takes nothing in this stack takes nothing in any
		// larger one (bases only shrink) and changes nobody's share: every
		// stack through it is the same stack without it, searched elsewhere.
		if !took {
			continue
		}
		if !s.found || total.GreaterThan(s.bestTotal) || (total.Equal(s.bestTotal) && len(next) < len(s.best)) {
			s.found = true
			s.bestTotal = total
			s.best = applied
		}
		s.dfs(k+1, next, total)
	}
}

// applied is chosen in the order a stack applies it: by class, then
// largest single discount first, then id.
func (s *search) applied(chosen []int) []int {
	out := slices.Clone(chosen)
	slices.SortFunc(out, func(a, b int) int {
		ca, cb := s.cands[a].Coupon, s.cands[b].Coupon
		if c := cmp.Compare(classRank(ClassOf(ca.Discount, ca.Scope)), classRank(ClassOf(cb.Discount, cb.Scope))); c != 0 {
			return c
		}
		if c := s.alone[b].Discount.Cmp(s.alone[a].Discount); c != 0 {
			return c
		}
		return cmp.Compare(s.cands[a].ID, s.cands[b].ID)
	})
	return out
}

// ruleKey identifies a candidate's rules: two candidates with the same key
// price alike in any stack and combine alike.
func ruleKey(c Candidate) string {
	d, s := c.Coupon.Discount, c.Coupon.Scope
	nd := func(v decimal.NullDecimal) string {
		if !v.Valid {
			return "-"
		}
		return v.Decimal.String()
	}
	key := []string{c.Coupon.Currency, string(d.Kind), nd(d.AmountOff), nd(d.PercentOff), nd(d.MaxDiscount), nd(d.MinOrderAmount), string(s.Kind)}
	key = append(key, "p")
	key = append(key, s.ProductIDs...)
	key = append(key, "c")
	key = append(key, s.CategoryIDs...)
	if c.Stacking.Exclusive {
		key = append(key, "x")
	}
	for _, cl := range c.Stacking.CombinesWith {
		key = append(key, string(cl))
	}
	return strings.Join(key, "\x00")
}
