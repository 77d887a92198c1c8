package stats

import (
	"testing"
	"time"

	"github.com/coupond/coupond/models"
)

func TestDiscountIsSharedAmongEligibleLines(t *testing.T) {
	detail := `{"currency":"USD","items":[` +
		`{"productId":"a","quantity":2,"unitPrice":"10.00","eligible":true},` +
		`{"productId":"b","quantity":1,"unitPrice":"10.00","eligible":true},` +
		`{"productId":"c","quantity":1,"unitPrice":"50.00","eligible":false},` +
		`{"productId":"a","quantity":1,"unitPrice":"5.00","eligible":true}]}`
	amount, order := "10.00", "95.00"
	at := time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)
	b := newBatch()
	b.add(&event{ID: 1, CouponID: 7, Kind: models.EventUsed, Channel: models.ChannelClaim, Amount: &amount, OrderAmount: &order, Detail: &detail, At: at})
	got := map[string]*models.StatsProduct{}
	for k, r := range b.products {
		if k.grain == models.GrainHour && k.couponID == 7 {
			got[k.productID] = r
		}
	}
	// b: 10.00 of 35.00 eligible -> 2.857 -> 2.85 (whole cents, down); the
	// last eligible line (a again) takes the rest: shares add up to 10.00.
	if got["a"].Orders != 1 || got["a"].Units != 3 || got["a"].SalesE4 != 250000 || got["c"].DiscountE4 != 0 || got["c"].SalesE4 != 500000 {
		t.Fatalf("a %+v c %+v", got["a"], got["c"])
	}
	if sum := got["a"].DiscountE4 + got["b"].DiscountE4; sum != 100000 || got["b"].DiscountE4 != 28500 {
		t.Fatalf("shares a %d b %d, want b 28500 and 100000 in all", got["a"].DiscountE4, got["b"].DiscountE4)
	}
	if r := b.rollups[rollupKey{models.GrainDay, models.AllCoupons, day(at), models.ChannelClaim}]; r == nil || r.Used != 1 || r.DiscountE4 != 100000 || r.OrderAmountE4 != 950000 {
		t.Fatalf("day rollup of all coupons: %+v", r)
	}
}

func TestGapsAreWaitedForThenPassed(t *testing.T) {
	s := &Service{o: Options{GapGrace: time.Second}, gaps: map[string]gap{}}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	evs := []event{{ID: 11, At: now}, {ID: 12, At: now}, {ID: 14, At: now.Add(-time.Millisecond)}, {ID: 15, At: now}}
	n, asOf := s.contiguous("x", 10, evs, now)
	if n != 2 || !asOf.Equal(now.Add(-time.Millisecond)) {
		t.Fatalf("folds %d up to %s; want 2, up to when event 14 was made", n, asOf)
	}
	// Still missing half a second later: wait.
	if n, _ := s.contiguous("x", 12, evs[2:], now.Add(500*time.Millisecond)); n != 0 {
		t.Fatalf("passed a gap after half a second")
	}
	// After the grace: a rolled-back insert; pass it.
	if n, asOf := s.contiguous("x", 12, evs[2:], now.Add(1100*time.Millisecond)); n != 2 || !asOf.Equal(now.Add(1100*time.Millisecond)) {
		t.Fatalf("after the grace: %d, %s", n, asOf)
	}
}

