package pricing_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/models"
	"github.com/shopspring/decimal"
)

func only(ids ...string) models.ProductScope {
	return models.ProductScope{Kind: models.ScopeWhitelist, ProductIDs: ids}
}

func withMin(d models.Discount, min string) models.Discount {
	d.MinOrderAmount = nd(min)
	return d
}

var freeShipping = models.Discount{Kind: models.FreeShipping}

func usd(d models.Discount, s models.ProductScope) pricing.Coupon {
	return pricing.Coupon{Currency: "USD", Discount: d, Scope: s}
}

func decs(ds []decimal.Decimal) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.StringFixed(2)
	}
	return out
}

func TestClassOf(t *testing.T) {
	if c := pricing.ClassOf(amount("5"), only("p1")); c != pricing.ClassProduct {
		t.Errorf("amount off a whitelist: %s", c)
	}
	if c := pricing.ClassOf(percent("10"), all); c != pricing.ClassOrder {
		t.Errorf("percent off all: %s", c)
	}
	if c := pricing.ClassOf(freeShipping, only("p1")); c != pricing.ClassShipping {
		t.Errorf("free shipping: %s", c)
	}
}

func TestCombines(t *testing.T) {
	both := pricing.Stacking{CombinesWith: []pricing.Class{pricing.ClassProduct, pricing.ClassOrder, pricing.ClassShipping}}
	onlyShipping := pricing.Stacking{CombinesWith: []pricing.Class{pricing.ClassShipping}}
	exclusive := pricing.Stacking{Exclusive: true, CombinesWith: both.CombinesWith}
	cases := []struct {
		a  pricing.Class
		as pricing.Stacking
		b  pricing.Class
		bs pricing.Stacking
		ok bool
	}{
		{pricing.ClassProduct, both, pricing.ClassOrder, both, true},
		{pricing.ClassProduct, onlyShipping, pricing.ClassOrder, both, false}, // the product coupon refuses ORDER
		{pricing.ClassOrder, both, pricing.ClassProduct, onlyShipping, false}, // symmetric
		{pricing.ClassOrder, onlyShipping, pricing.ClassShipping, both, true},
		{pricing.ClassOrder, exclusive, pricing.ClassShipping, both, false},
		{pricing.ClassOrder, both, pricing.ClassOrder, pricing.Stacking{}, false},
	}
	for i, c := range cases {
		if got := pricing.Combines(c.a, c.as, c.b, c.bs); got != c.ok {
			t.Errorf("case %d: Combines = %v, want %v", i, got, c.ok)
		}
	}
}

