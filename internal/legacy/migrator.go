// Package legacy migrates a mall from the coupon tables of its monolith to
// coupond without stopping the shop: the static copy of the coupon
// templates and their stock, the migration modes that every instance
// follows for the user coupons of the copied ("migrated") coupons
// (LEGACY_ONLY, DUAL_WRITE, DUAL_WRITE_NEW_READ, NEW_ONLY), the writes to
// the monolith's tables that the engine hands it, the repair log of the
// writes to the second side that failed, the dynamic copy of the user
// coupons, verify and repair, and the cut-over rules. The monolith's table
// and column names and values come from a Mapping (configuration).
package legacy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/loop"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Migrator is one instance's view of a migration: the mode and the
// migrated coupons (watched in the meta database), and, when this instance
// was given the monolith's database, its tables through the mapping.
// DualWallets gives the engine its ways through it.
type Migrator struct {
	st     *store.Store
	legacy *gorm.DB // nil: this instance has no legacy database
	ld     store.Dialect
	m      *Mapping
	now    func() time.Time
	owner  string
	fail   func(direction string) error

	state    atomic.Pointer[models.MigrationState]
	migrated atomic.Pointer[couponMap]

	mu      sync.Mutex
	coupons map[int64]*models.Coupon // legacy template id -> coupond coupon
	cnt     *legacyCounts            // Status's last reading of the monolith's sizes
}

// couponMap is the template map both ways, as last read.
type couponMap struct {
	toLegacy map[uint64]int64
	toCoupon map[int64]uint64
	n        int64
}

// Options configure a Migrator.
type Options struct {
	Mapping *Mapping         // nil: DefaultMapping
	Now     func() time.Time // nil: time.Now
	Owner   string           // this instance, in task leases
	// FailMirror, when set, runs before every write of the second side; an
	// error fails that write (it goes to the repair log). It exists to
	// inject faults in tests.
	FailMirror func(direction string) error
}

// New returns a Migrator for st. legacy is the monolith's database (its
// primary: the dual-write modes write it), or nil on an instance that has
// none: it then knows the mode and the migrated coupons, and answers the
// engine's writes of migrated coupons with UNAVAILABLE while the monolith's
// table is written. Call Load before use, and Watch to follow changes.
func New(st *store.Store, legacy *gorm.DB, o Options) (*Migrator, error) {
	if st == nil {
		return nil, errors.New("legacy: a store is required")
	}
	m := o.Mapping
	if m == nil {
		m = DefaultMapping()
	} else if err := m.Validate(); err != nil {
		return nil, err
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	mg := &Migrator{st: st, legacy: legacy, m: m, now: func() time.Time { return o.Now().UTC() }, owner: o.Owner, fail: o.FailMirror}
	if legacy != nil {
		mg.ld = dialectOf(legacy)
	}
	mg.state.Store(&models.MigrationState{ID: 1, Mode: models.ModeLegacyOnly})
	mg.migrated.Store(&couponMap{toLegacy: map[uint64]int64{}, toCoupon: map[int64]uint64{}})
	return mg, nil
}

// injected is the test fault of a second-side write, if any.
func (mg *Migrator) injected(direction string) error {
	if mg.fail == nil {
		return nil
	}
	return mg.fail(direction)
}

// Mapping returns the mapping the migrator reads the legacy tables with.
func (mg *Migrator) Mapping() *Mapping { return mg.m }

// Configured reports whether this instance has the monolith's database.
func (mg *Migrator) Configured() bool { return mg.legacy != nil }

var errUnconfigured = models.Errorf(models.CodeUnavailable,
	"this instance has no legacy database (COUPOND_LEGACY_DSN) and the migration mode writes the monolith's tables")

func (mg *Migrator) meta(ctx context.Context) *gorm.DB {
	return store.OnPrimary(ctx, mg.st.Meta)
}

func (mg *Migrator) ldb(ctx context.Context) (*gorm.DB, error) {
	if mg.legacy == nil {
		return nil, errUnconfigured
	}
	return mg.legacy.WithContext(ctx), nil
}

// Load reads the mode and the template map now.
func (mg *Migrator) Load(ctx context.Context) error {
	var states []models.MigrationState
	if err := mg.meta(ctx).Where("id = 1").Limit(1).Find(&states).Error; err != nil {
		return fmt.Errorf("legacy: read the mode: %w", err)
	}
	if len(states) == 1 {
		mg.state.Store(&states[0])
	}
	var probe struct {
		N int64
		M *uint64
	}
	if err := mg.meta(ctx).Model(&models.MigrationCouponMap{}).Select("COUNT(*) AS n, MAX(coupon_id) AS m").Scan(&probe).Error; err != nil {
		return fmt.Errorf("legacy: read the template map: %w", err)
	}
	if cur := mg.migrated.Load(); cur.n == probe.N && probe.N > 0 {
		return nil
	}
	mapped, err := mg.couponMap(ctx)
	if err != nil {
		return err
	}
	next := &couponMap{toLegacy: make(map[uint64]int64, len(mapped)), toCoupon: mapped, n: int64(len(mapped))}
	for l, c := range mapped {
		next.toLegacy[c] = l
	}
	mg.migrated.Store(next)
	return nil
}

// WatchInterval is how often every instance reads the mode: a change is
// followed everywhere within it (plus a read's time).
const WatchInterval = 500 * time.Millisecond

// Watch reads the mode and the template map every WatchInterval until ctx
// ends.
func (mg *Migrator) Watch(ctx context.Context) {
	loop.Every(ctx, WatchInterval, func(ctx context.Context) {
		if err := mg.Load(ctx); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "migration mode", "err", err)
		}
	})
}

