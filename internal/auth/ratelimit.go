package auth

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/coupond/coupond/models"
)

// Rate is how many events a key may have per period ("20/1m"). The zero
// Rate means no limit.
type Rate struct {
	N      int
	Period time.Duration
}

// ParseRate reads "N/period" (e.g. "20/1m", "10/15m"); "0" or "off" is no
// limit.
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if s == "0" || s == "off" {
		return Rate{}, nil
	}
	n, p, ok := strings.Cut(s, "/")
	count, err := strconv.Atoi(n)
	if !ok || err != nil || count < 1 {
		return Rate{}, fmt.Errorf("want N/period such as 20/1m, or off; got %q", s)
	}
	d, err := time.ParseDuration(p)
	if err != nil || d < time.Second {
		return Rate{}, fmt.Errorf("want N/period with a period of at least 1s such as 20/1m; got %q", s)
	}
	return Rate{N: count, Period: d}, nil
}

func (r Rate) String() string {
	if r.N == 0 {
		return "off"
	}
	return strconv.Itoa(r.N) + "/" + r.Period.String()
}

// Limiter counts events per key in Redis (GCRA through redis_rate), so
// every instance shares the same budgets.
type Limiter struct {
	rl     *redis_rate.Limiter
	prefix string
}

// NewLimiter keeps its counters under prefix in rdb.
func NewLimiter(rdb redis.UniversalClient, prefix string) *Limiter {
	return &Limiter{rl: redis_rate.NewLimiter(rdb), prefix: prefix}
}

// Take spends one event of key's budget; RATE_LIMITED when none is left
// (what says what: the message names the limit, never the key's count).
// A Redis failure is UNAVAILABLE: an abuse guard that cannot count refuses.
func (l *Limiter) Take(ctx context.Context, key string, r Rate, what string) error {
	return l.spend(ctx, key, r, 1, what)
}

// Check refuses as Take does when key's budget is spent, without spending.
func (l *Limiter) Check(ctx context.Context, key string, r Rate, what string) error {
	return l.spend(ctx, key, r, 0, what)
}

func (l *Limiter) spend(ctx context.Context, key string, r Rate, n int, what string) error {
	if r.N == 0 || l == nil {
		return nil
	}
	limit := redis_rate.Limit{Rate: r.N, Burst: r.N, Period: r.Period}
	res, err := l.rl.AllowN(ctx, l.prefix+key, limit, n)
	if err != nil {
		return models.Unavailable("auth.Limiter", err)
	}
	if (n > 0 && res.Allowed == 0) || (n == 0 && res.Remaining == 0) {
		return models.Errorf(models.CodeRateLimited, "too many %s: try again in %s", what, res.RetryAfter.Round(time.Second))
	}
	return nil
}
