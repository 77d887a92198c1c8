// Package issuance runs targeted issuance jobs: a coupon handed to an
// audience (a list, an uploaded file of millions of ids, or a tag rule) in
// the background, resumable after a crash without issuing anyone twice,
// with live progress and notifications through the message center.
package issuance

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/notify"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Defaults and bounds of a job's settings.
const (
	DefaultBatchSize       = 1000
	DefaultReadBatchSize   = 5000
	DefaultNotifyBatchSize = 500
	MaxBatchSize           = 5000
	MaxReadBatchSize       = 50000
	MaxInlineUserIDs       = 10000
)

// TagSource answers users' tags (for the coupon's tag rule).
type TagSource interface {
	UserTags(ctx context.Context, userID string) ([]string, error)
}

// Service creates and controls jobs; Runner (runner.go) works them.
type Service struct {
	store    *store.Store
	engine   *coupon.Service
	tags     TagSource
	notifier *notify.Client
	now      func() time.Time
	owner    string
}

// Options configure the Service.
type Options struct {
	Notifier *notify.Client // nil: jobs with notify set skip notifications and say so
	Now      func() time.Time
	Owner    string // this instance's name in leases; default random
}

// NewService returns the issuance service.
func NewService(st *store.Store, engine *coupon.Service, tags TagSource, o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Owner == "" {
		o.Owner = "instance-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return &Service{store: st, engine: engine, tags: tags, notifier: o.Notifier, now: o.Now, owner: o.Owner}
}

// Audience says who gets the coupon: exactly one of the three.
type Audience struct {
	UserIDs []string
	File    io.Reader
	Tags    *models.TagRuleSpec
}

// Spec is a job to create (the contract's IssuanceJobInput).
type Spec struct {
	CouponID        string
	Audience        Audience
	Name            string
	Notify          bool
	BatchSize       *int
	ReadBatchSize   *int
	NotifyBatchSize *int
	CreatedBy       string
}

func setting(v *int, def, maxV int, field string, errs *models.Errors) int {
	if v == nil {
		return def
	}
	if *v < 1 || *v > maxV {
		*errs = append(*errs, models.FieldError(models.CodeInvalidInput, []string{"input", field}, "%s must be between 1 and %d", field, maxV))
	}
	return *v
}

// Create validates a job, stores its audience (streaming a file line by line
// into chunks: bad lines are counted as skipped, not fatal) and queues it.
// Returns INVALID_INPUT, NOT_FOUND (coupon), INVALID_STATE (coupon not
// ACTIVE), CHANNEL_CLOSED (coupon not open to TARGETED).
func (s *Service) Create(ctx context.Context, spec Spec) (*models.IssuanceJob, error) {
	var errs models.Errors
	job := &models.IssuanceJob{Name: strings.TrimSpace(spec.Name), Status: models.JobPending, Notify: spec.Notify, CreatedBy: spec.CreatedBy}
	job.BatchSize = setting(spec.BatchSize, DefaultBatchSize, MaxBatchSize, "batchSize", &errs)
	job.ReadBatchSize = setting(spec.ReadBatchSize, DefaultReadBatchSize, MaxReadBatchSize, "readBatchSize", &errs)
	job.NotifyBatchSize = setting(spec.NotifyBatchSize, DefaultNotifyBatchSize, MaxBatchSize, "notifyBatchSize", &errs)
	if utf8.RuneCountInString(job.Name) > 200 {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "name"}, "name is longer than 200 characters"))
	}
	kinds := 0
	a := spec.Audience
	if a.UserIDs != nil {
		kinds++
		job.AudienceKind = "IDS"
		if len(a.UserIDs) == 0 || len(a.UserIDs) > MaxInlineUserIDs {
			errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "audience", "userIds"}, "send 1 to %d user ids inline; upload a file for more", MaxInlineUserIDs))
		}
	}
	if a.File != nil {
		kinds++
		job.AudienceKind = "FILE"
	}
	if a.Tags != nil {
		kinds++
		job.AudienceKind = "TAGS"
		if len(a.Tags.AnyOf)+len(a.Tags.AllOf) == 0 {
			errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "audience", "tags"}, "a tag audience needs anyOf or allOf (noneOf alone would mean every user)"))
		}
		job.TagRule = models.TagRule{AnyOf: a.Tags.AnyOf, AllOf: a.Tags.AllOf, NoneOf: a.Tags.NoneOf}
	}
	if kinds != 1 {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "audience"}, "give exactly one of userIds, file or tags"))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	c, err := s.engine.Get(ctx, spec.CouponID)
	if err != nil {
		var e *models.Error
		if errors.As(err, &e) && e.Code == models.CodeNotFound {
			e.Field = []string{"input", "couponId"}
		}
		return nil, err
	}
	if c.Status != models.CouponActive {
		return nil, models.FieldError(models.CodeInvalidState, []string{"input", "couponId"}, "the coupon is %s: activate it first", c.Status)
	}
	if !c.HasChannel(models.ChannelTargeted) {
		return nil, models.FieldError(models.CodeChannelClosed, []string{"input", "couponId"}, "the coupon is not open to TARGETED issuance")
	}
	job.CouponID = c.ID
	if job.Name == "" {
		job.Name = "Issue " + c.Name
	}
	job.CreatedAt = s.now().UTC()
	if err := s.insertJob(ctx, job); err != nil {
		return nil, models.Unavailable("issuance.Create", err)
	}
	switch job.AudienceKind {
	case "IDS":
		err = s.storeAudience(ctx, job, strings.NewReader(strings.Join(a.UserIDs, "\n")))
	case "FILE":
		err = s.storeAudience(ctx, job, a.File)
	}
	if err != nil {
		// The job never ran: drop it with its chunks.
		s.deleteJob(context.WithoutCancel(ctx), job)
		return nil, err
	}
	return job, nil
}

