package legacy

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

// DualWallets is where the engine keeps users' coupons during a migration
// (coupon.Wallets): coupond's shards (the ShardWallets it wraps) and, for
// the user coupons of migrated coupons (those copied from the monolith),
// the monolith's user coupon table too, as the mode says:
//
//	mode                 written first   then          read from
//	LEGACY_ONLY          legacy          -             legacy
//	DUAL_WRITE           legacy          coupond       legacy
//	DUAL_WRITE_NEW_READ  coupond         legacy        coupond
//	NEW_ONLY             coupond         -             coupond
//
// The rules (windows, limits, pricing, idempotency, locks) stay the
// engine's. A row of the monolith's table is handed to the engine as reads
// show it in these modes: ID 0, LegacyID set (its public id is the legacy
// one). The write of the second side never fails the caller: one that
// fails goes to the repair log (see Migrator.MirrorToCoupond,
// MirrorToLegacy, StockDrift). A unit of stock is issued only when every
// side written takes it, so that two instances that disagree on the mode
// for the second it takes them to see a change never issue more than
// either side holds.
//
// The mode is read once per operation: Begin returns the wallets with the
// mode of that moment; the methods of a DualWallets not from Begin read it
// on every call.
type DualWallets struct {
	*coupon.ShardWallets
	mg      *Migrator
	coupons Coupons
	rdb     redis.UniversalClient
	prefix  string
	mode    models.MigrationMode // fixed by Begin; "": read on every call
	views   map[models.MigrationMode]*DualWallets
}

var _ coupon.Wallets = (*DualWallets)(nil)

// Coupons reads coupons through the engine's cache (*coupon.Service).
type Coupons interface {
	Get(ctx context.Context, id string) (*models.Coupon, error)
}

// WalletOptions configure DualWallets.
type WalletOptions struct {
	// Redis remembers, in LEGACY_ONLY, which row of the monolith's table a
	// claim wrote, for its retries (no coupond row carries the request
	// id); nil: a retry then finds nothing and claims again.
	Redis     redis.UniversalClient
	KeyPrefix string // starts the Redis keys, as the engine's do
}

// NewDualWallets returns the wallets of engine (coupons read through it)
// while mg migrates from the monolith; give them to it with
// engine.SetWallets.
func NewDualWallets(mg *Migrator, engine *coupon.Service, o WalletOptions) *DualWallets {
	d := &DualWallets{ShardWallets: engine.Shards(), mg: mg, coupons: engine, rdb: o.Redis, prefix: o.KeyPrefix,
		views: map[models.MigrationMode]*DualWallets{}}
	for _, m := range models.MigrationModes {
		v := *d
		v.mode, v.views = m, nil
		d.views[m] = &v
	}
	return d
}

// Begin returns the wallets with the migration mode as it is now.
func (d *DualWallets) Begin() coupon.Wallets {
	if d.mode != "" {
		return d
	}
	if v := d.views[d.mg.Mode()]; v != nil {
		return v
	}
	return d
}

func (d *DualWallets) modeNow() models.MigrationMode {
	if d.mode != "" {
		return d.mode
	}
	return d.mg.Mode()
}

// sides tells how a write to a coupon's user coupons goes.
type sides struct {
	legacyFirst bool // the monolith's table is written first (and read)
	legacy      bool // the monolith's table is written at all
	coupond     bool // coupond is written at all
}

// sidesOf is how c's user coupons are written in the mode.
func (d *DualWallets) sidesOf(c *models.Coupon) sides {
	if c.LegacyID == nil {
		return sides{coupond: true}
	}
	return modeSides(d.modeNow())
}

func modeSides(m models.MigrationMode) sides {
	switch m {
	case models.ModeLegacyOnly:
		return sides{legacyFirst: true, legacy: true}
	case models.ModeDualWrite:
		return sides{legacyFirst: true, legacy: true, coupond: true}
	case models.ModeDualWriteNewRead:
		return sides{legacy: true, coupond: true}
	default:
		return sides{coupond: true}
	}
}

// sidesOfID is sidesOf a coupon known by id (from the cache, or, when it
// cannot be read, the template map as this instance last read it).
func (d *DualWallets) sidesOfID(ctx context.Context, couponID uint64) sides {
	c, err := d.coupons.Get(ctx, coupon.IDString(couponID))
	if err != nil {
		if d.mg.Migrated(couponID) {
			return modeSides(d.modeNow())
		}
		return sides{coupond: true}
	}
	return d.sidesOf(c)
}

