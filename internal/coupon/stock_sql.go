package coupon

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// The statements on coupons' stock slots (coupon_stocks, in the meta
// database): the slots of a new coupon, the units an operator adds or
// takes back, a claim's unit, a batch's units in one round trip, a job's
// many, the units given back, the sums the API and the reconciler read, the
// reconciler's repair. db is the meta database bound to the caller's
// context, or a transaction of it.

// createSlots lays a coupon's total stock out over its slots.
func createSlots(tx *gorm.DB, couponID uint64, total int64, slots int) error {
	rows := make([]models.CouponStock, slots)
	for i, n := range models.SplitStock(total, slots) {
		rows[i] = models.CouponStock{CouponID: couponID, Slot: i, Remaining: n}
	}
	return tx.Create(rows).Error
}

// deleteSlots drops a coupon's slots (a DRAFT's stock laid out anew).
func deleteSlots(tx *gorm.DB, couponID uint64) error {
	return tx.Where("coupon_id = ?", couponID).Delete(&models.CouponStock{}).Error
}

// spreadUnits adds quantity units over c's slots.
func spreadUnits(tx *gorm.DB, c *models.Coupon, quantity int64) error {
	for slot, add := range models.SplitStock(quantity, c.StockSlots) {
		if add == 0 {
			continue
		}
		if err := tx.Model(&models.CouponStock{}).Where("coupon_id = ? AND slot = ?", c.ID, slot).
			Update("remaining", gorm.Expr("remaining + ?", add)).Error; err != nil {
			return err
		}
	}
	return nil
}

// takeBack removes want units from the slots with conditional updates, so
// that a claim racing with it can never drive a slot below zero.
func takeBack(tx *gorm.DB, c *models.Coupon, want int64) error {
	var slots []models.CouponStock
	if err := tx.Where("coupon_id = ?", c.ID).Order("remaining DESC").Find(&slots).Error; err != nil {
		return err
	}
	left := want
	for _, sl := range slots {
		if left == 0 {
			break
		}
		take := min(sl.Remaining, left)
		if take <= 0 {
			continue
		}
		res := tx.Model(&models.CouponStock{}).Where("coupon_id = ? AND slot = ? AND remaining >= ?", c.ID, sl.Slot, take).
			Update("remaining", gorm.Expr("remaining - ?", take))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 1 {
			left -= take
		}
	}
	if left > 0 {
		return models.FieldError(models.CodeInvalidInput, []string{"quantity"},
			"only %d unclaimed units can be taken back", want-left)
	}
	return nil
}

// takeUnit decrements one slot of a coupon's stock if it has a unit left.
const takeUnit = "UPDATE coupon_stocks SET remaining = remaining - 1 WHERE coupon_id = ? AND slot = ? AND remaining > 0"

// takeSlotUnit takes one unit from one slot; took is false when it had
// none.
func takeSlotUnit(db *gorm.DB, couponID uint64, slot int) (took bool, err error) {
	res := db.Exec(takeUnit, couponID, slot)
	return res.RowsAffected == 1, res.Error
}

// takeSlotUnits takes ns[i] units from slots[i] of coupon ids[i] (ids
// distinct), each all or none, in one transaction (on MySQL sent as one
// query), in coupon order so that two callers cannot deadlock, and reports
// which slots had their units.
func takeSlotUnits(ctx context.Context, meta *gorm.DB, dialect store.Dialect, ids []uint64, slots []int, ns []int64) ([]bool, error) {
	idx := make([]int, len(ids))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
	took := make([]bool, len(ids))
	if dialect != store.MySQL {
		err := meta.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			for _, i := range idx {
				ok, err := takeFromSlot(tx, ids[i], slots[i], ns[i])
				if err != nil {
					return err
				}
				took[i] = ok
			}
			return nil
		})
		return took, err
	}
	stmts := make([]string, len(ids))
	args := make([]any, 0, 4*len(ids))
	for k, i := range idx {
		stmts[k] = takeSlotN
		args = append(args, ns[i], ids[i], slots[i], ns[i])
	}
	pool, err := meta.DB()
	if err != nil {
		return nil, err
	}
	_, affected, err := store.ExecOneTrip(ctx, pool, strings.Join(stmts, "; "), args)
	if err != nil {
		return nil, err
	}
	if len(affected) != len(ids) {
		return nil, fmt.Errorf("%w: %d outcomes of %d updates", ErrUnknownOutcome, len(affected), len(ids))
	}
	for k, i := range idx {
		took[i] = affected[k] == 1
	}
	return took, nil
}

