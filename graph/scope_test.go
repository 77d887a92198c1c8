package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

func TestScoped(t *testing.T) {
	type set struct{ n int }
	made := 0
	create := func() *set { made++; return &set{made} }
	if _, ok := Scoped(context.Background(), create); ok || made != 0 {
		t.Fatal("a scope outside a root field")
	}
	var first, again, other *set
	rootFieldScope(context.Background(), func(ctx context.Context) graphql.Marshaler {
		first, _ = Scoped(ctx, create)
		again, _ = Scoped(ctx, create)
		return graphql.Null
	})
	rootFieldScope(context.Background(), func(ctx context.Context) graphql.Marshaler {
		other, _ = Scoped(ctx, create)
		return graphql.Null
	})
	if first != again || first == other || made != 2 {
		t.Errorf("one root field made %v and %v, the next %v (%d made); want one per root field", first, again, other, made)
	}
}
