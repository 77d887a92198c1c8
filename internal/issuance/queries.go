package issuance

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/models"
)

// This file holds the package's SQL: jobs, their audience chunks and the
// notification backlog in the meta database, and the users' tags read from
// the shards. Reads return gorm.ErrRecordNotFound for a missing row.

// meta is the meta database, for ctx.
func (s *Service) meta(ctx context.Context) *gorm.DB { return s.store.Meta.WithContext(ctx) }

// active are the statuses of a job that needs a worker.
var active = []models.JobStatus{models.JobPending, models.JobRunning}

// insertJob stores a new job (its ID set).
func (s *Service) insertJob(ctx context.Context, job *models.IssuanceJob) error {
	return s.meta(ctx).Create(job).Error
}

// deleteJob drops a job that never ran, with its audience chunks.
func (s *Service) deleteJob(ctx context.Context, job *models.IssuanceJob) {
	s.meta(ctx).Where("job_id = ?", job.ID).Delete(&models.AudienceChunk{})
	s.meta(ctx).Delete(job)
}

// job reads job id, on the primary.
func (s *Service) job(ctx context.Context, id uint64) (*models.IssuanceJob, error) {
	var job models.IssuanceJob
	if err := s.meta(ctx).Clauses(dbresolver.Write).Take(&job, id).Error; err != nil {
		return nil, err
	}
	return &job, nil
}

// updateJob writes fields of job.
func (s *Service) updateJob(ctx context.Context, job *models.IssuanceJob, set map[string]any) error {
	return s.meta(ctx).Model(job).Updates(set).Error
}

// jobFilter narrows a list of jobs.
type jobFilter struct {
	couponID *uint64 // nil: every coupon's
	statuses []models.JobStatus
	before   *uint64 // ids below it only (nil: from the newest)
}

func (s *Service) filtered(ctx context.Context, f jobFilter) *gorm.DB {
	q := s.meta(ctx).Model(&models.IssuanceJob{})
	if f.couponID != nil {
		q = q.Where("coupon_id = ?", *f.couponID)
	}
	if len(f.statuses) > 0 {
		q = q.Where("status IN ?", f.statuses)
	}
	return q
}

// countJobs counts the jobs f selects (its cursor aside).
func (s *Service) countJobs(ctx context.Context, f jobFilter) (int64, error) {
	var n int64
	err := s.filtered(ctx, f).Count(&n).Error
	return n, err
}

// listJobs reads up to limit jobs f selects, newest first.
func (s *Service) listJobs(ctx context.Context, f jobFilter, limit int) ([]models.IssuanceJob, error) {
	q := s.filtered(ctx, f)
	if f.before != nil {
		q = q.Where("id < ?", *f.before)
	}
	var out []models.IssuanceJob
	err := q.Order("id DESC").Limit(limit).Find(&out).Error
	return out, err
}

// moveStatus writes set on job id if its status is one of from; moved is
// false when it is not.
func (s *Service) moveStatus(ctx context.Context, id uint64, from []models.JobStatus, set map[string]any) (moved bool, err error) {
	res := s.meta(ctx).Model(&models.IssuanceJob{}).Where("id = ? AND status IN ?", id, from).Updates(set)
	return res.RowsAffected > 0, res.Error
}

// insertChunk stores one chunk of a job's audience.
func (s *Service) insertChunk(ctx context.Context, c *models.AudienceChunk) error {
	return s.meta(ctx).Create(c).Error
}

// deleteChunks drops a job's audience chunks.
func (s *Service) deleteChunks(ctx context.Context, jobID uint64) error {
	return s.meta(ctx).Where("job_id = ?", jobID).Delete(&models.AudienceChunk{}).Error
}

// chunksFrom reads up to limit chunks of a job's audience, in order, from
// the one holding line from.
func (s *Service) chunksFrom(ctx context.Context, jobID uint64, from int64, limit int) ([]models.AudienceChunk, error) {
	var chunks []models.AudienceChunk
	err := s.meta(ctx).Where("job_id = ? AND first_line + line_count > ?", jobID, from).
		Order("seq").Limit(limit).Find(&chunks).Error
	return chunks, err
}

// taggedUsers reads up to limit distinct users past after, in order, who
// hold one of tags in a user_tag table.
func taggedUsers(db *gorm.DB, table string, tags []string, after string, limit int) ([]string, error) {
	var users []string
	err := db.Table(table).Distinct("user_id").Where("tag IN ? AND user_id > ?", tags, after).
		Order("user_id").Limit(limit).Pluck("user_id", &users).Error
	return users, err
}

// userTags reads every tag of users in a user_tag table.
func userTags(db *gorm.DB, table string, users []string) ([]models.UserTag, error) {
	var rows []models.UserTag
	err := db.Table(table).Where("user_id IN ?", users).Find(&rows).Error
	return rows, err
}

// leasable reads up to n jobs that need a worker at now, oldest first: an
// uploaded audience must be stored in full (its chunks appear while Create
// streams the file); a tag audience is read by the worker.
func (s *Service) leasable(ctx context.Context, now time.Time, n int) ([]models.IssuanceJob, error) {
	var out []models.IssuanceJob
	err := s.meta(ctx).Where("status IN ? AND (lease_until IS NULL OR lease_until < ?) AND (audience_ready = ? OR audience_kind = ?)",
		active, now, true, "TAGS").Order("id").Limit(n).Find(&out).Error
	return out, err
}

// takeLease leases job id to this instance until until, if it still needs
// a worker at now; it reports whether it did.
func (s *Service) takeLease(ctx context.Context, id uint64, now, until time.Time) bool {
	res := s.meta(ctx).Model(&models.IssuanceJob{}).
		Where("id = ? AND status IN ? AND (lease_until IS NULL OR lease_until < ?)", id, active, now).
		Updates(map[string]any{"lease_owner": s.owner, "lease_until": until})
	return res.Error == nil && res.RowsAffected == 1
}

