package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/limit"
	"github.com/coupond/coupond/internal/testenv"
)

const (
	generateCodes = `mutation($in:GenerateCodesInput!){generateCodes(input:$in){batch{id status count prefix length} userErrors{field code message}}}`
	codeBatches   = `query($c:ID!){codeBatches(couponId:$c){id status count generated redeemed disabled prefix exportUrl coupon{id name}}}`
	redeemCode    = `mutation($in:RedeemCodeInput!){redeemCode(input:$in){userCoupon{userId channel coupon{id}} replayed userErrors{field code message}}}`
)

// get fetches a path of the instance as this client.
func (c *client) get(path string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.url+path, nil)
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	if c.dep != nil {
		c.dep.before(c)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// batchOf polls codeBatches until the coupon's newest batch is COMPLETED.
func batchOf(t *testing.T, c *client, couponID string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		b := dig(c.ok(codeBatches, map[string]any{"c": couponID}), "codeBatches", 0)
		if dig(b, "status") == "COMPLETED" {
			return b.(map[string]any)
		}
		if time.Now().After(deadline) {
			t.Fatalf("batch not generated: %v", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func redeem(c *client, user any, code, req string) (string, map[string]any) {
	in := map[string]any{"code": code, "requestId": req}
	if user != nil {
		in["userId"] = user
	}
	r := c.do(redeemCode, map[string]any{"in": in})
	if len(r.Errors) > 0 {
		return r.code(), nil
	}
	p, _ := dig(r.Data, "redeemCode").(map[string]any)
	if code, ok := dig(p, "userErrors", 0, "code").(string); ok {
		return code, p
	}
	return "", p
}

func TestCodesAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		d.cfg.RedeemFailsUser = limit.Rate{N: 10, Period: 15 * time.Minute}
		m := d.start(t)
		admin := adminClient(t, m)
		op := keyClient(t, admin, m, "OPERATOR")
		analyst := keyClient(t, admin, m, "ANALYST")
		svc := keyClient(t, admin, m, "SERVICE")
		id := activeCouponID(t, op, "Partner codes", func(in map[string]any) { in["channels"] = []string{"CODE"} })

		bad := op.ok(generateCodes, map[string]any{"in": map[string]any{"couponId": id, "count": 0, "prefix": "no-way"}})
		if dig(bad, "generateCodes", "userErrors", 0, "code") != "INVALID_INPUT" || dig(bad, "generateCodes", "userErrors", 1, "field", 1) != "prefix" {
			t.Fatalf("bad input: %v", bad)
		}
		if r := analyst.do(generateCodes, map[string]any{"in": map[string]any{"couponId": id, "count": 5}}); r.code() != "FORBIDDEN" {
			t.Fatalf("an analyst generated codes: %+v", r)
		}
		g := op.ok(generateCodes, map[string]any{"in": map[string]any{"couponId": id, "count": 40, "prefix": "PARTNER"}})
		if dig(g, "generateCodes", "batch", "status") != "PENDING" || dig(g, "generateCodes", "batch", "length") != float64(16) {
			t.Fatalf("generate: %v", g)
		}
		batch := batchOf(t, op, id)
		link, _ := batch["exportUrl"].(string)
		if batch["generated"] != float64(40) || link == "" || dig(batch, "coupon", "name") != "Partner codes" {
			t.Fatalf("batch: %v", batch)
		}
		if a := batchOf(t, analyst, id); a["exportUrl"] != nil {
			t.Fatalf("an analyst sees an export link: %v", a)
		}
		if status, _ := analyst.get(link); status != http.StatusForbidden {
			t.Fatalf("an analyst downloaded codes: %d", status)
		}
		status, csv := op.get(link)
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(csv, "\xEF\xBB\xBF")), "\n")
		if status != http.StatusOK || len(lines) != 41 {
			t.Fatalf("export: %d, %d lines", status, len(lines))
		}
		code := func(i int) string { return strings.Split(lines[1+i], ",")[0] }
		audit := admin.ok(`query($id:String){auditLog(entityType:"CodeBatch",entityId:$id){edges{node{action actor}}}}`, map[string]any{"id": batch["id"]})
		if !strings.Contains(fmt.Sprint(audit), "exportCodes") {
			t.Fatalf("the download is not in the audit log: %v", audit)
		}

		t.Run("ShopperAndServiceRedeem", func(t *testing.T) {
			shopper := shopperClient(t, m, "code-shopper")
			errc, p := redeem(shopper, nil, strings.ToLower(code(0)), "s1")
			if errc != "" || dig(p, "userCoupon", "channel") != "CODE" || dig(p, "userCoupon", "userId") != "code-shopper" {
				t.Fatalf("shopper: %s %v", errc, p)
			}
			if errc, p := redeem(shopper, nil, code(0), "s1"); errc != "" || dig(p, "replayed") != true {
				t.Fatalf("retry: %s %v", errc, p)
			}
			if errc, _ := redeem(svc, "someone-else", code(0), "x1"); errc != "CODE_USED" {
				t.Fatalf("second user: %s", errc)
			}
			if errc, _ := redeem(svc, "svc-user", code(1), "v1"); errc != "" {
				t.Fatalf("service: %s", errc)
			}
			if errc, _ := redeem(shopper, "another-user", code(2), "s2"); errc != "FORBIDDEN" {
				t.Fatalf("a shopper redeemed for another user: %s", errc)
			}
		})

		t.Run("AliasesAndBatchesAreRefused", func(t *testing.T) {
			var q strings.Builder
			q.WriteString("mutation{")
			for i := 0; i < 50; i++ {
				fmt.Fprintf(&q, `r%d: redeemCode(input:{userId:"alias-user",code:"%s",requestId:"a%d"}){replayed}`, i, code(3), i)
			}
			q.WriteString("}")
			r := svc.do(q.String(), nil)
			if r.code() != "RATE_LIMITED" || r.Data["r0"] != nil {
				t.Fatalf("50 aliased redeemCode: %+v", r)
			}
			// Through a fragment too.
			r = svc.do(`mutation{...F redeemCode(input:{userId:"u",code:"X",requestId:"b"}){replayed}} fragment F on Mutation{x: redeemCode(input:{userId:"u",code:"Y",requestId:"c"}){replayed}}`, nil)
			if r.code() != "RATE_LIMITED" {
				t.Fatalf("redeemCode twice through a fragment: %+v", r)
			}
			r = newClient(t, m).do(`mutation{a:login(username:"admin",password:"x"){principal{name}} b:login(username:"admin",password:"y"){principal{name}}}`, nil)
			if r.code() != "RATE_LIMITED" {
				t.Fatalf("two logins in a request: %+v", r)
			}
			// A JSON array of operations (batching) is not a request.
			body := fmt.Sprintf(`[{"query":"mutation{redeemCode(input:{userId:\"u\",code:\"%s\",requestId:\"d\"}){replayed}}"}]`, code(3))
			req, _ := http.NewRequest(http.MethodPost, svc.url+"/graphql", bytes.NewReader([]byte(body)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+svc.bearer)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK && !strings.Contains(string(raw), "errors") {
				t.Fatalf("a batched request was served: %s", raw)
			}
			if errc, _ := redeem(svc, "alias-user", code(3), "after"); errc != "" {
				t.Fatalf("the code was spent by a refused request: %s", errc)
			}
		})

		t.Run("WrongCodesHitTheLimit", func(t *testing.T) {
			codes := map[string]int{}
			for i := 0; i < 100; i++ {
				errc, _ := redeem(svc, "guesser", fmt.Sprintf("PARTNER%016d", i), fmt.Sprint("g", i))
				codes[errc]++
			}
			if codes["CODE_INVALID"] != 10 || codes["RATE_LIMITED"] != 90 {
				t.Fatalf("answers to 100 wrong codes: %v", codes)
			}
		})

		t.Run("Disable", func(t *testing.T) {
			dis := op.ok(`mutation($id:ID!){disableCodeBatch(id:$id){batch{disabled status} userErrors{code}}}`, map[string]any{"id": batch["id"]})
			if dig(dis, "disableCodeBatch", "batch", "disabled") != true {
				t.Fatalf("disable: %v", dis)
			}
			if errc, _ := redeem(svc, "late", code(4), "l1"); errc != "CODE_DISABLED" {
				t.Fatalf("a disabled batch's code: %s", errc)
			}
			missing := op.ok(`mutation{disableCodeBatch(id:"424242"){batch{id} userErrors{code}}}`, nil)
			if dig(missing, "disableCodeBatch", "userErrors", 0, "code") != "NOT_FOUND" {
				t.Fatalf("disable a missing batch: %v", missing)
			}
		})
	})
}

