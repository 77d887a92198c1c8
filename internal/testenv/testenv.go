// Package testenv gives tests the backends they run on: the embedded stores
// (SQLite files and miniredis) always, MariaDB/MySQL and Redis when
// COUPOND_TEST_MYSQL_DSN and COUPOND_TEST_REDIS_ADDR name them, and, in
// the packages that ask for it (UseReplicas) and outside -short, the
// replicated topology: a MariaDB primary and its replica named by
// COUPOND_TEST_PRIMARY_DSN and COUPOND_TEST_REPLICA_DSN (cmd/testdb starts
// them). With COUPOND_TEST_REQUIRE_SERVICES=1 (CI), a missing or
// unreachable service fails the test instead of skipping that backend.
package testenv

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	mysqldrv "github.com/go-sql-driver/mysql"
	"github.com/redis/go-redis/v9"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/config"
	"github.com/coupond/coupond/internal/mariadbtest"
	"github.com/coupond/coupond/internal/store"
)

// Backend is one pair of stores a test runs on.
type Backend struct {
	Name      string // "embedded", "mysql" or "replicated"
	MySQLDSN  string // server DSN without a database (root); empty for embedded
	RedisAddr string // empty for embedded (miniredis)
	// ReplicaDSN is the replica's server DSN (root) on the replicated
	// backend, whose MySQLDSN is then the primary's.
	ReplicaDSN string
}

var withReplicas bool

// UseReplicas adds the replicated backend to this test binary's Backends
// (call it from TestMain): the API's end-to-end tests and the engine's run
// on a primary and its replica too. Other packages read no replica and
// leave it out.
func UseReplicas() { withReplicas = true }

// Backends lists the backends to run on. The embedded one is always there.
func Backends(tb testing.TB) []Backend {
	tb.Helper()
	out := []Backend{{Name: "embedded"}}
	dsn, addr := os.Getenv("COUPOND_TEST_MYSQL_DSN"), os.Getenv("COUPOND_TEST_REDIS_ADDR")
	require := os.Getenv("COUPOND_TEST_REQUIRE_SERVICES") == "1"
	if dsn == "" || addr == "" {
		if require {
			tb.Fatal("COUPOND_TEST_REQUIRE_SERVICES=1 but COUPOND_TEST_MYSQL_DSN or COUPOND_TEST_REDIS_ADDR is not set")
		}
		return out
	}
	if err := reachable(dsn, addr); err != nil {
		if require {
			tb.Fatalf("COUPOND_TEST_REQUIRE_SERVICES=1: %v", err)
		}
		tb.Logf("skipping the mysql backend: %v", err)
		return out
	}
	out = append(out, Backend{Name: "mysql", MySQLDSN: dsn, RedisAddr: addr})
	if withReplicas {
		if r, ok := Replicated(tb); ok {
			out = append(out, r)
		}
	}
	return out
}

// Replicated returns the replicated backend: the pair's primary and
// replica, and the Redis of the mysql backend. ok is false under -short
// (the tests on it are slow, and the full pass runs them) and when the
// pair is not configured: the test should skip; under
// COUPOND_TEST_REQUIRE_SERVICES=1 a missing pair fails the test instead.
func Replicated(tb testing.TB) (b Backend, ok bool) {
	tb.Helper()
	if testing.Short() {
		return b, false
	}
	primary, replica := os.Getenv("COUPOND_TEST_PRIMARY_DSN"), os.Getenv("COUPOND_TEST_REPLICA_DSN")
	addr := os.Getenv("COUPOND_TEST_REDIS_ADDR")
	require := os.Getenv("COUPOND_TEST_REQUIRE_SERVICES") == "1"
	if primary == "" || replica == "" || addr == "" {
		if require {
			tb.Fatal("COUPOND_TEST_REQUIRE_SERVICES=1 but COUPOND_TEST_PRIMARY_DSN, COUPOND_TEST_REPLICA_DSN or COUPOND_TEST_REDIS_ADDR is not set (go run ./cmd/testdb up)")
		}
		return b, false
	}
	if err := pairReachable(primary, replica); err != nil {
		if require {
			tb.Fatalf("COUPOND_TEST_REQUIRE_SERVICES=1: %v", err)
		}
		tb.Logf("skipping the replicated backend: %v", err)
		return b, false
	}
	return Backend{Name: "replicated", MySQLDSN: primary, ReplicaDSN: replica, RedisAddr: addr}, true
}

var pairProbe struct {
	once sync.Once
	err  error
}

