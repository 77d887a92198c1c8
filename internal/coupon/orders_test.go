package coupon_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

func cart(items ...pricing.Item) pricing.Cart {
	return pricing.Cart{Currency: "USD", Items: items, ShippingFee: decimal.RequireFromString("6.00")}
}

func item(product string, price string, qty int) pricing.Item {
	return pricing.Item{ProductID: product, UnitPrice: decimal.RequireFromString(price), Quantity: qty}
}

// owned claims a fresh coupon (10 off from 50, 7 days) for user and returns
// its public id.
func owned(t *testing.T, e *env, user string, edit func(*models.CouponSpec)) (*models.Coupon, string) {
	t.Helper()
	c := activeCoupon(t, e, 100, 2, 5, edit)
	res, err := claim(e, user, c, fmt.Sprintf("own-%d-%s", c.ID, user))
	if err != nil {
		t.Fatal(err)
	}
	return c, models.UserCouponID(user, res.UserCoupon.ID)
}

func order(user, ucID, orderID string, cart pricing.Cart) coupon.OrderRequest {
	return coupon.OrderRequest{UserID: user, UserCouponID: ucID, OrderID: orderID, Cart: cart}
}

// only is the one coupon of an order's release or refund; an error when
// the order held another number of them.
func only(ucs []*models.UserCoupon, err error) (*models.UserCoupon, error) {
	if err == nil && len(ucs) != 1 {
		err = fmt.Errorf("%d coupons on the order, want 1", len(ucs))
	}
	if err != nil {
		return nil, err
	}
	return ucs[0], nil
}

func events(t *testing.T, e *env, user, kind string) int64 {
	t.Helper()
	db, route := e.store.Shard(user)
	var n int64
	db.Table(route.CouponEventTable()).Where("user_id = ? AND kind = ?", user, kind).Count(&n)
	return n
}

func TestUseRace(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		_, uc := owned(t, e, "racer", nil)
		var wins atomic.Int64
		var winner atomic.Value
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				oid := fmt.Sprintf("order-%d", i)
				res, err := e.engine.Use(ctx, order("racer", uc, oid, cart(item("p1", "60.00", 1))))
				switch models.ErrorCode(err) {
				case "":
					wins.Add(1)
					winner.Store(oid)
					if !res.Discount.Equal(decimal.NewFromInt(10)) {
						t.Errorf("discount %s", res.Discount)
					}
				case models.CodeNotUsable:
				default:
					t.Errorf("order %s: %v", oid, err)
				}
			}()
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d orders used one coupon, want exactly 1", wins.Load())
		}
		oid := winner.Load().(string)
		res, err := e.engine.Use(ctx, order("racer", uc, oid, cart(item("p1", "60.00", 1))))
		if err != nil || !res.Replayed || res.UserCoupon.Status != models.UserCouponUsed || !res.Discount.Equal(decimal.NewFromInt(10)) {
			t.Errorf("winner's retry: %+v %v", res, err)
		}
		if n := events(t, e, "racer", models.EventUsed); n != 1 {
			t.Errorf("%d USED events, want 1", n)
		}
	})
}

