package coupon_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// The coupon list in each order, a few at a time: every coupon once, in
// order, ties broken by id; a cursor of another order is refused.
func TestListOrder(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		names := []string{"cherry", "apple", "banana", "apple", "date", "banana", "elder"}
		stocks := []int64{30, 10, 20, 10, 50, 40, 10}
		for i, n := range names {
			spec := validSpec()
			spec.Name = n
			spec.TotalStock = stocks[i]
			c := mustCreate(t, e, spec)
			if i%3 == 0 {
				if _, err := e.engine.Activate(ctx, id(c)); err != nil {
					t.Fatal(err)
				}
			}
		}
		all := func(o coupon.Order) []models.Coupon {
			t.Helper()
			var out []models.Coupon
			after := ""
			for range 10 {
				p, err := e.engine.List(ctx, coupon.Filter{Order: o}, 2, after)
				if err != nil {
					t.Fatal(err)
				}
				if p.TotalCount != 7 || len(p.Cursors) != len(p.Coupons) {
					t.Fatalf("totalCount %d, %d cursors for %d coupons", p.TotalCount, len(p.Cursors), len(p.Coupons))
				}
				out = append(out, p.Coupons...)
				if !p.HasNext {
					return out
				}
				after = p.Cursors[len(p.Cursors)-1]
			}
			t.Fatal("no end of pages")
			return nil
		}
		key := func(o coupon.Order, c models.Coupon) string {
			switch o.Field {
			case coupon.OrderName:
				return c.Name
			case coupon.OrderStatus:
				return string(c.Status)
			case coupon.OrderTotalStock:
				return fmt.Sprintf("%020d", c.TotalStock)
			}
			return ""
		}
		for _, o := range []coupon.Order{
			{}, {Asc: true},
			{Field: coupon.OrderName}, {Field: coupon.OrderName, Asc: true},
			{Field: coupon.OrderStatus}, {Field: coupon.OrderStatus, Asc: true},
			{Field: coupon.OrderTotalStock}, {Field: coupon.OrderTotalStock, Asc: true},
		} {
			t.Run(fmt.Sprintf("%s/asc=%v", o.Field, o.Asc), func(t *testing.T) {
				got := all(o)
				want := slices.Clone(got)
				slices.SortStableFunc(want, func(a, b models.Coupon) int {
					c := strings.Compare(key(o, a), key(o, b))
					if c == 0 {
						c = map[bool]int{true: 1, false: -1}[a.ID > b.ID]
					}
					if !o.Asc {
						c = -c
					}
					return c
				})
				ids := func(cs []models.Coupon) (out []uint64) {
					for _, c := range cs {
						out = append(out, c.ID)
					}
					return out
				}
				if len(got) != 7 || !slices.Equal(ids(got), ids(want)) {
					t.Errorf("got %v, want %v", ids(got), ids(want))
				}
			})
		}
		byName := all(coupon.Order{Field: coupon.OrderName, Asc: true})
		if byName[0].Name != "apple" || byName[1].Name != "apple" || byName[6].Name != "elder" {
			t.Errorf("by name: %v", byName)
		}
		p, err := e.engine.List(ctx, coupon.Filter{Order: coupon.Order{Field: coupon.OrderName}}, 2, "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.engine.List(ctx, coupon.Filter{Order: coupon.Order{Field: coupon.OrderStatus}}, 2, p.Cursors[1])
		wantCode(t, err, models.CodeInvalidInput)
		_, err = e.engine.List(ctx, coupon.Filter{Order: coupon.Order{Field: "name; DROP TABLE coupons"}}, 2, "")
		wantCode(t, err, models.CodeInvalidInput)
	})
}
