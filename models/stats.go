package models

import "time"

// Rollup grains: an hour, a day (UTC), or all time (Bucket is the zero
// time).
const (
	GrainHour  = "H"
	GrainDay   = "D"
	GrainTotal = "T"
)

// AllCoupons is the CouponID of the rollups that sum every coupon.
const AllCoupons uint64 = 0

// StatsRollup is what one coupon's user coupons did in one bucket through
// one channel. Money is kept in ten-thousandths (exact, and summable by
// any database).
type StatsRollup struct {
	Grain         string    `gorm:"primaryKey;size:1"`
	CouponID      uint64    `gorm:"primaryKey;autoIncrement:false"`
	Bucket        time.Time `gorm:"primaryKey"`
	Channel       Channel   `gorm:"primaryKey;size:16"`
	Issued        int64     `gorm:"not null;default:0"`
	Used          int64     `gorm:"not null;default:0"`
	Refunded      int64     `gorm:"not null;default:0"`
	Expired       int64     `gorm:"not null;default:0"`
	Revoked       int64     `gorm:"not null;default:0"`
	DiscountE4    int64     `gorm:"column:discount_e4;not null;default:0"`
	OrderAmountE4 int64     `gorm:"column:order_amount_e4;not null;default:0"`
}

// StatsProduct is what the orders that used one coupon bought of one
// product in one bucket.
type StatsProduct struct {
	Grain      string    `gorm:"primaryKey;size:1"`
	CouponID   uint64    `gorm:"primaryKey;autoIncrement:false"`
	ProductID  string    `gorm:"primaryKey;size:64"`
	Bucket     time.Time `gorm:"primaryKey"`
	Orders     int64     `gorm:"not null;default:0"`
	Units      int64     `gorm:"not null;default:0"`
	SalesE4    int64     `gorm:"column:sales_e4;not null;default:0"`
	DiscountE4 int64     `gorm:"column:discount_e4;not null;default:0"`
}

// StatsConsumer is the position of the consumer of one shard table's
// outbox: every event with an id up to LastID is in the rollups. AsOf is
// the moment its rollups are exact for.
type StatsConsumer struct {
	ID         string    `gorm:"primaryKey;size:64"` // "<shard>/<table>"
	LastID     uint64    `gorm:"not null;default:0"`
	AsOf       time.Time `gorm:"not null"`
	Folded     int64     `gorm:"not null;default:0"` // events folded so far
	LeaseOwner string    `gorm:"size:64;not null;default:''"`
	LeaseUntil *time.Time
	PrunedAt   *time.Time
}
