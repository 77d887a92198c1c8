package auth

import (
	"context"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/coupond/coupond/internal/coalesce"
	"github.com/coupond/coupond/internal/limit"
	"github.com/coupond/coupond/models"
)

// Limiter counts events per key in Redis (GCRA through redis_rate), so
// every instance shares the same budgets.
type Limiter struct {
	rl     *redis_rate.Limiter
	rdb    redis.UniversalClient
	pipe   *coalesce.Pipeline // Reserve's round trips
	loaded sync.Once          // Reserve's scripts sent to Redis
	prefix string
}

// NewLimiter keeps its counters under prefix in rdb.
func NewLimiter(rdb redis.UniversalClient, prefix string) *Limiter {
	return &Limiter{rl: redis_rate.NewLimiter(rdb), rdb: rdb, prefix: prefix,
		pipe: coalesce.Shared(rdb)}
}

// Take spends one event of key's budget; RATE_LIMITED when none is left
// (what says what: the message names the limit, never the key's count).
// A Redis failure is UNAVAILABLE: an abuse guard that cannot count refuses.
func (l *Limiter) Take(ctx context.Context, key string, r limit.Rate, what string) error {
	return l.spend(ctx, key, r, 1, what)
}

// Check refuses as Take does when key's budget is spent, without spending.
func (l *Limiter) Check(ctx context.Context, key string, r limit.Rate, what string) error {
	return l.spend(ctx, key, r, 0, what)
}

func (l *Limiter) spend(ctx context.Context, key string, r limit.Rate, n int, what string) error {
	if r.N == 0 || l == nil {
		return nil
	}
	lim := redis_rate.Limit{Rate: r.N, Burst: r.N, Period: r.Period}
	res, err := l.rl.AllowN(ctx, l.prefix+key, lim, n)
	if err != nil {
		return models.Unavailable("auth.Limiter", err)
	}
	if (n > 0 && res.Allowed == 0) || (n == 0 && res.Remaining == 0) {
		return limited(what, res.RetryAfter)
	}
	return nil
}

// limited is RATE_LIMITED with the real wait, in whole seconds, rounded up
// (never "try again in 0s").
func limited(what string, wait time.Duration) error {
	secs := max(1, int64((wait+time.Second-1)/time.Second))
	return models.Errorf(models.CodeRateLimited, "too many %s: try again in %s", what, time.Duration(secs)*time.Second)
}

// reserveScript spends one of key's ARGV[1] events in a window of ARGV[2]
// ms that starts at its first event; refused, it spends nothing and
// returns minus the ms until the window ends.
var reserveScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 1 then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    ttl = tonumber(ARGV[2])
  end
  return -ttl
end
return n
`)

// releaseScript gives back one event, if the window still runs.
var releaseScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0
`)

// Budget is one budget Reserve spends from: Rate.N events per window of
// Rate.Period from the window's first event; What names it in a refusal.
type Budget struct {
	Key  string
	Rate limit.Rate
	What string
	// Keep leaves the event spent when the caller releases the others:
	// an attempt, which counts whatever its outcome, beside a guess,
	// which counts only when wrong.
	Keep bool
}

// Reserve spends one event of each budget before the attempt they count
// is made, atomically with checking that one is left, so that attempts
// racing each other cannot all pass a budget they each found open. When
// one budget has none left it answers RATE_LIMITED and gives back what it
// spent of the others: a refused attempt spends nothing. Call release when
// the attempt turns out not to count (a right code): it gives back the
// events of the budgets not marked Keep. Both go in a Redis round trip
// shared with other callers in flight (coalesce.Pipeline).
func (l *Limiter) Reserve(ctx context.Context, budgets ...Budget) (release func(), err error) {
	keys := make([]string, 0, len(budgets))
	open := make([]Budget, 0, len(budgets))
	for _, b := range budgets {
		if b.Rate.N > 0 && l != nil {
			keys = append(keys, l.prefix+"reserve:"+b.Key)
			open = append(open, b)
		}
	}
	if len(keys) == 0 {
		return func() {}, nil
	}
	// Loaded, the scripts run by their hash in the shared pipelines, each
	// caller's in its order; a Redis that lost them (NOSCRIPT: restarted)
	// has them run by text, one by one, below.
	l.loaded.Do(func() {
		_ = reserveScript.Load(ctx, l.rdb).Err()
		_ = releaseScript.Load(ctx, l.rdb).Err()
	})
	cmds := make([]*redis.Cmd, len(keys))
	l.pipe.Do(ctx, func(p redis.Pipeliner) {
		for i, k := range keys {
			cmds[i] = reserveScript.EvalSha(ctx, p, []string{k}, open[i].Rate.N, open[i].Rate.Period.Milliseconds())
		}
	})
	var refused error
	var spent, givable []string
	for i, cmd := range cmds {
		n, err := cmd.Int64()
		if err != nil && redis.HasErrorPrefix(err, "NOSCRIPT") {
			n, err = reserveScript.Run(ctx, l.rdb, []string{keys[i]}, open[i].Rate.N, open[i].Rate.Period.Milliseconds()).Int64()
		}
		switch {
		case err != nil:
			refused = models.Unavailable("auth.Limiter", err)
		case n < 0:
			if refused == nil {
				refused = limited(open[i].What, time.Duration(-n)*time.Millisecond)
			}
		default:
			spent = append(spent, keys[i])
			if !open[i].Keep {
				givable = append(givable, keys[i])
			}
		}
	}
	if refused != nil {
		l.release(context.WithoutCancel(ctx), spent)
		return nil, refused
	}
	return func() { l.release(context.WithoutCancel(ctx), givable) }, nil
}

// release gives back one event of each key, in a shared round trip.
func (l *Limiter) release(ctx context.Context, keys []string) {
	if len(keys) == 0 {
		return
	}
	cmds := make([]*redis.Cmd, len(keys))
	l.pipe.Do(ctx, func(p redis.Pipeliner) {
		for i, k := range keys {
			cmds[i] = releaseScript.EvalSha(ctx, p, []string{k})
		}
	})
	for i, cmd := range cmds {
		if err := cmd.Err(); err != nil && redis.HasErrorPrefix(err, "NOSCRIPT") {
			_ = releaseScript.Run(ctx, l.rdb, []string{keys[i]}).Err()
		}
	}
}
