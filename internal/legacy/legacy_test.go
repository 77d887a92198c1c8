package legacy_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// The static copy makes a coupond coupon of every template with its
// remaining stock; the dynamic copy (refused before DUAL_WRITE) gives every
// user coupon a twin with the same status, order and validity; verify finds
// nothing; a second copy writes nothing.
func TestStaticAndDynamicCopy(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		e.seedTemplates(t, 500)
		rows := e.seedUserCoupons(t, 1, 300, 4)

		res, err := e.mg.Static(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Templates != 3 || res.Created != 3 {
			t.Fatalf("static copy: %+v, want 3 templates created", res)
		}
		if again, err := e.mg.Static(ctx); err != nil || again.Created != 0 || again.Existing != 3 {
			t.Fatalf("static copy again: %+v, %v; want nothing new", again, err)
		}
		c1 := e.couponOf(t, 1)
		if got := e.coupondRemaining(t, c1); got != 500 {
			t.Errorf("template 1's stock in coupond: %d, want 500", got)
		}
		c, err := e.engine.Get(ctx, fmt.Sprint(c1))
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != models.CouponActive || c.Discount.Kind != models.AmountOff || c.Discount.AmountOff.Decimal.String() != "5" ||
			c.Discount.MinOrderAmount.Decimal.String() != "20" || c.PerUserLimit != 5 || c.Currency != "CNY" {
			t.Errorf("template 1 became %+v", c)
		}
		c2, _ := e.engine.Get(ctx, fmt.Sprint(e.couponOf(t, 2)))
		if c2.Validity.Kind != models.ValidityRelative || c2.Validity.Days == nil || *c2.Validity.Days != 7 {
			t.Errorf("template 2's validity became %+v, want 7 days from issue", c2.Validity)
		}

		_, err = e.mg.Copy(ctx, legacy.CopyOptions{})
		if !errors.Is(err, legacy.ErrCopyTooEarly) {
			t.Fatalf("copy in LEGACY_ONLY: %v, want it refused", err)
		}
		e.forceMode(t, models.ModeDualWrite)
		p, err := e.mg.Copy(ctx, legacy.CopyOptions{Batch: 128})
		if err != nil {
			t.Fatal(err)
		}
		if p.Read != int64(rows) || p.Inserted != int64(rows) {
			t.Fatalf("copy read %d and wrote %d, want %d and %d", p.Read, p.Inserted, rows, rows)
		}
		twins := 0
		for tpl := int64(1); tpl <= 3; tpl++ {
			for _, r := range e.coupondRows(t, e.couponOf(t, tpl)) {
				twins++
				if r.LegacyID == nil {
					t.Fatalf("row %d of a migrated coupon has no legacy id", r.ID)
				}
				st, order := e.legacyStatus(t, *r.LegacyID)
				want := map[int]models.UserCouponStatus{0: models.UserCouponUnused, 1: models.UserCouponUsed, 2: models.UserCouponExpired, 3: models.UserCouponLocked}[st]
				if r.Status != want || (order != "" && (r.OrderID == nil || *r.OrderID != order)) {
					t.Fatalf("legacy row %d (%d, %q) was copied as %s %v", *r.LegacyID, st, order, r.Status, r.OrderID)
				}
			}
		}
		if twins != rows {
			t.Fatalf("%d twins for %d rows", twins, rows)
		}
		if diffs := e.verify(t); len(diffs) != 0 {
			t.Fatalf("verify after the copy: %d differences, first %+v", len(diffs), diffs[0])
		}
		// The statistics count what was copied: the IMPORTED events of the
		// rows add up to the rows, and their statuses to the monolith's.
		counted, total := map[models.UserCouponStatus]int64{}, int64(0)
		for _, db := range e.store.Layout().Shards {
			for _, table := range e.store.Layout().Router.TableNames("coupon_event") {
				var details []string
				if err := db.Table(table).Where("kind = ?", models.EventImported).Pluck("detail", &details).Error; err != nil {
					t.Fatal(err)
				}
				for _, raw := range details {
					var d models.ImportedDetail
					if err := json.Unmarshal([]byte(raw), &d); err != nil {
						t.Fatalf("IMPORTED detail %q: %v", raw, err)
					}
					total += d.Count
					counted[d.Status] += d.Count
				}
			}
		}
		if total != int64(rows) || counted[models.UserCouponUsed] != e.legacyCount(t, "status = 1") ||
			counted[models.UserCouponExpired] != e.legacyCount(t, "status = 2") {
			t.Fatalf("IMPORTED events count %d: %v; want %d rows, %d used, %d expired", total, counted, rows, e.legacyCount(t, "status = 1"), e.legacyCount(t, "status = 2"))
		}
		// Copying again from the start writes nothing twice.
		if err := e.mg.SetCheckpoint(ctx, models.MigrationCheckpoint{Name: legacy.CheckpointCopy}); err != nil {
			t.Fatal(err)
		}
		if p, err := e.mg.Copy(ctx, legacy.CopyOptions{}); err != nil || p.Inserted != 0 || p.Read != int64(rows) {
			t.Fatalf("copy from the start again: %+v, %v; want every row read and none written", p, err)
		}
	})
}

