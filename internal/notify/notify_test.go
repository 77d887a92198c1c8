package notify_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/notify"
)

// server is an httptest server on 127.0.0.1 that counts requests and
// answers with handle.
type server struct {
	*httptest.Server
	requests atomic.Int64
}

func newServer(t *testing.T, handle func(n int64, w http.ResponseWriter, r *http.Request)) *server {
	t.Helper()
	s := &server{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Server = &httptest.Server{
		Listener: l,
		Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := s.requests.Add(1)
			handle(n, w, r)
		})},
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// fast are the tiny durations the tests run with. Timeout is only short
// where a test is about timeouts (TestSendTimeout sets 20ms): elsewhere a
// slow first connection under -race must not turn into an extra attempt
// and break the request counts. It never fires there, so costs nothing.
func fast(url string) notify.Options {
	return notify.Options{
		URL:             url,
		Timeout:         time.Second,
		BaseBackoff:     time.Millisecond,
		BreakerCooldown: 200 * time.Millisecond,
	}
}

func newClient(t *testing.T, o notify.Options) *notify.Client {
	t.Helper()
	c, err := notify.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func msg() notify.Message {
	return notify.Message{JobID: 42, CouponID: 7, UserIDs: []string{"u3", "u1", "u2"}}
}

func TestNewRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "ftp://example.com/x", "http://", "https:///path", "/relative", "example.com/notify", "http://[::1", "http://:8080/x"} {
		if _, err := notify.New(notify.Options{URL: u}); err == nil {
			t.Errorf("New(%q): want an error", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080/notify", "https://mc.example.com/v1/coupons"} {
		if _, err := notify.New(notify.Options{URL: u}); err != nil {
			t.Errorf("New(%q): %v", u, err)
		}
	}
}

func TestSendSuccess(t *testing.T) {
	type seen struct {
		method, contentType, key string
		body                     notify.Message
	}
	var mu sync.Mutex
	var got []seen
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		var m notify.Message
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("body %q: %v", b, err)
		}
		// The wire names are part of the contract.
		for _, f := range []string{`"jobId":42`, `"couponId":7`, `"userIds":[`} {
			if !strings.Contains(string(b), f) {
				t.Errorf("body %s lacks %s", b, f)
			}
		}
		mu.Lock()
		got = append(got, seen{r.Method, r.Header.Get("Content-Type"), r.Header.Get("Idempotency-Key"), m})
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	})
	c := newClient(t, fast(srv.URL))

	m := msg()
	if err := c.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	// Same users in another order: same batch, same key.
	m2 := notify.Message{JobID: 42, CouponID: 7, UserIDs: []string{"u2", "u3", "u1"}}
	if err := c.Send(context.Background(), m2); err != nil {
		t.Fatal(err)
	}
	// Another batch of the same job: another key.
	m3 := notify.Message{JobID: 42, CouponID: 7, UserIDs: []string{"u4"}}
	if err := c.Send(context.Background(), m3); err != nil {
		t.Fatal(err)
	}

	if len(got) != 3 {
		t.Fatalf("server saw %d requests, want 3", len(got))
	}
	sum := sha256.Sum256([]byte("u1\x00u2\x00u3"))
	wantKey := "job-42-" + hex.EncodeToString(sum[:])[:16]
	g := got[0]
	if g.method != http.MethodPost || g.contentType != "application/json" {
		t.Errorf("method %s, content type %q", g.method, g.contentType)
	}
	if g.key != wantKey || notify.IdempotencyKey(m) != wantKey {
		t.Errorf("key %q (IdempotencyKey %q), want %q", g.key, notify.IdempotencyKey(m), wantKey)
	}
	if g.body.JobID != 42 || g.body.CouponID != 7 || strings.Join(g.body.UserIDs, ",") != "u3,u1,u2" {
		t.Errorf("body %+v", g.body)
	}
	if got[1].key != wantKey {
		t.Errorf("reordered batch key %q, want %q", got[1].key, wantKey)
	}
	if got[2].key == wantKey || !strings.HasPrefix(got[2].key, "job-42-") || len(got[2].key) != len(wantKey) {
		t.Errorf("other batch key %q (first %q)", got[2].key, wantKey)
	}
	if strings.Join(m.UserIDs, ",") != "u3,u1,u2" {
		t.Errorf("Send reordered the caller's slice: %v", m.UserIDs)
	}
	if s := c.Stats(); s != (notify.Stats{Sent: 3}) {
		t.Errorf("stats %+v", s)
	}
	if st := c.State(); st != "closed" {
		t.Errorf("state %q", st)
	}
}

