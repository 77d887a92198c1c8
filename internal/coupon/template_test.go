package coupon_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/campaign"
	"github.com/coupond/coupond/internal/catalog"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/tags"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

type env struct {
	store   *store.Store
	engine  *coupon.Service
	tags    *tags.Service
	catalog *catalog.Service
	// skew moves the engine's clock (nanoseconds), for validity and holds.
	skew   atomic.Int64
	prefix string
	addr   string
	mini   *miniredis.Miniredis // the embedded backend's Redis
	// fault, when set, is what the engine's AfterStock hook returns.
	fault atomic.Pointer[error]
	// instances, after spread, are three instances' engines (engine the
	// first) that claims take turns on; turn counts the claims.
	instances []*coupon.Service
	turn      atomic.Int64
	// lockers are the engines' claim lockers (see settle).
	lockers []*lock.Locker
}

// settle waits until every claim that answered has released its lock and
// written its marks (claims answer first; see coupon.Service.Claim).
func (e *env) settle(t *testing.T) {
	t.Helper()
	for _, l := range e.lockers {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// spread has the claims of claimRetrying and the claim tests' races go to
// three instances in turn, each with its own locks' and databases' shared
// round trips.
func (e *env) spread(t *testing.T) {
	t.Helper()
	e.instances = []*coupon.Service{e.engine, e.newEngine(t), e.newEngine(t)}
}

// next is the engine of the next claim: e.engine, or the instances in turn.
func (e *env) next() *coupon.Service {
	if len(e.instances) == 0 {
		return e.engine
	}
	return e.instances[int(e.turn.Add(1))%len(e.instances)]
}

func (e *env) now() time.Time { return time.Now().Add(time.Duration(e.skew.Load())) }

func (e *env) afterStock(uint64) error {
	if p := e.fault.Load(); p != nil {
		return *p
	}
	return nil
}

func mustEnv(t *testing.T, b testenv.Backend) *env {
	t.Helper()
	e := &env{store: testenv.Store(t, b), prefix: testenv.Unique() + ":"}
	if b.RedisAddr == "" {
		e.mini = miniredis.RunT(t)
		e.addr = e.mini.Addr()
	} else {
		e.addr = testenv.RedisAddr(t, b)
	}
	e.engine = e.newEngine(t)
	return e
}

// newEngine is another instance's engine over the same databases and Redis.
func (e *env) newEngine(t *testing.T) *coupon.Service {
	t.Helper()
	rdb := testenv.Redis(t, testenv.Backend{RedisAddr: e.addr})
	c := cache.New(rdb, cache.Options{Prefix: e.prefix + "cache:", Channel: e.prefix + "invalidate"})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); _ = c.Close() })
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	locker := lock.New(rdb, lock.Options{Prefix: e.prefix + "lock:"})
	e.lockers = append(e.lockers, locker)
	t.Cleanup(func() { _ = locker.Wait(context.Background()) }) // before rdb closes
	tagSvc := tags.NewService(e.store, c, nil)
	e.tags = tagSvc
	e.catalog = catalog.NewService(e.store, c)
	svc := coupon.NewService(e.store, c, locker, tagSvc, coupon.Options{Defaults: models.CouponDefaults{Currency: "USD", StockSlots: 4}, AfterStock: e.afterStock,
		Redis: rdb, KeyPrefix: e.prefix, Catalog: e.catalog, Now: e.now, Campaigns: campaign.NewService(e.store, c, "USD")})
	return svc
}

func ptr[T any](v T) *T { return &v }

func d(s string) *decimal.Decimal { v := decimal.RequireFromString(s); return &v }

func validSpec() *models.CouponSpec {
	return &models.CouponSpec{
		Name:       "Ten off",
		Discount:   models.DiscountSpec{Kind: models.AmountOff, AmountOff: d("10.00"), MinOrderAmount: d("50")},
		Validity:   models.ValiditySpec{Kind: models.ValidityRelative, Days: ptr(7)},
		TotalStock: 103,
	}
}

