package models

import (
	"time"

	"github.com/shopspring/decimal"
)

// Campaign groups coupons (a coupon belongs to at most one) under one
// budget.
type Campaign struct {
	ID          uint64    `gorm:"primaryKey;autoIncrement"`
	Name        string    `gorm:"size:200;not null"`
	Description string    `gorm:"size:2000;not null;default:''"`
	Currency    string    `gorm:"size:3;not null"`
	Budget      Budget    `gorm:"embedded;embeddedPrefix:budget_"`
	CreatedAt   time.Time `gorm:"not null"`
	UpdatedAt   time.Time `gorm:"not null"`
}

// Budget caps what a campaign's or a coupon's uses grant: the total
// discount (in the owner's currency) and the uses per UTC day. A nil field
// is no cap.
type Budget struct {
	Amount     decimal.NullDecimal `gorm:"column:amount;type:varchar(40)"`
	UsesPerDay *int                `gorm:"column:uses_per_day"`
}

// Capped reports whether the budget caps anything.
func (b Budget) Capped() bool { return b.Amount.Valid || b.UsesPerDay != nil }

// BudgetCounter counts what a budget granted: on the row of Day
// BudgetTotal the discount (SpentE4, ten-thousandths of the currency) and
// the uses of all time; on the row of a day ("2006-01-02", UTC) that day's
// uses. Owner is BudgetOwner's.
type BudgetCounter struct {
	Owner   string `gorm:"primaryKey;size:40"`
	Day     string `gorm:"primaryKey;size:10"`
	SpentE4 int64  `gorm:"not null;default:0"`
	Uses    int64  `gorm:"not null;default:0"`
}

// BudgetTotal is the Day of a budget's all-time counter.
const BudgetTotal = "total"

// BudgetOwner names the budget of a campaign (kind "campaign") or of a
// coupon ("coupon").
func BudgetOwner(kind string, id uint64) string {
	return kind + ":" + decimal.NewFromUint64(id).String()
}

// MaxBudgetUsesPerDay bounds a budget's uses per day.
const MaxBudgetUsesPerDay = 1_000_000_000

// BudgetSpec is the contract's BudgetInput; nil fields: no cap.
type BudgetSpec struct {
	Amount     *decimal.Decimal
	UsesPerDay *int
}

// Validate checks a budget in currency's minor units.
func (b *BudgetSpec) Validate(path []string, currency string) Errors {
	var errs Errors
	if b == nil {
		return nil
	}
	if a := b.Amount; a != nil {
		places := int32(MinorUnits(currency))
		if !a.IsPositive() || a.GreaterThan(decimal.New(1, 14)) {
			errs = append(errs, FieldError(CodeInvalidInput, at(path, "amount"), "a budget's amount must be above 0 and at most 10^14"))
		} else if !a.Equal(a.Truncate(places)) {
			errs = append(errs, FieldError(CodeInvalidInput, at(path, "amount"), "a budget's amount has at most %d decimals in %s", places, currency))
		}
	}
	if u := b.UsesPerDay; u != nil && (*u < 1 || *u > MaxBudgetUsesPerDay) {
		errs = append(errs, FieldError(CodeInvalidInput, at(path, "usesPerDay"), "usesPerDay must be between 1 and %d", MaxBudgetUsesPerDay))
	}
	return errs
}

// Budget is the spec as stored.
func (b *BudgetSpec) Budget() Budget {
	if b == nil {
		return Budget{}
	}
	out := Budget{UsesPerDay: b.UsesPerDay}
	if b.Amount != nil {
		out.Amount = decimal.NullDecimal{Decimal: *b.Amount, Valid: true}
	}
	return out
}

// at is path with more steps, never sharing path's array.
func at(path []string, more ...string) []string {
	return append(append(make([]string, 0, len(path)+len(more)), path...), more...)
}
