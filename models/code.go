package models

import "time"

// CodeBatch is a set of redeemable codes for one coupon, generated in the
// background. Workers on any instance take its lease; NextSeq is the
// sequence number the next code gets, moved in the same transaction as the
// codes it covers, so a resumed batch neither skips nor repeats a code.
type CodeBatch struct {
	ID         uint64    `gorm:"primaryKey;autoIncrement"`
	CouponID   uint64    `gorm:"not null;index"`
	Status     JobStatus `gorm:"size:16;not null;index"`
	Count      int64     `gorm:"not null"`
	Generated  int64     `gorm:"not null;default:0"`
	Redeemed   int64     `gorm:"not null;default:0"`
	Disabled   bool      `gorm:"not null;default:false"`
	Prefix     string    `gorm:"size:16;not null;default:''"`
	Length     int       `gorm:"not null"` // characters after the prefix, check part included
	NextSeq    int64     `gorm:"not null;default:0"`
	LastError  string    `gorm:"size:2000;not null;default:''"`
	CreatedBy  string    `gorm:"size:100;not null"`
	CreatedAt  time.Time
	FinishedAt *time.Time
	LeaseOwner string     `gorm:"size:64;not null;default:''"`
	LeaseUntil *time.Time `gorm:"index"`
	UpdatedAt  time.Time
}

// RedeemCode is one code of a batch. The code itself is not stored: Lookup
// is a keyed hash of it (how a typed code is found) and Sealed the random
// body encrypted under the server's code secret (how the export shows it),
// so a copy of the database alone redeems nothing.
type RedeemCode struct {
	BatchID    uint64     `gorm:"primaryKey;autoIncrement:false"`
	Seq        int64      `gorm:"primaryKey;autoIncrement:false"`
	Lookup     []byte     `gorm:"type:binary(16);not null;uniqueIndex"`
	Sealed     []byte     `gorm:"type:binary(16);not null"`
	RedeemedBy *string    `gorm:"size:64"`
	RequestID  *string    `gorm:"size:100"`
	RedeemedAt *time.Time `gorm:"precision:3"`
}
