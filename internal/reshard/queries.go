package reshard

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

// This file holds the package's SQL: the user coupons, tags and outbox
// events of a shard table (of the running layout or the target), read on
// the primary; checkpoints, the resharding state and the instances' rows
// in the meta database.

// primary pins a query to a database's primary: the copy must read what
// was written, not a replica's past.
func primary(ctx context.Context, db *gorm.DB) *gorm.DB {
	return db.WithContext(ctx).Clauses(dbresolver.Write)
}

// identity names the database db is connected to, to tell two apart.
func identity(ctx context.Context, db *gorm.DB) (string, error) {
	q := "SELECT CONCAT(@@hostname, ':', @@port, '/', DATABASE())"
	if db.Dialector.Name() == "sqlite" {
		q = "SELECT file FROM pragma_database_list WHERE name = 'main'"
	}
	var id string
	err := db.WithContext(ctx).Clauses(dbresolver.Write).Raw(q).Row().Scan(&id)
	return id, err
}

// maxID is the last id of a table (0: empty).
func maxID(ctx context.Context, db *gorm.DB, table string) (uint64, error) {
	var id uint64
	err := primary(ctx, db).Table(table).Select("COALESCE(MAX(id), 0)").Row().Scan(&id)
	return id, err
}

// lastEventBefore is the id of the last event of an outbox table made
// before t (0: none).
func lastEventBefore(ctx context.Context, db *gorm.DB, table string, t time.Time) (int64, error) {
	var id int64
	err := primary(ctx, db).Table(table).Select("COALESCE(MAX(id), 0)").Where("at < ?", t).Row().Scan(&id)
	return id, err
}

// eventsAfter reads up to limit events of an outbox table past id after,
// in id order (id, user coupon and time only).
func eventsAfter(ctx context.Context, db *gorm.DB, table string, after int64, limit int) ([]models.CouponEvent, error) {
	var events []models.CouponEvent
	err := primary(ctx, db).Table(table).Select("id, user_coupon_id, at").
		Where("id > ?", after).Order("id").Limit(limit).Find(&events).Error
	return events, err
}

// changedSince lists the user coupons an outbox table shows changed past
// event id since.
func changedSince(ctx context.Context, db *gorm.DB, table string, since int64) ([]uint64, error) {
	var ids []uint64
	err := primary(ctx, db).Table(table).Distinct("user_coupon_id").
		Where("id > ? AND user_coupon_id > 0", since).Pluck("user_coupon_id", &ids).Error
	return ids, err
}

// userCouponsAfter reads up to limit user coupons of a table past id
// after, in id order.
func userCouponsAfter(ctx context.Context, db *gorm.DB, table string, after uint64, limit int) ([]models.UserCoupon, error) {
	var rows []models.UserCoupon
	err := primary(ctx, db).Table(table).Where("id > ?", after).Order("id").Limit(limit).Find(&rows).Error
	return rows, err
}

// userCouponsBetween reads the user coupons of a table with ids past
// after and up to upTo (0: no upper bound).
func userCouponsBetween(ctx context.Context, db *gorm.DB, table string, after, upTo uint64) ([]models.UserCoupon, error) {
	q := primary(ctx, db).Table(table).Where("id > ?", after)
	if upTo != 0 {
		q = q.Where("id <= ?", upTo)
	}
	var rows []models.UserCoupon
	err := q.Find(&rows).Error
	return rows, err
}

// userCouponsByID reads the user coupons of a table with the given ids.
func userCouponsByID(ctx context.Context, db *gorm.DB, table string, ids []uint64) ([]models.UserCoupon, error) {
	var rows []models.UserCoupon
	err := primary(ctx, db).Table(table).Where("id IN ?", ids).Find(&rows).Error
	return rows, err
}

// overwrite makes an insert of a row whose id is there set every column as
// given (gorm's UpdateAll would stamp updated_at with the time of the copy).
var overwrite = clause.OnConflict{Columns: []clause.Column{{Name: "id"}}, DoUpdates: clause.AssignmentColumns(coupon.UserCouponInsertColumns)}

// upsertUserCoupons writes rows into a table with their ids, overwriting
// the rows there with the same ids.
func upsertUserCoupons(ctx context.Context, db *gorm.DB, table string, rows []models.UserCoupon) error {
	return primary(ctx, db).Table(table).Clauses(overwrite).CreateInBatches(&rows, 500).Error
}

// deleteUserCoupons deletes the user coupons of a table with the given ids.
func deleteUserCoupons(ctx context.Context, db *gorm.DB, table string, ids []uint64) error {
	return primary(ctx, db).Table(table).Where("id IN ?", ids).Delete(&models.UserCoupon{}).Error
}

// userTagsAfter reads up to limit user tags of a table past last, in
// (user, tag) order (last zero: from the first).
func userTagsAfter(ctx context.Context, db *gorm.DB, table string, last models.UserTag, limit int) ([]models.UserTag, error) {
	q := primary(ctx, db).Table(table)
	if last.UserID != "" {
		q = q.Where("user_id > ? OR (user_id = ? AND tag > ?)", last.UserID, last.UserID, last.Tag)
	}
	var tags []models.UserTag
	err := q.Order("user_id, tag").Limit(limit).Find(&tags).Error
	return tags, err
}

