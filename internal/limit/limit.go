// Package limit holds Rate, a budget of events per period ("20/1m"): what
// the settings read and the rate limiters (internal/auth.Limiter) count.
package limit

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rate is how many events a key may have per period ("20/1m"). The zero
// Rate means no limit.
type Rate struct {
	N      int
	Period time.Duration
}

// Parse reads "N/period" (e.g. "20/1m", "10/15m"); "0" or "off" is no
// limit.
func Parse(s string) (Rate, error) {
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
