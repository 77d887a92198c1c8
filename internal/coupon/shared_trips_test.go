package coupon_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// tripGate holds the first shared round trip of one path open until as
// many claims wait behind it as the test wants in the next one, so that a
// test knows which claims went together. It records every round trip's
// size.
type tripGate struct {
	path    string
	release chan struct{}
	shut    atomic.Bool
	mu      sync.Mutex
	sizes   map[string][]int
}

func gateTrips(e *env, path string) *tripGate {
	g := &tripGate{path: path, release: make(chan struct{}), sizes: map[string][]int{}}
	e.engine.GateTrips(func(p string, n int) {
		g.mu.Lock()
		g.sizes[p] = append(g.sizes[p], n)
		g.mu.Unlock()
		if p == g.path && g.shut.CompareAndSwap(false, true) {
			<-g.release
		}
	})
	return g
}

// held returns once the first round trip of the gate's path is held.
func (g *tripGate) held(t *testing.T) {
	t.Helper()
	for start := time.Now(); !g.shut.Load(); time.Sleep(time.Millisecond) {
		if time.Since(start) > 20*time.Second {
			t.Fatalf("no %s round trip started", g.path)
		}
	}
}

// open lets the held round trip go once waiting() reaches want.
func (g *tripGate) open(t *testing.T, want int, waiting func() int) {
	t.Helper()
	for start := time.Now(); waiting() < want; time.Sleep(time.Millisecond) {
		if time.Since(start) > 20*time.Second {
			close(g.release)
			t.Fatalf("%d claims wait for the next %s round trip, want %d", waiting(), g.path, want)
		}
	}
	close(g.release)
}

func (g *tripGate) ran(path string, size int) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Contains(g.sizes[path], size)
}

func (g *tripGate) String() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return fmt.Sprint(g.sizes)
}

// usersBeside returns n user ids whose coupons are in the shard database of
// user.
func usersBeside(e *env, user, prefix string, n int) []string {
	var out []string
	for i := 0; len(out) < n; i++ {
		u := fmt.Sprintf("%s-%d", prefix, i)
		if e.engine.SameShardDB(user, u) {
			out = append(out, u)
		}
	}
	return out
}

