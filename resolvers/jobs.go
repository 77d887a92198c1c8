package resolvers

import (
	"context"

	"github.com/coupond/coupond/graph/model"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/issuance"
	"github.com/coupond/coupond/models"
)

func toJob(j *models.IssuanceJob) *model.IssuanceJob {
	out := &model.IssuanceJob{
		ID: idString(j.ID), Name: j.Name, CouponID: idString(j.CouponID), Status: model.JobStatus(j.Status), AudienceSize: j.AudienceSize,
		Processed: j.Processed, Issued: j.Issued, Skipped: j.Skipped, Failed: j.Failed, Notified: j.Notified,
		RatePerSecond: issuance.Rate(j), CreatedBy: j.CreatedBy, CreatedAt: j.CreatedAt, StartedAt: j.StartedAt, FinishedAt: j.FinishedAt,
	}
	if j.LastError != "" {
		out.LastError = &j.LastError
	}
	return out
}

func (r *Resolver) jobPayload(ctx context.Context, job *models.IssuanceJob, err error) (*model.IssuanceJobPayload, error) {
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	out := &model.IssuanceJobPayload{UserErrors: ues}
	if job != nil {
		auth.NoteEntity(ctx, "IssuanceJob", idString(job.ID))
		out.Job = toJob(job)
	}
	return out, nil
}
