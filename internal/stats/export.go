package stats

import (
	"context"
	"strconv"

	"github.com/coupond/coupond/models"
)

// ExportRoles may download statistics (internal/httpapi serves the
// downloads).
var ExportRoles = []models.Role{models.RoleAnalyst, models.RoleOperator, models.RoleAdmin}

// CouponName returns the name of coupon id, or "" when it cannot be read.
func (s *Service) CouponName(ctx context.Context, id uint64) string {
	if c, err := s.engine.Get(ctx, strconv.FormatUint(id, 10)); err == nil {
		return c.Name
	}
	return ""
}
