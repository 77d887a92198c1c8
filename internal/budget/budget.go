// Package budget keeps the budgets of campaigns and coupons: what their
// uses granted, in counters on the meta database's primary, spent by
// conditional updates so that racing uses, on any number of instances,
// never pass a cap, even by one use.
//
// A use reserves its charges (Reserve) before it writes the user coupons,
// and gives them back (Release) when that write changes nothing; a refund
// gives its amount back (Refund). A crash between the reservation and the
// write keeps the charge: the budget may then grant less than its cap,
// never more.
package budget

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Charge is what one use (or several of one stack) asks of one budget.
type Charge struct {
	Owner  string        // models.BudgetOwner
	Name   string        // the owner's name, for a refusal
	Budget models.Budget // the caps
	Amount decimal.Decimal
	Uses   int64
}

// E4 is an amount in ten-thousandths, as the counters keep it.
func E4(d decimal.Decimal) int64 { return d.Shift(4).IntPart() }

// Day is the counter of uses of t's UTC day.
func Day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// Merge adds up the charges of one owner.
func Merge(charges []Charge) []Charge {
	var out []Charge
	for _, c := range charges {
		if !c.Budget.Capped() {
			continue
		}
		if i := slices.IndexFunc(out, func(o Charge) bool { return o.Owner == c.Owner }); i >= 0 {
			out[i].Amount, out[i].Uses = out[i].Amount.Add(c.Amount), out[i].Uses+c.Uses
			continue
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Charge) int { return cmp.Compare(a.Owner, b.Owner) })
	return out
}

// Reserve spends charges (Merge'd: capped budgets only, in owner order, so
// that two reservations cannot deadlock) in one transaction on db's
// primary: all of them, or none and BUDGET_EXHAUSTED naming the budget
// that has too little left. day is the UTC day the uses count on.
func Reserve(ctx context.Context, db *gorm.DB, charges []Charge, day string) error {
	if len(charges) == 0 {
		return nil
	}
	err := store.OnPrimary(ctx, db).Transaction(func(tx *gorm.DB) error {
		for _, c := range charges {
			if err := ensure(tx, c.Owner, day); err != nil {
				return err
			}
			if a := c.Budget.Amount; a.Valid {
				res := tx.Model(&models.BudgetCounter{}).Where("owner = ? AND day = ? AND spent_e4 + ? <= ?", c.Owner, models.BudgetTotal, E4(c.Amount), E4(a.Decimal)).
					Updates(map[string]any{"spent_e4": gorm.Expr("spent_e4 + ?", E4(c.Amount)), "uses": gorm.Expr("uses + ?", c.Uses)})
				if res.Error != nil {
					return res.Error
				}
				if res.RowsAffected == 0 {
					return exhausted(c, "amount")
				}
			} else if err := tx.Model(&models.BudgetCounter{}).Where("owner = ? AND day = ?", c.Owner, models.BudgetTotal).
				Updates(map[string]any{"spent_e4": gorm.Expr("spent_e4 + ?", E4(c.Amount)), "uses": gorm.Expr("uses + ?", c.Uses)}).Error; err != nil {
				return err
			}
			if u := c.Budget.UsesPerDay; u != nil {
				res := tx.Model(&models.BudgetCounter{}).Where("owner = ? AND day = ? AND uses + ? <= ?", c.Owner, day, c.Uses, *u).
					Update("uses", gorm.Expr("uses + ?", c.Uses))
				if res.Error != nil {
					return res.Error
				}
				if res.RowsAffected == 0 {
					return exhausted(c, "uses")
				}
			}
		}
		return nil
	})
	if _, ok := err.(*models.Error); err != nil && !ok {
		return models.Unavailable("budget.Reserve", err)
	}
	return err
}

// ensure makes the counters of owner (all time, and day) exist.
func ensure(tx *gorm.DB, owner, day string) error {
	rows := []models.BudgetCounter{{Owner: owner, Day: models.BudgetTotal}, {Owner: owner, Day: day}}
	return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error
}

func exhausted(c Charge, what string) error {
	if what == "amount" {
		return models.Errorf(models.CodeBudgetExhausted, "the budget of %s has less than %s left", c.Name, c.Amount.String())
	}
	return models.Errorf(models.CodeBudgetExhausted, "the budget of %s allows no more uses today", c.Name)
}

// Release gives back charges that Reserve spent on day and whose uses were
// not written.
func Release(ctx context.Context, db *gorm.DB, charges []Charge, day string) error {
	return giveBack(ctx, db, charges, day, true)
}

// Refund gives back the amounts of refunded uses (not their uses of the
// day: they happened).
func Refund(ctx context.Context, db *gorm.DB, charges []Charge) error {
	return giveBack(ctx, db, charges, "", false)
}

func giveBack(ctx context.Context, db *gorm.DB, charges []Charge, day string, uses bool) error {
	if len(charges) == 0 {
		return nil
	}
	err := store.OnPrimary(ctx, db).Transaction(func(tx *gorm.DB) error {
		for _, c := range charges {
			set := map[string]any{"spent_e4": gorm.Expr("spent_e4 - ?", E4(c.Amount))}
			if uses {
				set["uses"] = gorm.Expr("uses - ?", c.Uses)
			}
			if err := tx.Model(&models.BudgetCounter{}).Where("owner = ? AND day = ?", c.Owner, models.BudgetTotal).Updates(set).Error; err != nil {
				return err
			}
			if uses && c.Budget.UsesPerDay != nil {
				if err := tx.Model(&models.BudgetCounter{}).Where("owner = ? AND day = ?", c.Owner, day).
					Update("uses", gorm.Expr("uses - ?", c.Uses)).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return models.Unavailable("budget.giveBack", err)
	}
	return nil
}

// State is a budget's caps and what its uses granted.
type State struct {
	Budget    models.Budget
	Spent     decimal.Decimal // the discount granted, all time
	Uses      int64           // uses, all time
	UsesToday int64
}

// Left is the amount left, when the amount is capped (never below 0).
func (s State) Left() (decimal.Decimal, bool) {
	if !s.Budget.Amount.Valid {
		return decimal.Zero, false
	}
	return decimal.Max(decimal.Zero, s.Budget.Amount.Decimal.Sub(s.Spent)), true
}

// UsesLeftToday is the uses left today, when they are capped.
func (s State) UsesLeftToday() (int64, bool) {
	if s.Budget.UsesPerDay == nil {
		return 0, false
	}
	return max(0, int64(*s.Budget.UsesPerDay)-s.UsesToday), true
}

// Read returns the counters of owners (their all-time row and day's), from
// the primary: what is left is what a use is about to be told.
func Read(ctx context.Context, db *gorm.DB, owners []string, day string) (map[string]State, error) {
	out := make(map[string]State, len(owners))
	if len(owners) == 0 {
		return out, nil
	}
	var rows []models.BudgetCounter
	if err := store.OnPrimary(ctx, db).Where("owner IN ? AND day IN ?", owners, []string{models.BudgetTotal, day}).Find(&rows).Error; err != nil {
		return nil, models.Unavailable("budget.Read", fmt.Errorf("read counters: %w", err))
	}
	for _, r := range rows {
		st := out[r.Owner]
		if r.Day == models.BudgetTotal {
			st.Spent, st.Uses = decimal.New(r.SpentE4, -4), r.Uses
		} else {
			st.UsesToday = r.Uses
		}
		out[r.Owner] = st
	}
	return out, nil
}