// migrated reports whether a coupon was copied from the monolith.
func (d *DualWallets) migrated(ctx context.Context, couponID uint64) bool {
	if c, err := d.coupons.Get(ctx, coupon.IDString(couponID)); err == nil {
		return c.LegacyID != nil
	}
	return d.mg.Migrated(couponID)
}

// readsLegacy reports whether users' coupons of migrated coupons are read
// from the monolith's table: a mode that reads it, and a coupon migrated.
func (d *DualWallets) readsLegacy() bool {
	return d.modeNow().LegacyPrimary() && len(d.mg.migrated.Load().toLegacy) > 0
}

// monolithRow reports whether uc was read from the monolith's table.
func monolithRow(uc *models.UserCoupon) bool { return uc.ID == 0 && uc.LegacyID != nil }

// SeqFromOne is false for a migrated coupon: its copied rows number their
// seq below zero.
func (d *DualWallets) SeqFromOne(c *models.Coupon) bool {
	return c.LegacyID == nil && d.ShardWallets.SeqFromOne(c)
}

// ClaimApart is true for a batch that names a migrated coupon while the
// monolith's table is still written (any mode but NEW_ONLY): each such
// claim needs its own sides.
func (d *DualWallets) ClaimApart(ctx context.Context, couponIDs []uint64) bool {
	if d.modeNow() == models.ModeNewOnly {
		return false
	}
	for _, id := range couponIDs {
		if d.migrated(ctx, id) {
			return true
		}
	}
	return false
}

// Held reads, for a coupon whose monolith's table is written first, an
// earlier success of the request (see Replay) and else the user's count in
// that table; otherwise coupond's. A batch never names such a coupon (see
// ClaimApart).
func (d *DualWallets) Held(ctx context.Context, userID string, coupons []*models.Coupon, requestIDs []string) (map[uint64]int, bool, error) {
	if len(coupons) != 1 || len(requestIDs) != 1 || coupons[0] == nil || !d.sidesOf(coupons[0]).legacyFirst {
		return d.ShardWallets.Held(ctx, userID, coupons, requestIDs)
	}
	c := coupons[0]
	uc, err := d.replayLegacy(ctx, userID, requestIDs[0])
	if err != nil || uc != nil {
		return nil, uc != nil, err
	}
	n, err := d.mg.Count(ctx, userID, c.ID)
	if err != nil {
		return nil, false, err
	}
	return map[uint64]int{c.ID: n}, false, nil
}

// Replay returns an earlier success of the request: while the monolith's
// table is written first, as that table's row.
func (d *DualWallets) Replay(ctx context.Context, c *models.Coupon, userID, requestID string) (*models.UserCoupon, error) {
	if d.sidesOf(c).legacyFirst {
		return d.replayLegacy(ctx, userID, requestID)
	}
	return d.ShardWallets.Replay(ctx, c, userID, requestID)
}

// replayLegacy finds an earlier success of (user, requestId) while the
// monolith's table is written first, and returns it as that table's row:
// the coupond twin carries the request id (DUAL_WRITE); in LEGACY_ONLY only
// the Redis mark remembers it.
func (d *DualWallets) replayLegacy(ctx context.Context, userID, requestID string) (*models.UserCoupon, error) {
	twin, err := d.ShardWallets.FindRequest(ctx, userID, requestID)
	if err != nil {
		return nil, err
	}
	if twin != nil {
		if twin.LegacyID == nil {
			return twin, nil
		}
		return d.legacyView(ctx, twin)
	}
	legacyID, ok := d.claimMark(ctx, userID, requestID)
	if !ok {
		return nil, nil
	}
	uc, err := d.mg.Get(ctx, userID, legacyID)
	if err != nil {
		return nil, models.Unavailable("coupon.Claim", err)
	}
	uc.RequestID = requestID
	return uc, nil
}

// legacyView reads a coupond twin's row in the monolith's table, with the
// twin's request id.
func (d *DualWallets) legacyView(ctx context.Context, twin *models.UserCoupon) (*models.UserCoupon, error) {
	uc, err := d.mg.Get(ctx, twin.UserID, *twin.LegacyID)
	if err != nil {
		if models.ErrorCode(err) == models.CodeNotFound {
			return twin, nil
		}
		return nil, models.Unavailable("coupon.legacyView", err)
	}
	uc.RequestID = twin.RequestID
	return uc, nil
}

