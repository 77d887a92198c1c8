package tags

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/sony/gobreaker/v2"
)

// Provider asks an external tag service for a user's tags:
// GET <URL>?userId=<id> answering {"tags": ["vip", ...]}. Calls go through a
// circuit breaker with a timeout; while it is open, or when a call fails,
// callers fall back to the stored tags and the skip is counted.
type Provider struct {
	url     string
	client  *http.Client
	breaker *gobreaker.CircuitBreaker[[]string]
	skipped atomic.Uint64
}

// NewProvider returns a provider of the service at rawURL; calls time out
// after timeout (default 200ms). The breaker opens after 5 consecutive
// failures and probes again after 5 seconds.
func NewProvider(rawURL string, timeout time.Duration) (*Provider, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("tag service URL %q: want http(s)://host/path", rawURL)
	}
	if timeout == 0 {
		timeout = 200 * time.Millisecond
	}
	return &Provider{
		url:    rawURL,
		client: &http.Client{Timeout: timeout},
		breaker: gobreaker.NewCircuitBreaker[[]string](gobreaker.Settings{
			Name:        "tag-service",
			Timeout:     5 * time.Second,
			ReadyToTrip: func(c gobreaker.Counts) bool { return c.ConsecutiveFailures >= 5 },
		}),
	}, nil
}

// Tags returns the service's tags of a user, or ok=false when the call
// failed or the breaker is open.
func (p *Provider) Tags(ctx context.Context, userID string) (tags []string, ok bool) {
	tags, err := p.breaker.Execute(func() ([]string, error) { return p.fetch(ctx, userID) })
	if err != nil {
		p.skipped.Add(1)
		return nil, false
	}
	return tags, true
}

// Skipped counts the calls that fell back to stored tags.
func (p *Provider) Skipped() uint64 { return p.skipped.Load() }

// State is the breaker's state ("closed", "open", "half-open").
func (p *Provider) State() string { return p.breaker.State().String() }

func (p *Provider) fetch(ctx context.Context, userID string) ([]string, error) {
	u, _ := url.Parse(p.url)
	q := u.Query()
	q.Set("userId", userID)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	res, err := p.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("tag service: HTTP %d", res.StatusCode)
	}
	var body struct {
		Tags []string `json:"tags"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&body); err != nil {
		return nil, fmt.Errorf("tag service: %w", err)
	}
	return body.Tags, nil
}
