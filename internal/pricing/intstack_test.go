package pricing

import (
	"math/rand/v2"
	"testing"

	"github.com/coupond/coupond/models"
	"github.com/shopspring/decimal"
)

// TestIntStackerAgrees prices random stacks both ways: the integer search
// pricer and PriceStack give the same total and the same share for the last
// coupon, in every currency's minor unit.
func TestIntStackerAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	nd := func(v decimal.Decimal) decimal.NullDecimal { return decimal.NewNullDecimal(v) }
	for round := range 5000 {
		cur := []string{"USD", "JPY", "KWD"}[r.IntN(3)]
		exp := -int32(models.MinorUnits(cur))
		cart := Cart{Currency: cur, ShippingFee: decimal.New(int64(r.IntN(3)*700), exp)}
		for i := range 1 + r.IntN(5) {
			cart.Items = append(cart.Items, Item{ProductID: string(rune('a' + i)), UnitPrice: decimal.New(int64(r.IntN(50000)), exp), Quantity: r.IntN(4)})
		}
		cands := make([]Candidate, 1+r.IntN(5))
		for i := range cands {
			d := models.Discount{}
			switch r.IntN(3) {
			case 0:
				d.Kind, d.AmountOff = models.AmountOff, nd(decimal.New(int64(r.IntN(20000)), exp))
			case 1:
				d.Kind, d.PercentOff = models.PercentOff, nd(decimal.New(int64(r.IntN(10001)), -2))
				if r.IntN(2) == 0 {
					d.MaxDiscount = nd(decimal.New(int64(r.IntN(5000)), exp))
				}
			default:
				d.Kind = models.FreeShipping
			}
			if r.IntN(2) == 0 {
				d.MinOrderAmount = nd(decimal.New(int64(r.IntN(60000)), exp))
			}
			scope := models.ProductScope{Kind: models.ScopeAll}
			if r.IntN(2) == 0 {
				scope = models.ProductScope{Kind: models.ScopeWhitelist, ProductIDs: []string{string(rune('a' + r.IntN(5)))}}
			}
			c := Coupon{Currency: cur, Discount: d, Scope: scope}
			if r.IntN(10) == 0 {
				c.Currency = "EUR"
			}
			cands[i] = Candidate{Coupon: c}
		}
		fast := newIntStacker(cands, cart, Catalog{})
		if fast == nil {
			t.Fatalf("round %d: whole minor units should fit", round)
		}
		// PriceStack applies by class, keeping the given order within one
		applied := make([]int, 0, len(cands))
		for _, cl := range Classes {
			for i, c := range cands {
				if ClassOf(c.Coupon.Discount, c.Coupon.Scope) == cl {
					applied = append(applied, i)
				}
			}
		}
		coupons := make([]Coupon, len(applied))
		for k, i := range applied {
			coupons[k] = cands[i].Coupon
		}
		want := PriceStack(coupons, cart, Catalog{})
		last := applied[len(applied)-1]
		total, share := fast.price(applied, last)
		if got := decimal.New(total, exp); !got.Equal(want.Discount) {
			t.Fatalf("round %d: integer total %s, PriceStack %s", round, got, want.Discount)
		}
		if got := decimal.New(share, exp); !got.Equal(want.Shares[len(applied)-1].Discount) {
			t.Fatalf("round %d: integer share %s, PriceStack %s", round, got, want.Shares[len(applied)-1].Discount)
		}
	}
}

// TestIntStackerDeclines: amounts finer than the minor unit, or percents
// with more than two decimals, leave the search to PriceStack.
func TestIntStackerDeclines(t *testing.T) {
	cart := Cart{Currency: "USD", Items: []Item{{ProductID: "a", UnitPrice: decimal.RequireFromString("1.005"), Quantity: 1}}}
	if newIntStacker(nil, cart, Catalog{}) != nil {
		t.Error("a price of 1.005 USD")
	}
	cart.Items[0].UnitPrice = decimal.RequireFromString("10.00")
	odd := Candidate{Coupon: Coupon{Currency: "USD", Discount: models.Discount{Kind: models.PercentOff, PercentOff: decimal.NewNullDecimal(decimal.RequireFromString("12.345"))}, Scope: models.ProductScope{Kind: models.ScopeAll}}}
	if newIntStacker([]Candidate{odd}, cart, Catalog{}) != nil {
		t.Error("a percent of 12.345")
	}
	// and BestStack still finds the stack, priced the slow way
	b := BestStack([]Candidate{odd}, cart, Catalog{}, 5)
	if len(b.Chosen) != 1 || b.Stack.Discount.String() != "1.23" {
		t.Errorf("fallback: %v %s", b.Chosen, b.Stack.Discount)
	}
}
