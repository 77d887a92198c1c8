package coupon_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// activeCoupon creates and activates a coupon of stock over slots.
func activeCoupon(t *testing.T, e *env, stock int64, slots, limit int, edit func(*models.CouponSpec)) *models.Coupon {
	t.Helper()
	spec := validSpec()
	spec.TotalStock = stock
	spec.StockSlots = ptr(slots)
	spec.PerUserLimit = ptr(limit)
	spec.Channels = []models.Channel{models.ChannelClaim, models.ChannelTargeted}
	if edit != nil {
		edit(spec)
	}
	c := mustCreate(t, e, spec)
	c, err := e.engine.Activate(context.Background(), id(c))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// claimRetrying claims as a client does: BUSY and UNAVAILABLE (a claim
// that stalled past its give-back window on an overloaded machine) are
// retried with the same request.
func claimRetrying(e *env, user string, c *models.Coupon, req string) error {
	for i := 0; ; i++ {
		_, err := claimOn(e.next(), user, c, req)
		if code := models.ErrorCode(err); (code != models.CodeBusy && code != models.CodeUnavailable) || i == 50 {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// claimTally counts the outcomes of racing claims of one user: successes
// and LIMIT_REACHED refusals; any other outcome fails the test.
type claimTally struct{ ok, limited atomic.Int64 }

func (c *claimTally) add(t *testing.T, err error) {
	switch models.ErrorCode(err) {
	case "":
		c.ok.Add(1)
	case models.CodeLimitReached:
		c.limited.Add(1)
	default:
		t.Errorf("unexpected: %v", err)
	}
}

func claim(e *env, user string, c *models.Coupon, req string) (*coupon.Claimed, error) {
	return claimOn(e.engine, user, c, req)
}

// claimOn claims on one instance's engine.
func claimOn(engine *coupon.Service, user string, c *models.Coupon, req string) (*coupon.Claimed, error) {
	return engine.Claim(context.Background(), coupon.ClaimRequest{UserID: user, CouponID: id(c), RequestID: req, Channel: models.ChannelClaim})
}

// issuedRows counts a coupon's user coupons over every shard table, and the
// most any one user holds.
func issuedRows(t *testing.T, e *env, couponID uint64) (total int64, maxPerUser int64) {
	t.Helper()
	for _, db := range e.store.Layout().Shards {
		for _, table := range e.store.Layout().Router.TableNames("user_coupon") {
			var n int64
			if err := db.Table(table).Where("coupon_id = ?", couponID).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			total += n
			var per []int64
			db.Table(table).Select("COUNT(*)").Where("coupon_id = ?", couponID).Group("user_id").Pluck("COUNT(*)", &per)
			for _, p := range per {
				maxPerUser = max(maxPerUser, p)
			}
		}
	}
	return total, maxPerUser
}

func eventRows(t *testing.T, e *env, couponID uint64) (n int64) {
	t.Helper()
	for _, db := range e.store.Layout().Shards {
		for _, table := range e.store.Layout().Router.TableNames("coupon_event") {
			var c int64
			db.Table(table).Where("coupon_id = ? AND kind = 'ISSUED'", couponID).Count(&c)
			n += c
		}
	}
	return n
}

// TestClaimRace: 2,000 users race for 500 units on three instances.
func TestClaimRace(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		e.spread(t)
		c := activeCoupon(t, e, 500, 16, 1, nil)
		const users, workers = 2000, 64
		var next, won, soldOut atomic.Int64
		var unexpected sync.Map
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := next.Add(1) - 1
					if i >= users {
						return
					}
					user := fmt.Sprintf("racer-%d", i)
					err := claimRetrying(e, user, c, "r-"+user)
					switch models.ErrorCode(err) {
					case "":
						won.Add(1)
					case models.CodeOutOfStock:
						soldOut.Add(1)
					default:
						unexpected.Store(user, err)
					}
				}
			}()
		}
		wg.Wait()
		unexpected.Range(func(k, v any) bool { t.Errorf("%v: %v", k, v); return true })
		if won.Load() != 500 {
			t.Errorf("%d claims won, want exactly 500", won.Load())
		}
		if got := remaining(t, e, c); got != 0 {
			t.Errorf("remaining stock %d, want 0", got)
		}
		var neg int64
		e.store.Meta.Model(&models.CouponStock{}).Where("coupon_id = ? AND remaining < 0", c.ID).Count(&neg)
		if neg != 0 {
			t.Errorf("%d slots below zero", neg)
		}
		total, most := issuedRows(t, e, c.ID)
		if total != 500 || most != 1 {
			t.Errorf("%d rows issued, a user holds up to %d; want 500 and 1", total, most)
		}
		if ev := eventRows(t, e, c.ID); ev != 500 {
			t.Errorf("%d ISSUED events, want 500", ev)
		}
	})
}

