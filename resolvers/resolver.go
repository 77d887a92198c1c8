// Package resolvers holds the GraphQL resolvers: each checks the caller,
// calls one service method and maps the result. They hold services, never a
// database handle. The fields a list repeats per row ask the root field's
// loaders (loaders.go), which batch those reads.
package resolvers

import (
	"time"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/campaign"
	"github.com/coupond/coupond/internal/catalog"
	"github.com/coupond/coupond/internal/codes"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/issuance"
	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/internal/reshard"
	"github.com/coupond/coupond/internal/stats"
	"github.com/coupond/coupond/internal/tags"
)

// Resolver is the dependency-injection point of the GraphQL layer.
//
// Each service is named for its package, except three whose package name
// is also a root field (coupons, tags, migration, campaigns): a root field's
// resolver method would hide a field of that name, so the coupon engine is
// Engine, the tag service Tagging, the migration Migrator and the
// campaigns Campaigning.
type Resolver struct {
	Auth    *auth.Service
	Auditor *auth.Auditor
	Engine  *coupon.Service // package coupon: coupons, claims, orders
	Tagging *tags.Service   // package tags: user tags
	Catalog *catalog.Service
	// Campaigning keeps campaigns and reads budgets (package campaign;
	// the root field campaigns would hide a field of that name).
	Campaigning *campaign.Service
	Issuance    *issuance.Service // targeted issuance jobs
	Codes       *codes.Service    // redeemable codes
	Stats       *stats.Service    // statistics
	Migrator    *legacy.Migrator  // the migration from a monolith's coupon tables
	// Reshard is this instance's view of a resharding of the user shards.
	Reshard reshard.View
	// LockHold is how long lockCoupon reserves a coupon for an unpaid order.
	LockHold time.Duration
	// Replicas are the databases' read replicas; PinWindow how long a
	// caller reads the primary after a mutation (0: no replicas).
	Replicas  Replicas
	PinWindow time.Duration
}
