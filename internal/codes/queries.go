package codes

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/models"
)

// This file holds the package's SQL: every read and write of code_batches
// and redeem_codes goes through one of these.

// primary is the meta database's primary, for ctx.
func (s *Service) primary(ctx context.Context) *gorm.DB {
	return s.store.Meta.WithContext(ctx).Clauses(dbresolver.Write).Session(&gorm.Session{})
}

// codesAfter reads up to limit codes of a batch past sequence number after,
// in sequence order (seq, sealed and redeemed_by only).
func (s *Service) codesAfter(ctx context.Context, batchID uint64, after int64, limit int) ([]models.RedeemCode, error) {
	var rows []models.RedeemCode
	err := s.primary(ctx).Select("seq, sealed, redeemed_by").Where("batch_id = ? AND seq > ?", batchID, after).
		Order("seq").Limit(limit).Find(&rows).Error
	return rows, err
}
