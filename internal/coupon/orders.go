package coupon

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// CatalogView answers what pricing needs of the catalog.
type CatalogView interface {
	PricingView(ctx context.Context, productIDs []string) (pricing.Catalog, map[string]string, error)
}

// OrderRequest asks to lock or use one user coupon for an order.
type OrderRequest struct {
	UserID       string
	UserCouponID string // public id
	OrderID      string
	Cart         pricing.Cart
}

// Spent is the outcome of a lock or a use.
type Spent struct {
	UserCoupon *models.UserCoupon
	Discount   decimal.Decimal
	Replayed   bool // this order had already locked (used) it
}

// MaxOrderIDLen bounds order ids.
const MaxOrderIDLen = 128

func checkOrderID(id string, field []string) error {
	if id == "" || len(id) > MaxOrderIDLen {
		return models.FieldError(models.CodeInvalidInput, field, "orderId must be 1 to %d characters", MaxOrderIDLen)
	}
	return nil
}

// row reads one user coupon of a user from its shard's primary.
func (s *Service) row(ctx context.Context, userID string, id uint64) (*gorm.DB, sharding.Route, *models.UserCoupon, error) {
	db, route := s.store.Shard(userID)
	primary := onPrimary(ctx, db)
	ucs, err := findUserCoupons(primary, route.UserCouponTable(), "id = ? AND user_id = ?", "", id, userID)
	if err != nil {
		return nil, route, nil, models.Unavailable("coupon.row", err)
	}
	if len(ucs) == 0 {
		return primary, route, nil, models.Errorf(models.CodeNotFound, "user coupon not found")
	}
	return primary, route, &ucs[0], nil
}

// prepare checks an order request and loads the coupon it names, on the
// side written first now (see resolve).
func (s *Service) prepare(ctx context.Context, r OrderRequest) (*target, error) {
	if err := checkOrderID(r.OrderID, []string{"input", "orderId"}); err != nil {
		return nil, err
	}
	if errs := pricing.ValidateCart([]string{"input", "cart"}, r.Cart); len(errs) > 0 {
		return nil, errs
	}
	return s.resolve(ctx, r.UserID, r.UserCouponID, []string{"input", "userCouponId"})
}

// Price prices a cart against one user coupon's rules as issued; cart items
// without a category take the catalog's.
func (s *Service) Price(ctx context.Context, uc *models.UserCoupon, cart pricing.Cart) (pricing.Result, error) {
	results, err := s.priceAll(ctx, []*models.UserCoupon{uc}, cart)
	if err != nil {
		return pricing.Result{}, err
	}
	return results[0], nil
}

func (s *Service) priceAll(ctx context.Context, ucs []*models.UserCoupon, cart pricing.Cart) ([]pricing.Result, error) {
	view, cart, err := s.pricingView(ctx, cart)
	if err != nil {
		return nil, err
	}
	out := make([]pricing.Result, len(ucs))
	for i, uc := range ucs {
		out[i] = pricing.Price(pricingCoupon(uc), cart, view)
	}
	return out, nil
}

func pricingCoupon(uc *models.UserCoupon) pricing.Coupon {
	return pricing.Coupon{Currency: uc.Currency, Discount: uc.Discount, Scope: uc.Scope}
}

// pricingView is the catalog view a cart is priced against, and the cart
// with each item's category filled in from the catalog where it names none.
func (s *Service) pricingView(ctx context.Context, cart pricing.Cart) (pricing.Catalog, pricing.Cart, error) {
	if s.opts.Catalog == nil {
		return pricing.Catalog{}, cart, nil
	}
	ids := make([]string, len(cart.Items))
	for i, it := range cart.Items {
		ids[i] = it.ProductID
	}
	view, categoryOf, err := s.opts.Catalog.PricingView(ctx, ids)
	if err != nil {
		return pricing.Catalog{}, cart, err
	}
	items := make([]pricing.Item, len(cart.Items))
	copy(items, cart.Items)
	for i := range items {
		if items[i].CategoryID == "" {
			items[i].CategoryID = categoryOf[items[i].ProductID]
		}
	}
	cart.Items = items
	return view, cart, nil
}

func notApplicable(res pricing.Result) error {
	msg := map[models.Code]string{
		models.CodeCurrency:        "the cart's currency is not the coupon's",
		models.CodeNoEligibleItems: "no item of the cart is covered by the coupon",
		models.CodeThresholdNotMet: "the eligible items do not reach the coupon's minimum amount",
	}[res.Reason]
	return models.Errorf(res.Reason, "%s", msg)
}

