package models

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

func TestSplitStock(t *testing.T) {
	cases := []struct {
		total int64
		n     int
		want  string
	}{
		{10, 3, "[4 3 3]"},
		{2, 4, "[1 1 0 0]"},
		{16, 16, "[1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1]"},
		{7, 1, "[7]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(SplitStock(c.total, c.n)); got != c.want {
			t.Errorf("SplitStock(%d,%d) = %s, want %s", c.total, c.n, got, c.want)
		}
	}
}

func TestTagRuleMatches(t *testing.T) {
	rule := TagRule{AnyOf: StringList{"vip", "new"}, AllOf: StringList{"verified"}, NoneOf: StringList{"fraud"}}
	cases := []struct {
		name string
		tags []string
		want bool
	}{
		{"AnyAndAll", []string{"vip", "verified"}, true},
		{"MissingAll", []string{"vip"}, false},
		{"MissingAny", []string{"verified"}, false},
		{"Excluded", []string{"vip", "verified", "fraud"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := rule.Matches(c.tags); got != c.want {
				t.Errorf("got %v", got)
			}
		})
	}
	if !(TagRule{}).Matches(nil) {
		t.Error("an empty rule must let everybody in")
	}
}

func TestDiscountValidation(t *testing.T) {
	dec := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	days := 3
	base := func(d DiscountSpec) *CouponSpec {
		return &CouponSpec{Name: "x", Discount: d, Validity: ValiditySpec{Kind: ValidityRelative, Days: &days}, TotalStock: 1}
	}
	cases := []struct {
		name  string
		d     DiscountSpec
		field string // "" = valid
	}{
		{"AmountOff", DiscountSpec{Kind: AmountOff, AmountOff: dec("5.50")}, ""},
		{"AmountOffMissing", DiscountSpec{Kind: AmountOff}, "amountOff"},
		{"AmountOffZero", DiscountSpec{Kind: AmountOff, AmountOff: dec("0")}, "amountOff"},
		{"AmountOffThreeDecimals", DiscountSpec{Kind: AmountOff, AmountOff: dec("5.555")}, "amountOff"},
		{"TrailingZerosAreFine", DiscountSpec{Kind: AmountOff, AmountOff: dec("5.5000")}, ""},
		{"PercentOff", DiscountSpec{Kind: PercentOff, PercentOff: dec("12.5"), MaxDiscount: dec("20")}, ""},
		{"PercentOffHundred", DiscountSpec{Kind: PercentOff, PercentOff: dec("100")}, "percentOff"},
		{"PercentWithAmount", DiscountSpec{Kind: PercentOff, PercentOff: dec("10"), AmountOff: dec("1")}, "amountOff"},
		{"FreeShipping", DiscountSpec{Kind: FreeShipping, MinOrderAmount: dec("99")}, ""},
		{"FreeShippingWithPercent", DiscountSpec{Kind: FreeShipping, PercentOff: dec("5")}, "percentOff"},
		{"NegativeThreshold", DiscountSpec{Kind: FreeShipping, MinOrderAmount: dec("-1")}, "minOrderAmount"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := base(c.d).Validate([]string{"input"}, CouponDefaults{Currency: "USD"})
			if c.field == "" {
				if len(errs) > 0 {
					t.Fatalf("unexpected errors %v", errs)
				}
				return
			}
			for _, e := range errs {
				if fmt.Sprint(e.Field) == fmt.Sprint([]string{"input", "discount", c.field}) {
					return
				}
			}
			t.Errorf("no error on discount.%s: %v", c.field, errs)
		})
	}
}

func TestErrorCode(t *testing.T) {
	if ErrorCode(nil) != "" || ErrorCode(fmt.Errorf("boom")) != CodeInternal {
		t.Error("nil or a foreign error")
	}
	wrapped := fmt.Errorf("ctx: %w", Errorf(CodeOutOfStock, "gone"))
	if ErrorCode(wrapped) != CodeOutOfStock {
		t.Errorf("wrapped: %v", ErrorCode(wrapped))
	}
	if ErrorCode(Errors{FieldError(CodeInvalidInput, []string{"a"}, "x")}) != CodeInvalidInput {
		t.Error("Errors")
	}
	if !CodeUnavailable.RequestLevel() || CodeOutOfStock.RequestLevel() {
		t.Error("RequestLevel")
	}
}

func TestCursor(t *testing.T) {
	id, err := DecodeCursor(EncodeCursor(42))
	if err != nil || id != 42 {
		t.Fatalf("round trip: %d %v", id, err)
	}
	for _, bad := range []string{"", "42", "aWQ6", "aWQ6eA"} {
		if _, err := DecodeCursor(bad); ErrorCode(err) != CodeInvalidInput {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
