package legacy_test

import (
	"context"
	"fmt"
	"strings"
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
	d := store.SQLite
	if b.MySQLDSN != "" {
		d = store.MySQL
	}
	for _, stmt := range legacy.SchemaStatements(d) {
		if err := ldb.Exec(stmt).Error; err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
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
	engine.SetLegacy(mg)
	t.Cleanup(engine.Close)
	return mg, engine
}

// template is a row of mall_coupon.
type template struct {
	id, kind         int
	amount, minSpend string
	total, remaining int
	limit, validDays int
	validEnd         time.Time
	status           int
}

// seedTemplates writes the monolith's coupon templates: 1 amount off 5
// over 20, 2 percent off 15 valid 7 days, 3 free shipping; each online
// with the given stock left of a total of remaining+issued.
func (e *env) seedTemplates(t *testing.T, remaining int) []template {
	t.Helper()
	end := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Second)
	ts := []template{
		{id: 1, kind: 1, amount: "5.00", minSpend: "20.00", remaining: remaining, limit: 5, validEnd: end, status: 1},
		{id: 2, kind: 2, amount: "15.00", minSpend: "0", remaining: remaining, limit: 3, validDays: 7, status: 1},
		{id: 3, kind: 3, amount: "0", minSpend: "0", remaining: remaining, limit: 2, validEnd: end, status: 1},
	}
	for _, tp := range ts {
		var validEnd any
		if !tp.validEnd.IsZero() {
			validEnd = tp.validEnd.Format(time.DateTime)
		}
		err := e.ldb.Exec(`INSERT INTO mall_coupon (id, name, type, amount, min_spend, max_discount, total, remaining, per_user_limit,
			start_time, end_time, valid_start, valid_end, valid_days, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?)`,
			tp.id, fmt.Sprintf("template %d", tp.id), tp.kind, tp.amount, tp.minSpend, "30.00", tp.remaining+1_000_000, tp.remaining, tp.limit,
			validEnd, nullIfZero(tp.validDays), tp.status).Error
		if err != nil {
			t.Fatal(err)
		}
	}
	return ts
}

func nullIfZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// seedUserCoupons writes perUser user coupons for each of users users
// (ids from first), of the templates in turn, in statuses in turn: unused,
// used (order o-<user>-<n>), expired, locked (order l-<user>-<n>).
func (e *env) seedUserCoupons(t *testing.T, first, users, perUser int) int {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	const cols = 8
	var rows []any
	n := 0
	flush := func() {
		if len(rows) == 0 {
			return
		}
		q := "INSERT INTO mall_user_coupon (user_id, coupon_id, status, order_id, created_at, used_at, valid_from, valid_until) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", len(rows)/cols), ", ")
		if err := e.ldb.Exec(q, rows...).Error; err != nil {
			t.Fatal(err)
		}
		rows = rows[:0]
	}
	for u := first; u < first+users; u++ {
		for j := 0; j < perUser; j++ {
			status := (u + j) % 4
			created := now.Add(-time.Duration(u%50+1) * time.Hour)
			until := created.Add(20 * 24 * time.Hour)
			var order, used any
			switch status {
			case 1:
				order, used = fmt.Sprintf("o-%d-%d", u, j), created.Add(time.Minute).Format(time.DateTime)
			case 2:
				until = now.Add(-time.Hour)
			case 3:
				order = fmt.Sprintf("l-%d-%d", u, j)
			}
			rows = append(rows, u, (u+j)%3+1, status, order, created.Format(time.DateTime), used, created.Format(time.DateTime), until.Format(time.DateTime))
			n++
			if len(rows) >= 1000*cols {
				flush()
			}
		}
	}
	flush()
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
	for _, db := range e.store.Shards {
		for _, table := range e.store.Router.TableNames("user_coupon") {
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
