package tags

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/models"
)

// This file holds the package's SQL: tag definitions in the meta database,
// users' tags in the shards' user_tag tables.

// insertTag stores a new tag definition.
func (s *Service) insertTag(ctx context.Context, t *models.Tag) error {
	return s.store.Meta.WithContext(ctx).Create(t).Error
}

// allTags reads every tag definition by name.
func (s *Service) allTags(ctx context.Context) ([]models.Tag, error) {
	var out []models.Tag
	err := s.store.Meta.WithContext(ctx).Order("name").Find(&out).Error
	return out, err
}

// definedNames returns which of names are defined tags, read from the
// primary.
func (s *Service) definedNames(ctx context.Context, names []string) ([]string, error) {
	var found []string
	err := s.store.Meta.WithContext(ctx).Clauses(dbresolver.Write).Model(&models.Tag{}).Where("name IN ?", names).Pluck("name", &found).Error
	return found, err
}

// addUserCount moves a tag's user count by d.
func (s *Service) addUserCount(ctx context.Context, tag string, d int64) error {
	return s.store.Meta.WithContext(ctx).Model(&models.Tag{}).Where("name = ?", tag).
		Update("user_count", gorm.Expr("user_count + ?", d)).Error
}

// storedTags reads a user's tags from a shard's primary, sorted.
func storedTags(ctx context.Context, db *gorm.DB, table, userID string) ([]string, error) {
	var out []string
	err := db.WithContext(ctx).Clauses(dbresolver.Write).Table(table).
		Where("user_id = ?", userID).Order("tag").Pluck("tag", &out).Error
	return out, err
}

// changeUserTags adds and removes a user's tags in one transaction of its
// shard, and returns by how many users each tag's count moved (a tag the
// user had already, or lacked, moves nothing).
func changeUserTags(ctx context.Context, db *gorm.DB, table, userID string, add, remove []string, now time.Time) (map[string]int64, error) {
	delta := map[string]int64{}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, t := range add {
			res := tx.Table(table).Clauses(clause.OnConflict{DoNothing: true}).
				Create(&models.UserTag{UserID: userID, Tag: t, CreatedAt: now})
			if res.Error != nil {
				return res.Error
			}
			delta[t] += res.RowsAffected
		}
		for _, t := range remove {
			res := tx.Table(table).Where("user_id = ? AND tag = ?", userID, t).Delete(&models.UserTag{})
			if res.Error != nil {
				return res.Error
			}
			delta[t] -= res.RowsAffected
		}
		return nil
	})
	return delta, err
}

// insertUserTags inserts user tags into one table of a shard, in batches of
// importBatch, keeping existing ones; it returns how many it added.
func insertUserTags(ctx context.Context, db *gorm.DB, table string, rows []models.UserTag) (int64, error) {
	out := db.WithContext(ctx).Table(table).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, importBatch)
	return out.RowsAffected, out.Error
}
