package issuance

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/coupond/coupond/internal/loop"
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
	lastNotify, lastRestock := time.Time{}, time.Time{}
	failures := map[uint64]int{}
	loop.Every(ctx, pollEvery, func(ctx context.Context) {
		if s.store.Frozen() {
			return // a resharding's cut-over: no job step until it ends
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
	})
}

// lease takes a job that needs a worker, or returns nil.
func (s *Service) lease(ctx context.Context) *models.IssuanceJob {
	now := s.now().UTC()
	candidates, err := s.leasable(ctx, now, 5)
	if err != nil {
		return nil
	}
	for _, j := range candidates {
		until := now.Add(leaseTTL)
		if s.takeLease(ctx, j.ID, now, until) {
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
	if started, err := s.startRun(ctx, job, s.now().UTC()); err != nil || !started {
		return err
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
		held, err := s.renewLease(ctx, job.ID, s.now().UTC().Add(leaseTTL))
		if err != nil {
			return err
		}
		if !held {
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
		held, err = s.saveStep(ctx, job.ID, job.Checkpoint, step{processed: processed, issued: int64(len(out.Issued)), skipped: out.Skipped,
			notified: notified, seconds: time.Since(stepStart).Seconds()}, s.now().UTC())
		if err != nil {
			return err
		}
		if !held {
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
	jobs, err := s.stockedOut(ctx, 20)
	if err != nil {
		return
	}
	for _, j := range jobs {
		left, err := s.engine.Remaining(ctx, j.CouponID)
		if err != nil || left[j.CouponID] <= 0 {
			continue
		}
		s.requeueStockedOut(ctx, j.ID, s.now().UTC())
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
	_ = s.failJob(context.WithoutCancel(ctx), id, "stopped after repeated errors: "+msg, s.now().UTC())
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
	if err := s.insertBacklog(context.WithoutCancel(ctx), &b); err != nil {
		slog.ErrorContext(ctx, "notification backlog write failed", "job", job.ID, "users", len(users), "err", err)
	}
}

// retryNotifications sends backlog entries again while the message center
// takes them; each success counts toward its job's notified.
func (s *Service) retryNotifications(ctx context.Context) {
	entries, err := s.backlogEntries(ctx, 20)
	if err != nil {
		return
	}
	for _, e := range entries {
		users := splitLines(e.UserIDs)
		err := s.notifier.Send(ctx, notify.Message{JobID: e.JobID, CouponID: e.CouponID, UserIDs: users})
		if errors.Is(err, notify.ErrOpen) {
			return
		}
		if err != nil {
			s.countAttempt(ctx, &e)
			continue
		}
		_ = s.settleBacklog(ctx, &e, len(users))
	}
}
