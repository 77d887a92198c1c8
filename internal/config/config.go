// Package config reads coupond's settings from flags and COUPOND_*
// environment variables (a flag wins over its variable).
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/coupond/coupond/internal/limit"
	"github.com/coupond/coupond/models"
)

// Config is everything a coupond instance needs to start.
type Config struct {
	Listen           string
	DebugListen      string
	DataDir          string
	MetaDSN          string // "primary|replica|..." ; empty: embedded SQLite
	ShardDSNs        string // "primary|replica;primary|replica;..."
	EmbeddedShards   int
	TablesPerShard   int
	RedisURL         string // empty: in-process Redis
	RedisPrefix      string // starts every Redis key and channel of this deployment
	Currency         string
	StockSlots       int
	AdminPassword    string
	ShopperJWTSecret string
	Dev              bool
	MaxBatchClaim    int
	MaxOrderCoupons  int
	LockHold         time.Duration
	SweepInterval    time.Duration
	TagServiceURL    string
	MessageCenterURL string
	CreateDatabases  bool
	DBPool           int // connections per MySQL pool (each primary and replica)
	// MaxReplicaLag is how far behind its primary a replica may be and
	// still serve reads (0: the store's default).
	MaxReplicaLag time.Duration
	// MaxBody and MaxUpload bound a GraphQL request's body and an upload
	// (0: the graph package's defaults).
	MaxBody, MaxUpload int64
	ShutdownTimeout    time.Duration
	// CodeSecret keys redeemable codes (check part, lookup hash, sealed
	// body, export links).
	CodeSecret       string
	CodeInvalidFloor time.Duration
	RedeemPerUser    limit.Rate
	RedeemPerIP      limit.Rate
	RedeemFailsUser  limit.Rate
	RedeemFailsAll   limit.Rate
	LoginPerIP       limit.Rate
	LoginFailsUser   limit.Rate
	// LegacyDSN is the monolith's database during a migration from it
	// (internal/legacy); LegacyMapping the JSON file that maps its tables.
	LegacyDSN     string
	LegacyMapping string
	// ReshardShardDSNs, ReshardShards and ReshardTables are the layout a
	// resharding moves the user shards to (internal/reshard): shard DSNs
	// like ShardDSNs (MySQL), or a number of embedded shards (SQLite files
	// under DataDir/reshard-NxM); ReshardTables 0 means none.
	ReshardShardDSNs string
	ReshardShards    int
	ReshardTables    int
	// StatsOff keeps this instance's statistics consumer from running (the
	// benchmark's baseline; or instances kept for the claim path alone).
	StatsOff bool
}

// Setting documents one setting. The configuration table of docs/configuration.md lists
// the same settings; a test fails when one is missing there.
type Setting struct {
	Flag, Env, Default, Help string
}

