package resolvers

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/coupond/coupond/graph"
	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/models"
)

// loaderWait is how long a loader gathers keys before it reads them: the
// rows of a list resolve in goroutines of their own, started together. A
// field read through a loader waits this long even alone.
const loaderWait = 2 * time.Millisecond

// loaders batch the reads each row of a list would make on its own: the
// coupon (with its remaining stock) of a user coupon, a claim result, an
// issuance job, a code batch or a ranking row; the statistics of a coupon;
// the product of a product ranking. A batch reads its coupons' remaining
// stock in one query and their statistics in three (as of, rollups,
// stock); coupons and products, read through caches with no many-key
// form, are read once per distinct id, concurrently.
//
// A set lives as long as one root field (graph.Scoped) and keeps what it
// read for it: a coupon listed twice shows the same figures. A batch calls
// the services with the context of a field below that root field, so its
// reads make the root field's replica choice; an error for one key is
// that key's field's error, an error of the whole batch every key's.
type loaders struct {
	coupon  *dataloadgen.Loader[string, *gqlmodel.Coupon]
	stats   *dataloadgen.Loader[string, *gqlmodel.CouponStats]
	product *dataloadgen.Loader[string, *gqlmodel.Product]
}

// loaders returns the loaders of ctx's root field, or a set of its own
// for a caller outside one (a subscription's event).
func (r *Resolver) loaders(ctx context.Context) *loaders {
	if l, ok := graph.Scoped(ctx, r.newLoaders); ok {
		return l
	}
	return r.newLoaders()
}

func (r *Resolver) newLoaders() *loaders {
	wait := dataloadgen.WithWait(loaderWait)
	return &loaders{
		coupon:  dataloadgen.NewLoader(guarded(r.fetchCoupons), wait),
		stats:   dataloadgen.NewLoader(guarded(r.fetchStats), wait),
		product: dataloadgen.NewLoader(guarded(r.fetchProducts), wait),
	}
}

// fetchCoupons reads coupons through the engine's cache and their
// remaining stock in one query (from the primary, as Remaining always
// reads). Returns each id's NOT_FOUND.
func (r *Resolver) fetchCoupons(ctx context.Context, ids []string) ([]*gqlmodel.Coupon, []error) {
	cs, errs := r.getCoupons(ctx, ids)
	rem, err := r.Engine.Remaining(ctx, found(cs)...)
	if err != nil {
		return nil, []error{err}
	}
	out := make([]*gqlmodel.Coupon, len(ids))
	for i, c := range cs {
		if c != nil {
			out[i] = toCoupon(c, rem[c.ID])
		}
	}
	return out, errs
}

// fetchStats reads coupons' statistics together. Returns each id's
// NOT_FOUND.
func (r *Resolver) fetchStats(ctx context.Context, ids []string) ([]*gqlmodel.CouponStats, []error) {
	cs, errs := r.getCoupons(ctx, ids)
	var known []*models.Coupon
	for _, c := range cs {
		if c != nil {
			known = append(known, c)
		}
	}
	st, err := r.Stats.Coupons(ctx, known)
	if err != nil {
		return nil, []error{err}
	}
	out := make([]*gqlmodel.CouponStats, len(ids))
	for i, c := range cs {
		if c != nil {
			out[i] = toCouponStats(st[c.ID])
		}
	}
	return out, errs
}

// fetchProducts reads products through the catalog's cache; an id the
// catalog does not know is a product named by its id.
func (r *Resolver) fetchProducts(ctx context.Context, ids []string) ([]*gqlmodel.Product, []error) {
	out := make([]*gqlmodel.Product, len(ids))
	errs := each(ctx, len(ids), func(i int) error {
		p, err := r.Catalog.Product(ctx, ids[i])
		switch {
		case err != nil:
			return err
		case p == nil:
			out[i] = &gqlmodel.Product{ID: ids[i], Name: ids[i]}
		default:
			out[i] = toProduct(p)
		}
		return nil
	})
	return out, errs
}

// getCoupons reads coupons through the engine's cache: cs[i] is ids[i]'s,
// nil where errs[i] says why.
func (r *Resolver) getCoupons(ctx context.Context, ids []string) (cs []*models.Coupon, errs []error) {
	cs = make([]*models.Coupon, len(ids))
	errs = each(ctx, len(ids), func(i int) (err error) {
		cs[i], err = r.Engine.Get(ctx, ids[i])
		return err
	})
	return cs, errs
}

func found(cs []*models.Coupon) []uint64 {
	ids := make([]uint64, 0, len(cs))
	for _, c := range cs {
		if c != nil {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// each runs read(i) for every i < n concurrently and returns their
// errors, by i. A panic is that read's INTERNAL error, as in a resolver.
func each(ctx context.Context, n int, read func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			defer recoverInto(ctx, &errs[i])
			errs[i] = read(i)
		})
	}
	wg.Wait()
	return errs
}

// guarded makes a fetch's panic every key's INTERNAL error (dataloadgen
// would answer it with the panic's text).
func guarded[K comparable, V any](fetch func(context.Context, []K) ([]V, []error)) func(context.Context, []K) ([]V, []error) {
	return func(ctx context.Context, keys []K) (out []V, errs []error) {
		var err error
		defer func() {
			if err != nil {
				out, errs = nil, []error{err}
			}
		}()
		defer recoverInto(ctx, &err)
		return fetch(ctx, keys)
	}
}

func recoverInto(ctx context.Context, err *error) {
	if v := recover(); v != nil {
		slog.ErrorContext(ctx, "panic in a loader", "panic", v)
		*err = models.Internal("resolvers.loader", errors.New("panic"))
	}
}
