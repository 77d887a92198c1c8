package coupon

import (
	"context"
	"encoding/json"
	"time"
	"unicode/utf8"

	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/models"
	"github.com/shopspring/decimal"
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

// prepare checks an order request and finds the coupon it names, as w
// keeps it (see Wallets.Find).
func (s *Service) prepare(ctx context.Context, w Wallets, r OrderRequest) (*models.UserCoupon, error) {
	if err := checkOrderID(r.OrderID, []string{"input", "orderId"}); err != nil {
		return nil, err
	}
	if errs := pricing.ValidateCart([]string{"input", "cart"}, r.Cart); len(errs) > 0 {
		return nil, errs
	}
	return w.Find(ctx, r.UserID, r.UserCouponID, []string{"input", "userCouponId"})
}

// Price prices a cart against one user coupon's rules as issued; cart items
// without a category take the catalog's.
func (s *Service) Price(ctx context.Context, uc *models.UserCoupon, cart pricing.Cart) (pricing.Result, error) {
	view, cart, err := s.pricingView(ctx, cart)
	if err != nil {
		return pricing.Result{}, err
	}
	return pricing.Price(pricingCoupon(uc), cart, view), nil
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
	ctx, w, done, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	uc, err := s.prepare(ctx, w, r)
	if err != nil {
		return nil, err
	}
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
	ok, err := w.Move(ctx, uc, Move{Kind: MoveLock, Order: r.OrderID, At: now, Until: now.Add(hold)})
	if err != nil {
		return nil, err
	}
	if !ok {
		return s.afterRace(ctx, w, r, models.UserCouponLocked)
	}
	return &Spent{UserCoupon: uc, Discount: res.Discount}, nil
}

// Use spends a coupon on a paid order: UNUSED and valid, or LOCKED by the
// same order -> USED, recording the discount and the order's items (for
// product statistics) in the outbox event. Idempotent per order. Returns
// NOT_FOUND, NOT_USABLE, CURRENCY_MISMATCH, NO_ELIGIBLE_ITEMS,
// THRESHOLD_NOT_MET, INVALID_INPUT.
func (s *Service) Use(ctx context.Context, r OrderRequest) (*Spent, error) {
	ctx, w, done, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	uc, err := s.prepare(ctx, w, r)
	if err != nil {
		return nil, err
	}
	if uc.Status == models.UserCouponUsed && deref(uc.OrderID) == r.OrderID {
		return s.replayed(ctx, w, uc, r.Cart)
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
	release, err := s.reserveBudgets(ctx, []*models.UserCoupon{uc}, []decimal.Decimal{res.Discount}, now)
	if err != nil {
		return nil, err
	}
	ok, err := w.Move(ctx, uc, Move{Kind: MoveUse, Order: r.OrderID, At: now, Discount: res.Discount, Event: event})
	if err != nil {
		return nil, err // the use may have been written: its charge stays
	}
	if !ok {
		release()
		return s.afterRace(ctx, w, r, models.UserCouponUsed)
	}
	return &Spent{UserCoupon: uc, Discount: res.Discount}, nil
}

// replayed is the outcome of a retry of the use of uc: the discount the use
// recorded or, where the wallets keep none (Wallets.RecordsDiscount), the
// cart priced again.
func (s *Service) replayed(ctx context.Context, w Wallets, uc *models.UserCoupon, cart pricing.Cart) (*Spent, error) {
	if w.RecordsDiscount(uc) {
		return &Spent{UserCoupon: uc, Discount: uc.DiscountApplied.Decimal, Replayed: true}, nil
	}
	res, err := s.Price(ctx, uc, cart)
	return &Spent{UserCoupon: uc, Discount: res.Discount, Replayed: true}, err
}

// afterRace answers a conditional change that changed nothing: the same
// order won meanwhile (a replay), or another change did (NOT_USABLE).
func (s *Service) afterRace(ctx context.Context, w Wallets, r OrderRequest, want models.UserCouponStatus) (*Spent, error) {
	uc, err := s.prepare(ctx, w, r)
	if err != nil {
		return nil, err
	}
	if deref(uc.OrderID) == r.OrderID && (uc.Status == want || uc.Status == models.UserCouponUsed) {
		return s.replayed(ctx, w, uc, r.Cart)
	}
	return nil, models.Errorf(models.CodeNotUsable, "the coupon changed meanwhile: it is %s", Effective(uc, s.now()))
}

// OrderLine is one item of a use's outbox detail.
type OrderLine struct {
	ProductID  string `json:"productId"`
	CategoryID string `json:"categoryId,omitempty"`
	Quantity   int    `json:"quantity"`
	UnitPrice  string `json:"unitPrice"`
	Eligible   bool   `json:"eligible"` // in the coupon's scope: the discount is shared among these
	// Discount is the coupon's share of the line when it was used in a
	// stack (priced line by line); absent, the share is proportional.
	Discount string `json:"discount,omitempty"`
}

// OrderDetail is the outbox detail of a use: the order's items, for
// product statistics.
type OrderDetail struct {
	Currency string      `json:"currency"`
	Items    []OrderLine `json:"items"`
	// CountedByStack is set on the uses of a stack but its first: the
	// order's lines (orders, units, sales) count once in the figures over
	// all coupons, with the first use; each use adds its own discount.
	CountedByStack bool `json:"countedByStack,omitempty"`
}

// orderDetail is the outbox detail of a use and the order's amount.
func orderDetail(cart pricing.Cart, eligible func(pricing.Item) bool) (string, decimal.Decimal) {
	return orderDetailWith(cart, false, func(it pricing.Item) (bool, string) { return eligible(it), "" })
}

// orderDetailWith is orderDetail with each line's eligibility and, for a
// use in a stack, the coupon's share of it ("" for none recorded);
// counted marks a use of a stack whose order another use counts.
func orderDetailWith(cart pricing.Cart, counted bool, line func(pricing.Item) (eligible bool, share string)) (string, decimal.Decimal) {
	d := OrderDetail{Currency: cart.Currency, Items: make([]OrderLine, len(cart.Items)), CountedByStack: counted}
	total := decimal.Zero
	for i, it := range cart.Items {
		eligible, share := line(it)
		d.Items[i] = OrderLine{it.ProductID, it.CategoryID, it.Quantity, it.UnitPrice.String(), eligible, share}
		total = total.Add(it.UnitPrice.Mul(decimal.NewFromInt(int64(it.Quantity))))
	}
	b, _ := json.Marshal(d)
	return string(b), total
}

// Release gives back the coupons locked by an order that was cancelled
// before payment (LOCKED -> UNUSED), all of them in one transaction.
// Idempotent: a retry returns the released coupons. Returns NOT_FOUND,
// NOT_USABLE (the order already used them: refund).
func (s *Service) Release(ctx context.Context, userID, orderID string) ([]*models.UserCoupon, error) {
	ucs, _, err := s.onOrder(ctx, userID, orderID, func(uc *models.UserCoupon, now time.Time) (Move, error) {
		switch {
		case uc.Status == models.UserCouponUsed:
			return Move{}, models.Errorf(models.CodeNotUsable, "order %q already used the coupon: refund it instead", orderID)
		case uc.Status != models.UserCouponLocked:
			return Move{}, models.Errorf(models.CodeNotUsable, "the coupon is %s", Effective(uc, now))
		}
		return Move{Kind: MoveRelease, Order: orderID, At: now}, nil
	})
	return ucs, err
}

// Refund gives back the coupons of a refunded order, all of them in one
// transaction: USED -> UNUSED while still valid, else EXPIRED; and their
// discounts to the budgets that granted them. Idempotent. Returns
// NOT_FOUND, NOT_USABLE (the order only locked them: release them
// instead).
func (s *Service) Refund(ctx context.Context, userID, orderID string) ([]*models.UserCoupon, error) {
	granted := map[uint64]decimal.Decimal{} // by user coupon, as the last try found them
	ucs, moved, err := s.onOrder(ctx, userID, orderID, func(uc *models.UserCoupon, now time.Time) (Move, error) {
		granted[uc.ID] = uc.DiscountApplied.Decimal
		switch {
		case uc.Status == models.UserCouponLocked:
			return Move{}, models.Errorf(models.CodeNotUsable, "order %q only locked the coupon: release it instead", orderID)
		case uc.Status != models.UserCouponUsed:
			return Move{}, models.Errorf(models.CodeNotUsable, "the coupon is %s", Effective(uc, now))
		}
		to := models.UserCouponUnused
		if !now.Before(uc.ValidUntil) {
			to = models.UserCouponExpired
		}
		event := &models.CouponEvent{Amount: uc.DiscountApplied, Detail: `{"to":"` + string(to) + `"}`}
		return Move{Kind: MoveRefund, Order: orderID, At: now, To: to, Event: event}, nil
	})
	if err != nil || !moved {
		return ucs, err
	}
	amounts := make([]decimal.Decimal, len(ucs))
	for i, uc := range ucs {
		amounts[i] = granted[uc.ID]
	}
	s.refundBudgets(ctx, ucs, amounts)
	return ucs, nil
}

// onOrder gives back the user's coupons that an order holds: change checks
// each and says its move; all move in one transaction. Coupons the order
// released or refunded before are returned as they are (a retry); a change
// that lost a race is tried again.
func (s *Service) onOrder(ctx context.Context, userID, orderID string,
	change func(*models.UserCoupon, time.Time) (Move, error)) (ucs []*models.UserCoupon, moved bool, err error) {
	for {
		ucs, moved, ok, err := s.onOrderOnce(ctx, userID, orderID, change)
		if err != nil || ok {
			return ucs, moved, err
		}
	}
}

// onOrderOnce is one try of onOrder; ok is false when the change lost a
// race, moved true when this try moved the coupons.
func (s *Service) onOrderOnce(ctx context.Context, userID, orderID string,
	change func(*models.UserCoupon, time.Time) (Move, error)) (_ []*models.UserCoupon, moved, ok bool, err error) {
	ctx, w, done, err := s.beginWrite(ctx)
	if err != nil {
		return nil, false, false, err
	}
	defer done()
	if err := checkOrderID(orderID, []string{"input", "orderId"}); err != nil {
		return nil, false, false, err
	}
	ucs, err := w.ByOrder(ctx, userID, orderID)
	if err != nil {
		return nil, false, false, err
	}
	var held []*models.UserCoupon
	for _, uc := range ucs {
		if deref(uc.OrderID) == orderID {
			held = append(held, uc)
		}
	}
	if len(held) == 0 {
		return ucs, false, true, nil // released (or refunded) before
	}
	now := s.now().UTC()
	moves := make([]Move, len(held))
	for i, uc := range held {
		if moves[i], err = change(uc, now); err != nil {
			return nil, false, false, err
		}
	}
	ok, err = w.MoveAll(ctx, held, moves)
	if err != nil {
		return nil, false, false, err
	}
	return held, ok, ok, nil
}

// Revoke takes a coupon away from its user (support): UNUSED or LOCKED ->
// REVOKED, with the reason in the outbox event. Idempotent. Returns
// NOT_FOUND, NOT_USABLE (USED or EXPIRED), INVALID_INPUT (no reason).
func (s *Service) Revoke(ctx context.Context, publicID, reason string) (*models.UserCoupon, error) {
	ctx, w, done, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if reason == "" || utf8.RuneCountInString(reason) > 500 {
		return nil, models.FieldError(models.CodeInvalidInput, []string{"reason"}, "give a reason of 1 to 500 characters")
	}
	ref, err := models.ParseUserCouponRef(publicID)
	if err != nil {
		return nil, err
	}
	uc, err := w.Find(ctx, ref.UserID, publicID, []string{"userCouponId"})
	if err != nil {
		return nil, err
	}
	if uc.Status == models.UserCouponRevoked {
		return uc, nil
	}
	if uc.Status != models.UserCouponUnused && uc.Status != models.UserCouponLocked {
		return nil, models.Errorf(models.CodeNotUsable, "a %s coupon cannot be revoked", uc.Status)
	}
	detail, _ := json.Marshal(map[string]string{"reason": reason})
	ok, err := w.Move(ctx, uc, Move{Kind: MoveRevoke, At: s.now().UTC(), Event: &models.CouponEvent{Detail: string(detail)}})
	if err != nil {
		return nil, err
	}
	if !ok {
		return s.Revoke(ctx, publicID, reason)
	}
	return uc, nil
}

// Qualification is one coupon priced against a cart.
type Qualification struct {
	UserCoupon *models.UserCoupon
	Result     pricing.Result
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