// A copy stopped part-way (a kill, as the checkpoint sees it) resumes
// where it stopped; one that died between writing a batch and its
// checkpoint writes that batch again without a duplicate.
func TestCopyResumes(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		e.seedTemplates(t, 100)
		rows := e.seedUserCoupons(t, 1, 250, 4)
		if _, err := e.mg.Static(ctx); err != nil {
			t.Fatal(err)
		}
		e.forceMode(t, models.ModeDualWrite)
		stop := errors.New("killed")
		batches := 0
		p, err := e.mg.Copy(ctx, legacy.CopyOptions{Batch: 100, Stop: func() error {
			if batches++; batches == 3 {
				return stop
			}
			return nil
		}})
		if !errors.Is(err, stop) || p.Read != 300 {
			t.Fatalf("stopped copy: %+v, %v; want 300 read", p, err)
		}
		// The batch after the checkpoint was written but not checkpointed.
		cp, _ := e.mg.Checkpoint(ctx, legacy.CheckpointCopy)
		if err := e.mg.SetCheckpoint(ctx, models.MigrationCheckpoint{Name: legacy.CheckpointCopy, LastID: cp.LastID - 100}); err != nil {
			t.Fatal(err)
		}
		p, err = e.mg.Copy(ctx, legacy.CopyOptions{Batch: 100})
		if err != nil {
			t.Fatal(err)
		}
		if p.Read != int64(rows-200) || p.Inserted != int64(rows-300) {
			t.Fatalf("resumed copy read %d wrote %d, want %d and %d", p.Read, p.Inserted, rows-200, rows-300)
		}
		seen := map[int64]bool{}
		for tpl := int64(1); tpl <= 3; tpl++ {
			for _, r := range e.coupondRows(t, e.couponOf(t, tpl)) {
				if seen[*r.LegacyID] {
					t.Fatalf("legacy row %d copied twice", *r.LegacyID)
				}
				seen[*r.LegacyID] = true
			}
		}
		if len(seen) != rows {
			t.Fatalf("%d rows copied, want %d", len(seen), rows)
		}
	})
}

