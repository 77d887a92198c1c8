package main

import (
	"context"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/config"
)

// startEmbedded runs an instance on the embedded stores (SQLite files and
// an in-process Redis), with the debug listener on.
func startEmbedded(t *testing.T, shutdown time.Duration) *Main {
	t.Helper()
	cfg := config.Config{Listen: "127.0.0.1:0", DebugListen: "127.0.0.1:0", DataDir: t.TempDir(),
		EmbeddedShards: 2, TablesPerShard: 4, AdminPassword: adminPassword, CodeSecret: "lifecycle test code secret, 32 b",
		ShutdownTimeout: shutdown}
	m := &Main{Config: &cfg}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLifecycle(t *testing.T) {
	t.Run("CloseWaitsForEveryLoopBeforeClosingTheStores", func(t *testing.T) {
		m := startEmbedded(t, 0)
		closed := false
		t.Cleanup(func() {
			if !closed {
				_ = m.Close()
			}
		})
		// The loops that do not end at once on the embedded stores (the
		// migration's end when there is no monolith's database).
		running := m.loops.Running()
		for _, name := range []string{"codes.batches", "debug", "coupon.reconcile", "coupon.sweep", "http",
			"issuance.jobs", "migration.watch", "reshard.watch", "stats.fold"} {
			if !slices.Contains(running, name) {
				t.Errorf("loop %q is not running (running: %v)", name, running)
			}
		}

		// A loop that ends slowly and uses the stores on its way out: it
		// fails if Close closes them before it has returned.
		var dbErr, redisErr error
		ended := make(chan struct{})
		m.Go("test.slow", func(ctx context.Context) {
			defer close(ended)
			<-ctx.Done()
			time.Sleep(300 * time.Millisecond)
			dbErr = m.Store.Meta.Exec("SELECT 1").Error
			redisErr = m.Redis.Ping(context.Background()).Err()
		})

		start := time.Now()
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		closed = true
		took := time.Since(start)
		select {
		case <-ended:
		default:
			t.Fatal("Close returned before a loop had returned")
		}
		if dbErr != nil || redisErr != nil {
			t.Errorf("the stores were closed under a running loop: database %v, redis %v", dbErr, redisErr)
		}
		if left := m.loops.Running(); len(left) > 0 {
			t.Errorf("loops still running after Close: %v", left)
		}
		if took > 5*time.Second {
			t.Errorf("Close took %v: a loop ends late once its context ends", took)
		}
		// And the stores were closed after the loops.
		if err := m.Store.Meta.Exec("SELECT 1").Error; err == nil {
			t.Error("the database is still open after Close")
		}
		if err := m.Redis.Ping(context.Background()).Err(); err == nil {
			t.Error("Redis is still open after Close")
		}
		if c, err := net.DialTimeout("tcp", m.Addr, time.Second); err == nil {
			c.Close()
			t.Error("still listening after Close")
		}
		// Started after Close, a loop does not run.
		m.Go("test.late", func(context.Context) { t.Error("a loop started after Close ran") })
	})

	t.Run("CloseBoundedByTheShutdownTimeout", func(t *testing.T) {
		m := startEmbedded(t, 300*time.Millisecond)
		release := make(chan struct{})
		m.Go("test.stubborn", func(context.Context) { <-release }) // ignores its ctx
		start := time.Now()
		_ = m.Close()
		took := time.Since(start)
		left := m.loops.Running()
		close(release)
		if took < 250*time.Millisecond || took > 5*time.Second {
			t.Errorf("Close took %v with a shutdown timeout of 300ms and a loop that does not end", took)
		}
		if !slices.Equal(left, []string{"test.stubborn"}) {
			t.Errorf("loops left running by Close = %v, want [test.stubborn]", left)
		}
	})
}