// startRun marks a leased job RUNNING (and started, the first time);
// started is false when the job is no longer this instance's or active.
func (s *Service) startRun(ctx context.Context, job *models.IssuanceJob, now time.Time) (started bool, err error) {
	set := map[string]any{"status": models.JobRunning, "updated_at": now}
	if job.StartedAt == nil {
		set["started_at"] = now
	}
	res := s.meta(ctx).Model(&models.IssuanceJob{}).Where("id = ? AND lease_owner = ? AND status IN ?", job.ID, s.owner, active).Updates(set)
	return res.RowsAffected > 0, res.Error
}

// renewLease extends this instance's lease of a RUNNING job until until;
// held is false when the job was paused, cancelled or taken over.
func (s *Service) renewLease(ctx context.Context, id uint64, until time.Time) (held bool, err error) {
	res := s.meta(ctx).Model(&models.IssuanceJob{}).Where("id = ? AND lease_owner = ? AND status = ?", id, s.owner, models.JobRunning).
		Update("lease_until", until)
	return res.RowsAffected > 0, res.Error
}

// step is what one batch of a job did.
type step struct {
	processed, issued, skipped, notified int64
	seconds                              float64
}

// saveStep moves a job's checkpoint and adds a step to its counters; held
// is false when this instance no longer holds the job's lease.
func (s *Service) saveStep(ctx context.Context, id uint64, checkpoint int64, st step, now time.Time) (held bool, err error) {
	res := s.meta(ctx).Model(&models.IssuanceJob{}).Where("id = ? AND lease_owner = ?", id, s.owner).Updates(map[string]any{
		"checkpoint": checkpoint, "processed": gorm.Expr("processed + ?", st.processed), "issued": gorm.Expr("issued + ?", st.issued),
		"skipped": gorm.Expr("skipped + ?", st.skipped), "notified": gorm.Expr("notified + ?", st.notified),
		"run_seconds": gorm.Expr("run_seconds + ?", st.seconds), "updated_at": now,
	})
	return res.RowsAffected > 0, res.Error
}

// stockedOut reads up to n jobs paused for want of stock.
func (s *Service) stockedOut(ctx context.Context, n int) ([]models.IssuanceJob, error) {
	var jobs []models.IssuanceJob
	err := s.meta(ctx).Where("status = ? AND last_error LIKE ?", models.JobPaused, stockOutPrefix+"%").Limit(n).Find(&jobs).Error
	return jobs, err
}

// requeueStockedOut queues job id again if it is still paused for want of
// stock.
func (s *Service) requeueStockedOut(ctx context.Context, id uint64, now time.Time) {
	s.meta(ctx).Model(&models.IssuanceJob{}).Where("id = ? AND status = ? AND last_error LIKE ?", id, models.JobPaused, stockOutPrefix+"%").
		Updates(map[string]any{"status": models.JobPending, "last_error": "", "updated_at": now})
}

// failJob marks job id FAILED with msg, if it is still active.
func (s *Service) failJob(ctx context.Context, id uint64, msg string, now time.Time) error {
	return s.meta(ctx).Model(&models.IssuanceJob{}).Where("id = ? AND status IN ?", id, active).
		Updates(map[string]any{"status": models.JobFailed, "last_error": msg, "finished_at": now}).Error
}

// finish moves a job to a final (or paused) status with a message.
func (s *Service) finish(ctx context.Context, job *models.IssuanceJob, to models.JobStatus, msg string) error {
	set := map[string]any{"status": to, "last_error": msg, "updated_at": s.now().UTC()}
	if to.Done() {
		set["finished_at"] = s.now().UTC()
	}
	return s.meta(context.WithoutCancel(ctx)).Model(&models.IssuanceJob{}).
		Where("id = ? AND lease_owner = ? AND status = ?", job.ID, s.owner, models.JobRunning).Updates(set).Error
}

// releaseLease gives up this instance's lease of job id.
func (s *Service) releaseLease(ctx context.Context, id uint64) {
	_ = s.meta(ctx).Model(&models.IssuanceJob{}).Where("id = ? AND lease_owner = ?", id, s.owner).
		Updates(map[string]any{"lease_owner": "", "lease_until": nil}).Error
}

// insertBacklog stores users to notify later.
func (s *Service) insertBacklog(ctx context.Context, b *models.NotifyBacklog) error {
	return s.meta(ctx).Create(b).Error
}

// backlogEntries reads the n oldest backlog entries.
func (s *Service) backlogEntries(ctx context.Context, n int) ([]models.NotifyBacklog, error) {
	var entries []models.NotifyBacklog
	err := s.meta(ctx).Order("id").Limit(n).Find(&entries).Error
	return entries, err
}

// countAttempt counts a failed delivery of a backlog entry.
func (s *Service) countAttempt(ctx context.Context, e *models.NotifyBacklog) {
	s.meta(ctx).Model(e).Update("attempts", gorm.Expr("attempts + 1"))
}

// settleBacklog drops a delivered backlog entry and counts its users as
// notified on its job, in one transaction (once, should two instances
// deliver it).
func (s *Service) settleBacklog(ctx context.Context, e *models.NotifyBacklog, users int) error {
	return s.meta(ctx).Transaction(func(tx *gorm.DB) error {
		if res := tx.Delete(e); res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return tx.Model(&models.IssuanceJob{}).Where("id = ?", e.JobID).Update("notified", gorm.Expr("notified + ?", users)).Error
	})
}
