package graph

import (
	"context"
	"log/slog"
	"regexp"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/models"
)

var (
	requests = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "coupond_graphql_requests_total",
		Help: "GraphQL responses by operation and outcome (ok or the first error code).",
	}, []string{"operation", "outcome"})
	latency = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "coupond_graphql_request_duration_seconds",
		Help:    "GraphQL response latency by operation.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"operation"})
)

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_]`)

// operationLabel is the operation's name, or its first root field, cut to
// a safe label so that clients cannot blow up the metric's cardinality.
func operationLabel(ctx context.Context) string {
	if !graphql.HasOperationContext(ctx) {
		return "invalid"
	}
	oc := graphql.GetOperationContext(ctx)
	name := oc.OperationName
	if name == "" && oc.Operation != nil && len(oc.Operation.SelectionSet) > 0 {
		name = string(oc.Operation.Operation)
		if f, ok := oc.Operation.SelectionSet[0].(*ast.Field); ok {
			name += "_" + f.Name
		}
	}
	if !safeLabel(name) {
		name = unsafeName.ReplaceAllString(name, "_")
	}
	if len(name) > 48 {
		name = name[:48]
	}
	if name == "" {
		name = "anonymous"
	}
	return name
}

// safeLabel reports whether name has only the characters unsafeName keeps,
// so that the usual, already safe name costs no regexp pass.
func safeLabel(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func observe(ctx context.Context, start time.Time, resp *graphql.Response) {
	op := operationLabel(ctx)
	outcome := "ok"
	if len(resp.Errors) > 0 {
		outcome, _ = resp.Errors[0].Extensions["code"].(string)
	}
	latency.WithLabelValues(op).Observe(time.Since(start).Seconds())
	requests.WithLabelValues(op, outcome).Inc()
}

// auditMutations writes an audit entry for every mutation field called by a
// console user or API key (and for every login attempt), after it ran.
func auditMutations(a *auth.Auditor) graphql.RootFieldMiddleware {
	return func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		oc := graphql.GetOperationContext(ctx)
		rfc := graphql.GetRootFieldContext(ctx)
		if oc.Operation == nil || oc.Operation.Operation != "mutation" || rfc == nil {
			return next(ctx)
		}
		p := auth.FromContext(ctx)
		field := rfc.Field.Name
		if field != "login" && (p == nil || p.Kind == models.KindShopper) {
			return next(ctx)
		}
		ctx, rec := auth.WithRecord(ctx)
		out := next(ctx)
		if highVolume[field] && rec.EntityID == "" {
			// A refused or replayed claim changed nothing: at flash-sale
			// rates, auditing refusals would write a row per refusal.
			return out
		}
		args := rfc.Field.ArgumentMap(oc.Variables)
		redact(args)
		actor := p.Actor()
		detail := map[string]any{"args": args, "errors": len(graphql.GetErrors(ctx))}
		if field == "login" {
			if rec.Refused == models.CodeRateLimited {
				// Refused before any check: writing it would let anyone
				// grow the log at the rate they can send requests.
				return out
			}
			// The actor is who was authenticated, never the name typed;
			// the name (cut to its bounds) and the outcome are the detail.
			actor = rec.Authenticated.Actor()
			outcome := "ok"
			if rec.Refused != "" {
				outcome = string(rec.Refused)
			}
			detail = map[string]any{"username": args["username"], "outcome": outcome, "errors": len(graphql.GetErrors(ctx))}
		}
		entry := &models.AuditEntry{At: time.Now().UTC(), Actor: actor, Action: field, EntityType: rec.EntityType, EntityID: rec.EntityID}
		write := a.Write
		if p != nil && p.Kind == models.KindAPIKey {
			write = a.Queue
		}
		if err := write(ctx, entry, detail); err != nil {
			slog.ErrorContext(ctx, "audit write failed", "action", field, "err", err)
		}
		return out
	}
}

// highVolume are the mutations the mall's services call per shopper action;
// they are audited only when they change something.
var highVolume = map[string]bool{
	"claimCoupon": true, "claimCoupons": true, "redeemCode": true,
	"lockCoupon": true, "useCoupon": true, "releaseCoupon": true, "refundOrder": true,
}

// redact blanks secrets in audited arguments.
func redact(m map[string]any) {
	for k, v := range m {
		switch k {
		case "password", "secret", "code", "file":
			m[k] = "[redacted]"
			continue
		}
		switch sub := v.(type) {
		case map[string]any:
			redact(sub)
		case []any:
			for _, e := range sub {
				if m, ok := e.(map[string]any); ok {
					redact(m)
				}
			}
		}
	}
}