// Each mode writes the side it names first, the other second (or not at
// all), and reads the side it names: a claim, a use, a release and a
// refund through the engine in each.
func TestModesRouteWrites(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		e.seedTemplates(t, 100)
		if _, err := e.mg.Static(ctx); err != nil {
			t.Fatal(err)
		}
		c1 := e.couponOf(t, 1)
		id := fmt.Sprint(c1)
		claim := func(user, req string) *coupon.Claimed {
			t.Helper()
			got, err := e.engine.Claim(ctx, coupon.ClaimRequest{UserID: user, CouponID: id, RequestID: req, Channel: models.ChannelClaim})
			if err != nil {
				t.Fatalf("claim by %s: %v", user, err)
			}
			return got
		}
		use := func(user, ucID, order string) *coupon.Spent {
			t.Helper()
			sp, err := e.engine.Use(ctx, coupon.OrderRequest{UserID: user, UserCouponID: ucID, OrderID: order, Cart: cart()})
			if err != nil {
				t.Fatalf("use by %s: %v", user, err)
			}
			return sp
		}

		t.Run("LEGACY_ONLY", func(t *testing.T) {
			got := claim("101", "r1")
			uc := got.UserCoupon
			if uc.LegacyID == nil || !strings.HasPrefix(uc.PublicID(), "ucl_") {
				t.Fatalf("claimed %s, want a row of the monolith's table", uc.PublicID())
			}
			if n := len(e.coupondRows(t, c1)); n != 0 {
				t.Fatalf("%d coupond rows, want none", n)
			}
			if e.legacyRemaining(t, 1) != 99 || e.coupondRemaining(t, c1) != 100 {
				t.Fatalf("stock: monolith %d coupond %d, want 99 and 100", e.legacyRemaining(t, 1), e.coupondRemaining(t, c1))
			}
			if again := claim("101", "r1"); !again.Replayed || again.UserCoupon.PublicID() != uc.PublicID() {
				t.Fatalf("retry: %+v, want the same coupon replayed", again)
			}
			page, err := e.engine.UserCoupons(ctx, "101", nil, 10, "")
			if err != nil || len(page.UserCoupons) != 1 || page.UserCoupons[0].PublicID() != uc.PublicID() {
				t.Fatalf("the user's coupons: %+v, %v", page, err)
			}
			sp := use("101", uc.PublicID(), "order-1")
			if sp.Discount.String() != "5" {
				t.Fatalf("discount %s, want 5", sp.Discount)
			}
			if st, order := e.legacyStatus(t, *uc.LegacyID); st != 1 || order != "order-1" {
				t.Fatalf("the monolith's row: status %d order %q, want 1 (used) order-1", st, order)
			}
			if _, err := e.engine.Refund(ctx, "101", "order-1"); err != nil {
				t.Fatal(err)
			}
			if st, _ := e.legacyStatus(t, *uc.LegacyID); st != 0 {
				t.Fatalf("refunded row's status %d, want 0", st)
			}
		})

		t.Run("DUAL_WRITE", func(t *testing.T) {
			e.forceMode(t, models.ModeDualWrite)
			before := e.coupondRemaining(t, c1)
			uc := claim("102", "r1").UserCoupon
			rows := e.coupondRows(t, c1)
			if len(rows) != 1 || rows[0].LegacyID == nil || *rows[0].LegacyID != *uc.LegacyID || rows[0].RequestID != "r1" {
				t.Fatalf("coupond rows %+v, want the twin of legacy row %d with request r1", rows, *uc.LegacyID)
			}
			if e.coupondRemaining(t, c1) != before-1 {
				t.Fatalf("coupond's stock %d, want %d", e.coupondRemaining(t, c1), before-1)
			}
			if _, err := e.engine.Lock(ctx, coupon.OrderRequest{UserID: "102", UserCouponID: uc.PublicID(), OrderID: "order-2", Cart: cart()}, time.Minute); err != nil {
				t.Fatal(err)
			}
			if _, err := e.engine.Release(ctx, "102", "order-2"); err != nil {
				t.Fatal(err)
			}
			use("102", uc.PublicID(), "order-3")
			twin := e.coupondRows(t, c1)[0]
			if st, order := e.legacyStatus(t, *uc.LegacyID); st != 1 || order != "order-3" || twin.Status != models.UserCouponUsed ||
				twin.OrderID == nil || *twin.OrderID != "order-3" || twin.DiscountApplied.Decimal.String() != "5" {
				t.Fatalf("after the use: monolith %d %q, twin %s %v %v", st, order, twin.Status, twin.OrderID, twin.DiscountApplied)
			}
		})

		t.Run("DUAL_WRITE_NEW_READ", func(t *testing.T) {
			e.forceMode(t, models.ModeDualWriteNewRead)
			legacyBefore := e.legacyRemaining(t, 1)
			uc := claim("103", "r1").UserCoupon
			if uc.ID == 0 || uc.LegacyID != nil && !strings.HasPrefix(uc.PublicID(), "uc_") {
				t.Fatalf("claimed %s, want a coupond row", uc.PublicID())
			}
			var twin *models.UserCoupon
			for _, r := range e.coupondRows(t, c1) {
				if r.ID == uc.ID {
					twin = &r
				}
			}
			if twin == nil || twin.LegacyID == nil {
				t.Fatalf("the coupond row has no twin in the monolith's table: %+v", twin)
			}
			if e.legacyRemaining(t, 1) != legacyBefore-1 {
				t.Fatalf("the monolith's stock %d, want %d", e.legacyRemaining(t, 1), legacyBefore-1)
			}
			use("103", uc.PublicID(), "order-4")
			if st, order := e.legacyStatus(t, *twin.LegacyID); st != 1 || order != "order-4" {
				t.Fatalf("the monolith's twin: %d %q, want used by order-4", st, order)
			}
			// The legacy id handed out in DUAL_WRITE still names the coupon.
			old := models.LegacyUserCouponID("102", *e.coupondRows(t, c1)[0].LegacyID)
			if got, err := e.engine.UserCoupon(ctx, old); err != nil || got.ID == 0 {
				t.Fatalf("read of %s: %+v, %v; want its coupond twin", old, got, err)
			}
			if _, err := e.engine.Refund(ctx, "103", "order-4"); err != nil {
				t.Fatal(err)
			}
			if st, _ := e.legacyStatus(t, *twin.LegacyID); st != 0 {
				t.Fatalf("refund did not reach the monolith's twin: status %d", st)
			}
		})

		t.Run("NEW_ONLY", func(t *testing.T) {
			e.forceMode(t, models.ModeNewOnly)
			legacyRows := e.legacyCount(t, "1 = 1")
			legacyBefore := e.legacyRemaining(t, 1)
			uc := claim("104", "r1").UserCoupon
			use("104", uc.PublicID(), "order-5")
			if e.legacyCount(t, "1 = 1") != legacyRows || e.legacyRemaining(t, 1) != legacyBefore {
				t.Fatal("NEW_ONLY wrote the monolith's tables")
			}
		})
	})
}

