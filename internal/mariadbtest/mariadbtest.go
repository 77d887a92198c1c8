// Package mariadbtest starts scratch MariaDB servers for tests and
// benchmarks: a single server, or a primary (binary log, GTID) with
// replicas that a test can delay, stop or kill. Each server is a mariadbd
// process of its own, with a data directory copied from a template that
// mariadb-install-db makes once per machine, on a loopback port.
//
// Every server has two accounts: root (no password), which the tests use to
// create and drop databases and to steer replication, and coupond (no
// password), which is what coupond should connect as: it has every
// privilege but READ_ONLY ADMIN, so that a write sent to a replica (which
// runs read_only) fails instead of forking the replica from its primary.
package mariadbtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/go-sql-driver/mysql" // database/sql driver "mysql"
)

// App is the account coupond connects as (see the package doc).
const App = "coupond"

// Options configure a server.
type Options struct {
	// Dir holds the server's data directory, socket and log. Empty: a new
	// temporary directory, removed by Stop. A Dir that already holds a data
	// directory is started as it is (a server that outlives its starter).
	Dir string
	// Port to listen on (127.0.0.1); 0: a free one.
	Port int
	// ServerID is the replication server id; 0: 1.
	ServerID int
	// Binlog makes the server a primary that feeds replicas: the binary
	// log on in ROW format and flushed at every commit (sync_binlog=1),
	// GTIDs in the log.
	Binlog bool
	// ReadOnly starts the server read_only (a replica).
	ReadOnly bool
	// Args are more mariadbd options.
	Args []string
	// Daemon detaches the process (a new session), so that it keeps
	// running after the program that started it exits (cmd/testdb).
	Daemon bool
}

// Server is a running mariadbd.
type Server struct {
	Port int
	Dir  string

	cmd     *exec.Cmd
	done    chan struct{}
	ownsDir bool
}

// PrimaryArgs configure a primary that feeds replicas: the binary log on,
// flushed at every commit, rows logged, the redo log flushed at every
// commit too. With the binary log a commit is a two-phase commit, and
// InnoDB keeps a transaction's row locks until the end of it: a hot row is
// held across the binlog flush.
var PrimaryArgs = []string{"--log-bin=binlog", "--sync-binlog=1", "--binlog-format=ROW",
	"--innodb-flush-log-at-trx-commit=1", "--binlog-expire-logs-seconds=86400", "--max-binlog-size=256M"}

// Start installs (from the template) and starts a server, and returns
// once it answers.
func Start(ctx context.Context, o Options) (*Server, error) {
	server, err := FindBinary("mariadbd", "mysqld")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: o.Dir, Port: o.Port, done: make(chan struct{})}
	if s.Dir == "" {
		if s.Dir, err = os.MkdirTemp("", "mariadbtest-"); err != nil {
			return nil, err
		}
		s.ownsDir = true
	}
	fail := func(err error) (*Server, error) {
		if s.ownsDir {
			os.RemoveAll(s.Dir)
		}
		return nil, err
	}
	data := filepath.Join(s.Dir, "data")
	if _, err := os.Stat(filepath.Join(data, "mysql")); err != nil {
		if err := os.MkdirAll(s.Dir, 0o755); err != nil {
			return fail(err)
		}
		if err := copyTemplate(ctx, data); err != nil {
			return fail(err)
		}
	}
	if s.Port == 0 {
		if s.Port, err = FreePort(); err != nil {
			return fail(err)
		}
	}
	id := o.ServerID
	if id == 0 {
		id = 1
	}
	args := []string{"--no-defaults", "--datadir=" + data, "--port=" + strconv.Itoa(s.Port), "--bind-address=127.0.0.1",
		"--socket=" + filepath.Join(s.Dir, "sock"), "--pid-file=" + filepath.Join(s.Dir, "pid"),
		"--server-id=" + strconv.Itoa(id), "--skip-name-resolve", "--max-connections=4000",
		"--innodb-buffer-pool-size=256M", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
		"--relay-log=relay", "--log-error=" + filepath.Join(s.Dir, "server.log")}
	if os.Geteuid() == 0 {
		args = append(args, "--user=root")
	}
	if o.Binlog {
		args = append(args, PrimaryArgs...)
	}
	if o.ReadOnly {
		args = append(args, "--read-only=1")
	}
	args = append(args, o.Args...)
	s.cmd = exec.Command(server, args...)
	if o.Daemon {
		s.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	}
	if err := s.cmd.Start(); err != nil {
		return fail(err)
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := ping(ctx, s.DSN("root"))
		if err == nil {
			break
		}
		select {
		case <-s.done:
			log, _ := os.ReadFile(filepath.Join(s.Dir, "server.log"))
			return fail(fmt.Errorf("mariadbd exited at start:\n%s", tail(log, 3000)))
		default:
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			s.Kill()
			return fail(fmt.Errorf("mariadbd on port %d did not answer in 60s: %v", s.Port, err))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := s.ensureApp(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// ensureApp creates the coupond account on this server only (the
// statements are not written to the binary log: each server has its own).
func (s *Server) ensureApp(ctx context.Context) error {
	return s.Exec(ctx,
		"SET SESSION sql_log_bin = 0",
		"CREATE USER IF NOT EXISTS '"+App+"'@'127.0.0.1'",
		"GRANT ALL PRIVILEGES ON *.* TO '"+App+"'@'127.0.0.1'",
		"REVOKE READ_ONLY ADMIN ON *.* FROM '"+App+"'@'127.0.0.1'")
}

// DSN is the server DSN (no database) for user (root or App).
func (s *Server) DSN(user string) string {
	return fmt.Sprintf("%s@tcp(127.0.0.1:%d)/", user, s.Port)
}

// Open opens a database/sql pool to the server as user.
func (s *Server) Open(user string) (*sql.DB, error) {
	return sql.Open("mysql", s.DSN(user)+"?timeout=5s")
}

// Exec runs statements as root on the server.
func (s *Server) Exec(ctx context.Context, queries ...string) error {
	return Exec(ctx, s.DSN("root"), queries...)
}

// Exec runs statements on the server of dsn, in one session.
func Exec(ctx context.Context, dsn string, queries ...string) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, q := range queries {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("mariadbtest: %s: %w", q, err)
		}
	}
	return nil
}

// Alive reports whether the process is still running.
func (s *Server) Alive() bool {
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

// Kill ends the process at once (SIGKILL), as a crash would, and waits
// for it. The data directory stays until Stop.
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.done
}

// Stop shuts the server down (SIGTERM, then SIGKILL after 30 s) and
// removes its directory if Start made it.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil && s.Alive() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
			s.Kill()
		}
	}
	if s.ownsDir {
		os.RemoveAll(s.Dir)
	}
}

