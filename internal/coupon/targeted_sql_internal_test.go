package coupon

import (
	"slices"
	"sync"
	"testing"

	"gorm.io/gorm/schema"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// The hand-written column lists of the targeted inserts are every column of
// their model but the id, and give one value per column.
func TestInsertColumnsFollowTheModels(t *testing.T) {
	for _, tc := range []struct {
		model  any
		cols   []string
		values int
	}{
		{&models.UserCoupon{}, UserCouponInsertColumns, len(AppendUserCouponValues(nil, &models.UserCoupon{}))},
		{&models.CouponEvent{}, couponEventInsertColumns, len(appendCouponEventValues(nil, &models.CouponEvent{}))},
	} {
		sch, err := schema.Parse(tc.model, &sync.Map{}, schema.NamingStrategy{})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, f := range sch.Fields {
			if f.DBName != "" && !f.PrimaryKey {
				want = append(want, f.DBName)
			}
		}
		got := slices.Clone(tc.cols)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: insert columns %v, model columns %v", sch.Name, tc.cols, want)
		}
		if tc.values != len(tc.cols) {
			t.Errorf("%s: %d values for %d columns", sch.Name, tc.values, len(tc.cols))
		}
	}
}

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
	cols := len(UserCouponInsertColumns)
	for _, tc := range []struct {
		d     store.Dialect
		limit int
	}{{store.MySQL, maxParamsMySQL}, {store.SQLite, maxParamsSQLite}} {
		n := rowsPerStatement(tc.d, cols, 1_000_000)
		if n*cols > tc.limit || (n+1)*cols <= tc.limit {
			t.Errorf("%s: %d rows of %d columns per statement, limit %d parameters", tc.d, n, cols, tc.limit)
		}
		if got := rowsPerStatement(tc.d, cols, 10); got != 10 {
			t.Errorf("%s: %d rows asked 10", tc.d, got)
		}
	}
}
