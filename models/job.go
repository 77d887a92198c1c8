package models

import "time"

// JobStatus is where a background job is (the contract's JobStatus).
type JobStatus string

const (
	JobPending   JobStatus = "PENDING"
	JobRunning   JobStatus = "RUNNING"
	JobPaused    JobStatus = "PAUSED"
	JobCompleted JobStatus = "COMPLETED"
	JobFailed    JobStatus = "FAILED"
	JobCancelled JobStatus = "CANCELLED"
)

// Done reports whether s is final.
func (s JobStatus) Done() bool { return s == JobCompleted || s == JobFailed || s == JobCancelled }

// IssuanceJob hands a coupon to an audience in the background. Workers on
// any instance take its lease; Checkpoint is the number of audience lines
// consumed, moved after each batch.
type IssuanceJob struct {
	ID              uint64    `gorm:"primaryKey;autoIncrement"`
	Name            string    `gorm:"size:200;not null"`
	CouponID        uint64    `gorm:"not null;index"`
	Status          JobStatus `gorm:"size:16;not null;index"`
	AudienceKind    string    `gorm:"size:8;not null"` // IDS, FILE, TAGS
	AudienceSize    *int64
	AudienceReady   bool    `gorm:"not null;default:false"` // the audience is stored in chunks
	TagRule         TagRule `gorm:"embedded;embeddedPrefix:audience_"`
	Notify          bool    `gorm:"not null;default:false"`
	BatchSize       int     `gorm:"not null"`
	ReadBatchSize   int     `gorm:"not null"`
	NotifyBatchSize int     `gorm:"not null"`
	Checkpoint      int64   `gorm:"not null;default:0"`
	Processed       int64   `gorm:"not null;default:0"`
	Issued          int64   `gorm:"not null;default:0"`
	Skipped         int64   `gorm:"not null;default:0"`
	Failed          int64   `gorm:"not null;default:0"`
	Notified        int64   `gorm:"not null;default:0"`
	RunSeconds      float64 `gorm:"not null;default:0"` // time spent RUNNING, for the rate
	LastError       string  `gorm:"size:2000;not null;default:''"`
	CreatedBy       string  `gorm:"size:100;not null"`
	CreatedAt       time.Time
	StartedAt       *time.Time
	FinishedAt      *time.Time
	LeaseOwner      string     `gorm:"size:64;not null;default:''"`
	LeaseUntil      *time.Time `gorm:"index"`
	UpdatedAt       time.Time
}

// AudienceChunk is a piece of a job's audience: user ids, one per line,
// stored in the meta database so that every instance can read it.
type AudienceChunk struct {
	JobID     uint64 `gorm:"primaryKey;autoIncrement:false"`
	Seq       int    `gorm:"primaryKey;autoIncrement:false"`
	FirstLine int64  `gorm:"not null"`
	Lines     int    `gorm:"column:line_count;not null"`
	Data      []byte `gorm:"not null"`
}

// NotifyBacklog holds users a job could not notify (message center down),
// to be sent again later.
type NotifyBacklog struct {
	ID        uint64 `gorm:"primaryKey;autoIncrement"`
	JobID     uint64 `gorm:"not null;index"`
	CouponID  uint64 `gorm:"not null"`
	UserIDs   string `gorm:"type:text;not null"` // newline-separated
	Attempts  int    `gorm:"not null;default:0"`
	CreatedAt time.Time
}
