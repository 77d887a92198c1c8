package stats

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/tags"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

type env struct {
	store  *store.Store
	engine *coupon.Service
}

func mustEnv(t *testing.T, b testenv.Backend) *env {
	t.Helper()
	e := &env{store: testenv.Store(t, b)}
	prefix := testenv.Unique() + ":"
	rdb := testenv.Redis(t, b)
	c := cache.New(rdb, cache.Options{Prefix: prefix + "cache:", Channel: prefix + "invalidate"})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); _ = c.Close() })
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	e.engine = coupon.NewService(e.store, c, lock.New(rdb, lock.Options{Prefix: prefix + "lock:"}), tags.NewService(e.store, c, nil),
		coupon.Options{Defaults: models.CouponDefaults{Currency: "USD", StockSlots: 4}, Redis: rdb, KeyPrefix: prefix})
	return e
}

func (e *env) stats(owner string) *Service {
	return NewService(e.store, e.engine, Options{Owner: owner, Batch: 50, GapGrace: 100 * time.Millisecond, Poll: 20 * time.Millisecond})
}

func ptr[T any](v T) *T { return &v }

func (e *env) coupon(t *testing.T, name string, d models.DiscountSpec, stock int64, perUser int) *models.Coupon {
	t.Helper()
	c, err := e.engine.Create(context.Background(), &models.CouponSpec{Name: name, Discount: d,
		Validity: models.ValiditySpec{Kind: models.ValidityRelative, Days: ptr(30)}, TotalStock: stock, PerUserLimit: &perUser,
		Channels: models.AllChannels})
	if err != nil {
		t.Fatal(err)
	}
	if c, err = e.engine.Activate(context.Background(), fmt.Sprint(c.ID)); err != nil {
		t.Fatal(err)
	}
	return c
}

// workload runs claims, batch claims, targeted issuance, code-channel
// claims, uses, refunds, expiries and revokes, with seed's choices.
func (e *env) workload(t *testing.T, seed uint64, prefix string) []*models.Coupon {
	t.Helper()
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(seed, seed))
	five, ten, cap := decimal.NewFromInt(5), decimal.NewFromInt(10), decimal.RequireFromString("7.50")
	a := e.coupon(t, prefix+"A", models.DiscountSpec{Kind: models.AmountOff, AmountOff: &five}, 300, 2)
	b := e.coupon(t, prefix+"B", models.DiscountSpec{Kind: models.PercentOff, PercentOff: &ten, MaxDiscount: &cap}, 200, 1)
	users := make([]string, 60)
	for i := range users {
		users[i] = fmt.Sprintf("%su%d", prefix, i)
	}
	var held []*models.UserCoupon
	for i, u := range users {
		switch rnd.IntN(3) {
		case 0:
			for k := 0; k < 1+rnd.IntN(3); k++ { // the third is refused: limit 2
				if res, err := e.engine.Claim(ctx, coupon.ClaimRequest{UserID: u, CouponID: fmt.Sprint(a.ID), RequestID: fmt.Sprint("c", k), Channel: models.ChannelClaim}); err == nil {
					held = append(held, res.UserCoupon)
				}
			}
		case 1:
			res, err := e.engine.ClaimBatch(ctx, coupon.BatchRequest{UserID: u, CouponIDs: []string{fmt.Sprint(a.ID), fmt.Sprint(b.ID)}, RequestID: "b", Channel: models.ChannelClaim})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range res.Items {
				if it.UserCoupon != nil {
					held = append(held, it.UserCoupon)
				}
			}
		default:
			if res, err := e.engine.Claim(ctx, coupon.ClaimRequest{UserID: u, CouponID: fmt.Sprint(b.ID), RequestID: "code-" + fmt.Sprint(i), Channel: models.ChannelCode}); err == nil {
				held = append(held, res.UserCoupon)
			}
		}
	}
	if _, err := e.engine.IssueTargeted(ctx, a, 1, users[:40], 7); err != nil {
		t.Fatal(err)
	}
	// Uses, some refunded, some revoked, some expired.
	for i, uc := range held {
		id := models.UserCouponID(uc.UserID, uc.ID)
		switch rnd.IntN(5) {
		case 0, 1:
			cart := pricing.Cart{Currency: "USD", Items: []pricing.Item{
				{ProductID: fmt.Sprint("p", rnd.IntN(5)), UnitPrice: decimal.RequireFromString("19.99"), Quantity: 1 + rnd.IntN(3)},
				{ProductID: fmt.Sprint("p", rnd.IntN(5)), UnitPrice: decimal.RequireFromString("3.33"), Quantity: 1 + rnd.IntN(4)},
			}}
			order := fmt.Sprint(prefix, "o", i)
			if _, err := e.engine.Use(ctx, coupon.OrderRequest{UserID: uc.UserID, UserCouponID: id, OrderID: order, Cart: cart}); err != nil {
				t.Fatalf("use: %v", err)
			}
			if rnd.IntN(3) == 0 {
				if _, err := e.engine.Refund(ctx, uc.UserID, order); err != nil {
					t.Fatalf("refund: %v", err)
				}
			}
		case 2:
			if _, err := e.engine.Revoke(ctx, id, "test"); err != nil {
				t.Fatalf("revoke: %v", err)
			}
		case 3:
			db, route := e.store.Shard(uc.UserID)
			db.Table(route.UserCouponTable()).Where("id = ?", uc.ID).Update("valid_until", time.Now().Add(-time.Minute))
		}
	}
	if _, err := e.engine.SweepExpired(ctx); err != nil {
		t.Fatal(err)
	}
	return []*models.Coupon{a, b}
}

