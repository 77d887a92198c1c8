package reshard_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/internal/reshard"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/tags"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// env is a running 2 x 4 layout with its engine, and a 4 x 8 target.
type env struct {
	from, to *store.Store
	engine   *coupon.Service
	tags     *tags.Service
	rs       *reshard.Resharder
	coupons  []*models.Coupon
}

func newEnv(t *testing.T, b testenv.Backend, dbs, tables int) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{from: testenv.Store(t, b)}
	to, err := store.OpenShards(ctx, testenv.ShardsConfig(t, b, dbs, tables))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(to.Close)
	if err := to.MigrateShards(ctx); err != nil {
		t.Fatal(err)
	}
	e.to = to
	rdb := testenv.Redis(t, b)
	e.engine, e.tags = engineOn(t, e.from, rdb)
	for i := range 3 {
		if _, err := e.tags.Create(ctx, fmt.Sprint("tag", i), "", models.TagRealtime); err != nil {
			t.Fatal(err)
		}
	}
	if e.rs, err = reshard.New(ctx, e.from, e.to); err != nil {
		t.Fatal(err)
	}
	for i, limit := range []int{3, 1} {
		five := decimal.NewFromInt(int64(5 + i))
		c, err := e.engine.Create(ctx, &models.CouponSpec{Name: fmt.Sprint("reshard ", i),
			Discount: models.DiscountSpec{Kind: models.AmountOff, AmountOff: &five},
			Validity: models.ValiditySpec{Kind: models.ValidityRelative, Days: ptr(30)}, TotalStock: 100000, PerUserLimit: &limit,
			Channels: models.AllChannels})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = e.engine.Activate(ctx, fmt.Sprint(c.ID)); err != nil {
			t.Fatal(err)
		}
		e.coupons = append(e.coupons, c)
	}
	return e
}

func ptr[T any](v T) *T { return &v }

// engineOn is an instance's engine and tags over st.
func engineOn(t *testing.T, st *store.Store, rdb redis.UniversalClient) (*coupon.Service, *tags.Service) {
	t.Helper()
	prefix := testenv.Unique() + ":"
	c := cache.New(rdb, cache.Options{Prefix: prefix + "cache:", Channel: prefix + "invalidate"})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); _ = c.Close() })
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	tg := tags.NewService(st, c, nil)
	engine := coupon.NewService(st, c, lock.New(rdb, lock.Options{Prefix: prefix + "lock:"}), tg, coupon.Options{
		Defaults: models.CouponDefaults{Currency: "CNY", StockSlots: 4}, Redis: rdb, KeyPrefix: prefix})
	return engine, tg
}

func mustRouter(t *testing.T, dbs, tables int) *sharding.Router {
	t.Helper()
	r, err := sharding.NewRouter(dbs, tables)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// act is one shopper's step: claim a coupon, lock or use one they hold,
// release a lock, or change their tags. It returns the failures a shopper
// may meet (limits, a coupon already used) as nil.
func (e *env) act(ctx context.Context, rnd *rand.Rand, user string) error {
	c := e.coupons[rnd.IntN(len(e.coupons))]
	switch rnd.IntN(5) {
	case 0, 1:
		_, err := e.engine.Claim(ctx, coupon.ClaimRequest{UserID: user, CouponID: fmt.Sprint(c.ID),
			RequestID: fmt.Sprint("r", rnd.Uint64()), Channel: models.ChannelClaim})
		return expected(err)
	case 2, 3:
		page, err := e.engine.UserCoupons(ctx, user, []models.UserCouponStatus{models.UserCouponUnused}, 10, "")
		if err != nil || len(page.UserCoupons) == 0 {
			return err
		}
		uc := page.UserCoupons[rnd.IntN(len(page.UserCoupons))]
		req := coupon.OrderRequest{UserID: user, UserCouponID: uc.PublicID(), OrderID: fmt.Sprint("o", rnd.Uint64()), Cart: cart()}
		if rnd.IntN(2) == 0 {
			_, err = e.engine.Use(ctx, req)
			return expected(err)
		}
		if _, err = e.engine.Lock(ctx, req, time.Hour); err == nil && rnd.IntN(2) == 0 {
			_, err = e.engine.Release(ctx, user, req.OrderID)
		}
		return expected(err)
	default:
		tag := fmt.Sprint("tag", rnd.IntN(3))
		var err error
		if rnd.IntN(2) == 0 {
			_, err = e.tags.SetUserTags(ctx, user, []string{tag}, nil)
		} else {
			_, err = e.tags.SetUserTags(ctx, user, nil, []string{tag})
		}
		return expected(err)
	}
}

func expected(err error) error {
	switch models.ErrorCode(err) {
	case models.CodeLimitReached, models.CodeBusy, models.CodeConflict, models.CodeNotUsable, models.CodeInvalidState:
		return nil
	}
	return err
}

func cart() pricing.Cart {
	return pricing.Cart{Currency: "CNY", Items: []pricing.Item{{ProductID: "p1", UnitPrice: decimal.RequireFromString("30.00"), Quantity: 1}}}
}

// load runs shoppers from workers goroutines until stop is closed.
func (e *env) load(t *testing.T, users []string, workers int, stop <-chan struct{}) (wait func() int64) {
	var wg sync.WaitGroup
	var done atomic.Int64
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(w), 7))
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := e.act(context.Background(), rnd, users[rnd.IntN(len(users))]); err != nil {
					errs <- err
					return
				}
				done.Add(1)
			}
		}()
	}
	return func() int64 {
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		return done.Load()
	}
}

