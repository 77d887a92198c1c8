package codes_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/coalesce"
	"github.com/coupond/coupond/internal/codes"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/httpapi"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/tags"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

const secret = "codes test secret, 32 bytes long"

type env struct {
	store  *store.Store
	engine *coupon.Service
	limits *auth.Limiter
	prefix string
}

func mustEnv(t *testing.T, b testenv.Backend) *env {
	t.Helper()
	e := &env{store: testenv.Store(t, b), prefix: testenv.Unique() + ":"}
	rdb := testenv.Redis(t, b)
	c := cache.New(rdb, cache.Options{Prefix: e.prefix + "cache:", Channel: e.prefix + "invalidate"})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); _ = c.Close() })
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	e.engine = coupon.NewService(e.store, c, lock.New(rdb, lock.Options{Prefix: e.prefix + "lock:"}), tags.NewService(e.store, c, nil),
		coupon.Options{Defaults: models.CouponDefaults{Currency: "USD", StockSlots: 8}, Redis: rdb, KeyPrefix: e.prefix})
	e.limits = auth.NewLimiter(rdb, e.prefix+"rate:")
	return e
}

// service starts a worker (an instance) and returns its service.
func (e *env) service(t *testing.T, o codes.Options) *codes.Service {
	t.Helper()
	if o.Secret == nil {
		o.Secret = []byte(secret)
	}
	svc, err := codes.NewService(e.store, e.engine, o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { svc.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return svc
}

func codeCoupon(t *testing.T, e *env, stock int64, perUser int) *models.Coupon {
	t.Helper()
	amount := decimal.NewFromInt(5)
	days := 30
	c, err := e.engine.Create(context.Background(), &models.CouponSpec{Name: "=HYPERLINK(\"http://evil\")", Discount: models.DiscountSpec{Kind: models.AmountOff, AmountOff: &amount},
		Validity: models.ValiditySpec{Kind: models.ValidityRelative, Days: &days}, TotalStock: stock, PerUserLimit: &perUser,
		Channels: []models.Channel{models.ChannelCode}})
	if err != nil {
		t.Fatal(err)
	}
	if c, err = e.engine.Activate(context.Background(), fmt.Sprint(c.ID)); err != nil {
		t.Fatal(err)
	}
	return c
}

func waitBatch(t *testing.T, svc *codes.Service, id uint64, limit time.Duration, want models.JobStatus) *models.CodeBatch {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		b, err := svc.Batch(context.Background(), fmt.Sprint(id))
		if err != nil {
			t.Fatal(err)
		}
		if b.Status == want {
			return b
		}
		if b.Status.Done() || time.Now().After(deadline) {
			t.Fatalf("batch %d is %s (%d of %d generated, %q), want %s", id, b.Status, b.Generated, b.Count, b.LastError, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var operator = &auth.Principal{ID: "1", Name: "olive", Kind: models.KindConsoleUser, Roles: []models.Role{models.RoleOperator}}

// export downloads a batch's CSV as p through a fresh link signed for
// signer, and returns the status and body.
func export(t *testing.T, svc *codes.Service, b *models.CodeBatch, signer, p *auth.Principal) (int, string) {
	t.Helper()
	link := svc.ExportURL(auth.WithPrincipal(context.Background(), signer), b)
	if link == "" {
		return 0, ""
	}
	return get(t, svc, link, p)
}

func get(t *testing.T, svc *codes.Service, link string, p *auth.Principal) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, link, nil)
	if p != nil {
		req = req.WithContext(auth.WithPrincipal(req.Context(), p))
	}
	httpapi.CodesExport(svc, nil).ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// csvCodes reads the code column of an export.
func csvCodes(t *testing.T, body string) []string {
	t.Helper()
	if !strings.HasPrefix(body, "\xEF\xBB\xBF") {
		t.Fatal("the export does not start with a UTF-8 BOM")
	}
	sc := bufio.NewScanner(strings.NewReader(strings.TrimPrefix(body, "\xEF\xBB\xBF")))
	sc.Scan()
	if sc.Text() != "code,coupon_id,coupon_name,batch_id,redeemed" {
		t.Fatalf("export header %q", sc.Text())
	}
	var out []string
	for sc.Scan() {
		cells := strings.Split(sc.Text(), ",")
		if !strings.HasPrefix(cells[2], `"'=HYPERLINK(`) {
			t.Fatalf("the coupon name is not neutralised: %q", sc.Text())
		}
		out = append(out, cells[0])
	}
	return out
}

func redeem(svc *codes.Service, user, code, request string) (*coupon.Claimed, error) {
	return svc.Redeem(context.Background(), codes.RedeemRequest{UserID: user, Code: code, RequestID: request})
}

func wantCode(t *testing.T, err error, code models.Code) {
	t.Helper()
	var e *models.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

func TestBatchOf100kCodes(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		svc := e.service(t, codes.Options{})
		c := codeCoupon(t, e, 1000, 1)
		n := int64(100_000)
		if testing.Short() {
			n = 10_000
		}
		batch, err := svc.Generate(context.Background(), codes.GenerateRequest{CouponID: fmt.Sprint(c.ID), Count: n, Prefix: "SALE", By: "olive"})
		if err != nil {
			t.Fatal(err)
		}
		batch = waitBatch(t, svc, batch.ID, 5*time.Minute, models.JobCompleted)
		if batch.Generated != n {
			t.Fatalf("generated %d, want %d", batch.Generated, n)
		}
		var rows int64
		e.store.Meta.Model(&models.RedeemCode{}).Where("batch_id = ?", batch.ID).Count(&rows)
		if rows != n {
			t.Fatalf("%d rows stored, want %d", rows, n)
		}
		status, body := export(t, svc, batch, operator, operator)
		if status != http.StatusOK {
			t.Fatalf("export: %d %s", status, body)
		}
		all := csvCodes(t, body)
		seen := make(map[string]bool, len(all))
		for _, code := range all {
			if !strings.HasPrefix(code, "SALE") || len(code) != 4+codes.DefaultLength {
				t.Fatalf("code %q: want SALE and %d characters", code, codes.DefaultLength)
			}
			seen[code] = true
		}
		if int64(len(seen)) != n {
			t.Fatalf("%d distinct codes in an export of %d lines, want %d", len(seen), len(all), n)
		}
		// What the database holds is not what a user types.
		var stored models.RedeemCode
		e.store.Meta.Where("batch_id = ?", batch.ID).Order("seq").Take(&stored)
		if strings.Contains(string(stored.Lookup)+string(stored.Sealed), all[0][4:]) || len(stored.Sealed) != 16 {
			t.Fatal("the stored row contains the code")
		}
		// A sample redeems (lower case, with dashes, as people type).
		for i := 0; i < 20; i++ {
			code := all[i*int(n)/20]
			typed := strings.ToLower(code[:8] + "-" + code[8:])
			res, err := redeem(svc, fmt.Sprintf("sample-%d", i), typed, "r1")
			if err != nil {
				t.Fatalf("redeem %q: %v", typed, err)
			}
			if res.UserCoupon.Channel != models.ChannelCode || res.UserCoupon.CouponID != c.ID {
				t.Fatalf("redeemed %+v", res.UserCoupon)
			}
		}
		if batch, _ = svc.Batch(context.Background(), fmt.Sprint(batch.ID)); batch.Redeemed != 20 {
			t.Fatalf("batch counts %d redeemed, want 20", batch.Redeemed)
		}
	})
}

// queryCounter counts the statements a database runs.
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) attach(t *testing.T, db *gorm.DB) {
	t.Helper()
	cb := func(*gorm.DB) { q.n.Add(1) }
	name := "test:count:" + fmt.Sprint(time.Now().UnixNano())
	for _, err := range []error{
		db.Callback().Query().Before("gorm:query").Register(name, cb),
		db.Callback().Raw().Before("gorm:raw").Register(name, cb),
		db.Callback().Row().Before("gorm:row").Register(name, cb),
		db.Callback().Update().Before("gorm:update").Register(name, cb),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestRedemption(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		floor := 30 * time.Millisecond
		svc := e.service(t, codes.Options{InvalidFloor: floor, ChunkSize: 100})
		c := codeCoupon(t, e, 1000, 1)
		batch, err := svc.Generate(context.Background(), codes.GenerateRequest{CouponID: fmt.Sprint(c.ID), Count: 300, By: "olive"})
		if err != nil {
			t.Fatal(err)
		}
		batch = waitBatch(t, svc, batch.ID, time.Minute, models.JobCompleted)
		_, body := export(t, svc, batch, operator, operator)
		all := csvCodes(t, body)
		if len(all) != 300 {
			t.Fatalf("exported %d codes, want 300", len(all))
		}

		t.Run("OneOf50ParallelRedemptionsWins", func(t *testing.T) {
			var wg sync.WaitGroup
			var won, lost atomic.Int64
			for i := 0; i < 50; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := redeem(svc, fmt.Sprintf("racer-%d", i), all[0], "race")
					var me *models.Error
					switch {
					case err == nil:
						won.Add(1)
					case errors.As(err, &me) && me.Code == models.CodeCodeUsed:
						lost.Add(1)
					default:
						t.Errorf("racer %d: %v", i, err)
					}
				}()
			}
			wg.Wait()
			var issued int64
			for i := 0; i < 50; i++ {
				uc, err := e.engine.FindRequest(context.Background(), fmt.Sprintf("racer-%d", i), "race")
				if err != nil {
					t.Fatal(err)
				}
				if uc != nil {
					issued++
				}
			}
			if won.Load() != 1 || lost.Load() != 49 || issued != 1 {
				t.Fatalf("won %d, CODE_USED %d, coupons issued %d; want 1, 49, 1", won.Load(), lost.Load(), issued)
			}
		})

		t.Run("SharedMarksKeepEachAnswer", func(t *testing.T) {
			// 20 codes, each typed at once by three users and retried by
			// the first of them: the marks go in shared transactions, and
			// each redemption still gets its own answer.
			before, err := svc.Batch(context.Background(), fmt.Sprint(batch.ID))
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			var won, replayed, used atomic.Int64
			for k := range 20 {
				for u := range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						user := fmt.Sprintf("sharer-%d-%d", k, min(u, 2)) // u=3 retries u=2's request
						res, err := redeem(svc, user, all[10+k], "share")
						var me *models.Error
						switch {
						case err == nil && res.Replayed:
							replayed.Add(1)
						case err == nil:
							won.Add(1)
						case errors.As(err, &me) && me.Code == models.CodeCodeUsed:
							used.Add(1)
						default:
							t.Errorf("%s: %v", user, err)
						}
					}()
				}
			}
			wg.Wait()
			after, err := svc.Batch(context.Background(), fmt.Sprint(batch.ID))
			if err != nil {
				t.Fatal(err)
			}
			var marked int64
			if err := e.store.Meta.Model(&models.RedeemCode{}).Where("batch_id = ? AND redeemed_by IS NOT NULL", batch.ID).Count(&marked).Error; err != nil {
				t.Fatal(err)
			}
			// Each code: one winner; its retry (if it won) replays, else the
			// retry and the other losers find it used.
			if won.Load() != 20 || won.Load()+replayed.Load()+used.Load() != 80 {
				t.Fatalf("%d won, %d replayed, %d CODE_USED; want 20 won of 80", won.Load(), replayed.Load(), used.Load())
			}
			if after.Redeemed-before.Redeemed != 20 || after.Redeemed != marked {
				t.Fatalf("the batch counts %d redeemed (%d before), %d codes are marked; want 20 more, equal", after.Redeemed, before.Redeemed, marked)
			}
			t.Logf("largest shared mark so far: %d redemptions", coalesce.Max("code-mark"))
		})

		t.Run("RetryReplaysAndOthersFindItUsed", func(t *testing.T) {
			first, err := redeem(svc, "ann", all[1], "ann-1")
			if err != nil || first.Replayed {
				t.Fatalf("first redemption: %+v %v", first, err)
			}
			again, err := redeem(svc, "ann", all[1], "ann-1")
			if err != nil || !again.Replayed || again.UserCoupon.ID != first.UserCoupon.ID {
				t.Fatalf("retry: %+v %v; want the same coupon, replayed", again, err)
			}
			_, err = redeem(svc, "ann", all[1], "ann-2")
			wantCode(t, err, models.CodeCodeUsed)
			_, err = redeem(svc, "bob", all[1], "bob-1")
			wantCode(t, err, models.CodeCodeUsed)
		})

		t.Run("ARefusedClaimGivesTheCodeBack", func(t *testing.T) {
			// ann holds one already (limit 1): her redemption is refused
			// and the code stays good for someone else.
			_, err := redeem(svc, "ann", all[2], "ann-3")
			wantCode(t, err, models.CodeLimitReached)
			if _, err := redeem(svc, "carl", all[2], "carl-1"); err != nil {
				t.Fatalf("the code was not given back: %v", err)
			}
		})

		t.Run("ChangedCharacterIsRejectedWithoutAQuery", func(t *testing.T) {
			var q queryCounter
			q.attach(t, e.store.Meta)
			code := all[3]
			var typo string
			for i := 0; i < len(codes.Alphabet); i++ {
				b := []byte(code)
				b[5] = codes.Alphabet[i]
				if string(b) == code {
					continue
				}
				typo = string(b)
				before := q.n.Load()
				start := time.Now()
				_, err := redeem(svc, "typist", typo, fmt.Sprint("t", i))
				took := time.Since(start)
				var me *models.Error
				if errors.As(err, &me) && me.Code == models.CodeCodeInvalid && q.n.Load() == before {
					if took < floor {
						t.Fatalf("CODE_INVALID after %s, before the floor of %s", took, floor)
					}
					return
				}
			}
			t.Fatalf("no one-character change of %q was rejected without a query", code)
		})

		t.Run("MissingCodeLooksLikeATypo", func(t *testing.T) {
			// A code with a right check part that no batch holds: another
			// deployment's code made with the same secret's check key.
			other := e.service(t, codes.Options{})
			c2 := codeCoupon(t, e, 10, 1)
			b2, err := other.Generate(context.Background(), codes.GenerateRequest{CouponID: fmt.Sprint(c2.ID), Count: 1, By: "olive"})
			if err != nil {
				t.Fatal(err)
			}
			b2 = waitBatch(t, other, b2.ID, time.Minute, models.JobCompleted)
			_, body := export(t, other, b2, operator, operator)
			code := csvCodes(t, body)[0]
			e.store.Meta.Where("batch_id = ?", b2.ID).Delete(&models.RedeemCode{})
			start := time.Now()
			_, err = redeem(svc, "guesser", code, "g1")
			wantCode(t, err, models.CodeCodeInvalid)
			if took := time.Since(start); took < floor {
				t.Fatalf("CODE_INVALID after %s, before the floor of %s", took, floor)
			}
			var me *models.Error
			errors.As(err, &me)
			if me.Message != "this code is not valid" {
				t.Fatalf("message %q differs from a typo's", me.Message)
			}
		})

		t.Run("DisabledBatch", func(t *testing.T) {
			if _, err := svc.Disable(context.Background(), fmt.Sprint(batch.ID)); err != nil {
				t.Fatal(err)
			}
			_, err := redeem(svc, "dora", all[4], "dora-1")
			wantCode(t, err, models.CodeCodeDisabled)
			got, _ := svc.Batch(context.Background(), fmt.Sprint(batch.ID))
			if !got.Disabled || got.Status != models.JobCompleted {
				t.Fatalf("disabled batch is %+v", got)
			}
		})
	})
}

