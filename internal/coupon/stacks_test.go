package coupon_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// wallet is one user's coupons of the four kinds a stack test needs.
type wallet struct {
	product, order, shipping, exclusive string // public ids
}

// stacker makes coupons that combine: a product coupon (5 off p1, from
// 0), an order coupon (10 off from 50), free shipping (the three combine
// with each other) and an exclusive order coupon (12 off from 50), and
// gives user one of each.
func stacker(t *testing.T, e *env, user string) wallet {
	t.Helper()
	all := []models.DiscountClass{models.ClassProduct, models.ClassOrder, models.ClassShipping}
	_, p := owned(t, e, user, func(s *models.CouponSpec) {
		s.Name = "Five off p1"
		s.Discount = models.DiscountSpec{Kind: models.AmountOff, AmountOff: d("5")}
		s.Scope = &models.ScopeSpec{Kind: models.ScopeWhitelist, ProductIDs: []string{"p1"}}
		s.CombinesWith = all
	})
	_, o := owned(t, e, user, func(s *models.CouponSpec) { s.CombinesWith = all })
	_, sh := owned(t, e, user, func(s *models.CouponSpec) {
		s.Name = "Free shipping"
		s.Discount = models.DiscountSpec{Kind: models.FreeShipping}
		s.CombinesWith = all
	})
	_, x := owned(t, e, user, func(s *models.CouponSpec) {
		s.Name = "Twelve off, alone"
		s.Discount = models.DiscountSpec{Kind: models.AmountOff, AmountOff: d("12"), MinOrderAmount: d("50")}
		s.Exclusive = ptr(true)
	})
	return wallet{p, o, sh, x}
}

func stackReq(user, orderID string, c pricing.Cart, ids ...string) coupon.StackRequest {
	return coupon.StackRequest{UserID: user, UserCouponIDs: ids, OrderID: orderID, Cart: c}
}

func status(t *testing.T, e *env, publicID string) models.UserCouponStatus {
	t.Helper()
	uc, err := e.engine.UserCoupon(context.Background(), publicID)
	if err != nil {
		t.Fatal(err)
	}
	return uc.Status
}