func TestPriceStack(t *testing.T) {
	cart := pricing.Cart{Currency: "USD", ShippingFee: dec("8.00"), Items: []pricing.Item{
		item("shoe", "", "60.00", 1),
		item("sock", "", "10.00", 3),
		item("gift-card", "", "50.00", 1),
	}}
	tests := []struct {
		name      string
		coupons   []pricing.Coupon
		total     string
		discounts []string
		reasons   []models.Code
		lines     [][]string // each coupon's shares per line
		left      []string
		fee       string
	}{
		{
			name:      "product first, then order on what is left, then shipping",
			coupons:   []pricing.Coupon{usd(withMin(percent("10"), "70"), all), usd(amount("15"), only("shoe")), usd(freeShipping, all)},
			total:     "30.50",
			discounts: []string{"7.50", "15.00", "8.00"},
			// the order coupon sees what the shoe coupon left, 45 + 30 (the gift
			// card is super-blacklisted): 75 meets 70; 10% is spread 4.50 + 3.00
			lines: [][]string{{"4.50", "3.00", "0.00"}, {"15.00", "0.00", "0.00"}, {"0.00", "0.00", "0.00"}},
			left:  []string{"40.50", "27.00", "50.00"},
			fee:   "0.00",
		},
		{
			name:      "a threshold met by the cart is missed after a product coupon",
			coupons:   []pricing.Coupon{usd(amount("50"), only("shoe", "sock")), usd(withMin(amount("10"), "80"), only("shoe", "sock"))},
			total:     "50.00",
			discounts: []string{"50.00", "0.00"},
			reasons:   []models.Code{"", models.CodeThresholdNotMet},
			// 50 x 60/90 = 33.33 and 50 x 30/90 = 16.66, the cent left to the first line
			lines: [][]string{{"33.34", "16.66", "0.00"}, nil},
			left:  []string{"26.66", "13.34", "50.00"},
			fee:   "8.00",
		},
		{
			name:      "the order coupon's threshold is checked after the product coupons",
			coupons:   []pricing.Coupon{usd(withMin(amount("10"), "130"), all), usd(amount("5"), only("sock"))},
			total:     "5.00",
			discounts: []string{"0.00", "5.00"},
			reasons:   []models.Code{models.CodeThresholdNotMet, ""},
			left:      []string{"60.00", "25.00", "50.00"},
			fee:       "8.00",
		},
		{
			name:      "two product coupons on one line never take it below zero",
			coupons:   []pricing.Coupon{usd(amount("45"), only("shoe")), usd(amount("45"), only("shoe"))},
			total:     "60.00",
			discounts: []string{"45.00", "15.00"},
			left:      []string{"0.00", "30.00", "50.00"},
			fee:       "8.00",
		},
		{
			name:      "a second free shipping takes nothing more",
			coupons:   []pricing.Coupon{usd(freeShipping, all), usd(freeShipping, all)},
			total:     "8.00",
			discounts: []string{"8.00", "0.00"},
			fee:       "0.00",
		},
		{
			name:      "a coupon in another currency is left out",
			coupons:   []pricing.Coupon{{Currency: "EUR", Discount: amount("5"), Scope: all}, usd(amount("5"), all)},
			total:     "5.00",
			discounts: []string{"0.00", "5.00"},
			reasons:   []models.Code{models.CodeCurrency, ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := pricing.PriceStack(tt.coupons, cart, catalog)
			if got := st.Discount.StringFixed(2); got != tt.total {
				t.Errorf("total %s, want %s", got, tt.total)
			}
			for i, want := range tt.discounts {
				if got := st.Shares[i].Discount.StringFixed(2); got != want {
					t.Errorf("coupon %d: discount %s, want %s", i, got, want)
				}
			}
			for i, want := range tt.reasons {
				if got := st.Shares[i].Reason; got != want {
					t.Errorf("coupon %d: reason %q, want %q", i, got, want)
				}
			}
			for i, want := range tt.lines {
				if want == nil {
					continue
				}
				if got := decs(st.Shares[i].Lines); !slices.Equal(got, want) {
					t.Errorf("coupon %d: lines %v, want %v", i, got, want)
				}
			}
			if tt.left != nil && !slices.Equal(decs(st.Lines), tt.left) {
				t.Errorf("left %v, want %v", decs(st.Lines), tt.left)
			}
			if tt.fee != "" && st.ShippingFee.StringFixed(2) != tt.fee {
				t.Errorf("fee left %s, want %s", st.ShippingFee.StringFixed(2), tt.fee)
			}
		})
	}
}

var everything = pricing.Stacking{CombinesWith: pricing.Classes}

func cand(id string, c pricing.Coupon, s pricing.Stacking) pricing.Candidate {
	return pricing.Candidate{ID: id, Coupon: c, Stacking: s}
}