func mustCreate(t *testing.T, e *env, spec *models.CouponSpec) *models.Coupon {
	t.Helper()
	c, err := e.engine.Create(context.Background(), spec)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return c
}

func id(c *models.Coupon) string { return fmt.Sprint(c.ID) }

func remaining(t *testing.T, e *env, c *models.Coupon) int64 {
	t.Helper()
	m, err := e.engine.Remaining(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m[c.ID]
}

func wantCode(t *testing.T, err error, code models.Code) {
	t.Helper()
	if got := models.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func TestCreate(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()

		t.Run("DefaultsAndSplitStock", func(t *testing.T) {
			c := mustCreate(t, e, validSpec())
			if c.Status != models.CouponDraft || c.Currency != "USD" || c.PerUserLimit != 1 || c.StockSlots != 4 {
				t.Errorf("defaults not applied: %+v", c)
			}
			if !c.HasChannel(models.ChannelClaim) || len(c.Channels) != 1 || c.Scope.Kind != models.ScopeAll {
				t.Errorf("channels %v scope %v", c.Channels, c.Scope)
			}
			if got := remaining(t, e, c); got != 103 {
				t.Errorf("remaining = %d, want 103", got)
			}
			var slots []models.CouponStock
			e.store.Meta.Where("coupon_id = ?", c.ID).Order("slot").Find(&slots)
			if len(slots) != 4 || slots[0].Remaining != 26 || slots[3].Remaining != 25 {
				t.Errorf("slots = %+v, want 26,26,26,25", slots)
			}
			got, err := e.engine.Get(ctx, id(c))
			if err != nil {
				t.Fatal(err)
			}
			if got.Discount.AmountOff.Decimal.String() != "10" || got.Discount.MinOrderAmount.Decimal.String() != "50" {
				t.Errorf("discount read back as %+v", got.Discount)
			}
		})

		t.Run("InvalidFieldsHavePaths", func(t *testing.T) {
			spec := validSpec()
			spec.Name = " "
			spec.Currency = ptr("XYZ")
			spec.Discount = models.DiscountSpec{Kind: models.PercentOff, PercentOff: d("120")}
			spec.Validity = models.ValiditySpec{Kind: models.ValidityFixed, StartsAt: ptr(time.Now()), EndsAt: ptr(time.Now().Add(-time.Hour))}
			spec.TotalStock = 0
			spec.PerUserLimit = ptr(0)
			_, err := e.engine.Create(ctx, spec)
			var errs models.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("want models.Errors, got %v", err)
			}
			got := map[string]bool{}
			for _, fe := range errs {
				got[fmt.Sprint(fe.Field)] = true
			}
			for _, want := range []string{"[input name]", "[input currency]", "[input discount percentOff]",
				"[input validity endsAt]", "[input totalStock]", "[input perUserLimit]"} {
				if !got[want] {
					t.Errorf("no error on %s; got %v", want, errs)
				}
			}
		})

		t.Run("TooManyDecimalsForCurrency", func(t *testing.T) {
			spec := validSpec()
			spec.Currency = ptr("JPY")
			spec.Discount.AmountOff = d("100.5")
			_, err := e.engine.Create(ctx, spec)
			wantCode(t, err, models.CodeInvalidInput)
		})
	})
}

func TestStatusMachine(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		c := mustCreate(t, e, validSpec())

		if _, err := e.engine.Pause(ctx, id(c)); models.ErrorCode(err) != models.CodeInvalidState {
			t.Errorf("pausing a DRAFT: %v, want INVALID_STATE", err)
		}
		steps := []struct {
			name string
			do   func(context.Context, string) (*models.Coupon, error)
			want models.CouponStatus
		}{
			{"Activate", e.engine.Activate, models.CouponActive},
			{"ActivateAgainIsNoop", e.engine.Activate, models.CouponActive},
			{"Pause", e.engine.Pause, models.CouponPaused},
			{"Resume", e.engine.Activate, models.CouponActive},
			{"End", e.engine.End, models.CouponEnded},
		}
		for _, s := range steps {
			got, err := s.do(ctx, id(c))
			if err != nil || got.Status != s.want {
				t.Fatalf("%s: %v, %v; want %s", s.name, got, err, s.want)
			}
		}
		_, err := e.engine.Activate(ctx, id(c))
		wantCode(t, err, models.CodeInvalidState)
		_, err = e.engine.Update(ctx, id(c), validSpec())
		wantCode(t, err, models.CodeInvalidState)
		_, err = e.engine.Activate(ctx, "999999")
		wantCode(t, err, models.CodeNotFound)
		_, err = e.engine.Activate(ctx, "not-an-id")
		wantCode(t, err, models.CodeNotFound)
	})
}

