package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/valyala/fasthttp"
)

// client talks to coupond's GraphQL endpoint. Connections are kept and
// reused by every scenario. The GraphQL requests go through fasthttp's
// client, which takes a fraction of net/http's CPU per request: the load
// generator shares the server's two cores, and what it burns is taken from
// the server it measures. Logins, uploads and downloads use net/http.
type client struct {
	base   string // http://host:port
	http   *http.Client
	fast   *fasthttp.Client
	cookie string // admin session, "name=value"
	apiKey string // SERVICE key, for claims and reads of users' coupons
}

func newClient(base string) *client {
	tr := &http.Transport{
		MaxIdleConns:        2048,
		MaxIdleConnsPerHost: 2048,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	fast := &fasthttp.Client{
		MaxConnsPerHost:               4096,
		MaxIdleConnDuration:           90 * time.Second,
		NoDefaultUserAgentHeader:      true,
		DisableHeaderNamesNormalizing: true,
	}
	return &client{base: strings.TrimRight(base, "/"), http: &http.Client{Transport: tr, Timeout: 60 * time.Second}, fast: fast}
}

// requestTimeout bounds a GraphQL request whose context has no deadline.
const requestTimeout = 60 * time.Second

// gqlError is one entry of a GraphQL response's errors.
type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code string `json:"code"`
	} `json:"extensions"`
}

// userError is a business refusal in a payload's userErrors.
type userError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// requestError is a request that did not reach a payload: transport, HTTP
// status or GraphQL errors. Code is extensions.code, or HTTP_<status>, or
// TRANSPORT.
type requestError struct {
	Code    string
	Message string
}

func (e *requestError) Error() string { return e.Code + ": " + e.Message }

// post sends body (a complete GraphQL request) and decodes data into out.
// A request in flight is not cut short when ctx is canceled, only when its
// deadline passes: the timed loops stop between requests.
func (c *client) post(ctx context.Context, body []byte, session bool, out any) error {
	if err := ctx.Err(); err != nil {
		return &requestError{Code: "TRANSPORT", Message: err.Error()}
	}
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(c.base + "/graphql")
	req.Header.SetMethod(fasthttp.MethodPost)
	req.Header.SetContentType("application/json")
	if session {
		if c.cookie != "" {
			req.Header.Set("Cookie", c.cookie)
		}
	} else if c.apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.apiKey)
	}
	req.SetBodyRaw(body)
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(requestTimeout)
	}
	if err := c.fast.DoDeadline(req, resp, deadline); err != nil {
		return &requestError{Code: "TRANSPORT", Message: err.Error()}
	}
	if status := resp.StatusCode(); status != http.StatusOK {
		msg := resp.Body()
		if len(msg) > 512 {
			msg = msg[:512]
		}
		return &requestError{Code: "HTTP_" + strconv.Itoa(status), Message: strings.TrimSpace(string(msg))}
	}
	// One pass: data is decoded straight into out (an interface holding a
	// non-nil pointer is decoded into), which keeps the client's CPU, taken
	// from the server's cores, low for large answers such as qualifyCart's.
	var r struct {
		Data   any        `json:"data"`
		Errors []gqlError `json:"errors"`
	}
	if out != nil {
		r.Data = out
	} else {
		r.Data = &json.RawMessage{}
	}
	if err := json.Unmarshal(resp.Body(), &r); err != nil {
		return &requestError{Code: "DECODE", Message: err.Error()}
	}
	if len(r.Errors) > 0 {
		e := r.Errors[0]
		code := e.Extensions.Code
		if code == "" {
			code = "GRAPHQL"
		}
		return &requestError{Code: code, Message: e.Message}
	}
	return nil
}

// call builds a request from a query and its variables; for setup and
// checks, not for the timed loops.
func (c *client) call(ctx context.Context, session bool, query string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	return c.post(ctx, body, session, out)
}

func userErrorsErr(op string, ues []userError) error {
	if len(ues) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s: %s", op, ues[0].Code, ues[0].Message)
}

