package coupon_test

import (
	"context"
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
