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