// Every instance follows a mode change within a second.
func TestInstancesFollowTheMode(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		other, _ := e.instance(t, "test-b")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go other.Watch(ctx)
		e.seedTemplates(t, 10)
		if _, err := e.mg.Static(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := e.mg.SetMode(context.Background(), models.ModeDualWrite, "test"); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(time.Second + legacy.WatchInterval)
		for other.Mode() != models.ModeDualWrite {
			if time.Now().After(deadline) {
				t.Fatalf("the other instance still reads %s", other.Mode())
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !other.Migrated(e.couponOf(t, 1)) {
			t.Fatal("the other instance does not know the migrated coupons")
		}
	})
}

// A write to the second side that fails does not fail the request; it
// waits in the repair log, which sets it right once the side answers.
func TestSecondSideFailuresAreRepaired(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		e.seedTemplates(t, 100)
		if _, err := e.mg.Static(ctx); err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(e.couponOf(t, 1))
		down := errors.New("injected: the second side is down")

		// DUAL_WRITE: coupond is the second side.
		e.forceMode(t, models.ModeDualWrite)
		e.fail.Store(&down)
		got, err := e.engine.Claim(ctx, coupon.ClaimRequest{UserID: "201", CouponID: id, RequestID: "r", Channel: models.ChannelClaim})
		if err != nil {
			t.Fatalf("claim with coupond's write failing: %v", err)
		}
		if _, err := e.engine.Use(ctx, coupon.OrderRequest{UserID: "201", UserCouponID: got.UserCoupon.PublicID(), OrderID: "o1", Cart: cart()}); err != nil {
			t.Fatalf("use with coupond's write failing: %v", err)
		}
		// DUAL_WRITE_NEW_READ: the monolith's table is.
		e.forceMode(t, models.ModeDualWriteNewRead)
		got2, err := e.engine.Claim(ctx, coupon.ClaimRequest{UserID: "202", CouponID: id, RequestID: "r", Channel: models.ChannelClaim})
		if err != nil {
			t.Fatalf("claim with the monolith's write failing: %v", err)
		}
		pending, _ := e.mg.PendingRepairs(ctx)
		if pending < 3 {
			t.Fatalf("%d entries in the repair log, want the claim, the use and the second claim", pending)
		}
		if diffs := e.verify(t); len(diffs) < 2 {
			t.Fatalf("verify before the repair: %d differences, want the missing twins", len(diffs))
		}
		if n, err := e.mg.RunRepairs(ctx, 100); err == nil || n != 0 {
			t.Fatalf("repairs while the side is still down: %d, %v; want none done and the error", n, err)
		}
		e.fail.Store(nil)
		if n, err := e.mg.RunRepairs(ctx, 100); err != nil || int64(n) != pending {
			t.Fatalf("repairs: %d of %d, %v", n, pending, err)
		}
		if left, _ := e.mg.PendingRepairs(ctx); left != 0 {
			t.Fatalf("%d entries left in the repair log", left)
		}
		if diffs := e.verify(t); len(diffs) != 0 {
			t.Fatalf("verify after the repair: %+v", diffs)
		}
		twins := e.coupondRows(t, e.couponOf(t, 1))
		var used *models.UserCoupon
		for i := range twins {
			if twins[i].UserID == "201" {
				used = &twins[i]
			}
		}
		if used == nil || used.Status != models.UserCouponUsed || used.RequestID != "r" {
			t.Fatalf("user 201's twin after the repair: %+v, want USED with the claim's request id", used)
		}
		if uc := got2.UserCoupon; uc.ID == 0 {
			t.Fatal("the DUAL_WRITE_NEW_READ claim returned no coupond row")
		}
	})
}