// Settings lists every setting.
func Settings() []Setting {
	return []Setting{
		{"listen", "COUPOND_LISTEN", ":8080", "address to serve HTTP on"},
		{"debug-listen", "COUPOND_DEBUG_LISTEN", "", "address for /debug/pprof (keep it internal); empty: off"},
		{"data-dir", "COUPOND_DATA_DIR", "./data", "where the embedded SQLite files live"},
		{"meta-dsn", "COUPOND_META_DSN", "", "MySQL DSN of the meta database, then its replicas: primary|replica|...; empty: embedded SQLite"},
		{"shard-dsns", "COUPOND_SHARD_DSNS", "", "MySQL DSNs of the user shards: shards separated by semicolons, each primary|replica|..."},
		{"shards", "COUPOND_SHARDS", "2", "number of embedded shard files (MySQL: the number of shard DSNs)"},
		{"tables", "COUPOND_TABLES_PER_SHARD", "4", "user tables per shard database (grown by resharding)"},
		{"redis-url", "COUPOND_REDIS_URL", "", "redis://host:port/db, redis-sentinel://host:port,host:port/db?master=name, redis-cluster://host:port,host:port; empty: in-process Redis"},
		{"redis-prefix", "COUPOND_REDIS_PREFIX", "coupond:", "starts every Redis key and pub/sub channel, so that deployments can share a Redis"},
		{"currency", "COUPOND_DEFAULT_CURRENCY", "USD", "currency of coupons and carts that name none (ISO 4217)"},
		{"stock-slots", "COUPOND_DEFAULT_STOCK_SLOTS", "16", "rows a coupon's stock is split over when its input names none"},
		{"", "COUPOND_ADMIN_PASSWORD", "", "password of the bootstrap admin console user; set: it is (re)set to this on every start, which is how a forgotten one is reset; empty: a random one is printed on first start"},
		{"", "COUPOND_SHOPPER_JWT_SECRET", "", "HS256 secret that verifies shopper tokens; empty: shopper tokens are refused"},
		{"max-batch-claim", "COUPOND_MAX_BATCH_CLAIM", "20", "most coupons one batch claim may ask for (TOO_MANY beyond)"},
		{"max-coupons-per-order", "COUPOND_MAX_COUPONS_PER_ORDER", "5", "most coupons one order may use together (useCoupons/lockCoupons: TOO_MANY beyond; the best stack of qualifyCart holds no more)"},
		{"tag-service-url", "COUPOND_TAG_SERVICE_URL", "", "external tag service (GET ?userId= answering {\"tags\":[...]}), called behind a circuit breaker; empty: stored tags only"},
		{"message-center-url", "COUPOND_MESSAGE_CENTER_URL", "", "message center endpoint (POST {jobId,couponId,userIds}) that issuance jobs with notify call, behind a circuit breaker; empty: notifications are kept in the backlog"},
		{"lock-hold", "COUPOND_LOCK_HOLD", "15m", "how long lockCoupon reserves a coupon for an unpaid order before the sweeper releases it"},
		{"sweep-interval", "COUPOND_SWEEP_INTERVAL", "30s", "how often expired holds are released and expired coupons marked"},
		{"dev", "COUPOND_DEV", "false", "development mode: introspection and field suggestions for everyone"},
		{"create-databases", "COUPOND_CREATE_DATABASES", "false", "create missing MySQL databases at start"},
		{"max-body", "COUPOND_MAX_BODY", "2MiB", "largest GraphQL request body that is not an upload (413 BAD_USER_INPUT beyond)"},
		{"max-upload", "COUPOND_MAX_UPLOAD", "256MiB", "largest upload (a multipart request: tag imports, issuance audiences), accepted from OPERATOR callers only (413 BAD_USER_INPUT beyond)"},
		{"max-replica-lag", "COUPOND_MAX_REPLICA_LAG", "2s", "how far behind its primary a read replica may be and still serve reads; past it the replica leaves the rotation until it is within half of it, and a caller's reads stay on the primary this long after a mutation of theirs"},
		{"db-pool", "COUPOND_DB_POOL", "24", "most open connections per MySQL pool (the meta and each shard primary, and each replica); mind max_connections: instances x pools x this"},
		{"shutdown-timeout", "COUPOND_SHUTDOWN_TIMEOUT", "15s", "how long a graceful shutdown waits for requests in flight"},
		{"", "COUPOND_CODE_SECRET", "", "secret (16+ bytes) behind redeemable codes: their check part, lookup hash, sealed body and export links; changing it voids every code; empty: embedded mode keeps a generated one in <data-dir>/code-secret, MySQL mode has codes off"},
		{"code-invalid-floor", "COUPOND_CODE_INVALID_FLOOR", "100ms", "least time a CODE_INVALID answer takes, so that timing tells no typo from a missing code"},
		{"redeem-per-user", "COUPOND_REDEEM_PER_USER", "20/1m", "redeemCode attempts per user (N/period, or off)"},
		{"redeem-per-ip", "COUPOND_REDEEM_PER_IP", "120/1m", "redeemCode attempts per client address of shoppers and console users (service keys are exempt)"},
		{"redeem-fails-per-user", "COUPOND_REDEEM_FAILS_PER_USER", "10/15m", "wrong codes a user may type before redeemCode answers RATE_LIMITED"},
		{"redeem-fails-platform", "COUPOND_REDEEM_FAILS_PLATFORM", "2000/1m", "wrong codes all users together may type before redeemCode answers RATE_LIMITED to everyone"},
		{"login-per-ip", "COUPOND_LOGIN_PER_IP", "30/1m", "login attempts per client address"},
		{"stats-consumer", "COUPOND_STATS_CONSUMER", "true", "run the statistics consumer on this instance (rollups need it on at least one)"},
		{"login-fails-per-user", "COUPOND_LOGIN_FAILS_PER_USER", "10/15m", "failed logins per username (from any address) after which attempts on it are spaced a second apart; never a lockout"},
		{"legacy-dsn", "COUPOND_LEGACY_DSN", "", "during a migration from a monolith: its database's primary (MySQL DSN, or sqlite:PATH); every instance needs it while the monolith's tables are written"},
		{"legacy-mapping", "COUPOND_LEGACY_MAPPING", "", "JSON file naming the monolith's coupon tables, columns and values; empty: the documented default layout"},
		{"reshard-tables", "COUPOND_RESHARD_TABLES", "0", "during a resharding: tables per database of the layout the user shards move to (a multiple of the running databases x tables); every instance needs it until it is restarted on the new layout"},
		{"reshard-shard-dsns", "COUPOND_RESHARD_SHARD_DSNS", "", "during a resharding on MySQL: the new layout's shard databases, like -shard-dsns (databases of their own)"},
		{"reshard-shards", "COUPOND_RESHARD_SHARDS", "0", "during a resharding on the embedded store: the new layout's number of SQLite shard files (under DATA_DIR/reshard-NxM)"},
	}
}

