package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/loop"
	"github.com/coupond/coupond/models"
)

// DefaultMaxReplicaLag is how far behind its primary a replica may be and
// still serve reads, when the configuration names no bound.
const DefaultMaxReplicaLag = 2 * time.Second

// HeartbeatInterval is how often each instance writes its heartbeat on
// every primary that has replicas, and reads it back from each replica.
const HeartbeatInterval = 200 * time.Millisecond

// replicaSet is one database's primary and its read replicas, with what
// the heartbeat last told of each replica.
//
// A replica serves a read only when all of these hold: gorm's dbresolver
// classed the statement as a read outside a transaction, the read's
// context allows a replica (package consistency), the replica answered its
// last heartbeat check, and it is known to hold every transaction the
// primary committed more than the bound ago. Otherwise the primary serves
// the read.
type replicaSet struct {
	name     string // "meta", "shard0"
	primary  gorm.ConnPool
	replicas []*replica
	bound    time.Duration
	now      func() time.Time

	checking             atomic.Bool
	toPrimary, toReplica prometheus.Counter
}

// replica is one read replica of a replicaSet.
type replica struct {
	name string // host:port/database
	db   *sql.DB

	// applied is the instance's clock (unix µs) at which it wrote the
	// newest heartbeat the replica has applied: the replica holds every
	// transaction the primary committed before then. 0: not yet known.
	applied atomic.Int64
	lag     atomic.Int64 // at the last check, ns
	checked atomic.Int64 // unix µs of the last check
	down    atomic.Pointer[string]
	// out is set when the replica falls behind the bound and cleared when a
	// check finds it within half of it, so that a replica near the bound
	// does not flap in and out of the rotation.
	out atomic.Bool

	lagGauge, upGauge prometheus.Gauge
}

var (
	replicaLag = promauto.NewGaugeVec(prometheus.GaugeOpts{
		Name: "coupond_replica_lag_seconds",
		Help: "How far a read replica is behind its primary at its last heartbeat check: an upper bound, every transaction older than this is on the replica.",
	}, []string{"database", "replica"})
	replicaUsable = promauto.NewGaugeVec(prometheus.GaugeOpts{
		Name: "coupond_replica_usable",
		Help: "1 while a read replica answers and is within COUPOND_MAX_REPLICA_LAG of its primary (in the read rotation), else 0.",
	}, []string{"database", "replica"})
	replicaReads = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "coupond_replica_reads_total",
		Help: "Reads a replica could have served, by what served them: a replica, or the primary (the read decides, its caller wrote recently, or no replica was usable).",
	}, []string{"database", "served_by"})
)

func newReplicaSet(name string, primary gorm.ConnPool, bound time.Duration) *replicaSet {
	if bound <= 0 {
		bound = DefaultMaxReplicaLag
	}
	return &replicaSet{name: name, primary: primary, bound: bound, now: time.Now,
		toPrimary: replicaReads.WithLabelValues(name, "primary"),
		toReplica: replicaReads.WithLabelValues(name, "replica")}
}

func (rs *replicaSet) add(name string, db *sql.DB) {
	down := "not checked yet"
	r := &replica{name: name, db: db,
		lagGauge: replicaLag.WithLabelValues(rs.name, name), upGauge: replicaUsable.WithLabelValues(rs.name, name)}
	r.down.Store(&down)
	rs.replicas = append(rs.replicas, r)
}

// usable reports whether r may serve a read now.
func (rs *replicaSet) usable(r *replica) bool {
	if r.down.Load() != nil || r.out.Load() {
		return false
	}
	a := r.applied.Load()
	if a == 0 {
		return false
	}
	if rs.now().UnixMicro()-a > rs.bound.Microseconds() {
		// Not heard from for longer than the bound allows (a hung
		// replica, a stalled check): whatever it says next, it may be
		// that far behind now.
		r.out.Store(true)
		return false
	}
	return true
}

// route is a gorm callback that runs after dbresolver's: when dbresolver
// sent a read to a replica, it keeps it there only if the replica is
// usable and the read's context allows a replica; else the read goes to
// the primary.
func (rs *replicaSet) route(db *gorm.DB) {
	stmt := db.Statement
	if rs.indexOf(stmt.ConnPool) < 0 {
		return // the primary, or a transaction
	}
	ctx := stmt.Context
	i := -1
	if rs.anyUsable() && consistency.ReplicaAllowed(ctx) {
		i = consistency.Choose(ctx, rs, func(i int) bool { return rs.usable(rs.replicas[i]) }, rs.pick)
	}
	if i < 0 {
		stmt.ConnPool = rs.primary
		rs.toPrimary.Inc()
		return
	}
	stmt.ConnPool = rs.replicas[i].db
	rs.toReplica.Inc()
}

