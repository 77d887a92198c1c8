package coupon_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/budget"
	"github.com/coupond/coupond/internal/campaign"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// holders has n users claim one coupon of c each and returns their
// coupons' public ids by user.
func holders(t *testing.T, e *env, c *models.Coupon, prefix string, n int) map[string]string {
	t.Helper()
	out := make(map[string]string, n)
	for i := range n {
		user := fmt.Sprintf("%s-%d", prefix, i)
		res, err := claim(e, user, c, "hold-"+user)
		if err != nil {
			t.Fatalf("claim %d: %v", i, err)
		}
		out[user] = models.UserCouponID(user, res.UserCoupon.ID)
	}
	return out
}

// useAll has every holder use its coupon at once, on the instances in turn,
// and counts the uses and the BUDGET_EXHAUSTED refusals.
func useAll(t *testing.T, e *env, held map[string]string) (used, exhausted int64) {
	t.Helper()
	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	for user, uc := range held {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.next().Use(context.Background(), order(user, uc, "order-"+user, cart(item("p1", "60.00", 1))))
			switch models.ErrorCode(err) {
			case "":
				ok.Add(1)
			case models.CodeBudgetExhausted:
				refused.Add(1)
			default:
				t.Errorf("%s: %v", user, err)
			}
		}()
	}
	wg.Wait()
	return ok.Load(), refused.Load()
}

func usedEvents(t *testing.T, e *env, held map[string]string) int64 {
	t.Helper()
	var n int64
	for user := range held {
		n += events(t, e, user, models.EventUsed)
	}
	return n
}

func budgetState(t *testing.T, e *env, owner string) budget.State {
	t.Helper()
	states, err := budget.Read(context.Background(), e.store.Meta, []string{owner}, budget.Day(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	return states[owner]
}

func TestBudgets(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		e.spread(t) // three instances
		ctx := context.Background()

		t.Run("500UsesAgainst100UsesADay", func(t *testing.T) {
			c := activeCoupon(t, e, 600, 4, 1, func(s *models.CouponSpec) {
				s.Budget = &models.BudgetSpec{UsesPerDay: ptr(100)}
			})
			held := holders(t, e, c, "bu", 500)
			used, exhausted := useAll(t, e, held)
			if used != 100 || exhausted != 400 {
				t.Fatalf("%d uses and %d BUDGET_EXHAUSTED; want exactly 100 and 400", used, exhausted)
			}
			if n := usedEvents(t, e, held); n != 100 {
				t.Errorf("%d USED events, want 100", n)
			}
			if st := budgetState(t, e, models.BudgetOwner("coupon", c.ID)); st.UsesToday != 100 || st.Uses != 100 {
				t.Errorf("the budget counts %d uses today (%d in all), want 100", st.UsesToday, st.Uses)
			}
		})

		t.Run("UsesAgainstAnAmount", func(t *testing.T) {
			// 10 off each: 1,000 is exactly 100 uses.
			c := activeCoupon(t, e, 300, 4, 1, func(s *models.CouponSpec) {
				s.Budget = &models.BudgetSpec{Amount: d("1000")}
			})
			held := holders(t, e, c, "ba", 250)
			used, exhausted := useAll(t, e, held)
			if used != 100 || exhausted != 150 {
				t.Fatalf("%d uses and %d BUDGET_EXHAUSTED; want exactly 100 and 150", used, exhausted)
			}
			st := budgetState(t, e, models.BudgetOwner("coupon", c.ID))
			if !st.Spent.Equal(decimal.NewFromInt(1000)) {
				t.Errorf("the budget spent %s, want 1000", st.Spent)
			}
		})

		t.Run("CampaignBudgetAndRefund", func(t *testing.T) {
			camps := campaign.NewService(e.store, nil, "USD")
			camp, err := camps.Create(ctx, &campaign.Spec{Name: "Spring", Budget: &models.BudgetSpec{Amount: d("25")}})
			if err != nil {
				t.Fatal(err)
			}
			in := func(s *models.CouponSpec) { s.CampaignID = ptr(fmt.Sprint(camp.ID)) }
			var ucs []string
			for _, user := range []string{"cb-1", "cb-2", "cb-3"} {
				_, uc := owned(t, e, user, in)
				ucs = append(ucs, uc)
			}
			for i, user := range []string{"cb-1", "cb-2"} {
				if _, err := e.engine.Use(ctx, order(user, ucs[i], "o-"+user, basketOf60())); err != nil {
					t.Fatalf("use %d: %v", i, err)
				}
			}
			_, err = e.engine.Use(ctx, order("cb-3", ucs[2], "o-cb-3", basketOf60()))
			wantCode(t, err, models.CodeBudgetExhausted)
			if status(t, e, ucs[2]) != models.UserCouponUnused {
				t.Error("a refused use changed the coupon")
			}
			if _, err := e.engine.Refund(ctx, "cb-1", "o-cb-1"); err != nil {
				t.Fatal(err)
			}
			if _, err := e.engine.Use(ctx, order("cb-3", ucs[2], "o-cb-3", basketOf60())); err != nil {
				t.Fatalf("use after a refund gave 10 back: %v", err)
			}
			st := budgetState(t, e, models.BudgetOwner("campaign", camp.ID))
			st.Budget = camp.Budget
			if left, _ := st.Left(); !left.Equal(decimal.NewFromInt(5)) || !st.Spent.Equal(decimal.NewFromInt(20)) {
				t.Errorf("the campaign spent %s and has %s left, want 20 and 5", st.Spent, left)
			}
		})

		t.Run("StackPastTheBudgetChangesNothing", func(t *testing.T) {
			w := stacker(t, e, "bs")
			// Cap the order coupon's own budget at one use a day, and spend it.
			uc, err := e.engine.UserCoupon(ctx, w.order)
			if err != nil {
				t.Fatal(err)
			}
			c, err := e.engine.Get(ctx, fmt.Sprint(uc.CouponID))
			if err != nil {
				t.Fatal(err)
			}
			spec := validSpec()
			spec.CombinesWith = []models.DiscountClass{models.ClassProduct, models.ClassOrder, models.ClassShipping}
			spec.Budget = &models.BudgetSpec{UsesPerDay: ptr(1)}
			spec.StockSlots, spec.PerUserLimit, spec.TotalStock = ptr(c.StockSlots), ptr(c.PerUserLimit), c.TotalStock
			spec.Channels = []models.Channel{models.ChannelClaim, models.ChannelTargeted}
			if _, err := e.engine.Update(ctx, fmt.Sprint(c.ID), spec); err != nil {
				t.Fatal(err)
			}
			other, err := claim(e, "bs-other", c, "bs-other")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.engine.Use(ctx, order("bs-other", models.UserCouponID("bs-other", other.UserCoupon.ID), "o0", basketOf60())); err != nil {
				t.Fatal(err)
			}
			_, err = e.engine.UseStack(ctx, stackReq("bs", "o1", basketOf60(), w.product, w.order, w.shipping))
			wantCode(t, err, models.CodeBudgetExhausted)
			for _, id := range []string{w.product, w.order, w.shipping} {
				if s := status(t, e, id); s != models.UserCouponUnused {
					t.Errorf("%s is %s after a stack refused for its budget", id, s)
				}
			}
		})
	})
}

func basketOf60() pricing.Cart { return cart(item("p1", "60.00", 1)) }
