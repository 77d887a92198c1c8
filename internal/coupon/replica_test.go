package coupon_test

import (
	"context"
	"fmt"

	"gorm.io/plugin/dbresolver"
	"testing"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// Reads go to the replica; a mutation's answer comes from the primary. The
// "replica" here is a separate database that never receives the writes, so
// a read that reaches it sees nothing.
func TestReadsGoToReplicas(t *testing.T) {
	for _, b := range testenv.Backends(t) {
		if b.MySQLDSN == "" {
			continue // SQLite has no replicas
		}
		t.Run(b.Name, func(t *testing.T) {
			primary := testenv.StoreConfig(t, b)
			lagging := testenv.StoreConfig(t, b)
			testenv.OpenStore(t, lagging) // migrate the replica's schema
			cfg := primary
			cfg.Meta = store.Target{Primary: primary.Meta.Primary, Replicas: []string{lagging.Meta.Primary}}
			e := &env{store: testenv.OpenStore(t, cfg), prefix: testenv.Unique() + ":", addr: testenv.RedisAddr(t, b)}
			e.engine = e.newEngine(t)
			ctx := context.Background()

			c := mustCreate(t, e, validSpec())
			page, err := e.engine.List(ctx, coupon.Filter{}, 10, "")
			if err != nil {
				t.Fatal(err)
			}
			if page.TotalCount != 0 {
				t.Errorf("the list read the primary (%d coupons), want the replica", page.TotalCount)
			}
			got, err := e.engine.Activate(ctx, id(c))
			if err != nil || got.Status != models.CouponActive {
				t.Fatalf("activate must read its own write from the primary: %v %v", got, err)
			}
		})
	}
}

// A replica that lags (here: never receives the writes) must not let a user
// claim past the limit: the count comes from the primary.
func TestLaggingReplicaNeverAllowsOverClaim(t *testing.T) {
	for _, b := range testenv.Backends(t) {
		if b.MySQLDSN == "" {
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			primary := testenv.StoreConfig(t, b)
			lagging := testenv.StoreConfig(t, b)
			lag := testenv.OpenStore(t, lagging)
			cfg := primary
			cfg.Meta = store.Target{Primary: primary.Meta.Primary, Replicas: []string{lagging.Meta.Primary}}
			cfg.Shards = nil
			for i, s := range primary.Shards {
				cfg.Shards = append(cfg.Shards, store.Target{Primary: s.Primary, Replicas: []string{lagging.Shards[i].Primary}})
			}
			e := &env{store: testenv.OpenStore(t, cfg), prefix: testenv.Unique() + ":", addr: testenv.RedisAddr(t, b)}
			e.engine = e.newEngine(t)
			c := activeCoupon(t, e, 50, 2, 2, nil)
			replicate(t, e.store, lag, c)
			ok := 0
			for i := 0; i < 5; i++ {
				if _, err := claim(e, "lagged", c, fmt.Sprintf("l-%d", i)); err == nil {
					ok++
				} else if models.ErrorCode(err) != models.CodeLimitReached {
					t.Fatalf("claim %d: %v", i, err)
				}
			}
			if ok != 2 {
				t.Errorf("%d claims succeeded with limit 2", ok)
			}
		})
	}
}

// replicate copies a coupon row into the lagging replica by hand, as
// replication would eventually, so that the claim's cached read finds it.
func replicate(t *testing.T, from *store.Store, to *store.Store, c *models.Coupon) {
	t.Helper()
	var row models.Coupon
	if err := from.Meta.Clauses(dbresolver.Write).Take(&row, c.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := to.Meta.Create(&row).Error; err != nil {
		t.Fatal(err)
	}
}
