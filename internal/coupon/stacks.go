package coupon

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/models"
)

// Several coupons on one order (a stack): each coupon has a class (derived
// from its discount and scope) and says which classes it combines with;
// two coupons share an order only when each allows the other's class, an
// exclusive coupon shares it with none, and an order holds at most one
// user coupon of a coupon and at most Options.MaxOrderCoupons in all. The
// pricing is internal/pricing's (PriceStack, BestStack); the rules read
// the coupons' current combinability through the coupon cache.

// StackedCoupon is one coupon of a priced stack.
type StackedCoupon struct {
	Coupon     *models.Coupon
	UserCoupon *models.UserCoupon // nil in a simulation
	Share      pricing.Share
}

// LeftOut is a coupon a best stack left out, and why.
type LeftOut struct {
	Coupon     *models.Coupon
	UserCoupon *models.UserCoupon // nil in a simulation
	Why        pricing.Why
	Alone      pricing.Result // the coupon priced on its own
}

// Stack is coupons priced together on a cart.
type Stack struct {
	Coupons     []StackedCoupon // in the order they apply
	LeftOut     []LeftOut
	Discount    decimal.Decimal // the total taken off
	ItemsTotal  decimal.Decimal // what is left to pay for the items
	ShippingFee decimal.Decimal // what is left of the fee
	Max         int             // the most coupons an order may use
}

// stacking is c's rule for sharing an order.
func stacking(c *models.Coupon) pricing.Stacking {
	st := pricing.Stacking{Exclusive: c.Exclusive}
	for _, cl := range c.CombinesWith {
		st.CombinesWith = append(st.CombinesWith, models.DiscountClass(cl))
	}
	return st
}

// combine reports whether coupons a and b may share an order.
func combine(a, b *models.Coupon) bool {
	return a.ID != b.ID && pricing.Combines(a.Class(), stacking(a), b.Class(), stacking(b))
}

// templates reads the coupons of ucs through the cache, by id.
func (s *Service) templates(ctx context.Context, ucs []*models.UserCoupon) (map[uint64]*models.Coupon, error) {
	out := map[uint64]*models.Coupon{}
	for _, uc := range ucs {
		if out[uc.CouponID] != nil {
			continue
		}
		c, err := s.Get(ctx, IDString(uc.CouponID))
		if err != nil {
			return nil, err
		}
		out[uc.CouponID] = c
	}
	return out, nil
}

// stackView builds the Stack of a priced search: cands[i] is coupons[i]'s
// (held as ucs[i] when ucs is not nil); left lists extra left-outs.
func (s *Service) stackView(best pricing.Best, coupons []*models.Coupon, ucs []*models.UserCoupon, left []LeftOut) *Stack {
	held := func(i int) *models.UserCoupon {
		if ucs == nil {
			return nil
		}
		return ucs[i]
	}
	st := &Stack{Discount: best.Stack.Discount, ShippingFee: best.Stack.ShippingFee, ItemsTotal: decimal.Zero, Max: s.opts.MaxOrderCoupons}
	for _, l := range best.Stack.Lines {
		st.ItemsTotal = st.ItemsTotal.Add(l)
	}
	for k, i := range best.Chosen {
		share := best.Stack.Shares[k]
		if len(share.Lines) < len(best.Stack.Lines) { // a shipping coupon, or one that took nothing: zero on every line
			share.Lines = make([]decimal.Decimal, len(best.Stack.Lines))
		}
		st.Coupons = append(st.Coupons, StackedCoupon{Coupon: coupons[i], UserCoupon: held(i), Share: share})
	}
	for i, why := range best.Left {
		if why != "" {
			st.LeftOut = append(st.LeftOut, LeftOut{Coupon: coupons[i], UserCoupon: held(i), Why: why, Alone: best.Alone[i]})
		}
	}
	st.LeftOut = append(st.LeftOut, left...)
	return st
}

func candidate(id string, c *models.Coupon, priced pricing.Coupon) pricing.Candidate {
	return pricing.Candidate{ID: id, Coupon: priced, Stacking: stacking(c)}
}

