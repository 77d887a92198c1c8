package coupon

import (
	"context"

	"github.com/coupond/coupond/models"
)

// ForceReadBack makes targeted inserts take the way of servers without
// INSERT ... RETURNING while on is true.
func ForceReadBack(on bool) { forceReadBack.Store(on) }

// CanReturn reports whether the shard database of userID would be written
// with INSERT ... RETURNING.
func (s *Service) CanReturn(ctx context.Context, userID string) bool {
	db, route := s.store.Shard(userID)
	return CanReturn(ctx, s.store, db, route)
}

// RowsPerStatement is the package's RowsPerStatement for the user coupon
// columns.
func (s *Service) RowsPerStatement(want int) int {
	return RowsPerStatement(s.store.Dialect, len(models.UserCouponColumns), want)
}

// GateTrips has gate called as each shared round trip of the engine's own
// wallets starts: path "stock" or "insert", and its number of calls. Set
// it before claims run.
func (s *Service) GateTrips(gate func(path string, calls int)) { s.shards.trips.gate = gate }

// TripsWaiting is how many claims wait for the next shared round trip:
// path "stock" for coupon couponID's units, "batch-stock" for batch claims'
// stock, "insert" for the shard database of userID.
func (s *Service) TripsWaiting(path string, couponID uint64, userID string) int {
	switch path {
	case "stock":
		return s.shards.trips.takes.Waiting(couponID)
	case "batch-stock":
		return s.shards.trips.firstSlots.Waiting(struct{}{})
	}
	db, _ := s.store.Shard(userID)
	return s.shards.trips.inserts.Waiting(db)
}

// SameShardDB reports whether two users' coupons are in one shard database.
func (s *Service) SameShardDB(a, b string) bool {
	da, _ := s.store.Shard(a)
	db, _ := s.store.Shard(b)
	return da == db
}
