package sharding

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// goldenRoutes pins Hash and Route for fixed ids. A change here moves every
// user's data to another database or table: never update these literals
// without a data migration.
var goldenRoutes = []struct {
	id       string
	hash     uint64
	n2m4     Route // NewRouter(2, 4)
	n4m8     Route // NewRouter(4, 8)
	n4m8Name string
}{
	{"u1", 0x08c47b07b56747f3, Route{DB: 0, Table: 3}, Route{DB: 2, Table: 3}, "user_coupon_03"},
	{"user-42", 0x32c6d7a54d35dacb, Route{DB: 0, Table: 3}, Route{DB: 1, Table: 3}, "user_coupon_03"},
	{"10086", 0x82c9267659b1300e, Route{DB: 1, Table: 2}, Route{DB: 1, Table: 6}, "user_coupon_06"},
	{"alice@example.com", 0x67023fc4a7ff2a46, Route{DB: 1, Table: 2}, Route{DB: 0, Table: 6}, "user_coupon_06"},
	{"", 0xcbf29ce484222325, Route{DB: 1, Table: 1}, Route{DB: 0, Table: 5}, "user_coupon_05"},
	{" ", 0xaf639d4c8601817f, Route{DB: 1, Table: 3}, Route{DB: 3, Table: 7}, "user_coupon_07"},
	{"用户7", 0xd9a2918d9ef83dca, Route{DB: 0, Table: 2}, Route{DB: 1, Table: 2}, "user_coupon_02"},
	{"u99999", 0x032021536c54274f, Route{DB: 1, Table: 3}, Route{DB: 1, Table: 7}, "user_coupon_07"},
	{"😀emoji", 0x44cb4558681f7bd6, Route{DB: 1, Table: 2}, Route{DB: 2, Table: 6}, "user_coupon_06"},
	{"UPPER-case_ID", 0x55e66d8cc051eaea, Route{DB: 0, Table: 2}, Route{DB: 1, Table: 2}, "user_coupon_02"},
}

func mustRouter(tb testing.TB, dbs, tables int) *Router {
	tb.Helper()
	r, err := NewRouter(dbs, tables)
	if err != nil {
		tb.Fatalf("NewRouter(%d, %d): %v", dbs, tables, err)
	}
	return r
}

func TestGolden(t *testing.T) {
	r24 := mustRouter(t, 2, 4)
	r48 := mustRouter(t, 4, 8)
	for _, g := range goldenRoutes {
		t.Run(fmt.Sprintf("%q", g.id), func(t *testing.T) {
			if got := Hash(g.id); got != g.hash {
				t.Errorf("Hash = %#016x, want %#016x", got, g.hash)
			}
			if got := r24.Route(g.id); got.DB != g.n2m4.DB || got.Table != g.n2m4.Table {
				t.Errorf("N=2,M=4: Route = %v, want %v", got, g.n2m4)
			}
			got := r48.Route(g.id)
			if got.DB != g.n4m8.DB || got.Table != g.n4m8.Table {
				t.Errorf("N=4,M=8: Route = %v, want %v", got, g.n4m8)
			}
			if name := got.UserCouponTable(); name != g.n4m8Name {
				t.Errorf("N=4,M=8: UserCouponTable = %q, want %q", name, g.n4m8Name)
			}
		})
	}
}

func TestRouteNames(t *testing.T) {
	cases := []struct {
		name                        string
		route                       Route
		coupon, tag, event, display string
	}{
		{"hand built", Route{DB: 1, Table: 3}, "user_coupon_03", "user_tag_03", "coupon_event_03", "db1.t03"},
		{"100 tables stays two digits", Route{DB: 0, Table: 99, tables: 100}, "user_coupon_99", "user_tag_99", "coupon_event_99", "db0.t99"},
		{"101 tables uses three digits", Route{DB: 2, Table: 7, tables: 101}, "user_coupon_007", "user_tag_007", "coupon_event_007", "db2.t007"},
		{"1000 tables", Route{DB: 3, Table: 999, tables: 1000}, "user_coupon_999", "user_tag_999", "coupon_event_999", "db3.t999"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, got := range []struct{ what, got, want string }{
				{"UserCouponTable", c.route.UserCouponTable(), c.coupon},
				{"UserTagTable", c.route.UserTagTable(), c.tag},
				{"CouponEventTable", c.route.CouponEventTable(), c.event},
				{"String", c.route.String(), c.display},
			} {
				if got.got != got.want {
					t.Errorf("%s = %q, want %q", got.what, got.got, got.want)
				}
			}
		})
	}
	t.Run("router route uses router width", func(t *testing.T) {
		r := mustRouter(t, 1, 128)
		rt := r.Route("u1")
		if want := TableName("user_tag", rt.Table, 128); rt.UserTagTable() != want || len(want) != len("user_tag_000") {
			t.Errorf("UserTagTable = %q, want %q (three digits)", rt.UserTagTable(), want)
		}
	})
}

