package legacy

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// StaticResult says what a static copy did.
type StaticResult struct {
	Templates int // legacy templates read
	Created   int // coupond coupons made now
	Existing  int // templates copied by an earlier run, left alone
}

// legacyTemplate is one mall_coupon row as the mapping reads it.
type legacyTemplate struct {
	ID                                                int64
	Name, Kind, Amount, MinSpend, MaxDiscount, Status ltext
	Total, Remaining, PerUserLimit, ValidDays         ltext
	ClaimStart, ClaimEnd, ValidStart, ValidEnd        ltime
}

func (mg *Migrator) templateQuery(where string) string {
	c := mg.m.Coupons
	return "SELECT " + strings.Join([]string{c.ID, col(c.Name), col(c.Kind), col(c.Amount), col(c.MinSpend), col(c.MaxDiscount),
		col(c.Status), col(c.Total), col(c.Remaining), col(c.PerUserLimit), col(c.ValidDays), col(c.ClaimStart), col(c.ClaimEnd),
		col(c.ValidStart), col(c.ValidEnd)}, ", ") + " FROM " + c.Table + where + " ORDER BY " + c.ID
}

func (mg *Migrator) readTemplates(ctx context.Context, ids []int64) ([]legacyTemplate, error) {
	where, args := "", []any(nil)
	if ids != nil {
		where = " WHERE " + mg.m.Coupons.ID + " IN ?"
		args = append(args, ids)
	}
	l, err := mg.ldb(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := l.Raw(mg.templateQuery(where), args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("legacy: read %s: %w", mg.m.Coupons.Table, err)
	}
	defer rows.Close()
	var out []legacyTemplate
	for rows.Next() {
		var t legacyTemplate
		if err := rows.Scan(&t.ID, &t.Name, &t.Kind, &t.Amount, &t.MinSpend, &t.MaxDiscount, &t.Status, &t.Total, &t.Remaining,
			&t.PerUserLimit, &t.ValidDays, &t.ClaimStart, &t.ClaimEnd, &t.ValidStart, &t.ValidEnd); err != nil {
			return nil, fmt.Errorf("legacy: read %s: %w", mg.m.Coupons.Table, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Static copies the legacy coupon templates into coupond coupons, with
// their remaining stock split over the mapping's stock slots, and records
// legacy id -> coupond id in the meta table migration_coupon_map. Each
// template is copied in one meta transaction with its map row, so a
// re-run (or a run after a kill) copies only what is not copied yet; a
// template already copied is left alone, even if it changed since.
func (mg *Migrator) Static(ctx context.Context) (StaticResult, error) {
	return mg.static(ctx, nil)
}

// static copies the templates of ids (all when nil).
func (mg *Migrator) static(ctx context.Context, ids []int64) (StaticResult, error) {
	var res StaticResult
	ts, err := mg.readTemplates(ctx, ids)
	if err != nil {
		return res, err
	}
	res.Templates = len(ts)
	mapped, err := mg.couponMap(ctx)
	if err != nil {
		return res, err
	}
	meta := store.OnPrimary(ctx, mg.st.Meta)
	for i := range ts {
		t := &ts[i]
		if _, ok := mapped[t.ID]; ok {
			res.Existing++
			continue
		}
		remaining, err := mg.remaining(ctx, t)
		if err != nil {
			return res, err
		}
		c, err := mg.coupon(t)
		if err != nil {
			return res, err
		}
		err = meta.Transaction(func(tx *gorm.DB) error {
			// A concurrent run may have copied it meanwhile.
			var n int64
			if err := tx.Model(&models.MigrationCouponMap{}).Where("legacy_id = ?", t.ID).Count(&n).Error; err != nil || n > 0 {
				return err
			}
			if err := tx.Create(c).Error; err != nil {
				return err
			}
			stock := make([]models.CouponStock, 0, c.StockSlots)
			for slot, units := range models.SplitStock(remaining, c.StockSlots) {
				stock = append(stock, models.CouponStock{CouponID: c.ID, Slot: slot, Remaining: units})
			}
			if err := tx.Create(&stock).Error; err != nil {
				return err
			}
			return tx.Create(&models.MigrationCouponMap{LegacyID: t.ID, CouponID: c.ID, CreatedAt: mg.now()}).Error
		})
		if err != nil {
			return res, fmt.Errorf("legacy: copy template %d: %w", t.ID, err)
		}
		res.Created++
	}
	mg.dropCouponCache()
	// This instance knows its new migrated coupons at once (the others
	// within WatchInterval).
	if err := mg.Load(ctx); err != nil {
		return res, err
	}
	return res, nil
}

// remaining is a template's stock left: its column, or its total minus
// the legacy user coupons of it.
func (mg *Migrator) remaining(ctx context.Context, t *legacyTemplate) (int64, error) {
	total, err := intOf(t.Total, "total", t.ID)
	if err != nil {
		return 0, err
	}
	if mg.m.Coupons.Remaining != "" {
		r, err := intOf(t.Remaining, "remaining", t.ID)
		return max(0, min(r, total)), err
	}
	u := mg.m.UserCoupons
	var issued int64
	l, err := mg.ldb(ctx)
	if err != nil {
		return 0, err
	}
	err = l.Raw("SELECT COUNT(*) FROM "+u.Table+" WHERE "+u.CouponID+" = ?", t.ID).Row().Scan(&issued)
	if err != nil {
		return 0, fmt.Errorf("legacy: count the user coupons of template %d: %w", t.ID, err)
	}
	return max(0, total-issued), nil
}

func intOf(v ltext, field string, id int64) (int64, error) {
	if !v.Valid || strings.TrimSpace(v.S) == "" {
		return 0, nil
	}
	d, err := decimal.NewFromString(strings.TrimSpace(v.S))
	if err != nil {
		return 0, fmt.Errorf("legacy: template %d: %s %q is not a number", id, field, v.S)
	}
	return d.IntPart(), nil
}

// positive returns v as a decimal when it is a number above zero.
func positive(v ltext) (decimal.NullDecimal, error) {
	s := strings.TrimSpace(v.S)
	if !v.Valid || s == "" {
		return decimal.NullDecimal{}, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.NullDecimal{}, err
	}
	if !d.IsPositive() {
		return decimal.NullDecimal{}, nil
	}
	return decimal.NullDecimal{Decimal: d, Valid: true}, nil
}

// coupon makes the coupond coupon of a legacy template.
func (mg *Migrator) coupon(t *legacyTemplate) (*models.Coupon, error) {
	m := mg.m
	bad := func(f string, a ...any) error {
		return fmt.Errorf("legacy: template %d: %s", t.ID, fmt.Sprintf(f, a...))
	}
	now := mg.now()
	name := strings.TrimSpace(t.Name.S)
	if name == "" {
		name = "legacy coupon " + strconv.FormatInt(t.ID, 10)
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	kind, ok := m.Coupons.KindValues[strings.TrimSpace(t.Kind.S)]
	if !ok {
		return nil, bad("discount kind %q is not in coupons.kindValues", t.Kind.S)
	}
	status := models.CouponActive
	if m.Coupons.Status != "" {
		if status, ok = m.Coupons.StatusValues[strings.TrimSpace(t.Status.S)]; !ok {
			return nil, bad("status %q is not in coupons.statusValues", t.Status.S)
		}
	}
	amount, err := positive(t.Amount)
	if err != nil {
		return nil, bad("amount %q: %v", t.Amount.S, err)
	}
	minSpend, err := positive(t.MinSpend)
	if err != nil {
		return nil, bad("min spend %q: %v", t.MinSpend.S, err)
	}
	maxDiscount, err := positive(t.MaxDiscount)
	if err != nil {
		return nil, bad("max discount %q: %v", t.MaxDiscount.S, err)
	}
	d := models.Discount{Kind: kind, MinOrderAmount: minSpend}
	switch kind {
	case models.AmountOff:
		if !amount.Valid {
			return nil, bad("an AMOUNT_OFF template needs an amount above 0")
		}
		d.AmountOff = amount
	case models.PercentOff:
		if !amount.Valid || amount.Decimal.GreaterThanOrEqual(decimal.NewFromInt(100)) {
			return nil, bad("a PERCENT_OFF template needs an amount between 0 and 100, not %q", t.Amount.S)
		}
		d.PercentOff, d.MaxDiscount = amount, maxDiscount
	}
	total, err := intOf(t.Total, "total", t.ID)
	if err != nil {
		return nil, err
	}
	limit := int64(m.Coupons.DefaultPerUserLimit)
	if m.Coupons.PerUserLimit != "" && t.PerUserLimit.Valid {
		if limit, err = intOf(t.PerUserLimit, "per user limit", t.ID); err != nil {
			return nil, err
		}
		if limit < 1 {
			limit = int64(m.Coupons.DefaultPerUserLimit)
		}
	}
	var v models.Validity
	days, err := intOf(t.ValidDays, "valid days", t.ID)
	if err != nil {
		return nil, err
	}
	opt := func(lt ltime) *time.Time {
		if !lt.Valid {
			return nil
		}
		x := m.legacyTime(lt.T)
		return &x
	}
	if days > 0 {
		n := int(days)
		v = models.Validity{Kind: models.ValidityRelative, Days: &n}
	} else {
		v = models.Validity{Kind: models.ValidityFixed, StartsAt: opt(t.ValidStart), EndsAt: opt(t.ValidEnd)}
		if v.EndsAt == nil {
			return nil, bad("neither a validity end nor a number of valid days")
		}
		if v.StartsAt == nil {
			v.StartsAt = opt(t.ClaimStart)
		}
		if v.StartsAt == nil {
			epoch := time.Unix(0, 0).UTC()
			v.StartsAt = &epoch
		}
	}
	return &models.Coupon{
		Name: name, Description: fmt.Sprintf("copied from %s id %d", m.Coupons.Table, t.ID), Status: status,
		Currency: m.Currency, Discount: d, Validity: v, ClaimStartsAt: opt(t.ClaimStart), ClaimEndsAt: opt(t.ClaimEnd),
		Channels: models.StringList{string(m.Channel)}, TotalStock: max(0, total), PerUserLimit: int(limit),
		StockSlots: m.StockSlots, Scope: models.ProductScope{Kind: models.ScopeAll}, CreatedAt: now, UpdatedAt: now, LegacyID: &t.ID,
	}, nil
}
