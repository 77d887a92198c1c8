package issuance

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/notify"
	"github.com/coupond/coupond/models"
)

// Lease timing: a worker renews its lease at every step (and at least every
// leaseRenew while it waits); a dead worker's job is picked up by another
// instance once leaseTTL has passed.
const (
	leaseTTL   = 10 * time.Second
	pollEvery  = 500 * time.Millisecond
	notifyPoll = 5 * time.Second
)

// Run works jobs until ctx ends: it takes the lease of a PENDING or RUNNING
// job whose lease is free or expired, works it batch by batch, and looks
// for the next. Every instance runs it; the lease keeps one worker per job.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	lastNotify, lastRestock := time.Time{}, time.Time{}
	failures := map[uint64]int{}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if s.store.Frozen() {
			continue // a resharding's cut-over: no job step until it ends
		}
		if job := s.lease(ctx); job != nil {
			err := s.work(ctx, job)
			switch {
			case err == nil || ctx.Err() != nil:
				delete(failures, job.ID)
			case failures[job.ID]+1 >= maxFailures:
				// A store that keeps failing the same job: stop it with the
				// reason rather than retry for ever; resume retries it.
				delete(failures, job.ID)
				s.fail(ctx, job.ID, err)
			default:
				failures[job.ID]++
				slog.WarnContext(ctx, "issuance job step failed; retrying", "job", job.ID, "err", err)
			}
		}
		if time.Since(lastRestock) > restockPoll {
			lastRestock = time.Now()
			s.resumeRestocked(ctx)
		}
		if s.notifier != nil && time.Since(lastNotify) > notifyPoll {
			lastNotify = time.Now()
			s.retryNotifications(ctx)
		}
	}
}

// lease takes a job that needs a worker, or returns nil.
func (s *Service) lease(ctx context.Context) *models.IssuanceJob {
	now := s.now().UTC()
	var candidates []models.IssuanceJob
	// A job whose uploaded audience is still being stored is not ready: its
	// chunks appear while Create streams the file.
	err := s.store.Meta.WithContext(ctx).Where("status IN ? AND (lease_until IS NULL OR lease_until < ?) AND (audience_ready = ? OR audience_kind = ?)",
		[]models.JobStatus{models.JobPending, models.JobRunning}, now, true, "TAGS").Order("id").Limit(5).Find(&candidates).Error
	if err != nil {
		return nil
	}
	for _, j := range candidates {
		until := now.Add(leaseTTL)
		res := s.store.Meta.WithContext(ctx).Model(&models.IssuanceJob{}).
			Where("id = ? AND status IN ? AND (lease_until IS NULL OR lease_until < ?)", j.ID, []models.JobStatus{models.JobPending, models.JobRunning}, now).
			Updates(map[string]any{"lease_owner": s.owner, "lease_until": until})
		if res.Error == nil && res.RowsAffected == 1 {
			j.LeaseOwner, j.LeaseUntil = s.owner, &until
			return &j
		}
	}
	return nil
}

var errLostLease = errors.New("lease lost, or the job was paused or cancelled")

