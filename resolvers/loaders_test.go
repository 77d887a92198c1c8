package resolvers

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/stats"
	"github.com/coupond/coupond/internal/tags"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// loaderResolver is a Resolver over an engine and running statistics on
// b's stores, with two active coupons of 5 and 7 units, claimed 2 and 3
// times.
func loaderResolver(t *testing.T, b testenv.Backend) (r *Resolver, ids []string) {
	t.Helper()
	st := testenv.Store(t, b)
	prefix := testenv.Unique() + ":"
	rdb := testenv.Redis(t, b)
	c := cache.New(rdb, cache.Options{Prefix: prefix + "cache:", Channel: prefix + "invalidate"})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); _ = c.Close() })
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	engine := coupon.NewService(st, c, lock.New(rdb, lock.Options{Prefix: prefix + "lock:"}), tags.NewService(st, c, nil),
		coupon.Options{Defaults: models.CouponDefaults{Currency: "USD", StockSlots: 4}, Redis: rdb, KeyPrefix: prefix})
	r = &Resolver{Engine: engine, Stats: stats.NewService(st, engine, stats.Options{Owner: prefix, Poll: 20 * time.Millisecond})}
	go r.Stats.Run(ctx)
	five, days := decimal.NewFromInt(5), 30
	for _, stock := range []int64{5, 7} {
		cp, err := engine.Create(ctx, &models.CouponSpec{Name: fmt.Sprint("stock ", stock), Discount: models.DiscountSpec{Kind: models.AmountOff, AmountOff: &five},
			Validity: models.ValiditySpec{Kind: models.ValidityRelative, Days: &days}, TotalStock: stock})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := engine.Activate(ctx, idString(cp.ID)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, idString(cp.ID))
		for u := range stock - 3 {
			req := coupon.ClaimRequest{UserID: fmt.Sprint("user-", u), CouponID: idString(cp.ID), RequestID: fmt.Sprint("r-", stock), Channel: models.ChannelClaim}
			if _, err := engine.Claim(ctx, req); err != nil {
				t.Fatal(err)
			}
		}
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		a, errA := r.Stats.Coupon(ctx, ids[0])
		b, errB := r.Stats.Coupon(ctx, ids[1])
		if errA == nil && errB == nil && a.Issued == 2 && b.Issued == 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("statistics did not catch up: %+v %v, %+v %v", a, errA, b, errB)
		}
	}
	return r, ids
}

func TestLoaders(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		r, ids := loaderResolver(t, b)
		ctx := context.Background()
		keys := []string{ids[0], "424242", ids[1], "not-an-id", ids[0]}

		t.Run("CouponsInOneQueryErrorsByKey", func(t *testing.T) {
			l := r.newLoaders()
			before := remainingQueries(t)
			thunks := make([]func() (*gqlmodel.Coupon, error), len(keys))
			for i, k := range keys {
				thunks[i] = l.coupon.LoadThunk(ctx, k) // one batch: no wait between them
			}
			for i, th := range thunks {
				c, err := th()
				switch keys[i] {
				case "424242", "not-an-id":
					if models.ErrorCode(err) != models.CodeNotFound {
						t.Errorf("%s: %v, want NOT_FOUND", keys[i], err)
					}
				default:
					if err != nil || c.ID != keys[i] {
						t.Errorf("%s: %+v, %v", keys[i], c, err)
					}
				}
			}
			got, err := l.coupon.Load(ctx, ids[1])
			if err != nil || got.ID != ids[1] || got.RemainingStock != 3 {
				t.Errorf("coupon %s: %+v, %v; want 3 left", ids[1], got, err)
			}
			if n := remainingQueries(t) - before; n != 1 {
				t.Errorf("%v remaining-stock queries for %d keys, want 1", n, len(keys))
			}
		})

		t.Run("StatsAsOneByOne", func(t *testing.T) {
			l := r.newLoaders()
			got, err := l.stats.LoadAll(ctx, keys)
			errs, _ := err.(interface{ Unwrap() error })
			if errs == nil {
				t.Fatalf("no error for the unknown keys: %v", err)
			}
			for i, k := range keys {
				want, wantErr := r.Stats.Coupon(ctx, k)
				if wantErr != nil {
					if got[i] != nil {
						t.Errorf("%s: %+v, want %v", k, got[i], wantErr)
					}
					continue
				}
				if got[i] == nil || got[i].RemainingStock != want.Remaining || got[i].Issued != want.Issued || got[i].IssuedByChannel[0].Count != want.Issued ||
					got[i].AsOf.IsZero() {
					t.Errorf("%s: %+v, want %+v", k, got[i], want)
				}
			}
		})

		t.Run("PanicIsInternal", func(t *testing.T) {
			l := r.newLoaders() // no catalog: a product read panics
			_, err := l.product.Load(ctx, "apple")
			if models.ErrorCode(err) != models.CodeInternal || strings.Contains(err.Error(), "nil pointer") {
				t.Errorf("got %v, want an INTERNAL error that says nothing of the panic", err)
			}
		})
	})
}

func TestLoadersOutsideAScope(t *testing.T) {
	r := &Resolver{}
	if a, b := r.loaders(context.Background()), r.loaders(context.Background()); a == b {
		t.Error("calls outside a root field share their loaders")
	}
}

// remainingQueries reads coupond_stock_remaining_queries_total.
func remainingQueries(t *testing.T) float64 {
	t.Helper()
	families, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == "coupond_stock_remaining_queries_total" {
			return f.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatal("no coupond_stock_remaining_queries_total")
	return 0
}
