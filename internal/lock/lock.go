// Package lock holds coupond's distributed locks: named mutual exclusion
// across all service instances, backed by Redis through redsync. A caller
// takes one or more keys at once with Locker.Acquire and gives them back with
// Held.Release.
//
// A lock expires after Options.TTL even if it is never released, so that a
// crashed holder cannot block a key forever; the work done under a lock must
// therefore finish well within TTL.
package lock

import (
	"context"
	crand "crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/go-redsync/redsync/v4"
	"github.com/go-redsync/redsync/v4/redis/goredis/v9"
	"github.com/redis/go-redis/v9"

	"github.com/coupond/coupond/internal/coalesce"
)

var (
	// ErrBusy is returned by Acquire when a key is still held by someone
	// else after Options.Wait.
	ErrBusy = errors.New("lock: busy")
	// ErrUnavailable is returned by Acquire and Release when Redis cannot
	// be reached; the wrapped error says why.
	ErrUnavailable = errors.New("lock: redis unavailable")
	// ErrExpired is returned by Release when a lock had already expired
	// (or been taken over) before it was released: the work under it ran
	// longer than Options.TTL and may have overlapped another holder.
	ErrExpired = errors.New("lock: expired before release")
)

// Options configures a Locker. Zero (or negative) fields take their defaults.
type Options struct {
	// TTL is how long a lock lives in Redis unless released. Default 5s.
	TTL time.Duration
	// Wait is how long Acquire may wait in total for all its keys.
	// Default 500ms.
	Wait time.Duration
	// RetryDelay is the pause between attempts on a busy key; each pause
	// is jittered to between half and one and a half times it, so that
	// waiters do not retry in lockstep. Default 5ms.
	RetryDelay time.Duration
	// Prefix starts the Redis key of every lock. Default "coupond:lock:".
	Prefix string
}

func (o Options) withDefaults() Options {
	if o.TTL <= 0 {
		o.TTL = 5 * time.Second
	}
	if o.Wait <= 0 {
		o.Wait = 500 * time.Millisecond
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = 5 * time.Millisecond
	}
	if o.Prefix == "" {
		o.Prefix = "coupond:lock:"
	}
	return o
}

// Locker hands out locks. It is safe for concurrent use.
type Locker struct {
	rs   *redsync.Redsync
	rdb  redis.UniversalClient
	pipe *coalesce.Pipeline
	opts Options

	later sync.WaitGroup // releases started by ReleaseLater
}

// New returns a Locker over rdb. It does not touch Redis; the caller keeps
// ownership of rdb.
func New(rdb redis.UniversalClient, opts Options) *Locker {
	return &Locker{rs: redsync.New(goredis.NewPool(rdb)), rdb: rdb, pipe: coalesce.Shared(rdb), opts: opts.withDefaults()}
}

// Key is the Redis key that holds the lock named key while it is taken:
// a caller may look for it (EXISTS) in a pipeline of its own.
func (l *Locker) Key(key string) string { return l.opts.Prefix + key }

// ReleaseLater gives h back as Release does, in the background, and
// returns at once: for a caller whose answer does not depend on the
// release, such as a claim whose row is committed, so that the answer
// does not wait for the round trip. Until the release has run the keys
// stay taken, and the commands h piggybacks have not run: a caller that
// must know what they will write looks for the lock too (see Key). Wait
// waits for the releases in flight.
func (l *Locker) ReleaseLater(ctx context.Context, h *Held) {
	if h == nil {
		return
	}
	l.later.Add(1)
	go func() {
		defer l.later.Done()
		_ = h.Release(ctx)
	}()
}

// Wait returns once every release started by ReleaseLater has run, or
// with ctx's error when ctx ends first (the locks left expire after TTL).
// Call it before closing the Redis client, once no new release can start.
func (l *Locker) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		l.later.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Held is a set of locks taken by one Acquire.
type Held struct {
	rdb     redis.UniversalClient
	mutexes []*redsync.Mutex // in acquisition order
	batch   *batchLock       // keys taken together by the fast path
	extra   []func(redis.Pipeliner)
}

// Piggyback has fn's commands sent to the Locker's Redis with the release,
// in the same round trip when the locks were taken by the fast path (else
// in a round trip of their own right after). They run before the unlock;
// their outcome is not reported. It returns false, and keeps nothing, on a
// nil Held (Redis could not be reached when locking).
func (h *Held) Piggyback(fn func(redis.Pipeliner)) bool {
	if h == nil {
		return false
	}
	h.extra = append(h.extra, fn)
	return true
}