func TestSendRetriesThenSucceeds(t *testing.T) {
	var keys sync.Map
	srv := newServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		keys.Store(r.Header.Get("Idempotency-Key"), true)
		if n <= 2 {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	c := newClient(t, fast(srv.URL))
	if err := c.Send(context.Background(), msg()); err != nil {
		t.Fatal(err)
	}
	if n := srv.requests.Load(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	nkeys := 0
	keys.Range(func(any, any) bool { nkeys++; return true })
	if nkeys != 1 {
		t.Errorf("retries used %d idempotency keys, want 1", nkeys)
	}
	if s := c.Stats(); s != (notify.Stats{Sent: 1}) {
		t.Errorf("stats %+v", s)
	}
}

func TestSendRetries408And429(t *testing.T) {
	srv := newServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 1:
			w.WriteHeader(http.StatusRequestTimeout)
		case 2:
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	c := newClient(t, fast(srv.URL))
	if err := c.Send(context.Background(), msg()); err != nil {
		t.Fatal(err)
	}
	if n := srv.requests.Load(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestSendGivesUpAfterRetries(t *testing.T) {
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	})
	o := fast(srv.URL)
	o.Retries = 2
	c := newClient(t, o)
	err := c.Send(context.Background(), msg())
	if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "down for maintenance") {
		t.Fatalf("err %v", err)
	}
	var pe *notify.PermanentError
	if errors.As(err, &pe) {
		t.Errorf("a 503 is not permanent: %v", err)
	}
	if n := srv.requests.Load(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if s := c.Stats(); s != (notify.Stats{Failed: 1}) {
		t.Errorf("stats %+v", s)
	}
}

func TestSendNoRetries(t *testing.T) {
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	})
	o := fast(srv.URL)
	o.Retries = -1
	c := newClient(t, o)
	if err := c.Send(context.Background(), msg()); err == nil {
		t.Fatal("want an error")
	}
	if n := srv.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestSendTimeout(t *testing.T) {
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		// Read the body so the server notices the client hanging up (and
		// cancels r.Context()) instead of holding Close for the whole sleep.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-time.After(500 * time.Millisecond): // far past Timeout
		case <-r.Context().Done():
		}
	})
	o := fast(srv.URL)
	o.Timeout = 20 * time.Millisecond // Retries 3 by default
	c := newClient(t, o)
	start := time.Now()
	err := c.Send(context.Background(), msg())
	if err == nil {
		t.Fatal("want an error")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v: want a deadline error", err)
	}
	if !strings.Contains(err.Error(), "4 attempts") {
		t.Errorf("err %v", err)
	}
	if n := srv.requests.Load(); n != 4 {
		t.Errorf("%d requests, want Retries+1 = 4", n)
	}
	if d := time.Since(start); d > 400*time.Millisecond {
		t.Errorf("Send took %v: per-request timeout not applied", d)
	}
}

func TestSendPermanentError(t *testing.T) {
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		http.Error(w, "unknown coupon", http.StatusBadRequest)
	})
	o := fast(srv.URL)
	o.BreakerFailures = 2
	c := newClient(t, o)
	for i := range 5 { // more than BreakerFailures
		err := c.Send(context.Background(), msg())
		var pe *notify.PermanentError
		if !errors.As(err, &pe) {
			t.Fatalf("send %d: err %v, want *PermanentError", i, err)
		}
		if pe.StatusCode != http.StatusBadRequest || pe.Body != "unknown coupon" {
			t.Errorf("%+v", pe)
		}
	}
	if n := srv.requests.Load(); n != 5 {
		t.Errorf("%d requests, want 5 (no retries)", n)
	}
	if st := c.State(); st != "closed" {
		t.Errorf("state %q: a 4xx must not trip the breaker", st)
	}
	if s := c.Stats(); s != (notify.Stats{Failed: 5}) {
		t.Errorf("stats %+v", s)
	}
}

func waitState(t *testing.T, c *notify.Client, want string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for c.State() != want {
		if time.Now().After(deadline) {
			t.Fatalf("state %q, want %q within %v", c.State(), want, within)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBreaker(t *testing.T) {
	var up atomic.Bool
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		if up.Load() {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
	})
	o := fast(srv.URL)
	o.BreakerFailures = 3
	o.Retries = 1
	c := newClient(t, o)

	for i := range 3 {
		if st := c.State(); st != "closed" {
			t.Fatalf("before send %d: state %q", i, st)
		}
		err := c.Send(context.Background(), msg())
		if err == nil || errors.Is(err, notify.ErrOpen) {
			t.Fatalf("send %d: err %v", i, err)
		}
	}
	if st := c.State(); st != "open" {
		t.Fatalf("after %d failed sends: state %q", 3, st)
	}
	before := srv.requests.Load()
	if before != 6 {
		t.Errorf("%d requests, want 3 sends x 2 attempts", before)
	}
	start := time.Now()
	for range 3 {
		if err := c.Send(context.Background(), msg()); err != notify.ErrOpen {
			t.Fatalf("err %v, want ErrOpen", err)
		}
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("ErrOpen took %v", d)
	}
	if n := srv.requests.Load(); n != before {
		t.Errorf("an open breaker made %d requests", n-before)
	}
	if s := c.Stats(); s != (notify.Stats{Failed: 3, Rejected: 3}) {
		t.Errorf("stats %+v", s)
	}

	up.Store(true)
	waitState(t, c, "half-open", 2*time.Second)
	if err := c.Send(context.Background(), msg()); err != nil {
		t.Fatalf("probe: %v", err)
	}
	if st := c.State(); st != "closed" {
		t.Errorf("after a good probe: state %q", st)
	}
	if err := c.Send(context.Background(), msg()); err != nil {
		t.Fatal(err)
	}
	if s := c.Stats(); s != (notify.Stats{Sent: 2, Failed: 3, Rejected: 3}) {
		t.Errorf("stats %+v", s)
	}
}

func TestBreakerFailedProbeReopens(t *testing.T) {
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	})
	o := fast(srv.URL)
	o.BreakerFailures = 1
	o.Retries = -1
	c := newClient(t, o)
	if err := c.Send(context.Background(), msg()); err == nil || errors.Is(err, notify.ErrOpen) {
		t.Fatalf("err %v", err)
	}
	waitState(t, c, "half-open", 2*time.Second)
	if err := c.Send(context.Background(), msg()); err == nil || errors.Is(err, notify.ErrOpen) {
		t.Fatalf("probe err %v", err)
	}
	if st := c.State(); st != "open" {
		t.Errorf("after a failed probe: state %q", st)
	}
}

