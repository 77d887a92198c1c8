package graph

import (
	"context"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/models"
)

// Limits bound what one request may ask for.
type Limits struct {
	Complexity int // default 20000; a list field costs its children times `first`
	Depth      int // default 12 selection levels (introspection not counted)
	Tokens     int // default 15000 lexer tokens
	// BodyBytes bounds a request that is not an upload (default 2 MiB);
	// UploadBytes an upload (default 256 MiB). See guard.
	BodyBytes   int64
	UploadBytes int64
}

// The default limits of a request's size (COUPOND_MAX_BODY, COUPOND_MAX_UPLOAD).
const (
	DefaultBodyBytes   = 2 << 20
	DefaultUploadBytes = 256 << 20
)

// Options configure the GraphQL handler.
type Options struct {
	Resolvers ResolverRoot
	Auditor   *auth.Auditor
	Dev       bool // introspection and field suggestions for everyone
	Limits    Limits
	// Pins, when the databases have replicas: browsing fields may read a
	// replica, and a mutation's caller reads the primary for the pins'
	// window after it (consistency.go). Nil: every read goes to the primary.
	Pins *consistency.Pins
}

// NewHandler returns the GraphQL endpoint: POST, GET (queries only),
// multipart uploads and websockets, with every guard of the contract.
func NewHandler(o Options) http.Handler {
	if o.Limits.Complexity == 0 {
		o.Limits.Complexity = 20000
	}
	if o.Limits.Depth == 0 {
		o.Limits.Depth = 12
	}
	if o.Limits.Tokens == 0 {
		o.Limits.Tokens = 15000
	}
	if o.Limits.UploadBytes == 0 {
		o.Limits.UploadBytes = DefaultUploadBytes
	}
	if o.Limits.BodyBytes == 0 {
		o.Limits.BodyBytes = DefaultBodyBytes
	}
	cfg := Config{Resolvers: o.Resolvers}
	cfg.Directives.HasRole = hasRole
	setComplexity(&cfg.Complexity)

	srv := handler.New(NewExecutableSchema(cfg))
	// The default websocket implementation refuses cross-origin upgrades, so
	// a foreign page cannot ride the console's session cookie.
	srv.AddTransport(transport.Websocket{KeepAlivePingInterval: 10 * time.Second})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	// Files past 1 MiB go to temporary files, which the upload mutations
	// read as streams.
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: o.Limits.UploadBytes, MaxMemory: 1 << 20})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(o.Limits.Tokens)
	srv.SetDisableSuggestion(!o.Dev)
	srv.SetErrorPresenter(presentError)
	srv.SetRecoverFunc(recoverPanic)
	srv.Use(roleIntrospection{dev: o.Dev})
	srv.Use(depthLimit{max: o.Limits.Depth})
	srv.Use(onceARequest{"redeemCode": true, "login": true})
	srv.Use(extension.FixedComplexityLimit(o.Limits.Complexity))
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.AroundRootFields(rootFieldScope)
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		start := time.Now()
		resp := next(ctx)
		if resp != nil {
			normaliseCodes(resp.Errors, o.Dev)
			observe(ctx, start, resp)
		}
		return resp
	})
	if o.Auditor != nil {
		srv.AroundRootFields(auditMutations(o.Auditor))
	}
	if o.Pins != nil {
		srv.AroundRootFields(replicaReads(o.Pins))
		srv.AroundResponses(pinWriters(o.Pins))
	}
	return guard(srv, o.Limits)
}

// hasRole implements @hasRole: UNAUTHENTICATED without a principal,
// FORBIDDEN without one of the roles (ADMIN has them all).
func hasRole(ctx context.Context, _ any, next graphql.Resolver, roles []gqlmodel.Role) (any, error) {
	want := make([]models.Role, len(roles))
	for i, r := range roles {
		want[i] = models.Role(r)
	}
	if err := auth.Require(ctx, want...); err != nil {
		return nil, err
	}
	return next(ctx)
}

// introspection opens the schema to everyone in dev mode, else to ADMIN only.
type roleIntrospection struct{ dev bool }

func (roleIntrospection) ExtensionName() string                   { return "RoleIntrospection" }
func (roleIntrospection) Validate(graphql.ExecutableSchema) error { return nil }
func (i roleIntrospection) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	oc.DisableIntrospection = !(i.dev || auth.FromContext(ctx).Has(models.RoleAdmin))
	return nil
}
