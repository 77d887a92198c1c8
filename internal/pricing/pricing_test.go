package pricing_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/models"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal { return decimal.NullDecimal{Decimal: dec(s), Valid: true} }

func item(product, category, price string, qty int) pricing.Item {
	return pricing.Item{ProductID: product, CategoryID: category, UnitPrice: dec(price), Quantity: qty}
}

var all = models.ProductScope{Kind: models.ScopeAll}

func percent(p string) models.Discount {
	return models.Discount{Kind: models.PercentOff, PercentOff: nd(p)}
}

func amount(a string) models.Discount {
	return models.Discount{Kind: models.AmountOff, AmountOff: nd(a)}
}

// catalog: electronics > phones > android; electronics > laptops; food.
var catalog = pricing.Catalog{
	Parents: map[string]string{
		"android": "phones",
		"phones":  "electronics",
		"laptops": "electronics",
		"food":    "",
		// a cycle in bad data
		"loopA": "loopB",
		"loopB": "loopA",
	},
	SuperBlacklist: map[string]bool{"gift-card": true},
}

func TestPrice(t *testing.T) {
	tests := []struct {
		name     string
		coupon   pricing.Coupon
		cart     pricing.Cart
		cat      pricing.Catalog
		want     string // discount
		eligible string
		reason   models.Code
	}{
		{
			name:     "percent rounds down: 12.5% of 33.33",
			coupon:   pricing.Coupon{Currency: "USD", Discount: percent("12.5"), Scope: all},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "33.33", 1)}},
			want:     "4.16",
			eligible: "33.33",
		},
		{
			name:     "percent rounds down across lines",
			coupon:   pricing.Coupon{Currency: "USD", Discount: percent("33.33"), Scope: all},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "0.99", 3), item("p2", "", "1.01", 1)}},
			want:     "1.32", // 3.98 * 0.3333 = 1.326534
			eligible: "3.98",
		},
		{
			name: "percent capped by maxDiscount",
			coupon: pricing.Coupon{Currency: "USD", Scope: all,
				Discount: models.Discount{Kind: models.PercentOff, PercentOff: nd("20"), MaxDiscount: nd("15")}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "100", 1)}},
			want:     "15",
			eligible: "100",
		},
		{
			name: "percent under maxDiscount",
			coupon: pricing.Coupon{Currency: "USD", Scope: all,
				Discount: models.Discount{Kind: models.PercentOff, PercentOff: nd("10"), MaxDiscount: nd("50")}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "100", 1)}},
			want:     "10",
			eligible: "100",
		},
		{
			name:     "amount capped at eligible subtotal",
			coupon:   pricing.Coupon{Currency: "USD", Discount: amount("50"), Scope: all},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "12.50", 2), item("p2", "", "5.05", 1)}},
			want:     "30.05",
			eligible: "30.05",
		},
		{
			name:     "amount below subtotal",
			coupon:   pricing.Coupon{Currency: "USD", Discount: amount("5"), Scope: all},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "30", 1)}},
			want:     "5",
			eligible: "30",
		},
		{
			name: "amount capped at eligible subtotal, not cart total",
			coupon: pricing.Coupon{Currency: "USD", Discount: amount("50"),
				Scope: models.ProductScope{Kind: models.ScopeWhitelist, CategoryIDs: models.StringList{"food"}}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("apple", "food", "3", 2), item("tv", "electronics", "500", 1)}},
			cat:      catalog,
			want:     "6",
			eligible: "6",
		},
		{
			name: "threshold met when equal",
			coupon: pricing.Coupon{Currency: "USD", Scope: all,
				Discount: models.Discount{Kind: models.AmountOff, AmountOff: nd("5"), MinOrderAmount: nd("30")}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "10", 3)}},
			want:     "5",
			eligible: "30",
		},
		{
			name: "threshold missed by a cent",
			coupon: pricing.Coupon{Currency: "USD", Scope: all,
				Discount: models.Discount{Kind: models.AmountOff, AmountOff: nd("5"), MinOrderAmount: nd("30.01")}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "10", 3)}},
			want:     "0",
			eligible: "30",
			reason:   models.CodeThresholdNotMet,
		},
		{
			name: "threshold compares the eligible subtotal",
			coupon: pricing.Coupon{Currency: "USD",
				Scope:    models.ProductScope{Kind: models.ScopeWhitelist, CategoryIDs: models.StringList{"food"}},
				Discount: models.Discount{Kind: models.PercentOff, PercentOff: nd("10"), MinOrderAmount: nd("50")}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("apple", "food", "20", 1), item("tv", "electronics", "500", 1)}},
			cat:      catalog,
			want:     "0",
			eligible: "20",
			reason:   models.CodeThresholdNotMet,
		},
		{
			name: "zero minOrderAmount is no threshold",
			coupon: pricing.Coupon{Currency: "USD", Scope: all,
				Discount: models.Discount{Kind: models.AmountOff, AmountOff: nd("5"), MinOrderAmount: nd("0")}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "1", 1)}},
			want:     "1",
			eligible: "1",
		},
		{
			name: "whitelist root category covers a grandchild",
			coupon: pricing.Coupon{Currency: "USD", Discount: percent("10"),
				Scope: models.ProductScope{Kind: models.ScopeWhitelist, CategoryIDs: models.StringList{"electronics"}}},
			cart: pricing.Cart{Currency: "USD", Items: []pricing.Item{
				item("pixel", "android", "400", 1), item("book", "food", "20", 1), item("mac", "laptops", "1000", 1)}},
			cat:      catalog,
			want:     "140",
			eligible: "1400",
		},
		{
			name: "whitelist by product id",
			coupon: pricing.Coupon{Currency: "USD", Discount: amount("1"),
				Scope: models.ProductScope{Kind: models.ScopeWhitelist, ProductIDs: models.StringList{"book"}}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("pixel", "android", "400", 1), item("book", "food", "20", 2)}},
			cat:      catalog,
			want:     "1",
			eligible: "40",
		},
		{
			name: "blacklist by category excludes descendants",
			coupon: pricing.Coupon{Currency: "USD", Discount: amount("10"),
				Scope: models.ProductScope{Kind: models.ScopeBlacklist, CategoryIDs: models.StringList{"phones"}}},
			cart: pricing.Cart{Currency: "USD", Items: []pricing.Item{
				item("pixel", "android", "400", 1), item("mac", "laptops", "1000", 1), item("nocat", "", "5", 1)}},
			cat:      catalog,
			want:     "10",
			eligible: "1005",
		},
		{
			name: "blacklist covering every item",
			coupon: pricing.Coupon{Currency: "USD", Discount: amount("10"),
				Scope: models.ProductScope{Kind: models.ScopeBlacklist, CategoryIDs: models.StringList{"electronics"}}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("pixel", "android", "400", 1)}},
			cat:      catalog,
			want:     "0",
			eligible: "0",
			reason:   models.CodeNoEligibleItems,
		},
		{
			name: "super-blacklist overrides a whitelist",
			coupon: pricing.Coupon{Currency: "USD", Discount: amount("10"),
				Scope: models.ProductScope{Kind: models.ScopeWhitelist, ProductIDs: models.StringList{"gift-card"}}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("gift-card", "", "50", 1)}},
			cat:      catalog,
			want:     "0",
			eligible: "0",
			reason:   models.CodeNoEligibleItems,
		},
		{
			name:     "super-blacklist overrides ALL",
			coupon:   pricing.Coupon{Currency: "USD", Discount: amount("10"), Scope: all},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("gift-card", "", "50", 1), item("p1", "", "7", 1)}},
			cat:      catalog,
			want:     "7",
			eligible: "7",
		},
		{
			name:     "currency mismatch",
			coupon:   pricing.Coupon{Currency: "USD", Discount: amount("10"), Scope: all},
			cart:     pricing.Cart{Currency: "EUR", Items: []pricing.Item{item("p1", "", "50", 1)}},
			want:     "0",
			eligible: "0",
			reason:   models.CodeCurrency,
		},
		{
			name:     "JPY rounds to whole yen",
			coupon:   pricing.Coupon{Currency: "JPY", Discount: percent("15"), Scope: all},
			cart:     pricing.Cart{Currency: "JPY", Items: []pricing.Item{item("p1", "", "999", 1)}},
			want:     "149", // 149.85
			eligible: "999",
		},
		{
			name: "JPY cap with decimals is rounded down",
			coupon: pricing.Coupon{Currency: "JPY", Scope: all,
				Discount: models.Discount{Kind: models.PercentOff, PercentOff: nd("50"), MaxDiscount: nd("100.9")}},
			cart:     pricing.Cart{Currency: "JPY", Items: []pricing.Item{item("p1", "", "1000", 1)}},
			want:     "100",
			eligible: "1000",
		},
		{
			name:     "KWD rounds to 3 decimals",
			coupon:   pricing.Coupon{Currency: "KWD", Discount: percent("7.5"), Scope: all},
			cart:     pricing.Cart{Currency: "KWD", Items: []pricing.Item{item("p1", "", "12.345", 1)}},
			want:     "0.925", // 0.925875
			eligible: "12.345",
		},
		{
			name:     "free shipping takes the fee",
			coupon:   pricing.Coupon{Currency: "USD", Discount: models.Discount{Kind: models.FreeShipping}, Scope: all},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "10", 1)}, ShippingFee: dec("4.99")},
			want:     "4.99",
			eligible: "10",
		},
		{
			name:     "free shipping without a fee",
			coupon:   pricing.Coupon{Currency: "USD", Discount: models.Discount{Kind: models.FreeShipping}, Scope: all},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "10", 1)}},
			want:     "0",
			eligible: "10",
		},
		{
			name: "free shipping with threshold met",
			coupon: pricing.Coupon{Currency: "USD", Scope: all,
				Discount: models.Discount{Kind: models.FreeShipping, MinOrderAmount: nd("25")}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "12.5", 2)}, ShippingFee: dec("6")},
			want:     "6",
			eligible: "25",
		},
		{
			name: "free shipping with threshold missed",
			coupon: pricing.Coupon{Currency: "USD", Scope: all,
				Discount: models.Discount{Kind: models.FreeShipping, MinOrderAmount: nd("25")}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "24.99", 1)}, ShippingFee: dec("6")},
			want:     "0",
			eligible: "24.99",
			reason:   models.CodeThresholdNotMet,
		},
		{
			name: "free shipping with no eligible item",
			coupon: pricing.Coupon{Currency: "USD", Discount: models.Discount{Kind: models.FreeShipping},
				Scope: models.ProductScope{Kind: models.ScopeWhitelist, ProductIDs: models.StringList{"other"}}},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "10", 1)}, ShippingFee: dec("6")},
			want:     "0",
			eligible: "0",
			reason:   models.CodeNoEligibleItems,
		},
		{
			name:     "lines with no quantity are ignored",
			coupon:   pricing.Coupon{Currency: "USD", Discount: amount("100"), Scope: all},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "10", 0), item("p2", "", "3", 1)}},
			want:     "3",
			eligible: "3",
		},
		{
			name:     "empty cart",
			coupon:   pricing.Coupon{Currency: "USD", Discount: amount("100"), Scope: all},
			cart:     pricing.Cart{Currency: "USD"},
			want:     "0",
			eligible: "0",
			reason:   models.CodeNoEligibleItems,
		},
		{
			name:     "unknown discount kind takes nothing",
			coupon:   pricing.Coupon{Currency: "USD", Discount: models.Discount{Kind: "BOGUS"}, Scope: all},
			cart:     pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "", "10", 1)}},
			want:     "0",
			eligible: "10",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pricing.Price(tt.coupon, tt.cart, tt.cat)
			if got.Reason != tt.reason {
				t.Errorf("reason = %q, want %q", got.Reason, tt.reason)
			}
			if got.Applicable != (tt.reason == "") {
				t.Errorf("applicable = %v with reason %q", got.Applicable, got.Reason)
			}
			if !got.Discount.Equal(dec(tt.want)) {
				t.Errorf("discount = %s, want %s", got.Discount, tt.want)
			}
			if !got.EligibleSubtotal.Equal(dec(tt.eligible)) {
				t.Errorf("eligible subtotal = %s, want %s", got.EligibleSubtotal, tt.eligible)
			}
		})
	}
}

