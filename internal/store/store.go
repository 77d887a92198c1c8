// Package store opens coupond's databases (the meta database and the user
// shards, on MySQL/MariaDB with read replicas or on embedded SQLite files),
// migrates them, and says which shard and table holds a user's rows.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	mysqldrv "github.com/go-sql-driver/mysql"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/sharding"
)

// Dialect names a database backend.
type Dialect string

const (
	SQLite Dialect = "sqlite"
	MySQL  Dialect = "mysql"
)

// Target is one database: a primary DSN and the DSNs of its read replicas.
type Target struct {
	Primary  string
	Replicas []string
}

// ParseTarget reads "primary|replica|replica".
func ParseTarget(s string) Target {
	parts := strings.Split(s, "|")
	t := Target{Primary: strings.TrimSpace(parts[0])}
	for _, r := range parts[1:] {
		if r = strings.TrimSpace(r); r != "" {
			t.Replicas = append(t.Replicas, r)
		}
	}
	return t
}

// Config says where the databases are. With no Meta DSN, the store is
// embedded: SQLite files under DataDir, EmbeddedShards of them.
type Config struct {
	Meta           Target
	Shards         []Target
	TablesPerShard int
	DataDir        string
	EmbeddedShards int
	// CreateDatabases creates missing MySQL databases (handy for a first
	// start and for tests; production usually creates them beforehand).
	CreateDatabases bool
	Logger          *slog.Logger
	// MaxOpenConns per MySQL pool (primary and each replica); 0 means 24.
	// Mind the server's max_connections: instances x (1 + shards) x pools.
	MaxOpenConns int
	// MaxReplicaLag is how far behind its primary a replica may be and
	// still serve reads; 0 means DefaultMaxReplicaLag.
	MaxReplicaLag time.Duration
}

// Store holds the open databases.
type Store struct {
	Dialect Dialect
	Meta    *gorm.DB

	metaSet *replicaSet // nil: no replicas
	layout  atomic.Pointer[Layout]
	gate    gate
}

// Layout is a set of user shards and the router over them. A resharding
// (internal/reshard) switches a running Store from one to the next: read
// Layout once per operation and use its Shards and Router together.
type Layout struct {
	Shards []*gorm.DB
	Router *sharding.Router
	// Gen counts the reshardings that led to this layout: 0 for the first.
	// Whatever is kept per shard table outside it (the statistics'
	// positions) is named with it.
	Gen int

	sets []*replicaSet // per shard; nil entries: no replicas
}

// Name is the layout's size, e.g. "2x4".
func (l *Layout) Name() string { return fmt.Sprintf("%dx%d", l.Router.DBs(), l.Router.Tables()) }

// Close closes the layout's pools (closing one twice is harmless).
func (l *Layout) Close() {
	for _, db := range l.Shards {
		closeDB(db)
	}
	for _, rs := range l.sets {
		if rs != nil {
			rs.close()
		}
	}
}

// Layout returns the user shards in use now.
func (s *Store) Layout() *Layout { return s.layout.Load() }

// SetLayout puts l in use: the operations that read Layout from then on
// use it. Only a resharding's cut-over calls it, with writes frozen.
func (s *Store) SetLayout(l *Layout) { s.layout.Store(l) }

// NewStore returns a Store over already open databases (tests, tools).
func NewStore(d Dialect, meta *gorm.DB, l *Layout) *Store {
	s := &Store{Dialect: d, Meta: meta}
	s.layout.Store(l)
	return s
}

// Open connects to every database named by cfg (creating SQLite files or,
// if asked, MySQL databases) and registers read replicas. It does not
// migrate: call Migrate.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	return open(cfg, true)
}

// OpenShards connects to the user shards named by cfg only, leaving Meta
// nil: the target layout of a resharding (internal/reshard), whose meta
// database is the running one's. MigrateShards gives them their tables.
func OpenShards(ctx context.Context, cfg Config) (*Store, error) {
	return open(cfg, false)
}

