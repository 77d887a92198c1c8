package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// backend is one Redis a test runs against: an in-process miniredis, or the
// real Redis at COUPOND_TEST_REDIS_ADDR.
type backend struct {
	name   string
	addr   string
	mr     *miniredis.Miniredis // nil for real Redis
	prefix string               // unique per test, so parallel runs on one Redis don't collide
}

// forEachBackend runs fn as a subtest on a fresh miniredis and, when
// COUPOND_TEST_REDIS_ADDR is set, on that Redis. An unreachable address
// skips that backend, or fails the test if COUPOND_TEST_REQUIRE_SERVICES=1.
func forEachBackend(t *testing.T, fn func(t *testing.T, b *backend)) {
	t.Helper()
	t.Run("miniredis", func(t *testing.T) {
		mr := miniredis.RunT(t)
		fn(t, &backend{name: "miniredis", addr: mr.Addr(), mr: mr, prefix: randomPrefix(t)})
	})
	t.Run("redis", func(t *testing.T) {
		addr := os.Getenv("COUPOND_TEST_REDIS_ADDR")
		if addr == "" {
			t.Skip("COUPOND_TEST_REDIS_ADDR not set")
		}
		b := &backend{name: "redis", addr: addr, prefix: randomPrefix(t)}
		rdb := b.client(t)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := rdb.Ping(ctx).Err(); err != nil {
			if os.Getenv("COUPOND_TEST_REQUIRE_SERVICES") == "1" {
				t.Fatalf("redis at %s unreachable: %v", addr, err)
			}
			t.Skipf("redis at %s unreachable: %v", addr, err)
		}
		t.Cleanup(func() { deletePrefix(t, rdb, b.prefix) })
		fn(t, b)
	})
}

func randomPrefix(tb testing.TB) string {
	tb.Helper()
	var p [8]byte
	if _, err := rand.Read(p[:]); err != nil {
		tb.Fatal(err)
	}
	return "coupondtest:" + hex.EncodeToString(p[:]) + ":"
}

// client returns a new client of the backend, closed when the test ends.
// Each call is a separate connection pool, like a separate process.
func (b *backend) client(tb testing.TB) *redis.Client {
	tb.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: b.addr, ClientName: strings.TrimSuffix(b.prefix, ":")})
	tb.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// downClient returns a client whose Redis is unreachable: the miniredis is
// closed, and for real Redis the client points at a port nobody listens on.
func (b *backend) downClient(tb testing.TB) *redis.Client {
	tb.Helper()
	addr := "127.0.0.1:1"
	if b.mr != nil {
		addr = b.mr.Addr()
		b.mr.Close()
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: 200 * time.Millisecond, MaxRetries: -1})
	tb.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

func deletePrefix(tb testing.TB, rdb *redis.Client, prefix string) {
	tb.Helper()
	ctx := context.Background()
	iter := rdb.Scan(ctx, 0, prefix+"*", 100).Iterator()
	for iter.Next(ctx) {
		rdb.Del(ctx, iter.Val())
	}
	if err := iter.Err(); err != nil {
		tb.Logf("cleanup of %s*: %v", prefix, err)
	}
}

func (b *backend) options() Options {
	return Options{Prefix: b.prefix + "cache:", Channel: b.prefix + "invalidate"}
}

// newCache returns a Cache on rdb with the backend's options, closed when
// the test ends; started says whether to Start it.
func newCache(tb testing.TB, b *backend, rdb redis.UniversalClient, started bool) *Cache {
	tb.Helper()
	c := New(rdb, b.options())
	tb.Cleanup(func() { _ = c.Close() })
	if started {
		// Start's ctx bounds the listener's life, so it must outlive the
		// call; Close in Cleanup ends the listener.
		if err := c.Start(context.Background()); err != nil {
			tb.Fatalf("Start: %v", err)
		}
	}
	return c
}

// source is a stand-in for the database: a value and a count of reads.
type source struct {
	mu    sync.Mutex
	value string
	reads atomic.Int64
}

func (s *source) set(v string) { s.mu.Lock(); s.value = v; s.mu.Unlock() }

func (s *source) load(context.Context) (string, error) {
	s.reads.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.value, nil
}

func mustGet(tb testing.TB, c *Cache, key string, load func(context.Context) (string, error)) string {
	tb.Helper()
	v, err := Get(context.Background(), c, key, load)
	if err != nil {
		tb.Fatalf("Get(%q): %v", key, err)
	}
	return v
}

