package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/config"
	"github.com/coupond/coupond/internal/httpapi"
	"github.com/coupond/coupond/internal/mariadbtest"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/testenv"
)

const (
	adminPassword = "correct horse battery"
	jwtSecret     = "test-shopper-secret"
)

// deployment is a set of databases and a Redis that instances share.
type deployment struct {
	b        testenv.Backend
	cfg      config.Config
	instance []*Main

	// On the replicated backend, a caller's reads follow the caller's own
	// writes by themselves (read pins); another caller's writes reach
	// them once the replica has them. replicaDSN is the replica the
	// clients wait for after one caller's mutation, before another caller
	// asks ("" on the other backends, or for a test that steers its
	// replica's lag and must see it).
	replicaDSN string
	mu         sync.Mutex
	lastWriter *client
}

// deployments finds the deployment of an instance (a client's).
var deployments sync.Map // *Main -> *deployment

func newDeployment(t *testing.T, b testenv.Backend) *deployment {
	t.Helper()
	return deploymentOn(t, b, testenv.StoreConfig(t, b))
}

// deploymentOn is a deployment over the databases of sc.
func deploymentOn(t *testing.T, b testenv.Backend, sc store.Config) *deployment {
	t.Helper()
	cfg := config.Config{
		Listen: "127.0.0.1:0", DataDir: sc.DataDir, EmbeddedShards: 2, TablesPerShard: 4,
		RedisURL: "redis://" + testenv.RedisAddr(t, b), RedisPrefix: testenv.Unique() + ":",
		Currency: "USD", StockSlots: 4, AdminPassword: adminPassword, ShopperJWTSecret: jwtSecret,
		CodeSecret: "api test code secret, 32 bytes..",
	}
	if sc.Meta.Primary != "" {
		cfg.MetaDSN = targetDSN(sc.Meta)
		var shards []string
		for _, s := range sc.Shards {
			shards = append(shards, targetDSN(s))
		}
		cfg.ShardDSNs = strings.Join(shards, ";")
	}
	return &deployment{b: b, cfg: cfg, replicaDSN: b.ReplicaDSN}
}

// targetDSN is t as COUPOND_META_DSN and COUPOND_SHARD_DSNS spell it.
func targetDSN(t store.Target) string {
	return strings.Join(append([]string{t.Primary}, t.Replicas...), "|")
}

// before waits, when c asks after another caller's mutation, for the
// replica to hold that mutation.
func (d *deployment) before(c *client) {
	d.mu.Lock()
	other := d.lastWriter != nil && d.lastWriter != c
	d.mu.Unlock()
	if !other || d.replicaDSN == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := mariadbtest.WaitCaughtUp(ctx, d.b.MySQLDSN, d.replicaDSN, 15*time.Second); err != nil {
		c.t.Fatalf("waiting for the replica: %v", err)
	}
}

func (d *deployment) wrote(c *client, query string) {
	if strings.HasPrefix(strings.TrimSpace(query), "mutation") {
		d.mu.Lock()
		d.lastWriter = c
		d.mu.Unlock()
	}
}

// start runs one more instance of the deployment on a free port.
func (d *deployment) start(t *testing.T) *Main {
	t.Helper()
	cfg := d.cfg
	m := &Main{Config: &cfg}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	d.instance = append(d.instance, m)
	deployments.Store(m, d)
	return m
}

// client is a caller of one instance's API: a console user (cookie jar), a
// bearer (API key or shopper token), or nobody.
type client struct {
	t      *testing.T
	url    string
	http   *http.Client
	bearer string
	dep    *deployment // nil: an instance started outside a deployment
}

func newClient(t *testing.T, m *Main) *client {
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, url: "http://" + m.Addr, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	if d, ok := deployments.Load(m); ok {
		c.dep = d.(*deployment)
	}
	return c
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	Data   map[string]any `json:"data"`
	Errors []gqlError     `json:"errors"`
	Header http.Header    `json:"-"`
}

