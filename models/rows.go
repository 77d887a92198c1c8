package models

import (
	"database/sql"
	"strings"
)

// The column lists below map a user coupon and an outbox event to their
// shard tables' columns for hand-written statements: on the hot paths
// (claims, a user's coupons, bulk issuance) gorm's reflection over every
// field of every row costs more than the statement. They are the one place
// that knows the order; a test holds them to the gorm schemas, so a field
// added to a model fails it until it is added here.

// userCouponColumns are the columns of a user coupon row, every one but the
// auto-increment id, in the order AppendValues gives them.
const userCouponColumns = "user_id, coupon_id, seq, request_id, status, channel, currency, discount_kind, amount_off, percent_off, " +
	"max_discount, min_order_amount, scope_kind, scope_product_ids, scope_category_ids, valid_from, valid_until, issued_at, " +
	"order_id, last_order_id, hold_until, used_at, discount_applied, updated_at, legacy_id"

// UserCouponColumns are the columns of a user coupon row but the id, in the
// order AppendValues gives their values.
var UserCouponColumns = strings.Split(userCouponColumns, ", ")

// UserCouponSelect is "id, " and UserCouponColumns, as ScanUserCoupon reads
// them.
const UserCouponSelect = "id, " + userCouponColumns

// AppendValues appends the row's values, one per UserCouponColumns.
func (uc *UserCoupon) AppendValues(args []any) []any {
	return append(args,
		uc.UserID, uc.CouponID, uc.Seq, uc.RequestID, string(uc.Status), string(uc.Channel), uc.Currency,
		string(uc.Discount.Kind), uc.Discount.AmountOff, uc.Discount.PercentOff, uc.Discount.MaxDiscount, uc.Discount.MinOrderAmount,
		string(uc.Scope.Kind), uc.Scope.ProductIDs, uc.Scope.CategoryIDs,
		uc.ValidFrom, uc.ValidUntil, uc.IssuedAt,
		uc.OrderID, uc.LastOrderID, uc.HoldUntil, uc.UsedAt, uc.DiscountApplied, uc.UpdatedAt, uc.LegacyID,
	)
}

// ScanUserCoupon reads one row selected as UserCouponSelect.
func ScanUserCoupon(rows interface{ Scan(...any) error }) (UserCoupon, error) {
	var uc UserCoupon
	var orderID, lastOrderID sql.NullString
	var holdUntil, usedAt sql.NullTime
	var legacyID sql.NullInt64
	if err := rows.Scan(&uc.ID, &uc.UserID, &uc.CouponID, &uc.Seq, &uc.RequestID, &uc.Status, &uc.Channel, &uc.Currency,
		&uc.Discount.Kind, &uc.Discount.AmountOff, &uc.Discount.PercentOff, &uc.Discount.MaxDiscount, &uc.Discount.MinOrderAmount,
		&uc.Scope.Kind, &uc.Scope.ProductIDs, &uc.Scope.CategoryIDs, &uc.ValidFrom, &uc.ValidUntil, &uc.IssuedAt,
		&orderID, &lastOrderID, &holdUntil, &usedAt, &uc.DiscountApplied, &uc.UpdatedAt, &legacyID); err != nil {
		return uc, err
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
	return uc, nil
}

// CouponEventColumns are the columns of an outbox event but the id, in the
// order AppendValues gives their values.
var CouponEventColumns = []string{
	"user_id", "coupon_id", "user_coupon_id", "kind", "channel", "amount", "order_amount", "detail", "at",
}

// AppendValues appends the event's values, one per CouponEventColumns.
func (e *CouponEvent) AppendValues(args []any) []any {
	return append(args, e.UserID, e.CouponID, e.UserCouponID, e.Kind, string(e.Channel), e.Amount, e.OrderAmount, e.Detail, e.At)
}