func TestEligible(t *testing.T) {
	// a chain deeper than the on-stack visited buffer: c0 -> c1 -> ... -> c39.
	deep := pricing.Catalog{Parents: map[string]string{}}
	for i := range 39 {
		deep.Parents[fmt.Sprint("c", i)] = fmt.Sprint("c", i+1)
	}
	deepCycle := pricing.Catalog{Parents: map[string]string{}}
	for i := range 40 {
		deepCycle.Parents[fmt.Sprint("c", i)] = fmt.Sprint("c", (i+1)%40)
	}
	many := make(models.StringList, 0, 100)
	for i := range 100 {
		many = append(many, fmt.Sprint("x", i))
	}
	white := func(products, categories []string) models.ProductScope {
		return models.ProductScope{Kind: models.ScopeWhitelist, ProductIDs: products, CategoryIDs: categories}
	}
	black := func(products, categories []string) models.ProductScope {
		return models.ProductScope{Kind: models.ScopeBlacklist, ProductIDs: products, CategoryIDs: categories}
	}
	tests := []struct {
		name              string
		scope             models.ProductScope
		product, category string
		cat               pricing.Catalog
		want              bool
	}{
		{"all", all, "p", "", catalog, true},
		{"all but super-blacklisted", all, "gift-card", "", catalog, false},
		{"unknown scope kind", models.ProductScope{Kind: "SOME"}, "p", "", catalog, false},
		{"whitelist product", white([]string{"p"}, nil), "p", "food", catalog, true},
		{"whitelist other product", white([]string{"q"}, nil), "p", "food", catalog, false},
		{"whitelist own category", white(nil, []string{"android"}), "p", "android", catalog, true},
		{"whitelist parent category", white(nil, []string{"phones"}), "p", "android", catalog, true},
		{"whitelist root category", white(nil, []string{"electronics"}), "p", "android", catalog, true},
		{"whitelist child does not cover parent", white(nil, []string{"android"}), "p", "phones", catalog, false},
		{"whitelist sibling category", white(nil, []string{"laptops"}), "p", "android", catalog, false},
		{"whitelist category missing from catalog", white(nil, []string{"new"}), "p", "new", catalog, true},
		{"whitelist no category", white(nil, []string{"electronics"}), "p", "", catalog, false},
		{"whitelist super-blacklisted", white([]string{"gift-card"}, []string{"food"}), "gift-card", "food", catalog, false},
		{"whitelist category cycle", white(nil, []string{"electronics"}), "p", "loopA", catalog, false},
		{"whitelist category in a cycle", white(nil, []string{"loopB"}), "p", "loopA", catalog, true},
		{"whitelist deep chain root", white(nil, []string{"c39"}), "p", "c0", deep, true},
		{"whitelist deep cycle", white(nil, []string{"zzz"}), "p", "c0", deepCycle, false},
		{"whitelist deep cycle member", white(nil, []string{"c35"}), "p", "c0", deepCycle, true},
		{"whitelist long product list", white(append(slices.Clone(many), "p"), nil), "p", "", catalog, true},
		{"whitelist long category list", white(nil, append(slices.Clone(many), "electronics")), "p", "android", catalog, true},
		{"whitelist long list miss", white(many, many), "p", "android", catalog, false},
		{"blacklist product", black([]string{"p"}, nil), "p", "food", catalog, false},
		{"blacklist other product", black([]string{"q"}, nil), "p", "food", catalog, true},
		{"blacklist ancestor category", black(nil, []string{"electronics"}), "p", "android", catalog, false},
		{"blacklist other category", black(nil, []string{"food"}), "p", "android", catalog, true},
		{"blacklist category cycle", black(nil, []string{"food"}), "p", "loopA", catalog, true},
		{"blacklist super-blacklisted", black([]string{"q"}, nil), "gift-card", "", catalog, false},
		{"nil catalog", white(nil, []string{"a"}), "p", "a", pricing.Catalog{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pricing.Eligible(tt.scope, tt.product, tt.category, tt.cat); got != tt.want {
				t.Errorf("Eligible = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidateCart(t *testing.T) {
	good := func() pricing.Cart {
		return pricing.Cart{Currency: "USD", Items: []pricing.Item{item("p1", "c", "9.99", 2), item("p2", "", "0", 1)}, ShippingFee: dec("4.5")}
	}
	with := func(f func(*pricing.Cart)) pricing.Cart {
		c := good()
		f(&c)
		return c
	}
	tests := []struct {
		name string
		cart pricing.Cart
		want []string // field paths, joined by "."
	}{
		{"valid", good(), nil},
		{"valid JPY", pricing.Cart{Currency: "JPY", Items: []pricing.Item{item("p", "", "1000", 1)}}, nil},
		{"valid KWD 3 decimals", pricing.Cart{Currency: "KWD", Items: []pricing.Item{item("p", "", "1.005", 1)}, ShippingFee: dec("0.250")}, nil},
		{"trailing zeros are fine", with(func(c *pricing.Cart) { c.Items[0].UnitPrice = dec("9.9900") }), nil},
		{"unknown currency", with(func(c *pricing.Cart) { c.Currency = "XYZ" }), []string{"cart.currency"}},
		{"lower-case currency", with(func(c *pricing.Cart) { c.Currency = "usd" }), []string{"cart.currency"}},
		{"no items", with(func(c *pricing.Cart) { c.Items = nil }), []string{"cart.items"}},
		{"too many items", with(func(c *pricing.Cart) {
			c.Items = make([]pricing.Item, 501)
			for i := range c.Items {
				c.Items[i] = item("p", "", "1", 1)
			}
		}), []string{"cart.items"}},
		{"500 items", with(func(c *pricing.Cart) {
			c.Items = make([]pricing.Item, 500)
			for i := range c.Items {
				c.Items[i] = item("p", "", "1", 1)
			}
		}), nil},
		{"empty productId", with(func(c *pricing.Cart) { c.Items[1].ProductID = "" }), []string{"cart.items.1.productId"}},
		{"blank productId", with(func(c *pricing.Cart) { c.Items[1].ProductID = "  " }), []string{"cart.items.1.productId"}},
		{"long productId", with(func(c *pricing.Cart) { c.Items[0].ProductID = strings.Repeat("x", 65) }), []string{"cart.items.0.productId"}},
		{"64-char productId", with(func(c *pricing.Cart) { c.Items[0].ProductID = strings.Repeat("x", 64) }), nil},
		{"negative unitPrice", with(func(c *pricing.Cart) { c.Items[1].UnitPrice = dec("-0.01") }), []string{"cart.items.1.unitPrice"}},
		{"unitPrice sub-cent", with(func(c *pricing.Cart) { c.Items[0].UnitPrice = dec("1.005") }), []string{"cart.items.0.unitPrice"}},
		{"JPY unitPrice with decimals", pricing.Cart{Currency: "JPY", Items: []pricing.Item{item("p", "", "100.5", 1)}}, []string{"cart.items.0.unitPrice"}},
		{"KWD unitPrice with 4 decimals", pricing.Cart{Currency: "KWD", Items: []pricing.Item{item("p", "", "1.0005", 1)}}, []string{"cart.items.0.unitPrice"}},
		{"zero quantity", with(func(c *pricing.Cart) { c.Items[0].Quantity = 0 }), []string{"cart.items.0.quantity"}},
		{"negative quantity", with(func(c *pricing.Cart) { c.Items[0].Quantity = -1 }), []string{"cart.items.0.quantity"}},
		{"quantity too large", with(func(c *pricing.Cart) { c.Items[1].Quantity = 100001 }), []string{"cart.items.1.quantity"}},
		{"quantity at limit", with(func(c *pricing.Cart) { c.Items[1].Quantity = 100000 }), nil},
		{"negative shippingFee", with(func(c *pricing.Cart) { c.ShippingFee = dec("-1") }), []string{"cart.shippingFee"}},
		{"shippingFee sub-cent", with(func(c *pricing.Cart) { c.ShippingFee = dec("0.001") }), []string{"cart.shippingFee"}},
		{"several problems", with(func(c *pricing.Cart) {
			c.Currency = ""
			c.Items[0] = pricing.Item{UnitPrice: dec("-1"), Quantity: 0}
			c.ShippingFee = dec("-2")
		}), []string{"cart.currency", "cart.items.0.productId", "cart.items.0.unitPrice", "cart.items.0.quantity", "cart.shippingFee"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// root with spare capacity: paths must not share its array.
			root := make([]string, 1, 8)
			root[0] = "cart"
			errs := pricing.ValidateCart(root, tt.cart)
			var got []string
			for _, e := range errs {
				if e.Code != models.CodeInvalidInput {
					t.Errorf("code = %s, want INVALID_INPUT", e.Code)
				}
				if e.Message == "" {
					t.Errorf("empty message for %v", e.Field)
				}
				got = append(got, strings.Join(e.Field, "."))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("fields = %q, want %q (%v)", got, tt.want, errs)
			}
			if (errs.Err() == nil) != (len(tt.want) == 0) {
				t.Errorf("Err() = %v", errs.Err())
			}
		})
	}
}

func TestRank(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	on := func(d string) pricing.Result { return pricing.Result{Applicable: true, Discount: dec(d)} }
	off := pricing.Result{Discount: decimal.Zero, Reason: models.CodeThresholdNotMet}
	tests := []struct {
		name string
		opts []pricing.Option
		want []string
	}{
		{"applicable first, then largest discount", []pricing.Option{
			{ID: "na", ValidUntil: t0, Result: off},
			{ID: "small", ValidUntil: t0, Result: on("1")},
			{ID: "big", ValidUntil: t0, Result: on("10.5")},
			{ID: "mid", ValidUntil: t0, Result: on("10.49")},
		}, []string{"big", "mid", "small", "na"}},
		{"ties by earliest validUntil", []pricing.Option{
			{ID: "a", ValidUntil: t0.Add(48 * time.Hour), Result: on("5")},
			{ID: "b", ValidUntil: t0, Result: on("5.00")},
			{ID: "c", ValidUntil: t0.Add(24 * time.Hour), Result: on("5")},
		}, []string{"b", "c", "a"}},
		{"no end comes last among ties", []pricing.Option{
			{ID: "forever", Result: on("5")},
			{ID: "soon", ValidUntil: t0, Result: on("5")},
		}, []string{"soon", "forever"}},
		{"ties by id", []pricing.Option{
			{ID: "z", ValidUntil: t0, Result: on("5")},
			{ID: "a", ValidUntil: t0.In(time.FixedZone("X", 3600)), Result: on("5")},
			{ID: "m", ValidUntil: t0, Result: on("5")},
		}, []string{"a", "m", "z"}},
		{"not applicable ordered by validUntil then id", []pricing.Option{
			{ID: "y", ValidUntil: t0.Add(time.Hour), Result: off},
			{ID: "x", ValidUntil: t0.Add(time.Hour), Result: off},
			{ID: "w", ValidUntil: t0.Add(2 * time.Hour), Result: off},
			{ID: "v", ValidUntil: t0, Result: off},
		}, []string{"v", "x", "y", "w"}},
		{"empty", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pricing.Rank(tt.opts)
			var got []string
			for _, o := range tt.opts {
				got = append(got, o.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("order = %q, want %q", got, tt.want)
			}
		})
	}
}
