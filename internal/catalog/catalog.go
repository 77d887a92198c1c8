// Package catalog holds the mall's products and category tree (meta
// database), the global super-blacklist, and the cached view of them that
// pricing needs.
package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// MaxUpsert is the most categories or products one call may carry.
const MaxUpsert = 5000

// Service manages the catalog.
type Service struct {
	store *store.Store
	cache *cache.Cache
	now   func() time.Time
}

// NewService returns the catalog service.
func NewService(st *store.Store, c *cache.Cache) *Service {
	return &Service{store: st, cache: c, now: time.Now}
}

const categoriesKey = "catalog:categories"

func productKey(id string) string { return "product:" + id }

func validID(s string) bool { return s != "" && len(s) <= 64 && strings.TrimSpace(s) == s }

// UpsertCategories creates or renames categories and moves them in the
// tree. Every parent must exist (in the call or already), and the tree must
// stay a tree. Returns the number written, or INVALID_INPUT with the path
// of the first bad entries (["categories", i, field]).
func (s *Service) UpsertCategories(ctx context.Context, cats []models.Category) (int, error) {
	if len(cats) == 0 || len(cats) > MaxUpsert {
		return 0, models.FieldError(models.CodeInvalidInput, []string{"categories"}, "send 1 to %d categories", MaxUpsert)
	}
	var existing []models.Category
	if err := s.store.Meta.WithContext(ctx).Clauses(dbresolver.Write).Find(&existing).Error; err != nil {
		return 0, models.Unavailable("catalog.UpsertCategories", err)
	}
	parents := map[string]string{}
	for _, c := range existing {
		parents[c.ID] = deref(c.ParentID)
	}
	var errs models.Errors
	seen := map[string]bool{}
	now := s.now().UTC()
	for i, c := range cats {
		at := func(f string) []string { return []string{"categories", fmt.Sprint(i), f} }
		switch {
		case !validID(c.ID):
			errs = append(errs, models.FieldError(models.CodeInvalidInput, at("id"), "id must be 1 to 64 characters"))
		case seen[c.ID]:
			errs = append(errs, models.FieldError(models.CodeInvalidInput, at("id"), "category %q is listed twice", c.ID))
		}
		seen[c.ID] = true
		if strings.TrimSpace(c.Name) == "" || utf8.RuneCountInString(c.Name) > 200 {
			errs = append(errs, models.FieldError(models.CodeInvalidInput, at("name"), "name must be 1 to 200 characters"))
		}
		parents[c.ID] = deref(c.ParentID)
		cats[i].UpdatedAt = now
		if c.ParentID != nil && *c.ParentID == "" {
			cats[i].ParentID = nil
		}
	}
	for i, c := range cats {
		p := deref(c.ParentID)
		if p == "" {
			continue
		}
		if _, ok := parents[p]; !ok {
			errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"categories", fmt.Sprint(i), "parentId"}, "parent category %q does not exist", p))
			continue
		}
		// Walk up from the category: meeting it again means a cycle.
		for at, steps := p, 0; at != "" && steps <= len(parents); at, steps = parents[at], steps+1 {
			if at == c.ID {
				errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"categories", fmt.Sprint(i), "parentId"}, "category %q would become its own ancestor", c.ID))
				break
			}
		}
	}
	if len(errs) > 0 {
		return 0, errs[:min(len(errs), 20)]
	}
	err := s.store.Meta.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id"}},
		DoUpdates: clause.AssignmentColumns([]string{"name", "parent_id", "updated_at"}),
	}).CreateInBatches(cats, 500).Error
	if err != nil {
		return 0, models.Unavailable("catalog.UpsertCategories", err)
	}
	_ = s.cache.Invalidate(context.WithoutCancel(ctx), categoriesKey)
	return len(cats), nil
}

