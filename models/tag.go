package models

import "time"

// TagKind says how a tag's members are kept: set one by one as things happen
// (REALTIME), or imported from files (BATCH).
type TagKind string

const (
	TagRealtime TagKind = "REALTIME"
	TagBatch    TagKind = "BATCH"
)

// Tag is a user tag's definition in the meta database. Its members live in
// the user shards (UserTag); UserCount is kept up to date as they change.
type Tag struct {
	Name        string  `gorm:"primaryKey;size:64"`
	Description string  `gorm:"size:500;not null;default:''"`
	Kind        TagKind `gorm:"size:16;not null"`
	UserCount   int64   `gorm:"not null;default:0"`
	CreatedAt   time.Time
}
