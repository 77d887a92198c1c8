package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

func TestCouponInput(t *testing.T) {
	plain := couponInput(couponSpec{Name: "n", TotalStock: 3, PerUserLimit: 1, StockSlots: 16})
	if d := plain["discount"].(map[string]any); d["kind"] != "AMOUNT_OFF" || d["amountOff"] != "5.00" {
		t.Errorf("default discount %v", d)
	}
	if _, ok := plain["currency"]; ok {
		t.Errorf("currency set without one asked: %v", plain)
	}
	if _, ok := plain["productScope"]; ok {
		t.Errorf("scope set without one asked: %v", plain)
	}
	in := couponInput(couponSpec{Name: "p", TotalStock: 1, Currency: "USD",
		Discount:        &discountSpec{Kind: "PERCENT_OFF", PercentOff: "10", MaxDiscount: "15.00"},
		ScopeCategories: []string{"c1"}})
	got, _ := json.Marshal(in)
	for _, s := range []string{`"discount":{"kind":"PERCENT_OFF","maxDiscount":"15.00","percentOff":"10"}`,
		`"currency":"USD"`, `"productScope":{"categoryIds":["c1"],"kind":"WHITELIST"}`} {
		if !strings.Contains(string(got), s) {
			t.Errorf("input %s lacks %s", got, s)
		}
	}
}

func TestCatalogAndCart(t *testing.T) {
	cd := buildCatalog("cbx", 200)
	if len(cd.categories) != 8 || len(cd.products) != 200 {
		t.Fatalf("%d categories, %d products; want 8, 200", len(cd.categories), len(cd.products))
	}
	parents := map[string]string{}
	for _, c := range cd.categories {
		parents[c.ID] = c.ParentID
	}
	if parents[cd.cat["phones"]] != cd.cat["electronics"] || parents[cd.cat["kitchen"]] != cd.cat["home"] || parents[cd.cat["toys"]] != "" {
		t.Errorf("tree %v", parents)
	}
	for _, p := range cd.products {
		if _, ok := parents[p.CategoryID]; !ok || !strings.HasPrefix(p.ID, "cbx-p-") {
			t.Errorf("product %+v", p)
		}
	}
	c := buildCart(cd, 20)
	if len(c.Items) != 20 || c.Currency != "USD" || c.ShippingFee != "5.00" {
		t.Fatalf("cart %+v", c)
	}
	cats := map[string]bool{}
	byID := map[string]string{}
	for _, p := range cd.products {
		byID[p.ID] = p.CategoryID
	}
	for _, it := range c.Items {
		cats[byID[it.ProductID]] = true
		if it.Quantity < 1 || it.Quantity > 3 || it.UnitPrice == "" {
			t.Errorf("item %+v", it)
		}
	}
	if cats[cd.cat["toys"]] || !cats[cd.cat["phones"]] || !cats[cd.cat["kitchen"]] || !cats[cd.cat["books"]] {
		t.Errorf("cart categories %v: want no toys; phones, kitchen, books", cats)
	}
	js := string(cartJSON(cart{Currency: "USD", ShippingFee: "5.00", Items: []cartItem{{ProductID: "p1", UnitPrice: "12.50", Quantity: 2}}}))
	if want := `{"currency":"USD","items":[{"productId":"p1","unitPrice":"12.50","quantity":2}],"shippingFee":"5.00"}`; js != want {
		t.Errorf("cart JSON\n got %s\nwant %s", js, want)
	}
	if got := cartTotal(useCart("cbx")); got != "67.50" {
		t.Errorf("use cart total %s, want 25.00x2 + 12.50 + 5.00 = 67.50", got)
	}
}

func TestQualifyCoupons(t *testing.T) {
	cd := buildCatalog("cbx", 200)
	specs := qualifyCoupons(cd, 50)
	kinds := map[string]int{}
	var capped, threshold, scoped int
	for _, s := range specs {
		kinds[s.Discount.Kind]++
		if s.Discount.MaxDiscount != "" {
			capped++
		}
		if s.Discount.MinOrderAmount != "" {
			threshold++
		}
		if len(s.ScopeCategories) > 0 {
			scoped++
		}
		if s.Currency != "USD" || s.TotalStock < 1 {
			t.Errorf("spec %+v", s)
		}
	}
	if kinds["AMOUNT_OFF"] != 25 || kinds["PERCENT_OFF"] != 15 || kinds["FREE_SHIPPING"] != 10 || capped != 10 || threshold != 20 || scoped != 20 {
		t.Errorf("kinds %v, capped %d, with threshold %d, scoped %d", kinds, capped, threshold, scoped)
	}
}

