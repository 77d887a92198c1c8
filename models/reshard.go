package models

import "time"

// ReshardPhase is where a resharding's cut-over is (internal/reshard).
type ReshardPhase string

// Phases of a cut-over.
const (
	// ReshardOpen: writes go to the layout in use (no cut-over, or one
	// that was called off).
	ReshardOpen ReshardPhase = "OPEN"
	// ReshardFrozen: the cut-over runs; every instance refuses writes to
	// the user shards (UNAVAILABLE) until it ends.
	ReshardFrozen ReshardPhase = "FROZEN"
	// ReshardSwitched: the target layout is in use, as generation Gen.
	ReshardSwitched ReshardPhase = "SWITCHED"
)

// ReshardState is the one row (ID 1) of the meta table that says which
// layout of the user shards is in use and whether a cut-over runs. Every
// instance reads it about four times a second. No row: the first layout,
// open.
type ReshardState struct {
	ID        int          `gorm:"primaryKey;autoIncrement:false"`
	Phase     ReshardPhase `gorm:"size:16;not null"`
	Layout    string       `gorm:"size:32;not null"` // the layout in use, "NxM"
	Gen       int          `gorm:"not null"`         // its generation: how many cut-overs led to it
	Target    string       `gorm:"size:32;not null"` // the last cut-over's target, "N'xM'"
	Version   int64        `gorm:"not null"`         // changes with every change of phase
	ChangedAt time.Time    `gorm:"not null"`
	ChangedBy string       `gorm:"size:128;not null"`
	Note      string       `gorm:"size:1000;not null;default:''"` // why the last cut-over was called off
}

// TableName is the meta table of the state.
func (ReshardState) TableName() string { return "reshard_state" }

// ReshardInstance is a running instance as the cut-over sees it: the state
// version it has applied, whether its writes are frozen (and drained),
// and the layout it uses. Each instance writes its row every second.
type ReshardInstance struct {
	Owner   string    `gorm:"primaryKey;size:128"`
	Version int64     `gorm:"not null"`
	Frozen  bool      `gorm:"not null"`
	Layout  string    `gorm:"size:32;not null"` // e.g. "2x4"
	Gen     int       `gorm:"not null"`
	Stale   bool      `gorm:"not null"` // the layout in use is one it was not given: it serves no user data
	SeenAt  time.Time `gorm:"not null;index"`
}

// TableName is the meta table of the instances.
func (ReshardInstance) TableName() string { return "reshard_instance" }