// pairReachable checks once per test binary that the pair answers and
// replicates.
func pairReachable(primary, replica string) error {
	pairProbe.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for _, dsn := range []string{primary, replica} {
			if err := mariadbtest.Ping(ctx, dsn); err != nil {
				pairProbe.err = fmt.Errorf("MariaDB at %s unreachable (go run ./cmd/testdb up): %w", dsn, err)
				return
			}
		}
		if why, err := mariadbtest.ReplicationError(ctx, replica); err != nil || why != "" {
			pairProbe.err = fmt.Errorf("the replica at %s does not replicate: %s %v", replica, why, err)
		}
	})
	return pairProbe.err
}

var probe struct {
	once sync.Once
	err  error
}

// reachable checks once per test binary that MySQL and Redis answer.
func reachable(dsn, addr string) error {
	probe.once.Do(func() {
		c, err := mysqldrv.ParseDSN(dsn)
		if err != nil {
			probe.err = fmt.Errorf("COUPOND_TEST_MYSQL_DSN: %w", err)
			return
		}
		c.DBName = ""
		c.Timeout = 2 * time.Second
		db, err := sql.Open("mysql", c.FormatDSN())
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if err != nil {
			probe.err = fmt.Errorf("MySQL at %s unreachable: %w", c.Addr, err)
			return
		}
		r := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: 2 * time.Second})
		defer r.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if err := r.Ping(ctx).Err(); err != nil {
			probe.err = fmt.Errorf("Redis at %s unreachable: %w", addr, err)
		}
	})
	return probe.err
}

// Each runs fn as a subtest on every backend.
func Each(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) { fn(t, b) })
	}
}

// Unique returns a short name unique to this test run, safe in database
// names and Redis keys.
func Unique() string {
	var b [5]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("ct%d_%s", os.Getpid()%100000, hex.EncodeToString(b[:]))
}

// StoreConfig returns a fresh, empty set of databases on b (2 shards of 4
// tables), dropped when the test ends.
func StoreConfig(tb testing.TB, b Backend) store.Config {
	tb.Helper()
	if b.MySQLDSN == "" {
		return store.Config{DataDir: tb.TempDir(), EmbeddedShards: 2, TablesPerShard: 4}
	}
	return storeConfig(tb, b, Unique())
}

// storeConfig creates the databases of a store named prefix_* on b. On
// the replicated backend each has its replica on b's ReplicaDSN, and
// coupond connects as mariadbtest.App (no write reaches a replica).
func storeConfig(tb testing.TB, b Backend, prefix string) store.Config {
	tb.Helper()
	dsns := databases(tb, b, prefix+"_meta", prefix+"_s0", prefix+"_s1")
	cfg := store.Config{TablesPerShard: 4, MaxOpenConns: 16}
	for i, d := range dsns {
		t := store.Target{Primary: d}
		if b.ReplicaDSN != "" {
			t = store.Target{Primary: AppDSN(tb, d), Replicas: []string{AppDSN(tb, onServer(tb, b.ReplicaDSN, d))}}
		}
		if i == 0 {
			cfg.Meta = t
		} else {
			cfg.Shards = append(cfg.Shards, t)
		}
	}
	return cfg
}

