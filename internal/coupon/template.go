package coupon

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
)

var inputRoot = []string{"input"}

// Create validates spec and stores a DRAFT coupon with its stock split over
// its slots. Returns models.Errors (INVALID_INPUT with field paths).
func (s *Service) Create(ctx context.Context, spec *models.CouponSpec) (*models.Coupon, error) {
	if errs := spec.Validate(inputRoot, s.defaults); len(errs) > 0 {
		return nil, errs
	}
	c := &models.Coupon{Status: models.CouponDraft}
	spec.Apply(c, s.defaults)
	if err := s.applyCampaign(ctx, spec, c); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	c.CreatedAt, c.UpdatedAt = now, now
	err := s.store.Meta.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(c).Error; err != nil {
			return err
		}
		return createSlots(tx, c.ID, c.TotalStock, c.StockSlots)
	})
	if err != nil {
		return nil, models.Unavailable("coupon.Create", err)
	}
	_ = s.cache.Invalidate(context.WithoutCancel(ctx), claimableKey)
	return c, nil
}

// Update changes a coupon. A DRAFT takes any valid spec (its stock is laid
// out anew). An ACTIVE or PAUSED coupon takes only a new name, description,
// a later claimEndsAt and channels: any other difference is INVALID_STATE on
// that field. An ENDED coupon is INVALID_STATE. Returns NOT_FOUND,
// INVALID_INPUT, INVALID_STATE, CONFLICT (changed meanwhile: retry).
func (s *Service) Update(ctx context.Context, id string, spec *models.CouponSpec) (*models.Coupon, error) {
	n, err := ParseID(id)
	if err != nil {
		return nil, err
	}
	if errs := spec.Validate(inputRoot, s.defaults); len(errs) > 0 {
		return nil, errs
	}
	var out *models.Coupon
	err = s.primary(ctx).Transaction(func(tx *gorm.DB) error {
		old, err := s.load(ctx, tx, n)
		if err != nil {
			return err
		}
		next := *old
		spec.Apply(&next, s.defaults)
		if err := s.applyCampaign(ctx, spec, &next); err != nil {
			return err
		}
		next.UpdatedAt = s.now().UTC()
		switch old.Status {
		case models.CouponDraft:
		case models.CouponActive, models.CouponPaused:
			if errs := frozenChanges(old, &next); len(errs) > 0 {
				return errs
			}
		default:
			return models.Errorf(models.CodeInvalidState, "an %s coupon cannot be changed", old.Status)
		}
		// The status and updated_at guard makes a concurrent change a CONFLICT
		// rather than a lost update.
		res := tx.Model(&models.Coupon{}).Where("id = ? AND status = ? AND updated_at = ?", n, old.Status, old.UpdatedAt).
			Select("*").Omit("id", "created_at").Updates(&next)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.Errorf(models.CodeConflict, "the coupon changed meanwhile; reload and retry")
		}
		if old.Status == models.CouponDraft && (old.TotalStock != next.TotalStock || old.StockSlots != next.StockSlots) {
			if err := deleteSlots(tx, n); err != nil {
				return err
			}
			if err := createSlots(tx, n, next.TotalStock, next.StockSlots); err != nil {
				return err
			}
		}
		out = &next
		return nil
	})
	if err != nil {
		return nil, wrap("coupon.Update", err)
	}
	s.invalidate(ctx, n)
	return out, nil
}

// frozenChanges lists what an ACTIVE or PAUSED coupon may not change.
func frozenChanges(old, next *models.Coupon) models.Errors {
	var errs models.Errors
	frozen := func(field string, same bool) {
		if !same {
			errs = append(errs, models.FieldError(models.CodeInvalidState, []string{"input", field},
				"%s cannot change once the coupon has been active", field))
		}
	}
	frozen("currency", old.Currency == next.Currency)
	frozen("discount", sameDiscount(old.Discount, next.Discount))
	frozen("validity", sameValidity(old.Validity, next.Validity))
	frozen("claimStartsAt", sameTime(old.ClaimStartsAt, next.ClaimStartsAt))
	frozen("totalStock", old.TotalStock == next.TotalStock)
	frozen("perUserLimit", old.PerUserLimit == next.PerUserLimit)
	frozen("stockSlots", old.StockSlots == next.StockSlots)
	frozen("productScope", fmt.Sprint(old.Scope) == fmt.Sprint(next.Scope))
	frozen("tagRule", fmt.Sprint(old.TagRule) == fmt.Sprint(next.TagRule))
	switch {
	case sameTime(old.ClaimEndsAt, next.ClaimEndsAt):
	case next.ClaimEndsAt == nil:
		// Opening the window to no end is "later".
	case old.ClaimEndsAt == nil || !next.ClaimEndsAt.After(*old.ClaimEndsAt):
		errs = append(errs, models.FieldError(models.CodeInvalidState, []string{"input", "claimEndsAt"},
			"claimEndsAt can only move later once the coupon has been active"))
	}
	return errs
}

func sameDiscount(a, b models.Discount) bool {
	dec := func(x, y models.Discount) bool {
		pairs := [][2]string{{nd(x.AmountOff), nd(y.AmountOff)}, {nd(x.PercentOff), nd(y.PercentOff)},
			{nd(x.MaxDiscount), nd(y.MaxDiscount)}, {nd(x.MinOrderAmount), nd(y.MinOrderAmount)}}
		for _, p := range pairs {
			if p[0] != p[1] {
				return false
			}
		}
		return true
	}
	return a.Kind == b.Kind && dec(a, b)
}

func sameValidity(a, b models.Validity) bool {
	days := func(d *int) int {
		if d == nil {
			return 0
		}
		return *d
	}
	return a.Kind == b.Kind && sameTime(a.StartsAt, b.StartsAt) && sameTime(a.EndsAt, b.EndsAt) && days(a.Days) == days(b.Days)
}

