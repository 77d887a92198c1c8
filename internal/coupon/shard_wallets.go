package coupon

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// ShardWallets is coupond's own keeping of users' coupons: the sharded
// user coupon tables with their outbox, and the stock slots they are issued
// from (stock.go). It is the engine's default Wallets; its statements are
// in usercoupon_sql.go, usercoupon_insert.go and stock_sql.go, and claims
// in flight share their round trips (shared_trips.go).
type ShardWallets struct {
	store      *store.Store
	now        func() time.Time
	soldOutTTL time.Duration
	hints      stockHints
	trips      sharedTrips
}

var _ Wallets = (*ShardWallets)(nil)

func newShardWallets(st *store.Store, now func() time.Time, soldOutTTL time.Duration) *ShardWallets {
	sw := &ShardWallets{store: st, now: now, soldOutTTL: soldOutTTL, hints: stockHints{m: map[uint64]*hint{}}}
	sw.shareTrips()
	return sw
}

// Begin returns sw: it always keeps coupons the same way.
func (sw *ShardWallets) Begin() Wallets { return sw }

// primary is the shard database of userID, bound to ctx and sent to its
// primary, and the user's tables.
func (sw *ShardWallets) primary(ctx context.Context, userID string) (*gorm.DB, string) {
	db, route := sw.store.Shard(userID)
	return store.OnPrimary(ctx, db), route.UserCouponTable()
}

// SeqFromOne holds for every coupon: coupond numbers a user's coupons of
// one coupon from 1.
func (sw *ShardWallets) SeqFromOne(*models.Coupon) bool { return true }

// ClaimApart is false: any batch is one insert.
func (sw *ShardWallets) ClaimApart(context.Context, []uint64) bool { return false }

// Held reads the counts and the replay in one query (see heldCounts).
func (sw *ShardWallets) Held(ctx context.Context, userID string, coupons []*models.Coupon, requestIDs []string) (map[uint64]int, bool, error) {
	db, route := sw.store.Shard(userID)
	return heldCounts(ctx, db, route.UserCouponTable(), userID, coupons, requestIDs)
}

// Replay is FindRequest.
func (sw *ShardWallets) Replay(ctx context.Context, _ *models.Coupon, userID, requestID string) (*models.UserCoupon, error) {
	return sw.FindRequest(ctx, userID, requestID)
}

// FindRequest returns the user coupon a request issued, from the primary.
func (sw *ShardWallets) FindRequest(ctx context.Context, userID, requestID string) (*models.UserCoupon, error) {
	db, table := sw.primary(ctx, userID)
	uc, err := findRequest(db, table, userID, requestID)
	if err != nil {
		return nil, models.Unavailable("coupon.findRequest", err)
	}
	return uc, nil
}

// FindRequests returns the user coupons any of requestIDs issued.
func (sw *ShardWallets) FindRequests(ctx context.Context, userID string, requestIDs []string) ([]models.UserCoupon, error) {
	db, table := sw.primary(ctx, userID)
	return findRequests(db, table, userID, requestIDs)
}

// Bulk admits every bulk write and wants no word of its end.
func (sw *ShardWallets) Bulk(context.Context, *models.Coupon) (func(context.Context, []*models.UserCoupon), error) {
	return func(context.Context, []*models.UserCoupon) {}, nil
}

// Find reads a coupond user coupon ("uc_" id) of the user.
func (sw *ShardWallets) Find(ctx context.Context, userID, publicID string, field []string) (*models.UserCoupon, error) {
	id, err := ownedID(userID, publicID, field)
	if err != nil {
		return nil, err
	}
	db, table := sw.primary(ctx, userID)
	uc, err := findByID(db, table, userID, id)
	return one(uc, err, "coupon.row", models.Errorf(models.CodeNotFound, "user coupon not found"))
}

// ownedID is the row id of a coupond public id of userID's; NOT_FOUND
// (about field) for an id that is not one, or not the user's.
func ownedID(userID, publicID string, field []string) (uint64, error) {
	owner, id, err := models.ParseUserCouponID(publicID)
	if err != nil || owner != userID {
		return 0, notFoundFor(publicID, field)
	}
	return id, nil
}

func notFoundFor(publicID string, field []string) error {
	return models.FieldError(models.CodeNotFound, field, "user coupon %q not found for this user", publicID)
}

