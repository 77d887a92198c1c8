package legacy_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// The whole migration on MariaDB while claims and uses run against two
// coupond instances: a monolith of 1,000,000 user coupons over 200,000
// users; the static copy; DUAL_WRITE; the dynamic copy; verify (and
// repair, if a write in flight left a difference) until clean;
// DUAL_WRITE_NEW_READ; verify again; NEW_ONLY. At the end every coupon a
// user had in the monolith is theirs in coupond with the same status (or
// a later one coupond took after NEW_ONLY), once.
func TestWholeMigrationUnderLoad(t *testing.T) {
	var mysql testenv.Backend
	for _, b := range testenv.Backends(t) {
		if b.MySQLDSN != "" {
			mysql = b
		}
	}
	if mysql.MySQLDSN == "" {
		t.Skip("needs MariaDB (COUPOND_TEST_MYSQL_DSN)")
	}
	if testing.Short() {
		// The full pass runs it at full size; under the race detector it
		// would only slow the packages running beside it.
		t.Skip("a million-row migration under load")
	}
	users, perUser := 200_000, 5
	e := mustEnv(t, mysql)
	ctx := context.Background()
	e.seedTemplates(t, 10_000_000)
	start := time.Now()
	rows := e.seedUserCoupons(t, 1, users, perUser)
	t.Logf("the monolith: %d user coupons of %d users written in %s", rows, users, time.Since(start).Round(time.Millisecond))

	// A second instance, following the mode as every instance does.
	mgB, engineB := e.instance(t, "test-b")
	watch, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go mgB.Watch(watch)
	go e.mg.Watch(watch)
	engines := []*coupon.Service{e.engine, engineB}

	if _, err := e.mg.RunTask(ctx, legacy.TaskOptions{Kind: models.TaskStaticCopy, By: "test"}, nil); err != nil {
		t.Fatal(err)
	}
	migrated := []uint64{e.couponOf(t, 1), e.couponOf(t, 2), e.couponOf(t, 3)}

	// The load: claims of migrated coupons by the monolith's users and by
	// new ones, and uses of coupons the users hold, on either instance.
	l := &load{t: t, engines: engines, coupons: migrated, users: users}
	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg.Go(func() { l.run(loadCtx, w) })
	}
	stop := func() {
		stopLoad()
		wg.Wait()
	}
	defer stop()
	step := func(name string, f func() error) {
		t.Helper()
		began := time.Now()
		if err := f(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %s (load so far: %s)", name, time.Since(began).Round(time.Millisecond), l.summary())
	}
	time.Sleep(time.Second) // LEGACY_ONLY under load
	step("DUAL_WRITE", func() error { _, err := e.mg.SetMode(ctx, models.ModeDualWrite, "test"); return err })
	step("copy", func() error {
		task, err := e.mg.RunTask(ctx, legacy.TaskOptions{Kind: models.TaskCopy, By: "test"}, nil)
		if err == nil && task.Status != models.TaskDone {
			err = fmt.Errorf("copy ended %s: %s", task.Status, task.Error)
		}
		return err
	})
	var switchAt time.Time
	verifyClean := func(next models.MigrationMode) {
		t.Helper()
		for round := 1; ; round++ {
			var v *models.MigrationTask
			step(fmt.Sprintf("verify before %s (round %d)", next, round), func() error {
				var err error
				v, err = e.mg.RunTask(ctx, legacy.TaskOptions{Kind: models.TaskVerify, By: "test"}, nil)
				if err == nil && v.Status != models.TaskDone {
					err = fmt.Errorf("verify ended %s: %s", v.Status, v.Error)
				}
				return err
			})
			pending, _ := e.mg.PendingRepairs(ctx)
			if v.Diffs == 0 && pending == 0 {
				break
			}
			diffs, _ := e.mg.Diffs(ctx, v.ID, 0, 5)
			t.Logf("verify found %d differences (%d repairs pending), e.g. %+v", v.Diffs, pending, diffs)
			if round == 4 {
				t.Fatalf("still %d differences after %d rounds", v.Diffs, round)
			}
			step("repair", func() error {
				_, err := e.mg.RunTask(ctx, legacy.TaskOptions{Kind: models.TaskRepair, By: "test"}, nil)
				return err
			})
		}
		switchAt = time.Now().UTC()
		step(string(next), func() error { _, err := e.mg.SetMode(ctx, next, "test"); return err })
	}
	verifyClean(models.ModeDualWriteNewRead)
	time.Sleep(time.Second) // DUAL_WRITE_NEW_READ under load
	verifyClean(models.ModeNewOnly)
	// What coupond changed from the moment the switch began may be its
	// own (the instance that switched writes coupond alone at once); the
	// database keeps times to the millisecond.
	newOnlyAt := switchAt.Truncate(time.Millisecond)
	time.Sleep(2 * legacy.WatchInterval) // every instance in NEW_ONLY, under load
	stop()
	if err := l.failed(); err != nil {
		t.Fatal(err)
	}
	if l.claims.Load() == 0 || l.uses.Load() == 0 {
		t.Fatalf("the load did nothing: %s", l.summary())
	}

	// Every row of the monolith has one twin in coupond with its status,
	// unless coupond changed the twin after NEW_ONLY.
	twins := map[int64]models.UserCoupon{}
	for _, id := range migrated {
		for _, r := range e.coupondRows(t, id) {
			if r.LegacyID == nil {
				if r.IssuedAt.Before(newOnlyAt.Add(-time.Second)) {
					t.Fatalf("coupond row %d (user %s, issued %s) has no twin in the monolith", r.ID, r.UserID, r.IssuedAt)
				}
				continue
			}
			if _, dup := twins[*r.LegacyID]; dup {
				t.Fatalf("legacy row %d has two twins", *r.LegacyID)
			}
			twins[*r.LegacyID] = r
		}
	}
	var legacyRows int64
	lrows, err := e.ldb.Raw("SELECT id, status FROM mall_user_coupon").Rows()
	if err != nil {
		t.Fatal(err)
	}
	statusOf := map[int]models.UserCouponStatus{0: models.UserCouponUnused, 1: models.UserCouponUsed, 2: models.UserCouponExpired, 3: models.UserCouponLocked}
	changedLater := 0
	for lrows.Next() {
		var id int64
		var st int
		if err := lrows.Scan(&id, &st); err != nil {
			t.Fatal(err)
		}
		legacyRows++
		twin, ok := twins[id]
		if !ok {
			t.Fatalf("legacy row %d has no twin in coupond", id)
		}
		if twin.Status != statusOf[st] {
			if twin.UpdatedAt.Before(newOnlyAt) {
				t.Fatalf("legacy row %d is %s, its twin %s (changed %s, before NEW_ONLY at %s)", id, statusOf[st], twin.Status, twin.UpdatedAt, newOnlyAt)
			}
			changedLater++
		}
	}
	lrows.Close()
	if legacyRows < int64(rows) || int64(len(twins)) != legacyRows {
		t.Fatalf("%d legacy rows (%d seeded), %d twins", legacyRows, rows, len(twins))
	}
	t.Logf("%d legacy rows, each with its twin; %d changed by coupond after NEW_ONLY; load: %s", legacyRows, changedLater, l.summary())
}

