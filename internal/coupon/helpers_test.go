package coupon_test

import (
	"testing"

	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/testenv"
)

func lockerFor(t *testing.T, e *env) *lock.Locker {
	t.Helper()
	return lock.New(testenv.Redis(t, testenv.Backend{RedisAddr: e.addr}), lock.Options{Prefix: e.prefix + "lock:"})
}

// stopRedis takes the embedded backend's Redis away.
func stopRedis(t *testing.T, e *env) {
	t.Helper()
	if e.mini == nil {
		t.Fatal("stopRedis needs the embedded backend")
	}
	e.mini.Close()
}