// takeSlotN takes n units from one slot of a coupon if it has them all.
const takeSlotN = "UPDATE coupon_stocks SET remaining = remaining - ? WHERE coupon_id = ? AND slot = ? AND remaining >= ?"

// takeFromSlot takes n units from one slot if it has them all.
func takeFromSlot(db *gorm.DB, couponID uint64, slot int, n int64) (took bool, err error) {
	res := db.Exec(takeSlotN, n, couponID, slot, n)
	return res.RowsAffected == 1, res.Error
}

// slotTake is units taken from one slot.
type slotTake struct {
	slot  int
	units int64
}

// takeUnits takes up to n units of a coupon's stock, the fullest slots
// first, with conditional decrements, and returns what it got from which
// slot (got: their sum).
func takeUnits(db *gorm.DB, couponID uint64, n int64) (takes []slotTake, got int64, err error) {
	for attempt := 0; attempt < 3 && got < n; attempt++ {
		var slots []models.CouponStock
		if err := db.Clauses(dbresolver.Write).Where("coupon_id = ? AND remaining > 0", couponID).Order("remaining DESC").Find(&slots).Error; err != nil {
			return takes, got, err
		}
		if len(slots) == 0 {
			break
		}
		for _, sl := range slots {
			want := min(n-got, sl.Remaining)
			if want <= 0 {
				continue
			}
			took, err := takeFromSlot(db, couponID, sl.Slot, want)
			if err != nil {
				return takes, got, err
			}
			if took {
				takes = append(takes, slotTake{sl.Slot, want})
				got += want
			}
		}
	}
	return takes, got, nil
}

// giveBackUnits returns units to a slot, counting them as returned (the
// reconciler tells a leak from them).
func giveBackUnits(db *gorm.DB, couponID uint64, slot int, units int64) error {
	return db.Exec("UPDATE coupon_stocks SET remaining = remaining + ?, returned = returned + ? WHERE coupon_id = ? AND slot = ?",
		units, units, couponID, slot).Error
}

// remainingOf sums each coupon's slots.
func remainingOf(db *gorm.DB, ids []uint64) (map[uint64]int64, error) {
	var rows []struct {
		CouponID uint64
		Total    int64
	}
	err := db.Model(&models.CouponStock{}).Select("coupon_id, SUM(remaining) AS total").Where("coupon_id IN ?", ids).Group("coupon_id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]int64, len(ids))
	for _, r := range rows {
		out[r.CouponID] = r.Total
	}
	return out, nil
}

// stockTaken is what the reconciler reads of a coupon first: the units
// taken from its stock so far, and those given back.
type stockTaken struct {
	ID       uint64
	Taken    int64
	Returned int64
}

// readTaken reads stockTaken of each coupon of ids.
func readTaken(db *gorm.DB, ids []uint64) ([]stockTaken, error) {
	var rows []stockTaken
	err := db.Table("coupons").Select("coupons.id, coupons.total_stock - COALESCE(SUM(coupon_stocks.remaining), 0) AS taken, COALESCE(SUM(coupon_stocks.returned), 0) AS returned").
		Joins("LEFT JOIN coupon_stocks ON coupon_stocks.coupon_id = coupons.id").
		Where("coupons.id IN ?", ids).Group("coupons.id, coupons.total_stock").Scan(&rows).Error
	return rows, err
}

// readReturned reads the units given back to a coupon's stock so far.
func readReturned(db *gorm.DB, couponID uint64) (int64, error) {
	var returned int64
	err := db.Model(&models.CouponStock{}).Select("COALESCE(SUM(returned), 0)").Where("coupon_id = ?", couponID).Scan(&returned).Error
	return returned, err
}

// repairLeak puts leaked units back into slot 0 (an increment: the total
// may have changed meanwhile).
func repairLeak(db *gorm.DB, couponID uint64, units int64) error {
	return db.Model(&models.CouponStock{}).Where("coupon_id = ? AND slot = 0", couponID).
		Update("remaining", gorm.Expr("remaining + ?", units)).Error
}

// issuableCoupons are the ids of the coupons that can still be issued
// (ACTIVE or PAUSED), whose stock the reconciler watches.
func issuableCoupons(db *gorm.DB) ([]uint64, error) {
	var ids []uint64
	err := db.Model(&models.Coupon{}).Where("status IN ?", []models.CouponStatus{models.CouponActive, models.CouponPaused}).Pluck("id", &ids).Error
	return ids, err
}
