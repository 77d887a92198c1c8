package coupon

import (
	"context"
	"time"

	"github.com/coupond/coupond/models"
)

// Legacy is the monolith's coupon tables during a migration to coupond
// (internal/legacy implements it). The engine asks it, for every write of a
// user coupon of a migrated coupon (one copied from the monolith), which
// side to write first, and hands it the writes of the other side:
//
//	mode                 written first   then          read from
//	LEGACY_ONLY          legacy          -             legacy
//	DUAL_WRITE           legacy          coupond       legacy
//	DUAL_WRITE_NEW_READ  coupond         legacy        coupond
//	NEW_ONLY             coupond         -             coupond
//
// The rules (windows, limits, pricing, idempotency, locks) stay the
// engine's; Legacy only stores. A unit of stock is issued only when every
// side written takes it, so that two instances that disagree on the mode for
// the second it takes them to see a change never issue more than either
// side holds.
type Legacy interface {
	// Mode is the migration mode, as this instance last read it.
	Mode() models.MigrationMode
	// Migrated reports whether a coupond coupon was copied from the
	// monolith (only those are written there).
	Migrated(couponID uint64) bool
	// Reads reports whether users' coupons of migrated coupons are read
	// from the monolith's table now (a mode that reads it, and a coupon
	// migrated).
	Reads() bool

	// Count is how many of a coupon a user holds in the monolith's table.
	Count(ctx context.Context, userID string, couponID uint64) (int, error)
	// TakeStock takes up to n units of a coupon's stock in the monolith's
	// table and returns how many it took (0: none left). A monolith whose
	// mapping has no remaining column gives every unit asked for.
	TakeStock(ctx context.Context, couponID uint64, n int64) (int64, error)
	// GiveBack returns units taken by TakeStock.
	GiveBack(ctx context.Context, couponID uint64, n int64) error
	// Insert writes user coupons (rules as issued, Seq ignored) into the
	// monolith's table and sets their LegacyID.
	Insert(ctx context.Context, ucs []*models.UserCoupon) error
	// Get reads a row of the monolith's table as a user coupon (ID 0,
	// LegacyID set). Returns NOT_FOUND.
	Get(ctx context.Context, userID string, legacyID int64) (*models.UserCoupon, error)
	// ByOrder reads the user's row that order holds (LOCKED or USED), or
	// nil.
	ByOrder(ctx context.Context, userID, orderID string) (*models.UserCoupon, error)
	// Move changes a row's status when cond holds: to, with the order (nil
	// clears it) and the use time. ok is false when cond no longer held.
	// Returns NOT_USABLE when the monolith's mapping has no value for to.
	Move(ctx context.Context, uc *models.UserCoupon, cond LegacyCond, to models.UserCouponStatus, orderID *string, usedAt *time.Time) (ok bool, err error)
	// List reads every row of a user in the monolith's table.
	List(ctx context.Context, userID string) ([]models.UserCoupon, error)

	// The writes of the second side. They never fail the caller: a write
	// that fails is recorded in the repair log and retried until it holds.

	// MirrorToCoupond brings the coupond twin of a row of the monolith's
	// table (uc: LegacyID set) to the row's state as the monolith holds it
	// now, creating the twin (with uc's RequestID and Channel) when there
	// is none. Of uc it also keeps what the monolith's table has no column
	// for: HoldUntil, LastOrderID, DiscountApplied. event, when not nil, is
	// written with the change, if it changed anything.
	MirrorToCoupond(ctx context.Context, uc *models.UserCoupon, event *models.CouponEvent)
	// MirrorToLegacy brings the monolith's twins of coupond rows to their
	// state, creating the rows the monolith lacks and linking them
	// (LegacyID).
	MirrorToLegacy(ctx context.Context, ucs []*models.UserCoupon)
	// StockDrift records that the second side's stock of a coupon could not
	// follow the first's (an error), for the repairer to set right.
	StockDrift(ctx context.Context, couponID uint64, toLegacy bool, cause error)
}

// LegacyCond is the condition of a Legacy.Move: the row's status is one of
// Statuses, or it is Status and held by Order.
type LegacyCond struct {
	Statuses []models.UserCouponStatus
	Status   models.UserCouponStatus
	Order    string
}

// SetLegacy connects the engine to a migration from a monolith. Without
// it, every coupon lives in coupond alone.
func (s *Service) SetLegacy(l Legacy) { s.legacy = l }

// sides tells how a write to coupon c's user coupons goes now.
type sides struct {
	legacyFirst bool // the monolith's table is written first (and read)
	legacy      bool // the monolith's table is written at all
	coupond     bool // coupond is written at all
}

func (s *Service) sidesOf(c *models.Coupon) sides {
	if s.legacy == nil || c.LegacyID == nil {
		return sides{coupond: true}
	}
	switch s.legacy.Mode() {
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

// sidesOfID is sidesOf a coupon known by id (from the cache).
func (s *Service) sidesOfID(ctx context.Context, couponID uint64) sides {
	if s.legacy == nil {
		return sides{coupond: true}
	}
	c, err := s.Get(ctx, idStr(couponID))
	if err != nil {
		// The template map says as much, as this instance last read it.
		if s.legacy.Migrated(couponID) {
			id := int64(0)
			return s.sidesOf(&models.Coupon{LegacyID: &id})
		}
		return sides{coupond: true}
	}
	return s.sidesOf(c)
}

// migrated reports whether a coupon was copied from the monolith.
func (s *Service) migrated(ctx context.Context, couponID uint64) bool {
	if s.legacy == nil {
		return false
	}
	if c, err := s.Get(ctx, idStr(couponID)); err == nil {
		return c.LegacyID != nil
	}
	return s.legacy.Migrated(couponID)
}

// readsLegacy reports whether a user's coupons of migrated coupons are read
// from the monolith's table now.
func (s *Service) readsLegacy() bool {
	return s.legacy != nil && s.legacy.Reads()
}