// drain folds until every consumer has every event of its table.
func drain(t *testing.T, svcs ...*Service) {
	t.Helper()
	s := svcs[0]
	deadline := time.Now().Add(time.Minute)
	for {
		behind := 0
		_, srcs := s.sources()
		for _, src := range srcs {
			for _, svc := range svcs {
				if _, err := svc.Step(context.Background(), src.id); err != nil && !errors.Is(err, errNotMine) {
					t.Fatal(err)
				}
			}
			var top *uint64
			s.store.Layout().Shards[src.shard].Table(src.table).Select("MAX(id)").Scan(&top)
			var c models.StatsConsumer
			s.store.Meta.Where("id = ?", src.id).Take(&c)
			if top != nil && c.LastID < *top {
				behind++
			}
		}
		if behind == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d consumers still behind", behind)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// truth is what the source rows say of a coupon.
type truth struct {
	issued                           map[models.Channel]int64
	used, refunded, expired, revoked int64
	discount, orderAmount            decimal.Decimal
	sales                            map[string]decimal.Decimal
	units                            map[string]int64
}

func (e *env) truth(t *testing.T, couponID uint64) truth {
	t.Helper()
	tr := truth{issued: map[models.Channel]int64{}}
	for _, db := range e.store.Layout().Shards {
		for _, table := range e.store.Layout().Router.TableNames("user_coupon") {
			var rows []struct {
				Channel models.Channel
				N       int64
			}
			db.Table(table).Select("channel, COUNT(*) AS n").Where("coupon_id = ?", couponID).Group("channel").Scan(&rows)
			for _, r := range rows {
				tr.issued[r.Channel] += r.N
			}
		}
		for _, table := range e.store.Layout().Router.TableNames("coupon_event") {
			var evs []event
			db.Table(table).Where("coupon_id = ?", couponID).Scan(&evs)
			for _, ev := range evs {
				switch ev.Kind {
				case models.EventUsed:
					tr.used++
					tr.discount = tr.discount.Add(decimal.RequireFromString(*ev.Amount))
					tr.orderAmount = tr.orderAmount.Add(decimal.RequireFromString(*ev.OrderAmount))
				case models.EventRefunded:
					tr.refunded++
				case models.EventExpired:
					tr.expired++
				case models.EventRevoked:
					tr.revoked++
				}
			}
		}
	}
	return tr
}

func check(t *testing.T, what string, got *Stats, want truth) {
	t.Helper()
	issued := int64(0)
	for ch, n := range want.issued {
		issued += n
		if got.IssuedByChannel[ch] != n {
			t.Errorf("%s: issued through %s %d, the rows say %d", what, ch, got.IssuedByChannel[ch], n)
		}
	}
	if got.Issued != issued || got.Used != want.used || got.Refunded != want.refunded || got.Expired != want.expired || got.Revoked != want.revoked ||
		!got.Discount.Equal(want.discount) || !got.OrderAmount.Equal(want.orderAmount) {
		t.Errorf("%s: stats %d issued, %d used, %d refunded, %d expired, %d revoked, %s off %s; the rows say %d, %d, %d, %d, %d, %s off %s",
			what, got.Issued, got.Used, got.Refunded, got.Expired, got.Revoked, got.Discount, got.OrderAmount,
			issued, want.used, want.refunded, want.expired, want.revoked, want.discount, want.orderAmount)
	}
	if want.used == 0 || issued == 0 || want.revoked+want.expired+want.refunded == 0 {
		t.Errorf("%s: the workload did too little to check (%+v)", what, want)
	}
}

func TestRollupsMatchTheRows(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		svc := e.stats("one")
		coupons := e.workload(t, 1, "w1-")
		drain(t, svc)
		ctx := context.Background()
		from, to := time.Now().Add(-48*time.Hour), time.Now().Add(48*time.Hour)
		all := truth{issued: map[models.Channel]int64{}}
		for _, c := range coupons {
			want := e.truth(t, c.ID)
			got, err := svc.Coupon(ctx, fmt.Sprint(c.ID))
			if err != nil {
				t.Fatal(err)
			}
			check(t, c.Name+" all time", got, want)
			ranged, err := svc.Range(ctx, c.ID, from, to)
			if err != nil {
				t.Fatal(err)
			}
			check(t, c.Name+" over 4 days", ranged, want)
			for ch, n := range want.issued {
				all.issued[ch] += n
			}
			all.used += want.used
			all.refunded += want.refunded
			all.expired += want.expired
			all.revoked += want.revoked
			all.discount = all.discount.Add(want.discount)
			all.orderAmount = all.orderAmount.Add(want.orderAmount)

			// The series adds up to the same, by hour and by day.
			for _, g := range []Granularity{Hour, Day} {
				points, err := svc.Series(ctx, c.ID, time.Now().Add(-24*time.Hour), time.Now().Add(2*time.Hour), g)
				if err != nil {
					t.Fatal(err)
				}
				var used int64
				disc := decimal.Zero
				for _, p := range points {
					used += p.Used
					disc = disc.Add(p.Discount)
				}
				if used != want.used || !disc.Equal(want.discount) {
					t.Errorf("%s %s series: %d used, %s off; want %d, %s", c.Name, g, used, disc, want.used, want.discount)
				}
			}
			// Products: the discount shares add up to the discount; sales
			// to the order amounts.
			prods, err := svc.Products(ctx, c.ID, from, to, 0)
			if err != nil {
				t.Fatal(err)
			}
			sales, share := decimal.Zero, decimal.Zero
			var orders int64
			for _, p := range prods {
				sales, share = sales.Add(p.Sales), share.Add(p.DiscountPart)
				orders += p.Orders
			}
			if !sales.Equal(want.orderAmount) || !share.Equal(want.discount) || orders < want.used {
				t.Errorf("%s products: sales %s, discount %s, orders %d; want %s, %s, >= %d", c.Name, sales, share, orders, want.orderAmount, want.discount, want.used)
			}
		}
		overall, err := svc.Range(ctx, models.AllCoupons, from, to)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "every coupon", overall, all)
		top, err := svc.Top(ctx, from, to, 1)
		if err != nil || len(top) != 1 {
			t.Fatalf("top: %v %v", top, err)
		}
		if asOf, _ := svc.AsOf(ctx); time.Since(asOf) > 10*time.Second {
			t.Errorf("asOf %s is old after a drain", asOf)
		}
		if _, err := svc.Series(ctx, 0, from, from.Add(-time.Hour), Hour); err == nil {
			t.Error("a reversed range was accepted")
		}
		if _, err := svc.Series(ctx, 0, from, from.AddDate(0, 2, 0), Hour); err == nil {
			t.Error("two months of hours were accepted")
		}
	})
}

