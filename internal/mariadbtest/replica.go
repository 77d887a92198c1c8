package mariadbtest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
)

// ReplicaArgs configure a replica as production replicas usually run:
// transactions applied in parallel (commit order kept), the redo log
// flushed once a second (the applied position is kept in the same
// transactions, so a crash replays what it lost).
var ReplicaArgs = []string{"--slave-parallel-threads=4", "--innodb-flush-log-at-trx-commit=2"}

// ReplicaOptions configure StartReplica.
type ReplicaOptions struct {
	Options
	// FromNow starts replicating at the primary's position now instead of
	// at its first event: a private replica of a primary that other tests
	// share, which has no use for their history.
	FromNow bool
	// DatabasePrefix, when set, replicates only the databases whose names
	// start with it (replicate_wild_do_table): what one test creates on a
	// shared primary, without the other tests' databases, which a FromNow
	// replica does not have.
	DatabasePrefix string
}

// StartReplica starts a read_only server and has it replicate the primary
// of primaryDSN (a root DSN) by GTID. The replica's server id is random
// unless set: replicas of one primary must not share one.
func StartReplica(ctx context.Context, primaryDSN string, o ReplicaOptions) (*Server, error) {
	if o.ServerID == 0 {
		o.ServerID = 1000 + rand.IntN(1<<30)
	}
	o.ReadOnly = true
	o.Args = append(append([]string{}, ReplicaArgs...), o.Args...)
	if o.DatabasePrefix != "" {
		o.Args = append(o.Args, "--replicate-wild-do-table="+o.DatabasePrefix+"%.%")
	}
	s, err := Start(ctx, o.Options)
	if err != nil {
		return nil, err
	}
	if err := s.Follow(ctx, primaryDSN, o.FromNow); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Follow points the server at the primary of primaryDSN and starts
// replication (from the primary's position now with fromNow, else from
// where the server is).
func (s *Server) Follow(ctx context.Context, primaryDSN string, fromNow bool) error {
	pc, err := mysqldrv.ParseDSN(primaryDSN)
	if err != nil {
		return err
	}
	host, port := "127.0.0.1", "3306"
	if h, p, ok := splitAddr(pc.Addr); ok {
		host, port = h, p
	}
	qs := []string{"STOP SLAVE"}
	if fromNow {
		pos, err := BinlogPos(ctx, primaryDSN)
		if err != nil {
			return err
		}
		qs = append(qs, "SET GLOBAL gtid_slave_pos = '"+pos+"'")
	}
	qs = append(qs,
		fmt.Sprintf("CHANGE MASTER TO MASTER_HOST='%s', MASTER_PORT=%s, MASTER_USER='%s', MASTER_PASSWORD='%s', "+
			"MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1", host, port, pc.User, pc.Passwd),
		"START SLAVE")
	return s.Exec(ctx, qs...)
}

func splitAddr(addr string) (host, port string, ok bool) {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			return addr[:i], addr[i+1:], true
		}
	}
	return "", "", false
}

// BinlogPos is the GTID position of the last transaction the server of dsn
// wrote to its binary log.
func BinlogPos(ctx context.Context, dsn string) (string, error) {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var pos string
	err = db.QueryRowContext(ctx, "SELECT @@GLOBAL.gtid_binlog_pos").Scan(&pos)
	return pos, err
}

// SetDelay makes the replica apply each transaction d after the primary
// committed it (MASTER_DELAY, whole seconds); 0 removes the delay.
func (s *Server) SetDelay(ctx context.Context, d time.Duration) error {
	return s.Exec(ctx, "STOP SLAVE", fmt.Sprintf("CHANGE MASTER TO MASTER_DELAY = %d", int(d.Seconds())), "START SLAVE")
}

// StopSQL stops the replica's SQL thread: it keeps receiving the
// primary's log but applies nothing.
func (s *Server) StopSQL(ctx context.Context) error { return s.Exec(ctx, "STOP SLAVE SQL_THREAD") }

// StartSQL starts the SQL thread again.
func (s *Server) StartSQL(ctx context.Context) error { return s.Exec(ctx, "START SLAVE SQL_THREAD") }

// WaitCaughtUp waits until the replica of replicaDSN has applied
// everything the primary of primaryDSN had logged when it was called
// (MASTER_GTID_WAIT), at most timeout.
func WaitCaughtUp(ctx context.Context, primaryDSN, replicaDSN string, timeout time.Duration) error {
	pos, err := BinlogPos(ctx, primaryDSN)
	if err != nil {
		return err
	}
	if pos == "" {
		return nil
	}
	db, err := sql.Open("mysql", replicaDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	var r int
	if err := db.QueryRowContext(ctx, "SELECT MASTER_GTID_WAIT(?, ?)", pos, timeout.Seconds()).Scan(&r); err != nil {
		return err
	}
	if r != 0 {
		return fmt.Errorf("mariadbtest: the replica did not reach %s in %s", pos, timeout)
	}
	return nil
}

// ReplicationError returns what the replica's threads last failed with,
// or "" while both run.
func ReplicationError(ctx context.Context, replicaDSN string) (string, error) {
	db, err := sql.Open("mysql", replicaDSN)
	if err != nil {
		return "", err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SHOW SLAVE STATUS")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		return "not a replica", rows.Err()
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return "", err
	}
	get := map[string]string{}
	for i, c := range cols {
		get[c] = vals[i].String
	}
	if get["Slave_IO_Running"] == "Yes" && get["Slave_SQL_Running"] == "Yes" {
		return "", nil
	}
	return fmt.Sprintf("IO %s (%s), SQL %s (%s)", get["Slave_IO_Running"], get["Last_IO_Error"],
		get["Slave_SQL_Running"], get["Last_SQL_Error"]), nil
}
