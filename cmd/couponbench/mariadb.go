package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// scratchMariaDB is a MariaDB server couponbench starts for one run (-binlog)
// in a temporary directory, removed when it stops.
type scratchMariaDB struct {
	cmd  *exec.Cmd
	dir  string
	done chan struct{}
}

// binlogArgs configure the scratch server as a primary that feeds replicas:
// the binary log on and flushed at every commit (sync_binlog=1), the redo
// log too. With the binary log a commit is a two-phase commit (InnoDB
// prepares, the binary log is written and flushed, InnoDB commits), and
// InnoDB keeps a transaction's row locks until the end of it: a hot stock
// row is then held across the binlog flush, which is what splitting the
// stock over slots relieves. Without the binary log, InnoDB releases the
// lock before the redo flush and one row is not the bottleneck.
var binlogArgs = []string{"--log-bin=binlog", "--server-id=1", "--sync-binlog=1", "--binlog-format=ROW",
	"--innodb-flush-log-at-trx-commit=1", "--max-connections=4000", "--innodb-buffer-pool-size=512M",
	"--skip-name-resolve"}

// startMariaDB installs and starts a scratch MariaDB on a free loopback port
// and returns it with its server DSN (no database).
func startMariaDB(ctx context.Context) (*scratchMariaDB, string, error) {
	install, err := findBinary("mariadb-install-db", "mysql_install_db")
	if err != nil {
		return nil, "", err
	}
	server, err := findBinary("mariadbd", "mysqld")
	if err != nil {
		return nil, "", err
	}
	dir, err := os.MkdirTemp("", "couponbench-mariadb-")
	if err != nil {
		return nil, "", err
	}
	data := filepath.Join(dir, "data")
	user := []string{}
	if os.Geteuid() == 0 {
		user = []string{"--user=root"}
	}
	args := append([]string{"--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal"}, user...)
	if out, err := exec.CommandContext(ctx, install, args...).CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, "", fmt.Errorf("%s: %w\n%s", install, err, out)
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", err
	}
	args = append([]string{"--no-defaults", "--datadir=" + data, "--port=" + strconv.Itoa(port), "--bind-address=127.0.0.1",
		"--socket=" + filepath.Join(dir, "sock"), "--pid-file=" + filepath.Join(dir, "pid")}, user...)
	args = append(args, binlogArgs...)
	m := &scratchMariaDB{cmd: exec.Command(server, args...), dir: dir, done: make(chan struct{})}
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", err
	}
	m.cmd.Stdout, m.cmd.Stderr = logf, logf
	if err := m.cmd.Start(); err != nil {
		logf.Close()
		os.RemoveAll(dir)
		return nil, "", err
	}
	go func() { _ = m.cmd.Wait(); logf.Close(); close(m.done) }()
	dsn := fmt.Sprintf("root@tcp(127.0.0.1:%d)/", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := pingMySQL(ctx, dsn)
		if err == nil {
			return m, dsn, nil
		}
		select {
		case <-m.done:
			log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			os.RemoveAll(dir)
			return nil, "", fmt.Errorf("%s exited at start:\n%s", server, log)
		default:
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			m.stop()
			return nil, "", fmt.Errorf("the scratch MariaDB did not answer in 60s: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func pingMySQL(ctx context.Context, dsn string) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

// stop shuts the scratch server down and removes its directory.
func (m *scratchMariaDB) stop() {
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(30 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.done
	}
	os.RemoveAll(m.dir)
}

// findBinary looks a program up on PATH and in the sbin directories that a
// non-root PATH often lacks.
func findBinary(names ...string) (string, error) {
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
	return "", errors.New("-binlog needs MariaDB's server programs (" + names[0] + "): install mariadb-server")
}