func TestStacks(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		// 60 of p1, 20 of p2, 6 of shipping.
		basket := cart(item("p1", "30.00", 2), item("p2", "20.00", 1))

		t.Run("BestStackCombinesWhatMayCombine", func(t *testing.T) {
			w := stacker(t, e, "s-best")
			q, err := e.engine.QualifyStack(ctx, "s-best", basket)
			if err != nil {
				t.Fatal(err)
			}
			// Alone: 5, 10, 6 and 12; together the first three take 21,
			// more than the exclusive 12.
			best := q.Best
			if !best.Discount.Equal(decimal.NewFromInt(21)) || len(best.Coupons) != 3 {
				t.Fatalf("best stack takes %s with %d coupons; want 21 with 3", best.Discount, len(best.Coupons))
			}
			for i, want := range []string{w.product, w.order, w.shipping} {
				if got := best.Coupons[i].UserCoupon.PublicID(); got != want {
					t.Errorf("coupon %d of the stack is %s, want %s (product, order, shipping)", i, got, want)
				}
			}
			if !best.ItemsTotal.Equal(decimal.NewFromInt(65)) || !best.ShippingFee.IsZero() {
				t.Errorf("left to pay: items %s, shipping %s; want 65 and 0", best.ItemsTotal, best.ShippingFee)
			}
			// The product coupon's 5 is all on p1's line.
			if l := best.Coupons[0].Share.Lines; !l[0].Equal(decimal.NewFromInt(5)) || !l[1].IsZero() {
				t.Errorf("product coupon's lines %v, want [5 0]", l)
			}
			if len(best.LeftOut) != 1 || best.LeftOut[0].UserCoupon.PublicID() != w.exclusive || best.LeftOut[0].Why != pricing.WhyNotCombinable {
				t.Errorf("left out: %+v; want the exclusive coupon, NOT_COMBINABLE", best.LeftOut)
			}
		})

		t.Run("ThresholdMissedAfterAProductCoupon", func(t *testing.T) {
			w := stacker(t, e, "s-thr")
			// 52 in all: the order coupon's 50 is met by the cart, not by
			// what the product coupon's 5 leaves.
			c := cart(item("p1", "32.00", 1), item("p2", "20.00", 1))
			_, err := e.engine.UseStack(ctx, stackReq("s-thr", "o1", c, w.product, w.order))
			wantCode(t, err, models.CodeThresholdNotMet)
			var me *models.Error
			if !errors.As(err, &me) || fmt.Sprint(me.Field) != "[input userCouponIds 1]" {
				t.Errorf("refusal at %v, want the order coupon's index", err)
			}
			if status(t, e, w.product) != models.UserCouponUnused || status(t, e, w.order) != models.UserCouponUnused {
				t.Error("a refused stack changed a coupon")
			}
			q, err := e.engine.QualifyStack(ctx, "s-thr", c)
			if err != nil {
				t.Fatal(err)
			}
			// Best: the order coupon's 10 and shipping's 6, not the 5 that
			// would push the order below its threshold.
			if !q.Best.Discount.Equal(decimal.NewFromInt(16)) {
				t.Errorf("best stack takes %s, want 16", q.Best.Discount)
			}
		})

		t.Run("AllOrNone", func(t *testing.T) {
			w := stacker(t, e, "s-aon")
			// Another order used the order coupon meanwhile.
			if _, err := e.engine.Use(ctx, order("s-aon", w.order, "other", basket)); err != nil {
				t.Fatal(err)
			}
			_, err := e.engine.UseStack(ctx, stackReq("s-aon", "o1", basket, w.product, w.order, w.shipping))
			wantCode(t, err, models.CodeNotUsable)
			for _, id := range []string{w.product, w.shipping} {
				if s := status(t, e, id); s != models.UserCouponUnused {
					t.Errorf("%s is %s after a refused stack", id, s)
				}
			}
			if n := events(t, e, "s-aon", models.EventUsed); n != 1 {
				t.Errorf("%d USED events, want the other order's 1", n)
			}
		})

		t.Run("NotCombinable", func(t *testing.T) {
			w := stacker(t, e, "s-nc")
			_, err := e.engine.UseStack(ctx, stackReq("s-nc", "o1", basket, w.order, w.exclusive))
			wantCode(t, err, models.CodeNotCombinable)
			_, err = e.engine.LockStack(ctx, stackReq("s-nc", "o1", basket, w.order, w.order), 0)
			wantCode(t, err, models.CodeInvalidInput)
			_, err = e.engine.UseStack(ctx, stackReq("s-nc", "o1", basket))
			wantCode(t, err, models.CodeInvalidInput)
			ids := []string{w.product, w.order, w.shipping, w.exclusive, "uc_x_1", "uc_x_2"}
			_, err = e.engine.UseStack(ctx, stackReq("s-nc", "o1", basket, ids...))
			wantCode(t, err, models.CodeTooMany)
		})

		t.Run("UseReplayRefund", func(t *testing.T) {
			w := stacker(t, e, "s-use")
			ids := []string{w.shipping, w.order, w.product} // any order
			res, err := e.engine.UseStack(ctx, stackReq("s-use", "o1", basket, ids...))
			if err != nil || !res.Stack.Discount.Equal(decimal.NewFromInt(21)) || res.Replayed {
				t.Fatalf("use: %+v %v", res, err)
			}
			for i, uc := range res.UserCoupons {
				if uc.PublicID() != ids[i] || uc.Status != models.UserCouponUsed {
					t.Errorf("coupon %d: %s %s, want %s USED", i, uc.PublicID(), uc.Status, ids[i])
				}
			}
			// Each row keeps its own share of the stack (one UPDATE writes
			// them all on MySQL).
			shares := map[string]decimal.Decimal{}
			for _, sc := range res.Stack.Coupons {
				shares[sc.UserCoupon.PublicID()] = sc.Share.Discount
			}
			for _, id := range ids {
				uc, err := e.engine.UserCoupon(ctx, id)
				if err != nil || !uc.DiscountApplied.Valid || !uc.DiscountApplied.Decimal.Equal(shares[id]) {
					t.Errorf("%s: stored discount %v (%v), want its share %s", id, uc.DiscountApplied, err, shares[id])
				}
			}
			if len(shares) != 3 || shares[w.product].Equal(shares[w.order]) {
				t.Errorf("shares %v: want three, the product's and the order's apart", shares)
			}
			again, err := e.engine.UseStack(ctx, stackReq("s-use", "o1", basket, ids...))
			if err != nil || !again.Replayed || !again.Stack.Discount.Equal(decimal.NewFromInt(21)) {
				t.Fatalf("retry: %+v %v", again, err)
			}
			if n := events(t, e, "s-use", models.EventUsed); n != 3 {
				t.Errorf("%d USED events, want 3", n)
			}
			back, err := e.engine.Refund(ctx, "s-use", "o1")
			if err != nil || len(back) != 3 {
				t.Fatalf("refund: %d coupons, %v; want 3", len(back), err)
			}
			for _, id := range ids {
				if s := status(t, e, id); s != models.UserCouponUnused {
					t.Errorf("%s is %s after the refund", id, s)
				}
			}
		})

		t.Run("LockThenUseThenRelease", func(t *testing.T) {
			w := stacker(t, e, "s-lock")
			if _, err := e.engine.LockStack(ctx, stackReq("s-lock", "o1", basket, w.product, w.order), 0); err != nil {
				t.Fatal(err)
			}
			if _, err := e.engine.Use(ctx, order("s-lock", w.order, "o2", basket)); models.ErrorCode(err) != models.CodeNotUsable {
				t.Errorf("another order used a locked coupon: %v", err)
			}
			rel, err := e.engine.Release(ctx, "s-lock", "o1")
			if err != nil || len(rel) != 2 {
				t.Fatalf("release: %d coupons, %v; want 2", len(rel), err)
			}
			if _, err := e.engine.LockStack(ctx, stackReq("s-lock", "o3", basket, w.product, w.order), 0); err != nil {
				t.Fatal(err)
			}
			res, err := e.engine.UseStack(ctx, stackReq("s-lock", "o3", basket, w.product, w.order))
			if err != nil || res.Replayed || !res.Stack.Discount.Equal(decimal.NewFromInt(15)) {
				t.Fatalf("use of the locked stack: %+v %v", res, err)
			}
		})

		t.Run("OverlappingStacksRace", func(t *testing.T) {
			// Every racer wants the order coupon with one other: exactly
			// one stack wins, and no coupon is used by two orders.
			w := stacker(t, e, "s-race")
			var wins atomic.Int64
			var wg sync.WaitGroup
			for i := range 16 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					other := []string{w.product, w.shipping}[i%2]
					_, err := e.engine.UseStack(ctx, stackReq("s-race", fmt.Sprint("race-", i), basket, w.order, other))
					switch models.ErrorCode(err) {
					case "":
						wins.Add(1)
					case models.CodeNotUsable:
					default:
						t.Errorf("racer %d: %v", i, err)
					}
				}()
			}
			wg.Wait()
			if wins.Load() != 1 {
				t.Fatalf("%d stacks used the order coupon, want 1", wins.Load())
			}
			if n := events(t, e, "s-race", models.EventUsed); n != 2 {
				t.Errorf("%d USED events, want the winner's 2", n)
			}
		})

		t.Run("Simulate", func(t *testing.T) {
			p := activeCoupon(t, e, 10, 1, 1, func(s *models.CouponSpec) {
				s.Discount = models.DiscountSpec{Kind: models.PercentOff, PercentOff: d("10")}
				s.Scope = &models.ScopeSpec{Kind: models.ScopeWhitelist, ProductIDs: []string{"p2"}}
				s.CombinesWith = []models.DiscountClass{models.ClassOrder}
			})
			o := activeCoupon(t, e, 10, 1, 1, func(s *models.CouponSpec) { s.CombinesWith = []models.DiscountClass{models.ClassProduct} })
			st, err := e.engine.Simulate(ctx, []string{id(p), id(o)}, basket)
			if err != nil {
				t.Fatal(err)
			}
			// 10% of p2's 20, then 10 off what is left (78).
			if !st.Discount.Equal(decimal.NewFromInt(12)) || len(st.Coupons) != 2 || st.Coupons[0].UserCoupon != nil {
				t.Fatalf("simulation: %s with %d coupons; want 12 with 2, no user coupon", st.Discount, len(st.Coupons))
			}
			_, err = e.engine.Simulate(ctx, []string{id(p), "999999"}, basket)
			wantCode(t, err, models.CodeNotFound)
		})
	})
}