// TestClaimSameUser: one user's parallel requests on three instances.
func TestClaimSameUser(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		e.spread(t)
		c := activeCoupon(t, e, 1000, 4, 3, nil)

		t.Run("LimitUnderParallelRequests", func(t *testing.T) {
			var tally claimTally
			var busy atomic.Int64
			var wg sync.WaitGroup
			for i := 0; i < 200; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// A client retries BUSY (and UNAVAILABLE) with the same
					// request: on a slow machine (-race, a loaded CI box) the
					// lock's wait can run out for every request at once.
					var err error
					for range 50 {
						if _, err = claimOn(e.next(), "greedy", c, fmt.Sprintf("g-%d", i)); models.ErrorCode(err) != models.CodeBusy && models.ErrorCode(err) != models.CodeUnavailable {
							break
						}
						busy.Add(1)
						time.Sleep(10 * time.Millisecond)
					}
					tally.add(t, err)
				}()
			}
			wg.Wait()
			if tally.ok.Load() != 3 {
				t.Errorf("%d succeeded, want exactly 3 (limited %d, busy %d)", tally.ok.Load(), tally.limited.Load(), busy.Load())
			}
			if total, _ := issuedRows(t, e, c.ID); total != 3 || remaining(t, e, c) != 997 {
				t.Errorf("%d rows, remaining %d; want 3 and 997", total, remaining(t, e, c))
			}
		})

		t.Run("RetriesOfOneRequest", func(t *testing.T) {
			var created, replayed atomic.Int64
			ids := sync.Map{}
			var wg sync.WaitGroup
			for i := 0; i < 50; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// A retry that meets the first attempt's lock is told BUSY:
					// it retries, as a client would, until it gets an answer.
					for {
						res, err := claimOn(e.next(), "retrier", c, "same-request")
						if models.ErrorCode(err) == models.CodeBusy {
							time.Sleep(time.Millisecond)
							continue
						}
						if err != nil {
							t.Errorf("retry: %v", err)
							return
						}
						ids.Store(res.UserCoupon.ID, true)
						if res.Replayed {
							replayed.Add(1)
						} else {
							created.Add(1)
						}
						return
					}
				}()
			}
			wg.Wait()
			n := 0
			ids.Range(func(any, any) bool { n++; return true })
			if created.Load() != 1 || replayed.Load() != 49 || n != 1 {
				t.Errorf("created %d, replayed %d, distinct coupons %d; want 1, 49, 1", created.Load(), replayed.Load(), n)
			}
		})

		t.Run("RequestIDForAnotherCoupon", func(t *testing.T) {
			other := activeCoupon(t, e, 10, 1, 1, nil)
			_, err := claim(e, "retrier", other, "same-request")
			wantCode(t, err, models.CodeConflict)
		})
	})
}

