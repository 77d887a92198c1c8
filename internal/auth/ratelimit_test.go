package auth_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/limit"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

func TestReserve(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		l := auth.NewLimiter(testenv.Redis(t, b), testenv.Unique()+":rate:")
		ctx := context.Background()
		user := auth.Budget{Key: "user", Rate: limit.Rate{N: 5, Period: time.Minute}, What: "wrong codes"}
		platform := auth.Budget{Key: "platform", Rate: limit.Rate{N: 3, Period: time.Minute}, What: "wrong codes on the platform"}

		t.Run("RacersNeverPassTheBudget", func(t *testing.T) {
			var wg sync.WaitGroup
			var mu sync.Mutex
			passed, limited := 0, 0
			for range 40 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := l.Reserve(ctx, user, platform)
					mu.Lock()
					defer mu.Unlock()
					var me *models.Error
					switch {
					case err == nil:
						passed++
					case errors.As(err, &me) && me.Code == models.CodeRateLimited:
						limited++
					default:
						t.Errorf("reserve: %v", err)
					}
				}()
			}
			wg.Wait()
			if passed != 3 || limited != 37 {
				t.Fatalf("%d passed and %d were refused; want 3 (the platform's budget) and 37", passed, limited)
			}
		})

		t.Run("ARefusalGivesBackWhatItSpent", func(t *testing.T) {
			// The platform refused the 37: had they kept the user's events,
			// the user's budget of 5 would be spent. It holds 2 more.
			other := auth.Budget{Key: "platform-2", Rate: limit.Rate{N: 100, Period: time.Minute}, What: "x"}
			for i := range 2 {
				if _, err := l.Reserve(ctx, user, other); err != nil {
					t.Fatalf("reservation %d of the user's last 2: %v", i+1, err)
				}
			}
			_, err := l.Reserve(ctx, user, other)
			var me *models.Error
			if !errors.As(err, &me) || me.Code != models.CodeRateLimited || me.Message == "" {
				t.Fatalf("a 6th reservation of the user: %v; want RATE_LIMITED", err)
			}
		})

		t.Run("ReleaseGivesTheEventBack", func(t *testing.T) {
			one := auth.Budget{Key: "one", Rate: limit.Rate{N: 1, Period: time.Minute}, What: "tries"}
			release, err := l.Reserve(ctx, one)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := l.Reserve(ctx, one); err == nil {
				t.Fatal("a budget of 1 passed twice")
			}
			release()
			if _, err := l.Reserve(ctx, one); err != nil {
				t.Fatalf("after the release: %v", err)
			}
		})
	})
}
