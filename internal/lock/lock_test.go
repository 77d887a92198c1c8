package lock

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// backend is one Redis a test runs against: an in-process miniredis, or the
// real Redis at COUPOND_TEST_REDIS_ADDR.
type backend struct {
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
		fn(t, &backend{addr: mr.Addr(), mr: mr, prefix: randomPrefix(t)})
	})
	t.Run("redis", func(t *testing.T) {
		addr := os.Getenv("COUPOND_TEST_REDIS_ADDR")
		if addr == "" {
			t.Skip("COUPOND_TEST_REDIS_ADDR not set")
		}
		b := &backend{addr: addr, prefix: randomPrefix(t)}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := b.client(t).Ping(ctx).Err(); err != nil {
			if os.Getenv("COUPOND_TEST_REQUIRE_SERVICES") == "1" {
				t.Fatalf("redis at %s unreachable: %v", addr, err)
			}
			t.Skipf("redis at %s unreachable: %v", addr, err)
		}
		fn(t, b)
	})
}

func randomPrefix(tb testing.TB) string {
	tb.Helper()
	var p [8]byte
	if _, err := rand.Read(p[:]); err != nil {
		tb.Fatal(err)
	}
	return "coupondtest:" + hex.EncodeToString(p[:]) + ":lock:"
}

func (b *backend) client(tb testing.TB) *redis.Client {
	tb.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: b.addr})
	tb.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// locker returns a Locker on its own client with the test's key prefix;
// opts.Prefix is overridden.
func (b *backend) locker(tb testing.TB, opts Options) *Locker {
	tb.Helper()
	opts.Prefix = b.prefix
	return New(b.client(tb), opts)
}

// downLocker returns a Locker whose Redis is unreachable: the miniredis is
// closed, and for real Redis the client points at a port nobody listens on.
func (b *backend) downLocker(tb testing.TB) *Locker {
	tb.Helper()
	addr := "127.0.0.1:1"
	if b.mr != nil {
		addr = b.mr.Addr()
		b.mr.Close()
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr, DialTimeout: 200 * time.Millisecond, MaxRetries: -1})
	tb.Cleanup(func() { _ = rdb.Close() })
	return New(rdb, Options{Prefix: b.prefix})
}

func mustAcquire(tb testing.TB, l *Locker, keys ...string) *Held {
	tb.Helper()
	h, err := l.Acquire(context.Background(), keys...)
	if err != nil {
		tb.Fatalf("Acquire(%q): %v", keys, err)
	}
	return h
}

func mustRelease(tb testing.TB, h *Held) {
	tb.Helper()
	if err := h.Release(context.Background()); err != nil {
		tb.Fatalf("Release: %v", err)
	}
}

