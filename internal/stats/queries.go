package stats

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// This file holds the package's SQL: the outbox tables read (and pruned)
// on the shards; the consumers' positions, the rollups and the product
// rows in the meta database.

// meta is the meta database's primary, for ctx: the consumers write there.
func (s *Service) meta(ctx context.Context) *gorm.DB {
	return store.OnPrimary(ctx, s.store.Meta)
}

// reads is the meta database for the statistics queries: a replica when
// ctx allows it.
func (s *Service) reads(ctx context.Context) *gorm.DB { return s.store.Meta.WithContext(ctx) }

// shardPrimary is the primary of src's shard in layout l, for ctx.
func shardPrimary(ctx context.Context, l *store.Layout, src source) *gorm.DB {
	return l.Shards[src.shard].WithContext(ctx).Clauses(dbresolver.Write)
}

// readEvents reads up to limit events of an outbox table past id after,
// in id order.
func readEvents(shard *gorm.DB, table string, after uint64, limit int) ([]event, error) {
	var evs []event
	err := shard.Table(table).Select("id, coupon_id, kind, channel, amount, order_amount, detail, at").
		Where("id > ?", after).Order("id").Limit(limit).Scan(&evs).Error
	return evs, err
}

// lastEventBefore is the id of the last event up to folded made before
// cutoff (nil: none).
func lastEventBefore(shard *gorm.DB, table string, folded uint64, cutoff time.Time) (*uint64, error) {
	var upto *uint64
	err := shard.Table(table).Select("MAX(id)").Where("id <= ? AND at < ?", folded, cutoff).Scan(&upto).Error
	return upto, err
}

// firstEventAfter is the id of the first event past id after (nil: none).
func firstEventAfter(shard *gorm.DB, table string, after uint64) (*uint64, error) {
	var next *uint64
	err := shard.Table(table).Select("MIN(id)").Where("id > ?", after).Scan(&next).Error
	return next, err
}

// deleteEvents deletes the events with ids from from to to.
func deleteEvents(shard *gorm.DB, table string, from, to uint64) error {
	return shard.Exec("DELETE FROM "+table+" WHERE id >= ? AND id <= ?", from, to).Error
}

// markPruned records when a consumer's outbox was last pruned.
func (s *Service) markPruned(ctx context.Context, id string, at time.Time) error {
	return s.meta(ctx).Model(&models.StatsConsumer{}).Where("id = ?", id).Update("pruned_at", at).Error
}

// takeLease takes or renews a consumer's lease at now and returns its row;
// errNotMine when another instance holds it.
func (s *Service) takeLease(ctx context.Context, id string, now time.Time) (*models.StatsConsumer, error) {
	db := s.meta(ctx)
	res := db.Model(&models.StatsConsumer{}).Where("id = ? AND (lease_owner = ? OR lease_until IS NULL OR lease_until < ?)", id, s.o.Owner, now).
		Updates(map[string]any{"lease_owner": s.o.Owner, "lease_until": now.Add(leaseTTL)})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, errNotMine
	}
	var c models.StatsConsumer
	if err := db.Where("id = ?", id).Take(&c).Error; err != nil {
		return nil, err
	}
	return &c, nil
}

// position is where a step leaves a consumer.
type position struct {
	id         string
	from, to   uint64 // the last folded event id before and after the step
	asOf       time.Time
	folded     int // events folded by the step
	leaseUntil time.Time
}

// saveFold writes a step: the rollups and product rows of b (nil: none)
// and the consumer's new position, which renews its lease, in one
// transaction. errNotMine when the position is no longer p.from or the
// lease this instance's.
func (s *Service) saveFold(ctx context.Context, b *batch, p position) error {
	advance := func(tx *gorm.DB) error {
		res := tx.Model(&models.StatsConsumer{}).Where("id = ? AND last_id = ? AND lease_owner = ?", p.id, p.from, s.o.Owner).
			Updates(map[string]any{"last_id": p.to, "as_of": p.asOf, "folded": gorm.Expr("folded + ?", p.folded), "lease_until": p.leaseUntil})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errNotMine
		}
		return nil
	}
	if b == nil {
		return advance(s.meta(ctx))
	}
	return s.meta(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.upsertRollups(tx, b.sortedRollups()); err != nil {
			return err
		}
		if err := s.upsertProducts(tx, b.sortedProducts()); err != nil {
			return err
		}
		if s.beforeCommit != nil {
			if err := s.beforeCommit(); err != nil {
				return err
			}
		}
		return advance(tx)
	})
}