func usable(uc *models.UserCoupon, now time.Time) error {
	switch {
	case uc.Status != models.UserCouponUnused:
		return models.Errorf(models.CodeNotUsable, "the coupon is %s", Effective(uc, now))
	case now.Before(uc.ValidFrom):
		return models.Errorf(models.CodeNotUsable, "the coupon is valid from %s", uc.ValidFrom.Format(time.RFC3339))
	case !now.Before(uc.ValidUntil):
		return models.Errorf(models.CodeNotUsable, "the coupon expired at %s", uc.ValidUntil.Format(time.RFC3339))
	}
	return nil
}

// Lock reserves an UNUSED, valid coupon for an unpaid order (UNUSED ->
// LOCKED) for hold, after which the sweeper releases it. The cart must
// qualify. Idempotent per order: a retry by the same order returns the
// lock; any other order gets NOT_USABLE. Returns NOT_FOUND, NOT_USABLE,
// CURRENCY_MISMATCH, NO_ELIGIBLE_ITEMS, THRESHOLD_NOT_MET, INVALID_INPUT.
func (s *Service) Lock(ctx context.Context, r OrderRequest, hold time.Duration) (*Spent, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	done, err := s.store.BeginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	t, err := s.prepare(ctx, r)
	if err != nil {
		return nil, err
	}
	if t.luc != nil {
		return s.lockLegacyFirst(ctx, r, t, hold)
	}
	db, route, uc := t.db, t.route, t.uc
	if (uc.Status == models.UserCouponLocked || uc.Status == models.UserCouponUsed) && deref(uc.OrderID) == r.OrderID {
		res, err := s.Price(ctx, uc, r.Cart)
		return &Spent{UserCoupon: uc, Discount: res.Discount, Replayed: true}, err
	}
	now := s.now().UTC()
	if err := usable(uc, now); err != nil {
		return nil, err
	}
	res, err := s.Price(ctx, uc, r.Cart)
	if err != nil {
		return nil, err
	}
	if !res.Applicable {
		return nil, notApplicable(res)
	}
	until := now.Add(hold)
	ok, err := s.move(db, route, uc, models.EventLocked, func(q *gorm.DB) *gorm.DB {
		return q.Where("status = ? AND valid_from <= ? AND valid_until > ?", models.UserCouponUnused, now, now)
	}, map[string]any{"status": models.UserCouponLocked, "order_id": r.OrderID, "hold_until": until, "updated_at": now}, nil)
	if err != nil {
		return nil, err
	}
	if !ok {
		return s.afterRace(ctx, r, models.UserCouponLocked)
	}
	uc.Status, uc.OrderID, uc.HoldUntil, uc.UpdatedAt = models.UserCouponLocked, &r.OrderID, &until, now
	s.mirrorToLegacy(ctx, t.sd, uc)
	return &Spent{UserCoupon: uc, Discount: res.Discount}, nil
}

// Use spends a coupon on a paid order: UNUSED and valid, or LOCKED by the
// same order -> USED, recording the discount and the order's items (for
// product statistics) in the outbox event. Idempotent per order. Returns
// NOT_FOUND, NOT_USABLE, CURRENCY_MISMATCH, NO_ELIGIBLE_ITEMS,
// THRESHOLD_NOT_MET, INVALID_INPUT.
func (s *Service) Use(ctx context.Context, r OrderRequest) (*Spent, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	done, err := s.store.BeginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	t, err := s.prepare(ctx, r)
	if err != nil {
		return nil, err
	}
	if t.luc != nil {
		return s.useLegacyFirst(ctx, r, t)
	}
	db, route, uc := t.db, t.route, t.uc
	if uc.Status == models.UserCouponUsed && deref(uc.OrderID) == r.OrderID {
		return &Spent{UserCoupon: uc, Discount: uc.DiscountApplied.Decimal, Replayed: true}, nil
	}
	now := s.now().UTC()
	lockedByUs := uc.Status == models.UserCouponLocked && deref(uc.OrderID) == r.OrderID
	if !lockedByUs {
		if err := usable(uc, now); err != nil {
			return nil, err
		}
	}
	view, cart, err := s.pricingView(ctx, r.Cart)
	if err != nil {
		return nil, err
	}
	res := pricing.Price(pricingCoupon(uc), cart, view)
	if !res.Applicable {
		return nil, notApplicable(res)
	}
	detail, orderAmount := orderDetail(cart, func(it pricing.Item) bool {
		return it.Quantity > 0 && pricing.Eligible(uc.Scope, it.ProductID, it.CategoryID, view)
	})
	event := &models.CouponEvent{Amount: decimal.NullDecimal{Decimal: res.Discount, Valid: true},
		OrderAmount: decimal.NullDecimal{Decimal: orderAmount, Valid: true}, Detail: detail}
	ok, err := s.move(db, route, uc, models.EventUsed, func(q *gorm.DB) *gorm.DB {
		return q.Where("(status = ? AND valid_from <= ? AND valid_until > ?) OR (status = ? AND order_id = ?)",
			models.UserCouponUnused, now, now, models.UserCouponLocked, r.OrderID)
	}, map[string]any{"status": models.UserCouponUsed, "order_id": r.OrderID, "used_at": now, "hold_until": nil,
		"discount_applied": res.Discount.String(), "updated_at": now}, event)
	if err != nil {
		return nil, err
	}
	if !ok {
		return s.afterRace(ctx, r, models.UserCouponUsed)
	}
	uc.Status, uc.OrderID, uc.UsedAt, uc.HoldUntil, uc.UpdatedAt = models.UserCouponUsed, &r.OrderID, &now, nil, now
	uc.DiscountApplied = decimal.NullDecimal{Decimal: res.Discount, Valid: true}
	s.mirrorToLegacy(ctx, t.sd, uc)
	return &Spent{UserCoupon: uc, Discount: res.Discount}, nil
}