func users(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("u%05d", i)
	}
	return out
}

// TestReshardUnderLoad copies a 2 x 4 layout into 4 x 8 while shoppers
// claim, lock, use, release and change tags, follows their changes, and
// then, the writes stopped, finds no difference: every user's coupons are
// theirs in the new layout, with the same public ids and statuses.
func TestReshardUnderLoad(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		ctx := context.Background()
		e := newEnv(t, b, 4, 8)
		us := users(400)
		rnd := rand.New(rand.NewPCG(1, 2))
		for range 1500 { // what is there before the resharding begins
			if err := e.act(ctx, rnd, us[rnd.IntN(len(us))]); err != nil {
				t.Fatal(err)
			}
		}
		stop := make(chan struct{})
		wait := e.load(t, us, 4, stop)
		// A small batch: the copy takes many steps while the load runs.
		copied, err := e.rs.Copy(ctx, reshard.CopyOptions{Batch: 50})
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := e.rs.CatchUp(ctx, reshard.CatchUpOptions{Settle: 50 * time.Millisecond}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
		}
		close(stop)
		acts := wait()
		caught, err := e.rs.CatchUp(ctx, reshard.CatchUpOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("copied %d rows, %d tags; %d shopper steps during the copy; last catch-up %d rows", copied.Rows, copied.Tags, acts, caught.Rows)
		if acts < 50 {
			t.Fatalf("only %d shopper steps ran beside the copy", acts)
		}
		rep, err := e.rs.Verify(ctx, reshard.VerifyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range rep.Diffs {
			if d.Kind != reshard.DiffTags { // tags have no outbox: Repair sets them right
				t.Errorf("after the catch-up: %s", d)
			}
		}
		if _, err := e.rs.Repair(ctx, rep.Diffs); err != nil {
			t.Fatal(err)
		}
		if rep, err = e.rs.Verify(ctx, reshard.VerifyOptions{}); err != nil || len(rep.Diffs) != 0 {
			t.Fatalf("after the repair: %v %v", err, rep.Diffs)
		}
		if rep.Rows < 500 {
			t.Fatalf("verified only %d rows", rep.Rows)
		}

		// The new layout serves what the old one did.
		e.to.Meta = e.from.Meta
		after, afterTags := engineOn(t, e.to, testenv.Redis(t, b))
		for _, u := range us {
			was, err := e.engine.UserCoupons(ctx, u, nil, 100, "")
			if err != nil {
				t.Fatal(err)
			}
			is, err := after.UserCoupons(ctx, u, nil, 100, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(was.UserCoupons) != len(is.UserCoupons) {
				t.Fatalf("%s had %d coupons, has %d", u, len(was.UserCoupons), len(is.UserCoupons))
			}
			for i := range was.UserCoupons {
				w, g := was.UserCoupons[i], is.UserCoupons[i]
				if w.PublicID() != g.PublicID() || w.Status != g.Status {
					t.Fatalf("%s: %s %s became %s %s", u, w.PublicID(), w.Status, g.PublicID(), g.Status)
				}
			}
			oldTags, err := e.tags.Stored(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			newTags, err := afterTags.Stored(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(oldTags) != fmt.Sprint(newTags) {
				t.Fatalf("%s: tags %v became %v", u, oldTags, newTags)
			}
		}
	})
}

// TestCopyResumes kills a copy part way (its context ends) and runs it
// again: nothing missing, nothing twice.
func TestCopyResumes(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		ctx := context.Background()
		e := newEnv(t, b, 2, 16)
		us := users(300)
		rnd := rand.New(rand.NewPCG(3, 4))
		for range 800 {
			if err := e.act(ctx, rnd, us[rnd.IntN(len(us))]); err != nil {
				t.Fatal(err)
			}
		}
		// One table at a time, paced at 200 rows/s: the deadline lands
		// mid-way.
		cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		_, err := e.rs.Copy(cctx, reshard.CopyOptions{Batch: 10, Tables: 1, Rate: 200})
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("the first copy ended with %v", err)
		}
		rep, err := e.rs.Verify(ctx, reshard.VerifyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Diffs) == 0 {
			t.Fatal("the first copy was not cut short")
		}
		p, err := e.rs.Copy(ctx, reshard.CopyOptions{Batch: 10})
		if err != nil {
			t.Fatal(err)
		}
		if rep, err = e.rs.Verify(ctx, reshard.VerifyOptions{}); err != nil || len(rep.Diffs) != 0 {
			t.Fatalf("after resuming (%d rows): %v %v", p.Rows, err, rep.Diffs)
		}
		if p.Rows >= rep.Rows {
			t.Fatalf("the second copy wrote %d of %d rows: it did not resume", p.Rows, rep.Rows)
		}
	})
}