func (s *Service) createConsumers(ctx context.Context, srcs []source) error {
	now := s.o.Now().UTC()
	rows := make([]models.StatsConsumer, len(srcs))
	for i, src := range srcs {
		rows[i] = models.StatsConsumer{ID: src.id, AsOf: now}
	}
	return s.meta(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error
}

// upsertRollups adds rows to the rollups: insert, or add to the row there.
func (s *Service) upsertRollups(tx *gorm.DB, rows []*models.StatsRollup) error {
	cols := []string{"issued", "used", "refunded", "expired", "revoked", "discount_e4", "order_amount_e4"}
	const per = 500
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(start+per, len(rows))]
		args := make([]any, 0, len(part)*11)
		for _, r := range part {
			args = append(args, r.Grain, r.CouponID, r.Bucket, string(r.Channel), r.Issued, r.Used, r.Refunded, r.Expired, r.Revoked, r.DiscountE4, r.OrderAmountE4)
		}
		q := s.upsertSQL("stats_rollups", []string{"grain", "coupon_id", "bucket", "channel"}, cols, len(part))
		if err := tx.Exec(q, args...).Error; err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) upsertProducts(tx *gorm.DB, rows []*models.StatsProduct) error {
	cols := []string{"orders", "units", "sales_e4", "discount_e4"}
	const per = 500
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(start+per, len(rows))]
		args := make([]any, 0, len(part)*8)
		for _, r := range part {
			args = append(args, r.Grain, r.CouponID, r.ProductID, r.Bucket, r.Orders, r.Units, r.SalesE4, r.DiscountE4)
		}
		q := s.upsertSQL("stats_products", []string{"grain", "coupon_id", "product_id", "bucket"}, cols, len(part))
		if err := tx.Exec(q, args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// upsertSQL is a multi-row insert of n rows that adds the counters to an
// existing row with the same key.
func (s *Service) upsertSQL(table string, key, counters []string, n int) string {
	var b strings.Builder
	all := append(append([]string{}, key...), counters...)
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(all, ", ") + ") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(all)), ", ") + ")"
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	set := make([]string, len(counters))
	for i, c := range counters {
		if s.store.Dialect == store.MySQL {
			set[i] = c + " = " + c + " + VALUES(" + c + ")"
		} else {
			set[i] = c + " = " + c + " + excluded." + c
		}
	}
	if s.store.Dialect == store.MySQL {
		b.WriteString(" ON DUPLICATE KEY UPDATE " + strings.Join(set, ", "))
	} else {
		b.WriteString(" ON CONFLICT (" + strings.Join(key, ", ") + ") DO UPDATE SET " + strings.Join(set, ", "))
	}
	return b.String()
}

// oldestPosition reads the consumer of ids whose rollups are the least
// recent (as_of only; none: empty).
func (s *Service) oldestPosition(ctx context.Context, ids []string) ([]models.StatsConsumer, error) {
	var oldest []models.StatsConsumer
	err := s.reads(ctx).Select("as_of").Where("id IN ?", ids).Order("as_of").Limit(1).Find(&oldest).Error
	return oldest, err
}

// sums is the shape of a summed rollup query.
type sums struct {
	CouponID      uint64
	Channel       models.Channel
	Bucket        time.Time
	Issued        int64
	Used          int64
	Refunded      int64
	Expired       int64
	Revoked       int64
	DiscountE4    int64 `gorm:"column:discount_e4"`
	OrderAmountE4 int64 `gorm:"column:order_amount_e4"`
}

const sumCols = "SUM(issued) AS issued, SUM(used) AS used, SUM(refunded) AS refunded, SUM(expired) AS expired, " +
	"SUM(revoked) AS revoked, SUM(discount_e4) AS discount_e4, SUM(order_amount_e4) AS order_amount_e4"

