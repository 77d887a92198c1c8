// Command testdb starts and stops the MariaDB primary + replica pair that
// coupond's tests run their replicated backend on: two mariadbd processes
// of their own (the machine's MariaDB is left alone), the primary with the
// binary log (ROW, sync_binlog=1) and the replica fed by GTID replication.
// They keep running after testdb exits, so that every test package (and
// the next `make test`) finds them.
//
//	go run ./cmd/testdb up     # start what is not running; print the DSNs
//	go run ./cmd/testdb down   # stop both and remove their data
//
// The tests find the pair through COUPOND_TEST_PRIMARY_DSN and
// COUPOND_TEST_REPLICA_DSN (root DSNs, no database), which the Makefile
// sets to the ports below.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/coupond/coupond/internal/mariadbtest"
)

func main() {
	fs := flag.NewFlagSet("testdb", flag.ExitOnError)
	dir := fs.String("dir", filepath.Join(os.TempDir(), "coupond-testdb"), "where the two data directories live")
	pport := fs.Int("primary-port", 3316, "the primary's port on 127.0.0.1")
	rport := fs.Int("replica-port", 3317, "the replica's port on 127.0.0.1")
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: testdb up|down [flags]")
		os.Exit(2)
	}
	_ = fs.Parse(os.Args[2:])
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	p := pair{dir: *dir, primaryPort: *pport, replicaPort: *rport}
	var err error
	switch os.Args[1] {
	case "up":
		err = p.up(ctx)
	case "down":
		err = p.down()
	default:
		err = fmt.Errorf("unknown command %q: want up or down", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "testdb:", err)
		os.Exit(1)
	}
}

type pair struct {
	dir                      string
	primaryPort, replicaPort int
}

func (p pair) primaryDSN() string { return fmt.Sprintf("root@tcp(127.0.0.1:%d)/", p.primaryPort) }
func (p pair) replicaDSN() string { return fmt.Sprintf("root@tcp(127.0.0.1:%d)/", p.replicaPort) }

// up starts whichever server does not answer, and replication if it is
// not running; a replica that cannot resume is made anew from the
// primary's position now.
func (p pair) up(ctx context.Context) error {
	primaryDir, replicaDir := filepath.Join(p.dir, "primary"), filepath.Join(p.dir, "replica")
	fresh := false
	if mariadbtest.Ping(ctx, p.primaryDSN()) != nil {
		if _, err := os.Stat(filepath.Join(primaryDir, "data")); err != nil {
			// A new primary: the old replica's position means nothing.
			fresh = true
			stopDir(replicaDir)
			os.RemoveAll(replicaDir)
		}
		stopDir(primaryDir)
		if _, err := mariadbtest.Start(ctx, mariadbtest.Options{Dir: primaryDir, Port: p.primaryPort, ServerID: 1,
			Binlog: true, Daemon: true}); err != nil {
			return fmt.Errorf("primary: %w", err)
		}
	}
	if mariadbtest.Ping(ctx, p.replicaDSN()) != nil {
		_, err := os.Stat(filepath.Join(replicaDir, "data"))
		isNew := err != nil
		stopDir(replicaDir)
		o := mariadbtest.ReplicaOptions{Options: mariadbtest.Options{Dir: replicaDir, Port: p.replicaPort, ServerID: 2, Daemon: true},
			FromNow: isNew && !fresh}
		if isNew {
			if _, err := mariadbtest.StartReplica(ctx, p.primaryDSN(), o); err != nil {
				return fmt.Errorf("replica: %w", err)
			}
		} else if _, err := mariadbtest.Start(ctx, mariadbtest.Options{Dir: replicaDir, Port: p.replicaPort, ServerID: 2,
			ReadOnly: true, Daemon: true, Args: mariadbtest.ReplicaArgs}); err != nil {
			return fmt.Errorf("replica: %w", err)
		}
	}
	if err := p.replicating(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "testdb: the replica does not resume (%v): making it anew\n", err)
		stopDir(replicaDir)
		os.RemoveAll(replicaDir)
		if _, err := mariadbtest.StartReplica(ctx, p.primaryDSN(), mariadbtest.ReplicaOptions{
			Options: mariadbtest.Options{Dir: replicaDir, Port: p.replicaPort, ServerID: 2, Daemon: true}, FromNow: true}); err != nil {
			return fmt.Errorf("replica: %w", err)
		}
		if err := p.replicating(ctx); err != nil {
			return err
		}
	}
	fmt.Printf("COUPOND_TEST_PRIMARY_DSN=%s\nCOUPOND_TEST_REPLICA_DSN=%s\n", p.primaryDSN(), p.replicaDSN())
	return nil
}

// replicating makes sure replication runs and the replica has caught up.
func (p pair) replicating(ctx context.Context) error {
	why, err := mariadbtest.ReplicationError(ctx, p.replicaDSN())
	if err != nil {
		return err
	}
	if why == "not a replica" {
		return errors.New(why)
	}
	if why != "" {
		_ = mariadbtest.Exec(ctx, p.replicaDSN(), "START SLAVE")
		time.Sleep(time.Second)
		if why, err = mariadbtest.ReplicationError(ctx, p.replicaDSN()); err != nil || why != "" {
			return fmt.Errorf("replication stopped: %s %v", why, err)
		}
	}
	return mariadbtest.WaitCaughtUp(ctx, p.primaryDSN(), p.replicaDSN(), 30*time.Second)
}

func (p pair) down() error {
	for _, d := range []string{"replica", "primary"} {
		stopDir(filepath.Join(p.dir, d))
	}
	return os.RemoveAll(p.dir)
}

// stopDir stops the server whose pid file is in dir, if it runs.
func stopDir(dir string) {
	b, err := os.ReadFile(filepath.Join(dir, "pid"))
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(string(trimSpace(b)))
	if err != nil {
		return
	}
	if syscall.Kill(pid, syscall.SIGTERM) != nil {
		return
	}
	for i := 0; i < 300 && syscall.Kill(pid, 0) == nil; i++ {
		time.Sleep(100 * time.Millisecond)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return b
}
