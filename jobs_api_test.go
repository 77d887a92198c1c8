package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/testenv"
)

const createJob = `mutation($in:IssuanceJobInput!){createIssuanceJob(input:$in){job{id status audienceSize skipped lastError coupon{id}} userErrors{field code message}}}`

func audienceFile(prefix string, n int) string {
	var b bytes.Buffer
	b.WriteString("user_id\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s%d\n", prefix, i)
	}
	return b.String()
}

// waitJob polls a job until it is in one of want.
func waitJob(t *testing.T, c *client, id string, limit time.Duration, want ...string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		r := c.do(`query($id:ID!){issuanceJob(id:$id){status processed issued skipped failed audienceSize lastError ratePerSecond}}`, map[string]any{"id": id})
		job, _ := dig(r.Data, "issuanceJob").(map[string]any)
		for _, w := range want {
			if job != nil && job["status"] == w {
				return job
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s: %v (errors %v) after %s, want %v", id, job, r.Errors, limit, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestIssuanceAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		m := d.start(t)
		admin := adminClient(t, m)
		op := keyClient(t, admin, m, "OPERATOR")
		analyst := keyClient(t, admin, m, "ANALYST")
		coupon := activeCouponID(t, op, "targeted", func(in map[string]any) {
			in["channels"] = []string{"TARGETED"}
			in["totalStock"] = 1000
		})

		t.Run("FileAudience", func(t *testing.T) {
			upload := func(content string) map[string]any {
				return uploadVars(t, op, createJob, map[string]any{"in": map[string]any{"couponId": coupon, "audience": map[string]any{"file": nil}}},
					"in.audience.file", content)
			}
			data := upload(audienceFile("api-", 400) + "not a user\n")
			job := dig(data, "createIssuanceJob", "job").(map[string]any)
			if job["audienceSize"] != 400.0 || job["skipped"] != 1.0 {
				t.Fatalf("created %v", data)
			}
			done := waitJob(t, op, job["id"].(string), time.Minute, "COMPLETED", "FAILED", "PAUSED")
			if done["status"] != "COMPLETED" || done["issued"] != 400.0 || done["processed"] != 400.0 {
				t.Errorf("job %v", done)
			}
			u := op.ok(`{userCoupons(userId:"api-17"){edges{node{channel coupon{id}}}}}`, nil)
			if dig(u, "userCoupons", "edges", 0, "node", "channel") != "TARGETED" {
				t.Errorf("api-17 holds %v", u)
			}
			list := analyst.ok(`query($c:ID){issuanceJobs(couponId:$c){totalCount edges{node{id status}}}}`, map[string]any{"c": coupon})
			if dig(list, "issuanceJobs", "totalCount") != 1.0 {
				t.Errorf("list %v", list)
			}
		})

		t.Run("Refusals", func(t *testing.T) {
			r := analyst.do(createJob, map[string]any{"in": map[string]any{"couponId": coupon, "audience": map[string]any{"userIds": []string{"a"}}}})
			if r.code() != "FORBIDDEN" {
				t.Errorf("analyst created a job: %+v", r.Errors)
			}
			data := op.ok(createJob, map[string]any{"in": map[string]any{"couponId": coupon, "audience": map[string]any{"userIds": []string{"a"}, "tags": map[string]any{"anyOf": []string{"x"}}}}})
			if dig(data, "createIssuanceJob", "userErrors", 0, "code") != "INVALID_INPUT" {
				t.Errorf("two audiences: %v", data)
			}
			claimOnly := activeCouponID(t, op, "claim only", nil)
			data = op.ok(createJob, map[string]any{"in": map[string]any{"couponId": claimOnly, "audience": map[string]any{"userIds": []string{"a"}}}})
			if dig(data, "createIssuanceJob", "userErrors", 0, "code") != "CHANNEL_CLOSED" {
				t.Errorf("claim-only coupon: %v", data)
			}
		})

		t.Run("OutOfStockPausesAndResumes", func(t *testing.T) {
			small := activeCouponID(t, op, "small", func(in map[string]any) { in["channels"] = []string{"TARGETED"}; in["totalStock"] = 50 })
			ids := strings.Fields(strings.TrimPrefix(audienceFile("few-", 80), "user_id\n"))
			data := op.ok(createJob, map[string]any{"in": map[string]any{"couponId": small, "audience": map[string]any{"userIds": ids}}})
			id := dig(data, "createIssuanceJob", "job", "id").(string)
			job := waitJob(t, op, id, time.Minute, "PAUSED", "COMPLETED")
			if job["issued"] != 50.0 || !strings.Contains(fmt.Sprint(job["lastError"]), "OUT_OF_STOCK") {
				t.Fatalf("job %v", job)
			}
			op.ok(`mutation($id:ID!){addStock(id:$id,quantity:30){userErrors{code}}}`, map[string]any{"id": small})
			if job := waitJob(t, op, id, time.Minute, "COMPLETED"); job["issued"] != 80.0 {
				t.Errorf("after resume: %v", job)
			}
		})
	})
}

