package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

func TestOperationLabel(t *testing.T) {
	anonymous := &ast.OperationDefinition{
		Operation:    ast.Mutation,
		SelectionSet: ast.SelectionSet{&ast.Field{Name: "claimCoupon"}},
	}
	for _, tc := range []struct {
		name string
		op   *ast.OperationDefinition
		want string
	}{
		{"ClaimHot", nil, "ClaimHot"},
		{"claim_2", nil, "claim_2"},
		{"claim-it!", nil, "claim_it_"},
		{"réclamer", nil, "r_clamer"},
		{strings.Repeat("x", 60), nil, strings.Repeat("x", 48)},
		{"", anonymous, "mutation_claimCoupon"},
		{"", nil, "anonymous"},
	} {
		ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{OperationName: tc.name, Operation: tc.op})
		if got := operationLabel(ctx); got != tc.want {
			t.Errorf("operationLabel(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := operationLabel(context.Background()); got != "invalid" {
		t.Errorf("without an operation: %q, want invalid", got)
	}
}