func (rs *replicaSet) indexOf(pool gorm.ConnPool) int {
	db, ok := pool.(*sql.DB)
	if !ok {
		return -1
	}
	for i, r := range rs.replicas {
		if r.db == db {
			return i
		}
	}
	return -1
}

func (rs *replicaSet) anyUsable() bool {
	for _, r := range rs.replicas {
		if rs.usable(r) {
			return true
		}
	}
	return false
}

// pick chooses a usable replica at random, or -1.
func (rs *replicaSet) pick() int {
	n := len(rs.replicas)
	start := rand.IntN(n)
	for k := 0; k < n; k++ {
		i := (start + k) % n
		if rs.usable(rs.replicas[i]) {
			return i
		}
	}
	return -1
}

// failed is a gorm callback that runs after every statement: a failure to
// reach the database becomes UNAVAILABLE (a retry may cure it; the
// caller sees no internals), and a replica that failed so leaves the
// rotation at once, before its next heartbeat check.
func (rs *replicaSet) failed(db *gorm.DB) {
	if db.Error == nil || !unreachable(db.Error) {
		return
	}
	if rs != nil {
		if i := rs.indexOf(db.Statement.ConnPool); i >= 0 {
			rs.replicas[i].markDown(db.Error)
		}
	}
	var e *models.Error
	if !errors.As(db.Error, &e) {
		db.Error = models.Unavailable("store", db.Error)
	}
}

// unreachable reports whether err says the database could not be reached
// or dropped the connection, rather than refusing the statement.
func unreachable(err error) bool {
	var ne net.Error
	var me *mysqldrv.MySQLError
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, mysqldrv.ErrInvalidConn),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &ne):
		return true
	case errors.As(err, &me):
		// too many connections, shutdown in progress, connection killed,
		// read-only (a primary demoted during a failover)
		switch me.Number {
		case 1040, 1053, 1927, 1290:
			return true
		}
	}
	return false
}

func (r *replica) markDown(err error) {
	msg := err.Error()
	r.down.Store(&msg)
	r.upGauge.Set(0)
}

// check writes this instance's heartbeat on the primary, then reads it
// back from every replica.
func (rs *replicaSet) check(ctx context.Context, instance string) {
	if !rs.checking.CompareAndSwap(false, true) {
		return // the last check has not finished: a replica hangs
	}
	defer rs.checking.Store(false)
	beat := rs.now().UnixMicro()
	bctx, cancel := context.WithTimeout(ctx, time.Second)
	if _, err := rs.primary.ExecContext(bctx, "INSERT INTO heartbeats (instance, beat) VALUES (?, ?) ON DUPLICATE KEY UPDATE beat = VALUES(beat)", instance, beat); err != nil {
		beat = 0 // no new beat to wait for
	}
	cancel()
	var wg sync.WaitGroup
	for _, r := range rs.replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs.probe(ctx, r, instance, beat)
		}()
	}
	wg.Wait()
}

// probe reads instance's newest heartbeat on r. A replica that shows an
// older beat than the one just written is read again every 5 ms for up to
// half an interval: a replica a few milliseconds behind is then measured
// at a few milliseconds, not at the age of its last beat.
func (rs *replicaSet) probe(ctx context.Context, r *replica, instance string, written int64) {
	pctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var beat int64
	var err error
	var now time.Time
	for start := rs.now(); ; time.Sleep(5 * time.Millisecond) {
		err = r.db.QueryRowContext(pctx, "SELECT beat FROM heartbeats WHERE instance = ?", instance).Scan(&beat)
		now = rs.now()
		if err != nil || beat >= written || now.Sub(start) >= HeartbeatInterval/2 {
			break
		}
	}
	r.checked.Store(now.UnixMicro())
	switch {
	case ctx.Err() != nil:
		return
	case errors.Is(err, sql.ErrNoRows):
		msg := "has not yet replicated this instance's heartbeat"
		r.down.Store(&msg)
		r.upGauge.Set(0)
		return
	case err != nil:
		r.markDown(err)
		return
	}
	for {
		a := r.applied.Load()
		if beat <= a || r.applied.CompareAndSwap(a, beat) {
			break
		}
	}
	lag := max(time.Duration(now.UnixMicro()-r.applied.Load())*time.Microsecond, 0)
	r.lag.Store(int64(lag))
	r.down.Store(nil)
	r.lagGauge.Set(lag.Seconds())
	if lag > rs.bound {
		r.out.Store(true)
	} else if lag <= rs.bound/2 {
		r.out.Store(false)
	}
	if rs.usable(r) {
		r.upGauge.Set(1)
	} else {
		r.upGauge.Set(0)
	}
}

