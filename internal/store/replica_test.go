package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"

	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/mariadbtest"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// replicaEnv is a store over a primary of the replicated backend and a
// replica of its own, with the heartbeat running.
type replicaEnv struct {
	st  *store.Store
	rep *mariadbtest.Server
}

func newReplicaEnv(t *testing.T, bound time.Duration) *replicaEnv {
	t.Helper()
	b, ok := testenv.Replicated(t)
	if !ok {
		t.Skip("the replicated backend runs outside -short, with COUPOND_TEST_PRIMARY_DSN and COUPOND_TEST_REPLICA_DSN (go run ./cmd/testdb up)")
	}
	rep, cfg := testenv.PrivateReplica(t, b)
	cfg.MaxReplicaLag = bound
	st := testenv.OpenStore(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); st.WatchReplicas(ctx, "test-"+testenv.Unique()) }()
	t.Cleanup(func() { cancel(); <-done })
	e := &replicaEnv{st: st, rep: rep}
	e.waitUsable(t, true)
	return e
}

// waitUsable waits (10 s at most) until every replica is usable, or none is.
func (e *replicaEnv) waitUsable(t *testing.T, want bool) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 10*time.Second {
		all := true
		for _, r := range e.st.Replicas() {
			if r.Usable != want {
				all = false
			}
		}
		if all {
			return time.Since(start)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("replicas not usable=%v after 10s: %+v", want, e.st.Replicas())
	return 0
}

// browse is a context whose reads may use a replica.
func browse() context.Context { return consistency.AllowReplica(context.Background(), nil) }

func tagExists(ctx context.Context, st *store.Store, name string) (bool, error) {
	var n int64
	err := st.Meta.WithContext(ctx).Model(&models.Tag{}).Where("name = ?", name).Count(&n).Error
	return n == 1, err
}

func createTag(t *testing.T, st *store.Store, name string) {
	t.Helper()
	if err := st.Meta.Create(&models.Tag{Name: name, Kind: models.TagRealtime}).Error; err != nil {
		t.Fatal(err)
	}
}

func mustExist(t *testing.T, ctx context.Context, st *store.Store, name string, want bool, why string) {
	t.Helper()
	got, err := tagExists(ctx, st, name)
	if err != nil {
		t.Fatalf("%s: %v", why, err)
	}
	if got != want {
		t.Errorf("%s: tag %s found=%v, want %v", why, name, got, want)
	}
}

// A replica in the rotation serves the reads that allow one, and only
// those: with its SQL thread stopped it misses a new row that the primary
// answers for every other read. Once it is behind by more than the bound,
// it leaves the rotation and every read sees the row; when it catches up,
// it comes back.
func TestReplicaRotationFollowsLag(t *testing.T) {
	e := newReplicaEnv(t, time.Second)
	ctx := context.Background()
	if err := e.rep.StopSQL(ctx); err != nil {
		t.Fatal(err)
	}
	createTag(t, e.st, "fresh")
	mustExist(t, browse(), e.st, "fresh", false, "a browsing read, replica stopped within the bound")
	mustExist(t, ctx, e.st, "fresh", true, "a read that does not allow a replica")
	pinned := consistency.AllowReplica(ctx, func(context.Context) bool { return true })
	mustExist(t, pinned, e.st, "fresh", true, "a browsing read of a pinned caller")
	mustExist(t, consistency.Primary(browse()), e.st, "fresh", true, "a read that asks for the primary inside a browsing one")

	out := e.waitUsable(t, false)
	t.Logf("left the rotation %s after the SQL thread stopped (bound 1s)", out)
	mustExist(t, browse(), e.st, "fresh", true, "a browsing read once the replica is past the bound")
	st := e.st.Replicas()[0]
	if st.Usable || st.Problem == "" || st.Lag <= time.Second {
		t.Errorf("status of a replica past the bound: %+v", st)
	}
	if d := e.st.Degraded(); d == "" {
		t.Error("Degraded is empty with the only replica out")
	}

	if err := e.rep.StartSQL(ctx); err != nil {
		t.Fatal(err)
	}
	e.waitUsable(t, true)
	mustExist(t, browse(), e.st, "fresh", true, "a browsing read after the replica caught up")
	if d := e.st.Degraded(); d != "" {
		t.Errorf("Degraded after catching up: %s", d)
	}
}

// A replica 2 s behind (MASTER_DELAY) stays in the rotation under a 10 s
// bound, and its lag is measured at about 2 s. MASTER_DELAY counts from
// each event's timestamp, which has whole seconds: a beat written at
// 10.9 s is applied from 12.0 s, 1.1 s later, so the lag the heartbeat
// sees goes up and down between about 1 and 2 s, and reads a little more.
func TestReplicaLagMeasured(t *testing.T) {
	e := newReplicaEnv(t, 10*time.Second)
	ctx := context.Background()
	if err := e.rep.SetDelay(ctx, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	var st store.ReplicaStatus
	for time.Now().Before(deadline) {
		st = e.st.Replicas()[0]
		if st.Lag >= 1500*time.Millisecond {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if st.Lag < 1500*time.Millisecond || st.Lag > 3*time.Second || !st.Usable {
		t.Fatalf("a replica delayed by 2s: %+v, want usable with a lag of 1.5-3s", st)
	}
	name := fmt.Sprintf("delayed-%d", time.Now().UnixNano())
	createTag(t, e.st, name)
	mustExist(t, browse(), e.st, name, false, "a browsing read on a replica 2s behind")
	// The row shows once the replica applies it, 1-2 s later (plus the
	// time to apply on a loaded machine).
	created := time.Now()
	for found := false; !found; time.Sleep(50 * time.Millisecond) {
		var err error
		if found, err = tagExists(browse(), e.st, name); err != nil {
			t.Fatal(err)
		}
		if !found && time.Since(created) > 5*time.Second {
			t.Fatalf("a browsing read 5s after the write still misses tag %s", name)
		}
	}
	if waited := time.Since(created); waited < 500*time.Millisecond {
		t.Errorf("a replica 2s behind showed a new row after %s", waited)
	}
}

// A killed replica leaves the rotation within a second; reads already on it
// fail UNAVAILABLE, never with a wrong answer, and the rest go to the
// primary.
func TestKilledReplica(t *testing.T) {
	e := newReplicaEnv(t, 5*time.Second)
	createTag(t, e.st, "before")
	if err := mariadbtest.WaitCaughtUp(context.Background(), testenvPrimary(t), e.rep.DSN("root"), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	e.rep.Kill()
	killed := time.Now()
	var failed, served int
	for time.Since(killed) < 1500*time.Millisecond {
		ok, err := tagExists(browse(), e.st, "before")
		switch {
		case err != nil:
			if models.ErrorCode(err) != models.CodeUnavailable {
				t.Fatalf("a read on a killed replica: %v, want UNAVAILABLE", err)
			}
			if time.Since(killed) > time.Second {
				t.Fatalf("a read failed %s after the kill: %v", time.Since(killed), err)
			}
			failed++
		case !ok:
			t.Fatal("a read after the kill missed a row the replica had")
		default:
			served++
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("after the kill: %d reads failed (UNAVAILABLE), %d served", failed, served)
	if e.st.Replicas()[0].Usable {
		t.Error("a killed replica is still usable")
	}
	if e.st.Degraded() == "" {
		t.Error("not degraded with the only replica killed")
	}
}

// The store opens while its replica is down, and while the replica has not
// yet created the databases (COUPOND_CREATE_DATABASES on a first start):
// reads go to the primary until the replica has replayed the schema and
// this instance's heartbeat.
func TestStartWithReplicaDownOrBehind(t *testing.T) {
	b, ok := testenv.Replicated(t)
	if !ok {
		t.Skip("the replicated backend runs outside -short, with COUPOND_TEST_PRIMARY_DSN and COUPOND_TEST_REPLICA_DSN (go run ./cmd/testdb up)")
	}
	t.Run("Down", func(t *testing.T) {
		rep, cfg := testenv.PrivateReplica(t, b)
		rep.Kill()
		st := testenv.OpenStore(t, cfg)
		createTag(t, st, "x")
		mustExist(t, browse(), st, "x", true, "a browsing read with the replica down")
	})
	t.Run("StoppedBeforeTheSchema", func(t *testing.T) {
		rep, cfg := testenv.PrivateReplica(t, b)
		if err := rep.StopSQL(context.Background()); err != nil {
			t.Fatal(err)
		}
		// A database of its own, made by the store at start.
		name := cfg.Meta.Primary
		cfg.CreateDatabases = true
		cfg.Meta.Primary = renameDB(t, name, "_created")
		cfg.Meta.Replicas = []string{renameDB(t, cfg.Meta.Replicas[0], "_created")}
		t.Cleanup(func() {
			_ = mariadbtest.Exec(context.Background(), testenvPrimary(t), "DROP DATABASE IF EXISTS `"+dbName(t, cfg.Meta.Primary)+"`")
		})
		st := testenv.OpenStore(t, cfg)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go st.WatchReplicas(ctx, "start-test")
		createTag(t, st, "y")
		mustExist(t, browse(), st, "y", true, "a browsing read while the replica lacks the database")
		if err := rep.StartSQL(context.Background()); err != nil {
			t.Fatal(err)
		}
		e := &replicaEnv{st: st, rep: rep}
		e.waitUsable(t, true)
		mustExist(t, browse(), st, "y", true, "a browsing read once the replica caught up")
	})
}

// Within one request, reads stay on the replica they started on or move
// to the primary: never to an older state.
func TestRequestReadsStayOnOneReplica(t *testing.T) {
	e := newReplicaEnv(t, time.Second)
	ctx := browse()
	if err := e.rep.StopSQL(context.Background()); err != nil {
		t.Fatal(err)
	}
	createTag(t, e.st, "seen-late")
	mustExist(t, ctx, e.st, "seen-late", false, "first read, on the stopped replica")
	e.waitUsable(t, false)
	mustExist(t, ctx, e.st, "seen-late", true, "the same request once its replica left the rotation")
	if err := e.rep.StartSQL(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func testenvPrimary(t *testing.T) string {
	b, _ := testenv.Replicated(t)
	return b.MySQLDSN
}

func renameDB(t *testing.T, dsn, suffix string) string {
	t.Helper()
	c, err := mysqldrv.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	c.DBName += suffix
	return c.FormatDSN()
}

func dbName(t *testing.T, dsn string) string {
	t.Helper()
	c, err := mysqldrv.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return c.DBName
}