// login opens an admin session and keeps its cookie.
func (c *client) login(ctx context.Context, user, password string) error {
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($u:String!,$p:String!){login(username:$u,password:$p){principal{id} userErrors{code message}}}`,
		"variables": map[string]any{"u": user, "p": password},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var r struct {
		Data struct {
			Login struct {
				Principal  *struct{ ID string } `json:"principal"`
				UserErrors []userError          `json:"userErrors"`
			} `json:"login"`
		} `json:"data"`
		Errors []gqlError `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return fmt.Errorf("login: HTTP %d: %w", resp.StatusCode, err)
	}
	if len(r.Errors) > 0 {
		return fmt.Errorf("login: %s", r.Errors[0].Message)
	}
	if err := userErrorsErr("login", r.Data.Login.UserErrors); err != nil {
		return err
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == "coupond_session" {
			c.cookie = ck.Name + "=" + ck.Value
		}
	}
	if c.cookie == "" || r.Data.Login.Principal == nil {
		return errors.New("login: no session cookie in the answer")
	}
	return nil
}

// createServiceKey makes a SERVICE API key and uses it for claims.
func (c *client) createServiceKey(ctx context.Context, name string) error {
	var out struct {
		CreateAPIKey struct {
			Secret     string      `json:"secret"`
			UserErrors []userError `json:"userErrors"`
		} `json:"createApiKey"`
	}
	err := c.call(ctx, true, `mutation($n:String!){createApiKey(name:$n,roles:[SERVICE]){secret userErrors{code message}}}`,
		map[string]any{"n": name}, &out)
	if err != nil {
		return fmt.Errorf("createApiKey: %w", err)
	}
	if err := userErrorsErr("createApiKey", out.CreateAPIKey.UserErrors); err != nil {
		return err
	}
	if out.CreateAPIKey.Secret == "" {
		return errors.New("createApiKey: no secret")
	}
	c.apiKey = out.CreateAPIKey.Secret
	return nil
}

// couponSpec is what a scenario needs of a coupon.
type couponSpec struct {
	Name         string
	TotalStock   int64
	PerUserLimit int
	StockSlots   int
	Currency     string        // "": the server's default
	Discount     *discountSpec // nil: AMOUNT_OFF 5.00
	// ScopeCategories, when set, whitelists these categories (and their
	// descendants); else the scope is ALL.
	ScopeCategories []string
	Channels        []string // nil: [CLAIM]
	// CombinesWith lists the classes the coupon combines with (nil: none).
	CombinesWith []string
	// BudgetUsesPerDay and BudgetAmount cap the coupon's own budget (0 and
	// "": no cap).
	BudgetUsesPerDay int
	BudgetAmount     string
}

// discountSpec is a coupon's DiscountInput; empty strings are left out.
type discountSpec struct {
	Kind           string // AMOUNT_OFF, PERCENT_OFF, FREE_SHIPPING
	AmountOff      string
	PercentOff     string
	MaxDiscount    string
	MinOrderAmount string
}

// couponInput is the CouponInput of s: a coupon valid 7 days from issue,
// open to s.Channels (CLAIM when none).
func couponInput(s couponSpec) map[string]any {
	discount := map[string]any{"kind": "AMOUNT_OFF", "amountOff": "5.00"}
	if d := s.Discount; d != nil {
		discount = map[string]any{"kind": d.Kind}
		for k, v := range map[string]string{"amountOff": d.AmountOff, "percentOff": d.PercentOff, "maxDiscount": d.MaxDiscount, "minOrderAmount": d.MinOrderAmount} {
			if v != "" {
				discount[k] = v
			}
		}
	}
	in := map[string]any{
		"name":         s.Name,
		"discount":     discount,
		"validity":     map[string]any{"kind": "RELATIVE", "days": 7},
		"totalStock":   s.TotalStock,
		"perUserLimit": s.PerUserLimit,
		"stockSlots":   s.StockSlots,
		"channels":     []string{"CLAIM"},
	}
	if len(s.Channels) > 0 {
		in["channels"] = s.Channels
	}
	if s.Currency != "" {
		in["currency"] = s.Currency
	}
	if len(s.ScopeCategories) > 0 {
		in["productScope"] = map[string]any{"kind": "WHITELIST", "categoryIds": s.ScopeCategories}
	}
	if s.CombinesWith != nil {
		in["combinesWith"] = s.CombinesWith
	}
	if s.BudgetUsesPerDay > 0 || s.BudgetAmount != "" {
		b := map[string]any{}
		if s.BudgetUsesPerDay > 0 {
			b["usesPerDay"] = s.BudgetUsesPerDay
		}
		if s.BudgetAmount != "" {
			b["amount"] = s.BudgetAmount
		}
		in["budget"] = b
	}
	return in
}

