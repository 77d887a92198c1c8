package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/testenv"
)

func TestOrdersAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		m := d.start(t)
		admin := adminClient(t, m)
		op := keyClient(t, admin, m, "OPERATOR")
		svc := keyClient(t, admin, m, "SERVICE")
		support := keyClient(t, admin, m, "SUPPORT")
		shopper := shopperClient(t, m, "buyer")

		op.ok(`mutation{upsertCategories(categories:[{id:"food",name:"Food"},{id:"fruit",name:"Fruit",parentId:"food"}]){count userErrors{message}}}`, nil)
		data := op.ok(`mutation{upsertProducts(products:[{id:"apple",name:"Apple",categoryId:"fruit"},{id:"tv",name:"TV"}]){count userErrors{field message}}}`, nil)
		if dig(data, "upsertProducts", "count") != 2.0 {
			t.Fatalf("upsert: %v", data)
		}
		data = op.ok(`mutation{upsertProducts(products:[{id:"x",name:"X",categoryId:"nope"}]){count userErrors{field code}}}`, nil)
		if dig(data, "upsertProducts", "userErrors", 0, "field", 2) != "categoryId" {
			t.Errorf("unknown category: %v", data)
		}
		op.ok(`mutation{setSuperBlacklist(add:["tv"]){count}}`, nil)
		data = op.ok(`{products(superBlacklisted:true){totalCount edges{node{id superBlacklisted}}} categories{id parentId}}`, nil)
		if dig(data, "products", "totalCount") != 1.0 || len(data["categories"].([]any)) != 2 {
			t.Errorf("catalog reads: %v", data)
		}

		fruitOnly := activeCouponID(t, op, "fruit 20%", func(in map[string]any) {
			in["discount"] = map[string]any{"kind": "PERCENT_OFF", "percentOff": "20", "maxDiscount": "5"}
			in["productScope"] = map[string]any{"kind": "WHITELIST", "categoryIds": []string{"food"}}
		})
		_, p := claimCode(shopper, nil, fruitOnly, "c1")
		ucID, _ := dig(p, "userCoupon", "id").(string)
		if ucID == "" {
			t.Fatalf("claim: %v", p)
		}

		cart := map[string]any{"items": []any{
			map[string]any{"productId": "apple", "unitPrice": "12.50", "quantity": 2},
			map[string]any{"productId": "tv", "unitPrice": "500.00", "quantity": 1},
		}, "shippingFee": "5.00"}

		t.Run("QualifyCart", func(t *testing.T) {
			d := shopper.ok(`query($c:CartInput!){qualifyCart(cart:$c){best{discount eligibleSubtotal userCoupon{id}} options{applicable reason discount}}}`, map[string]any{"c": cart})
			if dig(d, "qualifyCart", "best", "discount") != "5.00" || dig(d, "qualifyCart", "best", "eligibleSubtotal") != "25.00" {
				t.Errorf("qualify: %v", d)
			}
			tvOnly := map[string]any{"items": []any{map[string]any{"productId": "tv", "unitPrice": "500.00", "quantity": 1}}}
			d = shopper.ok(`query($c:CartInput!){qualifyCart(cart:$c){best{discount} options{applicable reason}}}`, map[string]any{"c": tvOnly})
			if dig(d, "qualifyCart", "best") != nil || dig(d, "qualifyCart", "options", 0, "reason") != "NO_ELIGIBLE_ITEMS" {
				t.Errorf("tv only: %v", d)
			}
			bad := map[string]any{"items": []any{map[string]any{"productId": "tv", "unitPrice": "-1", "quantity": 0}}}
			if r := shopper.do(`query($c:CartInput!){qualifyCart(cart:$c){best{discount}}}`, map[string]any{"c": bad}); r.code() != "INVALID_INPUT" {
				t.Errorf("bad cart: %+v", r.Errors)
			}
		})

		use := `mutation($in:UseCouponInput!){useCoupon(input:$in){userCoupon{status orderId discountApplied} discount userErrors{code field}}}`
		t.Run("UseReplayAndRefund", func(t *testing.T) {
			in := map[string]any{"userId": "buyer", "userCouponId": ucID, "orderId": "order-1", "cart": cart}
			d := svc.ok(use, map[string]any{"in": in})
			if dig(d, "useCoupon", "discount") != "5.00" || dig(d, "useCoupon", "userCoupon", "status") != "USED" || dig(d, "useCoupon", "userCoupon", "discountApplied") != "5.00" {
				t.Fatalf("use: %v", d)
			}
			if d := svc.ok(use, map[string]any{"in": in}); dig(d, "useCoupon", "userCoupon", "status") != "USED" {
				t.Errorf("retry: %v", d)
			}
			in["orderId"] = "order-2"
			if d := svc.ok(use, map[string]any{"in": in}); dig(d, "useCoupon", "userErrors", 0, "code") != "NOT_USABLE" {
				t.Errorf("second order: %v", d)
			}
			d = svc.ok(`mutation{refundOrder(input:{userId:"buyer",orderId:"order-1"}){userCoupon{status orderId} userErrors{code}}}`, nil)
			if dig(d, "refundOrder", "userCoupon", "status") != "UNUSED" || dig(d, "refundOrder", "userCoupon", "orderId") != nil {
				t.Errorf("refund: %v", d)
			}
		})

		t.Run("LockRelease", func(t *testing.T) {
			in := map[string]any{"userCouponId": ucID, "orderId": "order-3", "cart": cart}
			d := shopper.ok(`mutation($in:UseCouponInput!){lockCoupon(input:$in){userCoupon{status orderId} userErrors{code}}}`, map[string]any{"in": in})
			if dig(d, "lockCoupon", "userCoupon", "status") != "LOCKED" {
				t.Fatalf("lock: %v", d)
			}
			d = shopper.ok(`mutation{releaseCoupon(input:{orderId:"order-3"}){userCoupon{status} userErrors{code}}}`, nil)
			if dig(d, "releaseCoupon", "userCoupon", "status") != "UNUSED" {
				t.Errorf("release: %v", d)
			}
		})

		t.Run("SomeoneElsesCoupon", func(t *testing.T) {
			other := shopperClient(t, m, "intruder")
			in := map[string]any{"userCouponId": ucID, "orderId": "order-x", "cart": cart}
			if d := other.ok(use, map[string]any{"in": in}); dig(d, "useCoupon", "userErrors", 0, "code") != "NOT_FOUND" {
				t.Errorf("another shopper used the coupon: %v", d)
			}
		})

		t.Run("RevokeBySupport", func(t *testing.T) {
			q := `mutation($id:ID!){revokeUserCoupon(id:$id,reason:"abuse"){userCoupon{status} userErrors{code}}}`
			if r := svc.do(q, map[string]any{"id": ucID}); r.code() != "FORBIDDEN" {
				t.Errorf("service revoked: %+v", r.Errors)
			}
			if d := support.ok(q, map[string]any{"id": ucID}); dig(d, "revokeUserCoupon", "userCoupon", "status") != "REVOKED" {
				t.Errorf("revoke: %v", d)
			}
		})

		t.Run("Stacks", func(t *testing.T) {
			both := []string{"PRODUCT", "ORDER", "SHIPPING"}
			fruit := activeCouponID(t, op, "fruit 2 off", func(in map[string]any) {
				in["discount"] = map[string]any{"kind": "AMOUNT_OFF", "amountOff": "2"}
				in["productScope"] = map[string]any{"kind": "WHITELIST", "categoryIds": []string{"fruit"}}
				in["combinesWith"] = both
			})
			ship := activeCouponID(t, op, "free shipping", func(in map[string]any) {
				in["discount"] = map[string]any{"kind": "FREE_SHIPPING"}
				in["combinesWith"] = both
			})
			d := op.ok(`query($id:ID!){coupon(id:$id){class combinesWith exclusive}}`, map[string]any{"id": ship})
			if dig(d, "coupon", "class") != "SHIPPING" || len(dig(d, "coupon", "combinesWith").([]any)) != 3 || dig(d, "coupon", "exclusive") != false {
				t.Errorf("coupon's stacking: %v", d)
			}
			bad := couponInput("contradiction")
			bad["exclusive"], bad["combinesWith"] = true, []string{"ORDER"}
			if d := op.ok(createCoupon, map[string]any{"in": bad}); dig(d, "createCoupon", "userErrors", 0, "field", 1) != "combinesWith" {
				t.Errorf("exclusive with combinesWith: %v", d)
			}
			stacker := shopperClient(t, m, "stacker")
			var ids []string
			for _, c := range []string{fruit, ship} {
				_, p := claimCode(stacker, nil, c, "st-"+c)
				ids = append(ids, dig(p, "userCoupon", "id").(string))
			}
			d = stacker.ok(`query($c:CartInput!){qualifyCart(cart:$c){bestStack{discount itemsTotal shippingFee maxCoupons coupons{coupon{name class} userCoupon{id} discount lines shipping} leftOut{why}}}}`, map[string]any{"c": cart})
			st := dig(d, "qualifyCart", "bestStack")
			if dig(st, "discount") != "7.00" || dig(st, "maxCoupons") != 5.0 || dig(st, "coupons", 1, "coupon", "class") != "SHIPPING" ||
				dig(st, "coupons", 0, "lines", 0) != "2.00" || dig(st, "coupons", 1, "shipping") != "5.00" {
				t.Errorf("best stack: %v", st)
			}
			sim := op.ok(`query($c:CartInput!,$ids:[ID!]!){simulateStack(cart:$c,couponIds:$ids){discount coupons{coupon{id}}}}`, map[string]any{"c": cart, "ids": []string{fruit, ship}})
			if dig(sim, "simulateStack", "discount") != "7.00" {
				t.Errorf("simulation: %v", sim)
			}
			useMany := `mutation($in:UseCouponsInput!){useCoupons(input:$in){userCoupons{status} discount replayed stack{discount} userErrors{code field}}}`
			in := map[string]any{"userId": "stacker", "userCouponIds": ids, "orderId": "stack-1", "cart": cart}
			d = svc.ok(useMany, map[string]any{"in": in})
			if dig(d, "useCoupons", "discount") != "7.00" || dig(d, "useCoupons", "userCoupons", 1, "status") != "USED" || dig(d, "useCoupons", "replayed") != false {
				t.Fatalf("useCoupons: %v", d)
			}
			if d := svc.ok(useMany, map[string]any{"in": in}); dig(d, "useCoupons", "replayed") != true {
				t.Errorf("useCoupons retry: %v", d)
			}
			d = svc.ok(`mutation{refundOrder(input:{userId:"stacker",orderId:"stack-1"}){userCoupons{status} userErrors{code}}}`, nil)
			if dig(d, "refundOrder", "userCoupons", 0, "status") != "UNUSED" || dig(d, "refundOrder", "userCoupons", 1, "status") != "UNUSED" {
				t.Errorf("refund of the stack: %v", d)
			}
		})

		t.Run("CampaignBudget", func(t *testing.T) {
			d := op.ok(`mutation{createCampaign(input:{name:"Spring",budget:{amount:"15",usesPerDay:5}}){campaign{id currency} userErrors{code field}}}`, nil)
			camp, _ := dig(d, "createCampaign", "campaign", "id").(string)
			if camp == "" || dig(d, "createCampaign", "campaign", "currency") != "USD" {
				t.Fatalf("createCampaign: %v", d)
			}
			if d := op.ok(`mutation{createCampaign(input:{name:"",budget:{amount:"-1"}}){userErrors{code field}}}`, nil); len(dig(d, "createCampaign", "userErrors").([]any)) != 2 {
				t.Errorf("bad campaign: %v", d)
			}
			c := activeCouponID(t, op, "spring 10", func(in map[string]any) { in["campaignId"] = camp })
			var ucs []string
			for _, u := range []string{"sp-1", "sp-2"} {
				_, p := claimCode(svc, u, c, "sp-"+u)
				ucs = append(ucs, dig(p, "userCoupon", "id").(string))
			}
			apples := map[string]any{"items": []any{map[string]any{"productId": "apple", "unitPrice": "40.00", "quantity": 2}}}
			in := map[string]any{"userId": "sp-1", "userCouponId": ucs[0], "orderId": "sp-o1", "cart": apples}
			if d := svc.ok(use, map[string]any{"in": in}); dig(d, "useCoupon", "userCoupon", "discountApplied") != "10.00" {
				t.Fatalf("first use: %v", d)
			}
			in = map[string]any{"userId": "sp-2", "userCouponId": ucs[1], "orderId": "sp-o2", "cart": apples}
			if d := svc.ok(use, map[string]any{"in": in}); dig(d, "useCoupon", "userErrors", 0, "code") != "BUDGET_EXHAUSTED" {
				t.Errorf("a use past the budget: %v", d)
			}
			d = op.ok(`query($id:ID!){campaign(id:$id){budget{amount spent amountLeft usesToday usesLeftToday} coupons{id campaign{id}} stats{used discountTotal}}}`, map[string]any{"id": camp})
			bud := dig(d, "campaign", "budget")
			if dig(bud, "spent") != "10.00" || dig(bud, "amountLeft") != "5.00" || dig(bud, "usesToday") != 1.0 || dig(bud, "usesLeftToday") != 4.0 ||
				dig(d, "campaign", "coupons", 0, "campaign", "id") != camp {
				t.Errorf("campaign: %v", d)
			}
			if d := op.ok(`{campaigns{id}}`, nil); len(dig(d, "campaigns").([]any)) < 1 {
				t.Errorf("campaigns: %v", d)
			}
			// The coupon list narrowed to the campaign: its one coupon, of all
			// the test's coupons; a bad id is refused.
			d = op.ok(`query($f:CouponFilter){coupons(first:50,filter:$f){totalCount edges{node{id}}}}`, map[string]any{"f": map[string]any{"campaignId": camp}})
			if dig(d, "coupons", "totalCount") != 1.0 || dig(d, "coupons", "edges", 0, "node", "id") != c {
				t.Errorf("coupons of the campaign: %v", d)
			}
			if r := op.do(`{coupons(filter:{campaignId:"x"}){totalCount}}`, nil); r.code() != "INVALID_INPUT" {
				t.Errorf("a bad campaign id in the filter: %+v", r.Errors)
			}
			// The campaigns export: its coupons' figures (folded in the
			// background) and its budget now.
			rng := "?from=" + url.QueryEscape(time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)) + "&to=" + url.QueryEscape(time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
			deadline := time.Now().Add(30 * time.Second)
			for {
				status, body := op.get("/export/stats/campaigns" + rng)
				var row []string
				for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
					if f := strings.Split(strings.TrimRight(line, "\r"), ","); f[0] == camp {
						row = f
					}
				}
				if status == http.StatusOK && len(row) == 14 && row[4] == "1" {
					if row[1] != "Spring" || row[8] != "15.00" || row[9] != "10.00" || row[10] != "5.00" || row[11] != "5" || row[12] != "1" || row[13] != "USD" {
						t.Errorf("campaign row %v", row)
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("campaigns export: %d %s", status, body)
				}
				time.Sleep(100 * time.Millisecond)
			}
		})

		t.Run("ScopeAndClaimableByProduct", func(t *testing.T) {
			open := activeCouponID(t, op, "anything", nil)
			d := op.ok(`mutation($id:ID!){setProductScope(couponId:$id,scope:{kind:BLACKLIST,categoryIds:["fruit"]}){coupon{productScope{kind categoryIds}} userErrors{code}}}`, map[string]any{"id": open})
			if dig(d, "setProductScope", "coupon", "productScope", "kind") != "BLACKLIST" {
				t.Fatalf("scope: %v", d)
			}
			d = svc.ok(`{claimableCoupons(userId:"browser",productId:"apple"){edges{node{id}}}}`, nil)
			for _, e := range d["claimableCoupons"].(map[string]any)["edges"].([]any) {
				if dig(e, "node", "id") == open {
					t.Errorf("a coupon blacklisting fruit is offered on an apple page")
				}
			}
		})
	})
}