// afterRace answers a conditional update that changed nothing: the same
// order won meanwhile (a replay), or another change did (NOT_USABLE).
func (s *Service) afterRace(ctx context.Context, r OrderRequest, want models.UserCouponStatus) (*Spent, error) {
	t, err := s.prepare(ctx, r)
	if err != nil {
		return nil, err
	}
	uc := t.uc
	if t.luc != nil {
		uc = t.luc
	}
	if deref(uc.OrderID) == r.OrderID && (uc.Status == want || uc.Status == models.UserCouponUsed) {
		return &Spent{UserCoupon: uc, Discount: uc.DiscountApplied.Decimal, Replayed: true}, nil
	}
	return nil, models.Errorf(models.CodeNotUsable, "the coupon changed meanwhile: it is %s", Effective(uc, s.now()))
}

// move applies a conditional update to one user coupon and writes its
// outbox event in the same shard transaction. ok is false when the
// condition no longer held (nothing written).
func (s *Service) move(db *gorm.DB, route sharding.Route, uc *models.UserCoupon, kind string,
	cond func(*gorm.DB) *gorm.DB, set map[string]any, event *models.CouponEvent) (ok bool, err error) {
	if event == nil {
		event = &models.CouponEvent{}
	}
	event.UserID, event.CouponID, event.UserCouponID, event.Kind, event.Channel = uc.UserID, uc.CouponID, uc.ID, kind, uc.Channel
	if event.At.IsZero() {
		event.At = s.now().UTC()
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		res := cond(tx.Table(route.UserCouponTable()).Where("id = ? AND user_id = ?", uc.ID, uc.UserID)).Updates(set)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errNoChange
		}
		return tx.Table(route.CouponEventTable()).Create(event).Error
	})
	switch {
	case errors.Is(err, errNoChange):
		return false, nil
	case err != nil:
		return false, models.Unavailable("coupon.transition", err)
	}
	return true, nil
}

var errNoChange = errors.New("no row matched")

// OrderLine is one item of a use's outbox detail.
type OrderLine struct {
	ProductID  string `json:"productId"`
	CategoryID string `json:"categoryId,omitempty"`
	Quantity   int    `json:"quantity"`
	UnitPrice  string `json:"unitPrice"`
	Eligible   bool   `json:"eligible"` // in the coupon's scope: the discount is shared among these
}

// OrderDetail is the outbox detail of a use: the order's items, for
// product statistics.
type OrderDetail struct {
	Currency string      `json:"currency"`
	Items    []OrderLine `json:"items"`
}

// orderDetail is the outbox detail of a use and the order's amount.
func orderDetail(cart pricing.Cart, eligible func(pricing.Item) bool) (string, decimal.Decimal) {
	d := OrderDetail{Currency: cart.Currency, Items: make([]OrderLine, len(cart.Items))}
	total := decimal.Zero
	for i, it := range cart.Items {
		d.Items[i] = OrderLine{it.ProductID, it.CategoryID, it.Quantity, it.UnitPrice.String(), eligible(it)}
		total = total.Add(it.UnitPrice.Mul(decimal.NewFromInt(int64(it.Quantity))))
	}
	b, _ := json.Marshal(d)
	return string(b), total
}