// FindAll reads several of a user's coupons in one query on the primary.
func (sw *ShardWallets) FindAll(ctx context.Context, userID string, publicIDs []string, field []string) ([]*models.UserCoupon, error) {
	ids := make([]uint64, len(publicIDs))
	for i, p := range publicIDs {
		id, err := ownedID(userID, p, at(field, i))
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	db, table := sw.primary(ctx, userID)
	rows, err := findUserCoupons(db, table, "user_id = ? AND id IN ?", "", userID, ids)
	if err != nil {
		return nil, models.Unavailable("coupon.rows", err)
	}
	out := make([]*models.UserCoupon, len(ids))
	for i, id := range ids {
		for k := range rows {
			if rows[k].ID == id {
				out[i] = &rows[k]
			}
		}
		if out[i] == nil {
			return nil, notFoundFor(publicIDs[i], at(field, i))
		}
	}
	return out, nil
}

// ByOrder reads the user's coupons an order holds or last held.
func (sw *ShardWallets) ByOrder(ctx context.Context, userID, orderID string) ([]*models.UserCoupon, error) {
	db, table := sw.primary(ctx, userID)
	ucs, err := findByOrder(db, table, userID, orderID)
	switch {
	case err != nil:
		return nil, models.Unavailable("coupon.orderRows", err)
	case len(ucs) == 0:
		return nil, models.FieldError(models.CodeNotFound, []string{"input", "orderId"}, "no coupon of this user is on order %q", orderID)
	}
	return ucs, nil
}

// one is the outcome of a read of one row: UNAVAILABLE (op) on err,
// notFound when there is none.
func one(uc *models.UserCoupon, err error, op string, notFound error) (*models.UserCoupon, error) {
	switch {
	case err != nil:
		return nil, models.Unavailable(op, err)
	case uc == nil:
		return nil, notFound
	}
	return uc, nil
}

// Move makes the change and writes its event in one shard transaction.
func (sw *ShardWallets) Move(ctx context.Context, uc *models.UserCoupon, m Move) (bool, error) {
	return sw.MoveAll(ctx, []*models.UserCoupon{uc}, []Move{m})
}

// MoveAll makes the changes in one transaction on the user's shard.
func (sw *ShardWallets) MoveAll(ctx context.Context, ucs []*models.UserCoupon, ms []Move) (bool, error) {
	if len(ucs) == 0 {
		return true, nil
	}
	events := make([]*models.CouponEvent, len(ucs))
	for i, m := range ms {
		events[i] = &models.CouponEvent{}
		if m.Event != nil {
			events[i] = m.Event
		}
		if events[i].At.IsZero() {
			events[i].At = sw.now().UTC()
		}
	}
	db, route := sw.store.Shard(ucs[0].UserID)
	ok, err := moveAll(ctx, store.OnPrimary(ctx, db), sw.store.Dialect, route, ucs, ms, events)
	if err != nil {
		return false, models.Unavailable("coupon.transition", err)
	}
	if ok {
		for i, m := range ms {
			m.Apply(ucs[i])
		}
	}
	return ok, nil
}

// RecordsDiscount holds for every row: a use records its discount.
func (sw *ShardWallets) RecordsDiscount(*models.UserCoupon) bool { return true }

// Get reads a coupond user coupon ("uc_" id) from the primary.
func (sw *ShardWallets) Get(ctx context.Context, publicID string) (*models.UserCoupon, error) {
	userID, id, err := models.ParseUserCouponID(publicID)
	if err != nil {
		return nil, err
	}
	db, table := sw.primary(ctx, userID)
	uc, err := findByID(db, table, userID, id)
	return one(uc, err, "coupon.UserCoupon", models.Errorf(models.CodeNotFound, "user coupon %q not found", publicID))
}

// List reads a page from the user's shard, on the primary (a coupon just
// claimed is there).
func (sw *ShardWallets) List(ctx context.Context, userID string, statuses []models.UserCouponStatus, first int, after string, now time.Time) (*UserCouponPage, error) {
	db, table := sw.primary(ctx, userID)
	return listPage(db, table, userID, statuses, first, after, now)
}

// Usable reads the user's usable coupons from the primary.
func (sw *ShardWallets) Usable(ctx context.Context, userID string, now time.Time) ([]models.UserCoupon, error) {
	db, table := sw.primary(ctx, userID)
	return findUsable(db, table, userID, now)
}

// Counts reads the user's counts from the primary.
func (sw *ShardWallets) Counts(ctx context.Context, userID string, couponIDs []uint64) (map[uint64]int, error) {
	db, table := sw.primary(ctx, userID)
	return countByCoupon(db, table, userID, couponIDs)
}

// Reconcilable keeps every coupon: coupond's tables hold all it issued.
func (sw *ShardWallets) Reconcilable(_ context.Context, ids []uint64) []uint64 { return ids }