// UpsertProducts creates or updates products (name, category); their
// super-blacklist flag is left as it is. Every category must exist.
// Returns the number written, or INVALID_INPUT with paths
// (["products", i, field]).
func (s *Service) UpsertProducts(ctx context.Context, products []models.Product) (int, error) {
	if len(products) == 0 || len(products) > MaxUpsert {
		return 0, models.FieldError(models.CodeInvalidInput, []string{"products"}, "send 1 to %d products", MaxUpsert)
	}
	cats, err := s.Categories(ctx)
	if err != nil {
		return 0, err
	}
	known := map[string]bool{}
	for _, c := range cats {
		known[c.ID] = true
	}
	var errs models.Errors
	seen := map[string]bool{}
	now := s.now().UTC()
	keys := make([]string, 0, len(products))
	for i, p := range products {
		at := func(f string) []string { return []string{"products", fmt.Sprint(i), f} }
		switch {
		case !validID(p.ID):
			errs = append(errs, models.FieldError(models.CodeInvalidInput, at("id"), "id must be 1 to 64 characters"))
		case seen[p.ID]:
			errs = append(errs, models.FieldError(models.CodeInvalidInput, at("id"), "product %q is listed twice", p.ID))
		}
		seen[p.ID] = true
		if strings.TrimSpace(p.Name) == "" || utf8.RuneCountInString(p.Name) > 300 {
			errs = append(errs, models.FieldError(models.CodeInvalidInput, at("name"), "name must be 1 to 300 characters"))
		}
		if p.CategoryID != nil && *p.CategoryID == "" {
			products[i].CategoryID = nil
		} else if p.CategoryID != nil && !known[*p.CategoryID] {
			errs = append(errs, models.FieldError(models.CodeInvalidInput, at("categoryId"), "category %q does not exist", *p.CategoryID))
		}
		products[i].UpdatedAt = now
		products[i].SuperBlacklisted = false // not written: see DoUpdates
		keys = append(keys, productKey(p.ID))
	}
	if len(errs) > 0 {
		return 0, errs[:min(len(errs), 20)]
	}
	err = s.store.Meta.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id"}},
		DoUpdates: clause.AssignmentColumns([]string{"name", "category_id", "updated_at"}),
	}).CreateInBatches(products, 500).Error
	if err != nil {
		return 0, models.Unavailable("catalog.UpsertProducts", err)
	}
	_ = s.cache.Invalidate(context.WithoutCancel(ctx), keys...)
	return len(products), nil
}

// SetSuperBlacklist adds and removes products from the global
// super-blacklist. Every product must exist (INVALID_INPUT on "add" or
// "remove" otherwise). Returns the number of products changed.
func (s *Service) SetSuperBlacklist(ctx context.Context, add, remove []string) (int, error) {
	if len(add)+len(remove) == 0 {
		return 0, models.FieldError(models.CodeInvalidInput, []string{"add"}, "name products to add or remove")
	}
	for field, ids := range map[string][]string{"add": add, "remove": remove} {
		if len(ids) == 0 {
			continue
		}
		var found []string
		if err := s.store.Meta.WithContext(ctx).Clauses(dbresolver.Write).Model(&models.Product{}).Where("id IN ?", ids).Pluck("id", &found).Error; err != nil {
			return 0, models.Unavailable("catalog.SetSuperBlacklist", err)
		}
		if len(found) != len(dedup(ids)) {
			have := map[string]bool{}
			for _, f := range found {
				have[f] = true
			}
			var missing []string
			for _, id := range ids {
				if !have[id] {
					missing = append(missing, id)
				}
			}
			return 0, models.FieldError(models.CodeInvalidInput, []string{field}, "unknown products: %s", strings.Join(missing[:min(len(missing), 10)], ", "))
		}
	}
	changed := 0
	err := s.store.Meta.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.now().UTC()
		for flag, ids := range map[bool][]string{true: add, false: remove} {
			if len(ids) == 0 {
				continue
			}
			res := tx.Model(&models.Product{}).Where("id IN ? AND super_blacklisted = ?", ids, !flag).
				Updates(map[string]any{"super_blacklisted": flag, "updated_at": now})
			if res.Error != nil {
				return res.Error
			}
			changed += int(res.RowsAffected)
		}
		return nil
	})
	if err != nil {
		return 0, models.Unavailable("catalog.SetSuperBlacklist", err)
	}
	keys := make([]string, 0, len(add)+len(remove))
	for _, id := range append(append([]string{}, add...), remove...) {
		keys = append(keys, productKey(id))
	}
	_ = s.cache.Invalidate(context.WithoutCancel(ctx), keys...)
	return changed, nil
}

