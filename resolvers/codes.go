package resolvers

import (
	"context"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

func toCodeBatch(b *models.CodeBatch) *gqlmodel.CodeBatch {
	out := &gqlmodel.CodeBatch{
		ID: idString(b.ID), CouponID: idString(b.CouponID), Status: gqlmodel.JobStatus(b.Status), Count: b.Count, Generated: b.Generated,
		Redeemed: b.Redeemed, Disabled: b.Disabled, Prefix: b.Prefix, CreatedAt: b.CreatedAt, Length: b.Length, FinishedAt: b.FinishedAt,
	}
	if b.LastError != "" {
		out.LastError = &b.LastError
	}
	return out
}

func (r *Resolver) codeBatchPayload(ctx context.Context, b *models.CodeBatch, err error) (*gqlmodel.CodeBatchPayload, error) {
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	out := &gqlmodel.CodeBatchPayload{UserErrors: ues}
	if b != nil {
		auth.NoteEntity(ctx, "CodeBatch", idString(b.ID))
		out.Batch = toCodeBatch(b)
	}
	return out, nil
}

// claimed is the payload of a claim or redemption that went through.
func (r *Resolver) claimed(ctx context.Context, res *coupon.Claimed) *gqlmodel.ClaimPayload {
	if !res.Replayed {
		auth.NoteEntity(ctx, "UserCoupon", res.UserCoupon.PublicID())
	}
	return &gqlmodel.ClaimPayload{UserCoupon: r.toUserCoupon(res.UserCoupon), Replayed: res.Replayed, UserErrors: []*gqlmodel.UserError{}}
}