// TestTargetsRefused: a target that cannot keep the rows' ids, is not
// larger, or shares a database with the running layout is refused.
func TestTargetsRefused(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		ctx := context.Background()
		from := testenv.Store(t, b)
		for _, c := range []struct{ dbs, tables int }{{4, 4}, {2, 4}, {1, 8}, {3, 12}} {
			to, err := store.OpenShards(ctx, testenv.ShardsConfig(t, b, c.dbs, c.tables))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(to.Close)
			if _, err := reshard.New(ctx, from, to); models.ErrorCode(err) != models.CodeInvalidInput {
				t.Errorf("%dx%d: got %v, want INVALID_INPUT", c.dbs, c.tables, err)
			}
		}
		fl := from.Layout()
		same := store.NewStore(from.Dialect, nil, &store.Layout{Shards: append(fl.Shards[:1:1], fl.Shards...), Router: mustRouter(t, 3, 8)})
		if _, err := reshard.New(ctx, from, same); models.ErrorCode(err) != models.CodeInvalidInput {
			t.Errorf("a target on the running databases: got %v, want INVALID_INPUT", err)
		}
	})
}

// TestCutoverCalledOff: an instance that does not freeze makes the
// cut-over give up and open the writes again on the running layout; once
// it is gone, the cut-over goes through and the instance's engine claims
// into the new layout.
func TestCutoverCalledOff(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		e := newEnv(t, b, 4, 8)
		f := reshard.NewFollower(e.from, e.to, "instance-1", nil)
		if err := f.Load(ctx); err != nil {
			t.Fatal(err)
		}
		go f.Watch(ctx)
		us := users(50)
		rnd := rand.New(rand.NewPCG(8, 9))
		for range 100 {
			if err := e.act(ctx, rnd, us[rnd.IntN(len(us))]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.rs.Copy(ctx, reshard.CopyOptions{}); err != nil {
			t.Fatal(err)
		}

		// A live instance that never freezes.
		ghost := func() {
			row := models.ReshardInstance{Owner: "ghost", Layout: "2x4", SeenAt: time.Now().UTC()}
			if err := e.from.Meta.Save(&row).Error; err != nil {
				t.Error(err)
			}
		}
		ghost()
		_, err := e.rs.Cutover(ctx, reshard.CutoverOptions{By: "test", AckWait: time.Second})
		if !errors.Is(err, reshard.ErrCalledOff) || !strings.Contains(err.Error(), "ghost") {
			t.Fatalf("got %v, want the cut-over called off for the ghost", err)
		}
		st, err := reshard.ReadState(ctx, e.from.Meta)
		if err != nil || st.Phase != models.ReshardOpen || !strings.Contains(st.Note, "ghost") || st.Layout != "2x4" {
			t.Fatalf("state after calling off: %+v %v", st, err)
		}
		claimSoon(t, e, "after-calling-off")
		if e.from.Layout().Name() != "2x4" {
			t.Fatalf("the instance runs %s", e.from.Layout().Name())
		}

		// While frozen, writes are refused.
		e.from.Meta.Delete(&models.ReshardInstance{}, "owner = ?", "ghost")
		frozen := models.ReshardState{ID: 1, Phase: models.ReshardFrozen, Layout: "2x4", Target: "4x8", Version: 42, ChangedAt: time.Now().UTC(), ChangedBy: "test"}
		if err := e.from.Meta.Save(&frozen).Error; err != nil {
			t.Fatal(err)
		}
		if err := f.Load(ctx); err != nil {
			t.Fatal(err)
		}
		_, err = e.engine.Claim(ctx, coupon.ClaimRequest{UserID: "frozen-user", CouponID: fmt.Sprint(e.coupons[0].ID), RequestID: "f1", Channel: models.ChannelClaim})
		if models.ErrorCode(err) != models.CodeUnavailable {
			t.Fatalf("a claim while frozen: %v", err)
		}
		frozen.Phase, frozen.Version = models.ReshardOpen, 43
		if err := e.from.Meta.Save(&frozen).Error; err != nil {
			t.Fatal(err)
		}

		// A row in the new layout that the running one does not have (no
		// catch-up touches it): the verify before the freeze finds it and
		// removes it.
		var one models.UserCoupon
		src, srcRoute := e.from.Shard(us[0])
		if err := src.Table(srcRoute.UserCouponTable()).Where("user_id = ?", us[0]).Limit(1).Find(&one).Error; err != nil || one.ID == 0 {
			t.Fatalf("no row of %s: %v", us[0], err)
		}
		ghostRow := one
		ghostRow.ID, ghostRow.RequestID, ghostRow.Seq = one.ID+100000, "ghost", 99
		dst, dstRoute := e.to.Shard(us[0])
		if err := dst.Table(dstRoute.UserCouponTable()).Create(&ghostRow).Error; err != nil {
			t.Fatal(err)
		}
		rep, err := e.rs.Cutover(ctx, reshard.CutoverOptions{By: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Instances != 1 || rep.Layout != "4x8" || len(rep.Verified.Diffs) != 0 || len(rep.Before.Diffs) != 1 || rep.Before.Diffs[0].ID != ghostRow.ID || rep.Before.Diffs[0].Kind != reshard.DiffExtra {
			t.Fatalf("report %+v", rep)
		}
		if l := e.from.Layout(); l.Name() != "4x8" || l.Gen != 1 {
			t.Fatalf("the instance runs %s generation %d", l.Name(), l.Gen)
		}
		claimSoon(t, e, "after-the-switch")
		db, route := e.from.Shard("after-the-switch")
		var n int64
		if err := db.Table(route.UserCouponTable()).Where("user_id = ?", "after-the-switch").Count(&n).Error; err != nil || n != 1 {
			t.Fatalf("the new layout's %s holds %d rows of the new claim (%v)", route, n, err)
		}
	})
}

// claimSoon claims for user, retrying for a few polls while the writes
// are still frozen.
func claimSoon(t *testing.T, e *env, user string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := e.engine.Claim(context.Background(), coupon.ClaimRequest{UserID: user, CouponID: fmt.Sprint(e.coupons[0].ID), RequestID: "c-" + user, Channel: models.ChannelClaim})
		if err == nil {
			return
		}
		if models.ErrorCode(err) != models.CodeUnavailable || time.Now().After(deadline) {
			t.Fatalf("claim for %s: %v", user, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSelfFreeze: an instance that cannot read the state for longer than
// SelfFreeze stops writing to the user shards, and opens them again once it
// reads the state.
func TestSelfFreeze(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		meta, err := legacy.OpenLegacy(ctx, testenv.ScratchDSN(t, b))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if db, err := meta.DB(); err == nil {
				db.Close()
			}
		})
		if err := meta.AutoMigrate(&models.ReshardState{}, &models.ReshardInstance{}); err != nil {
			t.Fatal(err)
		}
		shards := testenv.Store(t, b)
		st := store.NewStore(shards.Dialect, meta, shards.Layout())
		f := reshard.NewFollower(st, nil, "cut-off", nil)
		if err := f.Load(ctx); err != nil {
			t.Fatal(err)
		}
		go f.Watch(ctx)
		if err := meta.Migrator().DropTable(&models.ReshardState{}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 5*time.Second, "the writes to freeze", st.Frozen)
		if _, err := st.BeginWrite(ctx); models.ErrorCode(err) != models.CodeUnavailable {
			t.Fatalf("a write while cut off: %v", err)
		}
		if err := meta.AutoMigrate(&models.ReshardState{}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 5*time.Second, "the writes to open", func() bool { return !st.Frozen() })
	})
}

func waitFor(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
