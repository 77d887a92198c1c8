package resolvers

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/models"
)

// toCart maps a cart input, filling the server's default currency.
func (r *Resolver) toCart(in *gqlmodel.CartInput) pricing.Cart {
	cart := pricing.Cart{Currency: r.Engine.Defaults().Currency, Items: make([]pricing.Item, 0)}
	if in == nil {
		return cart
	}
	if in.Currency != nil {
		cart.Currency = *in.Currency
	}
	if in.ShippingFee != nil {
		cart.ShippingFee = *in.ShippingFee
	}
	for _, it := range in.Items {
		item := pricing.Item{ProductID: it.ProductID, UnitPrice: it.UnitPrice, Quantity: it.Quantity}
		if it.CategoryID != nil {
			item.CategoryID = *it.CategoryID
		}
		cart.Items = append(cart.Items, item)
	}
	return cart
}

// spend locks (lock) or uses a coupon for an order.
func (r *Resolver) spend(ctx context.Context, in gqlmodel.UseCouponInput, lock bool) (*gqlmodel.UseCouponPayload, error) {
	uid, err := auth.ActingUser(ctx, in.UserID)
	var res *coupon.Spent
	if err == nil {
		req := coupon.OrderRequest{UserID: uid, UserCouponID: in.UserCouponID, OrderID: in.OrderID, Cart: r.toCart(in.Cart)}
		if lock {
			res, err = r.Engine.Lock(ctx, req, r.LockHold)
		} else {
			res, err = r.Engine.Use(ctx, req)
		}
	}
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	out := &gqlmodel.UseCouponPayload{UserErrors: ues}
	if res != nil {
		if !res.Replayed {
			auth.NoteEntity(ctx, "UserCoupon", in.UserCouponID)
		}
		d := res.Discount
		out.UserCoupon, out.Discount = r.toUserCoupon(res.UserCoupon), &d
	}
	return out, nil
}

// settle releases or refunds the coupons of an order.
func (r *Resolver) settle(ctx context.Context, in gqlmodel.OrderInput, do func(context.Context, string, string) ([]*models.UserCoupon, error)) (*gqlmodel.OrderPayload, error) {
	uid, err := auth.ActingUser(ctx, in.UserID)
	var ucs []*models.UserCoupon
	if err == nil {
		ucs, err = do(ctx, uid, in.OrderID)
	}
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	out := &gqlmodel.OrderPayload{UserCoupons: make([]*gqlmodel.UserCoupon, len(ucs)), UserErrors: ues}
	for i, uc := range ucs {
		auth.NoteEntity(ctx, "UserCoupon", uc.PublicID())
		out.UserCoupons[i] = r.toUserCoupon(uc)
	}
	if len(ucs) > 0 {
		out.UserCoupon = out.UserCoupons[0]
	}
	return out, nil
}

// spendStack locks (lock) or uses several coupons for one order.
func (r *Resolver) spendStack(ctx context.Context, in gqlmodel.UseCouponsInput, lock bool) (*gqlmodel.UseCouponsPayload, error) {
	uid, err := auth.ActingUser(ctx, in.UserID)
	var res *coupon.StackSpent
	if err == nil {
		req := coupon.StackRequest{UserID: uid, UserCouponIDs: in.UserCouponIds, OrderID: in.OrderID, Cart: r.toCart(in.Cart)}
		if lock {
			res, err = r.Engine.LockStack(ctx, req, r.LockHold)
		} else {
			res, err = r.Engine.UseStack(ctx, req)
		}
	}
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	out := &gqlmodel.UseCouponsPayload{UserCoupons: []*gqlmodel.UserCoupon{}, UserErrors: ues}
	if res != nil {
		for _, uc := range res.UserCoupons {
			if !res.Replayed {
				auth.NoteEntity(ctx, "UserCoupon", uc.PublicID())
			}
			out.UserCoupons = append(out.UserCoupons, r.toUserCoupon(uc))
		}
		out.Stack, out.Replayed = r.toStack(res.Stack), res.Replayed
		d := res.Stack.Discount
		out.Discount = &d
	}
	return out, nil
}

// toStack maps a priced stack.
func (r *Resolver) toStack(st *coupon.Stack) *gqlmodel.CouponStack {
	out := &gqlmodel.CouponStack{Coupons: []*gqlmodel.StackedCoupon{}, LeftOut: []*gqlmodel.UnstackedCoupon{},
		Discount: st.Discount, ItemsTotal: st.ItemsTotal, ShippingFee: st.ShippingFee, MaxCoupons: st.Max}
	for _, c := range st.Coupons {
		lines := make([]*decimal.Decimal, len(c.Share.Lines))
		for i := range c.Share.Lines {
			lines[i] = &c.Share.Lines[i]
		}
		out.Coupons = append(out.Coupons, &gqlmodel.StackedCoupon{CouponID: coupon.IDString(c.Coupon.ID), UserCoupon: r.toUserCoupon(c.UserCoupon),
			Discount: c.Share.Discount, Lines: lines, Shipping: c.Share.Shipping})
	}
	for _, l := range st.LeftOut {
		u := &gqlmodel.UnstackedCoupon{CouponID: coupon.IDString(l.Coupon.ID), UserCoupon: r.toUserCoupon(l.UserCoupon),
			Why: gqlmodel.StackExclusion(l.Why), Discount: l.Alone.Discount}
		if l.Alone.Reason != "" {
			reason := gqlmodel.ErrorCode(l.Alone.Reason)
			u.Reason = &reason
		}
		out.LeftOut = append(out.LeftOut, u)
	}
	return out
}

func catalogPayload(n int, err error) (*gqlmodel.CatalogPayload, error) {
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	return &gqlmodel.CatalogPayload{Count: n, UserErrors: ues}, nil
}

func toProduct(p *models.Product) *gqlmodel.Product {
	return &gqlmodel.Product{ID: p.ID, Name: p.Name, CategoryID: p.CategoryID, SuperBlacklisted: p.SuperBlacklisted}
}