// createCoupon creates and activates a coupon; it returns its id.
func (c *client) createCoupon(ctx context.Context, s couponSpec) (string, error) {
	var out struct {
		CreateCoupon struct {
			Coupon     *struct{ ID string } `json:"coupon"`
			UserErrors []userError          `json:"userErrors"`
		} `json:"createCoupon"`
	}
	err := c.call(ctx, true, `mutation($i:CouponInput!){createCoupon(input:$i){coupon{id} userErrors{field message code}}}`,
		map[string]any{"i": couponInput(s)}, &out)
	if err != nil {
		return "", fmt.Errorf("createCoupon: %w", err)
	}
	if err := userErrorsErr("createCoupon", out.CreateCoupon.UserErrors); err != nil {
		return "", err
	}
	if out.CreateCoupon.Coupon == nil {
		return "", errors.New("createCoupon: no coupon")
	}
	id := out.CreateCoupon.Coupon.ID
	var act struct {
		ActivateCoupon struct {
			Coupon     *struct{ Status string } `json:"coupon"`
			UserErrors []userError              `json:"userErrors"`
		} `json:"activateCoupon"`
	}
	err = c.call(ctx, true, `mutation($id:ID!){activateCoupon(id:$id){coupon{status} userErrors{code message}}}`,
		map[string]any{"id": id}, &act)
	if err != nil {
		return "", fmt.Errorf("activateCoupon: %w", err)
	}
	if err := userErrorsErr("activateCoupon", act.ActivateCoupon.UserErrors); err != nil {
		return "", err
	}
	if act.ActivateCoupon.Coupon == nil || act.ActivateCoupon.Coupon.Status != "ACTIVE" {
		return "", fmt.Errorf("activateCoupon: coupon %s not ACTIVE", id)
	}
	return id, nil
}

// stock returns a coupon's total and remaining stock.
func (c *client) stock(ctx context.Context, couponID string) (total, remaining int64, err error) {
	var out struct {
		Coupon *struct {
			TotalStock     int64 `json:"totalStock"`
			RemainingStock int64 `json:"remainingStock"`
		} `json:"coupon"`
	}
	if err := c.call(ctx, true, `query($id:ID!){coupon(id:$id){totalStock remainingStock}}`, map[string]any{"id": couponID}, &out); err != nil {
		return 0, 0, fmt.Errorf("coupon: %w", err)
	}
	if out.Coupon == nil {
		return 0, 0, fmt.Errorf("coupon %s: not found", couponID)
	}
	return out.Coupon.TotalStock, out.Coupon.RemainingStock, nil
}

