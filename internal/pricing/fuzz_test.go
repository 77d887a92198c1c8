package pricing_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/models"
	"github.com/shopspring/decimal"
)

var fuzzCurrencies = []string{"USD", "JPY", "KWD", "EUR", "CLP", "BHD"}

var fuzzKinds = []models.DiscountKind{models.AmountOff, models.PercentOff, models.FreeShipping}

// FuzzPrice prices generated carts and coupons. Prices, amounts and fees are
// integers of minor units, scaled by the currency's minor unit plus extra
// decimals (0-3) so that unvalidated input is covered too; percents are in
// hundredths of a percent. It checks the invariants (never negative, within
// the eligible subtotal or the shipping fee, no sub-minor-unit decimals)
// and, for clean input, the exact value against integer arithmetic.
func FuzzPrice(f *testing.F) {
	f.Add(int64(3333), int64(0), int32(1), int32(0), uint16(1250), int64(0), int64(0), int64(0), int64(0), uint8(1), uint8(0), uint8(0), false, false)
	f.Add(int64(999), int64(1), int32(1), int32(3), uint16(1500), int64(0), int64(10), int64(0), int64(0), uint8(1), uint8(1), uint8(0), true, false)
	f.Add(int64(12345), int64(0), int32(1), int32(0), uint16(750), int64(0), int64(0), int64(0), int64(0), uint8(1), uint8(2), uint8(0), false, false)
	f.Add(int64(1000), int64(500), int32(2), int32(1), uint16(0), int64(5000), int64(0), int64(2500), int64(499), uint8(0), uint8(0), uint8(0), false, false)
	f.Add(int64(1000), int64(500), int32(2), int32(1), uint16(0), int64(0), int64(0), int64(2500), int64(499), uint8(2), uint8(0), uint8(1), false, false)
	f.Add(int64(-5), int64(7), int32(-1), int32(100000), uint16(9999), int64(-3), int64(-1), int64(-1), int64(-7), uint8(1), uint8(5), uint8(3), true, true)
	f.Fuzz(func(t *testing.T, p1, p2 int64, q1, q2 int32, bp uint16, amt, maxd, minOrder, fee int64,
		kindIdx, curIdx, extra uint8, useMax, mismatch bool) {
		cur := fuzzCurrencies[int(curIdx)%len(fuzzCurrencies)]
		kind := fuzzKinds[int(kindIdx)%len(fuzzKinds)]
		units := int32(models.MinorUnits(cur))
		exp := -(units + int32(extra%4))
		money := func(v int64) decimal.Decimal { return decimal.New(v, exp) }

		d := models.Discount{Kind: kind, MinOrderAmount: decimal.NewNullDecimal(money(minOrder))}
		switch kind {
		case models.AmountOff:
			d.AmountOff = decimal.NewNullDecimal(money(amt))
		case models.PercentOff:
			d.PercentOff = decimal.NewNullDecimal(decimal.New(int64(bp%10000), -2))
			if useMax {
				d.MaxDiscount = decimal.NewNullDecimal(money(maxd))
			}
		}
		cart := pricing.Cart{Currency: cur, ShippingFee: money(fee), Items: []pricing.Item{
			{ProductID: "a", CategoryID: "c1", UnitPrice: money(p1), Quantity: int(q1)},
			{ProductID: "b", CategoryID: "c2", UnitPrice: money(p2), Quantity: int(q2)},
		}}
		c := pricing.Coupon{Currency: cur, Discount: d, Scope: models.ProductScope{Kind: models.ScopeAll}}
		if mismatch {
			c.Currency = fuzzCurrencies[(int(curIdx)+1)%len(fuzzCurrencies)]
		}
		r := pricing.Price(c, cart, pricing.Catalog{})

		if r.Discount.IsNegative() {
			t.Fatalf("negative discount %s", r.Discount)
		}
		if !r.Discount.Equal(r.Discount.Truncate(units)) {
			t.Fatalf("discount %s has more than %d decimals", r.Discount, units)
		}
		if r.Applicable != (r.Reason == "") {
			t.Fatalf("applicable %v with reason %q", r.Applicable, r.Reason)
		}
		if !r.Applicable && !r.Discount.IsZero() {
			t.Fatalf("discount %s when not applicable (%s)", r.Discount, r.Reason)
		}
		if r.Applicable && r.Reason == models.CodeCurrency {
			t.Fatal("applicable on currency mismatch")
		}
		switch kind {
		case models.AmountOff, models.PercentOff:
			if r.Discount.GreaterThan(decimal.Max(r.EligibleSubtotal, decimal.Zero)) {
				t.Fatalf("discount %s exceeds eligible subtotal %s", r.Discount, r.EligibleSubtotal)
			}
		case models.FreeShipping:
			if r.Discount.GreaterThan(decimal.Max(cart.ShippingFee, decimal.Zero)) {
				t.Fatalf("discount %s exceeds shipping fee %s", r.Discount, cart.ShippingFee)
			}
		}

		if mismatch {
			if r.Reason != models.CodeCurrency || !r.EligibleSubtotal.IsZero() {
				t.Fatalf("currency mismatch: reason %q, eligible %s", r.Reason, r.EligibleSubtotal)
			}
			return
		}

		// Expected eligible subtotal: the lines with a quantity.
		want := decimal.Zero
		lines := 0
		for _, it := range cart.Items {
			if it.Quantity >= 1 {
				lines++
				want = want.Add(it.UnitPrice.Mul(decimal.NewFromInt(int64(it.Quantity))))
			}
		}
		if !r.EligibleSubtotal.Equal(want) {
			t.Fatalf("eligible subtotal %s, want %s", r.EligibleSubtotal, want)
		}
		if (lines == 0) != (r.Reason == models.CodeNoEligibleItems) {
			t.Fatalf("reason %q with %d eligible lines", r.Reason, lines)
		}

		// Exact oracle for clean input: minor units, nothing negative.
		clean := extra%4 == 0 && p1 >= 0 && p2 >= 0 && amt >= 0 && maxd >= 0 && fee >= 0 && minOrder >= 0
		if !clean || !r.Applicable {
			return
		}
		minor := new(big.Int)
		for i, p := range []int64{p1, p2} {
			q := []int32{q1, q2}[i]
			if q >= 1 {
				minor.Add(minor, new(big.Int).Mul(big.NewInt(p), big.NewInt(int64(q))))
			}
		}
		var off *big.Int
		switch kind {
		case models.AmountOff:
			off = minBig(big.NewInt(amt), minor)
		case models.PercentOff:
			off = new(big.Int).Mul(minor, big.NewInt(int64(bp%10000)))
			off.Quo(off, big.NewInt(10000)) // non-negative: Quo floors
			if useMax {
				off = minBig(off, big.NewInt(maxd))
			}
			off = minBig(off, minor)
		case models.FreeShipping:
			off = big.NewInt(fee)
		}
		if wantOff := decimal.NewFromBigInt(off, -units); !r.Discount.Equal(wantOff) {
			t.Fatalf("discount %s, want %s", r.Discount, wantOff)
		}
	})
}

