package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/config"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/testenv"
)

const claimMutation = `mutation($in:ClaimInput!){claimCoupon(input:$in){userCoupon{id userId status channel coupon{id name} discount{amountOff} validFrom validUntil} replayed userErrors{field code message}}}`

// activeCouponID creates (with edits to the input) and activates a coupon
// through the API.
func activeCouponID(t *testing.T, op *client, name string, edit func(map[string]any)) string {
	t.Helper()
	in := couponInput(name)
	in["stockSlots"] = 4
	if edit != nil {
		edit(in)
	}
	data := op.ok(createCoupon, map[string]any{"in": in})
	id, _ := dig(data, "createCoupon", "coupon", "id").(string)
	if id == "" {
		t.Fatalf("create: %v", data)
	}
	op.ok(`mutation($id:ID!){activateCoupon(id:$id){userErrors{code}}}`, map[string]any{"id": id})
	return id
}

func claimCode(c *client, user any, couponID, req string) (string, map[string]any) {
	in := map[string]any{"couponId": couponID, "requestId": req}
	if user != nil {
		in["userId"] = user
	}
	r := c.do(claimMutation, map[string]any{"in": in})
	if len(r.Errors) > 0 {
		return r.code(), nil
	}
	p, _ := dig(r.Data, "claimCoupon").(map[string]any)
	if code, ok := dig(p, "userErrors", 0, "code").(string); ok {
		return code, p
	}
	return "", p
}

func TestClaimAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		m := d.start(t)
		admin := adminClient(t, m)
		op := keyClient(t, admin, m, "OPERATOR")
		svc := keyClient(t, admin, m, "SERVICE")
		shopper := shopperClient(t, m, "shopper-1")
		id := activeCouponID(t, op, "Claim me", func(in map[string]any) { in["totalStock"] = 3; in["perUserLimit"] = 2 })

		t.Run("ServiceClaimsForAUser", func(t *testing.T) {
			code, p := claimCode(svc, "user-a", id, "r1")
			if code != "" || dig(p, "userCoupon", "userId") != "user-a" || dig(p, "userCoupon", "status") != "UNUSED" ||
				dig(p, "userCoupon", "coupon", "name") != "Claim me" || dig(p, "userCoupon", "channel") != "CLAIM" || dig(p, "replayed") != false {
				t.Fatalf("%s %v", code, p)
			}
			code, p2 := claimCode(svc, "user-a", id, "r1")
			if code != "" || dig(p2, "replayed") != true || dig(p2, "userCoupon", "id") != dig(p, "userCoupon", "id") {
				t.Errorf("retry: %s %v", code, p2)
			}
			if code, _ := claimCode(svc, nil, id, "r2"); code != "INVALID_INPUT" {
				t.Errorf("service without userId: %s", code)
			}
		})

		t.Run("ShopperClaimsForItself", func(t *testing.T) {
			if code, p := claimCode(shopper, nil, id, "s1"); code != "" || dig(p, "userCoupon", "userId") != "shopper-1" {
				t.Errorf("%s %v", code, p)
			}
			if code, _ := claimCode(shopper, "someone-else", id, "s2"); code != "FORBIDDEN" {
				t.Errorf("shopper for another user: %s", code)
			}
			d := shopper.ok(`{userCoupons{totalCount edges{node{userId coupon{id}}}}}`, nil)
			if dig(d, "userCoupons", "totalCount") != 1.0 {
				t.Errorf("shopper's coupons: %v", d)
			}
		})

		t.Run("RefusalCodes", func(t *testing.T) {
			future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
			past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
			older := time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339)
			admin.ok(`mutation{createTag(input:{name:"gold"}){userErrors{code}}}`, nil)
			cases := map[string]func() string{
				"NOT_STARTED": func() string {
					return activeCouponID(t, op, "later", func(in map[string]any) { in["claimStartsAt"] = future })
				},
				"ENDED": func() string {
					return activeCouponID(t, op, "over", func(in map[string]any) { in["claimStartsAt"] = older; in["claimEndsAt"] = past })
				},
				"CHANNEL_CLOSED": func() string {
					return activeCouponID(t, op, "codes", func(in map[string]any) { in["channels"] = []string{"CODE"} })
				},
				"NOT_ELIGIBLE": func() string {
					return activeCouponID(t, op, "gold only", func(in map[string]any) { in["tagRule"] = map[string]any{"allOf": []string{"gold"}} })
				},
				"INACTIVE": func() string {
					data := op.ok(createCoupon, map[string]any{"in": couponInput("draft")})
					return dig(data, "createCoupon", "coupon", "id").(string)
				},
			}
			for want, mk := range cases {
				t.Run(want, func(t *testing.T) {
					if code, _ := claimCode(svc, "user-r", mk(), "rc-"+want); code != want {
						t.Errorf("got %q", code)
					}
				})
			}
			t.Run("OUT_OF_STOCK", func(t *testing.T) {
				claimCode(svc, "user-b", id, "b1")
				if code, _ := claimCode(svc, "user-c", id, "c1"); code != "OUT_OF_STOCK" {
					t.Errorf("got %q", code)
				}
			})
			t.Run("LIMIT_REACHED", func(t *testing.T) {
				x := activeCouponID(t, op, "one each", nil)
				claimCode(svc, "user-l", x, "l1")
				if code, _ := claimCode(svc, "user-l", x, "l2"); code != "LIMIT_REACHED" {
					t.Errorf("got %q", code)
				}
			})
			t.Run("NOT_FOUND", func(t *testing.T) {
				if code, _ := claimCode(svc, "user-n", "987654", "n1"); code != "NOT_FOUND" {
					t.Errorf("got %q", code)
				}
			})
			t.Run("BUSY", func(t *testing.T) {
				x := activeCouponID(t, op, "contended", nil)
				locker := lock.New(testenv.Redis(t, b0(b, m)), lock.Options{Prefix: d.cfg.RedisPrefix + "lock:"})
				held, err := locker.Acquire(context.Background(), "claim:{user-busy}:"+x)
				if err != nil {
					t.Fatal(err)
				}
				defer held.Release(context.Background())
				if code, _ := claimCode(svc, "user-busy", x, "busy"); code != "BUSY" {
					t.Errorf("got %q", code)
				}
			})
			t.Run("TOO_MANY", func(t *testing.T) {
				ids := make([]string, 21)
				for i := range ids {
					ids[i] = fmt.Sprint(5000 + i)
				}
				data := svc.ok(`mutation($ids:[ID!]!){claimCoupons(input:{userId:"u",couponIds:$ids,requestId:"tm"}){results{couponId} userErrors{code field}}}`, map[string]any{"ids": ids})
				if dig(data, "claimCoupons", "userErrors", 0, "code") != "TOO_MANY" {
					t.Errorf("got %v", data)
				}
			})
		})

		t.Run("BatchClaim", func(t *testing.T) {
			x := activeCouponID(t, op, "batch x", nil)
			y := activeCouponID(t, op, "batch y", func(in map[string]any) { in["channels"] = []string{"TARGETED"} })
			data := svc.ok(`mutation($ids:[ID!]!){claimCoupons(input:{userId:"batch-user",couponIds:$ids,requestId:"b"}){results{couponId userCoupon{id} error{code}} replayed userErrors{code}}}`,
				map[string]any{"ids": []string{y, x}})
			if dig(data, "claimCoupons", "results", 0, "error", "code") != "CHANNEL_CLOSED" || dig(data, "claimCoupons", "results", 1, "userCoupon", "id") == nil {
				t.Errorf("%v", data)
			}
		})

		t.Run("Tags", func(t *testing.T) {
			admin.ok(`mutation{createTag(input:{name:"newbie",kind:BATCH,description:"first order pending"}){userErrors{code}}}`, nil)
			data := op.ok(`mutation{createTag(input:{name:"bad tag!"}){tag{name} userErrors{field code}}}`, nil)
			if dig(data, "createTag", "userErrors", 0, "field", 1) != "name" {
				t.Errorf("bad tag name: %v", data)
			}
			data = op.ok(`mutation{setUserTags(userId:"tagged",add:["gold","newbie"]){tags userErrors{code}}}`, nil)
			if fmt.Sprint(dig(data, "setUserTags", "tags")) != "[gold newbie]" {
				t.Errorf("set: %v", data)
			}
			data = op.ok(`mutation{setUserTags(userId:"tagged",add:["nope"]){tags userErrors{field code}}}`, nil)
			if dig(data, "setUserTags", "userErrors", 0, "code") != "INVALID_INPUT" {
				t.Errorf("undefined tag: %v", data)
			}
			op.ok(`mutation{setUserTags(userId:"tagged",remove:["gold"]){tags}}`, nil)
			if d := op.ok(`{userTags(userId:"tagged")}`, nil); fmt.Sprint(d["userTags"]) != "[newbie]" {
				t.Errorf("userTags: %v", d)
			}
			csv := "user_id\nimp-1\nimp-2\n\nimp-3\n" + strings.Repeat("x", 70) + "\nbad line with spaces\nimp-1\n"
			res := upload(t, op, `mutation($f:Upload!){importUserTags(tag:"newbie",file:$f){count userErrors{field code message}}}`, "f", csv)
			if dig(res, "importUserTags", "count") != 3.0 || dig(res, "importUserTags", "userErrors", 0, "field", 0) != "file" {
				t.Errorf("import: %v", res)
			}
			res = upload(t, op, `mutation($f:Upload!){importUserTags(tag:"newbie",file:$f){count}}`, "f", "imp-1\nimp-2\n")
			if dig(res, "importUserTags", "count") != 0.0 {
				t.Errorf("re-import added %v", res)
			}
			data = op.ok(`{tags{name kind userCount}}`, nil)
			counts := map[string]any{}
			for _, tg := range data["tags"].([]any) {
				counts[dig(tg, "name").(string)] = dig(tg, "userCount")
			}
			if counts["newbie"] != 4.0 || counts["gold"] != 0.0 {
				t.Errorf("user counts %v", counts)
			}
		})
	})
}