// Acquire takes the locks named by keys, all or none. Duplicate keys are
// taken once, and keys are taken in sorted order so that two callers asking
// for overlapping sets cannot deadlock. A busy key is retried every
// RetryDelay until Wait has passed since the call, counted over all keys.
//
// On failure Acquire releases whatever it had taken and returns an error
// wrapping ErrBusy if a key was still held by someone else after Wait,
// ErrUnavailable if Redis could not be reached (Acquire does not wait for
// Redis to come back; go-redis has already retried), or ctx's error if ctx
// ended first. Acquire with no keys returns an empty Held.
func (l *Locker) Acquire(ctx context.Context, keys ...string) (*Held, error) {
	return l.AcquireThenRead(ctx, nil, keys...)
}

// AcquireThenRead is Acquire that also has read's commands run once the
// locks are held, so that what they read is what the last holder left: in
// the fast path's round trip, after its SET NX commands, or in a round trip
// of their own when the keys had to be taken one by one. read may be called
// more than once (a failed fast path's commands are dropped); the commands
// of its last call are the ones that ran. Their failures are not Acquire's:
// each command reports its own. When Acquire fails, nothing was read.
func (l *Locker) AcquireThenRead(ctx context.Context, read func(redis.Pipeliner), keys ...string) (*Held, error) {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	keys = slices.Compact(keys)

	if len(keys) > 0 {
		// Fast path: one attempt at every key at once, one round trip in
		// all. It never waits while holding, so it cannot deadlock; if any
		// key is busy, everything is given back and the keys are taken one
		// by one in sorted order as below.
		if h, err := l.tryAll(ctx, keys, read); h != nil || err != nil {
			return h, err
		}
	}
	deadline := time.Now().Add(l.opts.Wait)
	h := &Held{rdb: l.rdb, mutexes: make([]*redsync.Mutex, 0, len(keys))}
	for _, key := range keys {
		m := l.rs.NewMutex(l.opts.Prefix+key, redsync.WithExpiry(l.opts.TTL))
		if err := l.lockOne(ctx, m, key, deadline); err != nil {
			// The caller's ctx may be what failed, so give back what
			// was taken on a context of its own.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.opts.TTL)
			_ = h.Release(rctx)
			cancel()
			return nil, err
		}
		h.mutexes = append(h.mutexes, m)
	}
	if read != nil {
		pipe := l.rdb.Pipeline()
		read(pipe)
		_, _ = pipe.Exec(ctx)
	}
	return h, nil
}

// tryAll makes one attempt at every key in one pipelined round trip, shared
// with the other lockers and releases in flight (coalesce.Pipeline):
// SET NX PX with one random token, as a redsync mutex does on its single
// node (so the two paths exclude each other on the same keys), then read's
// commands. It returns the locks when all were taken, ErrUnavailable when
// Redis failed, and (nil, nil) when some key was busy, having given back
// what it took.
func (l *Locker) tryAll(ctx context.Context, keys []string, read func(redis.Pipeliner)) (*Held, error) {
	var raw [16]byte
	_, _ = crand.Read(raw[:])
	b := &batchLock{rdb: l.rdb, token: base64.RawStdEncoding.EncodeToString(raw[:])}
	b.pipe = l.pipe
	cmds := make([]*redis.BoolCmd, len(keys))
	l.pipe.Do(ctx, func(pipe redis.Pipeliner) {
		for i, key := range keys {
			cmds[i] = pipe.SetNX(ctx, l.opts.Prefix+key, b.token, l.opts.TTL)
		}
		if read != nil {
			read(pipe)
		}
	})
	all := true
	var err error // the first SET NX that failed, not a read command
	for i, key := range keys {
		if cmds[i].Err() != nil && err == nil {
			err = cmds[i].Err()
		}
		if cmds[i].Err() != nil || !cmds[i].Val() {
			all = false
		}
		if cmds[i].Err() != nil || cmds[i].Val() {
			b.names = append(b.names, l.opts.Prefix+key) // taken, or perhaps taken by a failed pipeline
		}
	}
	if all {
		return &Held{rdb: l.rdb, batch: b}, nil
	}
	if len(b.names) > 0 {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.opts.TTL)
		_ = b.release(rctx, nil)
		cancel()
	}
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		return nil, fmt.Errorf("lock %v: %w: %w", keys, ErrUnavailable, err)
	}
	return nil, nil
}

// batchLock is a set of keys taken by one pipelined SET NX.
type batchLock struct {
	rdb   redis.UniversalClient
	pipe  *coalesce.Pipeline
	names []string
	token string
}

