package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/internal/testenv"
)

// withMonolith gives a deployment a sample monolith (legacy.Sample) of
// users users with perUser coupons each, and returns its database.
func withMonolith(t *testing.T, d *deployment, users, perUser int) *gorm.DB {
	t.Helper()
	ctx := context.Background()
	d.cfg.LegacyDSN = testenv.ScratchDSN(t, d.b)
	db, err := legacy.OpenLegacy(ctx, d.cfg.LegacyDSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s, err := db.DB(); err == nil {
			s.Close()
		}
	})
	if err := legacy.CreateSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := legacy.Sample(ctx, db, legacy.SampleOptions{Users: users, PerUser: perUser, Remaining: 1000, Templates: true}); err != nil {
		t.Fatal(err)
	}
	return db
}

const migrationQuery = `{migration{mode configured legacyTemplates copiedTemplates legacyRows copiedThrough rowsBehind pendingRepairs
  nextMode blockers task{id kind status done total written users differences error} lastVerify{id status differences}}}`

// waitTask polls the migration until its task ends and returns it.
func waitTask(t *testing.T, c *client, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		task, _ := dig(c.ok(migrationQuery, nil), "migration", "task").(map[string]any)
		if task != nil && task["id"] == id && task["status"] != "RUNNING" {
			return task
		}
		if time.Now().After(deadline) {
			t.Fatalf("task %s did not end: %v", id, task)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func runTask(t *testing.T, c *client, kind string) map[string]any {
	t.Helper()
	d := c.ok(`mutation($k:MigrationTaskKind!){startMigrationTask(kind:$k){task{id status} userErrors{code message}}}`, map[string]any{"k": kind})
	if errs := dig(d, "startMigrationTask", "userErrors").([]any); len(errs) > 0 {
		t.Fatalf("start %s: %v", kind, errs)
	}
	task := waitTask(t, c, dig(d, "startMigrationTask", "task", "id").(string))
	if task["status"] != "DONE" {
		t.Fatalf("%s ended %v", kind, task)
	}
	return task
}

func setMode(c *client, mode string) []any {
	d := c.ok(`mutation($m:MigrationMode!){setMigrationMode(mode:$m){migration{mode} userErrors{code message}}}`, map[string]any{"m": mode})
	return dig(d, "setMigrationMode", "userErrors").([]any)
}

// The migration through the API: ADMIN only; a step refused while its
// rules do not hold, with the reason; the static copy, DUAL_WRITE (a claim
// lands in the monolith's table first and reads show it), the copy, a
// clean verify, DUAL_WRITE_NEW_READ.
func TestMigrationAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		mono := withMonolith(t, d, 100, 3)
		m := d.start(t)
		admin := adminClient(t, m)
		op := keyClient(t, admin, m, "OPERATOR")
		svc := keyClient(t, admin, m, "SERVICE")
		if r := op.do(migrationQuery, nil); r.code() != "FORBIDDEN" {
			t.Fatalf("an operator read the migration: %+v", r)
		}
		st := dig(admin.ok(migrationQuery, nil), "migration").(map[string]any)
		if st["mode"] != "LEGACY_ONLY" || st["configured"] != true || st["legacyTemplates"] != 3.0 || st["legacyRows"] != 300.0 {
			t.Fatalf("migration at the start: %v", st)
		}
		if errs := setMode(admin, "DUAL_WRITE"); len(errs) != 1 || !strings.Contains(dig(errs, 0, "message").(string), "static copy is not done") {
			t.Fatalf("DUAL_WRITE before the static copy: %v", errs)
		}
		d2 := admin.ok(`mutation{startMigrationTask(kind:COPY){task{id} userErrors{code message}}}`, nil)
		if errs := dig(d2, "startMigrationTask", "userErrors").([]any); len(errs) != 1 || dig(errs, 0, "code") != "INVALID_INPUT" {
			t.Fatalf("COPY in LEGACY_ONLY: %v", d2)
		}
		runTask(t, admin, "STATIC_COPY")
		if errs := setMode(admin, "DUAL_WRITE"); len(errs) != 0 {
			t.Fatalf("DUAL_WRITE: %v", errs)
		}

		// A claim of a migrated coupon in DUAL_WRITE: the monolith's row,
		// with its legacy id, which the user's coupons show.
		coupons := op.ok(`{coupons(first:10){edges{node{id name}}}}`, nil)
		var migrated string
		for _, e := range dig(coupons, "coupons", "edges").([]any) {
			if dig(e, "node", "name") == "template 1" {
				migrated = dig(e, "node", "id").(string)
			}
		}
		code, claimed := claimCode(svc, "9001", migrated, "m1")
		if id, _ := dig(claimed, "userCoupon", "id").(string); code != "" || !strings.HasPrefix(id, "ucl_") {
			t.Fatalf("claim in DUAL_WRITE: %s %v", code, claimed)
		}
		var n int64
		mono.Raw("SELECT COUNT(*) FROM mall_user_coupon WHERE user_id = 9001").Scan(&n)
		if n != 1 {
			t.Fatalf("the monolith's table has %d rows of user 9001", n)
		}
		list := svc.ok(`{userCoupons(userId:"9001"){edges{node{id status}}}}`, nil)
		if ids := dig(list, "userCoupons", "edges", 0, "node", "id"); ids != dig(claimed, "userCoupon", "id") {
			t.Fatalf("the user's coupons in DUAL_WRITE: %v", list)
		}

		copied := runTask(t, admin, "COPY")
		if copied["written"] != 300.0 {
			t.Fatalf("copy: %v, want the 300 rows the monolith had before DUAL_WRITE", copied)
		}
		if errs := setMode(admin, "DUAL_WRITE_NEW_READ"); len(errs) != 1 || !strings.Contains(dig(errs, 0, "message").(string), "no verify") {
			t.Fatalf("DUAL_WRITE_NEW_READ without a verify: %v", errs)
		}
		v := runTask(t, admin, "VERIFY")
		if v["differences"] != 0.0 || v["users"] != 101.0 {
			t.Fatalf("verify: %v", v)
		}
		if errs := setMode(admin, "DUAL_WRITE_NEW_READ"); len(errs) != 0 {
			t.Fatalf("DUAL_WRITE_NEW_READ: %v", errs)
		}
		st = dig(admin.ok(migrationQuery, nil), "migration").(map[string]any)
		if st["mode"] != "DUAL_WRITE_NEW_READ" || st["nextMode"] != "NEW_ONLY" || len(st["blockers"].([]any)) == 0 {
			t.Fatalf("after the cut-over of reads: %v", st)
		}
		// Reads now come from coupond; the id handed out before still works.
		one := svc.ok(`query($id:ID!){node(id:$id){... on UserCoupon{id status}}}`, map[string]any{"id": dig(claimed, "userCoupon", "id")})
		if dig(one, "node", "status") != "UNUSED" {
			t.Fatalf("the coupon claimed in DUAL_WRITE, read from coupond: %v", one)
		}
	})
}