func TestRateLimits(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		limits := codes.DefaultLimits
		svc := e.service(t, codes.Options{Limiter: e.limits, Limits: limits})
		c := codeCoupon(t, e, 10, 1)
		batch, err := svc.Generate(context.Background(), codes.GenerateRequest{CouponID: fmt.Sprint(c.ID), Count: 1, By: "olive"})
		if err != nil {
			t.Fatal(err)
		}
		batch = waitBatch(t, svc, batch.ID, time.Minute, models.JobCompleted)
		_, body := export(t, svc, batch, operator, operator)
		good := csvCodes(t, body)[0]

		invalid, limited := 0, 0
		for i := 0; i < 100; i++ {
			_, err := redeem(svc, "mallory", fmt.Sprintf("WRONG%012d", i), fmt.Sprint("m", i))
			var me *models.Error
			switch {
			case errors.As(err, &me) && me.Code == models.CodeCodeInvalid:
				invalid++
			case errors.As(err, &me) && me.Code == models.CodeRateLimited:
				limited++
			default:
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		if invalid != limits.FailsPerUser.N || limited != 100-limits.FailsPerUser.N {
			t.Fatalf("%d CODE_INVALID and %d RATE_LIMITED; want %d and the rest", invalid, limited, limits.FailsPerUser.N)
		}
		// Even a right code is refused to mallory now; others go on.
		_, err = redeem(svc, "mallory", good, "m-good")
		wantCode(t, err, models.CodeRateLimited)
		if _, err := redeem(svc, "honest", good, "h1"); err != nil {
			t.Fatalf("another user: %v", err)
		}

		// Per client address: a shopper spreading guesses over many user
		// ids from one address meets the IP budget.
		// The budget refills at N per period while the loop runs (slowly,
		// under the race detector), so the refusal may come a few attempts
		// after the N-th: no later than the burst plus what refilled.
		refused, allowed := false, 0
		start := time.Now()
		for i := 0; i < 3*limits.PerIP.N && !refused; i++ {
			_, err := svc.Redeem(context.Background(), codes.RedeemRequest{UserID: fmt.Sprint("sock-", i), Code: good, RequestID: "x", ClientIP: "203.0.113.9"})
			var me *models.Error
			if refused = errors.As(err, &me) && me.Code == models.CodeRateLimited; !refused {
				allowed++
			}
		}
		refill := int(time.Since(start) / (limits.PerIP.Period / time.Duration(limits.PerIP.N)))
		if !refused || allowed > limits.PerIP.N+refill+1 {
			t.Fatalf("one address made %d attempts before a refusal (refused: %v); the budget is %d, plus %d refilled meanwhile",
				allowed, refused, limits.PerIP.N, refill)
		}
	})
}