// TestSharedInsertKeepsEachAnswer: claims that go together each keep their
// own answer. A replay, a user at the limit and a user outside the tag
// rule are answered on their own while eight good claims and one whose
// Redis marks are gone (so it guesses seq 1, which the user holds) wait to
// share one insert: the shared insert meets the duplicate, every row is
// written again on its own, and only that claim reads and takes seq 2.
func TestSharedInsertKeepsEachAnswer(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		rdb := testenv.Redis(t, testenv.Backend{RedisAddr: e.addr})
		if _, err := e.tags.Create(ctx, "vip", "", models.TagRealtime); err != nil {
			t.Fatal(err)
		}
		c := activeCoupon(t, e, 100, 4, 2, func(s *models.CouponSpec) { s.TagRule = &models.TagRuleSpec{AnyOf: []string{"vip"}} })
		users := usersBeside(e, "gate", "u", 13)
		gate, replayer, limited, forgetful, outsider, good := users[0], users[1], users[2], users[3], users[4], users[5:]
		for _, u := range users {
			if u == outsider {
				continue
			}
			if _, err := e.tags.SetUserTags(ctx, u, []string{"vip"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		first, err := claim(e, replayer, c, "r1")
		if err != nil {
			t.Fatal(err)
		}
		for _, req := range []string{"l1", "l2"} {
			if _, err := claim(e, limited, c, req); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := claim(e, forgetful, c, "f1"); err != nil {
			t.Fatal(err)
		}
		e.settle(t)
		if err := rdb.Del(ctx, e.prefix+"holds:{"+forgetful+"}:"+id(c)).Err(); err != nil {
			t.Fatal(err)
		}

		g := gateTrips(e, "insert")
		type outcome struct {
			res *coupon.Claimed
			err error
		}
		out := map[string]*outcome{}
		var wg sync.WaitGroup
		run := func(user, req string) {
			o := &outcome{}
			out[user] = o
			wg.Go(func() { o.res, o.err = claim(e, user, c, req) })
		}
		run(gate, "g")
		g.held(t)
		run(replayer, "r1")
		run(limited, "l3")
		run(outsider, "o1")
		run(forgetful, "f2")
		for _, u := range good {
			run(u, "x")
		}
		g.open(t, 1+len(good), func() int { return e.engine.TripsWaiting("insert", c.ID, gate) })
		wg.Wait()

		if !g.ran("insert", 1+len(good)) {
			t.Errorf("round trips %s: the forgetful and the good claims did not share one insert", g)
		}
		if o := out[replayer]; o.err != nil || !o.res.Replayed || o.res.UserCoupon.ID != first.UserCoupon.ID {
			t.Errorf("replay: %+v, %v; want the first coupon replayed", o.res, o.err)
		}
		wantCode(t, out[limited].err, models.CodeLimitReached)
		wantCode(t, out[outsider].err, models.CodeNotEligible)
		if o := out[forgetful]; o.err != nil || o.res.UserCoupon.Seq != 2 {
			t.Errorf("forgetful: %+v, %v; want a new coupon with seq 2", o.res, o.err)
		}
		// Each claim was told the id its row got in the shared insert.
		for _, u := range append([]string{gate, forgetful}, good...) {
			o := out[u]
			if o.err != nil {
				t.Errorf("%s: %v", u, o.err)
				continue
			}
			if o.res.Replayed || (u != forgetful && o.res.UserCoupon.Seq != 1) {
				t.Errorf("%s: %+v; want a new coupon with seq 1", u, o.res)
			}
			row, err := e.engine.FindRequest(ctx, u, o.res.UserCoupon.RequestID)
			if err != nil || row == nil || row.ID != o.res.UserCoupon.ID {
				t.Errorf("%s was told id %d, its row is %+v (%v)", u, o.res.UserCoupon.ID, row, err)
			}
		}
		// Issued: r1, l1, l2, f1 before; the gate, f2 and the good ones now.
		want := int64(4 + 2 + len(good))
		total, most := issuedRows(t, e, c.ID)
		if total != want || most != 2 || eventRows(t, e, c.ID) != want || remaining(t, e, c) != 100-want {
			t.Errorf("%d rows (a user holds up to %d), %d events, remaining %d; want %d, 2, %d, %d",
				total, most, eventRows(t, e, c.ID), remaining(t, e, c), want, want, 100-want)
		}
	})
}

// TestSharedStockTake: claims of one coupon that wait behind a take go in
// one statement; when fewer units are left than they ask for, the first
// get them and the rest are told OUT_OF_STOCK, and no slot goes below zero.
func TestSharedStockTake(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		c := activeCoupon(t, e, 12, 4, 1, nil)
		g := gateTrips(e, "stock")
		var won, soldOut atomic.Int64
		var wg sync.WaitGroup
		run := func(user string) {
			wg.Go(func() {
				_, err := claim(e, user, c, "s")
				switch models.ErrorCode(err) {
				case "":
					won.Add(1)
				case models.CodeOutOfStock:
					soldOut.Add(1)
				default:
					t.Errorf("%s: %v", user, err)
				}
			})
		}
		run("first")
		g.held(t)
		for i := range 19 {
			run(fmt.Sprintf("later-%d", i))
		}
		g.open(t, 19, func() int { return e.engine.TripsWaiting("stock", c.ID, "") })
		wg.Wait()
		if !g.ran("stock", 19) {
			t.Errorf("round trips %s: the 19 waiting claims did not share one take", g)
		}
		if won.Load() != 12 || soldOut.Load() != 8 {
			t.Errorf("%d won, %d sold out; want 12 and 8", won.Load(), soldOut.Load())
		}
		var neg int64
		e.store.Meta.Model(&models.CouponStock{}).Where("coupon_id = ? AND remaining < 0", c.ID).Count(&neg)
		total, _ := issuedRows(t, e, c.ID)
		if remaining(t, e, c) != 0 || neg != 0 || total != 12 {
			t.Errorf("remaining %d, %d slots below zero, %d rows; want 0, 0, 12", remaining(t, e, c), neg, total)
		}
	})
}

// TestSharedBatchStock: batch claims that wait behind another batch's
// stock take make their first tries in one round trip. A coupon with units
// enough for all of them is taken in one statement; one with fewer sends
// each batch on to its slots alone, and exactly its stock is issued.
func TestSharedBatchStock(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		scarce := activeCoupon(t, e, 5, 1, 1, nil)
		plenty := activeCoupon(t, e, 100, 4, 1, nil)
		ids := []string{id(scarce), id(plenty)}
		g := gateTrips(e, "batch-stock")
		var mu sync.Mutex
		got := map[string]int{}
		var wg sync.WaitGroup
		run := func(user string) {
			wg.Go(func() {
				res, err := e.engine.ClaimBatch(context.Background(), coupon.BatchRequest{UserID: user, CouponIDs: ids, RequestID: "b", Channel: models.ChannelClaim})
				if err != nil {
					t.Errorf("%s: %v", user, err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for _, it := range res.Items {
					switch {
					case it.Err == nil:
						got[it.CouponID+" won"]++
					case it.Err.Code == models.CodeOutOfStock:
						got[it.CouponID+" sold out"]++
					default:
						t.Errorf("%s, coupon %s: %v", user, it.CouponID, it.Err)
					}
				}
			})
		}
		run("first")
		g.held(t)
		for i := range 9 {
			run(fmt.Sprintf("later-%d", i))
		}
		g.open(t, 9, func() int { return e.engine.TripsWaiting("batch-stock", 0, "") })
		wg.Wait()
		if !g.ran("batch-stock", 9) {
			t.Errorf("round trips %s: the 9 waiting batches did not share one take", g)
		}
		want := map[string]int{id(scarce) + " won": 5, id(scarce) + " sold out": 5, id(plenty) + " won": 10}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("outcomes %v, want %v", got, want)
		}
		var neg int64
		e.store.Meta.Model(&models.CouponStock{}).Where("coupon_id IN ? AND remaining < 0", []uint64{scarce.ID, plenty.ID}).Count(&neg)
		s, _ := issuedRows(t, e, scarce.ID)
		p, _ := issuedRows(t, e, plenty.ID)
		if remaining(t, e, scarce) != 0 || remaining(t, e, plenty) != 90 || neg != 0 || s != 5 || p != 10 {
			t.Errorf("remaining %d and %d, %d slots below zero, rows %d and %d; want 0, 90, 0, 5, 10",
				remaining(t, e, scarce), remaining(t, e, plenty), neg, s, p)
		}
	})
}