func wantStats(tb testing.TB, c *Cache, want Stats) {
	tb.Helper()
	if got := c.Stats(); got != want {
		tb.Fatalf("Stats = %+v, want %+v", got, want)
	}
}

// eventually polls cond every 10ms until it holds or within passes.
func eventually(tb testing.TB, within time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestHitMissLoad(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		src := &source{value: "v1"}
		a := newCache(t, b, b.client(t), true)

		if got := mustGet(t, a, "coupon:1", src.load); got != "v1" {
			t.Fatalf("first Get = %q, want v1", got)
		}
		wantStats(t, a, Stats{Loads: 1})

		t.Run("second get hits L1", func(t *testing.T) {
			if got := mustGet(t, a, "coupon:1", src.load); got != "v1" {
				t.Fatalf("Get = %q, want v1", got)
			}
			wantStats(t, a, Stats{Loads: 1, LocalHits: 1})
		})
		t.Run("other instance hits Redis", func(t *testing.T) {
			other := newCache(t, b, b.client(t), true)
			if got := mustGet(t, other, "coupon:1", src.load); got != "v1" {
				t.Fatalf("Get = %q, want v1", got)
			}
			wantStats(t, other, Stats{RemoteHits: 1})
			if n := src.reads.Load(); n != 1 {
				t.Fatalf("source read %d times, want 1", n)
			}
		})
		t.Run("struct values round trip", func(t *testing.T) {
			type coupon struct {
				ID    int
				Codes []string
			}
			want := coupon{ID: 7, Codes: []string{"A", "B"}}
			load := func(context.Context) (coupon, error) { return want, nil }
			fresh := newCache(t, b, b.client(t), false)
			for _, c := range []*Cache{a, fresh} { // a loads it, fresh reads it from Redis
				got, err := Get(context.Background(), c, "coupon:7", load)
				if err != nil || got.ID != want.ID || strings.Join(got.Codes, ",") != "A,B" {
					t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
				}
			}
			wantStats(t, fresh, Stats{RemoteHits: 1})
		})
		t.Run("wrong type is an error", func(t *testing.T) {
			_, err := Get(context.Background(), a, "coupon:1", func(context.Context) (int, error) { return 1, nil })
			if err == nil {
				t.Fatal("Get with another type: no error")
			}
		})
	})
}

func TestSingleFlight(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		c := newCache(t, b, b.client(t), true)
		release := make(chan struct{})
		var loads atomic.Int64
		load := func(context.Context) (string, error) {
			loads.Add(1)
			<-release
			return "v", nil
		}
		const n = 100
		var wg sync.WaitGroup
		var ready sync.WaitGroup
		ready.Add(n)
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				ready.Done()
				v, err := Get(context.Background(), c, "hot", load)
				if err == nil && v != "v" {
					err = fmt.Errorf("got %q", v)
				}
				errs <- err
			})
		}
		ready.Wait()
		// Let the goroutines reach the flight before the load finishes.
		eventually(t, time.Second, "load started", func() bool { return loads.Load() == 1 })
		time.Sleep(50 * time.Millisecond)
		close(release)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := loads.Load(); got != 1 {
			t.Fatalf("load ran %d times, want 1", got)
		}
	})
}

func TestLoadErrorNotCached(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		c := newCache(t, b, b.client(t), true)
		boom := errors.New("db down")
		_, err := Get(context.Background(), c, "k", func(context.Context) (string, error) { return "", boom })
		if !errors.Is(err, boom) {
			t.Fatalf("Get error = %v, want %v", err, boom)
		}
		if got := mustGet(t, c, "k", func(context.Context) (string, error) { return "ok", nil }); got != "ok" {
			t.Fatalf("Get after failed load = %q, want ok", got)
		}
		wantStats(t, c, Stats{Loads: 2})
	})
}

func TestInvalidateAcrossInstances(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		src := &source{value: "v1"}
		a := newCache(t, b, b.client(t), true)
		bb := newCache(t, b, b.client(t), true)
		for name, c := range map[string]*Cache{"A": a, "B": bb} {
			if got := mustGet(t, c, "coupon:9", src.load); got != "v1" {
				t.Fatalf("%s: Get = %q, want v1", name, got)
			}
		}
		src.set("v2")
		if err := bb.Invalidate(context.Background(), "coupon:9"); err != nil {
			t.Fatalf("Invalidate: %v", err)
		}
		if got := mustGet(t, bb, "coupon:9", src.load); got != "v2" {
			t.Fatalf("B right after its Invalidate: Get = %q, want v2", got)
		}
		eventually(t, time.Second, "A sees v2", func() bool { return mustGet(t, a, "coupon:9", src.load) == "v2" })
	})
}