// bestOfWallet is the best stack of a user's usable coupons (ranked: best
// single discount first, then earliest expiry) on a priced cart. Of
// several user coupons of one coupon only the first may be in the stack.
func (s *Service) bestOfWallet(ctx context.Context, ranked []Qualification, cart pricing.Cart, view pricing.Catalog) (*Stack, error) {
	ucs := make([]*models.UserCoupon, 0, len(ranked))
	for _, q := range ranked {
		ucs = append(ucs, q.UserCoupon)
	}
	coupons, err := s.templates(ctx, ucs)
	if err != nil {
		return nil, err
	}
	first := map[uint64]int{} // coupon -> index of its first user coupon in cands
	var cands []pricing.Candidate
	var candCoupons []*models.Coupon
	var candUCs []*models.UserCoupon
	var twins []int // indexes into ranked of the others
	for i, q := range ranked {
		if _, ok := first[q.UserCoupon.CouponID]; ok {
			twins = append(twins, i)
			continue
		}
		first[q.UserCoupon.CouponID] = len(cands)
		c := coupons[q.UserCoupon.CouponID]
		cands = append(cands, candidate(q.UserCoupon.PublicID(), c, pricingCoupon(q.UserCoupon)))
		candCoupons, candUCs = append(candCoupons, c), append(candUCs, q.UserCoupon)
	}
	best := pricing.BestStack(cands, cart, view, s.opts.MaxOrderCoupons)
	var left []LeftOut
	for _, i := range twins {
		q := ranked[i]
		why := best.Left[first[q.UserCoupon.CouponID]]
		if why == "" {
			why = pricing.WhyNotCombinable // its twin is in the stack
		}
		left = append(left, LeftOut{Coupon: coupons[q.UserCoupon.CouponID], UserCoupon: q.UserCoupon, Why: why, Alone: q.Result})
	}
	return s.stackView(best, candCoupons, candUCs, left), nil
}

// Qualified is a cart priced against a user's wallet.
type Qualified struct {
	Options []Qualification // every usable coupon on its own, best first
	Best    *Stack          // the combination that takes the most off
}

// QualifyStack prices a cart against every UNUSED, currently valid coupon
// of the user, each on its own (as Qualify) and in the best stack: the
// combination with the largest total discount among those that combine
// and hold at most MaxOrderCoupons (pricing.BestStack, an exact search).
// Returns INVALID_INPUT for a bad cart.
func (s *Service) QualifyStack(ctx context.Context, userID string, cart pricing.Cart) (*Qualified, error) {
	return s.qualify(ctx, userID, cart, true)
}

// Qualify prices a cart against every UNUSED, currently valid coupon of the
// user, best first (largest discount, then earliest expiry). Returns
// INVALID_INPUT for a bad cart. QualifyStack adds the best stack.
func (s *Service) Qualify(ctx context.Context, userID string, cart pricing.Cart) ([]Qualification, error) {
	q, err := s.qualify(ctx, userID, cart, false)
	if err != nil {
		return nil, err
	}
	return q.Options, nil
}