// inRounds runs round rounds times in each of goroutines goroutines at
// once; a goroutine stops at its first error, which fails the test.
func inRounds(t *testing.T, goroutines, rounds int, round func() error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for range goroutines {
		wg.Go(func() {
			for range rounds {
				if err := round(); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestMutualExclusion(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		// Generous Wait: every goroutine must eventually get in. A longer
		// RetryDelay keeps 31 waiters from flooding miniredis, whose Lua
		// is slow under -race.
		l := b.locker(t, Options{Wait: 30 * time.Second, RetryDelay: 20 * time.Millisecond})
		const goroutines, rounds = 32, 50
		counter := 0 // deliberately unsynchronized: only the lock protects it
		inRounds(t, goroutines, rounds, func() error {
			h, err := l.Acquire(context.Background(), "counter")
			if err != nil {
				return err
			}
			counter++
			return h.Release(context.Background())
		})
		if counter != goroutines*rounds {
			t.Fatalf("counter = %d, want %d", counter, goroutines*rounds)
		}
	})
}

// TestReadUnderLock keeps a counter in a plain Redis key, read with the
// lock (AcquireThenRead) and written back with the release (Piggyback):
// with no lost update, every read saw the last holder's write, whether the
// lock came by the fast path or, contended, key by key.
func TestReadUnderLock(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		l := b.locker(t, Options{Wait: 30 * time.Second, RetryDelay: 20 * time.Millisecond})
		rdb := b.client(t)
		key := b.prefix + "counter-value"
		const goroutines, rounds = 16, 20
		inRounds(t, goroutines, rounds, func() error {
			var get *redis.StringCmd
			h, err := l.AcquireThenRead(context.Background(), func(p redis.Pipeliner) {
				get = p.Get(context.Background(), key)
			}, "counter")
			if err != nil {
				return err
			}
			n, err := get.Int()
			if err != nil && !errors.Is(err, redis.Nil) {
				return err
			}
			h.Piggyback(func(p redis.Pipeliner) { p.Set(context.Background(), key, n+1, 0) })
			return h.Release(context.Background())
		})
		if n, err := rdb.Get(context.Background(), key).Int(); err != nil || n != goroutines*rounds {
			t.Fatalf("counter = %d (%v), want %d", n, err, goroutines*rounds)
		}
	})
}

func TestSortedKeysNoDeadlock(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		l := b.locker(t, Options{Wait: 30 * time.Second, RetryDelay: time.Millisecond})
		const rounds = 100
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for _, keys := range [][]string{{"a", "b"}, {"b", "a", "b"}} {
			wg.Go(func() {
				for range rounds {
					h, err := l.Acquire(context.Background(), keys...)
					if err == nil {
						err = h.Release(context.Background())
					}
					if err != nil {
						errs <- fmt.Errorf("keys %q: %w", keys, err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	})
}

func TestBusy(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		holder := b.locker(t, Options{})
		waiter := b.locker(t, Options{Wait: 100 * time.Millisecond})
		h := mustAcquire(t, holder, "b")

		t.Run("held key", func(t *testing.T) {
			start := time.Now()
			_, err := waiter.Acquire(context.Background(), "b")
			if !errors.Is(err, ErrBusy) {
				t.Fatalf("Acquire = %v, want ErrBusy", err)
			}
			if waited := time.Since(start); waited < 50*time.Millisecond || waited > 2*time.Second {
				t.Errorf("Acquire gave up after %v, want about the 100ms Wait", waited)
			}
		})
		t.Run("all or none", func(t *testing.T) {
			// "a" sorts first and is taken, then "b" is busy: "a" must
			// be given back.
			if _, err := waiter.Acquire(context.Background(), "a", "b"); !errors.Is(err, ErrBusy) {
				t.Fatalf("Acquire = %v, want ErrBusy", err)
			}
			mustRelease(t, mustAcquire(t, holder, "a"))
		})
		t.Run("free after release", func(t *testing.T) {
			mustRelease(t, h)
			mustRelease(t, mustAcquire(t, waiter, "b"))
		})
		t.Run("canceled context", func(t *testing.T) {
			h := mustAcquire(t, holder, "c")
			defer mustRelease(t, h)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := waiter.Acquire(ctx, "c"); !errors.Is(err, context.Canceled) {
				t.Fatalf("Acquire = %v, want context.Canceled", err)
			}
		})
	})
}

func TestRelease(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		t.Run("expired lock", func(t *testing.T) {
			l := b.locker(t, Options{TTL: 50 * time.Millisecond})
			h := mustAcquire(t, l, "short")
			if b.mr != nil {
				b.mr.FastForward(time.Second) // miniredis expires keys only on FastForward
			} else {
				time.Sleep(100 * time.Millisecond)
			}
			if err := h.Release(context.Background()); !errors.Is(err, ErrExpired) {
				t.Fatalf("Release = %v, want ErrExpired", err)
			}
		})
		t.Run("later", func(t *testing.T) {
			l := b.locker(t, Options{Wait: time.Millisecond})
			marked := make([]*redis.IntCmd, 20)
			for i := range marked {
				key := fmt.Sprint("later-", i)
				h := mustAcquire(t, l, key)
				h.Piggyback(func(p redis.Pipeliner) { marked[i] = p.Exists(context.Background(), l.Key(key)) })
				l.ReleaseLater(context.Background(), h)
			}
			l.ReleaseLater(context.Background(), nil)
			if err := l.Wait(context.Background()); err != nil {
				t.Fatal(err)
			}
			// Every release has run once Wait returns: each key is free
			// (Wait is 1 ms: no retry), and the piggybacked commands ran
			// while the lock was still held.
			for i, cmd := range marked {
				mustRelease(t, mustAcquire(t, l, fmt.Sprint("later-", i)))
				if cmd == nil || cmd.Val() != 1 {
					t.Errorf("lock %d: the piggybacked command saw its key: %v, want 1", i, cmd)
				}
			}
		})
		t.Run("empty", func(t *testing.T) {
			l := b.locker(t, Options{})
			mustRelease(t, mustAcquire(t, l))
			var nilHeld *Held
			mustRelease(t, nilHeld)
		})
	})
}

func TestUnavailable(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		l := b.downLocker(t)
		_, err := l.Acquire(context.Background(), "x")
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("Acquire = %v, want ErrUnavailable", err)
		}
		if errors.Is(err, ErrBusy) {
			t.Fatalf("Acquire = %v: unavailable must not also be busy", err)
		}
	})
}
