package models

import (
	"time"

	"github.com/shopspring/decimal"
)

// UserCouponStatus is where an issued coupon is in its life.
type UserCouponStatus string

const (
	UserCouponUnused  UserCouponStatus = "UNUSED"
	UserCouponLocked  UserCouponStatus = "LOCKED"
	UserCouponUsed    UserCouponStatus = "USED"
	UserCouponExpired UserCouponStatus = "EXPIRED"
	UserCouponRevoked UserCouponStatus = "REVOKED"
)

// UserCoupon is a coupon issued to a user. It lives in the user's shard
// table (user_coupon_MM) and carries a copy of the rules it needs at use time,
// so that using it needs no join and later edits change nothing issued.
// (user_id, request_id) and (user_id, coupon_id, seq) are unique.
type UserCoupon struct {
	ID              uint64 `gorm:"primaryKey;autoIncrement"`
	UserID          string
	CouponID        uint64
	Seq             int // the n-th of this coupon for this user, from 1
	RequestID       string
	Status          UserCouponStatus
	Channel         Channel
	Currency        string
	Discount        Discount     `gorm:"embedded"`
	Scope           ProductScope `gorm:"embedded"`
	ValidFrom       time.Time
	ValidUntil      time.Time
	IssuedAt        time.Time
	OrderID         *string    // LOCKED or USED: the order
	LastOrderID     *string    // the order that last released or refunded it (for idempotent retries)
	HoldUntil       *time.Time // LOCKED: when the sweeper releases it
	UsedAt          *time.Time
	DiscountApplied decimal.NullDecimal `gorm:"type:varchar(40)"`
	UpdatedAt       time.Time
	// LegacyID is the row's twin in the monolith's user coupon table, for
	// a coupon migrated from it (internal/legacy); (user_id, legacy_id) is
	// unique. A row read from the monolith's table has it and no ID.
	LegacyID *int64
}

// PublicID is the user coupon's public id: of its coupond row, or, for a
// row read from the monolith's table during a migration, of that row.
func (uc *UserCoupon) PublicID() string {
	if uc.ID == 0 && uc.LegacyID != nil {
		return LegacyUserCouponID(uc.UserID, *uc.LegacyID)
	}
	return UserCouponID(uc.UserID, uc.ID)
}

// UserTag is one tag of a user, in the user's shard table (user_tag_MM).
type UserTag struct {
	UserID    string `gorm:"primaryKey"`
	Tag       string `gorm:"primaryKey"`
	CreatedAt time.Time
}

// CouponEvent is the outbox: every change to a user coupon writes one in the
// same shard transaction (coupon_event_MM); statistics fold them into rollups.
type CouponEvent struct {
	ID           uint64 `gorm:"primaryKey;autoIncrement"`
	UserID       string
	CouponID     uint64
	UserCouponID uint64
	Kind         string // see the Event* constants
	Channel      Channel
	Amount       decimal.NullDecimal `gorm:"type:varchar(40)"`
	OrderAmount  decimal.NullDecimal `gorm:"type:varchar(40)"`
	Detail       string
	At           time.Time
}

// Outbox event kinds.
const (
	EventIssued   = "ISSUED"
	EventLocked   = "LOCKED"
	EventReleased = "RELEASED"
	EventUsed     = "USED"
	EventRefunded = "REFUNDED"
	EventExpired  = "EXPIRED"
	EventRevoked  = "REVOKED"
	// EventImported counts user coupons copied from a monolith
	// (internal/legacy) in bulk: Detail (ImportedDetail) says how many of
	// the coupon were issued in the hour of At, and, when they were copied
	// past UNUSED, their status and its hour; no amounts. It names no user
	// coupon (UserCouponID 0, no user): the copy writes one per group of the
	// rows one statement wrote, in that statement's transaction.
	EventImported = "IMPORTED"
)

// ImportedDetail is the detail of an IMPORTED event.
type ImportedDetail struct {
	Count  int64            `json:"count"` // rows; 0 reads as 1
	Status UserCouponStatus `json:"status,omitempty"`
	At     time.Time        `json:"at,omitzero"` // when they took Status
}
