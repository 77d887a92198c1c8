// Package notify is the client of the mall's message center: when a targeted
// issuance job hands coupons to users, it tells the message center, in
// batches, which users got which coupon.
//
// Each batch is one POST with a per-request timeout, retried with jittered
// exponential backoff on transport errors, timeouts, 5xx, 408 and 429. A
// circuit breaker (gobreaker) sits in front: when the message center is
// down, Send fails at once with ErrOpen instead of making callers wait out
// timeouts and retries; the caller records the skipped batch and retries it
// later. Every batch carries an Idempotency-Key so the message center can
// drop a batch it has already seen (a retry after a lost response, or the
// caller's later re-send).
package notify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sony/gobreaker/v2"
)

// ErrOpen is returned by Send when the circuit breaker is open (or half-open
// with its probe already in flight): the batch was not attempted.
var ErrOpen = errors.New("notify: message center circuit breaker is open")

// Defaults for the zero values of Options.
const (
	DefaultTimeout         = 2 * time.Second
	DefaultRetries         = 3
	DefaultBaseBackoff     = 100 * time.Millisecond
	DefaultBreakerFailures = 5
	DefaultBreakerCooldown = 10 * time.Second

	// MaxBackoff caps the (pre-jitter) wait between two attempts.
	MaxBackoff = 2 * time.Second
)

// errBodyLimit bounds how much of an error response is kept in the error.
const errBodyLimit = 512

// Options configures a Client. Zero values take the defaults above.
type Options struct {
	// URL is the message center's POST endpoint (http or https, with a host).
	URL string
	// Timeout bounds each HTTP request (each attempt, not the whole Send).
	Timeout time.Duration
	// Retries is how many times a failed attempt is retried (so up to
	// Retries+1 attempts). 0 means DefaultRetries; negative means none.
	Retries int
	// BaseBackoff is the wait before the first retry; it doubles on each
	// further retry, is capped at MaxBackoff, and is jittered to [d/2, d].
	BaseBackoff time.Duration
	// BreakerFailures is how many consecutive failed Sends open the breaker.
	BreakerFailures int
	// BreakerCooldown is how long the breaker stays open before letting one
	// probe Send through (half-open).
	BreakerCooldown time.Duration
	// HTTPClient is used for the requests; nil means a new client with the
	// default transport. Its own Timeout, if any, applies on top of Timeout.
	HTTPClient *http.Client
}

// Message is what one request carries.
type Message struct {
	JobID    uint64   `json:"jobId"`
	CouponID uint64   `json:"couponId"`
	UserIDs  []string `json:"userIds"`
}

// Stats counts batches (Send calls) by outcome.
type Stats struct {
	Sent     uint64 // delivered (2xx)
	Failed   uint64 // attempted and not delivered (incl. permanent errors and cancellation)
	Rejected uint64 // not attempted: ErrOpen
}

// PermanentError is a response the message center gave that retrying will
// not change (a 4xx other than 408 and 429, or an unexpected non-2xx status
// such as an unfollowed redirect): the request itself was bad. It is not
// retried and does not count against the circuit breaker, since the center
// answered.
type PermanentError struct {
	StatusCode int
	Body       string // the start of the response body, for the logs
}

func (e *PermanentError) Error() string {
	if e.Body == "" {
		return fmt.Sprintf("notify: message center rejected the batch: %d %s",
			e.StatusCode, http.StatusText(e.StatusCode))
	}
	return fmt.Sprintf("notify: message center rejected the batch: %d %s: %s",
		e.StatusCode, http.StatusText(e.StatusCode), e.Body)
}

// statusError is a retryable status (5xx, 408, 429).
type statusError struct {
	code int
	body string
}

func (e *statusError) Error() string {
	if e.body == "" {
		return fmt.Sprintf("message center returned %d %s", e.code, http.StatusText(e.code))
	}
	return fmt.Sprintf("message center returned %d %s: %s", e.code, http.StatusText(e.code), e.body)
}

// ctxError is returned when the caller's context ends the Send. It unwraps
// to ctx.Err() and is excluded from the breaker's counts: the caller giving
// up says nothing about the message center.
type ctxError struct {
	err     error // ctx.Err()
	jobID   uint64
	last    error // the last attempt's error, if any
	attempt int
}

func (e *ctxError) Error() string {
	if e.last == nil {
		return fmt.Sprintf("notify: job %d: %v", e.jobID, e.err)
	}
	return fmt.Sprintf("notify: job %d: %v (after %d attempts; last: %v)", e.jobID, e.err, e.attempt, e.last)
}

func (e *ctxError) Unwrap() error { return e.err }

// Client sends batches to the message center. It is safe for concurrent use.
type Client struct {
	url         string
	hc          *http.Client
	timeout     time.Duration
	retries     int
	baseBackoff time.Duration
	cb          *gobreaker.CircuitBreaker[struct{}]

	sent, failed, rejected atomic.Uint64
}