// TestClaimWithoutMarks: a claim that finds no Redis mark of the user
// holding the coupon takes stock before reading anything, on the guess that
// it is the user's first. Here the marks are gone (expired, evicted, or the
// coupon came from a job): the guess is wrong every time, and the limit,
// the replay and the stock must come out as if the claim had read first.
func TestClaimWithoutMarks(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		rdb := testenv.Redis(t, testenv.Backend{RedisAddr: e.addr})
		forget := func() {
			t.Helper()
			e.settle(t)
			ctx := context.Background()
			for _, pattern := range []string{e.prefix + "holds:*", e.prefix + "claimed:*"} {
				keys, err := rdb.Keys(ctx, pattern).Result()
				if err != nil {
					t.Fatal(err)
				}
				if len(keys) > 0 {
					if err := rdb.Del(ctx, keys...).Err(); err != nil {
						t.Fatal(err)
					}
				}
			}
		}

		t.Run("LimitReplayAndNextSeq", func(t *testing.T) {
			c := activeCoupon(t, e, 100, 4, 2, nil)
			first, err := claim(e, "forgotten", c, "a")
			if err != nil {
				t.Fatal(err)
			}
			forget()
			again, err := claim(e, "forgotten", c, "a")
			if err != nil || !again.Replayed || again.UserCoupon.ID != first.UserCoupon.ID {
				t.Fatalf("retry of a: %+v, %v; want the first coupon replayed", again, err)
			}
			forget()
			second, err := claim(e, "forgotten", c, "b")
			if err != nil || second.UserCoupon.Seq != 2 {
				t.Fatalf("b: %+v, %v; want a second coupon, seq 2", second, err)
			}
			forget()
			_, err = claim(e, "forgotten", c, "c")
			wantCode(t, err, models.CodeLimitReached)
			if total, _ := issuedRows(t, e, c.ID); total != 2 || remaining(t, e, c) != 98 {
				t.Errorf("%d rows, remaining %d; want 2 and 98 (the refused claims' units given back)", total, remaining(t, e, c))
			}
		})

		t.Run("RetryBeforeTheMarks", func(t *testing.T) {
			// A claim answers before its lock is given back with its
			// marks: a retry in between, refused on the sold-out fast
			// path, finds the lock still taken and looks in the database.
			c := activeCoupon(t, e, 1, 1, 1, nil)
			first, err := claim(e, "early", c, "a")
			if err != nil {
				t.Fatal(err)
			}
			forget()
			ctx := context.Background()
			pending, err := lockerFor(t, e).Acquire(ctx, fmt.Sprintf("claim:{%s}:%d", "early", c.ID))
			if err != nil {
				t.Fatal(err)
			}
			_, err = claim(e, "late", c, "b")
			wantCode(t, err, models.CodeOutOfStock)
			again, err := claim(e, "early", c, "a")
			if err != nil || !again.Replayed || again.UserCoupon.ID != first.UserCoupon.ID {
				t.Fatalf("retry while the first claim's lock is held: %+v, %v; want the first coupon replayed", again, err)
			}
			if err := pending.Release(ctx); err != nil {
				t.Fatal(err)
			}
			// With neither the lock nor the marks (the marks expired), the
			// fast path answers as it would a new claim.
			_, err = claim(e, "early", c, "a")
			wantCode(t, err, models.CodeOutOfStock)
		})

		t.Run("AfterBatch", func(t *testing.T) {
			c := activeCoupon(t, e, 10, 1, 1, nil)
			if _, err := e.engine.ClaimBatch(context.Background(), coupon.BatchRequest{UserID: "batcher", CouponIDs: []string{id(c)}, RequestID: "all", Channel: models.ChannelClaim}); err != nil {
				t.Fatal(err)
			}
			if n, err := rdb.Exists(context.Background(), e.prefix+"holds:{batcher}:"+id(c)).Result(); err != nil || n != 1 {
				t.Errorf("after a batch claim the holder mark exists: %d, %v", n, err)
			}
			_, err := claim(e, "batcher", c, "single")
			wantCode(t, err, models.CodeLimitReached)
			if remaining(t, e, c) != 9 {
				t.Errorf("remaining %d, want 9", remaining(t, e, c))
			}
		})

		t.Run("BatchWithMarksGone", func(t *testing.T) {
			one := activeCoupon(t, e, 10, 2, 1, nil)
			two := activeCoupon(t, e, 10, 2, 2, nil)
			for _, c := range []*models.Coupon{one, two} {
				if _, err := claim(e, "collector", c, "single-"+id(c)); err != nil {
					t.Fatal(err)
				}
			}
			batch := func() *coupon.BatchClaimed {
				t.Helper()
				forget()
				res, err := e.engine.ClaimBatch(context.Background(), coupon.BatchRequest{UserID: "collector", CouponIDs: []string{id(one), id(two)}, RequestID: "both", Channel: models.ChannelClaim})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			res := batch()
			if res.Items[0].Err == nil || res.Items[0].Err.Code != models.CodeLimitReached {
				t.Errorf("the coupon at its limit: %+v, want LIMIT_REACHED", res.Items[0])
			}
			if uc := res.Items[1].UserCoupon; uc == nil || uc.Seq != 2 {
				t.Errorf("the coupon under its limit: %+v, want a coupon with seq 2", res.Items[1])
			}
			again := batch()
			if !again.Replayed || again.Items[1].UserCoupon == nil || again.Items[1].UserCoupon.ID != res.Items[1].UserCoupon.ID {
				t.Errorf("retry: %+v, want the first attempt replayed", again)
			}
			if remaining(t, e, one) != 9 || remaining(t, e, two) != 8 {
				t.Errorf("remaining %d and %d, want 9 and 8 (the guesses' units given back)", remaining(t, e, one), remaining(t, e, two))
			}
		})

		t.Run("RaceWithMarksGone", func(t *testing.T) {
			// Every request of one user guesses it is the first; the unique
			// keys let exactly the limit through.
			c := activeCoupon(t, e, 100, 4, 3, nil)
			var tally claimTally
			var wg sync.WaitGroup
			for i := range 60 {
				wg.Go(func() {
					forget()
					tally.add(t, claimRetrying(e, "racer", c, fmt.Sprintf("r-%d", i)))
				})
			}
			wg.Wait()
			total, perUser := issuedRows(t, e, c.ID)
			if tally.ok.Load() != 3 || total != 3 || perUser != 3 || remaining(t, e, c) != 97 {
				t.Errorf("%d succeeded (%d limited), %d rows, remaining %d; want 3, 3 rows and 97", tally.ok.Load(), tally.limited.Load(), total, remaining(t, e, c))
			}
		})
	})
}