// User coupons copied from a monolith count as issued in the hour of their
// IMPORTED event and, when copied past UNUSED, in their status in the hour
// its detail gives, as many as it says.
func TestImportedEventsFold(t *testing.T) {
	issued := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	used := time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC)
	detail := func(s string) *string { return &s }
	b := newBatch()
	for _, e := range []event{
		{CouponID: 7, Kind: models.EventImported, Channel: models.ChannelClaim, At: issued},
		{CouponID: 7, Kind: models.EventImported, Channel: models.ChannelClaim, At: issued, Detail: detail(`{"count":3}`)},
		{CouponID: 7, Kind: models.EventImported, Channel: models.ChannelClaim, At: issued,
			Detail: detail(`{"count":2,"status":"USED","at":"2026-11-22T14:00:00Z"}`)},
		{CouponID: 7, Kind: models.EventImported, Channel: models.ChannelClaim, At: issued,
			Detail: detail(`{"count":1,"status":"EXPIRED","at":"2026-11-22T14:00:00Z"}`)},
	} {
		b.add(&e)
	}
	get := func(grain string, coupon uint64, bucket time.Time) models.StatsRollup {
		if r := b.rollups[rollupKey{grain, coupon, bucket, models.ChannelClaim}]; r != nil {
			return *r
		}
		return models.StatsRollup{}
	}
	for _, c := range []uint64{7, models.AllCoupons} {
		if r := get(models.GrainHour, c, issued); r.Issued != 7 || r.Used != 0 {
			t.Errorf("coupon %d, the hour of issue: %+v; want 7 issued", c, r)
		}
		if r := get(models.GrainDay, c, day(used)); r.Used != 2 || r.Expired != 1 || r.Issued != 0 || r.DiscountE4 != 0 {
			t.Errorf("coupon %d, the day of use: %+v; want 2 used, 1 expired, no discount", c, r)
		}
		if r := get(models.GrainTotal, c, TotalBucket); r.Issued != 7 || r.Used != 2 || r.Expired != 1 || r.Revoked != 0 {
			t.Errorf("coupon %d, all time: %+v", c, r)
		}
	}
}

// TestStackOrderCountsOnceOverAllCoupons: the three uses of one stacked
// order count the order, its units and its sales once in the figures over
// all coupons, and once per coupon in each coupon's; the discounts add up.
func TestStackOrderCountsOnceOverAllCoupons(t *testing.T) {
	at := time.Date(2026, 12, 6, 10, 30, 0, 0, time.UTC)
	b := newBatch()
	uses := []struct {
		coupon   uint64
		amount   string
		counted  string
		discount string
	}{{7, "5.00", "", "5.00"}, {8, "3.00", `,"countedByStack":true`, "3.00"}, {9, "2.00", `,"countedByStack":true`, "2.00"}}
	for i, u := range uses {
		detail := `{"currency":"USD","items":[{"productId":"a","quantity":2,"unitPrice":"25.00","eligible":true,"discount":"` + u.discount + `"}]` + u.counted + `}`
		order := "50.00"
		b.add(&event{ID: uint64(i + 1), CouponID: u.coupon, Kind: models.EventUsed, Channel: models.ChannelClaim, Amount: &u.amount, OrderAmount: &order, Detail: &detail, At: at})
	}
	all := b.products[productKey{models.GrainDay, models.AllCoupons, "a", day(at)}]
	if all == nil || all.Orders != 1 || all.Units != 2 || all.SalesE4 != 500000 || all.DiscountE4 != 100000 {
		t.Errorf("product a over all coupons: %+v; want 1 order, 2 units, 50.00 sales, 10.00 off", all)
	}
	for _, u := range uses {
		one := b.products[productKey{models.GrainDay, u.coupon, "a", day(at)}]
		if one == nil || one.Orders != 1 || one.Units != 2 || one.SalesE4 != 500000 {
			t.Errorf("product a for coupon %d: %+v; want 1 order, 2 units, 50.00 sales", u.coupon, one)
		}
	}
	r := b.rollups[rollupKey{models.GrainDay, models.AllCoupons, day(at), models.ChannelClaim}]
	if r == nil || r.Used != 3 || r.DiscountE4 != 100000 || r.OrderAmountE4 != 500000 {
		t.Errorf("day rollup of all coupons: %+v; want 3 uses, 10.00 off, one order of 50.00", r)
	}
	if r := b.rollups[rollupKey{models.GrainDay, 8, day(at), models.ChannelClaim}]; r == nil || r.OrderAmountE4 != 500000 {
		t.Errorf("day rollup of coupon 8: %+v; want its order of 50.00", r)
	}
}