func TestInvalidateDuringLoad(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		c := newCache(t, b, b.client(t), true)
		started, release := make(chan struct{}), make(chan struct{})
		slow := func(context.Context) (string, error) {
			close(started)
			<-release
			return "stale", nil
		}
		got := make(chan string)
		go func() {
			v, _ := Get(context.Background(), c, "k", slow)
			got <- v
		}()
		<-started
		if err := c.Invalidate(context.Background(), "k"); err != nil {
			t.Fatalf("Invalidate: %v", err)
		}
		close(release)
		if v := <-got; v != "stale" {
			t.Fatalf("in-flight Get = %q, want the value it loaded", v)
		}
		// Neither L1 nor Redis may keep the stale value.
		if v := mustGet(t, c, "k", func(context.Context) (string, error) { return "fresh", nil }); v != "fresh" {
			t.Fatalf("Get after invalidation = %q, want fresh", v)
		}
		other := newCache(t, b, b.client(t), false)
		if v := mustGet(t, other, "k", func(context.Context) (string, error) { return "other", nil }); v != "fresh" {
			t.Fatalf("other instance Get = %q, want fresh from Redis", v)
		}
	})
}

func TestReconnectClearsLocal(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		src := &source{value: "v1"}
		rdb := b.client(t)
		a := newCache(t, b, rdb, true)
		mustGet(t, a, "k", src.load)

		// A change whose invalidation message A never gets.
		src.set("v2")
		data, _ := a.redisKeys("k")
		if err := rdb.Del(context.Background(), data).Err(); err != nil {
			t.Fatal(err)
		}
		if got := mustGet(t, a, "k", src.load); got != "v1" {
			t.Fatalf("Get = %q, want the L1 copy v1", got)
		}
		breakPubSub(t, b, rdb)
		eventually(t, 5*time.Second, "A drops L1 after reconnecting", func() bool { return mustGet(t, a, "k", src.load) == "v2" })
	})
}

// breakPubSub drops the subscription connections of rdb's client name, so
// that go-redis has to reconnect.
func breakPubSub(tb testing.TB, b *backend, rdb *redis.Client) {
	tb.Helper()
	if b.mr != nil {
		b.mr.Close()
		if err := b.mr.Restart(); err != nil {
			tb.Fatalf("restart miniredis: %v", err)
		}
		return
	}
	ctx := context.Background()
	list, err := rdb.ClientList(ctx).Result()
	if err != nil {
		tb.Fatal(err)
	}
	name := rdb.Options().ClientName
	killed := 0
	for _, line := range strings.Split(list, "\n") {
		fields := map[string]string{}
		for _, f := range strings.Fields(line) {
			if k, v, ok := strings.Cut(f, "="); ok {
				fields[k] = v
			}
		}
		if fields["name"] == name && strings.Contains(fields["flags"], "P") {
			if err := rdb.Do(ctx, "CLIENT", "KILL", "ID", fields["id"]).Err(); err != nil {
				tb.Fatal(err)
			}
			killed++
		}
	}
	if killed == 0 {
		tb.Fatalf("no pub/sub connection named %q in CLIENT LIST", name)
	}
}

func TestRedisDown(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		c := newCache(t, b, b.downClient(t), false)
		t.Run("start fails", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := c.Start(ctx); err == nil {
				t.Fatal("Start with Redis down: no error")
			}
		})
		t.Run("get falls back to load", func(t *testing.T) {
			src := &source{value: "v1"}
			for range 2 {
				if got := mustGet(t, c, "k", src.load); got != "v1" {
					t.Fatalf("Get = %q, want v1", got)
				}
			}
			wantStats(t, c, Stats{Loads: 1, LocalHits: 1, RedisErrors: 1})
		})
		t.Run("invalidate reports error but drops locally", func(t *testing.T) {
			if err := c.Invalidate(context.Background(), "k"); err == nil {
				t.Fatal("Invalidate with Redis down: no error")
			}
			if got := mustGet(t, c, "k", func(context.Context) (string, error) { return "v2", nil }); got != "v2" {
				t.Fatalf("Get after Invalidate = %q, want v2", got)
			}
		})
	})
}

func TestCacheLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		c := newCache(t, b, b.client(t), true)
		if err := c.Start(context.Background()); err == nil {
			t.Error("second Start: no error")
		}
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := c.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		if err := c.Start(context.Background()); !errors.Is(err, ErrClosed) {
			t.Errorf("Start after Close = %v, want ErrClosed", err)
		}
	})
}
