package main

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

	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/reshard"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/testenv"
)

// withReshardTarget gives a deployment's instances a new layout of dbs x
// tables to move to.
func withReshardTarget(t *testing.T, d *deployment, dbs, tables int) {
	t.Helper()
	d.cfg.ReshardTables = tables
	if d.cfg.MetaDSN == "" {
		d.cfg.ReshardShards = dbs
		return
	}
	var dsns []string
	for _, s := range testenv.ShardsConfig(t, d.b, dbs, tables).Shards {
		dsns = append(dsns, s.Primary)
	}
	d.cfg.ReshardShardDSNs = strings.Join(dsns, ";")
}

// shopperLoad claims and uses coupons through the API of several instances,
// retrying what a frozen shard refuses (UNAVAILABLE) with the same request,
// and remembers every coupon it got and the status it left it in.
type shopperLoad struct {
	t        *testing.T
	clients  []*client
	couponID string
	mu       sync.Mutex
	held     map[string]string // public id -> status
	owner    map[string]string // public id -> user
	steps    atomic.Int64
	retries  atomic.Int64
}

const useMutation = `mutation($in:UseCouponInput!){useCoupon(input:$in){userCoupon{id status} userErrors{code}}}`

// retry runs call until it answers something else than UNAVAILABLE.
func (l *shopperLoad) retry(call func() *response) *response {
	for i := 0; ; i++ {
		r := call()
		if r.code() != "UNAVAILABLE" || i == 200 {
			return r
		}
		l.retries.Add(1)
		time.Sleep(50 * time.Millisecond)
	}
}

func (l *shopperLoad) step(rnd *rand.Rand) error {
	c := l.clients[rnd.IntN(len(l.clients))]
	user := fmt.Sprintf("rs-%03d", rnd.IntN(300))
	l.mu.Lock()
	var unused []string
	for id, st := range l.held {
		if st == "UNUSED" && l.owner[id] == user {
			unused = append(unused, id)
		}
	}
	l.mu.Unlock()
	if len(unused) > 0 && rnd.IntN(2) == 0 {
		id := unused[0]
		in := map[string]any{"userId": user, "userCouponId": id, "orderId": fmt.Sprint("o-", id),
			"cart": map[string]any{"items": []any{map[string]any{"productId": "p", "unitPrice": "60.00", "quantity": 1}}}}
		r := l.retry(func() *response { return c.do(useMutation, map[string]any{"in": in}) })
		if len(r.Errors) > 0 {
			return fmt.Errorf("use: %+v", r.Errors)
		}
		if st, _ := dig(r.Data, "useCoupon", "userCoupon", "status").(string); st == "USED" {
			l.mu.Lock()
			l.held[id] = "USED"
			l.mu.Unlock()
			return nil
		}
		return fmt.Errorf("use: %v", r.Data)
	}
	req := fmt.Sprint("req-", rnd.Uint64())
	r := l.retry(func() *response {
		return c.do(claimMutation, map[string]any{"in": map[string]any{"userId": user, "couponId": l.couponID, "requestId": req}})
	})
	if len(r.Errors) > 0 {
		return fmt.Errorf("claim: %+v", r.Errors)
	}
	if code, _ := dig(r.Data, "claimCoupon", "userErrors", 0, "code").(string); code != "" {
		if code == "LIMIT_REACHED" || code == "BUSY" {
			return nil
		}
		return fmt.Errorf("claim: %s", code)
	}
	id, _ := dig(r.Data, "claimCoupon", "userCoupon", "id").(string)
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, dup := l.held[id]; dup && dig(r.Data, "claimCoupon", "replayed") != true {
		return fmt.Errorf("claim %s handed out %s twice", req, id)
	}
	l.held[id], l.owner[id] = "UNUSED", user
	return nil
}

// run steps from workers goroutines until stop closes.
func (l *shopperLoad) run(workers int, stop <-chan struct{}) (wait func()) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(w), 11))
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := l.step(rnd); err != nil {
					l.t.Error(err)
					return
				}
				l.steps.Add(1)
			}
		}()
	}
	return wg.Wait
}