// Verify finds what differs and repair sets it right from the side read
// now; a write in flight is not reported.
func TestVerifyAndRepair(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		e.seedTemplates(t, 100)
		e.seedUserCoupons(t, 1, 50, 2)
		if _, err := e.mg.Static(ctx); err != nil {
			t.Fatal(err)
		}
		e.forceMode(t, models.ModeDualWrite)
		if _, err := e.mg.Copy(ctx, legacy.CopyOptions{}); err != nil {
			t.Fatal(err)
		}
		// Three differences behind the engine's back: a twin deleted, a
		// legacy row's status changed, coupond's stock moved.
		c1 := e.couponOf(t, 1)
		rows := e.coupondRows(t, c1)
		victim := rows[0]
		db, route := e.store.Shard(victim.UserID)
		if err := db.Table(route.UserCouponTable()).Where("id = ?", victim.ID).Delete(nil).Error; err != nil {
			t.Fatal(err)
		}
		changed := *rows[1].LegacyID
		if err := e.ldb.Exec("UPDATE mall_user_coupon SET status = 1, order_id = 'o-late', used_at = created_at WHERE id = ? AND status = 0", changed).Error; err != nil {
			t.Fatal(err)
		}
		unusedChanged := e.legacyCount(t, "id = ? AND order_id = 'o-late'", changed) == 1
		if err := e.store.Meta.Exec("UPDATE coupon_stocks SET remaining = remaining - 7 WHERE coupon_id = ? AND slot = 0", c1).Error; err != nil {
			t.Fatal(err)
		}
		diffs := e.verify(t)
		kinds := map[string]int{}
		for _, d := range diffs {
			kinds[d.Kind]++
		}
		want := map[string]int{models.DiffMissingInCoupond: 1, models.DiffStock: 1}
		if unusedChanged {
			want[models.DiffFields] = 1
		}
		for k, n := range want {
			if kinds[k] != n {
				t.Fatalf("verify found %v, want %v", kinds, want)
			}
		}
		task, err := e.mg.RunTask(ctx, legacy.TaskOptions{Kind: models.TaskVerify, By: "test"}, nil)
		if err != nil || task.Status != models.TaskDone || task.Diffs != int64(len(diffs)) {
			t.Fatalf("verify task: %+v, %v", task, err)
		}
		rep, err := e.mg.RunTask(ctx, legacy.TaskOptions{Kind: models.TaskRepair, By: "test"}, nil)
		if err != nil || rep.Status != models.TaskDone || rep.Done != int64(len(diffs)) {
			t.Fatalf("repair task: %+v, %v", rep, err)
		}
		if left := e.verify(t); len(left) != 0 {
			t.Fatalf("after the repair: %+v", left)
		}
		if e.coupondRemaining(t, c1) != e.legacyRemaining(t, 1) {
			t.Fatal("the stock was not set right")
		}
	})
}

