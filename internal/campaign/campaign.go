// Package campaign keeps campaigns: named groups of coupons under one
// budget (internal/budget spends it at use).
package campaign

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/budget"
	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Service creates, changes and reads campaigns.
type Service struct {
	store    *store.Store
	cache    *cache.Cache
	currency string // the default currency
	now      func() time.Time
}

// NewService returns the campaigns of st, cached in c; currency is the
// default of a campaign that names none.
func NewService(st *store.Store, c *cache.Cache, currency string) *Service {
	return &Service{store: st, cache: c, currency: currency, now: time.Now}
}

// Spec is the contract's CampaignInput.
type Spec struct {
	Name        string
	Description *string
	Currency    *string
	Budget      *models.BudgetSpec // nil: no cap (create), kept (update)
}

func (s *Service) validate(spec *Spec, currency string) models.Errors {
	var errs models.Errors
	if strings.TrimSpace(spec.Name) == "" || utf8.RuneCountInString(spec.Name) > models.MaxNameLen {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "name"}, "name must be 1 to %d characters", models.MaxNameLen))
	}
	if spec.Description != nil && utf8.RuneCountInString(*spec.Description) > models.MaxDescriptionLen {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "description"}, "description is longer than %d characters", models.MaxDescriptionLen))
	}
	if !models.ValidCurrency(currency) {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "currency"}, "%q is not an ISO 4217 currency code", currency))
		return errs
	}
	return append(errs, spec.Budget.Validate([]string{"input", "budget"}, currency)...)
}

// Create stores a campaign. Returns INVALID_INPUT.
func (s *Service) Create(ctx context.Context, spec *Spec) (*models.Campaign, error) {
	c := &models.Campaign{Currency: s.currency}
	if spec.Currency != nil {
		c.Currency = *spec.Currency
	}
	if errs := s.validate(spec, c.Currency); len(errs) > 0 {
		return nil, errs
	}
	apply(spec, c)
	now := s.now().UTC()
	c.CreatedAt, c.UpdatedAt = now, now
	if err := s.store.Meta.WithContext(ctx).Create(c).Error; err != nil {
		return nil, models.Unavailable("campaign.Create", err)
	}
	return c, nil
}

func apply(spec *Spec, c *models.Campaign) {
	c.Name = strings.TrimSpace(spec.Name)
	if spec.Description != nil {
		c.Description = *spec.Description
	}
	if spec.Budget != nil {
		c.Budget = spec.Budget.Budget()
	}
}

// Update changes a campaign's name, description and budget (a lower cap
// than what was granted stops further uses; nothing is taken back). Its
// currency cannot change once coupons belong to it. Returns NOT_FOUND,
// INVALID_INPUT, INVALID_STATE.
func (s *Service) Update(ctx context.Context, id string, spec *Spec) (*models.Campaign, error) {
	n, err := parseID(id)
	if err != nil {
		return nil, err
	}
	var out *models.Campaign
	err = store.OnPrimary(ctx, s.store.Meta).Transaction(func(tx *gorm.DB) error {
		c, err := load(tx, n)
		if err != nil {
			return err
		}
		if spec.Currency != nil && *spec.Currency != c.Currency {
			var held int64
			if err := tx.Model(&models.Coupon{}).Where("campaign_id = ?", n).Count(&held).Error; err != nil {
				return err
			}
			if held > 0 {
				return models.FieldError(models.CodeInvalidState, []string{"input", "currency"}, "the currency cannot change once coupons belong to the campaign")
			}
			c.Currency = *spec.Currency
		}
		if errs := s.validate(spec, c.Currency); len(errs) > 0 {
			return errs
		}
		apply(spec, c)
		c.UpdatedAt = s.now().UTC()
		if err := tx.Select("*").Updates(c).Error; err != nil {
			return err
		}
		out = c
		return nil
	})
	if err != nil {
		var me *models.Error
		var errs models.Errors
		if errors.As(err, &me) || errors.As(err, &errs) {
			return nil, err
		}
		return nil, models.Unavailable("campaign.Update", err)
	}
	_ = s.cache.Invalidate(context.WithoutCancel(ctx), key(n))
	return out, nil
}

func key(id uint64) string { return "campaign:" + strconv.FormatUint(id, 10) }

func parseID(id string) (uint64, error) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 {
		return 0, models.Errorf(models.CodeNotFound, "campaign %q not found", id)
	}
	return n, nil
}

func load(db *gorm.DB, id uint64) (*models.Campaign, error) {
	var c models.Campaign
	err := db.Take(&c, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.Errorf(models.CodeNotFound, "campaign %d not found", id)
	}
	return &c, err
}

// Get returns a campaign through the cache. Returns NOT_FOUND.
func (s *Service) Get(ctx context.Context, id string) (*models.Campaign, error) {
	n, err := parseID(id)
	if err != nil {
		return nil, err
	}
	return s.Campaign(ctx, n)
}

// Campaign returns campaign id through the cache. Returns NOT_FOUND.
func (s *Service) Campaign(ctx context.Context, id uint64) (*models.Campaign, error) {
	return cache.Get(ctx, s.cache, key(id), func(ctx context.Context) (*models.Campaign, error) {
		c, err := load(s.store.Meta.WithContext(ctx), id)
		var me *models.Error
		if err != nil && !errors.As(err, &me) {
			return nil, models.Unavailable("campaign.Get", err)
		}
		return c, err
	})
}

// List returns every campaign, newest first.
func (s *Service) List(ctx context.Context) ([]models.Campaign, error) {
	var out []models.Campaign
	if err := s.store.Meta.WithContext(ctx).Order("id DESC").Limit(1000).Find(&out).Error; err != nil {
		return nil, models.Unavailable("campaign.List", err)
	}
	return out, nil
}

// Coupons returns the coupons of a campaign, newest first.
func (s *Service) Coupons(ctx context.Context, id uint64) ([]*models.Coupon, error) {
	var out []*models.Coupon
	if err := s.store.Meta.WithContext(ctx).Where("campaign_id = ?", id).Order("id DESC").Limit(1000).Find(&out).Error; err != nil {
		return nil, models.Unavailable("campaign.Coupons", err)
	}
	return out, nil
}

// Budgets returns the state of the budgets of owners (models.BudgetOwner)
// today, read from the primary.
func (s *Service) Budgets(ctx context.Context, owners []string) (map[string]budget.State, error) {
	return budget.Read(ctx, s.store.Meta, owners, budget.Day(s.now()))
}
