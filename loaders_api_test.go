package main

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/coupond/coupond/internal/testenv"
)

// TestListLoaders checks that the per-row reads under a list are batched
// (resolvers/loaders.go): a list of n coupons reads their remaining stock
// in a query or two, whatever n, and every row still gets its own figure.
func TestListLoaders(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		m := d.start(t)
		admin := adminClient(t, m)
		op := keyClient(t, admin, m, "OPERATOR")
		analyst := keyClient(t, admin, m, "ANALYST")
		svc := keyClient(t, admin, m, "SERVICE")

		const n = 24
		want := map[string]float64{} // coupon id -> remaining stock
		for i := range n {
			total := 10 + i
			id := activeCouponID(t, op, fmt.Sprintf("Loaded %02d", i), func(in map[string]any) {
				in["totalStock"] = total
				in["perUserLimit"] = 3
			})
			claims := 1 + i%3 // one for the listed user, the others for someone else
			for c := range claims {
				user := "loader-listed"
				if c > 0 {
					user = "loader-other"
				}
				if code, _ := claimCode(svc, user, id, fmt.Sprintf("r%d-%d", i, c)); code != "" {
					t.Fatalf("claim %d of %s: %s", c, id, code)
				}
			}
			want[id] = float64(total - claims)
		}

		// Batches close after a short wait: a slow scheduler may split one,
		// so allow a few; one query per row would make n.
		const most = 3

		t.Run("UserCouponsCoupon", func(t *testing.T) {
			before := remainingQueries(t, m)
			data := svc.ok(`{userCoupons(userId:"loader-listed",first:50){edges{node{coupon{id name remainingStock}}}}}`, nil)
			queries := remainingQueries(t, m) - before
			edges, _ := dig(data, "userCoupons", "edges").([]any)
			if len(edges) != n {
				t.Fatalf("%d user coupons, want %d", len(edges), n)
			}
			for _, e := range edges {
				c := dig(e, "node", "coupon")
				id, _ := dig(c, "id").(string)
				if got := dig(c, "remainingStock"); got != want[id] || !strings.HasPrefix(fmt.Sprint(dig(c, "name")), "Loaded ") {
					t.Errorf("coupon %s: %v, want remainingStock %v", id, c, want[id])
				}
			}
			if queries < 1 || queries > most {
				t.Errorf("%d remaining-stock queries for %d rows, want 1 to %d", queries, n, most)
			}
		})

		t.Run("CouponsStats", func(t *testing.T) {
			before := remainingQueries(t, m)
			data := analyst.ok(`{coupons(first:50){edges{node{id remainingStock stats{remainingStock}}}}}`, nil)
			queries := remainingQueries(t, m) - before
			edges, _ := dig(data, "coupons", "edges").([]any)
			if len(edges) != n {
				t.Fatalf("%d coupons, want %d", len(edges), n)
			}
			for _, e := range edges {
				id, _ := dig(e, "node", "id").(string)
				if dig(e, "node", "remainingStock") != want[id] || dig(e, "node", "stats", "remainingStock") != want[id] {
					t.Errorf("coupon %s: %v, want remainingStock %v", id, dig(e, "node"), want[id])
				}
			}
			// One for the page's coupons, the rest for their statistics.
			if queries < 2 || queries > 1+most {
				t.Errorf("%d remaining-stock queries for %d coupons with statistics, want 2 to %d", queries, n, 1+most)
			}
		})
	})
}

// remainingQueries reads the instance's count of remaining-stock queries
// from its /metrics.
func remainingQueries(t *testing.T, m *Main) int {
	t.Helper()
	res, err := http.Get("http://" + m.Addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	const name = "coupond_stock_remaining_queries_total "
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s%s: %v", name, v, err)
			}
			return int(f)
		}
	}
	t.Fatalf("no %s in /metrics (%v)", strings.TrimSpace(name), sc.Err())
	return 0
}
