package models

import "time"

// MigrationMode says, during a migration from a monolith's coupon tables,
// which side the user coupons of the coupons copied from it ("migrated
// coupons") are written to and read from. Coupons made in coupond are not
// concerned: they live in coupond alone in every mode.
type MigrationMode string

const (
	// ModeLegacyOnly: writes and reads on the monolith's tables only.
	ModeLegacyOnly MigrationMode = "LEGACY_ONLY"
	// ModeDualWrite: writes go to the monolith's tables first, then to
	// coupond; reads come from the monolith's tables.
	ModeDualWrite MigrationMode = "DUAL_WRITE"
	// ModeDualWriteNewRead: writes go to coupond first, then to the
	// monolith's tables; reads come from coupond.
	ModeDualWriteNewRead MigrationMode = "DUAL_WRITE_NEW_READ"
	// ModeNewOnly: coupond only; the monolith's tables are left behind.
	ModeNewOnly MigrationMode = "NEW_ONLY"
)

// MigrationModes in the order a migration goes through them.
var MigrationModes = []MigrationMode{ModeLegacyOnly, ModeDualWrite, ModeDualWriteNewRead, ModeNewOnly}

// Valid reports whether m is one of the modes.
func (m MigrationMode) Valid() bool {
	for _, x := range MigrationModes {
		if x == m {
			return true
		}
	}
	return false
}

// Step is the mode's place in MigrationModes (-1 for an unknown mode).
func (m MigrationMode) Step() int {
	for i, x := range MigrationModes {
		if x == m {
			return i
		}
	}
	return -1
}

// LegacyPrimary reports whether the monolith's tables are the side written
// first and read (LEGACY_ONLY, DUAL_WRITE).
func (m MigrationMode) LegacyPrimary() bool { return m == ModeLegacyOnly || m == ModeDualWrite }

// Mirrors reports whether writes go to both sides (DUAL_WRITE,
// DUAL_WRITE_NEW_READ).
func (m MigrationMode) Mirrors() bool { return m == ModeDualWrite || m == ModeDualWriteNewRead }

// MigrationState is the one row (ID 1) of the meta table that holds the
// mode. Every instance reads it at least twice a second.
type MigrationState struct {
	ID        int           `gorm:"primaryKey;autoIncrement:false"`
	Mode      MigrationMode `gorm:"size:32;not null"`
	Version   int64         `gorm:"not null"` // counts changes
	ChangedAt time.Time     `gorm:"not null"`
	ChangedBy string        `gorm:"size:128;not null"`
}

// TableName is the meta table of the mode.
func (MigrationState) TableName() string { return "migration_state" }

// MigrationCouponMap links a legacy coupon template (the monolith's
// mall_coupon row) to the coupond coupon the static copy made of it. It
// lives in the meta database; it is what makes a coupon "migrated".
type MigrationCouponMap struct {
	LegacyID  int64     `gorm:"primaryKey;autoIncrement:false"`
	CouponID  uint64    `gorm:"not null;uniqueIndex"`
	CreatedAt time.Time `gorm:"not null"`
}

// TableName is the meta table of the template map.
func (MigrationCouponMap) TableName() string { return "migration_coupon_map" }

// MigrationCheckpoint is how far a step of the migration got. The dynamic
// copy ("copy") keeps the last legacy user coupon id it copied, so that it
// resumes after a kill where it stopped.
type MigrationCheckpoint struct {
	Name      string    `gorm:"primaryKey;size:64"`
	LastID    int64     `gorm:"not null;default:0"`
	Read      int64     `gorm:"not null;default:0"` // legacy rows read so far
	Inserted  int64     `gorm:"not null;default:0"` // rows written to coupond (re-runs write none)
	Batches   int64     `gorm:"not null;default:0"`
	UpdatedAt time.Time `gorm:"not null"`
}

// TableName is the meta table of the checkpoints.
func (MigrationCheckpoint) TableName() string { return "migration_checkpoint" }

// Directions of a repair: the side whose write failed.
const (
	RepairToCoupond = "TO_COUPOND"
	RepairToLegacy  = "TO_LEGACY"
)

// Kinds of a repair.
const (
	RepairRow   = "ROW"   // bring one user coupon on the other side to its state on this side
	RepairStock = "STOCK" // bring a coupon's remaining stock on the other side to this side's
)

