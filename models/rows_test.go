package models

import (
	"slices"
	"sync"
	"testing"

	"gorm.io/gorm/schema"
)

// The hand-written column lists are every column of their model but the
// id, and give one value per column.
func TestColumnsFollowTheModels(t *testing.T) {
	for _, tc := range []struct {
		model  any
		cols   []string
		values int
	}{
		{&UserCoupon{}, UserCouponColumns, len((&UserCoupon{}).AppendValues(nil))},
		{&CouponEvent{}, CouponEventColumns, len((&CouponEvent{}).AppendValues(nil))},
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
