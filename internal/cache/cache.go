// Package cache holds coupond's two-level read-through cache: a size-bounded
// in-process L1 (otter) in front of a shared Redis L2, with single-flight
// loading and invalidation broadcast over Redis pub/sub so that every
// instance drops its L1 copy of a changed key at once.
//
// Values travel through Redis as JSON, so a cached type must round-trip
// through encoding/json. Values are shared between callers and between
// goroutines: callers must not modify what Get returns.
//
// The cache never makes a read fail because Redis is down: Get then calls the
// loader directly and keeps the result in L1 only, for at most LocalTTL.
package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"

	"github.com/coupond/coupond/internal/consistency"
)

// Options configures a Cache. Zero (or negative) fields take their defaults.
type Options struct {
	// Prefix starts every Redis key the cache writes. Default
	// "coupond:cache:". Key k is stored as Prefix+"{"+k+"}", and its
	// version counter as Prefix+"{"+k+"}:v".
	Prefix string
	// Channel is the pub/sub channel that carries invalidations. Every
	// instance sharing a Prefix must use the same Channel. Default "coupond:invalidate".
	Channel string
	// LocalTTL is how long a value stays in L1. Default 30s. It bounds how
	// stale an instance can be if an invalidation message is lost.
	LocalTTL time.Duration
	// RemoteTTL is how long a value stays in Redis. Default 10m.
	RemoteTTL time.Duration
	// LocalSize is the maximum number of entries in L1. Default 100_000.
	LocalSize int
}

func (o Options) withDefaults() Options {
	if o.Prefix == "" {
		o.Prefix = "coupond:cache:"
	}
	if o.Channel == "" {
		o.Channel = "coupond:invalidate"
	}
	if o.LocalTTL <= 0 {
		o.LocalTTL = 30 * time.Second
	}
	if o.RemoteTTL <= 0 {
		o.RemoteTTL = 10 * time.Minute
	}
	if o.LocalSize <= 0 {
		o.LocalSize = 100_000
	}
	return o
}

// Stats are cumulative counters of one Cache since New.
type Stats struct {
	LocalHits   uint64 // Get answered from L1
	RemoteHits  uint64 // Get answered from Redis
	Loads       uint64 // calls of a load function
	RedisErrors uint64 // failed Redis reads or writes that Get worked around
}

// ErrClosed is returned by Start after Close.
var ErrClosed = errors.New("cache: closed")

// genStripes is the number of generation counters. Keys share counters by
// hash, which keeps memory bounded; a shared counter only makes an
// unrelated load skip its L1 store, never serves a stale value.
const genStripes = 4096

// Cache is a two-level cache. It is safe for concurrent use. Create it with
// New, call Start to receive invalidations, and Close when done.
type Cache struct {
	rdb   redis.UniversalClient
	opts  Options
	local *otter.Cache[string, any]
	group singleflight.Group
	seed  maphash.Seed

	// A load may store into L1 only if neither epoch (bumped when the
	// whole L1 is dropped) nor its key's stripe (bumped when the key is
	// invalidated) moved while it ran: otherwise an invalidation that
	// arrived during the load would be undone by the load's stale value.
	epoch atomic.Uint64
	gens  [genStripes]atomic.Uint64

	localHits, remoteHits, loads, redisErrors atomic.Uint64

	mu      sync.Mutex
	started bool
	closed  bool
	cancel  context.CancelFunc
	done    chan struct{}
}

// New returns a Cache over rdb. It does not touch Redis; the caller keeps
// ownership of rdb and closes it after Close.
func New(rdb redis.UniversalClient, opts Options) *Cache {
	opts = opts.withDefaults()
	return &Cache{
		rdb:  rdb,
		opts: opts,
		seed: maphash.MakeSeed(),
		local: otter.Must(&otter.Options[string, any]{
			MaximumSize:      opts.LocalSize,
			ExpiryCalculator: otter.ExpiryWriting[string, any](opts.LocalTTL),
		}),
	}
}