// Get returns a job. Returns NOT_FOUND.
func (s *Service) Get(ctx context.Context, id string) (*models.IssuanceJob, error) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil, models.Errorf(models.CodeNotFound, "job %q not found", id)
	}
	job, err := s.job(ctx, n)
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.Errorf(models.CodeNotFound, "job %q not found", id)
	}
	if err != nil {
		return nil, models.Unavailable("issuance.Get", err)
	}
	return job, nil
}

// JobPage is one page of jobs, newest first.
type JobPage struct {
	Jobs       []models.IssuanceJob
	HasNext    bool
	TotalCount int64
}

// List returns jobs, optionally of one coupon and in some statuses.
func (s *Service) List(ctx context.Context, couponID string, statuses []models.JobStatus, first int, after string) (*JobPage, error) {
	f := jobFilter{statuses: statuses}
	if couponID != "" {
		n, err := strconv.ParseUint(couponID, 10, 64)
		if err != nil {
			return &JobPage{}, nil
		}
		f.couponID = &n
	}
	var p JobPage
	var err error
	if p.TotalCount, err = s.countJobs(ctx, f); err != nil {
		return nil, models.Unavailable("issuance.List", err)
	}
	if after != "" {
		id, err := models.DecodeCursor(after)
		if err != nil {
			return nil, err
		}
		f.before = &id
	}
	if p.Jobs, err = s.listJobs(ctx, f, first+1); err != nil {
		return nil, models.Unavailable("issuance.List", err)
	}
	if len(p.Jobs) > first {
		p.HasNext, p.Jobs = true, p.Jobs[:first]
	}
	return &p, nil
}

// setStatus moves a job from one of from to to. Asking for the status it
// has returns it unchanged. The runner sees the change at its next step
// (within a second). Returns NOT_FOUND, INVALID_STATE.
func (s *Service) setStatus(ctx context.Context, id string, to models.JobStatus, from ...models.JobStatus) (*models.IssuanceJob, error) {
	job, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if job.Status == to {
		return job, nil
	}
	set := map[string]any{"status": to, "updated_at": s.now().UTC()}
	if to == models.JobPaused || to == models.JobPending {
		// A request supersedes an automatic pause (and its auto-resume).
		set["last_error"] = ""
	}
	if to.Done() {
		set["finished_at"] = s.now().UTC()
	}
	moved, err := s.moveStatus(ctx, job.ID, from, set)
	if err != nil {
		return nil, models.Unavailable("issuance.setStatus", err)
	}
	if !moved {
		job, _ = s.Get(ctx, id)
		return nil, models.Errorf(models.CodeInvalidState, "a %s job cannot become %s", job.Status, to)
	}
	return s.Get(ctx, id)
}

// Pause stops a PENDING or RUNNING job after its current batch.
func (s *Service) Pause(ctx context.Context, id string) (*models.IssuanceJob, error) {
	return s.setStatus(ctx, id, models.JobPaused, models.JobPending, models.JobRunning)
}

// Resume queues a PAUSED job again; it goes on from its checkpoint.
func (s *Service) Resume(ctx context.Context, id string) (*models.IssuanceJob, error) {
	return s.setStatus(ctx, id, models.JobPending, models.JobPaused)
}

// Cancel ends a job for good; what it issued stays issued.
func (s *Service) Cancel(ctx context.Context, id string) (*models.IssuanceJob, error) {
	return s.setStatus(ctx, id, models.JobCancelled, models.JobPending, models.JobRunning, models.JobPaused)
}

// Rate is a job's issue rate in rows per second of running time.
func Rate(j *models.IssuanceJob) float64 {
	if j.RunSeconds <= 0 {
		return 0
	}
	return float64(j.Processed) / j.RunSeconds
}