func TestExportLink(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		now := time.Now()
		var clock atomic.Pointer[time.Time]
		clock.Store(&now)
		svc := e.service(t, codes.Options{Now: func() time.Time { return *clock.Load() }})
		c := codeCoupon(t, e, 10, 1)
		batch, err := svc.Generate(context.Background(), codes.GenerateRequest{CouponID: fmt.Sprint(c.ID), Count: 5, By: "olive"})
		if err != nil {
			t.Fatal(err)
		}
		batch = waitBatch(t, svc, batch.ID, time.Minute, models.JobCompleted)
		analyst := &auth.Principal{ID: "2", Name: "ana", Kind: models.KindConsoleUser, Roles: []models.Role{models.RoleAnalyst}}
		other := &auth.Principal{ID: "3", Name: "otto", Kind: models.KindConsoleUser, Roles: []models.Role{models.RoleOperator}}

		if link := svc.ExportURL(auth.WithPrincipal(context.Background(), analyst), batch); link != "" {
			t.Fatalf("an analyst got an export link %q", link)
		}
		link := svc.ExportURL(auth.WithPrincipal(context.Background(), operator), batch)
		for _, tc := range []struct {
			who  *auth.Principal
			want int
		}{{nil, http.StatusUnauthorized}, {analyst, http.StatusForbidden}, {other, http.StatusForbidden}, {operator, http.StatusOK}} {
			if status, body := get(t, svc, link, tc.who); status != tc.want {
				t.Errorf("download as %v: %d %q, want %d", tc.who, status, body, tc.want)
			}
		}
		if status, _ := get(t, svc, strings.Replace(link, "exp=", "exp=9", 1), operator); status != http.StatusForbidden {
			t.Errorf("a link with a changed expiry: %d, want 403", status)
		}
		later := now.Add(codes.ExportTTL + time.Second)
		clock.Store(&later)
		if status, _ := get(t, svc, link, operator); status != http.StatusGone {
			t.Errorf("an expired link: %d, want 410", status)
		}
	})
}