func (s *Service) qualify(ctx context.Context, userID string, cart pricing.Cart, stack bool) (*Qualified, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	if errs := pricing.ValidateCart([]string{"cart"}, cart); len(errs) > 0 {
		return nil, errs
	}
	ucs, err := s.wallets.Usable(ctx, userID, s.now().UTC())
	if err != nil {
		return nil, models.Unavailable("coupon.Qualify", err)
	}
	view, cart, err := s.pricingView(ctx, cart)
	if err != nil {
		return nil, err
	}
	opts := make([]pricing.Option, len(ucs))
	for i := range ucs {
		opts[i] = pricing.Option{ID: strconv.Itoa(i), ValidUntil: ucs[i].ValidUntil, Result: pricing.Price(pricingCoupon(&ucs[i]), cart, view)}
	}
	pricing.Rank(opts)
	out := &Qualified{Options: make([]Qualification, len(opts))}
	for k, o := range opts {
		i, _ := strconv.Atoi(o.ID)
		out.Options[k] = Qualification{UserCoupon: &ucs[i], Result: o.Result}
	}
	if stack {
		if out.Best, err = s.bestOfWallet(ctx, out.Options, cart, view); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MaxSimulated bounds the coupons of one simulation.
const MaxSimulated = 100

// Simulate finds the best stack of coupons (by id, as if a user held one of
// each, valid now) for a cart: for operators to check a promotion before
// it goes live. Returns INVALID_INPUT, TOO_MANY, NOT_FOUND (with the
// couponIds index).
func (s *Service) Simulate(ctx context.Context, couponIDs []string, cart pricing.Cart) (*Stack, error) {
	if errs := pricing.ValidateCart([]string{"cart"}, cart); len(errs) > 0 {
		return nil, errs
	}
	switch {
	case len(couponIDs) == 0:
		return nil, models.FieldError(models.CodeInvalidInput, []string{"couponIds"}, "give at least one coupon")
	case len(couponIDs) > MaxSimulated:
		return nil, models.FieldError(models.CodeTooMany, []string{"couponIds"}, "at most %d coupons per simulation", MaxSimulated)
	}
	coupons := make([]*models.Coupon, 0, len(couponIDs))
	cands := make([]pricing.Candidate, 0, len(couponIDs))
	for i, id := range couponIDs {
		c, err := s.Get(ctx, id)
		if err != nil {
			return nil, models.FieldError(models.CodeNotFound, []string{"couponIds", strconv.Itoa(i)}, "coupon %q not found", id)
		}
		if slices.ContainsFunc(coupons, func(o *models.Coupon) bool { return o.ID == c.ID }) {
			continue // listed twice: one user coupon of it at most
		}
		coupons = append(coupons, c)
		cands = append(cands, candidate(IDString(c.ID), c, pricing.Coupon{Currency: c.Currency, Discount: c.Discount, Scope: c.Scope}))
	}
	view, cart, err := s.pricingView(ctx, cart)
	if err != nil {
		return nil, err
	}
	return s.stackView(pricing.BestStack(cands, cart, view, s.opts.MaxOrderCoupons), coupons, nil, nil), nil
}

// StackRequest asks to lock or use several of a user's coupons for one
// order.
type StackRequest struct {
	UserID        string
	UserCouponIDs []string // public ids
	OrderID       string
	Cart          pricing.Cart
}

// StackSpent is the outcome of LockStack or UseStack.
type StackSpent struct {
	UserCoupons []*models.UserCoupon // in the order asked
	Stack       *Stack
	Replayed    bool // the order had locked (used) them already
}

// LockStack reserves several coupons for one unpaid order, all of them or
// none, in one transaction on the user's shard (UNUSED -> LOCKED for hold;
// the sweeper releases them). They must combine, number at most
// MaxOrderCoupons, and each must apply at its step of the stack priced on
// the cart. Idempotent per order. Returns INVALID_INPUT, TOO_MANY,
// NOT_FOUND, NOT_USABLE, NOT_COMBINABLE, CURRENCY_MISMATCH,
// NO_ELIGIBLE_ITEMS, THRESHOLD_NOT_MET (with the userCouponIds index).
func (s *Service) LockStack(ctx context.Context, r StackRequest, hold time.Duration) (*StackSpent, error) {
	return s.spendStack(ctx, r, MoveLock, hold)
}

// UseStack spends several coupons on one paid order, all of them or none,
// in one transaction on the user's shard: UNUSED and valid, or LOCKED by
// the same order -> USED, each recording its share of the stack's
// discount (and, in its outbox event, its share of every line, for product
// statistics). Idempotent per order. Returns as LockStack.
func (s *Service) UseStack(ctx context.Context, r StackRequest) (*StackSpent, error) {
	return s.spendStack(ctx, r, MoveUse, 0)
}

func (s *Service) spendStack(ctx context.Context, r StackRequest, kind MoveKind, hold time.Duration) (*StackSpent, error) {
	ctx, w, done, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	ucs, coupons, err := s.prepareStack(ctx, w, r)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	ours := 0
	for i, uc := range ucs {
		switch {
		case deref(uc.OrderID) == r.OrderID && (uc.Status == models.UserCouponUsed || (kind == MoveLock && uc.Status == models.UserCouponLocked)):
			ours++
		case kind == MoveUse && deref(uc.OrderID) == r.OrderID && uc.Status == models.UserCouponLocked:
			// locked by this order: it may be used
		default:
			if err := usable(uc, now); err != nil {
				return nil, atIndex(err, i)
			}
		}
	}
	view, cart, err := s.pricingView(ctx, r.Cart)
	if err != nil {
		return nil, err
	}
	cands := make([]pricing.Candidate, len(ucs))
	for i, uc := range ucs {
		cands[i] = candidate(uc.PublicID(), coupons[i], pricingCoupon(uc))
	}
	best := pricing.StackOf(cands, cart, view)
	out := &StackSpent{UserCoupons: ucs, Stack: s.stackView(best, coupons, ucs, nil)}
	if ours == len(ucs) {
		out.Replayed = true
		return out, nil
	}
	if ours > 0 {
		return nil, models.FieldError(models.CodeNotUsable, []string{"input", "userCouponIds"},
			"order %q holds some of these coupons already: release it, or ask for the same coupons", r.OrderID)
	}
	for k, i := range best.Chosen {
		if res := best.Stack.Shares[k].Result; !res.Applicable {
			return nil, atIndex(notApplicable(res), i)
		}
	}
	moves := make([]Move, len(ucs))
	for k, i := range best.Chosen {
		switch kind {
		case MoveLock:
			moves[i] = Move{Kind: MoveLock, Order: r.OrderID, At: now, Until: now.Add(hold)}
		default:
			share := best.Stack.Shares[k]
			detail, orderAmount := stackDetail(cart, share, k == 0)
			moves[i] = Move{Kind: MoveUse, Order: r.OrderID, At: now, Discount: share.Discount, Event: &models.CouponEvent{
				Amount:      decimal.NullDecimal{Decimal: share.Discount, Valid: true},
				OrderAmount: decimal.NullDecimal{Decimal: orderAmount, Valid: true}, Detail: detail}}
		}
	}
	release := func() {}
	if kind == MoveUse {
		amounts := make([]decimal.Decimal, len(ucs))
		for k, i := range best.Chosen {
			amounts[i] = best.Stack.Shares[k].Discount
		}
		if release, err = s.reserveBudgets(ctx, ucs, amounts, now); err != nil {
			return nil, err
		}
	}
	ok, err := w.MoveAll(ctx, ucs, moves)
	if err != nil {
		return nil, err // the uses may have been written: their charges stay
	}
	if !ok {
		release()
		return nil, models.FieldError(models.CodeNotUsable, []string{"input", "userCouponIds"},
			"one of the coupons changed meanwhile: nothing was %s", map[MoveKind]string{MoveLock: "locked", MoveUse: "used"}[kind])
	}
	return out, nil
}

// prepareStack checks a stack request and finds its coupons, as w keeps
// them, with their coupons' rules.
func (s *Service) prepareStack(ctx context.Context, w Wallets, r StackRequest) ([]*models.UserCoupon, []*models.Coupon, error) {
	if err := checkOrderID(r.OrderID, []string{"input", "orderId"}); err != nil {
		return nil, nil, err
	}
	if errs := pricing.ValidateCart([]string{"input", "cart"}, r.Cart); len(errs) > 0 {
		return nil, nil, errs
	}
	field := []string{"input", "userCouponIds"}
	switch n := len(r.UserCouponIDs); {
	case n == 0:
		return nil, nil, models.FieldError(models.CodeInvalidInput, field, "give at least one coupon")
	case n > s.opts.MaxOrderCoupons:
		return nil, nil, models.FieldError(models.CodeTooMany, field, "an order may use at most %d coupons", s.opts.MaxOrderCoupons)
	}
	for i, id := range r.UserCouponIDs {
		if slices.Index(r.UserCouponIDs, id) < i {
			return nil, nil, models.FieldError(models.CodeInvalidInput, at(field, i), "user coupon %q is listed twice", id)
		}
	}
	ucs, err := w.FindAll(ctx, r.UserID, r.UserCouponIDs, field)
	if err != nil {
		return nil, nil, err
	}
	byID, err := s.templates(ctx, ucs)
	if err != nil {
		return nil, nil, err
	}
	coupons := make([]*models.Coupon, len(ucs))
	for i, uc := range ucs {
		coupons[i] = byID[uc.CouponID]
	}
	for i := range coupons {
		for j := range i {
			if !combine(coupons[j], coupons[i]) {
				return nil, nil, models.FieldError(models.CodeNotCombinable, at(field, i), "%s", whyNotCombined(coupons[j], coupons[i]))
			}
		}
	}
	return ucs, coupons, nil
}

// whyNotCombined says why a and b may not share an order.
func whyNotCombined(a, b *models.Coupon) string {
	switch {
	case a.ID == b.ID:
		return "an order may use one coupon of " + strconv.Quote(a.Name) + ", not two"
	case a.Exclusive:
		return strconv.Quote(a.Name) + " is exclusive: it combines with no other coupon"
	case b.Exclusive:
		return strconv.Quote(b.Name) + " is exclusive: it combines with no other coupon"
	case !slices.Contains(a.CombinesWith, string(b.Class())):
		return strconv.Quote(a.Name) + " does not combine with " + string(b.Class()) + " coupons such as " + strconv.Quote(b.Name)
	}
	return strconv.Quote(b.Name) + " does not combine with " + string(a.Class()) + " coupons such as " + strconv.Quote(a.Name)
}

func at(field []string, i int) []string {
	return append(slices.Clip(field), strconv.Itoa(i))
}

// atIndex puts an error of one coupon of a stack at its index in the
// request's userCouponIds.
func atIndex(err error, i int) error {
	if e, ok := err.(*models.Error); ok && e.Field == nil {
		e.Field = []string{"input", "userCouponIds", strconv.Itoa(i)}
	}
	return err
}

// stackDetail is the outbox detail of one coupon's use in a stack: the
// order's items, each with this coupon's share of it, and the order's
// amount.
func stackDetail(cart pricing.Cart, share pricing.Share, first bool) (string, decimal.Decimal) {
	i := 0
	return orderDetailWith(cart, !first, func(it pricing.Item) (bool, string) {
		d := decimal.Zero
		if i < len(share.Lines) {
			d = share.Lines[i]
		}
		i++
		return d.IsPositive(), d.String()
	})
}
