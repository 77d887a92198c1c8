package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
)

// useStackQuery uses several coupons on one order.
const useStackQuery = `mutation($i:UseCouponsInput!){useCoupons(input:$i){userCoupons{id status} discount userErrors{code message}}}`

// stackDiscount is what the use-stack coupons take off useCart (62.50 of
// items, 5.00 of shipping): the order coupons apply largest single discount
// first, 10% (6.25), then 5.00 off, then the 5.00 of shipping.
const stackDiscount = "16.25"

// useStackScenario is the scenario "use-stack": -users users each claim
// three coupons that combine (one batch claim, setup), then each uses the
// three at once on its own order (useCoupons), -concurrency at a time. Its
// rate is orders/s, compared with the single uses/s of "use".
func (bn *bench) useStackScenario(ctx context.Context) *Result {
	r := &Result{Scenario: "use-stack", Unit: "orders/s"}
	n := bn.set.Users
	if _, err := bn.ensureCatalog(ctx); err != nil {
		r.Err = err.Error()
		return r
	}
	specs := []couponSpec{
		{Name: "stack 5 off", Discount: &discountSpec{Kind: "AMOUNT_OFF", AmountOff: "5.00"}, CombinesWith: []string{"ORDER", "SHIPPING"}},
		{Name: "stack 10%", Discount: &discountSpec{Kind: "PERCENT_OFF", PercentOff: "10"}, CombinesWith: []string{"ORDER", "SHIPPING"}},
		{Name: "stack shipping", Discount: &discountSpec{Kind: "FREE_SHIPPING"}, CombinesWith: []string{"ORDER"}},
	}
	var ids []string
	for _, s := range specs {
		s.TotalStock, s.PerUserLimit, s.StockSlots, s.Currency = int64(n), 1, 16, "USD"
		got, err := bn.newCoupons(ctx, 1, s)
		if err != nil {
			r.Err = err.Error()
			return r
		}
		ids = append(ids, got...)
	}
	claimT := newClaimTemplate(ids)
	userPrefix := fmt.Sprintf("%s-s%d-", bn.prefix, bn.nextSeq())
	held := make([][]string, n)
	t0 := time.Now()
	err := parallel(ctx, n, min(bn.set.Concurrency, useSetupClients), func(i int) error {
		o := bn.api.claim(ctx, claimT.fill(nil, userPrefix, i, "r", i), true)
		if o.err != "" || o.code != "" || len(o.ids) != len(ids) {
			return fmt.Errorf("setup: batch claim for user %d: code %q, error %q, %d coupons", i, o.code, o.err, len(o.ids))
		}
		held[i] = o.ids
		return nil
	})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	fmt.Fprintf(os.Stderr, "  use-stack: %d x %d coupons claimed (setup) in %s\n", n, len(ids), time.Since(t0).Round(time.Millisecond))
	bn.settleStats(ctx, ids, int64(n))

	c := useCart(bn.prefix)
	want := decimal.RequireFromString(stackDiscount)
	var bad atomic.Int64
	var firstBad atomic.Pointer[string]
	l := runLoad(ctx, loadSpec{
		jobs: n, concurrency: bn.set.Concurrency, duration: bn.set.Duration,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			body, _ := json.Marshal(map[string]any{"query": useStackQuery, "variables": map[string]any{"i": map[string]any{
				"userId": fmt.Sprintf("%s%d", userPrefix, i), "userCouponIds": held[i], "orderId": fmt.Sprintf("so%d", i), "cart": c}}})
			o := bn.api.useStack(ctx, body)
			if o.err == "" && o.code == "" {
				d, err := decimal.NewFromString(o.discount)
				if err != nil || !d.Equal(want) || len(o.ids) != len(ids) || o.status != "USED" {
					bad.Add(1)
					msg := fmt.Sprintf("user %d: %d coupons, status %q, discount %q", i, len(o.ids), o.status, o.discount)
					firstBad.CompareAndSwap(nil, &msg)
				}
			}
			return buf, o.claimOutcome
		},
	})
	r.fromLoad(l, 1)
	detail := fmt.Sprintf("%d orders used their %d coupons; %d answers not all USED with %s off", r.OK, len(ids), bad.Load(), stackDiscount)
	if p := firstBad.Load(); p != nil {
		detail += "; first: " + *p
	}
	r.check("stacks", bad.Load() == 0 && r.OK > 0, "%s", detail)
	checkUnexpected(r)
	return r
}

// useStack sends a useCoupons body, retrying BUSY as use does; status is
// the coupons' common status ("MIXED" when they differ).
func (c *client) useStack(ctx context.Context, body []byte) useOutcome {
	return retryingBusy(ctx, func(o *useOutcome) {
		var out struct {
			P struct {
				UserCoupons []struct {
					ID     string `json:"id"`
					Status string `json:"status"`
				} `json:"userCoupons"`
				Discount   *string     `json:"discount"`
				UserErrors []userError `json:"userErrors"`
			} `json:"useCoupons"`
		}
		if err := c.post(ctx, body, false, &out); err != nil {
			o.err = err.Error()
			return
		}
		switch {
		case len(out.P.UserErrors) > 0:
			o.code = out.P.UserErrors[0].Code
		case len(out.P.UserCoupons) == 0:
			o.code = "NO_RESULT"
		default:
			for _, uc := range out.P.UserCoupons {
				o.ids = append(o.ids, uc.ID)
				if o.status == "" {
					o.status = uc.Status
				} else if o.status != uc.Status {
					o.status = "MIXED"
				}
			}
			if out.P.Discount != nil {
				o.discount = *out.P.Discount
			}
		}
	})
}