func TestGenerateRefusesBadInput(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		svc := e.service(t, codes.Options{})
		c := codeCoupon(t, e, 10, 1)
		id := fmt.Sprint(c.ID)
		for _, tc := range []struct {
			r     codes.GenerateRequest
			code  models.Code
			field string
		}{
			{codes.GenerateRequest{CouponID: id, Count: 0}, models.CodeInvalidInput, "count"},
			{codes.GenerateRequest{CouponID: id, Count: codes.MaxCount + 1}, models.CodeInvalidInput, "count"},
			{codes.GenerateRequest{CouponID: id, Count: 5, Prefix: "bad-"}, models.CodeInvalidInput, "prefix"},
			{codes.GenerateRequest{CouponID: id, Count: 5, Length: codes.MinLength - 1}, models.CodeInvalidInput, "length"},
			{codes.GenerateRequest{CouponID: "999999", Count: 5}, models.CodeNotFound, "couponId"},
		} {
			_, err := svc.Generate(context.Background(), tc.r)
			var es models.Errors
			var one *models.Error
			switch {
			case errors.As(err, &es) && es[0].Code == tc.code && es[0].Field[1] == tc.field:
			case errors.As(err, &one) && one.Code == tc.code && one.Field[1] == tc.field:
			default:
				t.Errorf("%+v: got %v, want %s on %s", tc.r, err, tc.code, tc.field)
			}
		}
		amount := decimal.NewFromInt(1)
		closed, err := e.engine.Create(context.Background(), &models.CouponSpec{Name: "claim only", Discount: models.DiscountSpec{Kind: models.AmountOff, AmountOff: &amount},
			Validity: models.ValiditySpec{Kind: models.ValidityRelative, Days: ptr(3)}, TotalStock: 5, Channels: []models.Channel{models.ChannelClaim}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Generate(context.Background(), codes.GenerateRequest{CouponID: fmt.Sprint(closed.ID), Count: 5})
		wantCode(t, err, models.CodeChannelClosed)
	})
}