// work runs a leased job until it ends, is paused or cancelled, or the lease
// is lost.
func (s *Service) work(ctx context.Context, job *models.IssuanceJob) error {
	db := s.store.Meta.WithContext(ctx)
	now := s.now().UTC()
	start := map[string]any{"status": models.JobRunning, "updated_at": now}
	if job.StartedAt == nil {
		start["started_at"] = now
	}
	if res := db.Model(&models.IssuanceJob{}).Where("id = ? AND lease_owner = ? AND status IN ?", job.ID, s.owner,
		[]models.JobStatus{models.JobPending, models.JobRunning}).Updates(start); res.Error != nil || res.RowsAffected == 0 {
		return res.Error
	}
	defer s.releaseLease(context.WithoutCancel(ctx), job.ID)
	if job.AudienceKind == "TAGS" && !job.AudienceReady {
		if err := s.materializeTags(ctx, job); err != nil {
			return s.finish(ctx, job, models.JobFailed, "reading the tag audience: "+err.Error())
		}
	}
	for ctx.Err() == nil {
		stepStart := time.Now()
		// Renew the lease and learn of a pause or cancel in one statement.
		until := s.now().UTC().Add(leaseTTL)
		res := db.Model(&models.IssuanceJob{}).Where("id = ? AND lease_owner = ? AND status = ?", job.ID, s.owner, models.JobRunning).
			Update("lease_until", until)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return nil // paused, cancelled, or another worker has it
		}
		c, err := s.engine.Get(ctx, fmt.Sprint(job.CouponID))
		if err != nil {
			return s.finish(ctx, job, models.JobFailed, "the coupon: "+err.Error())
		}
		switch {
		case c.Status == models.CouponEnded:
			return s.finish(ctx, job, models.JobFailed, "the coupon has ENDED")
		case c.Status != models.CouponActive:
			return s.finish(ctx, job, models.JobPaused, fmt.Sprintf("the coupon is %s: activate it, then resume the job", c.Status))
		case !c.HasChannel(models.ChannelTargeted):
			return s.finish(ctx, job, models.JobPaused, "the coupon is no longer open to TARGETED issuance: reopen it, then resume the job")
		}
		ids, err := s.readAudience(ctx, job.ID, job.Checkpoint, job.ReadBatchSize)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return s.finish(ctx, job, models.JobCompleted, job.LastError)
		}
		out, err := s.engine.IssueTargeted(ctx, c, job.ID, ids, job.BatchSize)
		if models.ErrorCode(err) == models.CodeInactive {
			// The engine refuses the coupon's bulk writes now (see
			// coupon.Wallets.Bulk): an operator must clear it first.
			return s.finish(ctx, job, models.JobPaused, err.Error())
		}
		if err != nil {
			return err // the batch is replayed from the checkpoint by the next worker
		}
		notified := s.notifyUsers(ctx, job, out.Issued)
		// Only the users reached count as processed: when the stock ran out,
		// the rest wait for more stock and a resume.
		processed := int64(out.Reached)
		job.Checkpoint += processed
		job.Processed += processed
		job.Issued += int64(len(out.Issued))
		job.Skipped += out.Skipped
		job.Notified += notified
		job.RunSeconds += time.Since(stepStart).Seconds()
		res = db.Model(&models.IssuanceJob{}).Where("id = ? AND lease_owner = ?", job.ID, s.owner).Updates(map[string]any{
			"checkpoint": job.Checkpoint, "processed": gorm.Expr("processed + ?", processed), "issued": gorm.Expr("issued + ?", len(out.Issued)),
			"skipped": gorm.Expr("skipped + ?", out.Skipped), "notified": gorm.Expr("notified + ?", notified),
			"run_seconds": gorm.Expr("run_seconds + ?", time.Since(stepStart).Seconds()), "updated_at": s.now().UTC(),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errLostLease
		}
		if out.StockOut {
			return s.finish(ctx, job, models.JobPaused, fmt.Sprintf("%s the coupon's stock ran out after %d issued by this job; the job resumes by itself when stock is added (or returned by the reconciler)", stockOutPrefix, job.Issued))
		}
	}
	return ctx.Err()
}

// stockOutPrefix starts the lastError of a job paused for want of stock;
// such a job is queued again once its coupon has stock.
const stockOutPrefix = "OUT_OF_STOCK:"

const restockPoll = 2 * time.Second

// resumeRestocked queues again the jobs paused for want of stock whose
// coupon has stock now (added by an operator, or leaked units returned by
// the reconciler after a crash).
func (s *Service) resumeRestocked(ctx context.Context) {
	var jobs []models.IssuanceJob
	if err := s.store.Meta.WithContext(ctx).Where("status = ? AND last_error LIKE ?", models.JobPaused, stockOutPrefix+"%").
		Limit(20).Find(&jobs).Error; err != nil {
		return
	}
	for _, j := range jobs {
		left, err := s.engine.Remaining(ctx, j.CouponID)
		if err != nil || left[j.CouponID] <= 0 {
			continue
		}
		s.store.Meta.WithContext(ctx).Model(&models.IssuanceJob{}).Where("id = ? AND status = ? AND last_error LIKE ?", j.ID, models.JobPaused, stockOutPrefix+"%").
			Updates(map[string]any{"status": models.JobPending, "last_error": "", "updated_at": s.now().UTC()})
	}
}