func TestTableNames(t *testing.T) {
	t.Run("four tables", func(t *testing.T) {
		got := mustRouter(t, 2, 4).TableNames("user_coupon")
		want := []string{"user_coupon_00", "user_coupon_01", "user_coupon_02", "user_coupon_03"}
		if !slices.Equal(got, want) {
			t.Errorf("TableNames = %q, want %q", got, want)
		}
	})
	t.Run("three digit tables", func(t *testing.T) {
		got := mustRouter(t, 1, 1000).TableNames("coupon_event")
		if len(got) != 1000 || got[0] != "coupon_event_000" || got[999] != "coupon_event_999" {
			t.Errorf("TableNames: len %d, first %q, last %q", len(got), got[0], got[len(got)-1])
		}
	})
	t.Run("every route lands in a listed table", func(t *testing.T) {
		r := mustRouter(t, 3, 16)
		names := r.TableNames("user_tag")
		for i := range 1000 {
			if rt := r.Route(fmt.Sprint("u", i)); !slices.Contains(names, rt.UserTagTable()) || rt.DB >= r.DBs() {
				t.Fatalf("route %v (%s) outside router with %d dbs, tables %q", rt, rt.UserTagTable(), r.DBs(), names)
			}
		}
	})
}

func TestSpread(t *testing.T) {
	const n = 100_000
	r := mustRouter(t, 2, 4)
	counts := make(map[Route]int)
	for i := range n {
		rt := r.Route(fmt.Sprint("u", i))
		counts[Route{DB: rt.DB, Table: rt.Table}]++
	}
	buckets := r.DBs() * r.Tables()
	if len(counts) != buckets {
		t.Fatalf("ids landed in %d buckets, want %d: %v", len(counts), buckets, counts)
	}
	mean := float64(n) / float64(buckets)
	var chi2 float64
	for rt, c := range counts {
		d := float64(c) - mean
		chi2 += d * d / mean
		if d > 0.05*mean || d < -0.05*mean {
			t.Errorf("bucket %v has %d ids, more than 5%% from the mean %.0f", rt, c, mean)
		}
	}
	// 7 degrees of freedom: 24.3 is the 0.999 quantile, so a uniform hash
	// fails this about once in a thousand id sets, and the ids are fixed.
	if chi2 > 24.3 {
		t.Errorf("chi-square %.1f over %d buckets: distribution too uneven: %v", chi2, buckets, counts)
	}
}

func TestNewRouterErrors(t *testing.T) {
	cases := []struct {
		name        string
		dbs, tables int
		wantErr     string
	}{
		{"zero dbs", 0, 4, "dbs"},
		{"negative dbs", -1, 4, "dbs"},
		{"zero tables", 2, 0, "tables"},
		{"negative tables", 2, -3, "tables"},
		{"too many tables", 2, 1001, "tables"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewRouter(c.dbs, c.tables)
			if err == nil || r != nil {
				t.Fatalf("NewRouter(%d, %d) = %v, %v; want nil router and an error", c.dbs, c.tables, r, err)
			}
			if !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("error %q does not mention %q", err, c.wantErr)
			}
		})
	}
	for _, c := range []struct {
		name        string
		dbs, tables int
	}{{"smallest", 1, 1}, {"largest table count", 64, 1000}} {
		t.Run(c.name, func(t *testing.T) {
			r := mustRouter(t, c.dbs, c.tables)
			if r.DBs() != c.dbs || r.Tables() != c.tables {
				t.Errorf("DBs, Tables = %d, %d; want %d, %d", r.DBs(), r.Tables(), c.dbs, c.tables)
			}
		})
	}
}