func TestUpdate(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()

		t.Run("DraftTakesAnythingAndRelaysStock", func(t *testing.T) {
			c := mustCreate(t, e, validSpec())
			spec := validSpec()
			spec.TotalStock = 10
			spec.StockSlots = ptr(2)
			spec.Discount = models.DiscountSpec{Kind: models.PercentOff, PercentOff: d("12.5"), MaxDiscount: d("30")}
			got, err := e.engine.Update(ctx, id(c), spec)
			if err != nil {
				t.Fatal(err)
			}
			if got.Discount.Kind != models.PercentOff || got.StockSlots != 2 || remaining(t, e, c) != 10 {
				t.Errorf("update not applied: %+v remaining %d", got, remaining(t, e, c))
			}
		})

		t.Run("ActiveRulesAreFrozen", func(t *testing.T) {
			claimEnd := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Millisecond)
			first := validSpec()
			first.ClaimEndsAt = &claimEnd
			c := mustCreate(t, e, first)
			if _, err := e.engine.Activate(ctx, id(c)); err != nil {
				t.Fatal(err)
			}
			spec := validSpec()
			spec.ClaimEndsAt = &claimEnd
			spec.Name = "Renamed"
			spec.Description = ptr("now with a description")
			spec.Channels = []models.Channel{models.ChannelClaim, models.ChannelCode}
			spec.ClaimEndsAt = ptr(time.Now().Add(48 * time.Hour))
			got, err := e.engine.Update(ctx, id(c), spec)
			if err != nil {
				t.Fatalf("allowed changes refused: %v", err)
			}
			if got.Name != "Renamed" || !got.HasChannel(models.ChannelCode) {
				t.Errorf("not applied: %+v", got)
			}

			spec.Discount.AmountOff = d("20")
			spec.TotalStock = 5
			spec.ClaimEndsAt = ptr(time.Now().Add(time.Hour)) // earlier than before
			_, err = e.engine.Update(ctx, id(c), spec)
			var errs models.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("want field errors, got %v", err)
			}
			fields := map[string]models.Code{}
			for _, fe := range errs {
				fields[fmt.Sprint(fe.Field)] = fe.Code
			}
			for _, f := range []string{"[input discount]", "[input totalStock]", "[input claimEndsAt]"} {
				if fields[f] != models.CodeInvalidState {
					t.Errorf("%s: code %q, want INVALID_STATE (all: %v)", f, fields[f], errs)
				}
			}
		})
	})
}