func ping(ctx context.Context, dsn string) error {
	db, err := sql.Open("mysql", dsn+"?timeout=2s")
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

// Ping reports whether the server of dsn answers within 2 s.
func Ping(ctx context.Context, dsn string) error { return ping(ctx, dsn) }

// FreePort returns a loopback port nothing listens on now.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// FindBinary looks a program up on PATH and in the sbin directories that
// a non-root PATH often lacks.
func FindBinary(names ...string) (string, error) {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
		for _, dir := range []string{"/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin"} {
			p := filepath.Join(dir, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
	}
	return "", errors.New("mariadbtest: MariaDB's server programs (" + names[0] + ") are missing: install mariadb-server")
}

// copyTemplate fills data with a fresh system database: a copy of a
// template made by mariadb-install-db once per machine (installing takes
// seconds; copying, a fraction of one).
func copyTemplate(ctx context.Context, data string) error {
	tmpl, err := template(ctx)
	if err != nil {
		return err
	}
	if out, err := exec.CommandContext(ctx, "cp", "-a", tmpl, data).CombinedOutput(); err != nil {
		return fmt.Errorf("mariadbtest: copy the template: %w: %s", err, out)
	}
	return nil
}

// template returns the template data directory, making it under a file
// lock if no process has yet (test packages start servers side by side).
func template(ctx context.Context) (string, error) {
	root := filepath.Join(os.TempDir(), fmt.Sprintf("mariadbtest-template-%d", os.Geteuid()))
	dir := filepath.Join(root, "data")
	if _, err := os.Stat(filepath.Join(root, "ready")); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	lock, err := os.OpenFile(filepath.Join(root, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN) //nolint:errcheck
	if _, err := os.Stat(filepath.Join(root, "ready")); err == nil {
		return dir, nil
	}
	install, err := FindBinary("mariadb-install-db", "mysql_install_db")
	if err != nil {
		return "", err
	}
	os.RemoveAll(dir)
	args := []string{"--no-defaults", "--datadir=" + dir, "--auth-root-authentication-method=normal", "--skip-test-db"}
	if os.Geteuid() == 0 {
		args = append(args, "--user=root")
	}
	if out, err := exec.CommandContext(ctx, install, args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("mariadbtest: %s: %w\n%s", install, err, tail(out, 3000))
	}
	if err := os.WriteFile(filepath.Join(root, "ready"), nil, 0o644); err != nil {
		return "", err
	}
	return dir, nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.TrimSpace(string(b))
}