// TestSharedTakeCrashIsReconciled: the process dies after a shared take
// and before any of its claims wrote a row. The reconciler returns exactly
// the units taken and not issued.
func TestSharedTakeCrashIsReconciled(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		c := activeCoupon(t, e, 50, 2, 1, nil)
		for i := range 3 {
			if _, err := claim(e, fmt.Sprintf("fine-%d", i), c, "ok"); err != nil {
				t.Fatal(err)
			}
		}
		crash := coupon.ErrCrash
		e.fault.Store(&crash)
		g := gateTrips(e, "stock")
		var wg sync.WaitGroup
		run := func(user string) { wg.Go(func() { _, _ = claim(e, user, c, "c") }) }
		run("crashed-first")
		g.held(t)
		for i := range 9 {
			run(fmt.Sprintf("crashed-%d", i))
		}
		g.open(t, 9, func() int { return e.engine.TripsWaiting("stock", c.ID, "") })
		wg.Wait()
		e.fault.Store(nil)
		if !g.ran("stock", 9) {
			t.Errorf("round trips %s: the 9 claims did not share one take", g)
		}
		if got := remaining(t, e, c); got != 37 {
			t.Fatalf("remaining %d: the crash should have leaked 10 units (50 - 3 - 10)", got)
		}
		repaired, err := e.engine.Reconcile(ctx, 0, c.ID)
		if err != nil || repaired[c.ID] != 10 {
			t.Fatalf("reconcile repaired %v (%v), want 10", repaired, err)
		}
		if got := remaining(t, e, c); got != 47 {
			t.Errorf("remaining %d after reconcile, want 47", got)
		}
	})
}

// TestSharedInsertIDs: rows of several users and tables written in one
// shared insert get their own ids, and each ISSUED event names its row.
func TestSharedInsertIDs(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		c := activeCoupon(t, e, 100, 4, 1, nil)
		// Rows already in the tables, so that ids are not all 1.
		for i := range 5 {
			if _, err := claim(e, fmt.Sprintf("earlier-%d", i), c, "e"); err != nil {
				t.Fatal(err)
			}
		}
		users := usersBeside(e, "gate", "id", 13)
		g := gateTrips(e, "insert")
		res := make([]*coupon.Claimed, len(users))
		errs := make([]error, len(users))
		var wg sync.WaitGroup
		run := func(i int) { wg.Go(func() { res[i], errs[i] = claim(e, users[i], c, "q") }) }
		run(0)
		g.held(t)
		for i := 1; i < len(users); i++ {
			run(i)
		}
		g.open(t, len(users)-1, func() int { return e.engine.TripsWaiting("insert", c.ID, users[0]) })
		wg.Wait()
		if !g.ran("insert", len(users)-1) {
			t.Fatalf("round trips %s: the claims did not share one insert", g)
		}
		for i, u := range users {
			if errs[i] != nil {
				t.Errorf("%s: %v", u, errs[i])
				continue
			}
			got := res[i].UserCoupon
			row, err := e.engine.FindRequest(ctx, u, "q")
			if err != nil || row == nil || row.ID != got.ID {
				t.Errorf("%s was told id %d, its row is %+v (%v)", u, got.ID, row, err)
				continue
			}
			db, route := e.store.Shard(u)
			var n int64
			if err := db.Table(route.CouponEventTable()).Where("user_id = ? AND user_coupon_id = ? AND kind = ?", u, got.ID, models.EventIssued).Count(&n).Error; err != nil || n != 1 {
				t.Errorf("%s: %d ISSUED events name row %d (%v), want 1", u, n, got.ID, err)
			}
		}
	})
}
