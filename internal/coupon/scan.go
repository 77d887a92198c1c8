package coupon

import (
	"database/sql"

	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
)

// userCouponColumns are the columns scanUserCoupons reads, in its order.
const userCouponColumns = "id, user_id, coupon_id, seq, request_id, status, channel, currency, discount_kind, amount_off, percent_off, " +
	"max_discount, min_order_amount, scope_kind, scope_product_ids, scope_category_ids, valid_from, valid_until, issued_at, " +
	"order_id, last_order_id, hold_until, used_at, discount_applied, updated_at, legacy_id"

// findUserCoupons runs "SELECT <columns> FROM table WHERE ..." and scans the
// rows by hand: on the hot reads (qualifyCart, a user's coupons) gorm's
// reflective scan of these 26 columns cost more than the query.
func findUserCoupons(db *gorm.DB, table, where, tail string, args ...any) ([]models.UserCoupon, error) {
	rows, err := db.Raw("SELECT "+userCouponColumns+" FROM "+table+" WHERE "+where+" "+tail, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []models.UserCoupon
	for rows.Next() {
		var uc models.UserCoupon
		var orderID, lastOrderID sql.NullString
		var holdUntil, usedAt sql.NullTime
		var legacyID sql.NullInt64
		if err := rows.Scan(&uc.ID, &uc.UserID, &uc.CouponID, &uc.Seq, &uc.RequestID, &uc.Status, &uc.Channel, &uc.Currency,
			&uc.Discount.Kind, &uc.Discount.AmountOff, &uc.Discount.PercentOff, &uc.Discount.MaxDiscount, &uc.Discount.MinOrderAmount,
			&uc.Scope.Kind, &uc.Scope.ProductIDs, &uc.Scope.CategoryIDs, &uc.ValidFrom, &uc.ValidUntil, &uc.IssuedAt,
			&orderID, &lastOrderID, &holdUntil, &usedAt, &uc.DiscountApplied, &uc.UpdatedAt, &legacyID); err != nil {
			return nil, err
		}
		if orderID.Valid {
			uc.OrderID = &orderID.String
		}
		if lastOrderID.Valid {
			uc.LastOrderID = &lastOrderID.String
		}
		if holdUntil.Valid {
			t := holdUntil.Time
			uc.HoldUntil = &t
		}
		if usedAt.Valid {
			t := usedAt.Time
			uc.UsedAt = &t
		}
		if legacyID.Valid {
			n := legacyID.Int64
			uc.LegacyID = &n
		}
		out = append(out, uc)
	}
	return out, rows.Err()
}