// Kill -9 `coupond migrate copy` part-way through a large copy on MariaDB
// and run it again: every row of the monolith has exactly one twin.
func TestKillMidCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("a 200,000-row copy")
	}
	var mysql testenv.Backend
	for _, b := range testenv.Backends(t) {
		if b.MySQLDSN != "" {
			mysql = b
		}
	}
	if mysql.MySQLDSN == "" {
		t.Skip("needs MariaDB (COUPOND_TEST_MYSQL_DSN)")
	}
	const users, perUser = 40_000, 5
	d := newDeployment(t, mysql)
	withMonolith(t, d, users, perUser)
	bin := filepath.Join(t.TempDir(), "coupond")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env := append(os.Environ(), "COUPOND_META_DSN="+d.cfg.MetaDSN, "COUPOND_SHARD_DSNS="+d.cfg.ShardDSNs,
		"COUPOND_LEGACY_DSN="+d.cfg.LegacyDSN, "COUPOND_TABLES_PER_SHARD=4")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"migrate"}, args...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("coupond migrate %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("static")
	run("mode", "DUAL_WRITE")

	cmd := exec.Command(bin, "migrate", "copy", "-rate", "40000")
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	st := testenv.OpenStore(t, storeConfigOf(d))
	meta := st.Meta.Clauses(dbresolver.Write)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var read int64
		meta.Raw("SELECT COALESCE(MAX(`read`), 0) FROM migration_checkpoint WHERE name = 'copy'").Scan(&read)
		if read >= 60_000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the copy did not get going")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	var read int64
	meta.Raw("SELECT `read` FROM migration_checkpoint WHERE name = 'copy'").Scan(&read)
	if read >= users*perUser {
		t.Fatalf("the copy finished (%d read) before the kill", read)
	}

	out := run("copy")
	var rows, dupes int64
	for _, db := range st.Layout().Shards {
		for _, table := range st.Layout().Router.TableNames("user_coupon") {
			var c, dd int64
			db.Table(table).Where("legacy_id IS NOT NULL").Count(&c)
			db.Raw("SELECT COUNT(*) FROM (SELECT legacy_id FROM " + table + " WHERE legacy_id IS NOT NULL GROUP BY legacy_id HAVING COUNT(*) > 1) x").Scan(&dd)
			rows, dupes = rows+c, dupes+dd
		}
	}
	if rows != users*perUser || dupes != 0 {
		t.Fatalf("after the kill at %d and a second run: %d twins, %d legacy ids twice; want %d and 0", read, rows, dupes, users*perUser)
	}
	verify := run("verify")
	if !strings.Contains(verify, "DONE") || !strings.Contains(verify, " 0 differences") {
		t.Fatalf("verify after the resumed copy:\n%s", verify)
	}
	t.Logf("killed at %d rows read; second run: %s", read, strings.TrimSpace(out))
}
