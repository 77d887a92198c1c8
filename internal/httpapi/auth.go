package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/httpx"
	"github.com/coupond/coupond/models"
)

// SessionCookie is the name of the console's session cookie.
const SessionCookie = "coupond_session"

type httpKey struct{}

type httpCtx struct {
	w      http.ResponseWriter
	r      *http.Request
	secure bool
}

// Authenticate returns the middleware that authenticates each request from
// its session cookie or its `Authorization: Bearer` header (an API key, or
// a shopper JWT) with a, and puts the principal and the client's address
// in the context (auth.FromContext, auth.ClientIP). Bad credentials make
// the request anonymous, so that the API answers UNAUTHENTICATED where it
// matters. A request that rides the session cookie from another site is
// refused, 403 FORBIDDEN (see sameOrigin); a store failure is 503
// UNAVAILABLE. Both answer as GraphQL responses.
func Authenticate(a *auth.Service) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(r.Context(), httpKey{}, &httpCtx{w: w, r: r, secure: r.TLS != nil})
			ctx = auth.WithClientIP(ctx, clientIP(r))
			p, err := authenticate(ctx, a, r)
			switch {
			case errors.Is(err, errCrossSite):
				httpx.WriteError(w, http.StatusForbidden, string(models.CodeForbidden),
					"cross-site request refused: the session cookie is accepted only from this server's own pages")
				return
			case err != nil:
				slog.ErrorContext(ctx, "authenticate", "err", err)
				httpx.WriteError(w, http.StatusServiceUnavailable, string(models.CodeUnavailable),
					"a backing service is unavailable; retry later")
				return
			}
			if p != nil {
				ctx = auth.WithPrincipal(ctx, p)
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

var errCrossSite = errors.New("httpapi: cross-site request with the session cookie")

func authenticate(ctx context.Context, a *auth.Service, r *http.Request) (*auth.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, nil
		}
		return a.Bearer(ctx, strings.TrimSpace(token))
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if !sameOrigin(r) {
			return nil, errCrossSite
		}
		return a.Session(ctx, c.Value)
	}
	return nil, nil
}

// sameOrigin reports whether a request that carries the session cookie
// may act on it: a safe method (GET, HEAD, OPTIONS: the GraphQL GET
// transport runs no mutation, and websockets check their origin), or an
// unsafe one that a browser says comes from this server's own pages. A
// browser sends Origin with every cross-origin POST, multipart forms
// included, which need no CORS preflight, and Sec-Fetch-Site with every
// request; SameSite=Strict alone does not cover sibling subdomains. A
// request with neither header (curl, a script) is not a browser's, and
// cannot have been forged by a page.
func sameOrigin(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return false
	}
	if ref := r.Header.Get("Referer"); ref != "" {
		u, err := url.Parse(ref)
		return err == nil && strings.EqualFold(u.Host, r.Host)
	}
	return true
}

// clientIP is the address of r's client: the connection's peer (put a
// proxy's forwarding in front of coupond and the proxy is the client).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// SetSessionCookie sets (or, with an empty token, clears) the session
// cookie on the HTTP response of the request in ctx: HttpOnly,
// SameSite=Strict, Secure when the request came over TLS. Outside a request
// that passed Authenticate, it does nothing.
func SetSessionCookie(ctx context.Context, token string, ttl time.Duration) {
	hc, _ := ctx.Value(httpKey{}).(*httpCtx)
	if hc == nil {
		return
	}
	c := &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: hc.secure || hc.r.Header.Get("X-Forwarded-Proto") == "https"}
	if token == "" {
		c.MaxAge = -1
	} else {
		c.MaxAge = int(ttl.Seconds())
	}
	http.SetCookie(hc.w, c)
}

// SessionToken returns the session cookie's token of the request in ctx
// ("" without one, or outside a request that passed Authenticate).
func SessionToken(ctx context.Context) string {
	hc, _ := ctx.Value(httpKey{}).(*httpCtx)
	if hc == nil {
		return ""
	}
	if c, err := hc.r.Cookie(SessionCookie); err == nil {
		return c.Value
	}
	return ""
}