// AppDSN is dsn with coupond's own account (mariadbtest.App) for root.
func AppDSN(tb testing.TB, dsn string) string {
	tb.Helper()
	c, err := mysqldrv.ParseDSN(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	c.User, c.Passwd = mariadbtest.App, ""
	return c.FormatDSN()
}

// onServer is dsn's database on the server of server.
func onServer(tb testing.TB, server, dsn string) string {
	tb.Helper()
	s, err := mysqldrv.ParseDSN(server)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := mysqldrv.ParseDSN(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	s.DBName = d.DBName
	return s.FormatDSN()
}

// PrivateReplica starts a replica of the replicated backend's primary for
// one test (which may delay it, stop it or kill it) and returns it with a
// fresh, empty set of databases (2 shards of 4 tables) that it replicates,
// and only those: coupond's DSNs name the private replica. Both are gone
// when the test ends.
func PrivateReplica(tb testing.TB, b Backend) (*mariadbtest.Server, store.Config) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	prefix := Unique()
	rep, err := mariadbtest.StartReplica(ctx, b.MySQLDSN, mariadbtest.ReplicaOptions{FromNow: true, DatabasePrefix: prefix})
	if err != nil {
		tb.Fatalf("start a private replica: %v", err)
	}
	tb.Cleanup(rep.Stop)
	own := b
	own.ReplicaDSN = rep.DSN("root")
	return rep, storeConfig(tb, own, prefix)
}

// ShardsConfig returns fresh, empty user shards on b, dbs databases of
// tables tables, with no meta database (for store.OpenShards: the target
// of a resharding), dropped when the test ends.
func ShardsConfig(tb testing.TB, b Backend, dbs, tables int) store.Config {
	tb.Helper()
	if b.MySQLDSN == "" {
		return store.Config{DataDir: tb.TempDir(), EmbeddedShards: dbs, TablesPerShard: tables}
	}
	prefix := Unique()
	names := make([]string, dbs)
	for i := range names {
		names[i] = fmt.Sprintf("%s_r%d", prefix, i)
	}
	cfg := store.Config{TablesPerShard: tables, MaxOpenConns: 16}
	for _, d := range databases(tb, b, names...) {
		cfg.Shards = append(cfg.Shards, store.Target{Primary: d})
	}
	return cfg
}

// databases creates the MySQL databases names on b, dropped when the test
// ends, and returns their DSNs.
func databases(tb testing.TB, b Backend, names ...string) []string {
	tb.Helper()
	base, err := mysqldrv.ParseDSN(b.MySQLDSN)
	if err != nil {
		tb.Fatalf("COUPOND_TEST_MYSQL_DSN: %v", err)
	}
	admin := base.Clone()
	admin.DBName = ""
	db, err := gorm.Open(mysql.Open(admin.FormatDSN()), &gorm.Config{})
	if err != nil {
		tb.Fatalf("MySQL at %s unreachable: %v", admin.Addr, err)
	}
	if err := db.Exec("SELECT 1").Error; err != nil {
		tb.Fatalf("MySQL at %s unreachable: %v", admin.Addr, err)
	}
	dsns := make([]string, len(names))
	for i, n := range names {
		if err := db.Exec("CREATE DATABASE `" + n + "`").Error; err != nil {
			tb.Fatalf("create database %s: %v", n, err)
		}
		c := base.Clone()
		c.DBName = n
		dsns[i] = c.FormatDSN()
	}
	tb.Cleanup(func() {
		for _, n := range names {
			_ = db.Exec("DROP DATABASE IF EXISTS `" + n + "`").Error
		}
		if sqlDB, err := db.DB(); err == nil {
			_ = sqlDB.Close()
		}
	})
	return dsns
}

// ScratchDSN returns an empty database of its own on b, dropped when the
// test ends (a monolith's database in migration tests): "sqlite:PATH" for
// the embedded backend, a MySQL DSN otherwise.
func ScratchDSN(tb testing.TB, b Backend) string {
	tb.Helper()
	if b.MySQLDSN == "" {
		return "sqlite:" + tb.TempDir() + "/scratch.db"
	}
	base, err := mysqldrv.ParseDSN(b.MySQLDSN)
	if err != nil {
		tb.Fatalf("COUPOND_TEST_MYSQL_DSN: %v", err)
	}
	name := Unique() + "_scratch"
	admin := base.Clone()
	admin.DBName = ""
	db, err := sql.Open("mysql", admin.FormatDSN())
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Exec("CREATE DATABASE `" + name + "`"); err != nil {
		db.Close()
		tb.Fatalf("create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		_, _ = db.Exec("DROP DATABASE IF EXISTS `" + name + "`")
		db.Close()
	})
	c := base.Clone()
	c.DBName = name
	return c.FormatDSN()
}

// Store opens and migrates a fresh store on b, closed when the test ends.
func Store(tb testing.TB, b Backend) *store.Store {
	tb.Helper()
	return OpenStore(tb, StoreConfig(tb, b))
}

// OpenStore opens and migrates the store of cfg, closed when the test ends.
func OpenStore(tb testing.TB, cfg store.Config) *store.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := store.Open(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	if err := s.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return s
}

// RedisAddr returns the address of a Redis for b: a fresh miniredis for the
// embedded backend, the real server otherwise (shared: use Unique prefixes).
func RedisAddr(tb testing.TB, b Backend) string {
	tb.Helper()
	if b.RedisAddr == "" {
		return miniredis.RunT(tb).Addr()
	}
	c := redis.NewClient(&redis.Options{Addr: b.RedisAddr})
	defer c.Close()
	if err := c.Ping(context.Background()).Err(); err != nil {
		tb.Fatalf("Redis at %s unreachable: %v", b.RedisAddr, err)
	}
	return b.RedisAddr
}

// Redis returns a client of RedisAddr with the options coupond itself
// uses (config.RedisOptions), closed when the test ends.
func Redis(tb testing.TB, b Backend) redis.UniversalClient {
	tb.Helper()
	opts, err := config.RedisOptions("redis://" + RedisAddr(tb, b))
	if err != nil {
		tb.Fatal(err)
	}
	c := redis.NewUniversalClient(opts)
	tb.Cleanup(func() { _ = c.Close() })
	return c
}