func minBig(a, b *big.Int) *big.Int {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

// BenchmarkPrice prices a 20-item cart against a whitelist of categories,
// the items three levels below the listed roots.
func BenchmarkPrice(b *testing.B) {
	cat := pricing.Catalog{Parents: map[string]string{}, SuperBlacklist: map[string]bool{"p7": true}}
	for i := range 5 {
		root := fmt.Sprint("root", i)
		mid := fmt.Sprint("mid", i)
		cat.Parents[mid] = root
		cat.Parents[fmt.Sprint("leaf", i)] = mid
	}
	cart := pricing.Cart{Currency: "USD", ShippingFee: decimal.RequireFromString("5.99")}
	for i := range 20 {
		cart.Items = append(cart.Items, pricing.Item{
			ProductID:  fmt.Sprint("p", i),
			CategoryID: fmt.Sprint("leaf", i%5),
			UnitPrice:  decimal.New(int64(199+i*37), -2),
			Quantity:   1 + i%3,
		})
	}
	c := pricing.Coupon{
		Currency: "USD",
		Discount: models.Discount{Kind: models.PercentOff, PercentOff: decimal.NewNullDecimal(decimal.RequireFromString("12.5")),
			MaxDiscount: decimal.NewNullDecimal(decimal.RequireFromString("50")), MinOrderAmount: decimal.NewNullDecimal(decimal.RequireFromString("10"))},
		Scope: models.ProductScope{Kind: models.ScopeWhitelist, ProductIDs: models.StringList{"p3"}, CategoryIDs: models.StringList{"root0", "root2", "root4"}},
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := pricing.Price(c, cart, cat); !r.Applicable {
			b.Fatal(r.Reason)
		}
	}
}
