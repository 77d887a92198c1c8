package graph

import (
	"context"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/consistency"
)

// replicaFields are the root query fields whose reads may go to a replica:
// browsing and statistics, where a view a moment old is fine. Everything
// else reads the primary: what decides (qualifyCart, claimableCoupons), a
// user's own coupons and tags, the migration and resharding state, node
// lookups and subscriptions. Fields below a replica field that decide
// (remainingStock) read the primary themselves.
var replicaFields = map[string]bool{
	"coupon": true, "coupons": true,
	"tags": true, "categories": true, "products": true,
	"issuanceJob": true, "issuanceJobs": true, "codeBatches": true,
	"couponStats": true, "statsSeries": true, "statsOverview": true, "productStats": true,
	"auditLog": true, "apiKeys": true,
}

// unpinned are the mutations after which the caller is not pinned to the
// primary: the claim and order paths, at shopper rates, whose results are
// read back only through fields that read the primary anyway (a user's
// coupons, the remaining stock), and the session mutations, whose
// results authentication reads from the primary.
var unpinned = map[string]bool{
	"claimCoupon": true, "claimCoupons": true, "redeemCode": true,
	"lockCoupon": true, "useCoupon": true, "releaseCoupon": true, "refundOrder": true,
	"login": true, "logout": true,
}

// replicaReads lets the root fields of replicaFields read a replica,
// unless their caller is pinned.
func replicaReads(pins *consistency.Pins) graphql.RootFieldMiddleware {
	return func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		oc := graphql.GetOperationContext(ctx)
		rfc := graphql.GetRootFieldContext(ctx)
		if oc.Operation == nil || oc.Operation.Operation != "query" || rfc == nil || !replicaFields[rfc.Field.Name] {
			return next(ctx)
		}
		key := auth.FromContext(ctx).Key()
		return next(consistency.AllowReplica(ctx, func(ctx context.Context) bool { return pins.Pinned(ctx, key) }))
	}
}

// pinWriters pins the caller of a mutation to the primary for the pin
// window once the mutation has run, before it is answered: its next reads,
// on any instance, see what it wrote.
func pinWriters(pins *consistency.Pins) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		oc := graphql.GetOperationContext(ctx)
		if oc == nil || oc.Operation == nil || oc.Operation.Operation != "mutation" {
			return resp
		}
		key := auth.FromContext(ctx).Key()
		if key == "" || !pinnable(oc) {
			return resp
		}
		if err := pins.Pin(context.WithoutCancel(ctx), key); err != nil {
			slog.WarnContext(ctx, "read pin not set: the caller's next reads may miss its write on a replica", "err", err)
		}
		return resp
	}
}

// pinnable reports whether a mutation has a root field outside unpinned.
func pinnable(oc *graphql.OperationContext) bool {
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Mutation"}) {
		if !unpinned[f.Name] {
			return true
		}
	}
	return false
}
