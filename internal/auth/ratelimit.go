package auth

import (
	"context"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/coupond/coupond/internal/limit"
	"github.com/coupond/coupond/models"
)

// Limiter counts events per key in Redis (GCRA through redis_rate), so
// every instance shares the same budgets.
type Limiter struct {
	rl     *redis_rate.Limiter
	rdb    redis.UniversalClient
	prefix string
}

// NewLimiter keeps its counters under prefix in rdb.
func NewLimiter(rdb redis.UniversalClient, prefix string) *Limiter {
	return &Limiter{rl: redis_rate.NewLimiter(rdb), rdb: rdb, prefix: prefix}
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

// Reserve spends one event of key's budget before the attempt it counts
// is made, atomically with checking that one is left (RATE_LIMITED when
// none is), so that attempts racing each other cannot all pass a budget
// they each found open. Call release when the attempt turns out not to
// count (a right code): it gives the event back. The budget is r.N events
// per window of r.Period from the window's first event.
func (l *Limiter) Reserve(ctx context.Context, key string, r limit.Rate, what string) (release func(), err error) {
	if r.N == 0 || l == nil {
		return func() {}, nil
	}
	k := l.prefix + "reserve:" + key
	n, err := reserveScript.Run(ctx, l.rdb, []string{k}, r.N, r.Period.Milliseconds()).Int64()
	if err != nil {
		return nil, models.Unavailable("auth.Limiter", err)
	}
	if n < 0 {
		return nil, limited(what, time.Duration(-n)*time.Millisecond)
	}
	return func() { _ = releaseScript.Run(context.WithoutCancel(ctx), l.rdb, []string{k}).Err() }, nil
}
