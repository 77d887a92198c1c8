package resolvers

import (
	"context"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/issuance"
	"github.com/coupond/coupond/models"
)

func toJob(j *models.IssuanceJob) *gqlmodel.IssuanceJob {
	out := &gqlmodel.IssuanceJob{
		ID: idString(j.ID), Name: j.Name, CouponID: idString(j.CouponID), Status: gqlmodel.JobStatus(j.Status), AudienceSize: j.AudienceSize,
		Processed: j.Processed, Issued: j.Issued, Skipped: j.Skipped, Failed: j.Failed, Notified: j.Notified,
		RatePerSecond: issuance.Rate(j), CreatedBy: j.CreatedBy, CreatedAt: j.CreatedAt, StartedAt: j.StartedAt, FinishedAt: j.FinishedAt,
	}
	if j.LastError != "" {
		out.LastError = &j.LastError
	}
	return out
}

func (r *Resolver) jobPayload(ctx context.Context, job *models.IssuanceJob, err error) (*gqlmodel.IssuanceJobPayload, error) {
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	out := &gqlmodel.IssuanceJobPayload{UserErrors: ues}
	if job != nil {
		auth.NoteEntity(ctx, "IssuanceJob", idString(job.ID))
		out.Job = toJob(job)
	}
	return out, nil
}
