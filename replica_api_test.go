package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/mariadbtest"
	"github.com/coupond/coupond/internal/testenv"
)

// The API on a primary and a replica of its own, through HTTP, with two
// instances: the replica 2 s behind, with its SQL thread stopped, and
// killed mid-test. Authentication, the claim, order, issuance and code
// paths, and a caller's reads of its own writes never depend on the
// replica; other callers' browsing does read it (and sees it behind);
// statistics never claim more than the rows they read.
func TestReplicaFaults(t *testing.T) {
	b, ok := testenv.Replicated(t)
	if !ok {
		t.Skip("the replicated backend runs outside -short, with COUPOND_TEST_PRIMARY_DSN and COUPOND_TEST_REPLICA_DSN (go run ./cmd/testdb up)")
	}
	faults := []struct {
		name string
		// before steers the replica once both instances use it; stale
		// says browsing reads then see it behind.
		before func(t *testing.T, rep *mariadbtest.Server)
		stale  bool
		// killMidTest kills the replica after the first half.
		killMidTest bool
	}{
		{name: "Delayed2s", stale: true, before: func(t *testing.T, rep *mariadbtest.Server) {
			if err := rep.SetDelay(context.Background(), 2*time.Second); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "SQLThreadStopped", stale: true, before: func(t *testing.T, rep *mariadbtest.Server) {
			if err := rep.StopSQL(context.Background()); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "KilledMidTest", killMidTest: true},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			rep, sc := testenv.PrivateReplica(t, b)
			d := deploymentOn(t, b, sc)
			d.replicaDSN = "" // no waiting for the replica: the test must see its lag
			// A bound the lagging replica stays within for the whole test:
			// the harshest case, every browsing read may land on it.
			d.cfg.MaxReplicaLag = 30 * time.Second
			ma, mb := d.start(t), d.start(t)
			waitReplicas(t, true, ma, mb)
			if f.before != nil {
				f.before(t, rep)
			}
			s := newReplicaScenario(t, ma, mb)
			s.authentication()
			s.ownWrites(f.stale)
			if f.killMidTest {
				rep.Kill()
				s.afterKill()
			}
			s.claims()
			s.orders()
			s.issuance()
			s.codes()
			s.statistics()
			if f.killMidTest {
				s.degraded()
			}
		})
	}
}