// queryCounter counts the statements a set of databases runs.
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) attach(t *testing.T, dbs ...*gorm.DB) {
	t.Helper()
	for _, db := range dbs {
		cb := func(*gorm.DB) { q.n.Add(1) }
		name := "test:count:" + fmt.Sprint(time.Now().UnixNano())
		for _, err := range []error{
			db.Callback().Query().Before("gorm:query").Register(name, cb),
			db.Callback().Raw().Before("gorm:raw").Register(name, cb),
			db.Callback().Row().Before("gorm:row").Register(name, cb),
			db.Callback().Create().Before("gorm:create").Register(name, cb),
			db.Callback().Update().Before("gorm:update").Register(name, cb),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestClaimRefusals(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		future := time.Now().Add(time.Hour)
		past := time.Now().Add(-time.Hour)

		cases := []struct {
			name string
			make func() *models.Coupon
			want models.Code
		}{
			{"NotStarted", func() *models.Coupon {
				return activeCoupon(t, e, 5, 1, 1, func(s *models.CouponSpec) { s.ClaimStartsAt = &future })
			}, models.CodeNotStarted},
			{"WindowClosed", func() *models.Coupon {
				return activeCoupon(t, e, 5, 1, 1, func(s *models.CouponSpec) { s.ClaimStartsAt = ptr(past.Add(-time.Hour)); s.ClaimEndsAt = &past })
			}, models.CodeEnded},
			{"Ended", func() *models.Coupon {
				c := activeCoupon(t, e, 5, 1, 1, nil)
				c, _ = e.engine.End(ctx, id(c))
				return c
			}, models.CodeEnded},
			{"Draft", func() *models.Coupon { return mustCreate(t, e, validSpec()) }, models.CodeInactive},
			{"Paused", func() *models.Coupon {
				c := activeCoupon(t, e, 5, 1, 1, nil)
				c, _ = e.engine.Pause(ctx, id(c))
				return c
			}, models.CodeInactive},
			{"ChannelClosed", func() *models.Coupon {
				return activeCoupon(t, e, 5, 1, 1, func(s *models.CouponSpec) { s.Channels = []models.Channel{models.ChannelCode} })
			}, models.CodeChannelClosed},
			{"NotEligible", func() *models.Coupon {
				return activeCoupon(t, e, 5, 1, 1, func(s *models.CouponSpec) { s.TagRule = &models.TagRuleSpec{AnyOf: []string{"vip"}} })
			}, models.CodeNotEligible},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				cp := c.make()
				_, err := claim(e, "refused-user", cp, "req-"+c.name)
				wantCode(t, err, c.want)
				if total, _ := issuedRows(t, e, cp.ID); total != 0 || remaining(t, e, cp) != 5 && cp.TotalStock == 5 {
					t.Errorf("a refused claim changed something: %d rows, remaining %d", total, remaining(t, e, cp))
				}
			})
		}

		t.Run("TagRuleMet", func(t *testing.T) {
			if _, err := e.tags.Create(ctx, "vip", "", models.TagRealtime); err != nil {
				t.Fatal(err)
			}
			cp := activeCoupon(t, e, 5, 1, 1, func(s *models.CouponSpec) { s.TagRule = &models.TagRuleSpec{AnyOf: []string{"vip"}} })
			if _, err := claim(e, "vip-user", cp, "first"); models.ErrorCode(err) != models.CodeNotEligible {
				t.Fatalf("before tagging: %v", err)
			}
			if _, err := e.tags.SetUserTags(ctx, "vip-user", []string{"vip"}, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := claim(e, "vip-user", cp, "second"); err != nil {
				t.Errorf("after tagging: %v", err)
			}
		})

		t.Run("LimitReached", func(t *testing.T) {
			cp := activeCoupon(t, e, 5, 1, 1, nil)
			if _, err := claim(e, "limited", cp, "one"); err != nil {
				t.Fatal(err)
			}
			_, err := claim(e, "limited", cp, "two")
			wantCode(t, err, models.CodeLimitReached)
		})

		t.Run("OutOfStockWithoutTouchingADatabase", func(t *testing.T) {
			cp := activeCoupon(t, e, 1, 2, 1, nil)
			if _, err := claim(e, "first-comer", cp, "a"); err != nil {
				t.Fatal(err)
			}
			_, err := claim(e, "second", cp, "b")
			wantCode(t, err, models.CodeOutOfStock)
			var q queryCounter
			q.attach(t, append(e.store.Layout().Shards, e.store.Meta)...)
			for i := 0; i < 20; i++ {
				_, err = claim(e, fmt.Sprintf("late-%d", i), cp, "c")
				wantCode(t, err, models.CodeOutOfStock)
			}
			if n := q.n.Load(); n != 0 {
				t.Errorf("sold-out refusals ran %d statements, want 0", n)
			}
			if res, err := claim(e, "first-comer", cp, "a"); err != nil || !res.Replayed {
				t.Errorf("a retry of the winning claim after the sell-out: %v %v, want a replay", res, err)
			}
			if _, err := e.engine.AddStock(ctx, id(cp), 1); err != nil {
				t.Fatal(err)
			}
			if _, err := claim(e, "after-restock", cp, "d"); err != nil {
				t.Errorf("after addStock: %v", err)
			}
		})

		t.Run("Busy", func(t *testing.T) {
			cp := activeCoupon(t, e, 5, 1, 1, nil)
			held, err := lockerFor(t, e).Acquire(ctx, fmt.Sprintf("claim:{%s}:%d", "blocked", cp.ID))
			if err != nil {
				t.Fatal(err)
			}
			defer held.Release(ctx)
			_, err = claim(e, "blocked", cp, "x")
			wantCode(t, err, models.CodeBusy)
		})

		t.Run("BadRequestID", func(t *testing.T) {
			cp := activeCoupon(t, e, 5, 1, 1, nil)
			_, err := claim(e, "u", cp, "")
			wantCode(t, err, models.CodeInvalidInput)
		})
	})
}