// orderRow finds a user's coupon by the order that holds (or last held) it.
func (s *Service) orderRow(ctx context.Context, userID, orderID string) (*gorm.DB, sharding.Route, *models.UserCoupon, error) {
	if err := checkOrderID(orderID, []string{"input", "orderId"}); err != nil {
		return nil, sharding.Route{}, nil, err
	}
	db, route := s.store.Shard(userID)
	primary := onPrimary(ctx, db)
	var ucs []models.UserCoupon
	err := primary.Table(route.UserCouponTable()).Where("user_id = ? AND (order_id = ? OR last_order_id = ?)", userID, orderID, orderID).
		Order("updated_at DESC").Limit(1).Find(&ucs).Error
	if err != nil {
		return nil, route, nil, models.Unavailable("coupon.orderRow", err)
	}
	if len(ucs) == 0 {
		return nil, route, nil, models.FieldError(models.CodeNotFound, []string{"input", "orderId"}, "no coupon of this user is on order %q", orderID)
	}
	return primary, route, &ucs[0], nil
}

// Release gives back a coupon locked by an order that was cancelled before
// payment (LOCKED -> UNUSED). Idempotent: a retry returns the released
// coupon. Returns NOT_FOUND, NOT_USABLE (the order already used it: refund).
func (s *Service) Release(ctx context.Context, userID, orderID string) (*models.UserCoupon, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	done, err := s.store.BeginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if luc, sd, err := s.legacyByOrder(ctx, userID, orderID); err != nil || luc != nil {
		if err != nil {
			return nil, err
		}
		return s.releaseLegacyFirst(ctx, luc, sd, orderID)
	}
	db, route, uc, err := s.orderRow(ctx, userID, orderID)
	if err != nil {
		return nil, err
	}
	sd := s.sidesOfID(ctx, uc.CouponID)
	switch {
	case deref(uc.LastOrderID) == orderID && deref(uc.OrderID) != orderID:
		return uc, nil // released (or refunded) before
	case uc.Status == models.UserCouponUsed:
		return nil, models.Errorf(models.CodeNotUsable, "order %q already used the coupon: refund it instead", orderID)
	case uc.Status != models.UserCouponLocked:
		return nil, models.Errorf(models.CodeNotUsable, "the coupon is %s", Effective(uc, s.now()))
	}
	now := s.now().UTC()
	ok, err := s.move(db, route, uc, models.EventReleased, func(q *gorm.DB) *gorm.DB {
		return q.Where("status = ? AND order_id = ?", models.UserCouponLocked, orderID)
	}, map[string]any{"status": models.UserCouponUnused, "order_id": nil, "last_order_id": orderID, "hold_until": nil, "updated_at": now}, nil)
	if err != nil {
		return nil, err
	}
	if !ok {
		return s.Release(ctx, userID, orderID)
	}
	uc.Status, uc.OrderID, uc.LastOrderID, uc.HoldUntil, uc.UpdatedAt = models.UserCouponUnused, nil, &orderID, nil, now
	s.mirrorToLegacy(ctx, sd, uc)
	return uc, nil
}

// Refund gives back the coupon of a refunded order: USED -> UNUSED while
// still valid, else EXPIRED. Idempotent. Returns NOT_FOUND, NOT_USABLE (the
// order only locked it: release it instead).
func (s *Service) Refund(ctx context.Context, userID, orderID string) (*models.UserCoupon, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	done, err := s.store.BeginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if luc, sd, err := s.legacyByOrder(ctx, userID, orderID); err != nil || luc != nil {
		if err != nil {
			return nil, err
		}
		return s.refundLegacyFirst(ctx, luc, sd, orderID)
	}
	db, route, uc, err := s.orderRow(ctx, userID, orderID)
	if err != nil {
		return nil, err
	}
	sd := s.sidesOfID(ctx, uc.CouponID)
	switch {
	case deref(uc.LastOrderID) == orderID && deref(uc.OrderID) != orderID:
		return uc, nil
	case uc.Status == models.UserCouponLocked:
		return nil, models.Errorf(models.CodeNotUsable, "order %q only locked the coupon: release it instead", orderID)
	case uc.Status != models.UserCouponUsed:
		return nil, models.Errorf(models.CodeNotUsable, "the coupon is %s", Effective(uc, s.now()))
	}
	now := s.now().UTC()
	to := models.UserCouponUnused
	if !now.Before(uc.ValidUntil) {
		to = models.UserCouponExpired
	}
	event := &models.CouponEvent{Amount: uc.DiscountApplied, Detail: `{"to":"` + string(to) + `"}`}
	ok, err := s.move(db, route, uc, models.EventRefunded, func(q *gorm.DB) *gorm.DB {
		return q.Where("status = ? AND order_id = ?", models.UserCouponUsed, orderID)
	}, map[string]any{"status": to, "order_id": nil, "last_order_id": orderID, "used_at": nil, "discount_applied": nil, "updated_at": now}, event)
	if err != nil {
		return nil, err
	}
	if !ok {
		return s.Refund(ctx, userID, orderID)
	}
	uc.Status, uc.OrderID, uc.LastOrderID, uc.UsedAt, uc.DiscountApplied, uc.UpdatedAt = to, nil, &orderID, nil, decimal.NullDecimal{}, now
	s.mirrorToLegacy(ctx, sd, uc)
	return uc, nil
}

