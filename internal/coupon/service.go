// Package coupon is the engine: coupon templates and their stock, and
// claiming, using and expiring user coupons.
//
// The rules are here: a claim step by step in claim.go, a batch claim in
// batch.go, targeted issuance in targeted.go, lock/use/release/refund and
// pricing in orders.go, reads in usercoupons.go and claimable.go, the
// sweeps and the stock reconciler in sweep.go and reconcile.go. Where
// users' coupons are kept is the Wallets the engine is given (wallets.go):
// by default ShardWallets (shard_wallets.go, stock.go), coupond's shard
// tables and stock slots, whose statements are in usercoupon_sql.go,
// usercoupon_insert.go and stock_sql.go.
package coupon

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/budget"
	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Service runs the coupon engine over the store, the two-level cache and
// the distributed locks.
type Service struct {
	store    *store.Store
	cache    *cache.Cache
	locker   *lock.Locker
	tags     TagSource
	defaults models.CouponDefaults
	now      func() time.Time
	opts     Options
	marks    *markReader
	shards   *ShardWallets // coupond's own tables and stock slots
	wallets  Wallets       // where the rules read and write users' coupons: shards unless SetWallets
	budgets  *budget.Keeper
}

// TagSource answers a user's tags for tag rules.
type TagSource interface {
	UserTags(ctx context.Context, userID string) ([]string, error)
}

// Options configure a Service.
type Options struct {
	Defaults models.CouponDefaults
	Now      func() time.Time // injected clock; default time.Now
	// MaxBatch is the most coupons one batch claim may ask for (default 20).
	MaxBatch int
	// MaxOrderCoupons is the most coupons one order may use together
	// (default 5).
	MaxOrderCoupons int
	// Campaigns resolves coupons' campaigns (their budgets); nil: coupons
	// cannot name one.
	Campaigns CampaignView
	// SoldOutTTL is how long an instance refuses a coupon it saw sold out
	// without asking the database again (default 1s): stock added elsewhere
	// is seen within it.
	SoldOutTTL time.Duration
	// AfterStock, when set, runs after a claim took its unit of stock and
	// before the user coupon is written; an error fails the claim there. It
	// exists to inject faults in tests. ErrCrash makes the claim stop as if
	// the process died: the unit is not given back.
	AfterStock func(couponID uint64) error
	// ReconcileLocker takes the reconciler's lock; its TTL must exceed the
	// grace Reconcile waits. Nil: the claim locker (tests with no grace).
	ReconcileLocker *lock.Locker
	// Redis remembers successful claims for retries on the sold-out fast
	// path; nil: such retries are checked in the database.
	Redis     redis.UniversalClient
	KeyPrefix string // starts the Redis keys the engine writes
	// Catalog gives pricing the category tree, the super-blacklist and the
	// categories of cart items that name none. Nil: only the categories the
	// cart names, no super-blacklist.
	Catalog CatalogView
}

// ErrCrash, returned by Options.AfterStock, simulates a crash between
// taking stock and writing the user coupon.
var ErrCrash = errors.New("simulated crash")

// NewService returns the engine. locker and tags may be nil only for uses
// that never claim.
func NewService(st *store.Store, c *cache.Cache, locker *lock.Locker, tags TagSource, o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Defaults.Currency == "" {
		o.Defaults.Currency = "USD"
	}
	if o.Defaults.StockSlots == 0 {
		o.Defaults.StockSlots = 16
	}
	if o.MaxOrderCoupons == 0 {
		o.MaxOrderCoupons = 5
	}
	if o.MaxBatch == 0 {
		o.MaxBatch = 20
	}
	if o.SoldOutTTL == 0 {
		o.SoldOutTTL = time.Second
	}
	s := &Service{store: st, cache: c, locker: locker, tags: tags, defaults: o.Defaults, now: o.Now, opts: o,
		shards: newShardWallets(st, o.Now, o.SoldOutTTL), budgets: budget.NewKeeper(st.Meta)}
	s.wallets = s.shards
	if o.Redis != nil {
		s.marks = newMarkReader(o.Redis)
	}
	return s
}

// SetWallets has the engine keep users' coupons in w (which usually wraps
// Shards) instead of coupond's own tables alone. Call it before the engine
// serves.
func (s *Service) SetWallets(w Wallets) { s.wallets = w }

// Shards is coupond's own keeping of users' coupons and stock, the default
// Wallets.
func (s *Service) Shards() *ShardWallets { return s.shards }

// Defaults are the server's defaults for coupon input.
func (s *Service) Defaults() models.CouponDefaults { return s.defaults }

// ParseID reads a coupon id. Returns NOT_FOUND for anything that cannot be
// one, so that a made-up id and a deleted one look alike.
func ParseID(id string) (uint64, error) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 {
		return 0, models.Errorf(models.CodeNotFound, "coupon %q not found", id)
	}
	return n, nil
}

func couponKey(id uint64) string { return "coupon:" + strconv.FormatUint(id, 10) }

// Get returns a coupon's rules through the two-level cache. Returns
// NOT_FOUND. The remaining stock is not part of it: see Remaining.
func (s *Service) Get(ctx context.Context, id string) (*models.Coupon, error) {
	n, err := ParseID(id)
	if err != nil {
		return nil, err
	}
	c, err := cache.Get(ctx, s.cache, couponKey(n), func(ctx context.Context) (*models.Coupon, error) {
		return s.load(ctx, s.store.Meta.WithContext(ctx), n)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Service) load(ctx context.Context, db *gorm.DB, id uint64) (*models.Coupon, error) {
	var c models.Coupon
	err := db.Take(&c, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.Errorf(models.CodeNotFound, "coupon %d not found", id)
	}
	if err != nil {
		return nil, models.Unavailable("coupon.load", err)
	}
	return &c, nil
}

// invalidate drops a changed coupon from every instance's cache. A failure
// is not the caller's: the local TTL bounds the staleness.
func (s *Service) invalidate(ctx context.Context, id uint64) {
	s.shards.hints.forget(id)
	_ = s.cache.Invalidate(context.WithoutCancel(ctx), couponKey(id), claimableKey)
}

// Remaining returns the remaining stock of each coupon (the sum of its
// slots), read from the primary.
func (s *Service) Remaining(ctx context.Context, ids ...uint64) (map[uint64]int64, error) {
	if len(ids) == 0 {
		return map[uint64]int64{}, nil
	}
	remainingQueries.Inc()
	// From the primary, whatever the caller allows: the stock is what a
	// shopper is told is left, and a replica's can be from before a sellout.
	out, err := remainingOf(s.primary(ctx), ids)
	if err != nil {
		return nil, models.Unavailable("coupon.Remaining", err)
	}
	return out, nil
}

// beginWrite starts an operation that decides and writes users' coupons:
// its reads go to primaries (consistency.Primary), it is admitted by the
// shards' write gate (call done when it ends), and it sees the wallets one
// way throughout (Wallets.Begin).
func (s *Service) beginWrite(ctx context.Context) (_ context.Context, w Wallets, done func(), err error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	if done, err = s.store.BeginWrite(ctx); err != nil {
		return ctx, nil, nil, err
	}
	return ctx, s.wallets.Begin(), done, nil
}

// primary is the meta database's primary, for reads that must see this
// instance's own writes.
func (s *Service) primary(ctx context.Context) *gorm.DB {
	return store.OnPrimary(ctx, s.store.Meta)
}
