package models

// Heartbeat is one coupond instance's heartbeat on one primary database
// (the meta database and every user shard have the table): when the
// instance last wrote it, in microseconds of the instance's own clock.
// Read back from a replica, it tells the instance how far behind the
// replica is, whatever the clocks of other machines say.
type Heartbeat struct {
	Instance string `gorm:"primaryKey;size:191"`
	Beat     int64  `gorm:"not null"`
}
