package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// Migrate brings the meta database and every shard to the latest schema.
// Migrations are versioned (gormigrate) and the same set runs on SQLite and
// MySQL; a migration never changes once released: add a new one.
func (s *Store) Migrate(ctx context.Context) error {
	// Migrations read their own bookkeeping: pin them to the primaries, or a
	// replica that is ahead (or another database) would skip them.
	primary := func(db *gorm.DB) *gorm.DB {
		return OnPrimary(ctx, db)
	}
	if err := gormigrate.New(primary(s.Meta), gormigrate.DefaultOptions, metaMigrations()).Migrate(); err != nil {
		return fmt.Errorf("store: migrate meta: %w", err)
	}
	return s.MigrateShards(ctx)
}

// MigrateShards brings every user shard to the latest schema (Migrate does
// it with the meta database; a store from OpenShards has only shards).
func (s *Store) MigrateShards(ctx context.Context) error {
	l := s.Layout()
	for i, db := range l.Shards {
		if err := MigrateShard(OnPrimary(ctx, db), s.Dialect, l.Router.Tables()); err != nil {
			return fmt.Errorf("store: migrate shard %d: %w", i, err)
		}
	}
	return nil
}

// MigrateShard brings one user-shard database with tables tables of each
// kind to the latest schema. Store.Migrate runs it on every shard; tools
// that need coupond's exact table shapes (the benchmark's raw baselines)
// call it on databases of their own.
func MigrateShard(db *gorm.DB, d Dialect, tables int) error {
	return gormigrate.New(db, gormigrate.DefaultOptions, shardMigrations(d, tables)).Migrate()
}