func open(cfg Config, withMeta bool) (*Store, error) {
	if cfg.TablesPerShard == 0 {
		cfg.TablesPerShard = 4
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Store{}
	l := &Layout{}
	s.layout.Store(l)
	if cfg.Meta.Primary == "" && len(cfg.Shards) == 0 || withMeta && cfg.Meta.Primary == "" {
		s.Dialect = SQLite
		n := cfg.EmbeddedShards
		if n == 0 {
			n = 2
		}
		if len(cfg.Shards) > 0 {
			return nil, errors.New("store: shard DSNs need a meta DSN too")
		}
		dir := cfg.DataDir
		if dir == "" {
			dir = "data"
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: data dir: %w", err)
		}
		if withMeta {
			meta, err := openSQLite(filepath.Join(dir, "meta.db"))
			if err != nil {
				return nil, err
			}
			s.Meta = meta
		}
		for i := 0; i < n; i++ {
			db, err := openSQLite(filepath.Join(dir, fmt.Sprintf("shard%d.db", i)))
			if err != nil {
				s.Close()
				return nil, err
			}
			l.Shards = append(l.Shards, db)
		}
	} else {
		s.Dialect = MySQL
		if len(cfg.Shards) == 0 {
			return nil, errors.New("store: a MySQL meta DSN needs at least one shard DSN")
		}
		if withMeta {
			meta, set, err := openMySQL("meta", cfg.Meta, cfg)
			if err != nil {
				return nil, fmt.Errorf("store: meta: %w", err)
			}
			s.Meta, s.metaSet = meta, set
		}
		for i, t := range cfg.Shards {
			db, set, err := openMySQL(fmt.Sprintf("shard%d", i), t, cfg)
			if err != nil {
				s.Close()
				return nil, fmt.Errorf("store: shard %d: %w", i, err)
			}
			l.Shards = append(l.Shards, db)
			l.sets = append(l.sets, set)
		}
	}
	r, err := sharding.NewRouter(len(l.Shards), cfg.TablesPerShard)
	if err != nil {
		s.Close()
		return nil, err
	}
	l.Router = r
	return s, nil
}

func gormConfig() *gorm.Config {
	return &gorm.Config{
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
		SkipDefaultTransaction: true,
		TranslateError:         true,
	}
}

// openSQLite opens a file in WAL mode. _txlock=immediate makes write
// transactions take the write lock at BEGIN, so concurrent writers queue on
// the busy timeout instead of failing with SQLITE_BUSY mid-transaction.
func openSQLite(path string) (*gorm.DB, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := gorm.Open(sqlite.Open(dsn), gormConfig())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(8)
	return db, nil
}

// NormalizeMySQLDSN adds the options coupond relies on: parseTime with UTC
// times, and interpolateParams (one round trip per statement, ~20% on the
// claim path).
func NormalizeMySQLDSN(dsn string) (string, *mysqldrv.Config, error) {
	c, err := mysqldrv.ParseDSN(dsn)
	if err != nil {
		return "", nil, err
	}
	c.ParseTime = true
	c.Loc = time.UTC
	c.InterpolateParams = true
	if c.Params == nil {
		c.Params = map[string]string{}
	}
	if _, ok := c.Params["time_zone"]; !ok {
		c.Params["time_zone"] = "'+00:00'"
	}
	return c.FormatDSN(), c, nil
}

// openMySQL opens t's primary, with its replicas for reads. The primary
// also takes queries of several statements: a claim sends a transaction as
// one query (ExecOneTrip). coupond binds every value it
// sends, so this lets no input add a statement.
//
// Replica pools connect lazily: a replica that is down, behind, or still
// creating the database at start does not stop the start; it serves
// reads once its heartbeat check finds it current (replica.go).
func openMySQL(name string, t Target, cfg Config) (*gorm.DB, *replicaSet, error) {
	dsn, parsed, err := NormalizeMySQLDSN(t.Primary)
	if err != nil {
		return nil, nil, err
	}
	parsed.MultiStatements = true
	dsn = parsed.FormatDSN()
	if cfg.CreateDatabases && parsed.DBName != "" {
		if err := createDatabase(parsed); err != nil {
			return nil, nil, err
		}
	}
	gc := gormConfig()
	gc.DisableAutomaticPing = true // the replicas' pools; the primary is pinged below
	db, err := gorm.Open(mysql.Open(dsn), gc)
	if err != nil {
		return nil, nil, err
	}
	pool := cfg.MaxOpenConns
	if pool == 0 {
		pool = 24
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, nil, err
	}
	sqlDB.SetMaxOpenConns(pool)
	sqlDB.SetMaxIdleConns(pool)
	sqlDB.SetConnMaxLifetime(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		closeDB(db)
		return nil, nil, err
	}
	var set *replicaSet
	if len(t.Replicas) > 0 {
		set = newReplicaSet(name, db.ConnPool, cfg.MaxReplicaLag)
		var reps []gorm.Dialector
		for _, r := range t.Replicas {
			rdsn, rc, err := NormalizeMySQLDSN(r)
			if err != nil {
				closeDB(db)
				set.close()
				return nil, nil, fmt.Errorf("replica: %w", err)
			}
			rdb, err := sql.Open("mysql", rdsn)
			if err != nil {
				closeDB(db)
				set.close()
				return nil, nil, fmt.Errorf("replica: %w", err)
			}
			rdb.SetMaxOpenConns(pool)
			rdb.SetMaxIdleConns(pool)
			rdb.SetConnMaxLifetime(time.Hour)
			set.add(rc.Addr+"/"+rc.DBName, rdb)
			reps = append(reps, mysql.New(mysql.Config{Conn: rdb, SkipInitializeWithVersion: true}))
		}
		if err := db.Use(dbresolver.Register(dbresolver.Config{Replicas: reps})); err != nil {
			closeDB(db)
			set.close()
			return nil, nil, err
		}
	}
	if err := registerCallbacks(db, set); err != nil {
		closeDB(db)
		if set != nil {
			set.close()
		}
		return nil, nil, err
	}
	return db, set, nil
}

// registerCallbacks adds coupond's routing of reads (after dbresolver's,
// when there are replicas) and its mapping of unreachable databases to
// UNAVAILABLE (after every statement).
func registerCallbacks(db *gorm.DB, set *replicaSet) error {
	cb := db.Callback()
	var errs []error
	if set != nil {
		errs = append(errs,
			cb.Query().After("gorm:db_resolver").Before("gorm:query").Register("coupond:replica", set.route),
			cb.Row().After("gorm:db_resolver").Before("gorm:row").Register("coupond:replica", set.route),
			cb.Raw().After("gorm:db_resolver").Before("gorm:raw").Register("coupond:replica", set.route))
	}
	errs = append(errs,
		cb.Query().After("*").Register("coupond:unreachable", set.failed),
		cb.Row().After("*").Register("coupond:unreachable", set.failed),
		cb.Raw().After("*").Register("coupond:unreachable", set.failed),
		cb.Create().After("*").Register("coupond:unreachable", set.failed),
		cb.Update().After("*").Register("coupond:unreachable", set.failed),
		cb.Delete().After("*").Register("coupond:unreachable", set.failed))
	return errors.Join(errs...)
}

func createDatabase(c *mysqldrv.Config) error {
	c2 := c.Clone()
	name := c2.DBName
	c2.DBName = ""
	db, err := gorm.Open(mysql.Open(c2.FormatDSN()), gormConfig())
	if err != nil {
		return err
	}
	defer closeDB(db)
	return db.Exec("CREATE DATABASE IF NOT EXISTS `" + strings.ReplaceAll(name, "`", "``") + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin").Error
}

func closeDB(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		_ = sqlDB.Close()
	}
}

// Shard returns the database and table route of a user's rows.
func (s *Store) Shard(userID string) (*gorm.DB, sharding.Route) {
	l := s.Layout()
	r := l.Router.Route(userID)
	return l.Shards[r.DB], r
}

// Ping checks that every primary answers.
func (s *Store) Ping(ctx context.Context) error {
	dbs := append([]*gorm.DB{s.Meta}, s.Layout().Shards...)
	for i, db := range dbs {
		sqlDB, err := db.DB()
		if err != nil {
			return err
		}
		if err := sqlDB.PingContext(ctx); err != nil {
			if i == 0 {
				return fmt.Errorf("meta: %w", err)
			}
			return fmt.Errorf("shard %d: %w", i-1, err)
		}
	}
	return nil
}

// Close closes every pool.
func (s *Store) Close() {
	if s.Meta != nil {
		closeDB(s.Meta)
	}
	if s.metaSet != nil {
		s.metaSet.close()
	}
	s.Layout().Close()
}

// IsDuplicate reports whether err is a unique-key violation on either backend.
func IsDuplicate(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "Duplicate entry")
}

// OnPrimary is db bound to ctx and sent to its primary (a new session, so
// that further conditions do not pile up on db): for the reads that decide
// or must see this instance's own writes, and for writes.
func OnPrimary(ctx context.Context, db *gorm.DB) *gorm.DB {
	return db.WithContext(ctx).Clauses(dbresolver.Write).Session(&gorm.Session{})
}