// unlockScript deletes a key only if it still holds our token (redsync's
// own release, so a lock that expired and was taken over is left alone).
const unlockScript = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`

// unlockSHA names unlockScript in Redis's script cache: a shared release
// pipeline sends the 40-byte name, not the script, for every key.
var unlockSHA = func() string {
	sum := sha1.Sum([]byte(unlockScript))
	return hex.EncodeToString(sum[:])
}()

func (b *batchLock) release(ctx context.Context, extra []func(redis.Pipeliner)) error {
	cmds := make([]*redis.Cmd, len(b.names))
	b.pipe.Do(ctx, func(pipe redis.Pipeliner) {
		for _, fn := range extra {
			fn(pipe)
		}
		for i, name := range b.names {
			cmds[i] = pipe.EvalSha(ctx, unlockSHA, []string{name}, b.token)
		}
	})
	var errs []error
	for i, c := range cmds {
		err := c.Err()
		if redis.HasErrorPrefix(err, "NOSCRIPT") {
			// The script cache was flushed (or this is a new server):
			// load it again with the script itself.
			c = b.rdb.Eval(ctx, unlockScript, []string{b.names[i]}, b.token)
			err = c.Err()
		}
		switch n, _ := c.Int(); {
		case err != nil && !errors.Is(err, redis.Nil):
			errs = append(errs, fmt.Errorf("unlock %q: %w: %w", b.names[i], ErrUnavailable, err))
		case n != 1:
			errs = append(errs, fmt.Errorf("unlock %q: %w", b.names[i], ErrExpired))
		}
	}
	return errors.Join(errs...)
}

func (l *Locker) lockOne(ctx context.Context, m *redsync.Mutex, key string, deadline time.Time) error {
	// One attempt at a time rather than redsync's own retry loop: that loop
	// reports a Wait deadline hit mid-request as a Redis error and cannot
	// tell a busy key from an unreachable Redis on every path.
	for {
		err := m.TryLockContext(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !isBusy(err) {
			return fmt.Errorf("lock %q: %w: %w", key, ErrUnavailable, err)
		}
		delay := l.jitter()
		if time.Now().Add(delay).After(deadline) {
			return fmt.Errorf("lock %q: %w", key, ErrBusy)
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// isBusy tells a lock held by someone else from a Redis failure. For a
// single attempt redsync v4.18.1 returns *ErrTaken when the key is held,
// ErrFailed when SETNX succeeded too late to be valid, and an errors.Join of
// *RedisError values when Redis could not be asked.
func isBusy(err error) bool {
	var taken *redsync.ErrTaken
	var node *redsync.ErrNodeTaken
	var rerr *redsync.RedisError
	switch {
	case errors.As(err, &rerr):
		return false
	case errors.As(err, &taken), errors.As(err, &node), errors.Is(err, redsync.ErrFailed):
		return true
	default:
		return false
	}
}

func (l *Locker) jitter() time.Duration {
	d := l.opts.RetryDelay
	return d/2 + rand.N(d+1)
}

// Release gives back every lock in h, all at once. It
// tries them all even if some fail, and returns the joined failures: errors
// wrapping ErrExpired for locks that had expired (or been taken over) before
// this call, and ErrUnavailable for locks Redis could not be asked about,
// which then expire after TTL on their own. Release on a nil or empty Held
// returns nil; calling it twice reports every lock as expired.
func (h *Held) Release(ctx context.Context) error {
	if h == nil {
		return nil
	}
	extra := h.extra
	h.extra = nil
	if h.batch != nil {
		return h.batch.release(ctx, extra)
	}
	if len(extra) > 0 {
		pipe := h.rdb.Pipeline()
		for _, fn := range extra {
			fn(pipe)
		}
		_, _ = pipe.Exec(ctx)
	}
	// Several locks are given back at once (one round trip in all); the
	// order does not matter for unlocking.
	errs := make([]error, len(h.mutexes))
	var wg sync.WaitGroup
	for i, m := range h.mutexes {
		wg.Add(1)
		unlock := func() {
			defer wg.Done()
			ok, err := m.UnlockContext(ctx)
			if ok {
				return
			}
			var rerr *redsync.RedisError
			if errors.As(err, &rerr) {
				errs[i] = fmt.Errorf("unlock %q: %w: %w", m.Name(), ErrUnavailable, err)
			} else {
				errs[i] = fmt.Errorf("unlock %q: %w", m.Name(), ErrExpired)
			}
		}
		if len(h.mutexes) == 1 {
			unlock()
		} else {
			go unlock()
		}
	}
	wg.Wait()
	return errors.Join(errs...)
}