// b0 is the Redis backend of a deployment, for tests that reach into it.
func b0(b testenv.Backend, m *Main) testenv.Backend {
	return testenv.Backend{RedisAddr: strings.TrimPrefix(m.Config.RedisURL, "redis://")}
}

// upload sends a GraphQL multipart request with one file in variable v.
func upload(t *testing.T, c *client, query, v, content string) map[string]any {
	t.Helper()
	return uploadVars(t, c, query, map[string]any{v: nil}, v, content)
}

// uploadVars sends a GraphQL multipart request with vars and one file at
// path (e.g. "in.audience.file") inside them.
func uploadVars(t *testing.T, c *client, query string, vars map[string]any, path, content string) map[string]any {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	_ = w.WriteField("operations", string(ops))
	_ = w.WriteField("map", fmt.Sprintf(`{"0":["variables.%s"]}`, path))
	fw, _ := w.CreateFormFile("0", "users.csv")
	_, _ = io.WriteString(fw, content)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.url+"/graphql", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.bearer)
	if c.dep != nil {
		c.dep.before(c)
		defer c.dep.wrote(c, query)
	}
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out response
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &out); err != nil || len(out.Errors) > 0 {
		t.Fatalf("upload: %s", raw)
	}
	return out.Data
}

// Three coupond processes on one set of databases and one Redis, claims
// spread over them: still exactly the stock, never two for a user.
func TestThreeProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts server processes")
	}
	bin := filepath.Join(t.TempDir(), "coupond")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		var urls []string
		for i := 0; i < 3; i++ {
			urls = append(urls, startProcess(t, bin, d.cfg))
		}
		mains := make([]*Main, 3)
		for i, u := range urls {
			mains[i] = &Main{Addr: strings.TrimPrefix(u, "http://")}
		}
		admin := adminClient(t, mains[0])
		op := keyClient(t, admin, mains[0], "OPERATOR")
		id := activeCouponID(t, op, "spread", func(in map[string]any) { in["totalStock"] = 200; in["stockSlots"] = 8 })
		svcs := make([]*client, 3)
		secret := keyClient(t, admin, mains[0], "SERVICE").bearer
		for i := range svcs {
			svcs[i] = newClient(t, mains[i])
			svcs[i].bearer = secret
		}
		var won, next atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < 24; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := next.Add(1) - 1
					if i >= 600 {
						return
					}
					// Every user tries twice, on two different processes.
					user := fmt.Sprintf("p-%d", i/2)
					code, _ := claimCode(svcs[i%3], user, id, fmt.Sprintf("req-%d", i))
					switch code {
					case "":
						won.Add(1)
					case "OUT_OF_STOCK", "LIMIT_REACHED", "BUSY":
					default:
						t.Errorf("unexpected %s", code)
					}
				}
			}()
		}
		wg.Wait()
		if won.Load() != 200 {
			t.Errorf("%d claims won over 3 processes, want 200", won.Load())
		}
		data := op.ok(`query($id:ID!){coupon(id:$id){remainingStock}}`, map[string]any{"id": id})
		if dig(data, "coupon", "remainingStock") != 0.0 {
			t.Errorf("remaining %v", data)
		}
		for u := 0; u < 300; u++ {
			d := svcs[u%3].ok(`query($u:ID){userCoupons(userId:$u){totalCount}}`, map[string]any{"u": fmt.Sprintf("p-%d", u)})
			if n := dig(d, "userCoupons", "totalCount").(float64); n > 1 {
				t.Errorf("user p-%d holds %v", u, n)
			}
		}
	})
}

// startProcess runs the server binary with cfg on a free port and returns
// its base URL; it is killed when the test ends.
func startProcess(t *testing.T, bin string, cfg config.Config) string {
	t.Helper()
	url, _ := startProcessCmd(t, bin, cfg)
	return url
}

// startProcessCmd is startProcess, also returning the process (to kill it).
func startProcessCmd(t *testing.T, bin string, cfg config.Config) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0")
	cmd.Env = append(os.Environ(),
		"COUPOND_DATA_DIR="+cfg.DataDir, "COUPOND_META_DSN="+cfg.MetaDSN, "COUPOND_SHARD_DSNS="+cfg.ShardDSNs,
		"COUPOND_REDIS_URL="+cfg.RedisURL, "COUPOND_REDIS_PREFIX="+cfg.RedisPrefix, "COUPOND_ADMIN_PASSWORD="+cfg.AdminPassword,
		"COUPOND_DEFAULT_STOCK_SLOTS=4", "COUPOND_SHOPPER_JWT_SECRET="+cfg.ShopperJWTSecret)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		buf := make([]byte, 4096)
		n, _ := io.ReadAtLeast(out, buf, 1)
		lines <- string(buf[:n])
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case first := <-lines:
		// "coupond listening on 127.0.0.1:PORT (...)"
		f := strings.Fields(first)
		if len(f) < 4 {
			t.Fatalf("unexpected banner %q", first)
		}
		return "http://" + f[3], cmd
	case <-time.After(60 * time.Second):
		t.Fatal("server process did not start")
	}
	return "", nil
}