func (r *response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func (c *client) do(query string, vars map[string]any) *response {
	c.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	if c.dep != nil {
		c.dep.before(c)
		defer c.dep.wrote(c, query)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out response
	if err := json.Unmarshal(raw, &out); err != nil {
		c.t.Fatalf("HTTP %d, not JSON: %s", res.StatusCode, raw)
	}
	out.Header = res.Header
	return &out
}

// ok runs a query that must not fail.
func (c *client) ok(query string, vars map[string]any) map[string]any {
	c.t.Helper()
	r := c.do(query, vars)
	if len(r.Errors) > 0 {
		c.t.Fatalf("query failed: %+v\n%s", r.Errors, query)
	}
	return r.Data
}

func (c *client) login(user, password string) {
	c.t.Helper()
	d := c.ok(`mutation($u:String!,$p:String!){login(username:$u,password:$p){principal{name} userErrors{code message}}}`,
		map[string]any{"u": user, "p": password})
	if errs := dig(d, "login", "userErrors").([]any); len(errs) > 0 {
		c.t.Fatalf("login %s: %v", user, errs)
	}
}

// dig walks a decoded JSON value by keys and indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func adminClient(t *testing.T, m *Main) *client {
	c := newClient(t, m)
	c.login("admin", adminPassword)
	return c
}

// keyClient makes an API key with roles (as admin) and returns its caller.
func keyClient(t *testing.T, admin *client, m *Main, roles ...string) *client {
	t.Helper()
	d := admin.ok(`mutation($n:String!,$r:[Role!]!){createApiKey(name:$n,roles:$r){secret userErrors{message}}}`,
		map[string]any{"n": "key-" + strings.Join(roles, "-"), "r": roles})
	c := newClient(t, m)
	c.bearer, _ = dig(d, "createApiKey", "secret").(string)
	if c.bearer == "" {
		t.Fatalf("no secret: %v", d)
	}
	return c
}

func shopperClient(t *testing.T, m *Main, userID string) *client {
	tok, err := auth.SignShopperToken([]byte(jwtSecret), userID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, m)
	c.bearer = tok
	return c
}

const createCoupon = `mutation($in:CouponInput!){createCoupon(input:$in){coupon{id name status remainingStock totalStock stockSlots currency
  discount{kind amountOff percentOff maxDiscount minOrderAmount} validity{kind days} channels productScope{kind productIds} tagRule{anyOf}}
  userErrors{field message code}}}`

func couponInput(name string) map[string]any {
	return map[string]any{
		"name":       name,
		"discount":   map[string]any{"kind": "AMOUNT_OFF", "amountOff": "10.00", "minOrderAmount": "50"},
		"validity":   map[string]any{"kind": "RELATIVE", "days": 7},
		"totalStock": 100,
	}
}

func TestAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		m := d.start(t)
		admin := adminClient(t, m)
		operator := keyClient(t, admin, m, "OPERATOR")
		analyst := keyClient(t, admin, m, "ANALYST")
		support := keyClient(t, admin, m, "SUPPORT")
		service := keyClient(t, admin, m, "SERVICE")
		shopper := shopperClient(t, m, "u-1")
		anonymous := newClient(t, m)

		var couponID string
		t.Run("CreateAndRead", func(t *testing.T) {
			data := operator.ok(createCoupon, map[string]any{"in": couponInput("Ten off")})
			c := dig(data, "createCoupon", "coupon").(map[string]any)
			couponID = c["id"].(string)
			if c["status"] != "DRAFT" || c["remainingStock"] != 100.0 || c["currency"] != "USD" || c["stockSlots"] != 4.0 {
				t.Errorf("created %v", c)
			}
			if dig(c, "discount", "amountOff") != "10.00" || dig(c, "discount", "minOrderAmount") != "50.00" {
				t.Errorf("money not shown to the cent: %v", c["discount"])
			}
			data = analyst.ok(`query($id:ID!){coupon(id:$id){name status} coupons(first:10){totalCount edges{node{id}}}}`, map[string]any{"id": couponID})
			if dig(data, "coupon", "name") != "Ten off" || dig(data, "coupons", "totalCount") != 1.0 {
				t.Errorf("read back %v", data)
			}
			data = operator.ok(`mutation($id:ID!){activateCoupon(id:$id){coupon{status} userErrors{code}}}`, map[string]any{"id": couponID})
			if dig(data, "activateCoupon", "coupon", "status") != "ACTIVE" {
				t.Errorf("activate: %v", data)
			}
			data = operator.ok(`mutation($id:ID!){addStock(id:$id,quantity:-101){coupon{remainingStock} userErrors{field code}}}`, map[string]any{"id": couponID})
			if dig(data, "addStock", "userErrors", 0, "code") != "INVALID_INPUT" || dig(data, "addStock", "userErrors", 0, "field", 0) != "quantity" {
				t.Errorf("over-large take-back: %v", data)
			}
			data = operator.ok(`{coupon(id:"424242"){id}}`, nil)
			if data["coupon"] != nil {
				t.Errorf("unknown id gave %v", data)
			}
		})

		t.Run("InvalidInputHasFieldPaths", func(t *testing.T) {
			in := couponInput("")
			in["currency"] = "usd"
			in["discount"] = map[string]any{"kind": "PERCENT_OFF", "percentOff": "100"}
			in["validity"] = map[string]any{"kind": "FIXED", "startsAt": "2026-12-01T00:00:00Z", "endsAt": "2026-11-01T00:00:00Z"}
			in["totalStock"] = -1
			data := operator.ok(createCoupon, map[string]any{"in": in})
			if data["createCoupon"].(map[string]any)["coupon"] != nil {
				t.Fatal("an invalid coupon was created")
			}
			got := map[string]string{}
			for _, e := range dig(data, "createCoupon", "userErrors").([]any) {
				got[fmt.Sprint(dig(e, "field"))] = dig(e, "code").(string)
			}
			for _, want := range []string{"[input name]", "[input currency]", "[input discount percentOff]", "[input validity endsAt]", "[input totalStock]"} {
				if got[want] != "INVALID_INPUT" {
					t.Errorf("no INVALID_INPUT on %s; got %v", want, got)
				}
			}
		})

		t.Run("MalformedScalarIsBadUserInput", func(t *testing.T) {
			in := couponInput("Bad money")
			in["discount"] = map[string]any{"kind": "AMOUNT_OFF", "amountOff": "ten"}
			if r := operator.do(createCoupon, map[string]any{"in": in}); r.code() != "BAD_USER_INPUT" {
				t.Errorf("got %+v", r.Errors)
			}
			in["discount"] = map[string]any{"kind": "AMOUNT_OFF", "amountOff": 9.99}
			if r := operator.do(createCoupon, map[string]any{"in": in}); r.code() != "BAD_USER_INPUT" {
				t.Errorf("a float for money: %+v", r.Errors)
			}
			if r := operator.do(`{ coupons(first: 10) { nope } }`, nil); r.code() != "BAD_USER_INPUT" {
				t.Errorf("unknown field: %+v", r.Errors)
			}
		})

		t.Run("Unauthenticated", func(t *testing.T) {
			for _, q := range []string{`{coupons{totalCount}}`, `mutation{activateCoupon(id:"1"){userErrors{code}}}`, `{apiKeys{id}}`} {
				if r := anonymous.do(q, nil); r.code() != "UNAUTHENTICATED" {
					t.Errorf("%s: %+v", q, r.Errors)
				}
			}
			if d := anonymous.ok(`{me{name}}`, nil); d["me"] != nil {
				t.Errorf("anonymous me = %v", d["me"])
			}
			bad := newClient(t, m)
			bad.bearer = "cpk_not-a-real-key"
			if r := bad.do(`{coupons{totalCount}}`, nil); r.code() != "UNAUTHENTICATED" {
				t.Errorf("bad key: %+v", r.Errors)
			}
		})

		t.Run("Forbidden", func(t *testing.T) {
			cases := []struct {
				name   string
				caller *client
				query  string
			}{
				{"AnalystCreates", analyst, `mutation{createCoupon(input:{name:"x",discount:{kind:FREE_SHIPPING},validity:{kind:RELATIVE,days:1},totalStock:1}){userErrors{code}}}`},
				{"SupportPauses", support, `mutation{pauseCoupon(id:"1"){userErrors{code}}}`},
				{"ServiceAddsStock", service, `mutation{addStock(id:"1",quantity:5){userErrors{code}}}`},
				{"ShopperListsCoupons", shopper, `{coupons{totalCount}}`},
				{"OperatorListsKeys", operator, `{apiKeys{id}}`},
				{"OperatorReadsAudit", operator, `{auditLog{edges{node{id}}}}`},
				{"OperatorCreatesUser", operator, `mutation{createConsoleUser(input:{username:"eve",password:"0123456789ab",roles:[ADMIN]}){userErrors{code}}}`},
				{"AnalystMakesKey", analyst, `mutation{createApiKey(name:"k",roles:[ADMIN]){secret}}`},
				{"ServiceRevokesKey", service, `mutation{revokeApiKey(id:"1")}`},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					if r := c.caller.do(c.query, nil); r.code() != "FORBIDDEN" {
						t.Errorf("got %+v", r.Errors)
					}
				})
			}
			if d := shopper.ok(`{me{id kind roles}}`, nil); dig(d, "me", "id") != "u-1" || dig(d, "me", "kind") != "SHOPPER" {
				t.Errorf("shopper me = %v", d)
			}
		})

		t.Run("ShopperTokens", func(t *testing.T) {
			forged := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"sub": "u-1", "exp": time.Now().Add(time.Hour).Unix()})
			none, _ := forged.SignedString(jwt.UnsafeAllowNoneSignatureType)
			noExp, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "u-1"}).SignedString([]byte(jwtSecret))
			expired, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "u-1", "exp": time.Now().Add(-time.Hour).Unix()}).SignedString([]byte(jwtSecret))
			wrongKey, _ := auth.SignShopperToken([]byte("another secret"), "u-1", time.Hour)
			for name, tok := range map[string]string{"AlgNone": none, "NoExpiry": noExp, "Expired": expired, "WrongKey": wrongKey} {
				c := newClient(t, m)
				c.bearer = tok
				if d := c.ok(`{me{id}}`, nil); d["me"] != nil {
					t.Errorf("%s token accepted: %v", name, d)
				}
			}
		})

		t.Run("LoginCookieAndLogout", func(t *testing.T) {
			c := newClient(t, m)
			r := c.do(`mutation{login(username:"admin",password:"wrong"){principal{id} userErrors{code message}}}`, nil)
			if dig(r.Data, "login", "principal") != nil || dig(r.Data, "login", "userErrors", 0, "message") != "wrong username or password" {
				t.Errorf("wrong password: %v", r.Data)
			}
			r = c.do(`mutation($p:String!){login(username:"admin",password:$p){principal{name roles}}}`, map[string]any{"p": adminPassword})
			cookie := r.Header.Get("Set-Cookie")
			for _, want := range []string{httpapi.SessionCookie + "=", "HttpOnly", "SameSite=Strict"} {
				if !strings.Contains(cookie, want) {
					t.Errorf("Set-Cookie %q lacks %q", cookie, want)
				}
			}
			if d := c.ok(`{me{name}}`, nil); dig(d, "me", "name") != "admin" {
				t.Errorf("after login: %v", d)
			}
			c.ok(`mutation{logout}`, nil)
			if d := c.ok(`{me{name}}`, nil); d["me"] != nil {
				t.Errorf("after logout: %v", d)
			}
		})

		t.Run("ConsoleUsersAndKeys", func(t *testing.T) {
			d := admin.ok(`mutation{createConsoleUser(input:{username:"olga",password:"short",roles:[OPERATOR]}){principal{id} userErrors{field code}}}`, nil)
			if dig(d, "createConsoleUser", "userErrors", 0, "field", 1) != "password" {
				t.Errorf("short password: %v", d)
			}
			admin.ok(`mutation{createConsoleUser(input:{username:"olga",password:"long enough pw",roles:[OPERATOR]}){principal{id} userErrors{code}}}`, nil)
			olga := newClient(t, m)
			olga.login("olga", "long enough pw")
			if d := olga.ok(`{me{roles kind}}`, nil); fmt.Sprint(dig(d, "me", "roles")) != "[OPERATOR]" || dig(d, "me", "kind") != "CONSOLE_USER" {
				t.Errorf("olga: %v", d)
			}
			d = admin.ok(`mutation{createApiKey(name:"temp",roles:[SERVICE]){apiKey{id} secret}}`, nil)
			temp := newClient(t, m)
			temp.bearer = dig(d, "createApiKey", "secret").(string)
			if d := temp.ok(`{me{kind}}`, nil); dig(d, "me", "kind") != "API_KEY" {
				t.Errorf("key me: %v", d)
			}
			admin.ok(`mutation($id:ID!){revokeApiKey(id:$id)}`, map[string]any{"id": dig(d, "createApiKey", "apiKey", "id")})
			if d := temp.ok(`{me{kind}}`, nil); d["me"] != nil {
				t.Errorf("revoked key still works: %v", d)
			}
		})

		t.Run("Audit", func(t *testing.T) {
			// A key's entries are written in batches within 200 ms.
			var d map[string]any
			for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				d = admin.ok(`query($id:String){auditLog(entityType:"Coupon",entityId:$id,first:50){edges{node{actor action entityType entityId detail}}}}`,
					map[string]any{"id": couponID})
				if len(dig(d, "auditLog", "edges").([]any)) >= 3 || time.Now().After(deadline) {
					break
				}
			}
			actions := map[string]bool{}
			for _, e := range dig(d, "auditLog", "edges").([]any) {
				n := dig(e, "node").(map[string]any)
				actions[n["action"].(string)] = true
				if n["actor"] != "key:key-OPERATOR" {
					t.Errorf("actor %v", n["actor"])
				}
			}
			for _, a := range []string{"createCoupon", "activateCoupon", "addStock"} {
				if !actions[a] {
					t.Errorf("no audit entry for %s (have %v)", a, actions)
				}
			}
			d = admin.ok(`{auditLog(actor:"admin",first:200){edges{node{action detail}}}}`, nil)
			for _, e := range dig(d, "auditLog", "edges").([]any) {
				if detail := dig(e, "node", "detail").(string); strings.Contains(detail, "long enough pw") {
					t.Errorf("a password reached the audit log: %s", detail)
				}
			}
		})

		t.Run("QueryTooComplex", func(t *testing.T) {
			deep := `{ coupons { edges { node { productScope { kind } tagRule { anyOf } discount { kind } validity { kind } } } } }`
			if r := operator.do(deep, nil); len(r.Errors) > 0 {
				t.Fatalf("a normal query was refused: %+v", r.Errors)
			}
			fields := "id name description status currency totalStock remainingStock perUserLimit stockSlots createdAt updatedAt channels claimStartsAt claimEndsAt"
			var b strings.Builder
			b.WriteString("{")
			for i := 0; i < 10; i++ {
				fmt.Fprintf(&b, " a%d: coupons(first: 200) { edges { node { %s discount { kind amountOff } } } }", i, fields)
			}
			b.WriteString("}")
			if r := operator.do(b.String(), nil); r.code() != "QUERY_TOO_COMPLEX" {
				t.Errorf("huge query: %+v", r.Errors)
			}
			nested := `{ node(id: "1") { ... on Coupon { discount { kind } } } me { name } coupons { edges { node { productScope { kind } } } pageInfo { hasNextPage } } }`
			if r := operator.do(nested, nil); len(r.Errors) > 0 {
				t.Errorf("node query: %+v", r.Errors)
			}
			var deepB strings.Builder
			deepB.WriteString(`query { coupons { edges { node { id } } } `)
			deepB.WriteString(`} fragment f on Query { me { name } }`)
			frag := `query { ...a } fragment a on Query { coupons { edges { node { discount { ...b } } } } } fragment b on Discount { kind }`
			if r := operator.do(frag, nil); len(r.Errors) > 0 {
				t.Errorf("fragments: %+v", r.Errors)
			}
		})

		t.Run("Introspection", func(t *testing.T) {
			q := `{ __schema { queryType { name } } }`
			if r := operator.do(q, nil); len(r.Errors) == 0 {
				t.Error("introspection open to an OPERATOR outside dev mode")
			}
			if r := admin.do(q, nil); len(r.Errors) > 0 {
				t.Errorf("introspection closed to ADMIN: %+v", r.Errors)
			}
		})

		t.Run("Operations", func(t *testing.T) {
			for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/metrics": "coupond_graphql_requests_total", "/coupons/42": "<!doctype html>"} {
				res, err := http.Get("http://" + m.Addr + path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != 200 || !strings.Contains(strings.ToLower(string(body)), strings.ToLower(want)) {
					t.Errorf("%s: %d %.80q", path, res.StatusCode, body)
				}
			}
		})
	})
}

// Two instances on one set of databases and one Redis: an update through
// one is visible through the other's cache within a second.
func TestTwoInstancesShareCache(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		a, bInst := d.start(t), d.start(t)
		ca, cb := adminClient(t, a), adminClient(t, bInst)
		data := ca.ok(createCoupon, map[string]any{"in": couponInput("Before")})
		id := dig(data, "createCoupon", "coupon", "id")
		q := `query($id:ID!){coupon(id:$id){name}}`
		if got := dig(cb.ok(q, map[string]any{"id": id}), "coupon", "name"); got != "Before" {
			t.Fatalf("B reads %v", got)
		}
		ca.ok(`mutation($id:ID!,$in:CouponInput!){updateCoupon(id:$id,input:$in){userErrors{message}}}`,
			map[string]any{"id": id, "in": couponInput("After")})
		deadline := time.Now().Add(time.Second)
		for {
			if got := dig(cb.ok(q, map[string]any{"id": id}), "coupon", "name"); got == "After" {
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("instance B still serves the old name after 1s")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
