package auth

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/coupond/coupond/internal/limit"
	"github.com/coupond/coupond/models"
)

// loginThrottle slows password guessing without letting anyone lock an
// account, as the OWASP authentication cheat sheet recommends: no hard
// lock that a stranger can trigger, but waits that grow with failures.
//
//   - Per account and client address: a few free failures, then each
//     further attempt from that address for that account waits 1 s, 2 s,
//     4 s, ... up to 15 minutes after the previous one. A stranger slows
//     only their own address; the account's owner, elsewhere, is not held.
//   - Per account, from anywhere: after Rate.N failures in Rate.Period,
//     attempts on the account are spaced a second apart: a guesser with
//     many addresses gets one guess a second, the owner waits a second at
//     most.
//
// An attempt counts as a failure when it is admitted (so racing attempts
// cannot all pass a budget they each found open); a right password clears
// both counts.
type loginThrottle struct {
	rdb    redis.UniversalClient
	prefix string
	user   limit.Rate // failures per account before attempts are spaced
}

const (
	loginFreePerAddress = 3
	loginMaxWait        = 15 * time.Minute
	loginAccountSpacing = time.Second
)

// admitScript: KEYS = the account+address key, the account key; ARGV =
// now ms, free failures per address, the longest wait ms, free failures
// per account, the account's spacing ms, the window ms. Returns the ms to
// wait (0: admitted and counted).
var admitScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local wait = 0
for i = 1, 2 do
  local nx = tonumber(redis.call('HGET', KEYS[i], 'next') or '0')
  if nx - now > wait then wait = nx - now end
end
if wait > 0 then return wait end
local f = redis.call('HINCRBY', KEYS[1], 'fails', 1)
if f >= tonumber(ARGV[2]) then
  local d = 1000 * 2 ^ (f - tonumber(ARGV[2]))
  if d > tonumber(ARGV[3]) then d = tonumber(ARGV[3]) end
  redis.call('HSET', KEYS[1], 'next', now + d)
end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
local g = redis.call('HINCRBY', KEYS[2], 'fails', 1)
if g >= tonumber(ARGV[4]) then
  redis.call('HSET', KEYS[2], 'next', now + tonumber(ARGV[5]))
end
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return 0
`)

// admit counts a login attempt as a failure in advance, or refuses it with
// RATE_LIMITED and the real wait. cleared is to be called when the
// password was right.
func (t *loginThrottle) admit(ctx context.Context, username, ip string) (cleared func(), err error) {
	if t == nil || t.rdb == nil || t.user.N == 0 {
		return func() {}, nil
	}
	// One hash tag for both keys: a Redis Cluster keeps them in one slot.
	account := t.prefix + "login-throttle:{" + username + "}"
	pair := account + ":" + ip
	wait, err := admitScript.Run(ctx, t.rdb, []string{pair, account}, time.Now().UnixMilli(), loginFreePerAddress,
		loginMaxWait.Milliseconds(), t.user.N, loginAccountSpacing.Milliseconds(), t.user.Period.Milliseconds()).Int64()
	if err != nil {
		return nil, models.Unavailable("auth.Login", err)
	}
	if wait > 0 {
		return nil, limited("failed logins for this account", time.Duration(wait)*time.Millisecond)
	}
	return func() { _ = t.rdb.Del(context.WithoutCancel(ctx), pair, account).Err() }, nil
}