// TestReshardCutover moves a running deployment of two instances from 2 x 4
// to 4 x 8 while shoppers claim and use coupons through both: the copy and
// catch-up run beside them, the cut-over freezes their writes (refused,
// retried) and switches both instances; afterwards every coupon a shopper
// got is theirs in the new layout with the status they left it in, nothing
// was issued twice or beyond the stock, the old layout took no write after
// the freeze, and an instance that was not given the new layout refuses to
// start.
func TestReshardCutover(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		ctx := context.Background()
		d := newDeployment(t, b)
		withReshardTarget(t, d, 4, 8)
		a, bi := d.start(t), d.start(t)
		admin := adminClient(t, a)
		op := keyClient(t, admin, a, "OPERATOR")
		load := &shopperLoad{t: t, held: map[string]string{}, owner: map[string]string{},
			clients: []*client{keyClient(t, admin, a, "SERVICE"), keyClient(t, admin, bi, "SERVICE")}}
		load.couponID = activeCouponID(t, op, "Reshard", func(in map[string]any) { in["totalStock"] = 100000; in["perUserLimit"] = 3 })
		rnd := rand.New(rand.NewPCG(5, 6))
		for range 300 {
			if err := load.step(rnd); err != nil {
				t.Fatal(err)
			}
		}

		// The operator's process, as `coupond reshard` opens it.
		cfg := d.cfg
		cfg.ApplyDefaults()
		op1, err := store.Open(ctx, storeConfig(&cfg))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(op1.Close)
		target, _ := reshardConfig(&cfg)
		r, to, err := reshard.Open(ctx, op1, target)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(to.Close)

		stop := make(chan struct{})
		wait := load.run(4, stop)
		if _, err := r.Copy(ctx, reshard.CopyOptions{Batch: 50}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.CatchUp(ctx, reshard.CatchUpOptions{}); err != nil {
			t.Fatal(err)
		}
		before := load.steps.Load()
		rep, err := r.Cutover(ctx, reshard.CutoverOptions{By: "test", Progress: func(s string) { t.Log(s) }})
		if err != nil {
			close(stop)
			wait()
			t.Fatal(err)
		}
		oldRows := countRows(t, op1.Layout())
		time.Sleep(time.Second) // the shoppers go on, on the new layout
		close(stop)
		wait()
		t.Logf("cut-over: %+v frozen %s; %d shopper steps (%d during the copy and cut-over), %d retries of a frozen write",
			rep.Verified.Rows, rep.Frozen, load.steps.Load(), load.steps.Load()-before, load.retries.Load())
		if rep.Instances != 2 || rep.Layout != "4x8" || rep.Gen != 1 {
			t.Fatalf("report %+v", rep)
		}
		if len(rep.Verified.Diffs) != 0 {
			t.Errorf("the verify under the freeze found %v", rep.Verified.Diffs)
		}
		for _, m := range []*Main{a, bi} {
			if l := m.Store.Layout(); l.Name() != "4x8" || l.Gen != 1 || m.Store.Frozen() {
				t.Fatalf("an instance runs %s generation %d, frozen %v", l.Name(), l.Gen, m.Store.Frozen())
			}
		}

		// Every coupon a shopper got is theirs, as they left it, read
		// through either instance.
		if countRows(t, op1.Layout()) != oldRows {
			t.Error("the old layout was written after the cut-over")
		}
		newRows := countRows(t, to.Layout())
		if newRows != int64(len(load.held)) {
			t.Errorf("the new layout holds %d user coupons; the shoppers got %d", newRows, len(load.held))
		}
		users := map[string]bool{}
		for _, u := range load.owner {
			users[u] = true
		}
		for u := range users {
			c := load.clients[len(u)%2]
			got := map[string]string{}
			data := c.ok(`query($u:ID!){userCoupons(userId:$u, first:50){edges{node{id status}}}}`, map[string]any{"u": u})
			for _, e := range dig(data, "userCoupons", "edges").([]any) {
				got[dig(e, "node", "id").(string)] = dig(e, "node", "status").(string)
			}
			for id, owner := range load.owner {
				if owner == u && got[id] != load.held[id] {
					t.Fatalf("%s: %s is %q, was left %q", u, id, got[id], load.held[id])
				}
			}
		}
		left := dig(op.ok(`query($id:ID!){coupon(id:$id){remainingStock}}`, map[string]any{"id": load.couponID}), "coupon", "remainingStock")
		if fmt.Sprint(left) != fmt.Sprint(100000-newRows) {
			t.Errorf("remaining stock %v after %d issued of 100000", left, newRows)
		}

		// The console's view, ADMIN only.
		const q = `{resharding{layout generation phase changedBy target tables{table} instances{name layout generation frozen stale}}}`
		rs := dig(admin.ok(q, nil), "resharding").(map[string]any)
		if rs["layout"] != "4x8" || rs["generation"] != float64(1) || rs["phase"] != "SWITCHED" || rs["changedBy"] != "test" ||
			len(rs["instances"].([]any)) != 2 || dig(rs, "instances", 0, "layout") != "4x8" || dig(rs, "instances", 0, "frozen") != false {
			t.Errorf("resharding: %v", rs)
		}
		if r := load.clients[0].do(q, nil); r.code() != "FORBIDDEN" {
			t.Errorf("a service key reads resharding: %+v", r.Errors)
		}

		// An instance not given the new layout refuses to start.
		stale := d.cfg
		stale.ReshardTables, stale.ReshardShards, stale.ReshardShardDSNs = 0, 0, ""
		m := &Main{Config: &stale}
		if err := m.Run(ctx); err == nil || !strings.Contains(err.Error(), "moved to layout 4x8") {
			_ = m.Close()
			t.Fatalf("an instance on the old layout started: %v", err)
		}
		// One given it starts on it.
		c := d.start(t)
		if l := c.Store.Layout(); l.Name() != "4x8" || l.Gen != 1 {
			t.Fatalf("a new instance runs %s generation %d", l.Name(), l.Gen)
		}

		// A second cut-over to the same layout is refused.
		if _, err := r.Cutover(ctx, reshard.CutoverOptions{By: "test"}); err == nil || errors.Is(err, reshard.ErrCalledOff) {
			t.Fatalf("a second cut-over: %v", err)
		}
	})
}

