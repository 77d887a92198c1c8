package legacy_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/pricing"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/tags"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// env is a coupond store with its engine, and a monolith's database in the
// default layout, on one backend.
type env struct {
	b      testenv.Backend
	store  *store.Store
	ldb    *gorm.DB // the monolith's database
	dsn    string
	mg     *legacy.Migrator
	engine *coupon.Service
	prefix string
	addr   string
	// fail, when set, is the fault every second-side write meets.
	fail atomic.Pointer[error]
}

func mustEnv(t *testing.T, b testenv.Backend) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{b: b, store: testenv.Store(t, b), prefix: testenv.Unique() + ":", addr: testenv.RedisAddr(t, b)}
	e.dsn = testenv.ScratchDSN(t, b)
	ldb, err := legacy.OpenLegacy(ctx, e.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if db, err := ldb.DB(); err == nil {
			db.Close()
		}
	})
	e.ldb = ldb
	if err := legacy.CreateSchema(ctx, ldb); err != nil {
		t.Fatal(err)
	}
	e.mg, e.engine = e.instance(t, "test-a")
	return e
}

// instance is one coupond instance's migrator and engine over the stores.
func (e *env) instance(t *testing.T, owner string) (*legacy.Migrator, *coupon.Service) {
	t.Helper()
	ctx := context.Background()
	ldb, err := legacy.OpenLegacy(ctx, e.dsn)
	if err != nil {
		t.Fatal(err)
	}
	mg, err := legacy.New(e.store, ldb, legacy.Options{Owner: owner, FailMirror: func(string) error {
		if p := e.fail.Load(); p != nil {
			return *p
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(mg.Close)
	if err := mg.Load(ctx); err != nil {
		t.Fatal(err)
	}
	rdb := testenv.Redis(t, testenv.Backend{RedisAddr: e.addr})
	c := cache.New(rdb, cache.Options{Prefix: e.prefix + "cache:", Channel: e.prefix + "invalidate"})
	cctx, cancel := context.WithCancel(ctx)
	t.Cleanup(func() { cancel(); _ = c.Close() })
	if err := c.Start(cctx); err != nil {
		t.Fatal(err)
	}
	locker := lock.New(rdb, lock.Options{Prefix: e.prefix + "lock:"})
	engine := coupon.NewService(e.store, c, locker, tags.NewService(e.store, c, nil), coupon.Options{
		Defaults: models.CouponDefaults{Currency: "CNY", StockSlots: 4}, Redis: rdb, KeyPrefix: e.prefix})
	engine.SetWallets(legacy.NewDualWallets(mg, engine, legacy.WalletOptions{Redis: rdb, KeyPrefix: e.prefix}))
	return mg, engine
}

// seedTemplates writes legacy.Sample's templates, each with remaining
// units of stock left.
func (e *env) seedTemplates(t *testing.T, remaining int) {
	t.Helper()
	if _, err := legacy.Sample(context.Background(), e.ldb, legacy.SampleOptions{Remaining: remaining, Templates: true}); err != nil {
		t.Fatal(err)
	}
}

// seedUserCoupons writes legacy.Sample's user coupons: perUser for each of
// users users from first.
func (e *env) seedUserCoupons(t *testing.T, first, users, perUser int) int {
	t.Helper()
	n, err := legacy.Sample(context.Background(), e.ldb, legacy.SampleOptions{FirstUser: first, Users: users, PerUser: perUser})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// forceMode sets the mode without the cut-over rules (tests of what a mode
// does) and has the instances read it.
func (e *env) forceMode(t *testing.T, mode models.MigrationMode, mgs ...*legacy.Migrator) {
	t.Helper()
	st := models.MigrationState{ID: 1, Mode: mode, Version: time.Now().UnixNano(), ChangedAt: time.Now().UTC(), ChangedBy: "test"}
	if err := e.store.Meta.Clauses(clause.OnConflict{UpdateAll: true}).Create(&st).Error; err != nil {
		t.Fatal(err)
	}
	for _, mg := range append(mgs, e.mg) {
		if err := mg.Load(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// couponOf is the coupond coupon copied from legacy template id.
func (e *env) couponOf(t *testing.T, legacyID int64) uint64 {
	t.Helper()
	var m models.MigrationCouponMap
	if err := e.store.Meta.Where("legacy_id = ?", legacyID).Take(&m).Error; err != nil {
		t.Fatalf("template %d: %v", legacyID, err)
	}
	return m.CouponID
}

// coupondRows reads every coupond user coupon of coupon couponID.
func (e *env) coupondRows(t *testing.T, couponID uint64) []models.UserCoupon {
	t.Helper()
	var out []models.UserCoupon
	for _, db := range e.store.Layout().Shards {
		for _, table := range e.store.Layout().Router.TableNames("user_coupon") {
			var rows []models.UserCoupon
			if err := db.Clauses(dbresolver.Write).Table(table).Where("coupon_id = ?", couponID).Find(&rows).Error; err != nil {
				t.Fatal(err)
			}
			out = append(out, rows...)
		}
	}
	return out
}

// legacyStatus reads a row of the monolith's table: status and order.
func (e *env) legacyStatus(t *testing.T, id int64) (int, string) {
	t.Helper()
	var st int
	var order *string
	if err := e.ldb.Raw("SELECT status, order_id FROM mall_user_coupon WHERE id = ?", id).Row().Scan(&st, &order); err != nil {
		t.Fatalf("legacy row %d: %v", id, err)
	}
	if order == nil {
		return st, ""
	}
	return st, *order
}

func (e *env) legacyRemaining(t *testing.T, tpl int) int64 {
	t.Helper()
	var n int64
	if err := e.ldb.Raw("SELECT remaining FROM mall_coupon WHERE id = ?", tpl).Row().Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) coupondRemaining(t *testing.T, id uint64) int64 {
	t.Helper()
	left, err := e.engine.Remaining(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return left[id]
}

func (e *env) legacyCount(t *testing.T, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := e.ldb.Raw("SELECT COUNT(*) FROM mall_user_coupon WHERE "+where, args...).Row().Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// cart is a CNY cart of one product worth 30.
func cart() pricing.Cart {
	return pricing.Cart{Currency: "CNY", Items: []pricing.Item{{ProductID: "p1", UnitPrice: decimal.RequireFromString("30.00"), Quantity: 1}}}
}

// verify runs a verify and returns its differences.
func (e *env) verify(t *testing.T) []models.MigrationDiff {
	t.Helper()
	var diffs []models.MigrationDiff
	_, err := e.mg.Verify(context.Background(), legacy.VerifyOptions{Recheck: 10 * time.Millisecond, Report: func(d models.MigrationDiff) error {
		diffs = append(diffs, d)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return diffs
}

func wantCode(t *testing.T, err error, code models.Code) {
	t.Helper()
	if models.ErrorCode(err) != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}