// Insert writes a claim's row to the side written first, then hands it to
// the other. Written to the monolith's table first, the row comes back as
// that table's (ID 0), and a mark remembers it for retries. A batch's rows
// (more than one) are coupond's alone: ClaimApart keeps migrated coupons
// out of batches while the monolith's table is written.
func (d *DualWallets) Insert(ctx context.Context, ucs []*models.UserCoupon) error {
	if len(ucs) != 1 || d.modeNow() == models.ModeNewOnly {
		return d.ShardWallets.Insert(ctx, ucs)
	}
	uc := ucs[0]
	sd := d.sidesOfID(ctx, uc.CouponID)
	if !sd.legacyFirst {
		if err := d.ShardWallets.Insert(ctx, ucs); err != nil || !sd.legacy {
			return err
		}
		d.mg.MirrorToLegacy(context.WithoutCancel(ctx), ucs)
		return nil
	}
	if err := d.mg.Insert(ctx, ucs); err != nil {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	d.markClaim(ctx, uc.UserID, uc.RequestID, *uc.LegacyID)
	if sd.coupond {
		d.mg.MirrorToCoupond(ctx, uc, &models.CouponEvent{Kind: models.EventIssued, Channel: uc.Channel, At: uc.IssuedAt})
	}
	uc.ID = 0 // the monolith's row, as reads show it in this mode
	return nil
}

// claimKey remembers (user, requestId) -> the monolith's row, for retries
// in LEGACY_ONLY (where no coupond twin carries the request id).
func (d *DualWallets) claimKey(userID, requestID string) string {
	return d.prefix + "claimed-legacy:{" + userID + "}:" + requestID
}

func (d *DualWallets) markClaim(ctx context.Context, userID, requestID string, legacyID int64) {
	if d.rdb != nil {
		_ = d.rdb.Set(ctx, d.claimKey(userID, requestID), "L"+strconv.FormatInt(legacyID, 10), coupon.ClaimedMarkTTL).Err()
	}
}

func (d *DualWallets) claimMark(ctx context.Context, userID, requestID string) (int64, bool) {
	if d.rdb == nil {
		return 0, false
	}
	v, err := d.rdb.Get(ctx, d.claimKey(userID, requestID)).Result()
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(v, "L"), 10, 64)
	return n, err == nil && strings.HasPrefix(v, "L")
}

// TakeOne takes one unit of c's stock on every side written: the
// monolith's (when it is written) and coupond's slots (when coupond is). A
// side that answers "none left" refuses the claim (the other side's unit
// goes back); a second side that fails is recorded for the repairer and
// does not stop the claim. The unit holds no coupond slot when no coupond
// unit was taken.
func (d *DualWallets) TakeOne(ctx context.Context, c *models.Coupon) (coupon.Unit, error) {
	sd := d.sidesOf(c)
	switch {
	case !sd.legacy:
		return d.ShardWallets.TakeOne(ctx, c)
	case sd.legacyFirst:
		return d.takeLegacyFirst(ctx, c, sd)
	}
	u, err := d.ShardWallets.TakeOne(ctx, c)
	if err != nil {
		return u, err
	}
	got, lerr := d.mg.TakeStock(ctx, c.ID, 1)
	switch {
	case lerr != nil:
		d.mg.StockDrift(ctx, c.ID, true, lerr)
	case got == 0:
		d.ShardWallets.GiveBack(ctx, c, u, time.Now(), nil)
		return coupon.Unit{}, outOfStock(c)
	}
	return u, nil
}

// takeLegacyFirst is TakeOne with the monolith's table written first.
func (d *DualWallets) takeLegacyFirst(ctx context.Context, c *models.Coupon, sd sides) (coupon.Unit, error) {
	got, err := d.mg.TakeStock(ctx, c.ID, 1)
	if err != nil {
		return coupon.Unit{}, models.Unavailable("coupon.takeStock", err)
	}
	if got == 0 {
		d.ShardWallets.MarkSoldOut(c)
		return coupon.Unit{}, outOfStock(c)
	}
	if !sd.coupond {
		return coupon.Unit{}, nil
	}
	u, err := d.ShardWallets.TakeOne(ctx, c)
	switch {
	case models.ErrorCode(err) == models.CodeOutOfStock:
		_ = d.mg.GiveBack(context.WithoutCancel(ctx), c.ID, 1)
		return coupon.Unit{}, err
	case err != nil:
		d.mg.StockDrift(ctx, c.ID, false, err)
		return coupon.Unit{}, nil
	}
	return u, nil
}

