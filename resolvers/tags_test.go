package resolvers

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coupond/coupond/graph"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/tags"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

type gqlAnswer struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// TestTagEditAndDeleteThroughTheAPI runs updateTag and deleteTag through
// the GraphQL handler: the roles of @hasRole, the payloads and the audit log.
func TestTagEditAndDeleteThroughTheAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		st := testenv.Store(t, b)
		prefix := testenv.Unique() + ":"
		c := cache.New(testenv.Redis(t, b), cache.Options{Prefix: prefix + "cache:", Channel: prefix + "invalidate"})
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(func() { cancel(); _ = c.Close() })
		if err := c.Start(ctx); err != nil {
			t.Fatal(err)
		}
		auditor := auth.NewAuditor(st.Meta)
		r := &Resolver{Tagging: tags.NewService(st, c, nil), Auditor: auditor}
		h := graph.NewHandler(graph.Options{Resolvers: r, Auditor: auditor})
		if _, err := r.Tagging.Create(ctx, "vip", "", models.TagRealtime); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Tagging.SetUserTags(ctx, "u1", []string{"vip"}, nil); err != nil {
			t.Fatal(err)
		}
		post := func(role models.Role, query string, vars map[string]any) gqlAnswer {
			t.Helper()
			body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			p := &auth.Principal{ID: "7", Name: "pat-" + string(role), Kind: models.KindConsoleUser, Roles: []models.Role{role}}
			req = req.WithContext(auth.WithPrincipal(req.Context(), p))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var a gqlAnswer
			if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			return a
		}
		const update = `mutation U($name: String!, $input: TagUpdateInput!) { updateTag(name: $name, input: $input) { tag { name description kind userCount } userErrors { code message field } } }`
		const del = `mutation D($name: String!) { deleteTag(name: $name) { deletedName userErrors { code message field } } }`
		in := map[string]any{"name": "vip", "input": map[string]any{"description": "Very important", "kind": "BATCH"}}

		for _, role := range []models.Role{models.RoleSupport, models.RoleAnalyst} {
			for _, q := range []string{update, del} {
				a := post(role, q, in)
				if len(a.Errors) != 1 || a.Errors[0].Extensions["code"] != "FORBIDDEN" {
					t.Fatalf("%s: %+v", role, a)
				}
			}
		}
		if tg, _ := r.Tagging.List(ctx); tg[0].Description != "" || tg[0].UserCount != 1 {
			t.Fatalf("a refused caller changed the tag: %+v", tg)
		}

		a := post(models.RoleOperator, update, in)
		if len(a.Errors) != 0 || string(a.Data["updateTag"]) != `{"tag":{"name":"vip","description":"Very important","kind":"BATCH","userCount":1},"userErrors":[]}` {
			t.Fatalf("update: %+v %s", a.Errors, a.Data["updateTag"])
		}
		a = post(models.RoleOperator, update, map[string]any{"name": "nobody", "input": map[string]any{"description": "x"}})
		if string(a.Data["updateTag"]) != `{"tag":null,"userErrors":[{"code":"NOT_FOUND","message":"tag \"nobody\" does not exist","field":["name"]}]}` {
			t.Fatalf("update unknown: %s", a.Data["updateTag"])
		}
		a = post(models.RoleAdmin, del, map[string]any{"name": "vip"})
		if len(a.Errors) != 0 || string(a.Data["deleteTag"]) != `{"deletedName":"vip","userErrors":[]}` {
			t.Fatalf("delete: %+v %s", a.Errors, a.Data["deleteTag"])
		}
		a = post(models.RoleOperator, del, map[string]any{"name": "vip"})
		if string(a.Data["deleteTag"]) != `{"deletedName":null,"userErrors":[{"code":"NOT_FOUND","message":"tag \"vip\" does not exist","field":["name"]}]}` {
			t.Fatalf("delete again: %s", a.Data["deleteTag"])
		}

		entries, _, err := auditor.List(ctx, auth.AuditFilter{EntityType: "Tag", EntityID: "vip"}, 10, "")
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Actor+" "+e.Action)
		}
		if len(entries) != 3 || entries[0].Action != "deleteTag" || entries[1].Action != "deleteTag" || entries[2].Action != "updateTag" {
			t.Fatalf("audit log: %v", actions)
		}
	})
}
