package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// A root field's scope holds what the resolvers below it share while it
// runs: the dataloaders that batch the per-row reads under a list
// (resolvers/loaders.go). It is made per root field of a query or a
// mutation, not per request: each root field makes its own replica choice
// (consistency.go), which a batch must not mix, and a mutation's later
// root fields must not see what a cache kept from before its earlier ones.
// Subscriptions have none, so each event reads afresh.
type scope struct {
	mu     sync.Mutex
	values map[any]any
}

type scopeKey struct{}

// scopeKind keys a scope's value by its type.
type scopeKind[T any] struct{}

// rootFieldScope gives each root field a fresh scope.
func rootFieldScope(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	return next(context.WithValue(ctx, scopeKey{}, &scope{values: map[any]any{}}))
}

// Scoped returns the T of ctx's root field scope, made by create on the
// first call and shared by the later ones. ok is false when ctx has no
// scope (a subscription's event, or a resolver called outside the
// handler): the caller then does without sharing.
func Scoped[T any](ctx context.Context, create func() T) (v T, ok bool) {
	s, _ := ctx.Value(scopeKey{}).(*scope)
	if s == nil {
		return v, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if x, found := s.values[scopeKind[T]{}]; found {
		return x.(T), true
	}
	v = create()
	s.values[scopeKind[T]{}] = v
	return v, true
}