func outOfStock(c *models.Coupon) error {
	return models.Errorf(models.CodeOutOfStock, "coupon %d is out of stock", c.ID)
}

// GiveBack returns what TakeOne took, for a claim whose row could not be
// written. The monolith's unit goes back whenever the row is known not to
// be written (no reconciler counts that side's); coupond's, written first,
// as the ShardWallets' does, and written second, at once.
func (d *DualWallets) GiveBack(ctx context.Context, c *models.Coupon, u coupon.Unit, takenAt time.Time, cause error) {
	sd := d.sidesOf(c)
	switch {
	case !sd.legacy:
		d.ShardWallets.GiveBack(ctx, c, u, takenAt, cause)
	case sd.legacyFirst:
		ctx = context.WithoutCancel(ctx)
		if err := d.mg.GiveBack(ctx, c.ID, 1); err != nil {
			d.mg.StockDrift(ctx, c.ID, true, err)
		}
		d.ShardWallets.GiveBack(ctx, c, u, time.Now(), nil)
	default:
		d.ShardWallets.GiveBack(ctx, c, u, takenAt, cause)
		if errors.Is(cause, coupon.ErrUnknownOutcome) {
			return
		}
		if err := d.mg.GiveBack(context.WithoutCancel(ctx), c.ID, 1); err != nil {
			d.mg.StockDrift(ctx, c.ID, true, err)
		}
	}
}

// TakeUnits takes up to n units of c's stock on every side written and
// returns how many every side gave (the excess of one side goes back). A
// second side that fails is recorded for the repairer.
func (d *DualWallets) TakeUnits(ctx context.Context, c *models.Coupon, n int64) (int64, error) {
	sd := d.sidesOf(c)
	got, err := d.ShardWallets.TakeUnits(ctx, c, n)
	if err != nil || got == 0 || !sd.legacy {
		return got, err
	}
	lgot, err := d.mg.TakeStock(ctx, c.ID, got)
	switch {
	case err != nil && sd.legacyFirst:
		d.ShardWallets.GiveUnits(ctx, c, got)
		return 0, models.Unavailable("coupon.takeUnits", err)
	case err != nil:
		d.mg.StockDrift(ctx, c.ID, true, err)
		return got, nil
	case lgot < got:
		d.ShardWallets.GiveUnits(ctx, c, got-lgot)
	}
	return lgot, nil
}

// GiveUnits returns units TakeUnits took, on every side written.
func (d *DualWallets) GiveUnits(ctx context.Context, c *models.Coupon, n int64) {
	d.ShardWallets.GiveUnits(ctx, c, n)
	if d.sidesOf(c).legacy {
		if err := d.mg.GiveBack(context.WithoutCancel(ctx), c.ID, n); err != nil {
			d.mg.StockDrift(ctx, c.ID, true, err)
		}
	}
}

// ErrLegacyOnly refuses targeted issuance of a migrated coupon while the
// monolith's table alone is written (LEGACY_ONLY): a job's replays are made
// safe by coupond's unique keys, which that table lacks.
var ErrLegacyOnly = models.Errorf(models.CodeInactive, "the coupon's user coupons are written to the monolith's table only (migration mode LEGACY_ONLY): move the migration to DUAL_WRITE, then resume the job")

// Bulk refuses a migrated coupon in LEGACY_ONLY (ErrLegacyOnly); while the
// monolith's table is written, the rows a job holds for its users are
// handed to it when the batch ends, whatever happened.
func (d *DualWallets) Bulk(ctx context.Context, c *models.Coupon) (func(context.Context, []*models.UserCoupon), error) {
	sd := d.sidesOf(c)
	if sd.legacyFirst && !sd.coupond {
		return nil, ErrLegacyOnly
	}
	if !sd.legacy {
		return d.ShardWallets.Bulk(ctx, c)
	}
	return func(ctx context.Context, refs []*models.UserCoupon) { d.mg.MirrorToLegacy(ctx, refs) }, nil
}

// Reconcilable drops the migrated coupons while the monolith's table is
// still written: until the copy is complete, coupond's rows of such a
// coupon fall short of what was issued, and a leak computed from them would
// hand out stock that is not there. Their stock is kept right by the
// migration's verify and repair instead.
func (d *DualWallets) Reconcilable(ctx context.Context, ids []uint64) []uint64 {
	if d.modeNow() == models.ModeNewOnly {
		return ids
	}
	out := ids[:0:0]
	for _, id := range ids {
		if !d.migrated(ctx, id) {
			out = append(out, id)
		}
	}
	return out
}