// New returns a Client for o. It fails if o.URL is not an absolute http or
// https URL with a host.
func New(o Options) (*Client, error) {
	u, err := url.Parse(o.URL)
	if err != nil {
		return nil, fmt.Errorf("notify: bad URL %q: %w", o.URL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("notify: bad URL %q: must be http or https with a host", o.URL)
	}
	c := &Client{
		url:         u.String(),
		hc:          o.HTTPClient,
		timeout:     o.Timeout,
		retries:     o.Retries,
		baseBackoff: o.BaseBackoff,
	}
	if c.hc == nil {
		c.hc = &http.Client{}
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	switch {
	case c.retries == 0:
		c.retries = DefaultRetries
	case c.retries < 0:
		c.retries = 0
	}
	if c.baseBackoff <= 0 {
		c.baseBackoff = DefaultBaseBackoff
	}
	failures := o.BreakerFailures
	if failures <= 0 {
		failures = DefaultBreakerFailures
	}
	cooldown := o.BreakerCooldown
	if cooldown <= 0 {
		cooldown = DefaultBreakerCooldown
	}
	c.cb = gobreaker.NewCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        "notify",
		MaxRequests: 1, // one probe Send when half-open
		Timeout:     cooldown,
		ReadyToTrip: func(n gobreaker.Counts) bool {
			return n.ConsecutiveFailures >= uint32(failures)
		},
		// The center answered: it is up, even if it did not like the batch.
		IsSuccessful: func(err error) bool {
			var pe *PermanentError
			return err == nil || errors.As(err, &pe)
		},
		IsExcluded: func(err error) bool {
			var ce *ctxError
			return errors.As(err, &ce)
		},
	})
	return c, nil
}

// State reports the circuit breaker's state: "closed", "open" or "half-open".
func (c *Client) State() string { return c.cb.State().String() }

// Stats returns the batch counters.
func (c *Client) Stats() Stats {
	return Stats{Sent: c.sent.Load(), Failed: c.failed.Load(), Rejected: c.rejected.Load()}
}

// IdempotencyKey is the Idempotency-Key header Send sets for m:
// "job-<jobId>-" followed by the first 16 hex digits of the SHA-256 of m's
// user ids, sorted and joined with NUL bytes. It does not depend on the
// order of m.UserIDs.
func IdempotencyKey(m Message) string {
	ids := slices.Clone(m.UserIDs)
	slices.Sort(ids)
	sum := sha256.Sum256([]byte(strings.Join(ids, "\x00")))
	return "job-" + strconv.FormatUint(m.JobID, 10) + "-" + hex.EncodeToString(sum[:])[:16]
}

// Send posts one batch. It retries inside and returns nil on a 2xx; ErrOpen,
// without a request, if the breaker is open; a *PermanentError (not
// retried) if the center rejected the batch; an error wrapping ctx.Err() if
// ctx ended first (also during a backoff wait); otherwise the last attempt's
// error, wrapped, after Retries+1 attempts. A Send that fails after its
// retries counts as one failure for the breaker; permanent errors and
// cancellations do not.
func (c *Client) Send(ctx context.Context, m Message) error {
	if len(m.UserIDs) == 0 {
		return fmt.Errorf("notify: job %d: empty batch", m.JobID)
	}
	body, err := json.Marshal(m)
	if err != nil { // cannot happen for Message; kept for safety
		return fmt.Errorf("notify: job %d: encode: %w", m.JobID, err)
	}
	key := IdempotencyKey(m)

	_, err = c.cb.Execute(func() (struct{}, error) {
		return struct{}{}, c.send(ctx, m.JobID, body, key)
	})
	switch {
	case err == nil:
		c.sent.Add(1)
		return nil
	case errors.Is(err, gobreaker.ErrOpenState), errors.Is(err, gobreaker.ErrTooManyRequests):
		c.rejected.Add(1)
		return ErrOpen
	default:
		c.failed.Add(1)
		return err
	}
}

// send makes up to retries+1 attempts.
func (c *Client) send(ctx context.Context, jobID uint64, body []byte, key string) error {
	if err := ctx.Err(); err != nil {
		return &ctxError{err: err, jobID: jobID}
	}
	var last error
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			t := time.NewTimer(c.backoff(attempt - 1))
			select {
			case <-ctx.Done():
				t.Stop()
				return &ctxError{err: ctx.Err(), jobID: jobID, last: last, attempt: attempt}
			case <-t.C:
			}
		}
		err := c.attempt(ctx, body, key)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return &ctxError{err: ctx.Err(), jobID: jobID, last: err, attempt: attempt + 1}
		}
		var pe *PermanentError
		if errors.As(err, &pe) {
			return err
		}
		last = err
		if attempt >= c.retries {
			return fmt.Errorf("notify: job %d: failed after %d attempts: %w", jobID, attempt+1, last)
		}
	}
}

// backoff is the wait before retry n (0-based): BaseBackoff*2^n capped at
// MaxBackoff, jittered uniformly to [d/2, d].
func (c *Client) backoff(n int) time.Duration {
	d := c.baseBackoff
	for i := 0; i < n && d < MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, MaxBackoff)
	half := d / 2
	return half + rand.N(d-half+1)
}

// attempt makes one request.
func (c *Client) attempt(ctx context.Context, body []byte, key string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		// Drain (bounded) so the connection can be reused.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil
	}
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, errBodyLimit))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	text := strings.TrimSpace(strings.ToValidUTF8(string(snippet), "?"))
	switch code := resp.StatusCode; {
	case code >= 500, code == http.StatusRequestTimeout, code == http.StatusTooManyRequests:
		return &statusError{code: code, body: text}
	default:
		return &PermanentError{StatusCode: code, Body: text}
	}
}
