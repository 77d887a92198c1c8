package coupon_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

// linkedEvents counts a coupon's ISSUED events that name a row of the same
// table with the same user, and its TARGETED rows.
func linkedEvents(t *testing.T, e *env, couponID uint64) (linked, targeted int64) {
	t.Helper()
	for _, db := range e.store.Layout().Shards {
		uc, ev := e.store.Layout().Router.TableNames("user_coupon"), e.store.Layout().Router.TableNames("coupon_event")
		for i := range uc {
			var n, m int64
			if err := db.Raw("SELECT COUNT(*) FROM "+ev[i]+" e JOIN "+uc[i]+" u ON u.id = e.user_coupon_id AND u.user_id = e.user_id AND u.coupon_id = e.coupon_id"+
				" WHERE e.coupon_id = ? AND e.kind = ? AND e.channel = u.channel", couponID, models.EventIssued).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Table(uc[i]).Where("coupon_id = ? AND channel = ?", couponID, models.ChannelTargeted).Count(&m).Error; err != nil {
				t.Fatal(err)
			}
			linked, targeted = linked+n, targeted+m
		}
	}
	return linked, targeted
}

func userIDs(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

func left(t *testing.T, e *env, c *models.Coupon) int64 {
	t.Helper()
	m, err := e.engine.Remaining(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m[c.ID]
}

// IssueTargeted on both ways of learning the ids of the rows it wrote:
// INSERT ... RETURNING (MariaDB 10.5+, SQLite) and the read-back of servers
// without it (MySQL), forced here.
func TestIssueTargetedReturningAndReadBack(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		for _, way := range []string{"returning", "read-back"} {
			t.Run(way, func(t *testing.T) {
				coupon.ForceReadBack(way == "read-back")
				t.Cleanup(func() { coupon.ForceReadBack(false) })
				e := mustEnv(t, b)
				ctx := context.Background()
				if can := e.engine.CanReturn(ctx, "anyone"); can != (way == "returning") && (b.MySQLDSN == "" || way == "read-back") {
					t.Fatalf("RETURNING used: %v", can)
				} else {
					t.Logf("%s: RETURNING %v", b.Name, can)
				}

				t.Run("OnePerUser", func(t *testing.T) {
					c := activeCoupon(t, e, 1000, 4, 1, nil)
					users := userIDs(way+"-one-", 300)
					if _, err := claim(e, users[0], c, "r0"); err != nil {
						t.Fatal(err)
					}
					batch := append(append([]string{}, users...), users[5]) // one repeat
					out, err := e.engine.IssueTargeted(ctx, c, 7, batch, 50)
					if err != nil {
						t.Fatal(err)
					}
					if len(out.Issued) != 299 || out.Skipped != 2 || out.Reached != 301 || out.StockOut {
						t.Fatalf("issued %d skipped %d reached %d stockOut %v", len(out.Issued), out.Skipped, out.Reached, out.StockOut)
					}
					if got := left(t, e, c); got != 700 {
						t.Errorf("remaining %d, want 700", got)
					}
					// A replay writes nothing and keeps the stock.
					out, err = e.engine.IssueTargeted(ctx, c, 7, batch, 50)
					if err != nil {
						t.Fatal(err)
					}
					if len(out.Issued) != 0 || out.Skipped != 301 || out.Reached != 301 {
						t.Errorf("replay: issued %d skipped %d reached %d", len(out.Issued), out.Skipped, out.Reached)
					}
					if got := left(t, e, c); got != 700 {
						t.Errorf("remaining after the replay %d, want 700", got)
					}
					if rows, most := issuedRows(t, e, c.ID); rows != 300 || most != 1 {
						t.Errorf("%d rows, %d for one user", rows, most)
					}
					if linked, targeted := linkedEvents(t, e, c.ID); targeted != 299 || linked != 300 {
						t.Errorf("%d targeted rows, %d events naming their row; want 299 and 300", targeted, linked)
					}
					// The row as gorm reads it is the row issue() made.
					got, err := e.engine.FindRequest(ctx, users[42], coupon.TargetedRequestID(7, users[42]))
					if err != nil || got == nil {
						t.Fatalf("row of %s: %v %v", users[42], got, err)
					}
					if got.Channel != models.ChannelTargeted || got.Seq != 1 || got.Status != models.UserCouponUnused || got.Currency != c.Currency ||
						got.Discount.Kind != c.Discount.Kind || !got.Discount.AmountOff.Decimal.Equal(c.Discount.AmountOff.Decimal) ||
						!got.Discount.MinOrderAmount.Decimal.Equal(c.Discount.MinOrderAmount.Decimal) || got.Scope.Kind != c.Scope.Kind ||
						!got.ValidUntil.After(got.ValidFrom) || got.IssuedAt.IsZero() || got.OrderID != nil || got.UsedAt != nil {
						t.Errorf("row read back: %+v", got)
					}
				})

				t.Run("OnePerUserShortStock", func(t *testing.T) {
					c := activeCoupon(t, e, 100, 4, 1, nil)
					users := userIDs(way+"-short-", 150)
					if _, err := claim(e, users[0], c, "r0"); err != nil {
						t.Fatal(err)
					}
					// 99 units for 149 eligible users: the first 99 of them
					// get one, the stock taken up front is given back.
					out, err := e.engine.IssueTargeted(ctx, c, 10, users, 40)
					if err != nil {
						t.Fatal(err)
					}
					if len(out.Issued) != 99 || out.Skipped != 1 || out.Reached != 100 || !out.StockOut || left(t, e, c) != 0 {
						t.Fatalf("issued %d skipped %d reached %d stockOut %v remaining %d", len(out.Issued), out.Skipped, out.Reached, out.StockOut, left(t, e, c))
					}
					if got, _ := e.engine.FindRequest(ctx, users[100], coupon.TargetedRequestID(10, users[100])); got != nil {
						t.Errorf("user %s, past the stock, got a row", users[100])
					}
				})

				t.Run("LimitTwoAndShortStock", func(t *testing.T) {
					c := activeCoupon(t, e, 250, 4, 2, nil)
					users := userIDs(way+"-two-", 300)
					if _, err := claim(e, users[0], c, "r0"); err != nil {
						t.Fatal(err)
					}
					out, err := e.engine.IssueTargeted(ctx, c, 8, users, 40)
					if err != nil {
						t.Fatal(err)
					}
					// 249 units left: the first 249 users (the first one's
					// second coupon among them), in input order.
					if len(out.Issued) != 249 || out.Skipped != 0 || out.Reached != 249 || !out.StockOut {
						t.Fatalf("issued %d skipped %d reached %d stockOut %v", len(out.Issued), out.Skipped, out.Reached, out.StockOut)
					}
					if got, err := e.engine.FindRequest(ctx, users[0], coupon.TargetedRequestID(8, users[0])); err != nil || got == nil || got.Seq != 2 {
						t.Errorf("the first user's targeted row: %+v %v", got, err)
					}
					if got, _ := e.engine.FindRequest(ctx, users[249], coupon.TargetedRequestID(8, users[249])); got != nil {
						t.Errorf("user %s, past the stock, got a row", users[249])
					}
					out, err = e.engine.IssueTargeted(ctx, c, 8, users[:249], 40)
					if err != nil {
						t.Fatal(err)
					}
					if len(out.Issued) != 0 || out.Skipped != 249 || left(t, e, c) != 0 {
						t.Errorf("replay: issued %d skipped %d remaining %d", len(out.Issued), out.Skipped, left(t, e, c))
					}
					if linked, targeted := linkedEvents(t, e, c.ID); targeted != 249 || linked != 250 {
						t.Errorf("%d targeted rows, %d events naming their row; want 249 and 250", targeted, linked)
					}
				})

				t.Run("MoreRowsThanOneStatementTakes", func(t *testing.T) {
					// 2,000 users of one table in one batch of 5,000: more
					// parameters than SQLite takes in one statement.
					var users []string
					want := e.store.Layout().Router.Route(way + "-big-0")
					for i := 0; len(users) < 2000; i++ {
						if u := fmt.Sprintf("%s-big-%d", way, i); e.store.Layout().Router.Route(u) == want {
							users = append(users, u)
						}
					}
					if b.MySQLDSN == "" && e.engine.RowsPerStatement(5000) >= len(users) {
						t.Fatalf("%d rows per statement: the test does not split", e.engine.RowsPerStatement(5000))
					}
					c := activeCoupon(t, e, 5000, 4, 1, nil)
					out, err := e.engine.IssueTargeted(ctx, c, 9, users, 5000)
					if err != nil {
						t.Fatal(err)
					}
					if len(out.Issued) != 2000 || out.Skipped != 0 {
						t.Fatalf("issued %d skipped %d", len(out.Issued), out.Skipped)
					}
					if linked, targeted := linkedEvents(t, e, c.ID); targeted != 2000 || linked != 2000 {
						t.Errorf("%d targeted rows, %d events naming their row", targeted, linked)
					}
				})
			})
		}
	})
}