// Kill -9 the server in the middle of a 1,000,000-user job on MariaDB and
// start another: the job completes with every user issued exactly once.
func TestKillMidJob(t *testing.T) {
	if testing.Short() {
		t.Skip("a million-row job")
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
	const n = 1_000_000
	bin := filepath.Join(t.TempDir(), "coupond")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	d := newDeployment(t, mysql)
	first, cmd := startProcessCmd(t, bin, d.cfg)
	m := &Main{Addr: strings.TrimPrefix(first, "http://")}
	admin := adminClient(t, m)
	op := keyClient(t, admin, m, "OPERATOR")
	coupon := activeCouponID(t, op, "million", func(in map[string]any) { in["channels"] = []string{"TARGETED"}; in["totalStock"] = n })
	data := uploadVars(t, op, createJob, map[string]any{"in": map[string]any{"couponId": coupon, "audience": map[string]any{"file": nil}}},
		"in.audience.file", audienceFile("m-", n))
	id := dig(data, "createIssuanceJob", "job", "id").(string)

	deadline := time.Now().Add(3 * time.Minute)
	for {
		r := op.do(`query($id:ID!){issuanceJob(id:$id){processed}}`, map[string]any{"id": id})
		if p, _ := dig(r.Data, "issuanceJob", "processed").(float64); p >= 150_000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the job did not get going")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	second, _ := startProcessCmd(t, bin, d.cfg)
	op2 := newClient(t, &Main{Addr: strings.TrimPrefix(second, "http://")})
	op2.bearer = op.bearer
	// The batch in flight at the kill had taken its stock: the leaked units
	// come back through the reconciler (a minute, with its grace), and the
	// job, paused for want of stock, resumes by itself.
	job := waitJob(t, op2, id, 8*time.Minute, "COMPLETED", "FAILED")
	if job["status"] != "COMPLETED" {
		t.Fatalf("job %v", job)
	}
	st := testenv.OpenStore(t, storeConfigOf(d))
	var rows, dupes int64
	for _, db := range st.Layout().Shards {
		for _, table := range st.Layout().Router.TableNames("user_coupon") {
			var c, dd int64
			db.Table(table).Count(&c)
			db.Raw("SELECT COUNT(*) FROM (SELECT user_id FROM " + table + " GROUP BY user_id HAVING COUNT(*) > 1) x").Scan(&dd)
			rows, dupes = rows+c, dupes+dd
		}
	}
	if rows != n || dupes != 0 {
		t.Errorf("%d rows, %d users with two; want %d and 0", rows, dupes, n)
	}
	t.Logf("job after the restart: %v", job)
}

func storeConfigOf(d *deployment) store.Config {
	cfg := store.Config{Meta: store.ParseTarget(d.cfg.MetaDSN), TablesPerShard: d.cfg.TablesPerShard}
	for _, s := range strings.Split(d.cfg.ShardDSNs, ";") {
		cfg.Shards = append(cfg.Shards, store.ParseTarget(s))
	}
	return cfg
}
