package coupon

import (
	"context"
	"encoding/json"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// target is the user coupon an order operation acts on: its coupond row
// (db, route, uc), or, while the monolith's table is written first, that
// table's row (luc).
type target struct {
	db    *gorm.DB
	route sharding.Route
	uc    *models.UserCoupon
	luc   *models.UserCoupon
	sd    sides
}

// resolve finds the user coupon a public id names for its owner, on the
// side written first now. A legacy id ("ucl_") names the coupond twin once
// coupond is written first (the twin is made on the spot when the copy has
// not reached the row yet), and a coupond id names the monolith's twin
// while the monolith's table is written first (made on the spot likewise).
// Returns NOT_FOUND.
func (s *Service) resolve(ctx context.Context, userID, publicID string, field []string) (*target, error) {
	ref, err := models.ParseUserCouponRef(publicID)
	if err != nil || ref.UserID != userID {
		return nil, models.FieldError(models.CodeNotFound, field, "user coupon %q not found for this user", publicID)
	}
	db, route := s.store.Shard(userID)
	primary := onPrimary(ctx, db)
	t := &target{db: primary, route: route}
	if !ref.Legacy {
		_, _, uc, err := s.row(ctx, userID, ref.ID)
		if err != nil {
			return nil, err
		}
		t.uc, t.sd = uc, s.sidesOfID(ctx, uc.CouponID)
		if !t.sd.legacyFirst {
			return t, nil
		}
		if uc.LegacyID == nil {
			s.legacy.MirrorToLegacy(ctx, []*models.UserCoupon{uc})
			if uc.LegacyID == nil {
				return nil, models.Errorf(models.CodeUnavailable, "the coupon could not be written to the monolith's table yet; retry")
			}
		}
		if t.luc, err = s.legacy.Get(ctx, userID, *uc.LegacyID); err != nil {
			return nil, err
		}
		return t, nil
	}
	twin, err := s.twin(primary, route, userID, ref.LegacyID)
	if err != nil {
		return nil, err
	}
	if twin != nil {
		t.uc, t.sd = twin, s.sidesOfID(ctx, twin.CouponID)
		if !t.sd.legacyFirst {
			return t, nil
		}
	}
	if s.legacy == nil {
		return nil, models.FieldError(models.CodeNotFound, field, "user coupon %q not found for this user", publicID)
	}
	luc, err := s.legacy.Get(ctx, userID, ref.LegacyID)
	if err != nil {
		return nil, err
	}
	t.sd = s.sidesOfID(ctx, luc.CouponID)
	if t.sd.legacyFirst {
		t.luc = luc
		return t, nil
	}
	// Coupond is written first and the copy has not reached this row yet.
	s.legacy.MirrorToCoupond(ctx, luc, nil)
	if t.uc, err = s.twin(primary, route, userID, ref.LegacyID); err != nil {
		return nil, err
	}
	if t.uc == nil {
		return nil, models.Errorf(models.CodeUnavailable, "the coupon could not be copied from the monolith's table yet; retry")
	}
	return t, nil
}

// twin reads the coupond row copied from the monolith's row legacyID, or nil.
func (s *Service) twin(db *gorm.DB, route sharding.Route, userID string, legacyID int64) (*models.UserCoupon, error) {
	ucs, err := findUserCoupons(db, route.UserCouponTable(), "user_id = ? AND legacy_id = ?", "LIMIT 1", userID, legacyID)
	if err != nil {
		return nil, models.Unavailable("coupon.twin", err)
	}
	if len(ucs) == 0 {
		return nil, nil
	}
	return &ucs[0], nil
}

// lockLegacyFirst is Lock on the monolith's row.
func (s *Service) lockLegacyFirst(ctx context.Context, r OrderRequest, t *target, hold time.Duration) (*Spent, error) {
	uc := t.luc
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
	ok, err := s.legacy.Move(ctx, uc, LegacyCond{Statuses: []models.UserCouponStatus{models.UserCouponUnused}}, models.UserCouponLocked, &r.OrderID, nil)
	if err != nil {
		return nil, legacyErr("coupon.Lock", err)
	}
	if !ok {
		return s.legacyAfterRace(ctx, r, uc, models.UserCouponLocked)
	}
	until := now.Add(hold)
	uc.Status, uc.OrderID, uc.HoldUntil, uc.UpdatedAt = models.UserCouponLocked, &r.OrderID, &until, now
	if t.sd.coupond {
		s.legacy.MirrorToCoupond(ctx, uc, &models.CouponEvent{Kind: models.EventLocked, At: now})
	}
	return &Spent{UserCoupon: uc, Discount: res.Discount}, nil
}

// useLegacyFirst is Use on the monolith's row.
func (s *Service) useLegacyFirst(ctx context.Context, r OrderRequest, t *target) (*Spent, error) {
	uc := t.luc
	now := s.now().UTC()
	view, cart, err := s.pricingView(ctx, r.Cart)
	if err != nil {
		return nil, err
	}
	res := pricing.Price(pricingCoupon(uc), cart, view)
	if uc.Status == models.UserCouponUsed && deref(uc.OrderID) == r.OrderID {
		return &Spent{UserCoupon: uc, Discount: res.Discount, Replayed: true}, nil
	}
	lockedByUs := uc.Status == models.UserCouponLocked && deref(uc.OrderID) == r.OrderID
	if !lockedByUs {
		if err := usable(uc, now); err != nil {
			return nil, err
		}
	}
	if !res.Applicable {
		return nil, notApplicable(res)
	}
	detail, orderAmount := orderDetail(cart, func(it pricing.Item) bool {
		return it.Quantity > 0 && pricing.Eligible(uc.Scope, it.ProductID, it.CategoryID, view)
	})
	ok, err := s.legacy.Move(ctx, uc, LegacyCond{Statuses: []models.UserCouponStatus{models.UserCouponUnused},
		Status: models.UserCouponLocked, Order: r.OrderID}, models.UserCouponUsed, &r.OrderID, &now)
	if err != nil {
		return nil, legacyErr("coupon.Use", err)
	}
	if !ok {
		return s.legacyAfterRace(ctx, r, uc, models.UserCouponUsed)
	}
	uc.Status, uc.OrderID, uc.UsedAt, uc.HoldUntil, uc.UpdatedAt = models.UserCouponUsed, &r.OrderID, &now, nil, now
	uc.DiscountApplied = decimal.NullDecimal{Decimal: res.Discount, Valid: true}
	if t.sd.coupond {
		s.legacy.MirrorToCoupond(ctx, uc, &models.CouponEvent{Kind: models.EventUsed, At: now, Detail: detail,
			Amount: uc.DiscountApplied, OrderAmount: decimal.NullDecimal{Decimal: orderAmount, Valid: true}})
	}
	return &Spent{UserCoupon: uc, Discount: res.Discount}, nil
}

// legacyAfterRace answers a conditional change of the monolith's row that
// changed nothing: the same order won meanwhile, or another change did.
func (s *Service) legacyAfterRace(ctx context.Context, r OrderRequest, uc *models.UserCoupon, want models.UserCouponStatus) (*Spent, error) {
	now, err := s.legacy.Get(ctx, uc.UserID, *uc.LegacyID)
	if err != nil {
		return nil, legacyErr("coupon.afterRace", err)
	}
	if deref(now.OrderID) == r.OrderID && (now.Status == want || now.Status == models.UserCouponUsed) {
		res, err := s.Price(ctx, now, r.Cart)
		return &Spent{UserCoupon: now, Discount: res.Discount, Replayed: true}, err
	}
	return nil, models.Errorf(models.CodeNotUsable, "the coupon changed meanwhile: it is %s", Effective(now, s.now()))
}

// legacyByOrder finds the monolith's row an order holds while the
// monolith's table is written first; nil when there is none (a coupon of
// coupond's own, or a retry after the row was released).
func (s *Service) legacyByOrder(ctx context.Context, userID, orderID string) (*models.UserCoupon, sides, error) {
	if !s.readsLegacy() {
		return nil, sides{}, nil
	}
	if err := checkOrderID(orderID, []string{"input", "orderId"}); err != nil {
		return nil, sides{}, err
	}
	uc, err := s.legacy.ByOrder(ctx, userID, orderID)
	if err != nil || uc == nil {
		return nil, sides{}, legacyErr("coupon.orderRow", err)
	}
	sd := s.sidesOfID(ctx, uc.CouponID)
	if !sd.legacyFirst {
		return nil, sides{}, nil
	}
	return uc, sd, nil
}

// releaseLegacyFirst is Release on the monolith's row.
func (s *Service) releaseLegacyFirst(ctx context.Context, uc *models.UserCoupon, sd sides, orderID string) (*models.UserCoupon, error) {
	switch {
	case uc.Status == models.UserCouponUsed:
		return nil, models.Errorf(models.CodeNotUsable, "order %q already used the coupon: refund it instead", orderID)
	case uc.Status != models.UserCouponLocked:
		return nil, models.Errorf(models.CodeNotUsable, "the coupon is %s", Effective(uc, s.now()))
	}
	now := s.now().UTC()
	ok, err := s.legacy.Move(ctx, uc, LegacyCond{Status: models.UserCouponLocked, Order: orderID}, models.UserCouponUnused, nil, nil)
	if err != nil {
		return nil, legacyErr("coupon.Release", err)
	}
	if !ok {
		return s.Release(ctx, uc.UserID, orderID)
	}
	uc.Status, uc.OrderID, uc.LastOrderID, uc.HoldUntil, uc.UpdatedAt = models.UserCouponUnused, nil, &orderID, nil, now
	if sd.coupond {
		s.legacy.MirrorToCoupond(ctx, uc, &models.CouponEvent{Kind: models.EventReleased, At: now})
	}
	return uc, nil
}

// refundLegacyFirst is Refund on the monolith's row.
func (s *Service) refundLegacyFirst(ctx context.Context, uc *models.UserCoupon, sd sides, orderID string) (*models.UserCoupon, error) {
	switch {
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
	ok, err := s.legacy.Move(ctx, uc, LegacyCond{Status: models.UserCouponUsed, Order: orderID}, to, nil, nil)
	if err != nil {
		return nil, legacyErr("coupon.Refund", err)
	}
	if !ok {
		return s.Refund(ctx, uc.UserID, orderID)
	}
	uc.Status, uc.OrderID, uc.LastOrderID, uc.UsedAt, uc.DiscountApplied, uc.UpdatedAt = to, nil, &orderID, nil, decimal.NullDecimal{}, now
	if sd.coupond {
		// The twin's discount_applied gives the event its amount.
		s.legacy.MirrorToCoupond(ctx, uc, &models.CouponEvent{Kind: models.EventRefunded, At: now, Detail: `{"to":"` + string(to) + `"}`})
	}
	return uc, nil
}

// revokeLegacyFirst is Revoke on the monolith's row.
func (s *Service) revokeLegacyFirst(ctx context.Context, t *target, reason string) (*models.UserCoupon, error) {
	uc := t.luc
	if uc.Status == models.UserCouponRevoked {
		return uc, nil
	}
	if uc.Status != models.UserCouponUnused && uc.Status != models.UserCouponLocked {
		return nil, models.Errorf(models.CodeNotUsable, "a %s coupon cannot be revoked", uc.Status)
	}
	now := s.now().UTC()
	ok, err := s.legacy.Move(ctx, uc, LegacyCond{Statuses: []models.UserCouponStatus{models.UserCouponUnused, models.UserCouponLocked}},
		models.UserCouponRevoked, uc.OrderID, nil)
	if err != nil {
		return nil, legacyErr("coupon.Revoke", err)
	}
	if !ok {
		return s.Revoke(ctx, uc.PublicID(), reason)
	}
	uc.Status, uc.HoldUntil, uc.UpdatedAt = models.UserCouponRevoked, nil, now
	if t.sd.coupond {
		detail, _ := json.Marshal(map[string]string{"reason": reason})
		s.legacy.MirrorToCoupond(ctx, uc, &models.CouponEvent{Kind: models.EventRevoked, At: now, Detail: string(detail)})
	}
	return uc, nil
}

// mirrorToLegacy hands a coupond row just changed to the monolith's table
// when it is written second.
func (s *Service) mirrorToLegacy(ctx context.Context, sd sides, uc *models.UserCoupon) {
	if sd.legacy && !sd.legacyFirst {
		s.legacy.MirrorToLegacy(ctx, []*models.UserCoupon{uc})
	}
}

// legacyErr passes the engine's errors (NOT_FOUND, NOT_USABLE) through and
// makes anything else UNAVAILABLE.
func legacyErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if models.ErrorCode(err) != models.CodeInternal {
		return err
	}
	return models.Unavailable(op, err)
}
