package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/testenv"
	"github.com/shopspring/decimal"
)

func TestStatsAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		m := d.start(t)
		admin := adminClient(t, m)
		op := keyClient(t, admin, m, "OPERATOR")
		analyst := keyClient(t, admin, m, "ANALYST")
		svc := keyClient(t, admin, m, "SERVICE")
		id := activeCouponID(t, op, "Stats coupon", func(in map[string]any) { in["perUserLimit"] = 1 })
		cart := map[string]any{"items": []any{
			map[string]any{"productId": "apple", "unitPrice": "12.50", "quantity": 2},
			map[string]any{"productId": "pear", "unitPrice": "30.00", "quantity": 1},
		}}
		use := `mutation($in:UseCouponInput!){useCoupon(input:$in){discount userErrors{code}}}`
		for i := 0; i < 6; i++ {
			_, p := claimCode(svc, fmt.Sprint("stats-user-", i), id, "r")
			ucID, _ := dig(p, "userCoupon", "id").(string)
			if ucID == "" {
				t.Fatalf("claim: %v", p)
			}
			if i < 4 {
				in := map[string]any{"userId": fmt.Sprint("stats-user-", i), "userCouponId": ucID, "orderId": fmt.Sprint("o", i), "cart": cart}
				if r := svc.ok(use, map[string]any{"in": in}); dig(r, "useCoupon", "discount") != "10" && dig(r, "useCoupon", "discount") != "10.00" {
					t.Fatalf("use: %v", r)
				}
			}
		}
		q := `query($c:ID!){couponStats(couponId:$c){issued issuedByChannel{channel count} used discountTotal orderAmountTotal useRate remainingStock asOf}}`
		deadline := time.Now().Add(30 * time.Second)
		var st any
		for {
			st = dig(analyst.ok(q, map[string]any{"c": id}), "couponStats")
			if dig(st, "used") == float64(4) && dig(st, "issued") == float64(6) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("stats did not catch up: %v", st)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if dig(st, "discountTotal") != "40" && dig(st, "discountTotal") != "40.00" || dig(st, "orderAmountTotal") != "220" && dig(st, "orderAmountTotal") != "220.00" ||
			dig(st, "useRate").(float64) < 0.66 || dig(st, "remainingStock") != float64(94) || dig(st, "issuedByChannel", 0, "count") != float64(6) {
			t.Fatalf("couponStats: %v", st)
		}
		from, to := time.Now().Add(-2*time.Hour).UTC().Format(time.RFC3339), time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
		rng := map[string]any{"f": from, "t": to, "c": id}
		ov := analyst.ok(`query($f:Time!,$t:Time!){statsOverview(from:$f,to:$t){totals{used issued} topCoupons(first:5){coupon{id name} stats{used}}}}`, rng)
		if dig(ov, "statsOverview", "totals", "used") != float64(4) || dig(ov, "statsOverview", "topCoupons", 0, "coupon", "name") != "Stats coupon" {
			t.Fatalf("overview: %v", ov)
		}
		series := analyst.ok(`query($c:ID,$f:Time!,$t:Time!){statsSeries(couponId:$c,from:$f,to:$t,granularity:HOUR){at used}}`, rng)
		if pts, _ := dig(series, "statsSeries").([]any); len(pts) != 3 && len(pts) != 4 {
			t.Fatalf("series of 3 hours: %v", series)
		}
		prods := analyst.ok(`query($c:ID,$f:Time!,$t:Time!){productStats(couponId:$c,from:$f,to:$t){product{id name} orders units salesAmount discountTotal}}`, rng)
		if dig(prods, "productStats", 0, "product", "id") != "pear" || dig(prods, "productStats", 0, "units") != float64(4) || dig(prods, "productStats", 1, "orders") != float64(4) {
			t.Fatalf("products: %v", prods)
		}
		if r := analyst.do(`query($f:Time!,$t:Time!){statsSeries(from:$t,to:$f,granularity:DAY){at}}`, map[string]any{"f": from, "t": to}); r.code() != "INVALID_INPUT" {
			t.Fatalf("reversed range: %+v", r.Errors)
		}
		// Analysts read and export; they change nothing.
		if r := analyst.do(createCoupon, map[string]any{"in": couponInput("nope")}); r.code() != "FORBIDDEN" {
			t.Fatalf("an analyst created a coupon: %+v", r.Errors)
		}
		for _, path := range []string{"coupons", "series", "products"} {
			link := "/export/stats/" + path + "?from=" + url.QueryEscape(from) + "&to=" + url.QueryEscape(to) + "&granularity=HOUR"
			status, body := analyst.get(link)
			if status != http.StatusOK || !strings.HasPrefix(body, "\xEF\xBB\xBF") || strings.Count(body, "\n") < 2 {
				t.Fatalf("export %s: %d %q", path, status, body)
			}
			if status, _ := newClient(t, m).get(link); status != http.StatusUnauthorized {
				t.Fatalf("anonymous export %s: %d", path, status)
			}
		}
		if status, _ := svc.get("/export/stats/coupons?from=" + url.QueryEscape(from) + "&to=" + url.QueryEscape(to)); status != http.StatusForbidden {
			t.Fatalf("a SERVICE key exported statistics: %d", status)
		}
	})
}