// countRows counts the user coupons of a layout, on its primaries.
func countRows(t *testing.T, l *store.Layout) int64 {
	t.Helper()
	var total int64
	for _, db := range l.Shards {
		for _, table := range l.Router.TableNames("user_coupon") {
			var n int64
			if err := db.Clauses(dbresolver.Write).Table(table).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			total += n
		}
	}
	return total
}

// TestReshardCommand runs `coupond reshard` as an operator would: plan,
// copy, verify, status, cutover against a running instance, and the
// refusals of a layout that cannot keep the rows' ids.
func TestReshardCommand(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		withReshardTarget(t, d, 2, 16)
		m := d.start(t)
		admin := adminClient(t, m)
		op := keyClient(t, admin, m, "OPERATOR")
		svc := keyClient(t, admin, m, "SERVICE")
		id := activeCouponID(t, op, "Command", func(in map[string]any) { in["totalStock"] = 1000; in["perUserLimit"] = 1 })
		for i := range 40 {
			if code, _ := claimCode(svc, fmt.Sprint("cmd-", i), id, "r"); code != "" {
				t.Fatal(code)
			}
		}
		flags := []string{"-data-dir", d.cfg.DataDir, "-shards", "2", "-tables", "4", "-reshard-tables", "16"}
		if d.cfg.MetaDSN != "" {
			flags = []string{"-meta-dsn", d.cfg.MetaDSN, "-shard-dsns", d.cfg.ShardDSNs, "-tables", "4",
				"-reshard-tables", "16", "-reshard-shard-dsns", d.cfg.ReshardShardDSNs}
		} else {
			flags = append(flags, "-reshard-shards", "2")
		}
		run := func(want int, args ...string) string {
			t.Helper()
			var out, errb strings.Builder
			if code := reshardMain(context.Background(), append(append([]string{}, flags...), args...), &out, &errb); code != want {
				t.Fatalf("coupond reshard %v: exit %d, want %d\n%s%s", args, code, want, out.String(), errb.String())
			}
			return out.String() + errb.String()
		}
		bad := append([]string{}, flags...)
		for i, f := range bad {
			if f == "-reshard-tables" {
				bad[i+1] = "12"
			}
		}
		var out, errb strings.Builder
		if code := reshardMain(context.Background(), append(bad, "plan"), &out, &errb); code != 1 || !strings.Contains(errb.String(), "must be a multiple of 8") {
			t.Errorf("a 2x12 target: exit %d %s", code, errb.String())
		}

		if out := run(0, "plan"); !strings.Contains(out, "2x4 -> 2x16") || !strings.Contains(out, "db1.t03 -> [db0.t07 db0.t15 db1.t07 db1.t15]") {
			t.Errorf("plan: %s", out)
		}
		if out := run(1, "verify"); !strings.Contains(out, "MISSING") {
			t.Errorf("verify before the copy: %s", out)
		}
		if out := run(0, "copy"); !strings.Contains(out, "copied 40 user coupons") {
			t.Errorf("copy: %s", out)
		}
		if out := run(0, "verify"); !strings.Contains(out, "compared 40 user coupons and 0 tags") || !strings.Contains(out, ": 0 differences") {
			t.Errorf("verify: %s", out)
		}
		if out := run(0, "status"); !strings.Contains(out, "layout in use:   2x4") || !strings.Contains(out, "phase:           OPEN") {
			t.Errorf("status: %s", out)
		}
		if out := run(0, "cutover"); !strings.Contains(out, "in use: 2x16 (generation 1)") || !strings.Contains(out, "1 instances switched") {
			t.Errorf("cutover: %s", out)
		}
		if l := m.Store.Layout(); l.Name() != "2x16" {
			t.Fatalf("the instance runs %s", l.Name())
		}
		if out := run(1, "copy"); !strings.Contains(out, "the layout in use is 2x16") {
			t.Errorf("copy after the cut-over: %s", out)
		}
		if code, _ := claimCode(svc, "cmd-after", id, "r"); code != "" {
			t.Fatalf("a claim after the cut-over: %s", code)
		}

	})
}
