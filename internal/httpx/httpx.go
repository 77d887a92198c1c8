// Package httpx holds the HTTP middleware every coupond response passes
// through: request ids, access logs, security headers.
package httpx

import (
	"context"
	"encoding/json"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

type requestIDKey struct{}

// RequestID returns the id of the request in ctx ("" outside one).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// Logging gives every request an id (the caller's X-Request-Id when it is
// sane, else a new one), echoes it in the response, and logs one line per
// request with slog.
func Logging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			// Request ids need to be unique, not secret: math/rand avoids a
			// system call per request.
			id = strconv.FormatUint(rand.Uint64(), 16)
		}
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r.WithContext(ctx))
		// One line per request would cost the hot path more than the claim
		// itself at flash-sale rates: only failures and slow requests are
		// logged at INFO; the rest at DEBUG (metrics count them all).
		level := slog.LevelDebug
		if rec.status >= 500 || time.Since(start) > time.Second {
			level = slog.LevelInfo
		}
		if !slog.Default().Enabled(ctx, level) {
			return
		}
		slog.Log(ctx, level, "http", "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the real writer (websockets,
// flushing).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// SecurityHeaders sets the headers every page and API response carries.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// LogHandler adds the request id of the record's context to every log
// record, so that a resolver's error can be matched to its access log line.
type LogHandler struct{ slog.Handler }

func (h LogHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h LogHandler) WithAttrs(a []slog.Attr) slog.Handler { return LogHandler{h.Handler.WithAttrs(a)} }
func (h LogHandler) WithGroup(n string) slog.Handler      { return LogHandler{h.Handler.WithGroup(n)} }

// WriteError answers a request refused before GraphQL saw it (too large,
// not allowed to upload, a store down while authenticating) as a GraphQL
// response with one error carrying the contract's code, and the HTTP
// status that says the same to proxies and plain HTTP clients.
func WriteError(w http.ResponseWriter, status int, code, message string) {
	body, _ := json.Marshal(map[string]any{
		"errors": []any{map[string]any{"message": message, "extensions": map[string]any{"code": code}}},
		"data":   nil,
	})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