// Start subscribes to the invalidation channel and returns once Redis has
// confirmed the subscription; from then on a goroutine drops the L1 copy of
// every key that any instance invalidates, until ctx ends or Close is called.
// ctx therefore bounds the listener's whole life, not just the call: pass a
// long-lived context, not one with a short timeout.
//
// If the subscription connection breaks, go-redis reconnects and
// resubscribes by itself. Invalidations published meanwhile are lost, so on
// every resubscription (seen as a new subscribe confirmation) the whole L1 is
// dropped.
//
// Start returns the Redis error if the subscription cannot be made, ErrClosed
// after Close, and an error if called twice. Get works without Start, but then
// L1 only learns about other instances' changes through LocalTTL.
func (c *Cache) Start(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	if c.started {
		return errors.New("cache: already started")
	}
	ps := c.rdb.Subscribe(ctx, c.opts.Channel)
	msg, err := ps.Receive(ctx)
	if err != nil {
		_ = ps.Close()
		return fmt.Errorf("cache: subscribe to %q: %w", c.opts.Channel, err)
	}
	if _, ok := msg.(*redis.Subscription); !ok {
		_ = ps.Close()
		return fmt.Errorf("cache: subscribe to %q: unexpected reply %T", c.opts.Channel, msg)
	}
	// Values cached before the subscription may have been invalidated
	// without this instance hearing of it.
	c.clearLocal()

	runCtx, cancel := context.WithCancel(ctx)
	c.started, c.cancel, c.done = true, cancel, make(chan struct{})
	go c.listen(runCtx, ps, c.done)
	return nil
}

func (c *Cache) listen(ctx context.Context, ps *redis.PubSub, done chan<- struct{}) {
	defer close(done)
	defer ps.Close()
	ch := ps.ChannelWithSubscriptions()
	for {
		select {
		case <-ctx.Done():
			return
		case m, ok := <-ch:
			if !ok {
				return
			}
			switch m := m.(type) {
			case *redis.Subscription:
				// The first confirmation was consumed in Start, so
				// any later one means go-redis reconnected.
				if m.Kind == "subscribe" {
					c.clearLocal()
				}
			case *redis.Message:
				var keys []string
				if err := json.Unmarshal([]byte(m.Payload), &keys); err != nil {
					// Unknown sender or format: dropping everything is
					// the only safe reading.
					c.clearLocal()
					continue
				}
				c.dropLocal(keys)
			}
		}
	}
}

// Close stops applying invalidations and releases the L1's background
// goroutine. It does not close the Redis client. Calling it again does
// nothing; it always returns nil. Do not use the Cache after Close.
func (c *Cache) Close() error {
	c.mu.Lock()
	c.closed = true
	cancel, done := c.cancel, c.done
	c.cancel = nil
	c.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	c.local.StopAllGoroutines()
	return nil
}

// Stats returns a snapshot of the counters.
func (c *Cache) Stats() Stats {
	return Stats{
		LocalHits:   c.localHits.Load(),
		RemoteHits:  c.remoteHits.Load(),
		Loads:       c.loads.Load(),
		RedisErrors: c.redisErrors.Load(),
	}
}

// Invalidate drops keys everywhere: it deletes them from Redis, drops them
// from this instance's L1, and publishes them so that every started instance
// drops them from its L1 too. Call it after the source of truth has changed.
//
// It returns the Redis error if the delete or the publish fails; the local
// drop happens regardless, and an in-flight load of any of the keys will not
// store its (possibly stale) result in L1 or Redis.
func (c *Cache) Invalidate(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	c.dropLocal(keys)
	_, err := c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			data, ver := c.redisKeys(k)
			p.Del(ctx, data)
			// Bumping the version makes a load that read the old
			// version fail its compare-and-set in storeScript.
			p.Incr(ctx, ver)
			p.PExpire(ctx, ver, c.opts.RemoteTTL)
		}
		return nil
	})
	if err != nil {
		err = fmt.Errorf("cache: invalidate in redis: %w", err)
	}
	payload, _ := json.Marshal(keys) // []string always encodes
	if perr := c.rdb.Publish(ctx, c.opts.Channel, payload).Err(); perr != nil {
		err = errors.Join(err, fmt.Errorf("cache: publish invalidation: %w", perr))
	}
	// A Get that ran between the first drop and the Redis delete may have
	// put the old Redis value back into L1.
	c.dropLocal(keys)
	return err
}