func metaMigrations() []*gormigrate.Migration {
	return []*gormigrate.Migration{{
		ID: "202611250001_meta_init",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&models.Coupon{}, &models.CouponStock{}, &models.ConsoleUser{},
				&models.Session{}, &models.APIKey{}, &models.AuditEntry{})
		},
	}, {
		ID:      "202611250002_tags",
		Migrate: func(tx *gorm.DB) error { return tx.AutoMigrate(&models.Tag{}) },
	}, {
		ID:      "202611250003_catalog",
		Migrate: func(tx *gorm.DB) error { return tx.AutoMigrate(&models.Category{}, &models.Product{}) },
	}, {
		ID: "202611250004_issuance",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&models.IssuanceJob{}, &models.AudienceChunk{}, &models.NotifyBacklog{})
		},
	}, {
		ID:      "202611250005_codes",
		Migrate: func(tx *gorm.DB) error { return tx.AutoMigrate(&models.CodeBatch{}, &models.RedeemCode{}) },
	}, {
		ID: "202611250006_stats",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&models.StatsRollup{}, &models.StatsProduct{}, &models.StatsConsumer{})
		},
	}, {
		ID: "202612020001_legacy_migration",
		Migrate: func(tx *gorm.DB) error {
			// meta_init made it already on a database created since.
			if !tx.Migrator().HasColumn(&models.Coupon{}, "LegacyID") {
				if err := tx.Migrator().AddColumn(&models.Coupon{}, "LegacyID"); err != nil {
					return err
				}
			}
			return tx.AutoMigrate(&models.MigrationState{}, &models.MigrationCouponMap{}, &models.MigrationCheckpoint{},
				&models.MigrationRepair{}, &models.MigrationTask{}, &models.MigrationDiff{})
		},
	}, {
		ID:      "202612020002_reshard",
		Migrate: func(tx *gorm.DB) error { return tx.AutoMigrate(&models.ReshardState{}, &models.ReshardInstance{}) },
	}, {
		ID:      "202612050001_heartbeats",
		Migrate: func(tx *gorm.DB) error { return tx.AutoMigrate(&models.Heartbeat{}) },
	}, {
		ID: "202612060001_console_user_disabled",
		Migrate: func(tx *gorm.DB) error {
			// meta_init made it already on a database created since.
			if tx.Migrator().HasColumn(&models.ConsoleUser{}, "DisabledAt") {
				return nil
			}
			return tx.Migrator().AddColumn(&models.ConsoleUser{}, "DisabledAt")
		},
	}, {
		ID: "202612060002_coupon_stacking",
		Migrate: func(tx *gorm.DB) error {
			// meta_init made them already on a database created since.
			for _, col := range []string{"CombinesWith", "Exclusive"} {
				if !tx.Migrator().HasColumn(&models.Coupon{}, col) {
					if err := tx.Migrator().AddColumn(&models.Coupon{}, col); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}, {
		ID: "202612060003_campaigns_budgets",
		Migrate: func(tx *gorm.DB) error {
			// meta_init made the coupon's columns already on a database
			// created since.
			for _, col := range []string{"campaign_id", "budget_amount", "budget_uses_per_day"} {
				if !tx.Migrator().HasColumn(&models.Coupon{}, col) {
					if err := tx.Migrator().AddColumn(&models.Coupon{}, col); err != nil {
						return err
					}
				}
			}
			if !tx.Migrator().HasIndex(&models.Coupon{}, "CampaignID") {
				if err := tx.Migrator().CreateIndex(&models.Coupon{}, "CampaignID"); err != nil {
					return err
				}
			}
			return tx.AutoMigrate(&models.Campaign{}, &models.BudgetCounter{})
		},
	}}
}

// The shard tables are created from DDL rather than AutoMigrate: SQLite's
// index names are global to a file, and each of the M tables needs its own.
func shardMigrations(d Dialect, tables int) []*gormigrate.Migration {
	return []*gormigrate.Migration{{
		ID: "202611250001_shard_init",
		Migrate: func(tx *gorm.DB) error {
			for t := 0; t < tables; t++ {
				for _, stmt := range shardDDL(d, t, tables) {
					if err := tx.Exec(stmt).Error; err != nil {
						return fmt.Errorf("%s: %w", stmt, err)
					}
				}
			}
			return nil
		},
	}, {
		ID: "202611250003_shard_orders",
		Migrate: func(tx *gorm.DB) error {
			dt := "DATETIME"
			if d == MySQL {
				dt = "DATETIME(3)"
			}
			for t := 0; t < tables; t++ {
				name := sharding.TableName("user_coupon", t, tables)
				for _, stmt := range []string{
					"ALTER TABLE " + name + " ADD COLUMN last_order_id VARCHAR(128) NULL",
					"ALTER TABLE " + name + " ADD COLUMN hold_until " + dt + " NULL",
					"CREATE INDEX idx_" + name + "_last_order ON " + name + " (user_id, last_order_id)",
					"CREATE INDEX idx_" + name + "_hold ON " + name + " (status, hold_until)",
				} {
					if err := tx.Exec(stmt).Error; err != nil {
						return fmt.Errorf("%s: %w", stmt, err)
					}
				}
			}
			return nil
		},
	}, {
		// The twin of a migrated user coupon in the monolith's table.
		ID: "202612020001_shard_legacy_id",
		Migrate: func(tx *gorm.DB) error {
			for t := 0; t < tables; t++ {
				name := sharding.TableName("user_coupon", t, tables)
				for _, stmt := range []string{
					"ALTER TABLE " + name + " ADD COLUMN legacy_id BIGINT NULL",
					"CREATE UNIQUE INDEX uq_" + name + "_legacy ON " + name + " (user_id, legacy_id)",
				} {
					if err := tx.Exec(stmt).Error; err != nil {
						return fmt.Errorf("%s: %w", stmt, err)
					}
				}
			}
			return nil
		},
	}, {
		// The replicas' heartbeats (store/replica.go): one table per
		// database, not per shard table.
		ID:      "202612050001_shard_heartbeats",
		Migrate: func(tx *gorm.DB) error { return tx.AutoMigrate(&models.Heartbeat{}) },
	}}
}

func shardDDL(d Dialect, table, tables int) []string {
	suffix := strings.TrimPrefix(sharding.TableName("t", table, tables), "t_")
	id, dt, engine := "INTEGER PRIMARY KEY AUTOINCREMENT", "DATETIME", ""
	if d == MySQL {
		id, dt, engine = "BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY", "DATETIME(3)", " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
	}
	r := strings.NewReplacer("{id}", id, "{dt}", dt, "{s}", suffix)
	stmts := []string{
		`CREATE TABLE user_coupon_{s} (
  id {id},
  user_id VARCHAR(64) NOT NULL,
  coupon_id BIGINT NOT NULL,
  seq INT NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  status VARCHAR(16) NOT NULL,
  channel VARCHAR(16) NOT NULL,
  currency VARCHAR(3) NOT NULL,
  discount_kind VARCHAR(16) NOT NULL,
  amount_off VARCHAR(40) NULL,
  percent_off VARCHAR(40) NULL,
  max_discount VARCHAR(40) NULL,
  min_order_amount VARCHAR(40) NULL,
  scope_kind VARCHAR(16) NOT NULL,
  scope_product_ids TEXT NULL,
  scope_category_ids TEXT NULL,
  valid_from {dt} NOT NULL,
  valid_until {dt} NOT NULL,
  issued_at {dt} NOT NULL,
  order_id VARCHAR(128) NULL,
  used_at {dt} NULL,
  discount_applied VARCHAR(40) NULL,
  updated_at {dt} NOT NULL
)` + engine,
		`CREATE UNIQUE INDEX uq_user_coupon_{s}_request ON user_coupon_{s} (user_id, request_id)`,
		`CREATE UNIQUE INDEX uq_user_coupon_{s}_seq ON user_coupon_{s} (user_id, coupon_id, seq)`,
		`CREATE INDEX idx_user_coupon_{s}_status ON user_coupon_{s} (user_id, status)`,
		`CREATE INDEX idx_user_coupon_{s}_expiry ON user_coupon_{s} (status, valid_until)`,
		`CREATE INDEX idx_user_coupon_{s}_order ON user_coupon_{s} (user_id, order_id)`,
		`CREATE INDEX idx_user_coupon_{s}_coupon ON user_coupon_{s} (coupon_id)`,
		`CREATE TABLE user_tag_{s} (
  user_id VARCHAR(64) NOT NULL,
  tag VARCHAR(64) NOT NULL,
  created_at {dt} NOT NULL,
  PRIMARY KEY (user_id, tag)
)` + engine,
		`CREATE INDEX idx_user_tag_{s}_tag ON user_tag_{s} (tag, user_id)`,
		`CREATE TABLE coupon_event_{s} (
  id {id},
  user_id VARCHAR(64) NOT NULL,
  coupon_id BIGINT NOT NULL,
  user_coupon_id BIGINT NOT NULL,
  kind VARCHAR(16) NOT NULL,
  channel VARCHAR(16) NOT NULL,
  amount VARCHAR(40) NULL,
  order_amount VARCHAR(40) NULL,
  detail TEXT NULL,
  at {dt} NOT NULL
)` + engine,
		`CREATE INDEX idx_coupon_event_{s}_at ON coupon_event_{s} (at)`,
	}
	for i, s := range stmts {
		stmts[i] = r.Replace(s)
	}
	return stmts
}
