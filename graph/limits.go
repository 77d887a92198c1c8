package graph

import (
	"context"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/models"
)

// depthLimit refuses operations nested deeper than max fields. Fields of
// the introspection system (__schema, __type) are not descended into:
// whether introspection is allowed at all is decided elsewhere.
type depthLimit struct{ max int }

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, oc.Doc, 0); depth > d.max {
		return &gqlerror.Error{
			Message:    "the query is nested too deeply",
			Extensions: map[string]any{"code": string(models.CodeQueryTooComplex), "depth": depth, "maxDepth": d.max},
		}
	}
	return nil
}

func selectionDepth(set ast.SelectionSet, doc *ast.QueryDocument, guard int) int {
	if guard > 64 {
		return guard
	}
	deepest := 0
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				d = 1
			} else {
				d = 1 + selectionDepth(s.SelectionSet, doc, guard+1)
			}
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, doc, guard+1)
		case *ast.FragmentSpread:
			if f := doc.Fragments.ForName(s.Name); f != nil {
				d = selectionDepth(f.SelectionSet, doc, guard+1)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// page is the cost multiplier of a list field: its `first` argument, or
// the default page size.
func page(first *int) int {
	if first == nil || *first < 1 {
		return models.DefaultPageSize
	}
	return min(*first, models.MaxPageSize)
}

// setComplexity makes every list field cost its children times its page.
func setComplexity(c *ComplexityRoot) {
	c.Query.Coupons = func(child int, first *int, _ *string, _ *gqlmodel.CouponFilter, _ *gqlmodel.CouponOrder) int {
		return 1 + child*page(first)
	}
	c.Query.ClaimableCoupons = func(child int, _, _ *string, first *int, _ *string) int { return 1 + child*page(first) }
	c.Query.UserCoupons = func(child int, _ *string, _ []gqlmodel.UserCouponStatus, first *int, _ *string) int {
		return 1 + child*page(first)
	}
	c.Query.Products = func(child int, _ *string, _ *bool, first *int, _ *string) int { return 1 + child*page(first) }
	c.Query.IssuanceJobs = func(child int, _ *string, _ []gqlmodel.JobStatus, first *int, _ *string) int {
		return 1 + child*page(first)
	}
	c.Query.AuditLog = func(child int, _, _, _ *string, first *int, _, _ *string, _, _ *time.Time) int {
		return 1 + child*page(first)
	}
	c.StatsOverview.TopCoupons = func(child int, first *int) int { return 1 + child*page(first) }
	c.Query.Tags = func(child int) int { return 1 + child*models.MaxPageSize }
	c.Query.Categories = func(child int) int { return 1 + child*models.MaxPageSize }
	c.Query.APIKeys = func(child int) int { return 1 + child*models.DefaultPageSize }
	c.Query.ConsoleUsers = func(child int) int { return 1 + child*models.DefaultPageSize }
	c.Query.CodeBatches = func(child int, _ string) int { return 1 + child*models.DefaultPageSize }
	c.Query.ProductStats = func(child int, _ *string, _, _ time.Time, first *int) int { return 1 + child*page(first) }
	c.Query.StatsSeries = func(child int, _ *string, from, to time.Time, g gqlmodel.Granularity) int {
		return 1 + child*seriesPoints(from, to, g)
	}
}

// seriesPoints is how many points a statistics series of the range has
// (the buckets it cuts the range into, at most a series' limit): a series
// costs what it returns.
func seriesPoints(from, to time.Time, g gqlmodel.Granularity) int {
	step, limit := time.Hour, 31*24
	if g == gqlmodel.GranularityDay {
		step, limit = 24*time.Hour, 366
	}
	if !from.Before(to) {
		return 1
	}
	n := int(to.Sub(from)/step) + 2 // ragged ends
	return max(1, min(n, limit))
}

// onceARequest refuses an operation that names one of these root fields
// more than once, whatever the aliases, fragments or their nesting: a
// guess at a code or a password costs a request each, so rate limits count
// every guess. (Batched requests, several operations in one body, are not
// accepted by any transport.)
type onceARequest map[string]bool

func (onceARequest) ExtensionName() string                   { return "OnceARequest" }
func (onceARequest) Validate(graphql.ExecutableSchema) error { return nil }
func (o onceARequest) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	c := onceCounter{names: o, doc: oc.Doc, frags: map[string]map[string]int{}}
	for name, n := range c.count(oc.Operation.SelectionSet) {
		if n > 1 {
			return &gqlerror.Error{
				Message:    "at most one " + name + " may be asked for in a request",
				Extensions: map[string]any{"code": string(models.CodeRateLimited), "field": name},
			}
		}
	}
	return nil
}

// onceCounter counts the watched fields of a selection set through every
// level of fragments. A named fragment is counted once and its counts
// reused wherever it is spread, so a document that spreads fragments into
// each other many times costs no more than its size. (Validation has
// already refused fragment cycles.)
type onceCounter struct {
	names onceARequest
	doc   *ast.QueryDocument
	frags map[string]map[string]int
}

func (c *onceCounter) count(set ast.SelectionSet) map[string]int {
	out := map[string]int{}
	add := func(m map[string]int) {
		for k, v := range m {
			out[k] += v
		}
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if c.names[s.Name] {
				out[s.Name]++
			}
		case *ast.InlineFragment:
			add(c.count(s.SelectionSet))
		case *ast.FragmentSpread:
			m, ok := c.frags[s.Name]
			if !ok {
				c.frags[s.Name] = map[string]int{} // a cycle, were one to get here, counts nothing
				if f := c.doc.Fragments.ForName(s.Name); f != nil {
					m = c.count(f.SelectionSet)
				}
				c.frags[s.Name] = m
			}
			add(m)
		}
	}
	return out
}
