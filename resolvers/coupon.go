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
		conn.Edges[i] = &gqlmodel.CouponEdge{Cursor: models.EncodeCursor(c.ID), Node: toCoupon(c, rem[c.ID])}
	}
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.EndCursor = &conn.Edges[n-1].Cursor
	}
	return conn, nil
}