// totalsByChannel sums the all-time rollups of coupons by coupon and channel.
func (s *Service) totalsByChannel(ctx context.Context, couponIDs []uint64) ([]sums, error) {
	var rows []sums
	err := s.reads(ctx).Model(&models.StatsRollup{}).Select("coupon_id, channel, "+sumCols).
		Where("grain = ? AND coupon_id IN ? AND bucket = ?", models.GrainTotal, couponIDs, TotalBucket).Group("coupon_id, channel").Scan(&rows).Error
	return rows, err
}

// rangeByChannel sums a coupon's rollups over a span by channel.
func (s *Service) rangeByChannel(ctx context.Context, couponID uint64, sp span) ([]sums, error) {
	var rows []sums
	err := s.reads(ctx).Model(&models.StatsRollup{}).Select("channel, "+sumCols).
		Where("coupon_id = ?", couponID).Where(sp.where, sp.args...).Group("channel").Scan(&rows).Error
	return rows, err
}

// openStock is the remaining stock of every active or paused coupon.
func (s *Service) openStock(ctx context.Context) (int64, error) {
	var n int64
	err := s.reads(ctx).Model(&models.CouponStock{}).Select("COALESCE(SUM(coupon_stocks.remaining), 0)").
		Joins("JOIN coupons ON coupons.id = coupon_stocks.coupon_id").
		Where("coupons.status IN ?", []models.CouponStatus{models.CouponActive, models.CouponPaused}).Scan(&n).Error
	return n, err
}

// byBucket sums a coupon's rollups of one grain from start to before end,
// by bucket.
func (s *Service) byBucket(ctx context.Context, grain string, couponID uint64, start, end time.Time) ([]sums, error) {
	var rows []sums
	err := s.reads(ctx).Model(&models.StatsRollup{}).Select("bucket, "+sumCols).
		Where("grain = ? AND coupon_id = ? AND bucket >= ? AND bucket < ?", grain, couponID, start, end).
		Group("bucket").Scan(&rows).Error
	return rows, err
}

// rankByUses ranks coupons by uses over a span, then by issued (coupon
// ids, used and issued only), first of them (0: all).
func (s *Service) rankByUses(ctx context.Context, sp span, first int) ([]sums, error) {
	var ranked []sums
	q := s.reads(ctx).Model(&models.StatsRollup{}).Select("coupon_id, SUM(used) AS used, SUM(issued) AS issued").
		Where("coupon_id <> ?", models.AllCoupons).Where(sp.where, sp.args...).Group("coupon_id").Order("used DESC, issued DESC, coupon_id")
	if first > 0 {
		q = q.Limit(first)
	}
	err := q.Scan(&ranked).Error
	return ranked, err
}

// byCouponAndChannel sums the rollups of coupons over a span by coupon and
// channel.
func (s *Service) byCouponAndChannel(ctx context.Context, ids []uint64, sp span) ([]sums, error) {
	var rows []sums
	err := s.reads(ctx).Model(&models.StatsRollup{}).Select("coupon_id, channel, "+sumCols).
		Where("coupon_id IN ?", ids).Where(sp.where, sp.args...).Group("coupon_id, channel").Scan(&rows).Error
	return rows, err
}

// productSum is one product's summed rows.
type productSum struct {
	ProductID  string
	Orders     int64
	Units      int64
	SalesE4    int64 `gorm:"column:sales_e4"`
	DiscountE4 int64 `gorm:"column:discount_e4"`
}

// productSums ranks products by sales over a span in the orders that used
// a coupon (0: any coupon), first of them (0: all).
func (s *Service) productSums(ctx context.Context, couponID uint64, sp span, first int) ([]productSum, error) {
	var rows []productSum
	q := s.reads(ctx).Model(&models.StatsProduct{}).
		Select("product_id, SUM(orders) AS orders, SUM(units) AS units, SUM(sales_e4) AS sales_e4, SUM(discount_e4) AS discount_e4").
		Where("coupon_id = ?", couponID).Where(sp.where, sp.args...).Group("product_id").Order("sales_e4 DESC, product_id")
	if first > 0 {
		q = q.Limit(first)
	}
	err := q.Scan(&rows).Error
	return rows, err
}
