package coupon

import (
	"testing"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

func TestSupportsReturning(t *testing.T) {
	for _, tc := range []struct {
		d       store.Dialect
		version string
		want    bool
	}{
		{store.MySQL, "10.11.19-MariaDB-0+deb12u1", true},
		{store.MySQL, "10.5.0-MariaDB", true},
		{store.MySQL, "10.4.32-MariaDB", false},
		{store.MySQL, "11.4.2-MariaDB-log", true},
		{store.MySQL, "5.5.5-10.6.12-MariaDB", true},
		{store.MySQL, "8.0.36", false},
		{store.MySQL, "8.4.0-commercial", false},
		{store.SQLite, "3.50.4", true},
		{store.SQLite, "3.35.0", true},
		{store.SQLite, "3.34.1", false},
		{store.SQLite, "", false},
	} {
		if got := SupportsReturning(tc.d, tc.version); got != tc.want {
			t.Errorf("%s %q: %v, want %v", tc.d, tc.version, got, tc.want)
		}
	}
}

func TestRowsPerStatementKeepsToTheParameterLimits(t *testing.T) {
	cols := len(models.UserCouponColumns)
	for _, tc := range []struct {
		d     store.Dialect
		limit int
	}{{store.MySQL, maxParamsMySQL}, {store.SQLite, maxParamsSQLite}} {
		n := RowsPerStatement(tc.d, cols, 1_000_000)
		if n*cols > tc.limit || (n+1)*cols <= tc.limit {
			t.Errorf("%s: %d rows of %d columns per statement, limit %d parameters", tc.d, n, cols, tc.limit)
		}
		if got := RowsPerStatement(tc.d, cols, 10); got != 10 {
			t.Errorf("%s: %d rows asked 10", tc.d, got)
		}
	}
}
