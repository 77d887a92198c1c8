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

// findTag reads one tag definition from the primary; found is false when
// there is none.
func (s *Service) findTag(ctx context.Context, name string) (t models.Tag, found bool, err error) {
	res := s.store.Meta.WithContext(ctx).Clauses(dbresolver.Write).Where("name = ?", name).Limit(1).Find(&t)
	return t, res.RowsAffected > 0, res.Error
}

// updateTagFields writes a tag's changed fields; found is false when the
// tag is gone.
func (s *Service) updateTagFields(ctx context.Context, name string, fields map[string]any) (found bool, err error) {
	if len(fields) == 0 {
		_, found, err = s.findTag(ctx, name)
		return found, err
	}
	res := s.store.Meta.WithContext(ctx).Model(&models.Tag{}).Where("name = ?", name).Updates(fields)
	if res.Error != nil || res.RowsAffected > 0 {
		return res.RowsAffected > 0, res.Error
	}
	// MySQL counts changed rows only: an update to the same values is 0
	_, found, err = s.findTag(ctx, name)
	return found, err
}

// deleteTagRow removes a tag definition; found is false when it was gone.
func (s *Service) deleteTagRow(ctx context.Context, name string) (found bool, err error) {
	res := s.store.Meta.WithContext(ctx).Where("name = ?", name).Delete(&models.Tag{})
	return res.RowsAffected > 0, res.Error
}

// likeJSONString is a LIKE pattern matching a JSON list holding name (tag
// names need no JSON escaping; '_' matches itself among other characters,
// so callers check each candidate exactly).
func likeJSONString(name string) string { return `%"` + name + `"%` }

// couponsNaming returns the ids of the coupons, not ENDED, whose tag rule
// names tag (up to limit), read from the primary.
func (s *Service) couponsNaming(ctx context.Context, tag string, limit int) ([]uint64, error) {
	var rows []models.Coupon
	like := likeJSONString(tag)
	err := s.store.Meta.WithContext(ctx).Clauses(dbresolver.Write).Model(&models.Coupon{}).
		Select("id", "tag_any_of", "tag_all_of", "tag_none_of").
		Where("status <> ?", models.CouponEnded).
		Where("tag_any_of LIKE ? OR tag_all_of LIKE ? OR tag_none_of LIKE ?", like, like, like).
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	var out []uint64
	for _, c := range rows {
		if ruleNames(c.TagRule, tag) && len(out) < limit {
			out = append(out, c.ID)
		}
	}
	return out, nil
}

// jobsTargeting returns the ids of the PENDING, RUNNING or PAUSED issuance
// jobs whose audience rule names tag (up to limit), read from the primary.
func (s *Service) jobsTargeting(ctx context.Context, tag string, limit int) ([]uint64, error) {
	var rows []models.IssuanceJob
	like := likeJSONString(tag)
	err := s.store.Meta.WithContext(ctx).Clauses(dbresolver.Write).Model(&models.IssuanceJob{}).
		Select("id", "audience_tag_any_of", "audience_tag_all_of", "audience_tag_none_of").
		Where("status IN ?", []models.JobStatus{models.JobPending, models.JobRunning, models.JobPaused}).
		Where("audience_tag_any_of LIKE ? OR audience_tag_all_of LIKE ? OR audience_tag_none_of LIKE ?", like, like, like).
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	var out []uint64
	for _, j := range rows {
		if ruleNames(j.TagRule, tag) && len(out) < limit {
			out = append(out, j.ID)
		}
	}
	return out, nil
}

func ruleNames(r models.TagRule, tag string) bool {
	for _, l := range []models.StringList{r.AnyOf, r.AllOf, r.NoneOf} {
		for _, t := range l {
			if t == tag {
				return true
			}
		}
	}
	return false
}

// deleteTagBatch removes up to limit users' assignments of tag from one
// shard table, and returns the users it removed it from.
func deleteTagBatch(ctx context.Context, db *gorm.DB, table, tag string, limit int) ([]string, error) {
	var users []string
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Table(table).Where("tag = ?", tag).Order("user_id").Limit(limit).Pluck("user_id", &users).Error; err != nil {
			return err
		}
		if len(users) == 0 {
			return nil
		}
		return tx.Table(table).Where("tag = ? AND user_id IN ?", tag, users).Delete(&models.UserTag{}).Error
	})
	return users, err
}