// Revoke takes a coupon away from its user (support): UNUSED or LOCKED ->
// REVOKED, with the reason in the outbox event. Idempotent. Returns
// NOT_FOUND, NOT_USABLE (USED or EXPIRED), INVALID_INPUT (no reason).
func (s *Service) Revoke(ctx context.Context, publicID, reason string) (*models.UserCoupon, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	done, err := s.store.BeginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if reason == "" || len(reason) > 500 {
		return nil, models.FieldError(models.CodeInvalidInput, []string{"reason"}, "give a reason of 1 to 500 characters")
	}
	ref, err := models.ParseUserCouponRef(publicID)
	if err != nil {
		return nil, err
	}
	t, err := s.resolve(ctx, ref.UserID, publicID, []string{"userCouponId"})
	if err != nil {
		return nil, err
	}
	if t.luc != nil {
		return s.revokeLegacyFirst(ctx, t, reason)
	}
	db, route, uc := t.db, t.route, t.uc
	if uc.Status == models.UserCouponRevoked {
		return uc, nil
	}
	if uc.Status != models.UserCouponUnused && uc.Status != models.UserCouponLocked {
		return nil, models.Errorf(models.CodeNotUsable, "a %s coupon cannot be revoked", uc.Status)
	}
	now := s.now().UTC()
	detail, _ := json.Marshal(map[string]string{"reason": reason})
	ok, err := s.move(db, route, uc, models.EventRevoked, func(q *gorm.DB) *gorm.DB {
		return q.Where("status IN ?", []models.UserCouponStatus{models.UserCouponUnused, models.UserCouponLocked})
	}, map[string]any{"status": models.UserCouponRevoked, "hold_until": nil, "updated_at": now}, &models.CouponEvent{Detail: string(detail)})
	if err != nil {
		return nil, err
	}
	if !ok {
		return s.Revoke(ctx, publicID, reason)
	}
	uc.Status, uc.HoldUntil, uc.UpdatedAt = models.UserCouponRevoked, nil, now
	s.mirrorToLegacy(ctx, t.sd, uc)
	return uc, nil
}

// Qualification is one coupon priced against a cart.
type Qualification struct {
	UserCoupon *models.UserCoupon
	Result     pricing.Result
}

// Qualify prices a cart against every UNUSED, currently valid coupon of the
// user, best first (largest discount, then earliest expiry). Returns
// INVALID_INPUT for a bad cart.
func (s *Service) Qualify(ctx context.Context, userID string, cart pricing.Cart) ([]Qualification, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	if errs := pricing.ValidateCart([]string{"cart"}, cart); len(errs) > 0 {
		return nil, errs
	}
	db, route := s.store.Shard(userID)
	now := s.now().UTC()
	var ucs []models.UserCoupon
	var err error
	if s.readsLegacy() {
		ucs, err = s.legacyQualifiable(ctx, userID, now)
	} else {
		ucs, err = findUserCoupons(db.WithContext(ctx).Clauses(dbresolver.Write), route.UserCouponTable(),
			"user_id = ? AND status = ? AND valid_from <= ? AND valid_until > ?", "ORDER BY id LIMIT 1000",
			userID, models.UserCouponUnused, now, now)
	}
	if err != nil {
		return nil, models.Unavailable("coupon.Qualify", err)
	}
	ptrs := make([]*models.UserCoupon, len(ucs))
	for i := range ucs {
		ptrs[i] = &ucs[i]
	}
	results, err := s.priceAll(ctx, ptrs, cart)
	if err != nil {
		return nil, err
	}
	opts := make([]pricing.Option, len(ucs))
	byID := map[string]int{}
	for i, uc := range ucs {
		key := uc.PublicID()
		opts[i] = pricing.Option{ID: key, ValidUntil: uc.ValidUntil, Result: results[i]}
		byID[key] = i
	}
	pricing.Rank(opts)
	out := make([]Qualification, len(opts))
	for i, o := range opts {
		out[i] = Qualification{UserCoupon: ptrs[byID[o.ID]], Result: o.Result}
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