// A consumer that dies between folding and committing leaves nothing;
// another instance takes over and the figures are exact. Two instances
// folding side by side while the workload runs count everything once.
func TestExactAcrossCrashesAndInstances(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		coupons := e.workload(t, 2, "w2-")

		crashing := e.stats("crashing")
		crashing.beforeCommit = func() error { return errors.New("killed") }
		_, srcs := crashing.sources()
		for _, src := range srcs {
			if _, err := crashing.Step(ctx, src.id); err == nil {
				t.Fatal("the crashing consumer committed")
			}
		}
		// Its leases run out; two instances go on, while more work arrives.
		e.store.Meta.Model(&models.StatsConsumer{}).Where("1 = 1").Update("lease_until", time.Now().Add(-time.Second))
		one, two := e.stats("one"), e.stats("two")
		runCtx, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for _, s := range []*Service{one, two} {
			wg.Add(1)
			go func() { defer wg.Done(); s.Run(runCtx) }()
		}
		coupons = append(coupons, e.workload(t, 3, "w3-")...)
		stop()
		wg.Wait()
		drain(t, one, two)
		for _, c := range coupons {
			got, err := one.Coupon(ctx, fmt.Sprint(c.ID))
			if err != nil {
				t.Fatal(err)
			}
			check(t, c.Name, got, e.truth(t, c.ID))
		}
	})
}

// A consumer steps from the row its last step left while more than half of
// its lease is left. If meanwhile another instance took the lease over and
// moved the position (here the lease is cut short behind its back), the
// step's guarded write fails and nothing is folded twice.
func TestRememberedLeaseNeverFoldsTwice(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		coupons := e.workload(t, 4, "r1-")
		one := e.stats("one")
		drain(t, one)
		e.store.Meta.Model(&models.StatsConsumer{}).Where("1 = 1").Update("lease_until", time.Now().Add(-time.Second))
		coupons = append(coupons, e.workload(t, 5, "r2-")...)
		two := e.stats("two")
		drain(t, two)
		coupons = append(coupons, e.workload(t, 6, "r3-")...)
		_, srcs := one.sources()
		for _, src := range srcs {
			if _, err := one.Step(ctx, src.id); !errors.Is(err, errNotMine) {
				t.Errorf("%s: the instance whose lease was taken over stepped with %v, want errNotMine", src.id, err)
			}
		}
		drain(t, two)
		for _, c := range coupons {
			got, err := two.Coupon(ctx, fmt.Sprint(c.ID))
			if err != nil {
				t.Fatal(err)
			}
			check(t, c.Name, got, e.truth(t, c.ID))
		}
	})
}