func TestOrderFlow(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		big := cart(item("p1", "30.00", 2))

		t.Run("LockReleaseUse", func(t *testing.T) {
			_, uc := owned(t, e, "u-lru", nil)
			lock, err := e.engine.Lock(ctx, order("u-lru", uc, "o1", big), time.Hour)
			if err != nil || lock.UserCoupon.Status != models.UserCouponLocked {
				t.Fatalf("lock: %+v %v", lock, err)
			}
			if _, err := e.engine.Use(ctx, order("u-lru", uc, "o2", big)); models.ErrorCode(err) != models.CodeNotUsable {
				t.Errorf("another order used a locked coupon: %v", err)
			}
			if again, err := e.engine.Lock(ctx, order("u-lru", uc, "o1", big), time.Hour); err != nil || !again.Replayed {
				t.Errorf("lock retry: %+v %v", again, err)
			}
			rel, err := only(e.engine.Release(ctx, "u-lru", "o1"))
			if err != nil || rel.Status != models.UserCouponUnused {
				t.Fatalf("release: %+v %v", rel, err)
			}
			if again, err := only(e.engine.Release(ctx, "u-lru", "o1")); err != nil || again.Status != models.UserCouponUnused {
				t.Errorf("release retry: %+v %v", again, err)
			}
			used, err := e.engine.Use(ctx, order("u-lru", uc, "o2", big))
			if err != nil || used.UserCoupon.Status != models.UserCouponUsed || deref(used.UserCoupon.OrderID) != "o2" {
				t.Fatalf("use after release: %+v %v", used, err)
			}
			if _, err := e.engine.Release(ctx, "u-lru", "o2"); models.ErrorCode(err) != models.CodeNotUsable {
				t.Errorf("releasing a used coupon: %v", err)
			}
			for kind, want := range map[string]int64{models.EventLocked: 1, models.EventReleased: 1, models.EventUsed: 1} {
				if n := events(t, e, "u-lru", kind); n != want {
					t.Errorf("%d %s events, want %d", n, kind, want)
				}
			}
		})

		t.Run("LockedThenUsedBySameOrder", func(t *testing.T) {
			_, uc := owned(t, e, "u-lu", nil)
			if _, err := e.engine.Lock(ctx, order("u-lu", uc, "o1", big), time.Hour); err != nil {
				t.Fatal(err)
			}
			if res, err := e.engine.Use(ctx, order("u-lu", uc, "o1", big)); err != nil || res.UserCoupon.Status != models.UserCouponUsed {
				t.Errorf("%+v %v", res, err)
			}
		})

		t.Run("HoldExpiresAndSweeperReleases", func(t *testing.T) {
			_, uc := owned(t, e, "u-hold", nil)
			if _, err := e.engine.Lock(ctx, order("u-hold", uc, "o1", big), 15*time.Minute); err != nil {
				t.Fatal(err)
			}
			if n, _ := e.engine.SweepHolds(ctx); n != 0 {
				t.Fatalf("swept %d holds before they expired", n)
			}
			e.skew.Store(int64(16 * time.Minute))
			defer e.skew.Store(0)
			if n, err := e.engine.SweepHolds(ctx); err != nil || n != 1 {
				t.Fatalf("swept %d (%v), want 1", n, err)
			}
			if res, err := e.engine.Use(ctx, order("u-hold", uc, "o2", big)); err != nil {
				t.Errorf("use after the hold was swept: %+v %v", res, err)
			}
			if rel, err := only(e.engine.Release(ctx, "u-hold", "o1")); err != nil || rel == nil {
				t.Errorf("the first order's late release: %v", err)
			}
		})

		t.Run("RefundWithinAndAfterValidity", func(t *testing.T) {
			_, uc := owned(t, e, "u-ref", nil)
			if _, err := e.engine.Use(ctx, order("u-ref", uc, "o1", big)); err != nil {
				t.Fatal(err)
			}
			if _, err := e.engine.Refund(ctx, "u-ref", "nope"); models.ErrorCode(err) != models.CodeNotFound {
				t.Errorf("unknown order: %v", err)
			}
			r1, err := only(e.engine.Refund(ctx, "u-ref", "o1"))
			if err != nil || r1.Status != models.UserCouponUnused || r1.DiscountApplied.Valid {
				t.Fatalf("refund within validity: %+v %v", r1, err)
			}
			if again, err := only(e.engine.Refund(ctx, "u-ref", "o1")); err != nil || again.Status != models.UserCouponUnused {
				t.Errorf("refund retry: %+v %v", again, err)
			}
			if _, err := e.engine.Use(ctx, order("u-ref", uc, "o2", big)); err != nil {
				t.Fatal(err)
			}
			e.skew.Store(int64(8 * 24 * time.Hour)) // past the 7 days of validity
			defer e.skew.Store(0)
			r2, err := only(e.engine.Refund(ctx, "u-ref", "o2"))
			if err != nil || r2.Status != models.UserCouponExpired {
				t.Errorf("refund after validity: %+v %v", r2, err)
			}
		})

		t.Run("NotApplicable", func(t *testing.T) {
			_, uc := owned(t, e, "u-na", nil)
			_, err := e.engine.Use(ctx, order("u-na", uc, "o1", cart(item("p1", "49.99", 1))))
			wantCode(t, err, models.CodeThresholdNotMet)
			_, err = e.engine.Use(ctx, order("u-na", uc, "o1", pricing.Cart{Currency: "EUR", Items: []pricing.Item{item("p1", "99", 1)}}))
			wantCode(t, err, models.CodeCurrency)
			_, err = e.engine.Use(ctx, order("someone-else", uc, "o1", big))
			wantCode(t, err, models.CodeNotFound)
			_, err = e.engine.Use(ctx, order("u-na", uc, "", big))
			wantCode(t, err, models.CodeInvalidInput)
		})

		t.Run("ExpirySweep", func(t *testing.T) {
			_, uc := owned(t, e, "u-exp", nil)
			e.skew.Store(int64(8 * 24 * time.Hour))
			defer e.skew.Store(0)
			got, err := e.engine.UserCoupon(ctx, uc)
			if err != nil || coupon.Effective(got, e.now()) != models.UserCouponExpired {
				t.Fatalf("reads as %v before the sweep (%v), want EXPIRED", got.Status, err)
			}
			if _, err := e.engine.Use(ctx, order("u-exp", uc, "o1", big)); models.ErrorCode(err) != models.CodeNotUsable {
				t.Errorf("used an expired coupon: %v", err)
			}
			n, err := e.engine.SweepExpired(ctx)
			if err != nil || n < 1 {
				t.Fatalf("swept %d (%v)", n, err)
			}
			got, _ = e.engine.UserCoupon(ctx, uc)
			if got.Status != models.UserCouponExpired || events(t, e, "u-exp", models.EventExpired) != 1 {
				t.Errorf("row %s, %d EXPIRED events", got.Status, events(t, e, "u-exp", models.EventExpired))
			}
			if again, _ := e.engine.SweepExpired(ctx); again != 0 {
				t.Errorf("a second sweep changed %d rows", again)
			}
		})

		t.Run("Revoke", func(t *testing.T) {
			_, uc := owned(t, e, "u-rev", nil)
			_, err := e.engine.Revoke(ctx, uc, "")
			wantCode(t, err, models.CodeInvalidInput)
			got, err := e.engine.Revoke(ctx, uc, "fraud")
			if err != nil || got.Status != models.UserCouponRevoked {
				t.Fatalf("%+v %v", got, err)
			}
			if again, err := e.engine.Revoke(ctx, uc, "fraud"); err != nil || again.Status != models.UserCouponRevoked {
				t.Errorf("revoke retry: %v", err)
			}
			if _, err := e.engine.Use(ctx, order("u-rev", uc, "o1", big)); models.ErrorCode(err) != models.CodeNotUsable {
				t.Errorf("used a revoked coupon: %v", err)
			}
		})
	})
}