// transition moves a coupon from one of from to status to. Asking for the
// status it already has returns it unchanged. Returns NOT_FOUND or
// INVALID_STATE.
func (s *Service) transition(ctx context.Context, id string, to models.CouponStatus, from ...models.CouponStatus) (*models.Coupon, error) {
	n, err := ParseID(id)
	if err != nil {
		return nil, err
	}
	db := s.primary(ctx)
	res := db.Model(&models.Coupon{}).Where("id = ? AND status IN ?", n, from).
		Updates(map[string]any{"status": to, "updated_at": s.now().UTC()})
	if res.Error != nil {
		return nil, models.Unavailable("coupon.transition", res.Error)
	}
	c, err := s.load(ctx, db, n)
	if err != nil {
		return nil, err
	}
	if res.RowsAffected == 0 && c.Status != to {
		names := make([]string, len(from))
		for i, f := range from {
			names[i] = string(f)
		}
		return nil, models.Errorf(models.CodeInvalidState, "a %s coupon cannot become %s (only from %s)", c.Status, to, strings.Join(names, " or "))
	}
	if res.RowsAffected > 0 {
		s.invalidate(ctx, n)
	}
	return c, nil
}

// Activate opens a DRAFT or PAUSED coupon. Returns NOT_FOUND, INVALID_STATE.
func (s *Service) Activate(ctx context.Context, id string) (*models.Coupon, error) {
	return s.transition(ctx, id, models.CouponActive, models.CouponDraft, models.CouponPaused)
}

// Pause stops claims of an ACTIVE coupon. Returns NOT_FOUND, INVALID_STATE.
func (s *Service) Pause(ctx context.Context, id string) (*models.Coupon, error) {
	return s.transition(ctx, id, models.CouponPaused, models.CouponActive)
}

// End closes a coupon for good. Issued coupons stay usable.
func (s *Service) End(ctx context.Context, id string) (*models.Coupon, error) {
	return s.transition(ctx, id, models.CouponEnded, models.CouponDraft, models.CouponActive, models.CouponPaused)
}

// AddStock adds quantity units (spread over the slots), or with a negative
// quantity takes back unclaimed units, never below 0. Returns NOT_FOUND,
// INVALID_INPUT (zero, or more than is unclaimed), INVALID_STATE (ENDED).
func (s *Service) AddStock(ctx context.Context, id string, quantity int64) (*models.Coupon, error) {
	n, err := ParseID(id)
	if err != nil {
		return nil, err
	}
	if quantity == 0 || quantity > models.MaxTotalStock || quantity < -models.MaxTotalStock {
		return nil, models.FieldError(models.CodeInvalidInput, []string{"quantity"}, "quantity must be a non-zero number of units")
	}
	var out *models.Coupon
	err = s.primary(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.load(ctx, tx, n)
		if err != nil {
			return err
		}
		if c.Status == models.CouponEnded {
			return models.Errorf(models.CodeInvalidState, "an ENDED coupon's stock cannot change")
		}
		if c.TotalStock+quantity > models.MaxTotalStock {
			return models.FieldError(models.CodeInvalidInput, []string{"quantity"}, "total stock would exceed %d", int64(models.MaxTotalStock))
		}
		if quantity > 0 {
			if err := spreadUnits(tx, c, quantity); err != nil {
				return err
			}
		} else if err := takeBack(tx, c, -quantity); err != nil {
			return err
		}
		c.TotalStock += quantity
		c.UpdatedAt = s.now().UTC()
		if err := tx.Model(&models.Coupon{}).Where("id = ?", n).
			Updates(map[string]any{"total_stock": gorm.Expr("total_stock + ?", quantity), "updated_at": c.UpdatedAt}).Error; err != nil {
			return err
		}
		out = c
		return nil
	})
	if err != nil {
		return nil, wrap("coupon.AddStock", err)
	}
	s.invalidate(ctx, n)
	return out, nil
}

// wrap passes domain errors through and turns anything else into UNAVAILABLE.
func wrap(op string, err error) error {
	switch err.(type) {
	case *models.Error, models.Errors:
		return err
	}
	return models.Unavailable(op, err)
}

func nd(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.String()
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// SetScope replaces a coupon's product scope. Coupons already issued keep
// the scope they were issued with. Returns NOT_FOUND, INVALID_INPUT (paths
// under "scope"), INVALID_STATE (ENDED).
func (s *Service) SetScope(ctx context.Context, id string, spec *models.ScopeSpec) (*models.Coupon, error) {
	n, err := ParseID(id)
	if err != nil {
		return nil, err
	}
	if errs := spec.Validate([]string{"scope"}); len(errs) > 0 {
		return nil, errs
	}
	var tmp models.Coupon
	(&models.CouponSpec{Scope: spec}).ApplyScope(&tmp)
	db := s.primary(ctx)
	res := db.Model(&models.Coupon{}).Where("id = ? AND status <> ?", n, models.CouponEnded).Updates(map[string]any{
		"scope_kind": tmp.Scope.Kind, "scope_product_ids": tmp.Scope.ProductIDs, "scope_category_ids": tmp.Scope.CategoryIDs,
		"updated_at": s.now().UTC(),
	})
	if res.Error != nil {
		return nil, models.Unavailable("coupon.SetScope", res.Error)
	}
	c, err := s.load(ctx, db, n)
	if err != nil {
		return nil, err
	}
	if res.RowsAffected == 0 {
		return nil, models.Errorf(models.CodeInvalidState, "an ENDED coupon's scope cannot change")
	}
	s.invalidate(ctx, n)
	return c, nil
}