// Parse reads args (without the program name) over the environment.
// Output for -h goes to w.
func Parse(args []string, getenv func(string) string, w io.Writer) (*Config, error) {
	fs := flag.NewFlagSet("coupond", flag.ContinueOnError)
	fs.SetOutput(w)
	vals := map[string]*string{}
	for _, s := range Settings() {
		if s.Flag == "" {
			continue
		}
		def := s.Default
		if v := getenv(s.Env); v != "" {
			def = v
		}
		vals[s.Flag] = fs.String(s.Flag, def, s.Help+" ("+s.Env+")")
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var errs []error
	num := func(name string, lo, hi int) int {
		n, err := strconv.Atoi(*vals[name])
		if err != nil || n < lo || n > hi {
			errs = append(errs, fmt.Errorf("-%s: want a number from %d to %d, got %q", name, lo, hi, *vals[name]))
		}
		return n
	}
	boolean := func(name string) bool {
		b, err := strconv.ParseBool(*vals[name])
		if err != nil {
			errs = append(errs, fmt.Errorf("-%s: want true or false, got %q", name, *vals[name]))
		}
		return b
	}
	c := &Config{
		Listen:           *vals["listen"],
		DebugListen:      *vals["debug-listen"],
		DataDir:          *vals["data-dir"],
		MetaDSN:          *vals["meta-dsn"],
		ShardDSNs:        *vals["shard-dsns"],
		EmbeddedShards:   num("shards", 1, 64),
		TablesPerShard:   num("tables", 1, 1000),
		RedisURL:         *vals["redis-url"],
		RedisPrefix:      *vals["redis-prefix"],
		Currency:         strings.ToUpper(*vals["currency"]),
		StockSlots:       num("stock-slots", 1, models.MaxStockSlots),
		AdminPassword:    getenv("COUPOND_ADMIN_PASSWORD"),
		ShopperJWTSecret: getenv("COUPOND_SHOPPER_JWT_SECRET"),
		Dev:              boolean("dev"),
		MaxBatchClaim:    num("max-batch-claim", 1, 200),
		MaxOrderCoupons:  num("max-coupons-per-order", 1, 20),
		TagServiceURL:    *vals["tag-service-url"],
		MessageCenterURL: *vals["message-center-url"],
		CreateDatabases:  boolean("create-databases"),
		DBPool:           num("db-pool", 1, 1000),
	}
	dur := func(name string) time.Duration {
		d, err := time.ParseDuration(*vals[name])
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("-%s: want a positive duration such as 30s, got %q", name, *vals[name]))
		}
		return d
	}
	c.ShutdownTimeout = dur("shutdown-timeout")
	c.MaxReplicaLag = dur("max-replica-lag")
	size := func(name string) int64 {
		n, err := ParseSize(*vals[name])
		if err != nil {
			errs = append(errs, fmt.Errorf("-%s: %v", name, err))
		}
		return n
	}
	c.MaxBody, c.MaxUpload = size("max-body"), size("max-upload")
	c.CodeInvalidFloor = dur("code-invalid-floor")
	c.CodeSecret = getenv("COUPOND_CODE_SECRET")
	if c.CodeSecret != "" && len(c.CodeSecret) < 16 {
		errs = append(errs, errors.New("COUPOND_CODE_SECRET: want at least 16 bytes"))
	}
	rate := func(name string) limit.Rate {
		r, err := limit.Parse(*vals[name])
		if err != nil {
			errs = append(errs, fmt.Errorf("-%s: %v", name, err))
		}
		return r
	}
	c.RedeemPerUser = rate("redeem-per-user")
	c.RedeemPerIP = rate("redeem-per-ip")
	c.RedeemFailsUser = rate("redeem-fails-per-user")
	c.RedeemFailsAll = rate("redeem-fails-platform")
	c.LoginPerIP = rate("login-per-ip")
	c.LoginFailsUser = rate("login-fails-per-user")
	c.StatsOff = !boolean("stats-consumer")
	c.LegacyDSN = *vals["legacy-dsn"]
	c.LegacyMapping = *vals["legacy-mapping"]
	c.ReshardTables = num("reshard-tables", 0, 1000)
	c.ReshardShards = num("reshard-shards", 0, 1024)
	c.ReshardShardDSNs = *vals["reshard-shard-dsns"]
	switch {
	case c.ReshardTables == 0 && (c.ReshardShards != 0 || c.ReshardShardDSNs != ""):
		errs = append(errs, errors.New("-reshard-shards and -reshard-shard-dsns need -reshard-tables"))
	case c.ReshardTables != 0 && c.MetaDSN != "" && c.ReshardShardDSNs == "":
		errs = append(errs, errors.New("-reshard-tables on MySQL needs -reshard-shard-dsns"))
	case c.ReshardTables != 0 && c.MetaDSN == "" && c.ReshardShards == 0:
		errs = append(errs, errors.New("-reshard-tables on the embedded store needs -reshard-shards"))
	}
	if c.LegacyMapping != "" && c.LegacyDSN == "" {
		errs = append(errs, errors.New("-legacy-mapping needs -legacy-dsn"))
	}
	c.LockHold = dur("lock-hold")
	c.SweepInterval = dur("sweep-interval")
	if !models.ValidCurrency(c.Currency) {
		errs = append(errs, fmt.Errorf("-currency: %q is not an ISO 4217 code", c.Currency))
	}
	if (c.MetaDSN == "") != (c.ShardDSNs == "") {
		errs = append(errs, errors.New("-meta-dsn and -shard-dsns go together: give both (MySQL) or neither (embedded)"))
	}
	if c.RedisURL != "" {
		if _, err := RedisOptions(c.RedisURL); err != nil {
			errs = append(errs, fmt.Errorf("-redis-url: %v", err))
		}
	}
	return c, errors.Join(errs...)
}

