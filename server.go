// Command coupond is the coupon platform: a GraphQL API, an admin console
// and a GraphQL playground over MySQL shards (or embedded SQLite) and Redis
// (or an in-process Redis).
//
//	go run .                 # embedded stores under ./data
//	go run . -h              # every setting
//	go run . migrate status  # a migration from a monolith (coupond migrate -h)
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/coupond/coupond/graph"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/campaign"
	"github.com/coupond/coupond/internal/catalog"
	"github.com/coupond/coupond/internal/codes"
	"github.com/coupond/coupond/internal/config"
	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/httpapi"
	"github.com/coupond/coupond/internal/httpx"
	"github.com/coupond/coupond/internal/issuance"
	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/loop"
	"github.com/coupond/coupond/internal/notify"
	"github.com/coupond/coupond/internal/reshard"
	"github.com/coupond/coupond/internal/stats"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/tags"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/resolvers"
	"github.com/coupond/coupond/web"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// The heap is small (caches are bounded) and requests allocate a
		// lot: collecting less often buys ~15% of throughput on the claim
		// path for a few tens of MB. GOGC (and GOMEMLIMIT) still override.
		debug.SetGCPercent(400)
	}
	slog.SetDefault(slog.New(httpx.LogHandler{Handler: slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})}))
	if len(os.Args) > 1 && os.Args[1] == "migrate" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := migrateMain(ctx, os.Args[2:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	if len(os.Args) > 1 && os.Args[1] == "reshard" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := reshardMain(ctx, os.Args[2:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	cfg, err := config.FromEnv()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "coupond:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Config: cfg, Out: os.Stdout}
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "coupond:", err)
		os.Exit(1)
	}
	<-ctx.Done()
	slog.Info("shutting down")
	if err := m.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "coupond:", err)
		os.Exit(1)
	}
}

// instanceSeq numbers the instances of this process.
var instanceSeq atomic.Int64

// Main is one running instance. Run starts it and returns once it listens;
// Close shuts it down gracefully. Tests start it on port 0.
type Main struct {
	Config *config.Config
	Out    io.Writer // start-up banner; nil: discarded

	// Set by Run.
	Addr      string // the address it listens on
	Store     *store.Store
	Redis     redis.UniversalClient
	Cache     *cache.Cache
	Auth      *auth.Service
	Coupons   *coupon.Service
	Tags      *tags.Service
	Catalog   *catalog.Service
	Campaigns *campaign.Service
	Issuance  *issuance.Service
	Codes     *codes.Service
	Stats     *stats.Service
	// Migration follows (and, with a legacy database, runs) a migration
	// from a monolith's coupon tables.
	Migration *legacy.Migrator
	// Reshard follows a resharding: freezes the shard writes during its
	// cut-over and switches to the new layout.
	Reshard *reshard.Follower

	first  *store.Layout // the layout the instance started with
	target *store.Store  // the layout a resharding moves to (nil: none)

	pins    *consistency.Pins // nil: no database has replicas
	debug   *http.Server
	mini    *miniredis.Miniredis
	auditor *auth.Auditor
	server  *http.Server
	loops   *loop.Group // every background loop; Close stops and waits for them
	// claimLocks are the claim locks; claims answer before theirs are
	// released, and Close waits for those releases.
	claimLocks *lock.Locker
}

