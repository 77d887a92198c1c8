package scalar

import (
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// maxLong bounds a Long: the contract's |n| < 2^53, what a JSON number
// carries exactly in every client.
const maxLong = 1<<53 - 1

// MarshalLong writes a 64-bit integer as a JSON number.
func MarshalLong(n int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.FormatInt(n, 10)) })
}

// UnmarshalLong accepts an integer (a JSON number, or a string of digits)
// with |n| < 2^53; anything else is BAD_USER_INPUT.
func UnmarshalLong(v any) (int64, error) {
	var n int64
	switch x := v.(type) {
	case json.Number:
		i, err := strconv.ParseInt(string(x), 10, 64)
		if err != nil {
			return 0, bad("Long: %s is not a whole number below 2^53", truncateScalar(string(x)))
		}
		n = i
	case string:
		i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		if err != nil {
			return 0, bad("Long: %q is not a whole number below 2^53", truncateScalar(x))
		}
		n = i
	case int:
		n = int64(x)
	case int64:
		n = x
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > maxLong {
			return 0, bad("Long: %v is not a whole number below 2^53", x)
		}
		n = int64(x)
	default:
		return 0, bad("Long: want a whole number")
	}
	if n > maxLong || n < -maxLong {
		return 0, bad("Long: %d is out of range (|n| < 2^53)", n)
	}
	return n, nil
}

// MarshalTime writes a time in RFC 3339 (UTC, with the fraction it has).
func MarshalTime(t time.Time) graphql.Marshaler {
	return graphql.MarshalTime(t)
}

// UnmarshalTime accepts an RFC 3339 string, e.g. "2026-11-24T08:00:00Z";
// anything else is BAD_USER_INPUT.
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, bad("Time: want an RFC 3339 string such as \"2026-11-24T08:00:00Z\"")
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, bad("Time: %q is not an RFC 3339 time such as \"2026-11-24T08:00:00Z\"", truncateScalar(s))
	}
	return t, nil
}

// truncateScalar keeps an echoed value short.
func truncateScalar(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
