package pricing

import (
	"math"
	"math/bits"

	"github.com/coupond/coupond/models"
	"github.com/shopspring/decimal"
)

// intStacker prices stacks for BestStack's search on integers of minor
// units, with each candidate's eligible lines worked out once: the rules of
// PriceStack, step for step, without decimals (a search prices thousands of
// stacks). It exists only when every amount of the cart and of the
// candidates is a whole number of minor units below 2^62 and every percent
// has at most two decimals; otherwise the search prices with PriceStack.
// TestIntStackerAgrees holds the two to the same results.
type intStacker struct {
	lines []int64 // each cart line's amount
	fee   int64
	cands []intCoupon
	left  []int64 // scratch: what is left of each line
}

type intCoupon struct {
	ok       bool // same currency as the cart
	kind     models.DiscountKind
	amount   int64 // AMOUNT_OFF, or -1 when missing
	percent  int64 // PERCENT_OFF in hundredths of a percent, or -1 when missing
	max      int64 // PERCENT_OFF cap, or -1 for none
	minOrder int64 // threshold, 0 for none
	eligible []int // indexes of the cart lines in scope
}

const intLimit = 1 << 62

// toMinor is v in minor units of places decimals, if it is whole and in range.
func toMinor(v decimal.Decimal, places int32) (int64, bool) {
	m := v.Shift(places)
	if !m.Equal(m.Truncate(0)) || m.IsNegative() || m.GreaterThanOrEqual(decimal.New(intLimit, 0)) {
		return 0, false
	}
	return m.IntPart(), true
}

func nullMinor(v decimal.NullDecimal, places int32, none int64) (int64, bool) {
	if !v.Valid {
		return none, true
	}
	return toMinor(v.Decimal, places)
}

// newIntStacker returns nil when the cart or a candidate does not fit.
func newIntStacker(cands []Candidate, cart Cart, cat Catalog) *intStacker {
	places := int32(models.MinorUnits(cart.Currency))
	st := &intStacker{lines: make([]int64, len(cart.Items)), left: make([]int64, len(cart.Items))}
	var total uint64
	for i, it := range cart.Items {
		if it.Quantity < 1 {
			continue
		}
		p, ok := toMinor(it.UnitPrice, places)
		hi, lo := bits.Mul64(uint64(p), uint64(it.Quantity))
		if !ok || hi != 0 || lo >= intLimit {
			return nil
		}
		st.lines[i] = int64(lo)
		if total += lo; total >= intLimit {
			return nil
		}
	}
	fee, ok := toMinor(cart.ShippingFee, places)
	if !ok {
		return nil
	}
	st.fee = fee
	st.cands = make([]intCoupon, len(cands))
	for ci, c := range cands {
		ic := &st.cands[ci]
		if c.Coupon.Currency != cart.Currency {
			continue
		}
		d := c.Coupon.Discount
		ic.ok, ic.kind = true, d.Kind
		var ok1, ok2, ok3 bool
		ic.amount, ok1 = nullMinor(d.AmountOff, places, -1)
		ic.max, ok2 = nullMinor(d.MaxDiscount, places, -1)
		ic.minOrder, ok3 = nullMinor(d.MinOrderAmount, places, 0)
		if !ok1 || !ok2 || !ok3 {
			return nil
		}
		ic.percent = -1
		if d.PercentOff.Valid {
			p, ok := toMinor(d.PercentOff.Decimal, 2)
			if !ok || p > 10000 {
				return nil
			}
			ic.percent = p
		}
		m := newMatcher(c.Coupon.Scope, cat)
		for i, it := range cart.Items {
			if it.Quantity >= 1 && m.eligible(it.ProductID, it.CategoryID) {
				ic.eligible = append(ic.eligible, i)
			}
		}
	}
	return st
}

// price prices the candidates applied (indexes, in the order PriceStack
// would apply them) and returns the total and the share of candidate last.
func (st *intStacker) price(applied []int, last int) (total, lastShare int64) {
	copy(st.left, st.lines)
	fee := st.fee
	for _, ci := range applied {
		c := &st.cands[ci]
		if !c.ok || len(c.eligible) == 0 {
			continue
		}
		var base int64
		for _, i := range c.eligible {
			base += st.left[i]
		}
		if c.minOrder > 0 && base < c.minOrder {
			continue
		}
		var off int64
		switch c.kind {
		case models.AmountOff:
			if c.amount >= 0 {
				off = min(c.amount, base)
			}
		case models.PercentOff:
			if c.percent >= 0 {
				off = mulDiv(base, c.percent, 10000)
				if c.max >= 0 {
					off = min(off, c.max)
				}
				off = min(off, base)
			}
		case models.FreeShipping:
			off = fee
			fee = 0
		}
		if c.kind != models.FreeShipping {
			st.spread(off, base, c.eligible)
		}
		total += off
		if ci == last {
			lastShare = off
		}
	}
	return total, lastShare
}

// spread is pricing's spread on integers: each line's share rounded down,
// the rest to the first lines with room.
func (st *intStacker) spread(off, base int64, idx []int) {
	if off <= 0 || base <= 0 {
		return
	}
	given := int64(0)
	var shares [64]int64
	share := shares[:0]
	if len(idx) > len(shares) {
		share = make([]int64, 0, len(idx))
	}
	for _, i := range idx {
		q := int64(0)
		if st.left[i] > 0 {
			q = mulDiv(off, st.left[i], base)
		}
		share = append(share, q)
		given += q
	}
	for k, i := range idx {
		rest := off - given
		if rest <= 0 {
			break
		}
		if room := st.left[i] - share[k]; room > 0 {
			more := min(room, rest)
			share[k] += more
			given += more
		}
	}
	for k, i := range idx {
		st.left[i] -= share[k]
	}
}

// mulDiv is a*b/c rounded down, for non-negative a, b and positive c, with
// a 128-bit product; the quotient fits because it is at most a or b here.
func mulDiv(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) {
		return math.MaxInt64 // not reached: callers divide by at least one factor
	}
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}