// Every statistics CSV says the currency of its amounts: a coupon's row its
// coupon's, and the series and products of every coupon a row per currency,
// so that amounts in different currencies are never added up.
func TestStatsExportCurrency(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		m := d.start(t)
		admin := adminClient(t, m)
		op := keyClient(t, admin, m, "OPERATOR")
		analyst := keyClient(t, admin, m, "ANALYST")
		svc := keyClient(t, admin, m, "SERVICE")
		usd := activeCouponID(t, op, "Dollar coupon", nil)
		eur := activeCouponID(t, op, "Euro coupon", func(in map[string]any) { in["currency"] = "EUR" })
		use := `mutation($in:UseCouponInput!){useCoupon(input:$in){discount userErrors{code}}}`
		for i, c := range []struct{ id, currency string }{{usd, "USD"}, {eur, "EUR"}, {eur, "EUR"}} {
			user := fmt.Sprint("cur-user-", i)
			_, p := claimCode(svc, user, c.id, fmt.Sprint("r", i))
			ucID, _ := dig(p, "userCoupon", "id").(string)
			if ucID == "" {
				t.Fatalf("claim: %v", p)
			}
			cart := map[string]any{"currency": c.currency, "items": []any{
				map[string]any{"productId": "apple", "unitPrice": "60.00", "quantity": 1},
			}}
			in := map[string]any{"userId": user, "userCouponId": ucID, "orderId": fmt.Sprint("cur-o", i), "cart": cart}
			if r := svc.ok(use, map[string]any{"in": in}); dig(r, "useCoupon", "userErrors", 0) != nil {
				t.Fatalf("use: %v", r)
			}
		}
		from, to := time.Now().Add(-2*time.Hour).UTC().Format(time.RFC3339), time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
		rng := "?from=" + url.QueryEscape(from) + "&to=" + url.QueryEscape(to)
		csv := func(path string) [][]string {
			t.Helper()
			status, body := analyst.get(path)
			if status != http.StatusOK {
				t.Fatalf("%s: %d %s", path, status, body)
			}
			var rows [][]string
			for _, line := range strings.Split(strings.TrimSpace(strings.TrimPrefix(body, "\xEF\xBB\xBF")), "\n") {
				rows = append(rows, strings.Split(strings.TrimRight(line, "\r"), ","))
			}
			return rows
		}
		// the figures are folded in the background: wait for the three uses
		deadline := time.Now().Add(30 * time.Second)
		var coupons [][]string
		for {
			coupons = csv("/export/stats/coupons" + rng)
			used := 0
			for _, r := range coupons[1:] {
				n := 0
				fmt.Sscan(r[6], &n)
				used += n
			}
			if used == 3 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("stats did not catch up: %v", coupons)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if h := strings.Join(coupons[0], ","); h != "coupon_id,coupon_name,issued,issued_claim,issued_targeted,issued_code,used,refunded,"+
			"expired,revoked,discount_total,order_amount_total,use_rate,remaining_stock,as_of,currency" {
			t.Fatalf("coupons header: %s", h)
		}
		want := map[string][2]string{"Dollar coupon": {"USD", "10.00"}, "Euro coupon": {"EUR", "20.00"}}
		if len(coupons) != 3 {
			t.Fatalf("coupons: %v", coupons)
		}
		for _, r := range coupons[1:] {
			w, ok := want[r[1]]
			if !ok || r[15] != w[0] || !sameAmount(r[10], w[1]) {
				t.Fatalf("coupon row %v, want currency %v", r, w)
			}
		}

		series := csv("/export/stats/series" + rng + "&granularity=HOUR")
		if h := strings.Join(series[0], ","); h != "at,issued,used,refunded,discount_total,order_amount_total,currency" {
			t.Fatalf("series header: %s", h)
		}
		// every bucket has a row per currency, the amounts of its own coupons only
		got := map[string][2]int{}
		discount := map[string]string{}
		buckets := map[string][]string{}
		for _, r := range series[1:] {
			var used, issued int
			fmt.Sscan(r[2], &used)
			fmt.Sscan(r[1], &issued)
			g := got[r[6]]
			got[r[6]] = [2]int{g[0] + issued, g[1] + used}
			buckets[r[0]] = append(buckets[r[0]], r[6])
			if used > 0 {
				discount[r[6]] = r[4]
			}
		}
		if got["USD"] != [2]int{1, 1} || got["EUR"] != [2]int{2, 2} || len(got) != 2 || !sameAmount(discount["USD"], "10") || !sameAmount(discount["EUR"], "20") {
			t.Fatalf("series by currency: %v %v\n%v", got, discount, series)
		}
		for at, cs := range buckets {
			if strings.Join(cs, ",") != "EUR,USD" {
				t.Fatalf("bucket %s: currencies %v", at, cs)
			}
		}
		one := csv("/export/stats/series" + rng + "&granularity=HOUR&couponId=" + url.QueryEscape(eur))
		for _, r := range one[1:] {
			if r[6] != "EUR" {
				t.Fatalf("the euro coupon's series: %v", one)
			}
		}

		products := csv("/export/stats/products" + rng)
		if h := strings.Join(products[0], ","); h != "product_id,orders,units,sales_amount,discount_total,currency" {
			t.Fatalf("products header: %s", h)
		}
		if len(products) != 3 || !productRow(products[1], "apple", "2", "2", "120", "20", "EUR") ||
			!productRow(products[2], "apple", "1", "1", "60", "10", "USD") {
			t.Fatalf("products by currency: %v", products)
		}
		usdProducts := csv("/export/stats/products" + rng + "&couponId=" + url.QueryEscape(usd))
		if len(usdProducts) != 2 || !productRow(usdProducts[1], "apple", "1", "1", "60", "10", "USD") {
			t.Fatalf("the dollar coupon's products: %v", usdProducts)
		}
	})
}

// sameAmount tells whether two decimal strings are the same amount ("20" and "20.00").
func sameAmount(a, b string) bool {
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	return err1 == nil && err2 == nil && x.Equal(y)
}

// productRow tells whether a products CSV row is product id, orders, units, sales, discount, currency.
func productRow(r []string, id, orders, units, sales, discount, currency string) bool {
	return len(r) == 6 && r[0] == id && r[1] == orders && r[2] == units && sameAmount(r[3], sales) && sameAmount(r[4], discount) && r[5] == currency
}