// waitReplicas waits until every instance sees its replicas usable (or not).
func waitReplicas(t *testing.T, usable bool, ms ...*Main) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for _, m := range ms {
		for {
			all := true
			for _, r := range m.Store.Replicas() {
				all = all && r.Usable == usable
			}
			if all {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("replicas not usable=%v: %+v", usable, m.Store.Replicas())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// replicaScenario is one deployment's callers: on instance A and, for the
// same principal, on instance B.
type replicaScenario struct {
	t              *testing.T
	a, b           *Main
	adminA, adminB *client
	opA, opB       *client // an OPERATOR console user, its session on both
	svcA, svcB     *client
	analystB       *client
	coupon         string
	claimedAt      time.Time
	issued         int
	winner         string // a user whose claim succeeded
}

// on is c's caller (cookies, bearer) talking to m.
func (c *client) on(m *Main) *client {
	o := *c
	o.url = "http://" + m.Addr
	return &o
}

func newReplicaScenario(t *testing.T, a, b *Main) *replicaScenario {
	s := &replicaScenario{t: t, a: a, b: b}
	s.adminA = adminClient(t, a)
	s.adminB = s.adminA.on(b)
	s.adminA.ok(`mutation{createConsoleUser(input:{username:"oper",password:"operator password",roles:[OPERATOR]}){userErrors{code}}}`, nil)
	s.opA = newClient(t, a)
	s.opA.login("oper", "operator password")
	s.opB = s.opA.on(b)
	s.svcA = keyClient(t, s.adminA, a, "SERVICE")
	s.svcB = s.svcA.on(b)
	s.analystB = keyClient(t, s.adminA, a, "ANALYST").on(b)
	return s
}

// authentication: a new session or key works at once on the other
// instance; a logout or a revoked key stops at once.
func (s *replicaScenario) authentication() {
	t := s.t
	t.Run("Authentication", func(t *testing.T) {
		c := newClient(t, s.a)
		c.login("admin", adminPassword)
		if d := c.on(s.b).ok(`{me{name}}`, nil); dig(d, "me", "name") != "admin" {
			t.Errorf("a session made on A, on B at once: %v", d)
		}
		c.ok(`mutation{logout}`, nil)
		if d := c.on(s.b).ok(`{me{name}}`, nil); d["me"] != nil {
			t.Errorf("a session ended on A still works on B: %v", d)
		}
		d := s.adminA.ok(`mutation{createApiKey(name:"fresh",roles:[SERVICE]){apiKey{id} secret}}`, nil)
		key := newClient(t, s.b)
		key.bearer = dig(d, "createApiKey", "secret").(string)
		if d := key.ok(`{me{kind}}`, nil); dig(d, "me", "kind") != "API_KEY" {
			t.Errorf("a key made on A, on B at once: %v", d)
		}
		s.adminA.ok(`mutation($id:ID!){revokeApiKey(id:$id)}`, map[string]any{"id": dig(d, "createApiKey", "apiKey", "id")})
		if d := key.ok(`{me{kind}}`, nil); d["me"] != nil {
			t.Errorf("a key revoked on A still works on B: %v", d)
		}
		// The new key is in the admin's list at once, on either instance.
		d = s.adminB.ok(`{apiKeys{name}}`, nil)
		if strings.Contains(fmt.Sprint(d), "fresh") {
			t.Errorf("a revoked key is still listed: %v", d)
		}
	})
}

// ownWrites: the operator sees the coupon it just created in its lists on
// both instances; another caller, browsing, reads the replica (behind,
// when stale).
func (s *replicaScenario) ownWrites(stale bool) {
	s.t.Run("ReadYourWrites", func(t *testing.T) {
		in := couponInput("Replica sale")
		in["totalStock"] = 150
		in["perUserLimit"] = 1
		in["stockSlots"] = 4
		d := s.opA.ok(createCoupon, map[string]any{"in": in})
		s.coupon, _ = dig(d, "createCoupon", "coupon", "id").(string)
		if s.coupon == "" {
			t.Fatalf("create: %v", d)
		}
		for _, c := range []*client{s.opA, s.opB} {
			d := c.ok(`query($id:ID!){coupon(id:$id){name} coupons(first:50,filter:{search:"Replica sale"}){totalCount}}`, map[string]any{"id": s.coupon})
			if dig(d, "coupon", "name") != "Replica sale" || dig(d, "coupons", "totalCount") != 1.0 {
				t.Errorf("the creator's read on %s: %v", c.url, d)
			}
		}
		// coupon(id) comes from the cache, which loads from the primary;
		// the list is a browsing read.
		d = s.analystB.ok(`{coupons(first:50,filter:{search:"Replica sale"}){totalCount}}`, nil)
		if stale && dig(d, "coupons", "totalCount") != 0.0 {
			t.Errorf("another caller's browsing read found the new coupon: it did not read the replica, which is behind (%v)", d)
		}
	})
}

// afterKill: browsing reads move to the primary within a second of the
// replica's death; until then they may fail UNAVAILABLE, never wrongly.
func (s *replicaScenario) afterKill() {
	s.t.Run("ReadsAfterTheKill", func(t *testing.T) {
		killed := time.Now()
		q := `query($id:ID!){coupon(id:$id){name}}`
		for time.Since(killed) < 1500*time.Millisecond {
			r := s.analystB.do(q, map[string]any{"id": s.coupon})
			switch {
			case r.code() == "UNAVAILABLE" && time.Since(killed) < time.Second:
			case len(r.Errors) > 0:
				t.Fatalf("%s after the kill: %+v", time.Since(killed), r.Errors)
			case dig(r.Data, "coupon", "name") != "Replica sale":
				t.Fatalf("%s after the kill: %v", time.Since(killed), r.Data)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// claims: a coupon activated a moment ago is claimable on both instances
// at once; 200 claims for 150 units issue exactly 150; the remaining
// stock reads 0 at once for anyone.
func (s *replicaScenario) claims() {
	s.t.Run("Claims", func(t *testing.T) {
		s.opA.ok(`mutation($id:ID!){activateCoupon(id:$id){userErrors{code}}}`, map[string]any{"id": s.coupon})
		var mu sync.Mutex
		got := map[string]int{}
		var wg sync.WaitGroup
		for i := 0; i < 200; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := s.svcA
				if i%2 == 1 {
					c = s.svcB
				}
				code, _ := claimCode(c, fmt.Sprint("ru-", i), s.coupon, "r")
				mu.Lock()
				got[code]++
				if code == "" {
					s.winner = fmt.Sprint("ru-", i)
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		s.claimedAt = time.Now()
		if got[""] != 150 || got["OUT_OF_STOCK"] != 50 {
			t.Fatalf("200 claims for 150 units: %v", got)
		}
		s.issued = 150
		d := s.analystB.ok(`query($id:ID!){coupon(id:$id){remainingStock}}`, map[string]any{"id": s.coupon})
		if dig(d, "coupon", "remainingStock") != 0.0 && d["coupon"] != nil {
			t.Errorf("remaining stock after the sellout: %v", d)
		}
		if d := s.opB.ok(`query($id:ID!){coupon(id:$id){remainingStock}}`, map[string]any{"id": s.coupon}); dig(d, "coupon", "remainingStock") != 0.0 {
			t.Errorf("remaining stock after the sellout, for the operator: %v", d)
		}
	})
}

// orders: a coupon claimed a moment ago qualifies, locks, is used and
// refunded, each on the other instance than the step before.
func (s *replicaScenario) orders() {
	s.t.Run("Orders", func(t *testing.T) {
		user := s.winner
		d := s.svcB.ok(`query($u:ID!){userCoupons(userId:$u){edges{node{id status}}}}`, map[string]any{"u": user})
		uc, _ := dig(d, "userCoupons", "edges", 0, "node", "id").(string)
		if uc == "" {
			t.Fatalf("the user's coupon, claimed on A, on B: %v", d)
		}
		cart := map[string]any{"items": []any{map[string]any{"productId": "p1", "unitPrice": "60.00", "quantity": 1}}}
		d = s.svcA.ok(`query($u:ID!,$c:CartInput!){qualifyCart(userId:$u,cart:$c){best{discount userCoupon{id}}}}`, map[string]any{"u": user, "c": cart})
		if dig(d, "qualifyCart", "best", "userCoupon", "id") != uc {
			t.Fatalf("qualify: %v", d)
		}
		in := map[string]any{"userId": user, "userCouponId": uc, "orderId": "ro-1", "cart": cart}
		d = s.svcB.ok(`mutation($in:UseCouponInput!){lockCoupon(input:$in){userCoupon{status} userErrors{code}}}`, map[string]any{"in": in})
		if dig(d, "lockCoupon", "userCoupon", "status") != "LOCKED" {
			t.Fatalf("lock: %v", d)
		}
		d = s.svcA.ok(`mutation($in:UseCouponInput!){useCoupon(input:$in){userCoupon{status} userErrors{code}}}`, map[string]any{"in": in})
		if dig(d, "useCoupon", "userCoupon", "status") != "USED" {
			t.Fatalf("use: %v", d)
		}
		d = s.svcB.ok(`mutation($u:ID!){refundOrder(input:{userId:$u,orderId:"ro-1"}){userCoupon{status} userErrors{code}}}`, map[string]any{"u": user})
		if dig(d, "refundOrder", "userCoupon", "status") != "UNUSED" {
			t.Fatalf("refund: %v", d)
		}
	})
}

// issuance: a job on a coupon activated a moment ago issues to every user;
// its creator follows it on the other instance.
func (s *replicaScenario) issuance() {
	s.t.Run("Issuance", func(t *testing.T) {
		id := activeCouponID(t, s.opA, "Replica targeted", func(in map[string]any) {
			in["channels"] = []string{"TARGETED"}
			in["totalStock"] = 100
		})
		users := make([]string, 30)
		for i := range users {
			users[i] = fmt.Sprint("rt-", i)
		}
		d := s.opA.ok(createJob, map[string]any{"in": map[string]any{"couponId": id, "audience": map[string]any{"userIds": users}}})
		job, _ := dig(d, "createIssuanceJob", "job", "id").(string)
		if job == "" {
			t.Fatalf("create job: %v", d)
		}
		done := waitJob(t, s.opB, job, time.Minute, "COMPLETED", "FAILED")
		if done["status"] != "COMPLETED" || done["issued"] != 30.0 {
			t.Fatalf("job: %v", done)
		}
		s.issued += 30
		d = s.svcB.ok(`query($u:ID!){userCoupons(userId:$u){totalCount}}`, map[string]any{"u": "rt-7"})
		if dig(d, "userCoupons", "totalCount") != 1.0 {
			t.Errorf("a user of the job: %v", d)
		}
	})
}

// codes: a batch generated a moment ago is followed by its maker on the
// other instance, exported, and redeemed.
func (s *replicaScenario) codes() {
	s.t.Run("Codes", func(t *testing.T) {
		id := activeCouponID(t, s.opA, "Replica codes", func(in map[string]any) { in["channels"] = []string{"CODE"} })
		d := s.opA.ok(generateCodes, map[string]any{"in": map[string]any{"couponId": id, "count": 5}})
		if dig(d, "generateCodes", "batch", "id") == nil {
			t.Fatalf("generate: %v", d)
		}
		batch := batchOf(t, s.opB, id)
		status, csv := s.opB.get(batch["exportUrl"].(string))
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(csv, "\xEF\xBB\xBF")), "\n")
		if status != http.StatusOK || len(lines) != 6 {
			t.Fatalf("export: %d %q", status, csv)
		}
		code := strings.Split(lines[1], ",")[0]
		if got, p := redeem(s.svcA, "rc-1", code, "r"); got != "" {
			t.Fatalf("redeem %s: %s %v", code, got, p)
		}
		s.issued++
	})
}

// statistics: an analyst's figures, read from a replica behind, never
// claim to be as of a moment whose events they do not hold.
func (s *replicaScenario) statistics() {
	s.t.Run("Statistics", func(t *testing.T) {
		q := `query($c:ID!){couponStats(couponId:$c){issued asOf}}`
		deadline := time.Now().Add(8 * time.Second)
		for time.Now().Before(deadline) {
			st := dig(s.analystB.ok(q, map[string]any{"c": s.coupon}), "couponStats")
			asOf, err := time.Parse(time.RFC3339Nano, dig(st, "asOf").(string))
			if err != nil {
				t.Fatal(err)
			}
			if !asOf.Before(s.claimedAt) && dig(st, "issued") != 150.0 {
				t.Fatalf("statistics as of %s (after the last claim, %s) count %v issued of 150", asOf, s.claimedAt, dig(st, "issued"))
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

// degraded: with the replica dead, /readyz still answers 200 and says
// degraded; the replication query shows why.
func (s *replicaScenario) degraded() {
	s.t.Run("Degraded", func(t *testing.T) {
		status, body := newClient(t, s.b).get("/readyz")
		if status != http.StatusOK || !strings.HasPrefix(body, "degraded") {
			t.Errorf("/readyz with the replica dead: %d %q", status, body)
		}
		d := s.adminB.ok(`{replication{degraded replicas{database usable problem}}}`, nil)
		if dig(d, "replication", "degraded") == nil || dig(d, "replication", "replicas", 0, "usable") != false ||
			dig(d, "replication", "replicas", 0, "problem") == nil {
			t.Errorf("replication with the replica dead: %v", d)
		}
	})
}