func (rs *replicaSet) close() {
	for _, r := range rs.replicas {
		_ = r.db.Close()
	}
}

// ReplicaStatus is what the heartbeat last told of one read replica.
type ReplicaStatus struct {
	Database string // "meta", "shard0", ...
	Replica  string // host:port/database
	// Usable: the replica answers and is within the bound; reads that
	// may use a replica go to it.
	Usable bool
	Lag    time.Duration // at the last check (an upper bound)
	// Problem says why the replica is out of the rotation: the error of
	// its last check, or how far behind it is.
	Problem   string
	CheckedAt time.Time
}

// sets returns every replicated database in use: the meta database's and
// the current layout's shards'.
func (s *Store) sets() []*replicaSet {
	var out []*replicaSet
	if s.metaSet != nil {
		out = append(out, s.metaSet)
	}
	for _, rs := range s.Layout().sets {
		if rs != nil {
			out = append(out, rs)
		}
	}
	return out
}

// MaxReplicaLag is the bound past which a replica leaves the read
// rotation (0 when no database has replicas).
func (s *Store) MaxReplicaLag() time.Duration {
	for _, rs := range s.sets() {
		return rs.bound
	}
	return 0
}

// Replicas reports every read replica, the meta database's first.
func (s *Store) Replicas() []ReplicaStatus {
	var out []ReplicaStatus
	for _, rs := range s.sets() {
		for _, r := range rs.replicas {
			st := ReplicaStatus{Database: rs.name, Replica: r.name, Usable: rs.usable(r), Lag: time.Duration(r.lag.Load())}
			if a := r.applied.Load(); !st.Usable && r.down.Load() == nil && a > 0 {
				// Out for lag: how far behind it may be now, not at its
				// last answer (a stalled replica keeps falling behind).
				st.Lag = max(st.Lag, rs.now().Sub(time.UnixMicro(a)))
			}
			if c := r.checked.Load(); c > 0 {
				st.CheckedAt = time.UnixMicro(c).UTC()
			}
			switch {
			case r.down.Load() != nil:
				st.Problem = *r.down.Load()
			case !st.Usable:
				st.Problem = fmt.Sprintf("behind by more than %s: out of the read rotation until within %s", rs.bound, rs.bound/2)
			}
			out = append(out, st)
		}
	}
	return out
}

// Degraded names the databases whose replicas are all out of the read
// rotation (their reads go to the primary), or "" when none is.
func (s *Store) Degraded() string {
	var out string
	for _, rs := range s.sets() {
		if !rs.anyUsable() {
			if out != "" {
				out += ", "
			}
			out += rs.name
		}
	}
	if out == "" {
		return ""
	}
	return "no usable replica for " + out + ": reads go to the primary"
}

// WatchReplicas measures every replica's lag until ctx ends: every
// HeartbeatInterval it writes this instance's heartbeat row on each
// primary that has replicas and reads it back from each replica. Every
// instance runs it (a replica is usable for an instance only once that
// instance has seen its own heartbeat there). instance names the
// instance, uniquely.
func (s *Store) WatchReplicas(ctx context.Context, instance string) {
	if len(s.sets()) == 0 {
		return
	}
	for _, rs := range s.sets() {
		// Heartbeats of instances gone for a day are of no use.
		_, _ = rs.primary.ExecContext(ctx, "DELETE FROM heartbeats WHERE beat < ?", time.Now().Add(-24*time.Hour).UnixMicro())
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	loop.Every(ctx, HeartbeatInterval, func(ctx context.Context) {
		for _, rs := range s.sets() {
			// One goroutine a database, so that a replica that hangs
			// delays no other database's check.
			wg.Add(1)
			go func() {
				defer wg.Done()
				rs.check(ctx, instance)
			}()
		}
	}, loop.AtStart())
}