// load claims and uses migrated coupons through the engines.
type load struct {
	t       *testing.T
	engines []*coupon.Service
	coupons []uint64
	users   int

	claims, uses, refusals atomic.Int64
	mu                     sync.Mutex
	err                    error
	seq                    atomic.Int64
}

func (l *load) summary() string {
	return fmt.Sprintf("%d claims, %d uses, %d refusals", l.claims.Load(), l.uses.Load(), l.refusals.Load())
}

func (l *load) failed() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

func (l *load) fail(err error) {
	l.mu.Lock()
	if l.err == nil {
		l.err = err
	}
	l.mu.Unlock()
}

// expected are the refusals a claim or a use may meet under this load.
var expected = map[models.Code]bool{models.CodeLimitReached: true, models.CodeNotUsable: true, models.CodeBusy: true,
	models.CodeThresholdNotMet: true}

func (l *load) run(ctx context.Context, worker int) {
	r := rand.New(rand.NewPCG(uint64(worker), uint64(time.Now().UnixNano())))
	for ctx.Err() == nil {
		engine := l.engines[r.IntN(len(l.engines))]
		user := fmt.Sprint(1 + r.IntN(l.users+l.users/10)) // a tenth are new to the monolith
		var err error
		if r.IntN(2) == 0 {
			c := l.coupons[r.IntN(len(l.coupons))]
			_, err = engine.Claim(ctx, coupon.ClaimRequest{UserID: user, CouponID: fmt.Sprint(c), RequestID: fmt.Sprintf("load-%d", l.seq.Add(1)),
				Channel: models.ChannelClaim})
			if err == nil {
				l.claims.Add(1)
			}
		} else {
			page, lerr := engine.UserCoupons(ctx, user, []models.UserCouponStatus{models.UserCouponUnused}, 5, "")
			if lerr != nil {
				err = lerr
			} else if len(page.UserCoupons) > 0 {
				uc := page.UserCoupons[r.IntN(len(page.UserCoupons))]
				_, err = engine.Use(ctx, coupon.OrderRequest{UserID: user, UserCouponID: uc.PublicID(), OrderID: fmt.Sprintf("load-o-%d", l.seq.Add(1)), Cart: cart()})
				if err == nil {
					l.uses.Add(1)
				}
			}
		}
		switch {
		case err == nil:
		case ctx.Err() != nil || errors.Is(err, context.Canceled):
			return
		case expected[models.ErrorCode(err)]:
			l.refusals.Add(1)
		default:
			l.fail(fmt.Errorf("user %s: %w", user, err))
			return
		}
	}
}