func ptr[T any](v T) *T { return &v }

// A worker that stops mid-batch leaves a checkpoint; another instance takes
// the batch over when the lease runs out and finishes it: every code once.
func TestGenerationResumesOnAnotherInstance(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		c := codeCoupon(t, e, 10, 1)
		first, err := codes.NewService(e.store, e.engine, codes.Options{Secret: []byte(secret), ChunkSize: 100, Owner: "first"})
		if err != nil {
			t.Fatal(err)
		}
		batch, err := first.Generate(context.Background(), codes.GenerateRequest{CouponID: fmt.Sprint(c.ID), Count: 5000, By: "olive"})
		if err != nil {
			t.Fatal(err)
		}
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { first.Run(ctx); close(done) }()
		for {
			got, _ := first.Batch(context.Background(), fmt.Sprint(batch.ID))
			if got.Generated > 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		stop()
		<-done
		mid, _ := first.Batch(context.Background(), fmt.Sprint(batch.ID))
		if mid.Status != models.JobRunning || mid.Generated >= 5000 {
			t.Skipf("the first worker finished before it was stopped (%d generated)", mid.Generated)
		}
		// The lease is still held: expire it, as the clock would.
		e.store.Meta.Model(&models.CodeBatch{}).Where("id = ?", batch.ID).Update("lease_until", time.Now().Add(-time.Second))
		second := e.service(t, codes.Options{ChunkSize: 100, Owner: "second"})
		done2 := waitBatch(t, second, batch.ID, time.Minute, models.JobCompleted)
		var rows int64
		e.store.Meta.Model(&models.RedeemCode{}).Where("batch_id = ?", batch.ID).Count(&rows)
		if done2.Generated != 5000 || rows != 5000 {
			t.Fatalf("generated %d, stored %d; want 5000 (the first worker had %d)", done2.Generated, rows, mid.Generated)
		}
	})
}
