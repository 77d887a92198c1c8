package resolvers

import (
	"context"

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

// settle releases or refunds the coupon of an order.
func (r *Resolver) settle(ctx context.Context, in gqlmodel.OrderInput, do func(context.Context, string, string) (*models.UserCoupon, error)) (*gqlmodel.OrderPayload, error) {
	uid, err := auth.ActingUser(ctx, in.UserID)
	var uc *models.UserCoupon
	if err == nil {
		uc, err = do(ctx, uid, in.OrderID)
	}
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	if uc != nil {
		auth.NoteEntity(ctx, "UserCoupon", uc.PublicID())
	}
	return &gqlmodel.OrderPayload{UserCoupon: r.toUserCoupon(uc), UserErrors: ues}, nil
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
