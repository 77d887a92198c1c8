package resolvers

import (
	"context"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

func (r *Resolver) couponPayload(ctx context.Context, c *models.Coupon, err error) (*gqlmodel.CouponPayload, error) {
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	out := &gqlmodel.CouponPayload{UserErrors: ues}
	if c != nil {
		auth.NoteEntity(ctx, "Coupon", idString(c.ID))
		if out.Coupon, err = r.withStock(ctx, c); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (r *Resolver) withStock(ctx context.Context, c *models.Coupon) (*gqlmodel.Coupon, error) {
	rem, err := r.Engine.Remaining(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	return toCoupon(c, rem[c.ID]), nil
}

func (r *Resolver) couponConnection(ctx context.Context, p *coupon.Page) (*gqlmodel.CouponConnection, error) {
	ids := make([]uint64, len(p.Coupons))
	for i, c := range p.Coupons {
		ids[i] = c.ID
	}
	rem, err := r.Engine.Remaining(ctx, ids...)
	if err != nil {
		return nil, err
	}
	conn := &gqlmodel.CouponConnection{Edges: make([]*gqlmodel.CouponEdge, len(p.Coupons)), PageInfo: &gqlmodel.PageInfo{HasNextPage: p.HasNext}, TotalCount: p.TotalCount}
	for i := range p.Coupons {
		c := &p.Coupons[i]
		cursor := models.EncodeCursor(c.ID)
		if i < len(p.Cursors) {
			cursor = p.Cursors[i] // the list's order
		}
		conn.Edges[i] = &gqlmodel.CouponEdge{Cursor: cursor, Node: toCoupon(c, rem[c.ID])}
	}
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.EndCursor = &conn.Edges[n-1].Cursor
	}
	return conn, nil
}

// couponOrder maps the API's coupon list order to the engine's.
func couponOrder(o *gqlmodel.CouponOrder) coupon.Order {
	out := coupon.Order{Asc: o.Direction == gqlmodel.OrderDirectionAsc}
	switch o.Field {
	case gqlmodel.CouponOrderFieldName:
		out.Field = coupon.OrderName
	case gqlmodel.CouponOrderFieldStatus:
		out.Field = coupon.OrderStatus
	case gqlmodel.CouponOrderFieldTotalStock:
		out.Field = coupon.OrderTotalStock
	default:
		out.Field = coupon.OrderCreated
	}
	return out
}