// Categories returns the whole tree, from the cache.
func (s *Service) Categories(ctx context.Context) ([]models.Category, error) {
	return cache.Get(ctx, s.cache, categoriesKey, func(ctx context.Context) ([]models.Category, error) {
		var out []models.Category
		if err := s.store.Meta.WithContext(ctx).Order("id").Find(&out).Error; err != nil {
			return nil, models.Unavailable("catalog.Categories", err)
		}
		if out == nil {
			out = []models.Category{}
		}
		return out, nil
	})
}

// ProductPage is one page of products, by id.
type ProductPage struct {
	Products   []models.Product
	HasNext    bool
	TotalCount int64
}

// Products lists products whose id or name contains search, optionally only
// those (not) super-blacklisted, by id, after the cursor.
func (s *Service) Products(ctx context.Context, search string, blacklisted *bool, first int, after string) (*ProductPage, error) {
	q := s.store.Meta.WithContext(ctx).Model(&models.Product{})
	if term := strings.ToLower(strings.TrimSpace(search)); term != "" {
		like := "%" + strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(term) + "%"
		q = q.Where("(LOWER(name) LIKE ? ESCAPE '!' OR LOWER(id) LIKE ? ESCAPE '!')", like, like)
	}
	if blacklisted != nil {
		q = q.Where("super_blacklisted = ?", *blacklisted)
	}
	var p ProductPage
	if err := q.Session(&gorm.Session{}).Count(&p.TotalCount).Error; err != nil {
		return nil, models.Unavailable("catalog.Products", err)
	}
	if after != "" {
		key, err := models.DecodeKeyCursor(after)
		if err != nil {
			return nil, err
		}
		q = q.Where("id > ?", key)
	}
	if err := q.Order("id").Limit(first + 1).Find(&p.Products).Error; err != nil {
		return nil, models.Unavailable("catalog.Products", err)
	}
	if len(p.Products) > first {
		p.HasNext, p.Products = true, p.Products[:first]
	}
	return &p, nil
}

// Product returns one product from the cache, or nil when it is unknown.
func (s *Service) Product(ctx context.Context, id string) (*models.Product, error) {
	return cache.Get(ctx, s.cache, productKey(id), func(ctx context.Context) (*models.Product, error) {
		var ps []models.Product
		if err := s.store.Meta.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&ps).Error; err != nil {
			return nil, models.Unavailable("catalog.Product", err)
		}
		if len(ps) == 0 {
			return nil, nil
		}
		return &ps[0], nil
	})
}

// PricingView returns what pricing needs for these products: the category
// tree's parents, the super-blacklisted ones among them, and each known
// product's category. Reads come from the cache.
func (s *Service) PricingView(ctx context.Context, productIDs []string) (pricing.Catalog, map[string]string, error) {
	cats, err := s.Categories(ctx)
	if err != nil {
		return pricing.Catalog{}, nil, err
	}
	view := pricing.Catalog{Parents: make(map[string]string, len(cats)), SuperBlacklist: map[string]bool{}}
	for _, c := range cats {
		view.Parents[c.ID] = deref(c.ParentID)
	}
	categoryOf := map[string]string{}
	for _, id := range dedup(productIDs) {
		p, err := s.Product(ctx, id)
		if err != nil {
			return pricing.Catalog{}, nil, err
		}
		if p == nil {
			continue
		}
		categoryOf[id] = deref(p.CategoryID)
		if p.SuperBlacklisted {
			view.SuperBlacklist[id] = true
		}
	}
	return view, categoryOf, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func dedup(in []string) []string {
	seen := map[string]bool{}
	out := in[:0:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