// Run opens the stores, migrates them, and starts serving.
func (m *Main) Run(ctx context.Context) (err error) {
	cfg := m.Config
	cfg.ApplyDefaults()
	if m.Out == nil {
		m.Out = io.Discard
	}
	defer func() {
		if err != nil {
			_ = m.Close()
		}
	}()
	// The loops outlive ctx (which only bounds the start): Close ends them.
	m.loops = loop.NewGroup(context.WithoutCancel(ctx))

	if m.Store, err = store.Open(ctx, storeConfig(cfg)); err != nil {
		return err
	}
	if err = m.Store.Migrate(ctx); err != nil {
		return err
	}
	m.first = m.Store.Layout()
	host, _ := os.Hostname()
	// Unique per instance, even for two in one process (tests).
	owner := fmt.Sprintf("%s-%d-%d", host, os.Getpid(), instanceSeq.Add(1))
	if err = m.openReshard(ctx, owner); err != nil {
		return err
	}
	m.Go("reshard.watch", m.Reshard.Watch)
	if err = m.openRedis(); err != nil {
		return err
	}
	if m.Store.MaxReplicaLag() > 0 {
		m.pins = consistency.NewPins(m.Redis, cfg.RedisPrefix+"pin:", pinWindow(m.Store.MaxReplicaLag()))
		m.Go("store.replicas", func(ctx context.Context) { m.Store.WatchReplicas(ctx, owner) })
	}
	m.Cache = cache.New(m.Redis, cache.Options{Prefix: cfg.RedisPrefix + "cache:", Channel: cfg.RedisPrefix + "invalidate"})
	if err = m.Cache.Start(context.WithoutCancel(ctx)); err != nil { // Cache.Close ends it
		return fmt.Errorf("cache: %w", err)
	}

	limiter := auth.NewLimiter(m.Redis, cfg.RedisPrefix+"rate:")
	m.Auth = auth.NewService(m.Store.Meta, auth.Options{ShopperJWTSecret: []byte(cfg.ShopperJWTSecret), Cache: m.Cache,
		Limiter: limiter, LoginPerIP: cfg.LoginPerIP, LoginFails: cfg.LoginFailsUser})
	generated, err := m.Auth.Bootstrap(ctx, cfg.AdminPassword)
	if err != nil {
		return fmt.Errorf("bootstrap admin: %w", err)
	}
	var provider *tags.Provider
	if cfg.TagServiceURL != "" {
		if provider, err = tags.NewProvider(cfg.TagServiceURL, 0); err != nil {
			return err
		}
	}
	m.Tags = tags.NewService(m.Store, m.Cache, provider)
	m.Catalog = catalog.NewService(m.Store, m.Cache)
	m.Campaigns = campaign.NewService(m.Store, m.Cache, cfg.Currency)
	m.claimLocks = lock.New(m.Redis, lock.Options{Prefix: cfg.RedisPrefix + "lock:"})
	m.Coupons = coupon.NewService(m.Store, m.Cache, m.claimLocks, m.Tags, coupon.Options{
		Defaults:        models.CouponDefaults{Currency: cfg.Currency, StockSlots: cfg.StockSlots},
		MaxBatch:        cfg.MaxBatchClaim,
		MaxOrderCoupons: cfg.MaxOrderCoupons,
		Redis:           m.Redis,
		KeyPrefix:       cfg.RedisPrefix,
		Catalog:         m.Catalog,
		Campaigns:       m.Campaigns,
		ReconcileLocker: lock.New(m.Redis, lock.Options{Prefix: cfg.RedisPrefix + "lock:", TTL: 2 * coupon.ReconcileGrace}),
	})
	if m.Migration, err = openMigration(ctx, cfg, m.Store, owner); err != nil {
		return err
	}
	m.Coupons.SetWallets(legacy.NewDualWallets(m.Migration, m.Coupons, legacy.WalletOptions{Redis: m.Redis, KeyPrefix: cfg.RedisPrefix}))
	m.Go("migration.watch", m.Migration.Watch)
	m.Go("migration.repair", m.Migration.RepairLoop)
	m.Go("migration.tasks", m.Migration.TaskLoop)
	m.Go("coupon.reconcile", func(ctx context.Context) { m.Coupons.ReconcileLoop(ctx, time.Minute) })
	m.Go("coupon.sweep", func(ctx context.Context) { m.Coupons.SweepLoop(ctx, cfg.SweepInterval) })
	var notifier *notify.Client
	if cfg.MessageCenterURL != "" {
		if notifier, err = notify.New(notify.Options{URL: cfg.MessageCenterURL}); err != nil {
			return err
		}
	}
	m.Issuance = issuance.NewService(m.Store, m.Coupons, m.Tags, issuance.Options{Notifier: notifier, Owner: owner})
	m.Go("issuance.jobs", m.Issuance.Run)
	secret, err := codeSecret(cfg)
	if err != nil {
		return err
	}
	m.Codes, err = codes.NewService(m.Store, m.Coupons, codes.Options{Secret: secret, Limiter: limiter, InvalidFloor: cfg.CodeInvalidFloor,
		Owner: owner, Limits: codes.Limits{PerUser: cfg.RedeemPerUser, PerIP: cfg.RedeemPerIP,
			FailsPerUser: cfg.RedeemFailsUser, FailsPlatform: cfg.RedeemFailsAll}})
	if err != nil {
		return err
	}
	m.Go("codes.batches", m.Codes.Run)
	m.Stats = stats.NewService(m.Store, m.Coupons, stats.Options{Owner: owner})
	if !cfg.StatsOff {
		m.Go("stats.fold", m.Stats.Run)
	}
	auditor := auth.NewAuditor(m.Store.Meta)
	auditor.Start()
	m.auditor = auditor
	api := graph.NewHandler(graph.Options{
		Resolvers: &resolvers.Resolver{Auth: m.Auth, Auditor: auditor, Engine: m.Coupons, Tagging: m.Tags,
			Catalog: m.Catalog, Campaigning: m.Campaigns, LockHold: cfg.LockHold, Issuance: m.Issuance, Codes: m.Codes, Stats: m.Stats, Migrator: m.Migration,
			Reshard: reshard.View{Store: m.Store, Target: m.target}, Replicas: m.Store, PinWindow: m.pins.Window()},
		Auditor: auditor,
		Dev:     cfg.Dev,
		Pins:    m.pins,
		Limits:  graph.Limits{BodyBytes: cfg.MaxBody, UploadBytes: cfg.MaxUpload},
	})

	mux := http.NewServeMux()
	authn := httpapi.Authenticate(m.Auth)
	mux.Handle("/graphql", authn(api))
	mux.Handle("GET "+codes.ExportPath, authn(httpapi.CodesExport(m.Codes, auditor)))
	mux.Handle("GET "+httpapi.StatsExportPath, authn(httpapi.StatsExport(m.Stats, m.Campaigns, auditor)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", m.ready)
	mux.Handle("GET /metrics", promhttp.Handler())
	mux.Handle("/", web.Handler())

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	m.Addr = ln.Addr().String()
	m.server = &http.Server{Handler: httpx.Logging(httpx.SecurityHeaders(mux)), ReadHeaderTimeout: 10 * time.Second}
	m.Go("http", func(ctx context.Context) { serve(ctx, m.server, ln) })
	if cfg.DebugListen != "" {
		dbg := http.NewServeMux()
		dbg.HandleFunc("/debug/pprof/", pprof.Index)
		dbg.HandleFunc("/debug/pprof/profile", pprof.Profile)
		dbg.HandleFunc("/debug/pprof/trace", pprof.Trace)
		dbg.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		dbg.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		m.debug = &http.Server{Addr: cfg.DebugListen, Handler: dbg, ReadHeaderTimeout: 10 * time.Second}
		m.Go("debug", func(ctx context.Context) { serve(ctx, m.debug, nil) })
	}
	m.banner(generated)
	return nil
}

// openReshard opens the layout a resharding moves to, when configured,
// and follows the resharding state from the first moment: an instance
// started after a cut-over opens on the layout in use.
func (m *Main) openReshard(ctx context.Context, owner string) error {
	if sc, ok := reshardConfig(m.Config); ok {
		t, err := store.OpenShards(ctx, sc)
		if err != nil {
			return fmt.Errorf("reshard target: %w", err)
		}
		m.target = t
		if err := t.MigrateShards(ctx); err != nil {
			return fmt.Errorf("reshard target: %w", err)
		}
	}
	m.Reshard = reshard.NewFollower(m.Store, m.target, owner, slog.Default())
	if err := m.Reshard.Load(ctx); err != nil {
		return fmt.Errorf("reshard state: %w", err)
	}
	if why := m.Reshard.Stale(); why != "" {
		return errors.New(why)
	}
	return nil
}

func (m *Main) openRedis() error {
	url := m.Config.RedisURL
	if url == "" {
		m.mini = miniredis.NewMiniRedis()
		if err := m.mini.StartAddr("127.0.0.1:0"); err != nil {
			return fmt.Errorf("in-process redis: %w", err)
		}
		url = "redis://" + m.mini.Addr()
	}
	opts, err := config.RedisOptions(url)
	if err != nil {
		return err
	}
	m.Redis = redis.NewUniversalClient(opts)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := m.Redis.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// ready answers 200 when every database and Redis answer ("degraded" when
// a database's replicas are all out of the read rotation), else 503 naming
// what is down. It is open to anyone (load balancers): it names parts, not
// addresses or errors, which go to the log.
func (m *Main) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := m.Store.Ping(ctx); err != nil {
		slog.ErrorContext(ctx, "readyz: database", "err", err)
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	if why := m.Reshard.Stale(); why != "" {
		http.Error(w, why, http.StatusServiceUnavailable)
		return
	}
	if err := m.Redis.Ping(ctx).Err(); err != nil {
		slog.ErrorContext(ctx, "readyz: redis", "err", err)
		http.Error(w, "redis unreachable", http.StatusServiceUnavailable)
		return
	}
	if d := m.Store.Degraded(); d != "" {
		// Still ready: the primaries serve every read, only slower.
		_, _ = io.WriteString(w, "degraded: "+d+"\n")
		return
	}
	_, _ = io.WriteString(w, "ready\n")
}

// pinWindow is how long a caller's reads stay on the primary after a
// mutation: the lag bound (a replica in the rotation then holds the write)
// and a margin for the clocks of the instances, which measure their lag
// each with its own.
func pinWindow(maxLag time.Duration) time.Duration { return maxLag + 250*time.Millisecond }

// storeConfig is the store's part of c: the embedded files, or the MySQL
// databases of -meta-dsn and -shard-dsns with their replicas.
func storeConfig(c *config.Config) store.Config {
	sc := store.Config{DataDir: c.DataDir, EmbeddedShards: c.EmbeddedShards, TablesPerShard: c.TablesPerShard, CreateDatabases: c.CreateDatabases,
		MaxOpenConns: c.DBPool, MaxReplicaLag: c.MaxReplicaLag}
	if c.MetaDSN != "" {
		sc.Meta = store.ParseTarget(c.MetaDSN)
		sc.Shards = shardTargets(c.ShardDSNs)
	}
	return sc
}

// reshardConfig is the store configuration of the layout a resharding
// moves to (for store.OpenShards); ok is false when none is configured.
func reshardConfig(c *config.Config) (sc store.Config, ok bool) {
	if c.ReshardTables == 0 {
		return sc, false
	}
	sc = store.Config{TablesPerShard: c.ReshardTables, CreateDatabases: c.CreateDatabases, MaxOpenConns: c.DBPool,
		MaxReplicaLag: c.MaxReplicaLag}
	if c.MetaDSN == "" {
		sc.EmbeddedShards = c.ReshardShards
		dir := c.DataDir
		if dir == "" {
			dir = "data"
		}
		sc.DataDir = filepath.Join(dir, fmt.Sprintf("reshard-%dx%d", c.ReshardShards, c.ReshardTables))
		return sc, true
	}
	sc.Shards = shardTargets(c.ReshardShardDSNs)
	return sc, true
}

// shardTargets reads shard DSNs: shards separated by semicolons, each
// primary|replica|...
func shardTargets(dsns string) []store.Target {
	var out []store.Target
	for _, s := range strings.Split(dsns, ";") {
		if strings.TrimSpace(s) != "" {
			out = append(out, store.ParseTarget(s))
		}
	}
	return out
}

func (m *Main) banner(generatedPassword string) {
	base := "http://" + m.Addr
	if host, port, err := net.SplitHostPort(m.Addr); err == nil && (host == "::" || host == "0.0.0.0" || host == "") {
		base = "http://localhost:" + port
	}
	stores := "embedded SQLite in " + m.Config.DataDir
	if m.Store.Dialect == store.MySQL {
		stores = fmt.Sprintf("MySQL, %d shard(s)", len(m.Store.Layout().Shards))
	}
	if m.mini != nil {
		stores += " + in-process Redis"
	} else {
		stores += " + Redis"
	}
	fmt.Fprintf(m.Out, "coupond listening on %s (%s)\n", m.Addr, stores)
	fmt.Fprintf(m.Out, "  console:    %s/\n  playground: %s/playground\n  API:        %s/graphql\n", base, base, base)
	switch {
	case generatedPassword != "":
		fmt.Fprintf(m.Out, "  login:      admin / %s  (generated on this first start; set COUPOND_ADMIN_PASSWORD to choose it: it resets the password on the next start)\n", generatedPassword)
	case m.Config.AdminPassword != "":
		fmt.Fprintln(m.Out, "  login:      admin / (COUPOND_ADMIN_PASSWORD: the admin password is set to it on every start)")
	default:
		fmt.Fprintln(m.Out, "  login:      admin / (the password printed on first start; forgotten: set COUPOND_ADMIN_PASSWORD, it resets it on the next start)")
	}
}

// Close stops serving (waiting for requests in flight), then stops every
// background loop and waits for them to return, and only then closes
// every store. The shutdown timeout bounds both waits together: loops
// still running at its end are logged, and the stores closed under them.
func (m *Main) Close() error {
	var errs []error
	timeout := 15 * time.Second
	if m.Config != nil && m.Config.ShutdownTimeout > 0 {
		timeout = m.Config.ShutdownTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if m.server != nil {
		errs = append(errs, m.server.Shutdown(ctx))
	}
	if m.loops != nil {
		if left := m.loops.Stop(ctx); len(left) > 0 {
			slog.Error("shutdown: background loops did not end within the shutdown timeout; closing the stores under them",
				"loops", left, "timeout", timeout)
		}
	}
	if m.claimLocks != nil {
		if err := m.claimLocks.Wait(ctx); err != nil {
			slog.Error("shutdown: claim locks still being released at the shutdown timeout; they expire on their own", "err", err)
		}
	}
	if m.auditor != nil {
		m.auditor.Close()
	}
	if m.Migration != nil {
		m.Migration.Close()
	}
	if m.Cache != nil {
		errs = append(errs, m.Cache.Close())
	}
	if m.Redis != nil {
		errs = append(errs, m.Redis.Close())
	}
	if m.mini != nil {
		m.mini.Close()
	}
	if m.Store != nil {
		m.Store.Close()
	}
	if m.first != nil {
		m.first.Close()
	}
	if m.target != nil {
		m.target.Close()
	}
	return errors.Join(errs...)
}

// Go runs a background loop of the instance, named name in the logs:
// f must return once its ctx ends, which Close does, and Close waits for
// it before closing the stores. Started after Close, f does not run.
func (m *Main) Go(name string, f func(ctx context.Context)) { m.loops.Go(name, f) }

// serve serves srv on ln (nil: on srv.Addr) until Close shuts it down
// gracefully, or ctx ends: then at once.
func serve(ctx context.Context, srv *http.Server, ln net.Listener) {
	stop := context.AfterFunc(ctx, func() { _ = srv.Close() })
	defer stop()
	var err error
	if ln != nil {
		err = srv.Serve(ln)
	} else {
		err = srv.ListenAndServe()
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		slog.Error("http server", "addr", srv.Addr, "err", err)
	}
}

// codeSecret is the configured code secret; in embedded mode without one,
// a secret generated on first start and kept in the data directory; in
// MySQL mode without one, nil (codes are off: every instance must share
// the secret, so it cannot be made up by one of them).
func codeSecret(cfg *config.Config) ([]byte, error) {
	if cfg.CodeSecret != "" {
		return []byte(cfg.CodeSecret), nil
	}
	if cfg.MetaDSN != "" {
		slog.Warn("COUPOND_CODE_SECRET is not set: redeemable codes are off")
		return nil, nil
	}
	path := filepath.Join(cfg.DataDir, "code-secret")
	if b, err := os.ReadFile(path); err == nil {
		return bytes.TrimSpace(b), nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("code secret: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	secret := []byte(hex.EncodeToString(raw))
	if err := os.WriteFile(path, append(secret, '\n'), 0o600); err != nil {
		return nil, fmt.Errorf("code secret: %w", err)
	}
	return secret, nil
}

// openMigration opens the monolith's database and mapping when configured
// and returns the instance's view of the migration, its mode read once.
func openMigration(ctx context.Context, cfg *config.Config, st *store.Store, owner string) (*legacy.Migrator, error) {
	var mapping *legacy.Mapping
	var db *gorm.DB
	var err error
	if cfg.LegacyMapping != "" {
		if mapping, err = legacy.LoadMapping(cfg.LegacyMapping); err != nil {
			return nil, err
		}
	}
	if cfg.LegacyDSN != "" {
		if db, err = legacy.OpenLegacy(ctx, cfg.LegacyDSN); err != nil {
			return nil, err
		}
	}
	mg, err := legacy.New(st, db, legacy.Options{Mapping: mapping, Owner: owner})
	if err != nil {
		return nil, err
	}
	if err := mg.Load(ctx); err != nil {
		return nil, err
	}
	return mg, nil
}
