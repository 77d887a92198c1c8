package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	goredislib "github.com/redis/go-redis/v9"

	"github.com/coupond/coupond/internal/mariadbtest"
)

const modulePath = "github.com/coupond/coupond"

// serverProc is a coupond started by couponbench.
type serverProc struct {
	cmd     *exec.Cmd
	dir     string // temporary: the binary and its log
	logPath string
	exited  chan struct{}
	waitErr error
}

// findModuleRoot walks up from the working directory to coupond's go.mod.
func findModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if f := strings.Fields(line); len(f) == 2 && f[0] == "module" && f[1] == modulePath {
					return dir, nil
				}
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of %s above the working directory: run inside the module, or pass -server", modulePath)
		}
		dir = parent
	}
}

// dbDSN is serverDSN with its database set to name.
func dbDSN(serverDSN, name string) (string, error) {
	cfg, err := mysql.ParseDSN(serverDSN)
	if err != nil {
		return "", fmt.Errorf("-mysql: %w", err)
	}
	cfg.DBName = name
	return cfg.FormatDSN(), nil
}

// targetDSN is database name as the started coupond is given it: on
// -mysql, or with -replicated on the primary then its replica
// ("primary|replica"), as coupond's own account there (mariadbtest.App:
// the replica refuses its writes).
func targetDSN(set settings, name string) (string, error) {
	if set.Replica == "" {
		return dbDSN(set.MySQL, name)
	}
	var out []string
	for _, server := range []string{set.MySQL, set.Replica} {
		cfg, err := mysql.ParseDSN(server)
		if err != nil {
			return "", err
		}
		cfg.DBName, cfg.User, cfg.Passwd = name, mariadbtest.App, ""
		out = append(out, cfg.FormatDSN())
	}
	return strings.Join(out, "|"), nil
}

// serverDatabases are the databases a started coupond is given.
func serverDatabases(prefix string) (meta string, shards []string) {
	return prefix + "_meta", []string{prefix + "_s0", prefix + "_s1"}
}

// startServer builds coupond and starts it on a free loopback port over
// MariaDB and Redis, in databases and a Redis key space named by prefix;
// it returns once /readyz answers 200.
func startServer(ctx context.Context, set settings, prefix, adminPassword string, extraEnv []string) (*serverProc, string, error) {
	root, err := findModuleRoot()
	if err != nil {
		return nil, "", err
	}
	dir, err := os.MkdirTemp("", "couponbench-")
	if err != nil {
		return nil, "", err
	}
	s := &serverProc{dir: dir, logPath: filepath.Join(dir, "coupond.log"), exited: make(chan struct{})}
	bin := filepath.Join(dir, "coupond")
	fmt.Fprintf(os.Stderr, "couponbench: building coupond in %s\n", root)
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = root
	var out bytes.Buffer
	build.Stdout, build.Stderr = &out, &out
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		return nil, "", fmt.Errorf("go build: %w\n%s", err, out.String())
	}

	meta, shards := serverDatabases(prefix)
	metaDSN, err := targetDSN(set, meta)
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", err
	}
	shardDSNs := make([]string, len(shards))
	for i, name := range shards {
		if shardDSNs[i], err = targetDSN(set, name); err != nil {
			os.RemoveAll(dir)
			return nil, "", err
		}
	}
	port, err := mariadbtest.FreePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	env := []string{}
	for _, kv := range os.Environ() {
		// Only what is set here, but for a debug address to profile with.
		if !strings.HasPrefix(kv, "COUPOND_") || strings.HasPrefix(kv, "COUPOND_DEBUG_LISTEN=") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"COUPOND_LISTEN="+addr,
		"COUPOND_DATA_DIR="+filepath.Join(dir, "data"),
		"COUPOND_META_DSN="+metaDSN,
		"COUPOND_SHARD_DSNS="+strings.Join(shardDSNs, ";"),
		"COUPOND_CREATE_DATABASES=true",
		"COUPOND_REDIS_URL=redis://"+set.Redis+"/0",
		"COUPOND_REDIS_PREFIX="+prefix+":",
		"COUPOND_ADMIN_PASSWORD="+adminPassword,
		"COUPOND_TABLES_PER_SHARD=4",
		"COUPOND_CODE_SECRET="+benchCodeSecret,
		fmt.Sprintf("COUPOND_DB_POOL=%d", set.DBPool),
		"COUPOND_MAX_REPLICA_LAG="+set.MaxLag.String(),
	)
	env = append(env, extraEnv...)
	logf, err := os.Create(s.logPath)
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", err
	}
	s.cmd = exec.Command(bin)
	s.cmd.Env = env
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	setProcAttrs(s.cmd)
	if err := s.cmd.Start(); err != nil {
		logf.Close()
		os.RemoveAll(dir)
		return nil, "", err
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		logf.Close()
		close(s.exited)
	}()
	fmt.Fprintf(os.Stderr, "couponbench: coupond pid %d on %s, log %s\n", s.cmd.Process.Pid, addr, s.logPath)

	base := "http://" + addr
	deadline := time.Now().Add(3 * time.Minute)
	hc := &http.Client{Timeout: 2 * time.Second}
	for {
		resp, err := hc.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, base, nil
			}
		}
		select {
		case <-s.exited:
			err := fmt.Errorf("coupond exited before it was ready (%v):\n%s", s.waitErr, s.logTail(40))
			s.stop()
			return nil, "", err
		case <-ctx.Done():
			s.stop()
			return nil, "", ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			err := fmt.Errorf("coupond not ready within 3 minutes:\n%s", s.logTail(40))
			s.stop()
			return nil, "", err
		}
	}
}

// stop ends the server: SIGTERM, then SIGKILL after 5 s. Safe to call twice.
func (s *serverProc) stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.exited:
	default:
		_ = terminate(s.cmd)
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	}
}

func (s *serverProc) cleanup(keepLog bool) {
	if !keepLog {
		os.RemoveAll(s.dir)
	}
}

func (s *serverProc) logTail(n int) string {
	b, _ := os.ReadFile(s.logPath)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// dropDatabases drops the named databases, when they exist.
func dropDatabases(ctx context.Context, serverDSN string, names []string) error {
	dsn, err := dbDSN(serverDSN, "")
	if err != nil {
		return err
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var errs []error
	for _, n := range names {
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+n+"`"); err != nil {
			errs = append(errs, fmt.Errorf("drop %s: %w", n, err))
		}
	}
	return errors.Join(errs...)
}

// cleanRedis deletes the keys under prefix (the server's cache and any lock
// left behind).
func cleanRedis(ctx context.Context, addr, prefix string) error {
	rdb := goredislib.NewClient(&goredislib.Options{Addr: addr})
	defer rdb.Close()
	iter := rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var batch []string
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 1000 {
			if err := rdb.Unlink(ctx, batch...).Err(); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := iter.Err(); err != nil {
		return err
	}
	if len(batch) > 0 {
		return rdb.Unlink(ctx, batch...).Err()
	}
	return nil
}

// connRefusals returns MariaDB's count of connections refused for
// max_connections, or -1 when it cannot be read: a jump during a scenario
// explains UNAVAILABLE answers (coupond's pools, 64 per database, add up to
// more than MariaDB's default max_connections of 151).
func connRefusals(ctx context.Context, serverDSN string) int64 {
	dsn, err := dbDSN(serverDSN, "")
	if err != nil {
		return -1
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return -1
	}
	defer db.Close()
	var name string
	var n int64
	if err := db.QueryRowContext(ctx, "SHOW GLOBAL STATUS LIKE 'Connection_errors_max_connections'").Scan(&name, &n); err != nil {
		return -1
	}
	return n
}