func TestQualifyAndScopes(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		parent := "food"
		if _, err := e.catalog.UpsertCategories(ctx, []models.Category{{ID: "food", Name: "Food"}, {ID: "fruit", Name: "Fruit", ParentID: &parent}}); err != nil {
			t.Fatal(err)
		}
		fruit, food := "fruit", "food"
		if _, err := e.catalog.UpsertProducts(ctx, []models.Product{{ID: "apple", Name: "Apple", CategoryID: &fruit},
			{ID: "bread", Name: "Bread", CategoryID: &food}, {ID: "tv", Name: "TV"}, {ID: "caviar", Name: "Caviar", CategoryID: &food}}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.catalog.SetSuperBlacklist(ctx, []string{"caviar"}, nil); err != nil {
			t.Fatal(err)
		}
		user := "shopper-q"
		owned(t, e, user, nil)                         // 10 off from 50, everything
		owned(t, e, user, func(s *models.CouponSpec) { // 20% of food, capped at 15
			s.Discount = models.DiscountSpec{Kind: models.PercentOff, PercentOff: d("20"), MaxDiscount: d("15")}
			s.Scope = &models.ScopeSpec{Kind: models.ScopeWhitelist, CategoryIDs: []string{"food"}}
		})
		owned(t, e, user, func(s *models.CouponSpec) { // free shipping, not on the TV
			s.Discount = models.DiscountSpec{Kind: models.FreeShipping}
			s.Scope = &models.ScopeSpec{Kind: models.ScopeBlacklist, ProductIDs: []string{"tv"}}
		})
		owned(t, e, user, func(s *models.CouponSpec) { s.Currency = ptr("EUR") })

		c := cart(item("apple", "10.00", 3), item("bread", "4.00", 1), item("tv", "300.00", 1), item("caviar", "100.00", 1))
		qs, err := e.engine.Qualify(ctx, user, c)
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) != 4 {
			t.Fatalf("%d options, want 4", len(qs))
		}
		got := make([]string, len(qs))
		for i, q := range qs {
			got[i] = fmt.Sprintf("%s:%s:%v:%s", q.UserCoupon.Discount.Kind, q.Result.Discount.StringFixed(2), q.Result.Applicable, q.Result.Reason)
		}
		// Food eligible: apples 30 + bread 4 (caviar is super-blacklisted) =
		// 34 * 20% = 6.80; amount off 10 from the whole cart; shipping 6.
		want := []string{"AMOUNT_OFF:10.00:true:", "PERCENT_OFF:6.80:true:", "FREE_SHIPPING:6.00:true:", "AMOUNT_OFF:0.00:false:CURRENCY_MISMATCH"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("options\n got %v\nwant %v", got, want)
		}
		if qs[1].Result.EligibleSubtotal.StringFixed(2) != "34.00" {
			t.Errorf("food subtotal %s, want 34.00 (caviar excluded)", qs[1].Result.EligibleSubtotal)
		}

		t.Run("ClaimableForProduct", func(t *testing.T) {
			wl := activeCoupon(t, e, 10, 1, 1, func(s *models.CouponSpec) {
				s.Scope = &models.ScopeSpec{Kind: models.ScopeWhitelist, CategoryIDs: []string{"fruit"}}
			})
			all := activeCoupon(t, e, 10, 1, 1, nil)
			ids := func(product string) map[uint64]bool {
				page, err := e.engine.Claimable(ctx, "browser-2", product, 50, "")
				if err != nil {
					t.Fatal(err)
				}
				m := map[uint64]bool{}
				for _, c := range page.Coupons {
					m[c.ID] = true
				}
				return m
			}
			if m := ids("apple"); !m[wl.ID] || !m[all.ID] {
				t.Errorf("apple: %v", m)
			}
			if m := ids("tv"); m[wl.ID] || !m[all.ID] {
				t.Errorf("tv: %v", m)
			}
			if m := ids("caviar"); len(m) != 0 {
				t.Errorf("a super-blacklisted product has coupons: %v", m)
			}
		})

		t.Run("SetScope", func(t *testing.T) {
			cp := activeCoupon(t, e, 10, 1, 1, nil)
			got, err := e.engine.SetScope(ctx, id(cp), &models.ScopeSpec{Kind: models.ScopeWhitelist, ProductIDs: []string{"apple"}})
			if err != nil || got.Scope.Kind != models.ScopeWhitelist {
				t.Fatalf("%+v %v", got, err)
			}
			_, err = e.engine.SetScope(ctx, id(cp), &models.ScopeSpec{Kind: models.ScopeWhitelist})
			wantCode(t, err, models.CodeInvalidInput)
			if _, err := e.engine.End(ctx, id(cp)); err != nil {
				t.Fatal(err)
			}
			_, err = e.engine.SetScope(ctx, id(cp), &models.ScopeSpec{Kind: models.ScopeAll})
			wantCode(t, err, models.CodeInvalidState)
		})
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