// While the half-open probe is in flight, other Sends get ErrOpen at once.
func TestBreakerOneProbe(t *testing.T) {
	var up atomic.Bool
	release := make(chan struct{})
	arrived := make(chan struct{}, 10)
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
		w.WriteHeader(http.StatusOK)
	})
	o := fast(srv.URL)
	o.Timeout = 5 * time.Second // the probe is held by the test, not timed out
	o.BreakerFailures = 1
	o.Retries = -1
	c := newClient(t, o)
	if err := c.Send(context.Background(), msg()); err == nil {
		t.Fatal("want an error")
	}
	up.Store(true)
	waitState(t, c, "half-open", 2*time.Second)

	probe := make(chan error, 1)
	go func() { probe <- c.Send(context.Background(), msg()) }()
	<-arrived
	if err := c.Send(context.Background(), msg()); err != notify.ErrOpen {
		t.Errorf("during the probe: err %v, want ErrOpen", err)
	}
	close(release)
	if err := <-probe; err != nil {
		t.Fatalf("probe: %v", err)
	}
	if st := c.State(); st != "closed" {
		t.Errorf("state %q", st)
	}
}

func TestSendCancelDuringBackoff(t *testing.T) {
	first := make(chan struct{}, 1)
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		select {
		case first <- struct{}{}:
		default:
		}
		w.WriteHeader(http.StatusInternalServerError)
	})
	o := fast(srv.URL)
	o.BaseBackoff = time.Second // the wait after the first failure is >= 500ms
	o.BreakerFailures = 1
	c := newClient(t, o)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- c.Send(ctx, msg()) }()
	<-first
	time.Sleep(5 * time.Millisecond) // let the response arrive and the backoff start
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 200*time.Millisecond {
			t.Errorf("returned %v after cancel", d)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Send did not return after cancel")
	}
	if n := srv.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	// The caller giving up says nothing about the center.
	if st := c.State(); st != "closed" {
		t.Errorf("state %q after a cancelled send", st)
	}
}

func TestSendCancelledContext(t *testing.T) {
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	c := newClient(t, fast(srv.URL))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Send(ctx, msg()); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v", err)
	}
	if n := srv.requests.Load(); n != 0 {
		t.Errorf("%d requests", n)
	}
}

func TestSendEmptyBatch(t *testing.T) {
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	c := newClient(t, fast(srv.URL))
	if err := c.Send(context.Background(), notify.Message{JobID: 1, CouponID: 2}); err == nil {
		t.Error("want an error for an empty batch")
	}
	if n := srv.requests.Load(); n != 0 {
		t.Errorf("%d requests", n)
	}
}

func TestSendConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	o := fast("http://" + addr + "/notify")
	o.BreakerFailures = 2
	c := newClient(t, o)
	for range 2 {
		if err := c.Send(context.Background(), msg()); err == nil || errors.Is(err, notify.ErrOpen) {
			t.Fatalf("err %v", err)
		}
	}
	if err := c.Send(context.Background(), msg()); err != notify.ErrOpen {
		t.Errorf("err %v, want ErrOpen", err)
	}
}

func TestConcurrentSends(t *testing.T) {
	var seen sync.Map
	srv := newServer(t, func(_ int64, w http.ResponseWriter, r *http.Request) {
		// Each batch fails once, then goes through.
		if _, again := seen.LoadOrStore(r.Header.Get("Idempotency-Key"), true); !again {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	o := fast(srv.URL)
	c := newClient(t, o)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			m := notify.Message{JobID: 9, CouponID: 1, UserIDs: []string{"u" + string(rune('a'+i))}}
			if err := c.Send(context.Background(), m); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if s := c.Stats(); s != (notify.Stats{Sent: 20}) {
		t.Errorf("stats %+v", s)
	}
	if n := srv.requests.Load(); n != 40 {
		t.Errorf("%d requests, want 40", n)
	}
}