func TestClaimFaults(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()

		t.Run("FailureAfterStockGivesItBack", func(t *testing.T) {
			cp := activeCoupon(t, e, 10, 2, 5, nil)
			boom := errors.New("injected insert failure")
			e.fault.Store(&boom)
			_, err := claim(e, "unlucky", cp, "f1")
			e.fault.Store(nil)
			wantCode(t, err, models.CodeUnavailable)
			if got := remaining(t, e, cp); got != 10 {
				t.Errorf("remaining %d after a failed claim, want 10 (the unit given back)", got)
			}
			if total, _ := issuedRows(t, e, cp.ID); total != 0 {
				t.Errorf("%d rows after a failed claim", total)
			}
		})

		// The user coupon is written and then its outbox event fails: the
		// transaction is undone whole and the unit given back. On one
		// connection, so that a transaction left open by the failure (which
		// the next claim's START TRANSACTION would commit) shows up as a row.
		t.Run("FailedEventUndoesTheRow", func(t *testing.T) {
			cp := activeCoupon(t, e, 10, 2, 5, nil)
			db, route := e.store.Shard("half-written")
			pool, err := db.DB()
			if err != nil {
				t.Fatal(err)
			}
			pool.SetMaxOpenConns(1)
			defer pool.SetMaxOpenConns(0)
			events, away := route.CouponEventTable(), route.CouponEventTable()+"_away"
			if err := db.Exec("ALTER TABLE " + events + " RENAME TO " + away).Error; err != nil {
				t.Fatal(err)
			}
			_, err = claim(e, "half-written", cp, "h1")
			if err := db.Exec("ALTER TABLE " + away + " RENAME TO " + events).Error; err != nil {
				t.Fatal(err)
			}
			wantCode(t, err, models.CodeUnavailable)
			if got := remaining(t, e, cp); got != 10 {
				t.Errorf("remaining %d after a failed claim, want 10 (the unit given back)", got)
			}
			if _, err := claim(e, "half-written", cp, "h2"); err != nil {
				t.Fatal(err)
			}
			total, _ := issuedRows(t, e, cp.ID)
			if total != 1 || eventRows(t, e, cp.ID) != 1 {
				t.Errorf("%d rows and %d events after a failed and a good claim, want 1 and 1", total, eventRows(t, e, cp.ID))
			}
			page, err := e.engine.UserCoupons(ctx, "half-written", nil, 10, "")
			if err != nil || len(page.UserCoupons) != 1 || page.UserCoupons[0].RequestID != "h2" {
				t.Errorf("the user holds %+v (%v), want the coupon of h2 only", page, err)
			}
		})

		t.Run("CrashLeakIsReconciled", func(t *testing.T) {
			cp := activeCoupon(t, e, 10, 2, 5, nil)
			for i := 0; i < 3; i++ {
				if _, err := claim(e, fmt.Sprintf("fine-%d", i), cp, "ok"); err != nil {
					t.Fatal(err)
				}
			}
			crash := coupon.ErrCrash
			e.fault.Store(&crash)
			for i := 0; i < 2; i++ {
				_, _ = claim(e, fmt.Sprintf("crashed-%d", i), cp, "c")
			}
			e.fault.Store(nil)
			if got := remaining(t, e, cp); got != 5 {
				t.Fatalf("remaining %d: the crash should have leaked 2 units (10 - 3 - 2)", got)
			}
			repaired, err := e.engine.Reconcile(ctx, 0, cp.ID)
			if err != nil || repaired[cp.ID] != 2 {
				t.Fatalf("reconcile repaired %v (%v), want 2", repaired, err)
			}
			if got := remaining(t, e, cp); got != 7 {
				t.Errorf("remaining %d after reconcile, want 7", got)
			}
			if again, _ := e.engine.Reconcile(ctx, 0, cp.ID); again[cp.ID] != 0 {
				t.Errorf("a second reconcile repaired %d more", again[cp.ID])
			}
		})
	})
}

