package coupon_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/mariadbtest"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

func TestMain(m *testing.M) {
	testenv.UseReplicas()
	os.Exit(m.Run())
}

// staleEnv is an engine over a primary of the replicated backend and a
// replica of its own whose SQL thread is stopped once it is in the read
// rotation and holds what setup (if any) wrote: it stays in the rotation
// (the bound is a minute) and never sees a later write. A read that
// reaches it misses the write.
func staleEnv(t *testing.T, setup func(e *env)) (*env, *mariadbtest.Server) {
	t.Helper()
	b, ok := testenv.Replicated(t)
	if !ok {
		t.Skip("the replicated backend runs outside -short, with COUPOND_TEST_PRIMARY_DSN and COUPOND_TEST_REPLICA_DSN (go run ./cmd/testdb up)")
	}
	rep, cfg := testenv.PrivateReplica(t, b)
	cfg.MaxReplicaLag = time.Minute
	e := &env{store: testenv.OpenStore(t, cfg), prefix: testenv.Unique() + ":", addr: testenv.RedisAddr(t, b)}
	e.engine = e.newEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.store.WatchReplicas(ctx, "engine-test") }()
	t.Cleanup(func() { cancel(); <-done })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if rs := e.store.Replicas(); len(rs) > 0 && allUsable(e) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("replicas never usable: %+v", e.store.Replicas())
		}
	}
	if setup != nil {
		setup(e)
		if err := mariadbtest.WaitCaughtUp(context.Background(), b.MySQLDSN, rep.DSN("root"), 10*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if err := rep.StopSQL(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e, rep
}

func allUsable(e *env) bool {
	for _, r := range e.store.Replicas() {
		if !r.Usable {
			return false
		}
	}
	return true
}

// browsing is a caller's context that allows a replica, as the API gives
// its browsing fields.
func browsing() context.Context { return consistency.AllowReplica(context.Background(), nil) }

// Browsing reads go to the replica; everything else, and a browsing read
// a pinned caller makes, to the primary.
func TestReadsGoToReplicas(t *testing.T) {
	e, _ := staleEnv(t, nil)
	c := mustCreate(t, e, validSpec())
	page, err := e.engine.List(browsing(), coupon.Filter{}, 10, "")
	if err != nil {
		t.Fatal(err)
	}
	if page.TotalCount != 0 {
		t.Errorf("a browsing list read the primary (%d coupons), want the stale replica", page.TotalCount)
	}
	pinned := consistency.AllowReplica(context.Background(), func(context.Context) bool { return true })
	for name, ctx := range map[string]context.Context{"Plain": context.Background(), "Pinned": pinned} {
		page, err := e.engine.List(ctx, coupon.Filter{}, 10, "")
		if err != nil || page.TotalCount != 1 {
			t.Errorf("%s list: %v coupons, %v; want the primary's 1", name, page.TotalCount, err)
		}
	}
	got, err := e.engine.Activate(browsing(), id(c))
	if err != nil || got.Status != models.CouponActive {
		t.Fatalf("activate must read its own write from the primary: %v %v", got, err)
	}
	if g, err := e.engine.Get(browsing(), id(c)); err != nil || g.Status != models.CouponActive {
		t.Errorf("a coupon read through the cache, which loads from the primary: %v %v", g, err)
	}
}

// Every path that decides reads the primary, even when its caller's
// context allows a replica: the replica here has the coupon, active and in
// full stock, but none of the claims or uses made since.
func TestDecisionsIgnoreAStaleReplica(t *testing.T) {
	var c *models.Coupon
	e, _ := staleEnv(t, func(e *env) { c = activeCoupon(t, e, 50, 2, 2, nil) })
	ctx := browsing()
	if page, err := e.engine.List(ctx, coupon.Filter{}, 10, ""); err != nil || page.TotalCount != 1 {
		t.Fatalf("the stale replica lacks the coupon: %v %v", page, err)
	}

	t.Run("ClaimLimitAndStock", func(t *testing.T) {
		var mu sync.Mutex
		codes := map[models.Code]int{}
		var won string
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.engine.Claim(ctx, coupon.ClaimRequest{UserID: "racer", CouponID: id(c), RequestID: fmt.Sprint("r", i), Channel: models.ChannelClaim})
				mu.Lock()
				codes[models.ErrorCode(err)]++
				if err == nil {
					won = fmt.Sprint("r", i)
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		if codes[""] != 2 || codes[models.CodeLimitReached]+codes[models.CodeBusy] != 18 {
			t.Errorf("20 racing claims with limit 2: %v", codes)
		}
		if total, most := issuedRows(t, e, c.ID); total != 2 || most != 2 {
			t.Errorf("%d rows, %d for one user", total, most)
		}
		if _, err := e.engine.Claim(ctx, coupon.ClaimRequest{UserID: "racer", CouponID: id(c), RequestID: won, Channel: models.ChannelClaim}); err != nil {
			t.Errorf("a replayed request: %v", err)
		}
		if rem, err := e.engine.Remaining(ctx, c.ID); err != nil || rem[c.ID] != 48 {
			t.Errorf("remaining %v %v, want 48 from the primary", rem, err)
		}
	})

	t.Run("ClaimableAndMine", func(t *testing.T) {
		page, err := e.engine.Claimable(ctx, "racer", "", 10, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range page.Coupons {
			if got.ID == c.ID {
				t.Errorf("claimable lists a coupon the user holds to its limit")
			}
		}
		mine, err := e.engine.UserCoupons(ctx, "racer", nil, 10, "")
		if err != nil || len(mine.UserCoupons) != 2 {
			t.Fatalf("the user's coupons: %v %v", mine, err)
		}
	})

	t.Run("QualifyUseRefund", func(t *testing.T) {
		mine, err := e.engine.UserCoupons(ctx, "racer", nil, 10, "")
		if err != nil || len(mine.UserCoupons) == 0 {
			t.Fatalf("the user's coupons: %v %v", mine, err)
		}
		cart := pricing.Cart{Currency: "USD", Items: []pricing.Item{{ProductID: "p", UnitPrice: *d("80"), Quantity: 1}}}
		q, err := e.engine.Qualify(ctx, "racer", cart)
		if err != nil || len(q) != 2 || !q[0].Result.Applicable {
			t.Fatalf("qualify: %+v %v", q, err)
		}
		r := coupon.OrderRequest{UserID: "racer", UserCouponID: mine.UserCoupons[0].PublicID(), OrderID: "o1", Cart: cart}
		if _, err := e.engine.Use(ctx, r); err != nil {
			t.Fatalf("use: %v", err)
		}
		if uc, err := only(e.engine.Refund(ctx, "racer", "o1")); err != nil || uc.Status != models.UserCouponUnused {
			t.Fatalf("refund: %v %v", uc, err)
		}
	})
}