// Mode is the migration mode, as last read.
func (mg *Migrator) Mode() models.MigrationMode { return mg.state.Load().Mode }

// State is the mode's row, as last read.
func (mg *Migrator) State() models.MigrationState { return *mg.state.Load() }

// Migrated reports whether a coupond coupon was copied from the monolith.
func (mg *Migrator) Migrated(couponID uint64) bool {
	_, ok := mg.migrated.Load().toLegacy[couponID]
	return ok
}

// Reads reports whether users' coupons of migrated coupons are read from
// the monolith's table now.
func (mg *Migrator) Reads() bool {
	return mg.Mode().LegacyPrimary() && len(mg.migrated.Load().toLegacy) > 0
}

// templateOf is the legacy template of a migrated coupon.
func (mg *Migrator) templateOf(couponID uint64) (int64, error) {
	if l, ok := mg.migrated.Load().toLegacy[couponID]; ok {
		return l, nil
	}
	// Copied since this instance last read the map.
	if err := mg.Load(context.Background()); err != nil {
		return 0, err
	}
	if l, ok := mg.migrated.Load().toLegacy[couponID]; ok {
		return l, nil
	}
	return 0, fmt.Errorf("legacy: coupon %d was not copied from the monolith", couponID)
}

// couponMap returns the template map of the meta database.
func (mg *Migrator) couponMap(ctx context.Context) (map[int64]uint64, error) {
	var rows []models.MigrationCouponMap
	if err := mg.meta(ctx).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("legacy: read the template map: %w", err)
	}
	out := make(map[int64]uint64, len(rows))
	for _, r := range rows {
		out[r.LegacyID] = r.CouponID
	}
	return out, nil
}

func (mg *Migrator) dropCouponCache() {
	mg.mu.Lock()
	mg.coupons = nil
	mg.mu.Unlock()
}

// templates returns the coupond coupons of the legacy templates ids,
// copying the templates not copied yet (a template made in the monolith
// after the static copy).
func (mg *Migrator) templates(ctx context.Context, ids map[int64]bool) (map[int64]*models.Coupon, error) {
	mg.mu.Lock()
	cached := mg.coupons
	mg.mu.Unlock()
	missing := func(c map[int64]*models.Coupon) []int64 {
		var out []int64
		for id := range ids {
			if _, ok := c[id]; !ok {
				out = append(out, id)
			}
		}
		return out
	}
	if cached != nil && len(missing(cached)) == 0 {
		return cached, nil
	}
	load := func() (map[int64]*models.Coupon, error) {
		mapped, err := mg.couponMap(ctx)
		if err != nil {
			return nil, err
		}
		byID := make(map[uint64]int64, len(mapped))
		cids := make([]uint64, 0, len(mapped))
		for l, c := range mapped {
			byID[c] = l
			cids = append(cids, c)
		}
		out := make(map[int64]*models.Coupon, len(mapped))
		if len(cids) == 0 {
			return out, nil
		}
		var cs []*models.Coupon
		if err := mg.meta(ctx).Where("id IN ?", cids).Find(&cs).Error; err != nil {
			return nil, fmt.Errorf("legacy: read the copied coupons: %w", err)
		}
		for _, c := range cs {
			out[byID[c.ID]] = c
		}
		return out, nil
	}
	c, err := load()
	if err != nil {
		return nil, err
	}
	if miss := missing(c); len(miss) > 0 {
		if _, err := mg.static(ctx, miss); err != nil {
			return nil, err
		}
		if c, err = load(); err != nil {
			return nil, err
		}
		if miss := missing(c); len(miss) > 0 {
			return nil, fmt.Errorf("legacy: legacy template %d is not in %s", miss[0], mg.m.Coupons.Table)
		}
	}
	mg.mu.Lock()
	mg.coupons = c
	mg.mu.Unlock()
	return c, nil
}

// RequestID is the request id of the coupond row copied from legacy user
// coupon legacyID (a row the monolith issued, with no request of coupond's).
func RequestID(legacyID int64) string { return requestPrefix + strconv.FormatInt(legacyID, 10) }

const requestPrefix = "legacy:"

// Close closes the monolith's database.
func (mg *Migrator) Close() {
	if mg.legacy != nil {
		if db, err := mg.legacy.DB(); err == nil {
			_ = db.Close()
		}
	}
}