func TestClaimWithRedisDown(t *testing.T) {
	// Only the embedded backend can lose its Redis on purpose.
	b := testenv.Backends(t)[0]
	e := mustEnv(t, b)
	c := activeCoupon(t, e, 100, 4, 2, nil)
	stopRedis(t, e)
	var ok atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := claim(e, "no-redis", c, fmt.Sprintf("n-%d", i)); err == nil {
				ok.Add(1)
			} else if code := models.ErrorCode(err); code != models.CodeLimitReached {
				t.Errorf("unexpected %v", err)
			}
		}()
	}
	wg.Wait()
	total, most := issuedRows(t, e, c.ID)
	if ok.Load() != 2 || total != 2 || most != 2 || remaining(t, e, c) != 98 {
		t.Errorf("without Redis: %d ok, %d rows, remaining %d; want 2, 2, 98", ok.Load(), total, remaining(t, e, c))
	}
}

func TestClaimBatch(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		a := activeCoupon(t, e, 10, 2, 1, nil)
		soldOut := activeCoupon(t, e, 1, 1, 1, nil)
		if _, err := claim(e, "someone", soldOut, "x"); err != nil {
			t.Fatal(err)
		}
		draft := mustCreate(t, e, validSpec())
		c := activeCoupon(t, e, 10, 2, 1, nil)
		ids := []string{id(a), id(soldOut), id(draft), id(c), "999999"}
		req := coupon.BatchRequest{UserID: "batcher", CouponIDs: ids, RequestID: "b1", Channel: models.ChannelClaim}
		res, err := e.engine.ClaimBatch(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		want := []models.Code{"", models.CodeOutOfStock, models.CodeInactive, "", models.CodeNotFound}
		for i, it := range res.Items {
			got := models.Code("")
			if it.Err != nil {
				got = it.Err.Code
			}
			if it.CouponID != ids[i] || got != want[i] || (got == "") != (it.UserCoupon != nil) {
				t.Errorf("item %d: %s %v %v, want %s", i, it.CouponID, got, it.UserCoupon, want[i])
			}
		}
		if remaining(t, e, a) != 9 || remaining(t, e, c) != 9 {
			t.Errorf("stock after batch: %d, %d", remaining(t, e, a), remaining(t, e, c))
		}

		t.Run("Replay", func(t *testing.T) {
			again, err := e.engine.ClaimBatch(ctx, req)
			if err != nil || !again.Replayed {
				t.Fatalf("%v %v", again, err)
			}
			if again.Items[0].UserCoupon == nil || again.Items[0].UserCoupon.ID != res.Items[0].UserCoupon.ID || again.Items[1].UserCoupon != nil {
				t.Errorf("replay differs: %+v", again.Items)
			}
			if remaining(t, e, a) != 9 {
				t.Error("a replay took stock")
			}
		})

		// Every coupon still open: the replay is found under the locks.
		t.Run("ReplayAllOpen", func(t *testing.T) {
			p, q := activeCoupon(t, e, 10, 2, 1, nil), activeCoupon(t, e, 10, 2, 1, nil)
			req := coupon.BatchRequest{UserID: "batcher", CouponIDs: []string{id(p), id(q)}, RequestID: "b3", Channel: models.ChannelClaim}
			first, err := e.engine.ClaimBatch(ctx, req)
			if err != nil || first.Replayed || first.Items[0].UserCoupon == nil || first.Items[1].UserCoupon == nil {
				t.Fatalf("%+v %v", first, err)
			}
			again, err := e.engine.ClaimBatch(ctx, req)
			if err != nil || !again.Replayed {
				t.Fatalf("%+v %v", again, err)
			}
			for i := range again.Items {
				if u := again.Items[i].UserCoupon; u == nil || u.ID != first.Items[i].UserCoupon.ID {
					t.Errorf("item %d replayed as %+v, want id %d", i, u, first.Items[i].UserCoupon.ID)
				}
			}
			if remaining(t, e, p) != 9 || remaining(t, e, q) != 9 {
				t.Errorf("a replay took stock: %d, %d left", remaining(t, e, p), remaining(t, e, q))
			}
		})

		t.Run("LimitAcrossBatches", func(t *testing.T) {
			res, err := e.engine.ClaimBatch(ctx, coupon.BatchRequest{UserID: "batcher", CouponIDs: []string{id(a)}, RequestID: "b2", Channel: models.ChannelClaim})
			if err != nil || res.Items[0].Err == nil || res.Items[0].Err.Code != models.CodeLimitReached {
				t.Errorf("%+v %v", res, err)
			}
		})

		t.Run("TooMany", func(t *testing.T) {
			many := make([]string, 21)
			for i := range many {
				many[i] = fmt.Sprint(1000 + i)
			}
			_, err := e.engine.ClaimBatch(ctx, coupon.BatchRequest{UserID: "u", CouponIDs: many, RequestID: "tm", Channel: models.ChannelClaim})
			wantCode(t, err, models.CodeTooMany)
		})

		t.Run("Duplicates", func(t *testing.T) {
			_, err := e.engine.ClaimBatch(ctx, coupon.BatchRequest{UserID: "u", CouponIDs: []string{id(a), id(a)}, RequestID: "d", Channel: models.ChannelClaim})
			wantCode(t, err, models.CodeInvalidInput)
		})

		t.Run("ParallelBatchesNeverOverIssue", func(t *testing.T) {
			x := activeCoupon(t, e, 30, 4, 1, nil)
			y := activeCoupon(t, e, 30, 4, 1, nil)
			e.spread(t)
			defer func() { e.instances = nil }()
			var wg sync.WaitGroup
			for i := 0; i < 80; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// Half the users ask in one order, half in the other: sorted
					// lock order means no deadlock either way.
					pair := []string{id(x), id(y)}
					if i%2 == 1 {
						pair = []string{id(y), id(x)}
					}
					for {
						_, err := e.next().ClaimBatch(ctx, coupon.BatchRequest{UserID: fmt.Sprintf("pb-%d", i%40), CouponIDs: pair, RequestID: fmt.Sprintf("pb-%d", i), Channel: models.ChannelClaim})
						if models.ErrorCode(err) == models.CodeBusy {
							continue
						}
						if err != nil {
							t.Errorf("batch: %v", err)
						}
						return
					}
				}()
			}
			wg.Wait()
			for _, cp := range []*models.Coupon{x, y} {
				total, most := issuedRows(t, e, cp.ID)
				if total != 30 || most != 1 || remaining(t, e, cp) != 0 {
					t.Errorf("coupon %d: %d rows, max per user %d, remaining %d; want 30, 1, 0", cp.ID, total, most, remaining(t, e, cp))
				}
			}
		})
	})
}