// Get returns the value of key as a T: from L1, else from Redis, else from
// load, whose result is then written to Redis (for RemoteTTL) and L1 (for
// LocalTTL). Concurrent Gets of one key in one instance share one Redis read
// and at most one load; the shared work runs with the ctx of the Get that
// started it, so its cancellation fails the Gets sharing it.
//
// Get returns load's error unchanged and caches nothing then. If Redis fails,
// Get calls load directly and caches its result in L1 only; Redis errors are
// never returned, only counted in Stats. Get also returns ctx's error if ctx
// ends during a Redis call, an error if the loaded value cannot be encoded
// as JSON, and an error if key was last cached with a type other than T (a
// key must always be read with the same T).
func Get[T any](ctx context.Context, c *Cache, key string, load func(ctx context.Context) (T, error)) (T, error) {
	var zero T
	if v, ok := c.local.GetIfPresent(key); ok {
		t, ok := v.(T)
		if !ok {
			return zero, typeError[T](key, v)
		}
		c.localHits.Add(1)
		return t, nil
	}
	g := c.snapshot(key)
	// The generation is part of the flight key so that a Get starting after
	// an invalidation does not join a load that started before it.
	flight := key + "\x00" + strconv.FormatUint(g.epoch, 36) + "." + strconv.FormatUint(g.stripe, 36)
	v, err, _ := c.group.Do(flight, func() (any, error) {
		return fetch(ctx, c, key, g, load)
	})
	if err != nil {
		return zero, err
	}
	t, ok := v.(T)
	if !ok {
		return zero, typeError[T](key, v)
	}
	return t, nil
}

func typeError[T any](key string, v any) error {
	return fmt.Errorf("cache: key %q holds a %T, not a %T", key, v, *new(T))
}

// storeScript writes the value only if the key's version is still the one
// read before the load: an Invalidate in between bumped it, and the loaded
// value may predate the change that caused it.
var storeScript = redis.NewScript(`
local v = redis.call('GET', KEYS[2])
if v == false then v = '' end
if v ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`)

func fetch[T any](ctx context.Context, c *Cache, key string, g generation, load func(context.Context) (T, error)) (any, error) {
	data, ver := c.redisKeys(key)
	vals, err := c.rdb.MGet(ctx, data, ver).Result()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c.redisErrors.Add(1)
		v, err := countedLoad(ctx, c, load)
		if err != nil {
			return nil, err
		}
		c.storeLocal(key, g, v)
		return v, nil
	}
	if s, ok := vals[0].(string); ok {
		var v T
		// An undecodable value (e.g. written by an older version of T)
		// is treated as a miss and overwritten below.
		if json.Unmarshal([]byte(s), &v) == nil {
			c.remoteHits.Add(1)
			c.storeLocal(key, g, v)
			return v, nil
		}
	}
	version, _ := vals[1].(string)

	v, err := countedLoad(ctx, c, load)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("cache: encode value of %q: %w", key, err)
	}
	stored, err := storeScript.Run(ctx, c.rdb, []string{data, ver}, version, b, c.opts.RemoteTTL.Milliseconds()).Int()
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		c.redisErrors.Add(1)
		c.storeLocal(key, g, v)
	case stored == 1:
		c.storeLocal(key, g, v)
	}
	// stored == 0: invalidated during the load; the caller still gets the
	// value it asked for, but nobody else will.
	return v, nil
}

// countedLoad runs load on the primary databases: a value read from a
// replica could be older than the version it would be stored under, and
// every instance would then serve it until it expires.
func countedLoad[T any](ctx context.Context, c *Cache, load func(context.Context) (T, error)) (T, error) {
	c.loads.Add(1)
	return load(consistency.Primary(ctx))
}

// redisKeys returns the Redis names of key's value and of its version. The
// hash tag keeps both in one Redis Cluster slot, as storeScript needs.
func (c *Cache) redisKeys(key string) (data, ver string) {
	data = c.opts.Prefix + "{" + key + "}"
	return data, data + ":v"
}

type generation struct{ epoch, stripe uint64 }

func (c *Cache) stripe(key string) *atomic.Uint64 {
	return &c.gens[maphash.String(c.seed, key)%genStripes]
}

func (c *Cache) snapshot(key string) generation {
	return generation{epoch: c.epoch.Load(), stripe: c.stripe(key).Load()}
}

// storeLocal puts v into L1 unless key was invalidated since g was taken.
func (c *Cache) storeLocal(key string, g generation, v any) {
	if c.snapshot(key) != g {
		return
	}
	c.local.Set(key, v)
	// An invalidation may have bumped the generation and dropped the key
	// between the check and the Set; it then missed our entry, so drop it
	// here. (Invalidators bump before they drop, so one side always sees
	// the other.)
	if c.snapshot(key) != g {
		c.local.Invalidate(key)
	}
}

func (c *Cache) dropLocal(keys []string) {
	for _, k := range keys {
		c.stripe(k).Add(1)
		c.local.Invalidate(k)
	}
}

func (c *Cache) clearLocal() {
	c.epoch.Add(1)
	c.local.InvalidateAll()
}
