package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/testenv"
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