// The mode moves one step at a time; forward only when the rules hold
// (templates copied; a clean verify in the present mode; an empty repair
// log); back always.
func TestCutOverRules(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		e.seedTemplates(t, 100)
		e.seedUserCoupons(t, 1, 20, 2)
		refused := func(to models.MigrationMode, why string) {
			t.Helper()
			_, err := e.mg.SetMode(ctx, to, "test")
			if models.ErrorCode(err) != models.CodeInvalidInput || !strings.Contains(err.Error(), why) {
				t.Fatalf("to %s: %v, want refused because %q", to, err, why)
			}
		}
		refused(models.ModeDualWrite, "static copy is not done")
		refused(models.ModeNewOnly, "one step at a time")
		if _, err := e.mg.Static(ctx); err != nil {
			t.Fatal(err)
		}
		// LEGACY_ONLY moved the monolith's stock alone: entering DUAL_WRITE
		// brings coupond's to it.
		if err := e.ldb.Exec("UPDATE mall_coupon SET remaining = remaining - 3 WHERE id = 1").Error; err != nil {
			t.Fatal(err)
		}
		if _, err := e.mg.SetMode(ctx, models.ModeDualWrite, "test"); err != nil {
			t.Fatal(err)
		}
		if e.coupondRemaining(t, e.couponOf(t, 1)) != 97 {
			t.Fatalf("coupond's stock on entering DUAL_WRITE: %d, want 97", e.coupondRemaining(t, e.couponOf(t, 1)))
		}
		refused(models.ModeDualWriteNewRead, "no verify has run")
		v, err := e.mg.RunTask(ctx, legacy.TaskOptions{Kind: models.TaskVerify, By: "test"}, nil)
		if err != nil || v.Diffs == 0 {
			t.Fatalf("verify before the copy: %+v, %v; want the missing rows", v, err)
		}
		refused(models.ModeDualWriteNewRead, "differences")
		if _, err := e.mg.RunTask(ctx, legacy.TaskOptions{Kind: models.TaskCopy, By: "test"}, nil); err != nil {
			t.Fatal(err)
		}
		if v, err := e.mg.RunTask(ctx, legacy.TaskOptions{Kind: models.TaskVerify, By: "test"}, nil); err != nil || v.Diffs != 0 {
			t.Fatalf("verify after the copy: %+v, %v", v, err)
		}
		next, err := e.mg.SetMode(ctx, models.ModeDualWriteNewRead, "test")
		if err != nil || next.Mode != models.ModeDualWriteNewRead {
			t.Fatalf("to DUAL_WRITE_NEW_READ: %+v, %v", next, err)
		}
		refused(models.ModeNewOnly, "no verify has run since the mode became DUAL_WRITE_NEW_READ")
		if _, err := e.mg.SetMode(ctx, models.ModeDualWrite, "test"); err != nil {
			t.Fatalf("a step back: %v", err)
		}
		if _, err := e.mg.SetMode(ctx, "SIDEWAYS", "test"); models.ErrorCode(err) != models.CodeInvalidInput {
			t.Fatalf("an unknown mode: %v", err)
		}
	})
}