// A client address has a budget of logins, whatever the usernames
// (TestLoginThrottleWithoutLockout: the failures of one account).
func TestLoginLimits(t *testing.T) {
	d := newDeployment(t, testenv.Backend{Name: "embedded"})
	d.cfg.LoginPerIP = limit.Rate{N: 5, Period: time.Minute}
	m := d.start(t)
	c := fromAddress(t, m, "127.0.0.6")
	start := time.Now()
	answers := map[string]int{}
	for i := 0; i < 7; i++ {
		r := c.do(`mutation($u:String!){login(username:$u,password:"x"){userErrors{code}}}`, map[string]any{"u": fmt.Sprint("nobody-", i)})
		code := r.code()
		if code == "" {
			code, _ = dig(r.Data, "login", "userErrors", 0, "code").(string)
		}
		answers[code]++
	}
	refilled := int(time.Since(start) / (time.Minute / 5))
	if answers["INVALID_INPUT"] < 5 || answers["INVALID_INPUT"] > 5+refilled || (5+refilled < 7 && answers["RATE_LIMITED"] == 0) {
		t.Fatalf("7 logins from one address, a budget of 5: %v (%d back in the budget meanwhile)", answers, refilled)
	}
	if r := fromAddress(t, m, "127.0.0.7").do(`mutation{login(username:"admin",password:"x"){userErrors{code}}}`, nil); r.code() != "" {
		t.Errorf("another address: %+v", r.Errors)
	}
}
