package main

import (
	"database/sql"

	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/coupond/coupond/internal/store"
)

// migrateShard creates coupond's user-shard tables (tables of each kind) in
// db through coupond's own migrations, so that the raw baselines write
// exactly the rows and indexes coupond writes, never a copy of its DDL.
func migrateShard(db *sql.DB, tables int) error {
	g, err := gorm.Open(mysql.New(mysql.Config{Conn: db}), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return err
	}
	return store.MigrateShard(g, store.MySQL, tables)
}
