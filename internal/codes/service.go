package codes

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/coalesce"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/limit"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Bounds of a batch.
const (
	MaxCount         = 1_000_000
	DefaultChunkSize = 2000
)

// Limits are redemption's abuse guards, counted in Redis across instances.
type Limits struct {
	PerUser       limit.Rate // redemptions a user may try
	PerIP         limit.Rate // redemptions one client address may try (shoppers and console; a service key is exempt: it speaks for many users)
	FailsPerUser  limit.Rate // wrong codes a user may type before redemption refuses them
	FailsPlatform limit.Rate // wrong codes everyone together may type: a spread-out guessing attack stops here
}

// DefaultLimits are the limits of a default configuration.
var DefaultLimits = Limits{
	PerUser:       limit.Rate{N: 20, Period: time.Minute},
	PerIP:         limit.Rate{N: 120, Period: time.Minute},
	FailsPerUser:  limit.Rate{N: 10, Period: 15 * time.Minute},
	FailsPlatform: limit.Rate{N: 2000, Period: time.Minute},
}

// Options configure the Service.
type Options struct {
	// Secret is the code secret (at least 16 bytes); nil: generating and
	// redeeming codes answer UNAVAILABLE.
	Secret  []byte
	Limiter *auth.Limiter // nil: no rate limits
	Limits  Limits
	// InvalidFloor is the least time a CODE_INVALID answer takes, so that
	// a code failing its check and one missing from the database cannot be
	// told apart by timing.
	InvalidFloor time.Duration
	ChunkSize    int    // codes per insert statement
	Owner        string // this instance's name in leases
	Now          func() time.Time
}

// Service generates, lists, disables, exports and redeems codes.
type Service struct {
	store   *store.Store
	engine  *coupon.Service
	keys    *Keys
	limiter *auth.Limiter
	o       Options
	wake    chan struct{}
	finds   *coalesce.Group[struct{}, *findCall] // see shared_trips.go
	marks   *coalesce.Group[uint64, *markCall]   // per batch
}

// NewService returns the codes service. A bad secret is an error; a
// missing one is not (codes are then unavailable).
func NewService(st *store.Store, engine *coupon.Service, o Options) (*Service, error) {
	s := &Service{store: st, engine: engine, limiter: o.Limiter, wake: make(chan struct{}, 1)}
	s.shareTrips()
	if o.Secret != nil {
		k, err := NewKeys(o.Secret)
		if err != nil {
			return nil, err
		}
		s.keys = k
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = DefaultChunkSize
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Owner == "" {
		o.Owner = "instance-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	s.o = o
	return s, nil
}

func (s *Service) ready() error {
	if s.keys == nil {
		return models.Unavailable("codes", ErrNoSecret)
	}
	return nil
}

// GenerateRequest asks for a batch.
type GenerateRequest struct {
	CouponID string
	Count    int64
	Prefix   string
	Length   int // 0: DefaultLength
	By       string
}

// Generate validates a request and queues its batch (PENDING); a worker
// generates the codes. The coupon must be open to the CODE channel.
// Returns INVALID_INPUT (with field paths), NOT_FOUND, INVALID_STATE,
// CHANNEL_CLOSED, UNAVAILABLE.
func (s *Service) Generate(ctx context.Context, r GenerateRequest) (*models.CodeBatch, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if r.Length == 0 {
		r.Length = DefaultLength
	}
	var errs models.Errors
	if r.Count < 1 || r.Count > MaxCount {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "count"}, "count must be 1 to %d", MaxCount))
	}
	if !ValidPrefix(r.Prefix) {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "prefix"},
			"prefix must be up to %d characters of %s (no I, L, O or U)", MaxPrefix, Alphabet))
	}
	if r.Length < MinLength || r.Length > MaxLength {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "length"},
			"length must be %d to %d characters after the prefix (%d of them the check part)", MinLength, MaxLength, CheckLen))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	c, err := s.engine.Get(ctx, r.CouponID)
	if err != nil {
		var e *models.Error
		if errors.As(err, &e) && e.Code == models.CodeNotFound {
			e = models.FieldError(models.CodeNotFound, []string{"input", "couponId"}, "%s", e.Message)
			return nil, e
		}
		return nil, err
	}
	if c.Status == models.CouponEnded {
		return nil, models.FieldError(models.CodeInvalidState, []string{"input", "couponId"}, "the coupon has ended")
	}
	if !c.HasChannel(models.ChannelCode) {
		return nil, models.FieldError(models.CodeChannelClosed, []string{"input", "couponId"},
			"the coupon is not open to the CODE channel: add it to the coupon's channels first")
	}
	b := &models.CodeBatch{CouponID: c.ID, Status: models.JobPending, Count: r.Count, Prefix: r.Prefix, Length: r.Length, CreatedBy: r.By}
	if err := s.insertBatch(ctx, b); err != nil {
		return nil, models.Unavailable("codes.Generate", err)
	}
	s.Wake()
	return b, nil
}

// Wake makes this instance's worker look for work now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func parseBatchID(id string) (uint64, error) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 {
		return 0, models.Errorf(models.CodeNotFound, "code batch %q not found", id)
	}
	return n, nil
}

// Batch returns one batch. Returns NOT_FOUND.
func (s *Service) Batch(ctx context.Context, id string) (*models.CodeBatch, error) {
	n, err := parseBatchID(id)
	if err != nil {
		return nil, err
	}
	return s.batch(s.primary(ctx), n)
}

// Batches lists a coupon's batches, newest first.
func (s *Service) Batches(ctx context.Context, couponID string) ([]models.CodeBatch, error) {
	id, err := coupon.ParseID(couponID)
	if err != nil {
		return nil, err
	}
	out, err := s.listBatches(ctx, id)
	if err != nil {
		return nil, models.Unavailable("codes.Batches", err)
	}
	return out, nil
}

// Disable stops a batch's codes for good: redeeming one answers
// CODE_DISABLED; a batch still generating stops (CANCELLED). Disabling a
// disabled batch changes nothing. Returns NOT_FOUND.
func (s *Service) Disable(ctx context.Context, id string) (*models.CodeBatch, error) {
	n, err := parseBatchID(id)
	if err != nil {
		return nil, err
	}
	db := s.primary(ctx)
	now := s.o.Now().UTC()
	if err := s.disableBatch(db, n, now); err != nil {
		return nil, models.Unavailable("codes.Disable", err)
	}
	return s.batch(db, n)
}

func idStr(id uint64) string { return strconv.FormatUint(id, 10) }