// ParseSize reads a size in bytes: "2MiB", "512KiB", "1GiB" or a number of bytes.
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 || n > (1<<40)/mult {
		return 0, errors.New("want a size such as 2MiB, 512KiB or a number of bytes")
	}
	return n * mult, nil
}

// ApplyDefaults fills what a Config built by hand (tests, embedding) left
// zero with the defaults Parse would have given.
func (c *Config) ApplyDefaults() {
	if c.LockHold == 0 {
		c.LockHold = 15 * time.Minute
	}
	if c.SweepInterval == 0 {
		c.SweepInterval = 30 * time.Second
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 15 * time.Second
	}
	if c.MaxBatchClaim == 0 {
		c.MaxBatchClaim = 20
	}
	if c.MaxOrderCoupons == 0 {
		c.MaxOrderCoupons = 5
	}
	if c.RedisPrefix == "" {
		c.RedisPrefix = "coupond:"
	}
}

// FromEnv parses the process's flags and environment.
func FromEnv() (*Config, error) { return Parse(os.Args[1:], os.Getenv, os.Stderr) }

// RedisOptions reads a Redis URL into go-redis's universal options: a single
// server (redis:// or rediss://), Sentinel (redis-sentinel://, with
// ?master=) or Cluster (redis-cluster://), several hosts comma-separated.
func RedisOptions(raw string) (*redis.UniversalOptions, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	// RESP2: coupond uses no RESP3 feature (push notifications, client-side
	// caching), and go-redis checks every RESP3 reply for pending pushes.
	o := &redis.UniversalOptions{Addrs: strings.Split(u.Host, ","), Protocol: 2}
	if u.User != nil {
		o.Username = u.User.Username()
		o.Password, _ = u.User.Password()
	}
	if db := strings.Trim(u.Path, "/"); db != "" {
		if o.DB, err = strconv.Atoi(db); err != nil {
			return nil, fmt.Errorf("database %q is not a number", db)
		}
	}
	switch u.Scheme {
	case "redis", "rediss":
		if len(o.Addrs) != 1 {
			return nil, errors.New("redis:// takes one host; use redis-cluster:// or redis-sentinel:// for several")
		}
		if u.Scheme == "rediss" {
			full, err := redis.ParseURL(raw)
			if err != nil {
				return nil, err
			}
			o.TLSConfig = full.TLSConfig
		}
	case "redis-sentinel":
		o.MasterName = u.Query().Get("master")
		if o.MasterName == "" {
			return nil, errors.New("redis-sentinel:// needs ?master=name")
		}
	case "redis-cluster":
		o.IsClusterMode = true
	default:
		return nil, fmt.Errorf("unknown scheme %q", u.Scheme)
	}
	if o.Addrs[0] == "" {
		return nil, errors.New("no host")
	}
	return o, nil
}
