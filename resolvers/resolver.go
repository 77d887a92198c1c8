// Package resolvers holds the GraphQL resolvers: each checks the caller,
// calls one service method and maps the result. They hold services, never a
// database handle. The fields a list repeats per row ask the root field's
// loaders (loaders.go), which batch those reads.
package resolvers

import (
	"time"

	"github.com/coupond/coupond/internal/auth"
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
type Resolver struct {
	Auth    *auth.Service
	Auditor *auth.Auditor
	Engine  *coupon.Service // the coupon engine
	Tagging *tags.Service   // user tags
	Catalog *catalog.Service
	Jobs    *issuance.Service
	Codes   *codes.Service // redeemable codes
	Rollups *stats.Service // statistics
	// Migration is the migration from a monolith's coupon tables.
	Migrator *legacy.Migrator
	// Shards is this instance's view of a resharding of the user shards.
	Shards reshard.View
	// LockHold is how long lockCoupon reserves a coupon for an unpaid order.
	LockHold time.Duration
	// Replicas are the databases' read replicas; PinWindow how long a
	// caller reads the primary after a mutation (0: no replicas).
	Replicas  Replicas
	PinWindow time.Duration
}