func TestClaimableAndUserCoupons(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		open := activeCoupon(t, e, 5, 1, 1, nil)
		twice := activeCoupon(t, e, 5, 1, 2, nil)
		activeCoupon(t, e, 5, 1, 1, func(s *models.CouponSpec) { s.Channels = []models.Channel{models.ChannelCode} })
		mustCreate(t, e, validSpec())
		page, err := e.engine.Claimable(ctx, "browser", "", 50, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Coupons) != 2 || page.Coupons[0].ID != twice.ID || page.Coupons[1].ID != open.ID {
			t.Fatalf("claimable %+v", page.Coupons)
		}
		if _, err := claim(e, "browser", open, "1"); err != nil {
			t.Fatal(err)
		}
		if _, err := claim(e, "browser", twice, "2"); err != nil {
			t.Fatal(err)
		}
		page, _ = e.engine.Claimable(ctx, "browser", "", 50, "")
		if len(page.Coupons) != 1 || page.Coupons[0].ID != twice.ID {
			t.Errorf("after claiming: %+v", page.Coupons)
		}
		ucs, err := e.engine.UserCoupons(ctx, "browser", nil, 1, "")
		if err != nil || ucs.TotalCount != 2 || len(ucs.UserCoupons) != 1 || !ucs.HasNext {
			t.Fatalf("user coupons %+v %v", ucs, err)
		}
		next, err := e.engine.UserCoupons(ctx, "browser", nil, 1, models.EncodeCursor(ucs.UserCoupons[0].ID))
		if err != nil || len(next.UserCoupons) != 1 || next.HasNext {
			t.Errorf("second page %+v %v", next, err)
		}
		uc := ucs.UserCoupons[0]
		if uc.Seq != 1 || uc.Status != models.UserCouponUnused || uc.ValidUntil.Sub(uc.ValidFrom) != 7*24*time.Hour {
			t.Errorf("issued row %+v", uc)
		}
		got, err := e.engine.UserCoupon(ctx, models.UserCouponID("browser", uc.ID))
		if err != nil || got.ID != uc.ID {
			t.Errorf("by public id: %v %v", got, err)
		}
		if unused, _ := e.engine.UserCoupons(ctx, "browser", []models.UserCouponStatus{models.UserCouponExpired}, 10, ""); unused.TotalCount != 0 {
			t.Errorf("expired filter: %d", unused.TotalCount)
		}
	})
}
