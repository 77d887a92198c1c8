package catalog_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/catalog"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

func mustCatalog(t *testing.T, b testenv.Backend) *catalog.Service {
	t.Helper()
	st := testenv.Store(t, b)
	prefix := testenv.Unique() + ":"
	c := cache.New(testenv.Redis(t, b), cache.Options{Prefix: prefix + "cache:", Channel: prefix + "invalidate"})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); _ = c.Close() })
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return catalog.NewService(st, c)
}

func ptr(s string) *string { return &s }

func fieldOf(err error) string {
	if es, ok := err.(models.Errors); ok && len(es) > 0 {
		return fmt.Sprint(es[0].Field)
	}
	if e, ok := err.(*models.Error); ok {
		return fmt.Sprint(e.Field)
	}
	return fmt.Sprint(err)
}

func TestCatalog(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		s := mustCatalog(t, b)
		ctx := context.Background()
		if _, err := s.UpsertCategories(ctx, []models.Category{{ID: "a", Name: "A"}, {ID: "b", Name: "B", ParentID: ptr("a")}, {ID: "c", Name: "C", ParentID: ptr("b")}}); err != nil {
			t.Fatal(err)
		}

		t.Run("CycleRefused", func(t *testing.T) {
			_, err := s.UpsertCategories(ctx, []models.Category{{ID: "a", Name: "A", ParentID: ptr("c")}})
			if got := fieldOf(err); got != "[categories 0 parentId]" {
				t.Errorf("%v (%s)", err, got)
			}
		})
		t.Run("UnknownParent", func(t *testing.T) {
			_, err := s.UpsertCategories(ctx, []models.Category{{ID: "x", Name: "X", ParentID: ptr("nope")}})
			if got := fieldOf(err); got != "[categories 0 parentId]" {
				t.Errorf("%v", err)
			}
		})
		t.Run("ProductsUpsertAndSearch", func(t *testing.T) {
			var ps []models.Product
			for i := 0; i < 2500; i++ {
				ps = append(ps, models.Product{ID: fmt.Sprintf("sku-%04d", i), Name: fmt.Sprintf("Widget %d", i), CategoryID: ptr("c")})
			}
			if n, err := s.UpsertProducts(ctx, ps); err != nil || n != 2500 {
				t.Fatalf("%d %v", n, err)
			}
			if _, err := s.UpsertProducts(ctx, []models.Product{{ID: "p", Name: "P", CategoryID: ptr("nope")}}); fieldOf(err) != "[products 0 categoryId]" {
				t.Errorf("unknown category: %v", err)
			}
			page, err := s.Products(ctx, "widget 12", nil, 50, "")
			if err != nil || page.TotalCount != 111 { // 12, 120-129, 1200-1299
				t.Errorf("search: %d %v", page.TotalCount, err)
			}
			next, err := s.Products(ctx, "", nil, 1000, models.EncodeKeyCursor("sku-1999"))
			if err != nil || len(next.Products) != 500 || next.Products[0].ID != "sku-2000" {
				t.Errorf("after cursor: %d %v", len(next.Products), err)
			}
		})
		t.Run("NamesCountCharacters", func(t *testing.T) {
			// 300 Chinese characters are 900 bytes: a name the column holds
			long := strings.Repeat("鞋", 300)
			if _, err := s.UpsertProducts(ctx, []models.Product{{ID: "zh-long", Name: long}}); err != nil {
				t.Fatalf("300 characters: %v", err)
			}
			page, err := s.Products(ctx, "zh-long", nil, 10, "")
			if err != nil || len(page.Products) != 1 || page.Products[0].Name != long {
				t.Fatalf("stored: %+v %v", page, err)
			}
			if _, err := s.UpsertProducts(ctx, []models.Product{{ID: "zh-longer", Name: long + "鞋"}}); fieldOf(err) != "[products 0 name]" {
				t.Errorf("301 characters: %v", err)
			}
			if _, err := s.UpsertCategories(ctx, []models.Category{{ID: "zh-cat", Name: strings.Repeat("类", 200)}}); err != nil {
				t.Errorf("200-character category: %v", err)
			}
		})
		t.Run("SuperBlacklist", func(t *testing.T) {
			if _, err := s.SetSuperBlacklist(ctx, []string{"sku-0001", "ghost"}, nil); fieldOf(err) != "[add]" {
				t.Errorf("unknown product: %v", err)
			}
			if n, err := s.SetSuperBlacklist(ctx, []string{"sku-0001"}, nil); err != nil || n != 1 {
				t.Fatalf("%d %v", n, err)
			}
			view, cats, err := s.PricingView(ctx, []string{"sku-0001", "sku-0002", "unknown"})
			if err != nil || !view.SuperBlacklist["sku-0001"] || view.SuperBlacklist["sku-0002"] || cats["sku-0002"] != "c" || view.Parents["c"] != "b" {
				t.Errorf("view %+v cats %v %v", view, cats, err)
			}
			yes := true
			if page, _ := s.Products(ctx, "", &yes, 50, ""); page.TotalCount != 1 {
				t.Errorf("blacklisted filter: %d", page.TotalCount)
			}
			if n, _ := s.SetSuperBlacklist(ctx, nil, []string{"sku-0001"}); n != 1 {
				t.Errorf("remove: %d", n)
			}
			view, _, _ = s.PricingView(ctx, []string{"sku-0001"})
			if view.SuperBlacklist["sku-0001"] {
				t.Error("still blacklisted after removal (stale cache)")
			}
		})
	})
}