// MigrationRepair is a write to the secondary side that failed during a
// dual-write mode. The primary side's write stood; the repairer (every few
// seconds on one instance, or the repair action) brings the secondary side
// to the primary side's state, which is why an entry names the row, not
// the change: replaying it is idempotent.
type MigrationRepair struct {
	ID           uint64     `gorm:"primaryKey;autoIncrement"`
	Direction    string     `gorm:"size:16;not null;index:idx_migration_repair_pending,priority:2"`
	Kind         string     `gorm:"size:16;not null"`
	UserID       string     `gorm:"size:64;not null"`
	CouponID     uint64     `gorm:"not null"`
	LegacyID     *int64     // the legacy row (TO_COUPOND rows)
	UserCouponID *uint64    // the coupond row (TO_LEGACY rows)
	RequestID    string     `gorm:"size:128;not null"` // of a claim, for the coupond row a TO_COUPOND repair creates
	Payload      string     `gorm:"type:text"`         // what a TO_COUPOND repair needs besides the row (JSON): the outbox event, fields the monolith lacks
	Attempts     int        `gorm:"not null"`
	LastError    string     `gorm:"size:1000;not null"`
	CreatedAt    time.Time  `gorm:"not null"`
	DoneAt       *time.Time `gorm:"index:idx_migration_repair_pending,priority:1"`
}

// TableName is the meta table of the repair log.
func (MigrationRepair) TableName() string { return "migration_repair" }

// Statuses of a migration task.
const (
	TaskRunning   = "RUNNING"
	TaskDone      = "DONE"
	TaskFailed    = "FAILED"
	TaskCancelled = "CANCELLED"
)

// Kinds of migration task.
const (
	TaskStaticCopy = "STATIC_COPY"
	TaskCopy       = "COPY"
	TaskVerify     = "VERIFY"
	TaskRepair     = "REPAIR"
)

// MigrationTask is a step of the migration run in the background by one
// instance (a lease in the meta database keeps it to one at a time); its
// progress is what the console shows.
type MigrationTask struct {
	ID         uint64        `gorm:"primaryKey;autoIncrement"`
	Kind       string        `gorm:"size:16;not null"`
	Status     string        `gorm:"size:16;not null;index"`
	Mode       MigrationMode `gorm:"size:32;not null"` // the mode when it started
	RateLimit  int           `gorm:"not null"`         // rows per second; 0: no limit
	Done       int64         `gorm:"not null"`         // rows (templates, users) done
	Total      int64         `gorm:"not null"`         // of how many, when known
	Written    int64         `gorm:"not null"`         // rows written (copy, repair)
	Users      int64         `gorm:"not null"`         // users compared (verify)
	Diffs      int64         `gorm:"not null"`         // differences found (verify) or left (repair)
	Error      string        `gorm:"size:2000;not null"`
	By         string        `gorm:"size:128;not null"`
	Owner      string        `gorm:"size:128;not null"`
	LeaseUntil *time.Time
	Cancel     bool      `gorm:"not null"`
	StartedAt  time.Time `gorm:"not null"`
	UpdatedAt  time.Time `gorm:"not null"`
	FinishedAt *time.Time
}

// TableName is the meta table of migration tasks.
func (MigrationTask) TableName() string { return "migration_task" }

// Kinds of a verify difference.
const (
	DiffMissingInCoupond = "MISSING_IN_COUPOND" // a legacy user coupon with no coupond row
	DiffMissingInLegacy  = "MISSING_IN_LEGACY"  // a coupond row of a migrated coupon with no legacy row
	DiffFields           = "DIFFERENT"          // both rows, fields that matter differ
	DiffStock            = "STOCK"              // a migrated coupon's remaining stock differs
)

// MigrationDiff is one difference a verify task found (and confirmed on a
// second look, so that a write in flight is not reported).
type MigrationDiff struct {
	ID           uint64 `gorm:"primaryKey;autoIncrement"`
	TaskID       uint64 `gorm:"not null;index"`
	Kind         string `gorm:"size:24;not null"`
	UserID       string `gorm:"size:64;not null"`
	CouponID     uint64 `gorm:"not null"`
	LegacyID     *int64
	UserCouponID *uint64
	Legacy       string     `gorm:"size:500;not null"` // the legacy side, as compared
	Coupond      string     `gorm:"size:500;not null"` // the coupond side, as compared
	RepairedAt   *time.Time // set by a repair task
}

// TableName is the meta table of verify differences.
func (MigrationDiff) TableName() string { return "migration_diff" }