// tagUsersAfter reads the users of up to limit user tags of a table past
// user lo (from the first when first), in order.
func tagUsersAfter(ctx context.Context, db *gorm.DB, table, lo string, first bool, limit int) ([]string, error) {
	q := primary(ctx, db).Table(table).Select("user_id")
	if !first {
		q = q.Where("user_id > ?", lo)
	}
	var users []string
	err := q.Order("user_id").Limit(limit).Pluck("user_id", &users).Error
	return users, err
}

// userTagsBetween reads the tags of the users in (lo, hi] of a table (no
// lower bound when first, no upper bound when last), in (user, tag) order.
func userTagsBetween(ctx context.Context, db *gorm.DB, table, lo, hi string, first, last bool) ([]models.UserTag, error) {
	q := primary(ctx, db).Table(table)
	if !first {
		q = q.Where("user_id > ?", lo)
	}
	if !last {
		q = q.Where("user_id <= ?", hi)
	}
	var tags []models.UserTag
	err := q.Order("user_id, tag").Find(&tags).Error
	return tags, err
}

// tagsOf reads a user's tags in a table.
func tagsOf(ctx context.Context, db *gorm.DB, table, userID string) ([]models.UserTag, error) {
	var tags []models.UserTag
	err := primary(ctx, db).Table(table).Where("user_id = ?", userID).Find(&tags).Error
	return tags, err
}

// deleteTagsOf deletes a user's tags in a table.
func deleteTagsOf(ctx context.Context, db *gorm.DB, table, userID string) error {
	return primary(ctx, db).Table(table).Where("user_id = ?", userID).Delete(&models.UserTag{}).Error
}

// writeUserTags inserts user tags into a table, keeping those there.
func writeUserTags(ctx context.Context, db *gorm.DB, table string, tags []models.UserTag) error {
	return primary(ctx, db).Table(table).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&tags, 500).Error
}

// checkpoint reads checkpoint name, on the primary; ok is false (and cp
// new, named) when there is none.
func (r *Resharder) checkpoint(ctx context.Context, name string) (cp models.MigrationCheckpoint, ok bool, err error) {
	err = r.meta.WithContext(ctx).Clauses(dbresolver.Write).Where("name = ?", name).Take(&cp).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return models.MigrationCheckpoint{Name: name}, false, nil
	}
	return cp, err == nil, err
}

// saveCheckpoint writes cp.
func (r *Resharder) saveCheckpoint(ctx context.Context, cp *models.MigrationCheckpoint) error {
	return r.meta.WithContext(ctx).Save(cp).Error
}

// ReadState reads the resharding state: the zero state (OPEN, generation
// 0) when there is none.
func ReadState(ctx context.Context, meta *gorm.DB) (models.ReshardState, error) {
	var st models.ReshardState
	err := meta.WithContext(ctx).Clauses(dbresolver.Write).Where("id = 1").Take(&st).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return models.ReshardState{ID: 1, Phase: models.ReshardOpen}, nil
	}
	return st, err
}

// putState writes the resharding state.
func (r *Resharder) putState(ctx context.Context, st *models.ReshardState) error {
	return r.meta.WithContext(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(st).Error
}

// writeInstance writes an instance's row.
func writeInstance(ctx context.Context, meta *gorm.DB, row *models.ReshardInstance) error {
	return meta.WithContext(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(row).Error
}

// instances are the instances seen in the last minute.
func instances(ctx context.Context, meta *gorm.DB) ([]models.ReshardInstance, error) {
	var out []models.ReshardInstance
	err := meta.WithContext(ctx).Where("seen_at >= ?", time.Now().UTC().Add(-time.Minute)).Order("owner").Find(&out).Error
	return out, err
}

// instancesSince reads the instances seen since t, on the primary.
func instancesSince(ctx context.Context, meta *gorm.DB, t time.Time) ([]models.ReshardInstance, error) {
	var rows []models.ReshardInstance
	err := primary(ctx, meta).Where("seen_at >= ?", t).Find(&rows).Error
	return rows, err
}

// staleInstances reads the instances seen since t that serve no user data.
func staleInstances(ctx context.Context, meta *gorm.DB, t time.Time) ([]models.ReshardInstance, error) {
	var stale []models.ReshardInstance
	err := meta.WithContext(ctx).Where("stale = ? AND seen_at >= ?", true, t).Find(&stale).Error
	return stale, err
}

// statsConsumer reads the statistics consumer id, on the primary (none:
// empty).
func statsConsumer(ctx context.Context, meta *gorm.DB, id string) ([]models.StatsConsumer, error) {
	var c []models.StatsConsumer
	err := primary(ctx, meta).Where("id = ?", id).Find(&c).Error
	return c, err
}

// migrationState reads the state of a migration from a monolith (the zero
// state when there is none).
func migrationState(ctx context.Context, meta *gorm.DB) (models.MigrationState, error) {
	var mig models.MigrationState
	err := meta.WithContext(ctx).Where("id = 1").Limit(1).Find(&mig).Error
	return mig, err
}