// maxFailures is how many failed runs in a row fail a job.
const maxFailures = 5

func (s *Service) fail(ctx context.Context, id uint64, cause error) {
	slog.ErrorContext(ctx, "issuance job failed", "job", id, "err", cause)
	msg := cause.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	_ = s.store.Meta.WithContext(context.WithoutCancel(ctx)).Model(&models.IssuanceJob{}).
		Where("id = ? AND status IN ?", id, []models.JobStatus{models.JobPending, models.JobRunning}).
		Updates(map[string]any{"status": models.JobFailed, "last_error": "stopped after repeated errors: " + msg, "finished_at": s.now().UTC()}).Error
}

// finish moves a job to a final (or paused) status with a message.
func (s *Service) finish(ctx context.Context, job *models.IssuanceJob, to models.JobStatus, msg string) error {
	set := map[string]any{"status": to, "last_error": msg, "updated_at": s.now().UTC()}
	if to.Done() {
		set["finished_at"] = s.now().UTC()
	}
	return s.store.Meta.WithContext(context.WithoutCancel(ctx)).Model(&models.IssuanceJob{}).
		Where("id = ? AND lease_owner = ? AND status = ?", job.ID, s.owner, models.JobRunning).Updates(set).Error
}

func (s *Service) releaseLease(ctx context.Context, id uint64) {
	_ = s.store.Meta.WithContext(ctx).Model(&models.IssuanceJob{}).Where("id = ? AND lease_owner = ?", id, s.owner).
		Updates(map[string]any{"lease_owner": "", "lease_until": nil}).Error
}

// notifyUsers sends the users of a batch to the message center; what it
// cannot send (breaker open, center failing) goes to the backlog. Returns
// how many were delivered.
func (s *Service) notifyUsers(ctx context.Context, job *models.IssuanceJob, users []string) int64 {
	if !job.Notify || len(users) == 0 {
		return 0
	}
	var delivered int64
	for start := 0; start < len(users); start += job.NotifyBatchSize {
		part := users[start:min(start+job.NotifyBatchSize, len(users))]
		if s.notifier != nil {
			if err := s.notifier.Send(ctx, notify.Message{JobID: job.ID, CouponID: job.CouponID, UserIDs: part}); err == nil {
				delivered += int64(len(part))
				continue
			}
		}
		s.backlog(ctx, job, part)
	}
	return delivered
}

func (s *Service) backlog(ctx context.Context, job *models.IssuanceJob, users []string) {
	b := models.NotifyBacklog{JobID: job.ID, CouponID: job.CouponID, UserIDs: joinLines(users), CreatedAt: s.now().UTC()}
	if err := s.store.Meta.WithContext(context.WithoutCancel(ctx)).Create(&b).Error; err != nil {
		slog.ErrorContext(ctx, "notification backlog write failed", "job", job.ID, "users", len(users), "err", err)
	}
}

// retryNotifications sends backlog entries again while the message center
// takes them; each success counts toward its job's notified.
func (s *Service) retryNotifications(ctx context.Context) {
	var entries []models.NotifyBacklog
	if err := s.store.Meta.WithContext(ctx).Order("id").Limit(20).Find(&entries).Error; err != nil {
		return
	}
	for _, e := range entries {
		users := splitLines(e.UserIDs)
		err := s.notifier.Send(ctx, notify.Message{JobID: e.JobID, CouponID: e.CouponID, UserIDs: users})
		if errors.Is(err, notify.ErrOpen) {
			return
		}
		if err != nil {
			s.store.Meta.WithContext(ctx).Model(&e).Update("attempts", gorm.Expr("attempts + 1"))
			continue
		}
		_ = s.store.Meta.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if res := tx.Delete(&e); res.Error != nil || res.RowsAffected == 0 {
				return res.Error
			}
			return tx.Model(&models.IssuanceJob{}).Where("id = ?", e.JobID).Update("notified", gorm.Expr("notified + ?", len(users))).Error
		})
	}
}