// holdings returns the ids of the user coupons a user holds, by coupon id,
// and the connection's totalCount.
func (c *client) holdings(ctx context.Context, userID string) (map[string][]string, int64, error) {
	var out struct {
		UserCoupons struct {
			TotalCount int64 `json:"totalCount"`
			Edges      []struct {
				Node struct {
					ID     string `json:"id"`
					Coupon struct {
						ID string `json:"id"`
					} `json:"coupon"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"userCoupons"`
	}
	err := c.call(ctx, false, `query($u:ID){userCoupons(userId:$u,first:200){totalCount edges{node{id coupon{id}}}}}`,
		map[string]any{"u": userID}, &out)
	if err != nil {
		return nil, 0, fmt.Errorf("userCoupons(%s): %w", userID, err)
	}
	m := make(map[string][]string)
	for _, e := range out.UserCoupons.Edges {
		m[e.Node.Coupon.ID] = append(m[e.Node.Coupon.ID], e.Node.ID)
	}
	return m, out.UserCoupons.TotalCount, nil
}

// Claim mutations. The query text is constant so that the server parses it
// once (gqlgen's query cache); only the variables change.
const (
	claimQuery      = `mutation($i:ClaimInput!){claimCoupon(input:$i){userCoupon{id} replayed userErrors{code message}}}`
	batchClaimQuery = `mutation($i:BatchClaimInput!){claimCoupons(input:$i){results{couponId userCoupon{id} error{code message}} replayed userErrors{code message}}}`
)

// bodyTemplate is a claim request with two holes, the user id and the
// request id, both "<prefix><n>": filling it is a few appends, so the timed
// loops build no JSON.
type bodyTemplate struct {
	a, b, c []byte // a userId b requestId c
}

func jsonString(s string) []byte { b, _ := json.Marshal(s); return b }

// newClaimTemplate: claimCoupon for one coupon, or claimCoupons for several.
func newClaimTemplate(couponIDs []string) bodyTemplate {
	q := claimQuery
	coupons := `"couponId":` + string(jsonString(couponIDs[0]))
	if len(couponIDs) > 1 {
		q = batchClaimQuery
		ids, _ := json.Marshal(couponIDs)
		coupons = `"couponIds":` + string(ids)
	}
	return bodyTemplate{
		a: []byte(`{"query":` + string(jsonString(q)) + `,"variables":{"i":{` + coupons + `,"userId":"`),
		b: []byte(`","requestId":"`),
		c: []byte(`"}}}`),
	}
}

// fill writes the body for user "<userPrefix><user>" and request
// "<reqPrefix><req>" into buf (user and request prefixes are plain ASCII).
func (t bodyTemplate) fill(buf []byte, userPrefix string, user int, reqPrefix string, req int) []byte {
	buf = append(buf[:0], t.a...)
	buf = append(buf, userPrefix...)
	buf = strconv.AppendInt(buf, int64(user), 10)
	buf = append(buf, t.b...)
	buf = append(buf, reqPrefix...)
	buf = strconv.AppendInt(buf, int64(req), 10)
	return append(buf, t.c...)
}

// claimOutcome is what one claim request came to.
type claimOutcome struct {
	ids      []string // user coupon ids issued (one per coupon claimed)
	replayed bool
	code     string // refusal code (userErrors, or a batch result's error), "" when all claimed
	err      string // request-level failure: "CODE: message"
	busy     int    // BUSY answers retried
}

type claimPayload struct {
	UserCoupon *struct {
		ID string `json:"id"`
	} `json:"userCoupon"`
	Replayed   bool        `json:"replayed"`
	UserErrors []userError `json:"userErrors"`
}

type batchPayload struct {
	Results []struct {
		CouponID   string `json:"couponId"`
		UserCoupon *struct {
			ID string `json:"id"`
		} `json:"userCoupon"`
		Error *userError `json:"error"`
	} `json:"results"`
	Replayed   bool        `json:"replayed"`
	UserErrors []userError `json:"userErrors"`
}

// maxBusyRetries bounds the retries of a BUSY answer ("safe to retry"), as
// a real caller would do, with the same request id.
const maxBusyRetries = 40

// claim sends a claimCoupon (batch false) or claimCoupons body, retrying
// BUSY with a short jittered pause.
func (c *client) claim(ctx context.Context, body []byte, batch bool) claimOutcome {
	var o claimOutcome
	for {
		o.ids, o.replayed, o.code, o.err = o.ids[:0], false, "", ""
		if batch {
			var out struct {
				P batchPayload `json:"claimCoupons"`
			}
			if err := c.post(ctx, body, false, &out); err != nil {
				o.err = err.Error()
				return o
			}
			o.replayed = out.P.Replayed
			if len(out.P.UserErrors) > 0 {
				o.code = out.P.UserErrors[0].Code
			}
			for _, r := range out.P.Results {
				switch {
				case r.UserCoupon != nil:
					o.ids = append(o.ids, r.UserCoupon.ID)
				case r.Error != nil && o.code == "":
					o.code = r.Error.Code
				case r.Error == nil && o.code == "":
					o.code = "NO_RESULT"
				}
			}
		} else {
			var out struct {
				P claimPayload `json:"claimCoupon"`
			}
			if err := c.post(ctx, body, false, &out); err != nil {
				o.err = err.Error()
				return o
			}
			o.replayed = out.P.Replayed
			if len(out.P.UserErrors) > 0 {
				o.code = out.P.UserErrors[0].Code
			} else if out.P.UserCoupon != nil {
				o.ids = append(o.ids, out.P.UserCoupon.ID)
			} else {
				o.code = "NO_RESULT"
			}
		}
		if o.code != "BUSY" || o.busy >= maxBusyRetries || ctx.Err() != nil {
			return o
		}
		o.busy++
		time.Sleep(time.Duration(2+rand.IntN(8)) * time.Millisecond)
	}
}