func TestUseTemplate(t *testing.T) {
	tmpl := newUseTemplate(cartJSON(useCart("cbx")))
	body := tmpl.fill(nil, "u-", 42, "UC:9", "o", 7)
	var req struct {
		Query     string `json:"query"`
		Variables struct {
			I struct {
				UserID       string `json:"userId"`
				UserCouponID string `json:"userCouponId"`
				OrderID      string `json:"orderId"`
				Cart         cart   `json:"cart"`
			} `json:"i"`
		} `json:"variables"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	in := req.Variables.I
	if req.Query != useQuery || in.UserID != "u-42" || in.UserCouponID != "UC:9" || in.OrderID != "o7" || len(in.Cart.Items) != 2 || in.Cart.Items[0].ProductID != "cbx-p-0" {
		t.Errorf("body %s", body)
	}
	// A reused buffer is overwritten; an id that needs escaping is escaped.
	body = tmpl.fill(body, "u-", 1, `a"b`, "o2-", 1)
	if err := json.Unmarshal(body, &req); err != nil || req.Variables.I.UserCouponID != `a"b` || req.Variables.I.OrderID != "o2-1" {
		t.Errorf("refilled body %s (%v)", body, err)
	}
	for in, want := range map[string]string{"abc": `"abc"`, "a<b": `"a\u003cb"`, "é": `"é"`, "": `""`} {
		if got := string(appendJSONString([]byte("x"), in)); got != "x"+want {
			t.Errorf("appendJSONString(%q) = %s, want x%s", in, got, want)
		}
	}
}

func TestQualifyBody(t *testing.T) {
	body := qualifyBody("user-1", cartJSON(cart{Currency: "USD", Items: []cartItem{{ProductID: "p", UnitPrice: "1.00", Quantity: 1}}}), false)
	var req struct {
		Query     string `json:"query"`
		Variables struct {
			U string `json:"u"`
			C cart   `json:"c"`
		} `json:"variables"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if req.Query != qualifyQuery || req.Variables.U != "user-1" || len(req.Variables.C.Items) != 1 {
		t.Errorf("body %s", body)
	}
}

func TestCheckQualification(t *testing.T) {
	reason := "THRESHOLD_NOT_MET"
	opt := func(id string, applicable bool, discount string) qualOption {
		o := qualOption{Applicable: applicable, Discount: discount, EligibleSubtotal: "100.00"}
		o.UserCoupon.ID = id
		if !applicable {
			o.Reason = &reason
		}
		return o
	}
	best := func(id, discount string) *qualOption { o := opt(id, true, discount); return &o }
	opts := []qualOption{opt("a", true, "10.00"), opt("b", true, "12.5"), opt("c", false, "0"), opt("d", true, "3.00")}
	tests := []struct {
		name    string
		q       qualification
		want    int
		applies int
		err     string
	}{
		{"BestIsLargest", qualification{Best: best("b", "12.50"), Options: opts}, 4, 3, ""},
		{"DecimalsCompareExactly", qualification{Best: best("b", "12.500"), Options: opts}, 4, 3, ""},
		{"WrongCount", qualification{Best: best("b", "12.50"), Options: opts}, 50, 0, "4 options, want 50"},
		{"NotTheLargest", qualification{Best: best("a", "10.00"), Options: opts}, 4, 3, "largest applicable is 12.5"},
		{"BestMissing", qualification{Options: opts}, 4, 3, "no best"},
		{"BestNotAnOption", qualification{Best: best("z", "12.5"), Options: opts}, 4, 3, "not among the options"},
		{"BestMislabelled", qualification{Best: best("a", "12.5"), Options: opts}, 4, 3, "listed as applicable=true discount 10.00"},
		{"NoneApplies", qualification{Options: []qualOption{opt("c", false, "0")}}, 1, 0, ""},
		{"BestWhenNoneApplies", qualification{Best: best("c", "0"), Options: []qualOption{opt("c", false, "0")}}, 1, 0, "no option applies"},
		{"Duplicate", qualification{Options: []qualOption{opt("c", false, "0"), opt("c", false, "0")}}, 2, 0, "offered twice"},
		{"NotApplicableWithDiscount", qualification{Options: []qualOption{opt("c", false, "1.00")}}, 1, 0, "not applicable with discount"},
		{"BadDecimal", qualification{Options: []qualOption{opt("c", true, "1,00")}}, 1, 0, "discount \"1,00\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := checkQualification(tt.q, tt.want)
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("error %v, want one with %q", err, tt.err)
			case tt.err == "" && n != tt.applies:
				t.Errorf("%d applicable, want %d", n, tt.applies)
			}
		})
	}
}

func TestParallel(t *testing.T) {
	var sum atomic.Int64
	if err := parallel(context.Background(), 100, 8, func(i int) error { sum.Add(int64(i)); return nil }); err != nil || sum.Load() != 4950 {
		t.Errorf("sum %d, err %v", sum.Load(), err)
	}
	boom := errors.New("boom")
	if err := parallel(context.Background(), 100, 4, func(i int) error {
		if i == 10 {
			return boom
		}
		return nil
	}); err != boom {
		t.Errorf("err %v, want boom", err)
	}
	if err := parallel(context.Background(), 0, 4, func(int) error { return boom }); err != nil {
		t.Errorf("no jobs: %v", err)
	}
}

func TestOrderScenarios(t *testing.T) {
	all, err := parseScenarios("all")
	if err != nil || !slices.Contains(all, "use-baseline") || !slices.Contains(all, "use") || !slices.Contains(all, "qualify") {
		t.Errorf("all = %v (%v)", all, err)
	}
	if got, _ := parseScenarios("qualify,use,use-baseline"); !slices.Equal(got, []string{"use-baseline", "use", "qualify"}) {
		t.Errorf("order %v", got)
	}
	for s, want := range map[string]bool{"baseline": false, "baseline-1slot": false, "use-baseline": false, "use": true, "qualify": true, "hot-claim": true} {
		if needsServer(s) != want {
			t.Errorf("needsServer(%s) = %v", s, !want)
		}
	}

	rs := []*Result{
		{Scenario: "use-baseline", Unit: "uses/s", Rate: 4000},
		{Scenario: "use", Unit: "uses/s", Rate: 2200, P50ms: 20, P99ms: 50},
		{Scenario: "qualify", Unit: "requests/s", Rate: 900, P99ms: 12},
	}
	rs[1].check("per-user", true, "")
	setRatios(rs)
	if rs[1].Ratio != 0.55 || rs[1].RatioTo != "use-baseline" {
		t.Errorf("use ratio %v to %q, want 0.55 to use-baseline", rs[1].Ratio, rs[1].RatioTo)
	}
	want := map[string]string{"use / use-baseline (uses/s)": "FAIL", "qualify p99 (50 coupons, 20 items, C=8)": "FAIL"}
	found := 0
	for _, tg := range targets(rs) {
		if w, ok := want[tg.Name]; ok {
			found++
			if tg.Status != w {
				t.Errorf("%s: %s (%.2f), want %s", tg.Name, tg.Status, tg.Measured, w)
			}
		}
	}
	if found != len(want) {
		t.Errorf("%d of the order targets reported, want %d", found, len(want))
	}
	rs[1].Rate, rs[2].P99ms = 2600, 8
	setRatios(rs)
	for _, tg := range targets(rs) {
		if _, ok := want[tg.Name]; ok && tg.Status != "PASS" {
			t.Errorf("%s: %s (%.2f), want PASS", tg.Name, tg.Status, tg.Measured)
		}
	}
	for _, tg := range targets(rs[:1]) {
		if _, ok := want[tg.Name]; ok && tg.Status != "n/a" {
			t.Errorf("%s without its scenario: %s, want n/a", tg.Name, tg.Status)
		}
	}
	var b bytes.Buffer
	writeMarkdown(&b, rs, targets(rs), "")
	for _, s := range []string{"| use | 0 | 2,600 uses/s | 20.00 | 50.00 | - | - | ok | 0 | 0.65x use-baseline |", "| qualify p99 (50 coupons, 20 items, C=8) | 8.00 ms | <= 10 ms | PASS |"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, b.String())
		}
	}
}

func TestPostDecodesIntoOut(t *testing.T) {
	answer := `{"data":{"qualifyCart":{"best":null,"options":[{"userCoupon":{"id":"u1"},"applicable":false,"discount":"0","eligibleSubtotal":"1.00","reason":"NO_ELIGIBLE_ITEMS"}]}}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer k" {
			_, _ = io.WriteString(w, `{"data":null,"errors":[{"message":"no key","extensions":{"code":"UNAUTHENTICATED"}}]}`)
			return
		}
		_, _ = io.WriteString(w, answer)
	}))
	defer srv.Close()
	c := newClient(srv.URL)
	if _, err := c.qualify(context.Background(), []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "UNAUTHENTICATED: no key") {
		t.Errorf("without a key: %v", err)
	}
	c.apiKey = "k"
	q, err := c.qualify(context.Background(), []byte(`{}`))
	if err != nil || q.Best != nil || len(q.Options) != 1 || q.Options[0].UserCoupon.ID != "u1" || *q.Options[0].Reason != "NO_ELIGIBLE_ITEMS" {
		t.Errorf("answer %+v, %v", q, err)
	}
	if err := c.post(context.Background(), []byte(`{}`), false, nil); err != nil {
		t.Errorf("no out: %v", err)
	}
}