func TestBestStack(t *testing.T) {
	cart := pricing.Cart{Currency: "USD", ShippingFee: dec("8.00"), Items: []pricing.Item{
		item("shoe", "", "60.00", 1),
		item("sock", "", "10.00", 3),
	}}
	noOrder := pricing.Stacking{CombinesWith: []pricing.Class{pricing.ClassProduct, pricing.ClassShipping}}
	cands := []pricing.Candidate{
		cand("big-order", usd(withMin(amount("30"), "90"), all), everything), // 30, but only on the full cart
		cand("shoe-20", usd(amount("20"), only("shoe")), noOrder),            // refuses order coupons
		cand("sock-5", usd(amount("5"), only("sock")), everything),
		cand("ship", usd(freeShipping, all), everything),
		cand("excl", usd(amount("25"), all), pricing.Stacking{Exclusive: true}),
		cand("eur", pricing.Coupon{Currency: "EUR", Discount: amount("50"), Scope: all}, everything),
		cand("ship-2", usd(freeShipping, all), everything),
	}
	b := pricing.BestStack(cands, cart, catalog, 5)
	ids := func(idx []int) []string {
		out := make([]string, len(idx))
		for i, j := range idx {
			out[i] = cands[j].ID
		}
		return out
	}
	// big-order + ship takes 38. Adding sock-5 gains nothing: the order
	// coupon's threshold (90) is missed on the 85 it leaves. shoe-20 + sock-5
	// + ship takes only 33, and shoe-20 refuses order coupons.
	if got := ids(b.Chosen); !slices.Equal(got, []string{"big-order", "ship"}) {
		t.Fatalf("chosen %v (total %s)", got, b.Stack.Discount)
	}
	if b.Stack.Discount.StringFixed(2) != "38.00" {
		t.Errorf("total %s", b.Stack.Discount)
	}
	want := map[string]pricing.Why{
		"shoe-20": pricing.WhyNotCombinable,
		"sock-5":  pricing.WhyNoGain,
		"excl":    pricing.WhyNotCombinable,
		"eur":     pricing.WhyNotApplicable,
		"ship-2":  pricing.WhyNoGain,
	}
	for i, c := range cands {
		if got := b.Left[i]; got != want[c.ID] {
			t.Errorf("%s: left out %q, want %q", c.ID, got, want[c.ID])
		}
	}

	// At most one coupon: the largest single one.
	if got := ids(pricing.BestStack(cands, cart, catalog, 1).Chosen); !slices.Equal(got, []string{"big-order"}) {
		t.Errorf("max 1: %v", got)
	}
	// No coupon allowed: nothing chosen, the cart as it is.
	none := pricing.BestStack(cands, cart, catalog, 0)
	if len(none.Chosen) != 0 || !none.Stack.Discount.IsZero() || len(none.Stack.Lines) != 2 {
		t.Errorf("max 0: %+v", none)
	}
}

// TestBestStackIsExact compares BestStack with trying every combination, on
// random wallets and carts.
func TestBestStackIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	products := []string{"a", "b", "c", "d"}
	for round := range 3000 {
		cart := pricing.Cart{Currency: "USD", ShippingFee: decimal.New(int64(r.IntN(3)*500), -2)}
		for i, p := range products[:1+r.IntN(len(products))] {
			cart.Items = append(cart.Items, pricing.Item{ProductID: p, UnitPrice: decimal.New(int64(100+r.IntN(9000)), -2), Quantity: 1 + i%2})
		}
		n := 1 + r.IntN(10)
		cands := make([]pricing.Candidate, n)
		for i := range cands {
			cands[i] = randomCandidate(r, fmt.Sprintf("c%d", i), products)
		}
		max := 1 + r.IntN(4)
		got := pricing.BestStack(cands, cart, pricing.Catalog{}, max)
		want := bruteForce(cands, cart, max)
		if !got.Stack.Discount.Equal(want) {
			t.Fatalf("round %d: BestStack %s, every combination %s\ncart %+v\ncandidates %+v", round, got.Stack.Discount, want, cart, cands)
		}
		checkStack(t, got.Stack, cart)
	}
}

