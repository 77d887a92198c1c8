package auth

import (
	"encoding/json"
	"strings"
	"testing"
)

// A mutation's arguments (JSON's own Go types) and the same detail as a
// struct are cut alike: long strings and lists say what was left out, and
// a detail past maxDetailBytes keeps its keys only.
func TestBoundedDetail(t *testing.T) {
	long := strings.Repeat("é", 400)
	ids := make([]any, 30)
	for i := range ids {
		ids[i] = "p" + strings.Repeat("1", i%3+1)
	}
	args := map[string]any{"input": map[string]any{"name": long, "productIds": ids, "stock": int64(10), "on": true, "off": nil}}
	type input struct {
		Name       string `json:"name"`
		ProductIDs []any  `json:"productIds"`
		Stock      int64  `json:"stock"`
		On         bool   `json:"on"`
		Off        any    `json:"off"`
	}
	typed := map[string]any{"input": input{Name: long, ProductIDs: ids, Stock: 10, On: true}}

	plain, viaJSON := bounded(args), bounded(typed)
	if plain != viaJSON {
		t.Fatalf("the same detail is cut two ways:\n%s\n%s", plain, viaJSON)
	}
	var got struct {
		Input struct {
			Name       string `json:"name"`
			ProductIDs []any  `json:"productIds"`
			Stock      int64  `json:"stock"`
		} `json:"input"`
	}
	if err := json.Unmarshal([]byte(plain), &got); err != nil {
		t.Fatalf("detail is not JSON: %v: %s", err, plain)
	}
	if len(got.Input.Name) > maxAuditString || !strings.HasSuffix(got.Input.Name, "...(800 bytes)") {
		t.Errorf("a long name is not cut with its size: %q", got.Input.Name)
	}
	if len(got.Input.ProductIDs) != maxAuditList+1 || got.Input.ProductIDs[maxAuditList] != "... 10 more" {
		t.Errorf("a long list is not cut with its count: %v", got.Input.ProductIDs)
	}
	if got.Input.Stock != 10 {
		t.Errorf("stock = %d, want 10", got.Input.Stock)
	}

	many := map[string]any{}
	for i := range 200 {
		many[strings.Repeat("k", 10)+string(rune('a'+i%26))+strings.Repeat("x", i)] = strings.Repeat("v", 200)
	}
	huge := bounded(many)
	if len(huge) > maxDetailBytes || !strings.Contains(huge, `"truncated"`) {
		t.Errorf("a detail past %d bytes is kept whole (%d bytes)", maxDetailBytes, len(huge))
	}
	if bounded(func() {}) != `{}` {
		t.Errorf("a detail that is not JSON is not {}")
	}
}