func TestAddStock(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		c := mustCreate(t, e, validSpec()) // 103 over 4 slots

		got, err := e.engine.AddStock(ctx, id(c), 10)
		if err != nil || got.TotalStock != 113 || remaining(t, e, c) != 113 {
			t.Fatalf("add 10: %v %v remaining %d", got, err, remaining(t, e, c))
		}
		got, err = e.engine.AddStock(ctx, id(c), -100)
		if err != nil || got.TotalStock != 13 || remaining(t, e, c) != 13 {
			t.Fatalf("take back 100: %v %v remaining %d", got, err, remaining(t, e, c))
		}
		_, err = e.engine.AddStock(ctx, id(c), -14)
		wantCode(t, err, models.CodeInvalidInput)
		if remaining(t, e, c) != 13 {
			t.Errorf("a refused take-back changed the stock: %d", remaining(t, e, c))
		}
		_, err = e.engine.AddStock(ctx, id(c), 0)
		wantCode(t, err, models.CodeInvalidInput)

		t.Run("ConcurrentTakeBacksNeverGoBelowZero", func(t *testing.T) {
			var wg sync.WaitGroup
			var mu sync.Mutex
			taken := int64(0)
			for i := 0; i < 8; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := e.engine.AddStock(ctx, id(c), -3); err == nil {
						mu.Lock()
						taken += 3
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			left := remaining(t, e, c)
			if left < 0 || left != 13-taken {
				t.Errorf("remaining %d after taking %d of 13", left, taken)
			}
			var neg int64
			e.store.Meta.Model(&models.CouponStock{}).Where("coupon_id = ? AND remaining < 0", c.ID).Count(&neg)
			if neg != 0 {
				t.Errorf("%d slots below zero", neg)
			}
		})
	})
}

func TestList(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		for i := 0; i < 7; i++ {
			spec := validSpec()
			spec.Name = fmt.Sprintf("Spring sale %d", i)
			if i%2 == 1 {
				spec.Name = fmt.Sprintf("Winter_%d", i)
				spec.Channels = []models.Channel{models.ChannelCode}
			}
			c := mustCreate(t, e, spec)
			if i < 3 {
				if _, err := e.engine.Activate(ctx, id(c)); err != nil {
					t.Fatal(err)
				}
			}
		}
		var seen []uint64
		after := ""
		for {
			p, err := e.engine.List(ctx, coupon.Filter{}, 3, after)
			if err != nil {
				t.Fatal(err)
			}
			if p.TotalCount != 7 {
				t.Fatalf("totalCount %d", p.TotalCount)
			}
			for _, c := range p.Coupons {
				seen = append(seen, c.ID)
			}
			if !p.HasNext {
				break
			}
			after = models.EncodeCursor(p.Coupons[len(p.Coupons)-1].ID)
		}
		if len(seen) != 7 || seen[0] < seen[6] {
			t.Errorf("pages gave %v, want 7 ids newest first", seen)
		}
		cases := []struct {
			name string
			f    coupon.Filter
			want int64
		}{
			{"Status", coupon.Filter{Status: []models.CouponStatus{models.CouponActive}}, 3},
			{"Channel", coupon.Filter{Channel: models.ChannelCode}, 3},
			{"SearchIgnoresCase", coupon.Filter{Search: "SPRING"}, 4},
			{"SearchUnderscoreIsLiteral", coupon.Filter{Search: "r_"}, 3},
			{"Combined", coupon.Filter{Status: []models.CouponStatus{models.CouponDraft}, Search: "winter"}, 2},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				p, err := e.engine.List(ctx, c.f, 50, "")
				if err != nil {
					t.Fatal(err)
				}
				if p.TotalCount != c.want || int64(len(p.Coupons)) != c.want {
					t.Errorf("got %d (%d rows), want %d", p.TotalCount, len(p.Coupons), c.want)
				}
			})
		}
		_, err := e.engine.List(ctx, coupon.Filter{}, 3, "garbage")
		wantCode(t, err, models.CodeInvalidInput)
	})
}

// An update through one instance is seen through another's cache within a
// second (pub/sub invalidation).
func TestCacheInvalidationAcrossInstances(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		other := e.newEngine(t)
		ctx := context.Background()
		c := mustCreate(t, e, validSpec())
		if got, err := other.Get(ctx, id(c)); err != nil || got.Name != "Ten off" {
			t.Fatalf("other instance: %v %v", got, err)
		}
		spec := validSpec()
		spec.Name = "Renamed on instance A"
		if _, err := e.engine.Update(ctx, id(c), spec); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(time.Second)
		for {
			got, err := other.Get(ctx, id(c))
			if err != nil {
				t.Fatal(err)
			}
			if got.Name == "Renamed on instance A" {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("instance B still sees %q after 1s", got.Name)
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}