func randomCandidate(r *rand.Rand, id string, products []string) pricing.Candidate {
	var d models.Discount
	switch r.IntN(3) {
	case 0:
		d = amount(decimal.New(int64(100*(1+r.IntN(40))), -2).String())
	case 1:
		d = percent(fmt.Sprint(5 * (1 + r.IntN(10))))
		if r.IntN(2) == 0 {
			d.MaxDiscount = nd(fmt.Sprint(1 + r.IntN(20)))
		}
	default:
		d = freeShipping
	}
	if r.IntN(2) == 0 {
		d.MinOrderAmount = nd(fmt.Sprint(r.IntN(120)))
	}
	scope := all
	if r.IntN(2) == 0 {
		scope = only(products[r.IntN(len(products))])
	}
	var s pricing.Stacking
	for _, c := range pricing.Classes {
		if r.IntN(4) > 0 {
			s.CombinesWith = append(s.CombinesWith, c)
		}
	}
	s.Exclusive = r.IntN(8) == 0
	return pricing.Candidate{ID: id, Coupon: usd(d, scope), Stacking: s}
}

// bruteForce is the largest total of any combination of at most max
// candidates that combine pairwise, applied in the order BestStack applies
// them (by class, then largest single discount first, then id).
func bruteForce(cands []pricing.Candidate, cart pricing.Cart, max int) decimal.Decimal {
	alone := make([]decimal.Decimal, len(cands))
	for i, c := range cands {
		alone[i] = pricing.Price(c.Coupon, cart, pricing.Catalog{}).Discount
	}
	best := decimal.Decimal{}
	for mask := 1; mask < 1<<len(cands); mask++ {
		var idx []int
		for i := range cands {
			if mask&(1<<i) != 0 {
				idx = append(idx, i)
			}
		}
		if len(idx) > max {
			continue
		}
		ok := true
		for x := range idx {
			for y := x + 1; y < len(idx); y++ {
				a, b := cands[idx[x]], cands[idx[y]]
				if !pricing.Combines(pricing.ClassOf(a.Coupon.Discount, a.Coupon.Scope), a.Stacking, pricing.ClassOf(b.Coupon.Discount, b.Coupon.Scope), b.Stacking) {
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		slices.SortStableFunc(idx, func(x, y int) int {
			if c := alone[y].Cmp(alone[x]); c != 0 {
				return c
			}
			return strings.Compare(cands[x].ID, cands[y].ID)
		})
		coupons := make([]pricing.Coupon, len(idx))
		for k, i := range idx {
			coupons[k] = cands[i].Coupon
		}
		if st := pricing.PriceStack(coupons, cart, pricing.Catalog{}); st.Discount.GreaterThan(best) {
			best = st.Discount
		}
	}
	return best
}

// checkStack holds the caps of any stack: no line or fee below zero, each
// coupon's shares add up to its discount, the total is the sum, and what is
// left plus what was taken is the cart.
func checkStack(t *testing.T, st pricing.Stack, cart pricing.Cart) {
	t.Helper()
	places := int32(models.MinorUnits(cart.Currency))
	total := decimal.Decimal{}
	taken := make([]decimal.Decimal, len(cart.Items))
	shipping := decimal.Decimal{}
	for k, sh := range st.Shares {
		if sh.Discount.IsNegative() || !sh.Discount.Equal(sh.Discount.Truncate(places)) {
			t.Fatalf("coupon %d: discount %s", k, sh.Discount)
		}
		sum := sh.Shipping
		for i, l := range sh.Lines {
			if l.IsNegative() {
				t.Fatalf("coupon %d: negative share %s on line %d", k, l, i)
			}
			sum = sum.Add(l)
			taken[i] = taken[i].Add(l)
		}
		if sh.Applicable && !sum.Equal(sh.Discount) {
			t.Fatalf("coupon %d: shares add up to %s, discount %s", k, sum, sh.Discount)
		}
		shipping = shipping.Add(sh.Shipping)
		total = total.Add(sh.Discount)
	}
	if !total.Equal(st.Discount) {
		t.Fatalf("total %s, shares %s", st.Discount, total)
	}
	for i, it := range cart.Items {
		line := decimal.Decimal{}
		if it.Quantity >= 1 {
			line = it.UnitPrice.Mul(decimal.NewFromInt(int64(it.Quantity)))
		}
		if st.Lines[i].IsNegative() || !st.Lines[i].Add(taken[i]).Equal(line) {
			t.Fatalf("line %d: left %s + taken %s != %s", i, st.Lines[i], taken[i], line)
		}
	}
	if st.ShippingFee.IsNegative() || (cart.ShippingFee.IsPositive() && !st.ShippingFee.Add(shipping).Equal(cart.ShippingFee)) {
		t.Fatalf("fee left %s + taken %s != %s", st.ShippingFee, shipping, cart.ShippingFee)
	}
}

// FuzzPriceStack holds the caps for any stack of up to four coupons on a
// two-line cart, and a stack of one prices as Price does.
func FuzzPriceStack(f *testing.F) {
	f.Add(int64(6000), int64(1000), int32(1), int32(3), int64(800), uint64(0x1234), uint64(0x5678), uint8(3), uint8(0))
	f.Add(int64(1), int64(0), int32(1), int32(1), int64(0), uint64(1), uint64(2), uint8(1), uint8(2))
	f.Add(int64(99999), int64(3), int32(7), int32(0), int64(5), uint64(0xffffffff), uint64(0xabcdef), uint8(4), uint8(5))
	f.Fuzz(func(t *testing.T, p1, p2 int64, q1, q2 int32, fee int64, seed1, seed2 uint64, n, curIdx uint8) {
		cur := fuzzCurrencies[int(curIdx)%len(fuzzCurrencies)]
		exp := -int32(models.MinorUnits(cur))
		abs := func(v int64) int64 {
			if v < 0 {
				return -v % 1e12
			}
			return v % 1e12
		}
		cart := pricing.Cart{Currency: cur, ShippingFee: decimal.New(abs(fee), exp), Items: []pricing.Item{
			{ProductID: "a", UnitPrice: decimal.New(abs(p1), exp), Quantity: int(q1 % 1000)},
			{ProductID: "b", UnitPrice: decimal.New(abs(p2), exp), Quantity: int(q2 % 1000)},
		}}
		r := rand.New(rand.NewPCG(seed1, seed2))
		coupons := make([]pricing.Coupon, 1+int(n)%4)
		for i := range coupons {
			c := randomCandidate(r, "", []string{"a", "b"}).Coupon
			c.Currency = cur
			coupons[i] = c
		}
		st := pricing.PriceStack(coupons, cart, pricing.Catalog{})
		checkStack(t, st, cart)
		one := pricing.PriceStack(coupons[:1], cart, pricing.Catalog{})
		alone := pricing.Price(coupons[0], cart, pricing.Catalog{})
		if !one.Discount.Equal(alone.Discount) || one.Shares[0].Reason != alone.Reason {
			t.Fatalf("stack of one %s (%s), Price %s (%s)", one.Discount, one.Shares[0].Reason, alone.Discount, alone.Reason)
		}
		for i, sh := range st.Shares {
			if a := pricing.Price(coupons[i], cart, pricing.Catalog{}); sh.Discount.GreaterThan(a.Discount) {
				t.Fatalf("coupon %d takes %s in the stack, more than %s alone", i, sh.Discount, a.Discount)
			}
		}
	})
}

// BenchmarkBestStack: a wallet of 100 coupons (every one with its own
// rules: no copies to fold), a 20-item cart, stacks of up to 5.
func BenchmarkBestStack(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 7))
	products := make([]string, 20)
	cart := pricing.Cart{Currency: "USD", ShippingFee: dec("9.00")}
	for i := range products {
		products[i] = fmt.Sprintf("p%d", i)
		cart.Items = append(cart.Items, pricing.Item{ProductID: products[i], UnitPrice: decimal.New(int64(500+r.IntN(20000)), -2), Quantity: 1 + r.IntN(3)})
	}
	cands := make([]pricing.Candidate, 100)
	for i := range cands {
		cands[i] = randomCandidate(r, fmt.Sprintf("c%03d", i), products)
		cands[i].Stacking = everything
	}
	b.ResetTimer()
	for b.Loop() {
		pricing.BestStack(cands, cart, pricing.Catalog{}, 5)
	}
}
