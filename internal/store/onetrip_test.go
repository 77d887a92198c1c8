package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/testenv"
)

// TestExecThen: the second round trip commits the first's statements with
// its own, a ROLLBACK (next says "") or a refused statement leaves nothing,
// and next sees each first statement's rows affected.
func TestExecThen(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		if b.MySQLDSN == "" {
			t.Skip("ExecThen is for MySQL's multi-statement queries; the other stores use transactions")
		}
		ctx := context.Background()
		s := testenv.OpenStore(t, testenv.StoreConfig(t, b))
		meta := store.OnPrimary(ctx, s.Meta)
		if err := meta.Exec("CREATE TABLE exec_then (id INT PRIMARY KEY, v INT NOT NULL)").Error; err != nil {
			t.Fatal(err)
		}
		pool, err := meta.DB()
		if err != nil {
			t.Fatal(err)
		}
		reset := func() {
			t.Helper()
			if err := meta.Exec("DELETE FROM exec_then").Error; err != nil {
				t.Fatal(err)
			}
			if err := meta.Exec("INSERT INTO exec_then (id, v) VALUES (1, 0), (2, 0)").Error; err != nil {
				t.Fatal(err)
			}
		}
		sum := func() (n int64) {
			t.Helper()
			if err := meta.Raw("SELECT COALESCE(SUM(v), 0) FROM exec_then").Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		first := "UPDATE exec_then SET v = v + 1 WHERE id = ?; UPDATE exec_then SET v = v + 1 WHERE id = ?"

		reset()
		var seen []int64
		ok, err := store.ExecThen(ctx, pool, first, []any{1, 2}, func(affected []int64) (string, []any) {
			seen = affected
			return "INSERT INTO exec_then (id, v) VALUES (?, ?)", []any{3, 10}
		})
		if !ok || err != nil || sum() != 12 || len(seen) != 2 || seen[0] != 1 || seen[1] != 1 {
			t.Errorf("commit: ok %v, err %v, sum %d, affected %v; want true, nil, 12, [1 1]", ok, err, sum(), seen)
		}

		reset()
		ok, err = store.ExecThen(ctx, pool, first, []any{1, 9}, func(affected []int64) (string, []any) {
			seen = affected
			return "", nil
		})
		if ok || err != nil || sum() != 0 || len(seen) != 2 || seen[1] != 0 {
			t.Errorf("rollback: ok %v, err %v, sum %d, affected %v; want false, nil, 0, [1 0]", ok, err, sum(), seen)
		}

		reset()
		ok, err = store.ExecThen(ctx, pool, first, []any{1, 2}, func([]int64) (string, []any) {
			return "INSERT INTO exec_then (id, v) VALUES (?, ?)", []any{1, 10} // a duplicate key
		})
		if ok || err == nil || !strings.Contains(err.Error(), "Duplicate") || sum() != 0 {
			t.Errorf("refused: ok %v, err %v, sum %d; want false, a duplicate-key error, 0", ok, err, sum())
		}

		// The connection goes back to the pool clean: a later query sees no
		// open transaction of these.
		var open int64
		if err := meta.Raw("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()").Scan(&open).Error; err != nil || open != 0 {
			t.Errorf("open transactions on a pooled connection: %d (%v)", open, err)
		}
	})
}
