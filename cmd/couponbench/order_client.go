package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
)

// The catalog, carts and order mutations of the use and qualify scenarios.

// category and product are catalog entries as upsertCategories and
// upsertProducts take them.
type category struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	ParentID string `json:"parentId,omitempty"`
}

type product struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CategoryID string `json:"categoryId,omitempty"`
}

// catalogData is the catalog of a run: a small category tree and products
// spread over its leaves.
type catalogData struct {
	categories []category
	products   []product
	// by name: "electronics" (root; "phones" and "laptops" under it), "home"
	// (root; "kitchen", "garden"), "books" and "toys" (roots, leaves too).
	cat map[string]string
}

// catalogLeaves are the categories products are put in, round robin.
var catalogLeaves = []string{"phones", "laptops", "kitchen", "garden", "books", "toys"}

// buildCatalog makes the catalog of a run: ids start with prefix so that
// runs against one server (-server) do not collide.
func buildCatalog(prefix string, nProducts int) *catalogData {
	c := &catalogData{cat: map[string]string{}}
	add := func(name, parent string) {
		id := prefix + "-cat-" + name
		c.cat[name] = id
		c.categories = append(c.categories, category{ID: id, Name: name, ParentID: c.cat[parent]})
	}
	add("electronics", "")
	add("phones", "electronics")
	add("laptops", "electronics")
	add("home", "")
	add("kitchen", "home")
	add("garden", "home")
	add("books", "")
	add("toys", "")
	for i := range nProducts {
		leaf := catalogLeaves[i%len(catalogLeaves)]
		c.products = append(c.products, product{
			ID:         prefix + "-p-" + strconv.Itoa(i),
			Name:       fmt.Sprintf("%s %d", leaf, i),
			CategoryID: c.cat[leaf],
		})
	}
	return c
}

// cartItem and cart are a CartInput.
type cartItem struct {
	ProductID string `json:"productId"`
	UnitPrice string `json:"unitPrice"`
	Quantity  int    `json:"quantity"`
}

type cart struct {
	Currency    string     `json:"currency,omitempty"`
	Items       []cartItem `json:"items"`
	ShippingFee string     `json:"shippingFee,omitempty"`
}

// cartJSON is c as the JSON of a CartInput.
func cartJSON(c cart) []byte {
	b, _ := json.Marshal(c)
	return b
}

// price is a deterministic unit price for line i: 5.00 to 124.99.
func price(i int) string {
	return fmt.Sprintf("%d.%02d", 5+(i*37)%120, (i*13)%100)
}

// buildCart is a USD cart of n lines of the catalog's products, none of
// them a toy (so that a coupon scoped to toys has no eligible item), with
// quantities 1 to 3 and a shipping fee of 5.00.
func buildCart(c *catalogData, n int) cart {
	out := cart{Currency: "USD", ShippingFee: "5.00"}
	for i, p := range c.products {
		if len(out.Items) == n {
			break
		}
		if p.CategoryID == c.cat["toys"] {
			continue
		}
		out.Items = append(out.Items, cartItem{ProductID: p.ID, UnitPrice: price(i), Quantity: 1 + i%3})
	}
	return out
}

// qualifyCoupons are n coupons of mixed kinds for the qualify scenario,
// cycling through ten shapes: amount off; amount off with a threshold the
// cart meets; amount off with one it never meets; percent off with a cap;
// percent off scoped to electronics; free shipping; free shipping with an
// unmet threshold; amount off scoped to kitchen; percent off scoped to
// books with a threshold; amount off scoped to toys (no eligible item).
// The amounts grow with the round so that the options differ.
func qualifyCoupons(c *catalogData, n int) []couponSpec {
	out := make([]couponSpec, n)
	for i := range out {
		round := i / 10
		money := func(base int) string { return fmt.Sprintf("%d.%02d", base+round, (i*7)%100) }
		pct := strconv.Itoa(5 + round*3 + i%10)
		s := couponSpec{Name: "qualify", TotalStock: 10, PerUserLimit: 1, StockSlots: 1, Currency: "USD"}
		switch i % 10 {
		case 0:
			s.Discount = &discountSpec{Kind: "AMOUNT_OFF", AmountOff: money(3)}
		case 1:
			s.Discount = &discountSpec{Kind: "AMOUNT_OFF", AmountOff: money(10), MinOrderAmount: "50.00"}
		case 2:
			s.Discount = &discountSpec{Kind: "AMOUNT_OFF", AmountOff: money(400), MinOrderAmount: "100000.00"}
		case 3:
			s.Discount = &discountSpec{Kind: "PERCENT_OFF", PercentOff: pct, MaxDiscount: money(15)}
		case 4:
			s.Discount = &discountSpec{Kind: "PERCENT_OFF", PercentOff: pct, MaxDiscount: money(1000)}
			s.ScopeCategories = []string{c.cat["electronics"]}
		case 5:
			s.Discount = &discountSpec{Kind: "FREE_SHIPPING"}
		case 6:
			s.Discount = &discountSpec{Kind: "FREE_SHIPPING", MinOrderAmount: "100000.00"}
		case 7:
			s.Discount = &discountSpec{Kind: "AMOUNT_OFF", AmountOff: money(7)}
			s.ScopeCategories = []string{c.cat["kitchen"]}
		case 8:
			s.Discount = &discountSpec{Kind: "PERCENT_OFF", PercentOff: pct, MinOrderAmount: "20.00"}
			s.ScopeCategories = []string{c.cat["books"]}
		case 9:
			s.Discount = &discountSpec{Kind: "AMOUNT_OFF", AmountOff: money(20)}
			s.ScopeCategories = []string{c.cat["toys"]}
		}
		out[i] = s
	}
	return out
}

// catalogPayload answers upsertCategories and upsertProducts.
type catalogPayload struct {
	Count      int         `json:"count"`
	UserErrors []userError `json:"userErrors"`
}

// maxCatalogBatch is the most entries one upsert takes.
const maxCatalogBatch = 1000

// upsertCatalog writes the categories, then the products, in batches.
func (c *client) upsertCatalog(ctx context.Context, cd *catalogData) error {
	var out struct {
		P catalogPayload `json:"upsertCategories"`
	}
	if err := c.call(ctx, true, `mutation($c:[CategoryInput!]!){upsertCategories(categories:$c){count userErrors{code message}}}`,
		map[string]any{"c": cd.categories}, &out); err != nil {
		return fmt.Errorf("upsertCategories: %w", err)
	}
	if err := userErrorsErr("upsertCategories", out.P.UserErrors); err != nil {
		return err
	}
	if out.P.Count != len(cd.categories) {
		return fmt.Errorf("upsertCategories: count %d, sent %d", out.P.Count, len(cd.categories))
	}
	for lo := 0; lo < len(cd.products); lo += maxCatalogBatch {
		batch := cd.products[lo:min(lo+maxCatalogBatch, len(cd.products))]
		var out struct {
			P catalogPayload `json:"upsertProducts"`
		}
		if err := c.call(ctx, true, `mutation($p:[ProductInput!]!){upsertProducts(products:$p){count userErrors{code message}}}`,
			map[string]any{"p": batch}, &out); err != nil {
			return fmt.Errorf("upsertProducts: %w", err)
		}
		if err := userErrorsErr("upsertProducts", out.P.UserErrors); err != nil {
			return err
		}
		if out.P.Count != len(batch) {
			return fmt.Errorf("upsertProducts: count %d, sent %d", out.P.Count, len(batch))
		}
	}
	return nil
}

// useQuery is the useCoupon mutation of the timed loop (constant text, so
// that the server parses it once).
const useQuery = `mutation($i:UseCouponInput!){useCoupon(input:$i){userCoupon{id status} discount userErrors{code message}}}`

// useTemplate is a useCoupon request with three holes: the user id
// "<prefix><n>", the user coupon id and the order id "<prefix><n>"; the
// cart is fixed.
type useTemplate struct {
	a, b, c, d []byte // a userId b userCouponId c orderId d
}

func newUseTemplate(cartJSON []byte) useTemplate {
	return useTemplate{
		a: []byte(`{"query":` + string(jsonString(useQuery)) + `,"variables":{"i":{"userId":"`),
		b: []byte(`","userCouponId":`),
		c: []byte(`,"orderId":"`),
		d: []byte(`","cart":` + string(cartJSON) + `}}}`),
	}
}

// fill writes the body for user "<userPrefix><user>", user coupon
// userCouponID and order "<orderPrefix><order>" into buf (the prefixes are
// plain ASCII).
func (t useTemplate) fill(buf []byte, userPrefix string, user int, userCouponID string, orderPrefix string, order int) []byte {
	buf = append(buf[:0], t.a...)
	buf = append(buf, userPrefix...)
	buf = strconv.AppendInt(buf, int64(user), 10)
	buf = append(buf, t.b...)
	buf = appendJSONString(buf, userCouponID)
	buf = append(buf, t.c...)
	buf = append(buf, orderPrefix...)
	buf = strconv.AppendInt(buf, int64(order), 10)
	return append(buf, t.d...)
}

// appendJSONString appends s as a JSON string: directly when it is plain
// printable ASCII without quotes or backslashes (ids are), else through
// encoding/json.
func appendJSONString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return append(buf, jsonString(s)...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}

// usePayload answers useCoupon (and lockCoupon).
type usePayload struct {
	UserCoupon *struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"userCoupon"`
	Discount   *string     `json:"discount"`
	UserErrors []userError `json:"userErrors"`
}

// useOutcome is what one useCoupon request came to: the outcome as the
// load loop counts it (ids holds the user coupon id when it was used), the
// status and the discount granted.
type useOutcome struct {
	claimOutcome
	status   string
	discount string
}

// use sends a useCoupon body, retrying BUSY with a short jittered pause.
func (c *client) use(ctx context.Context, body []byte) useOutcome {
	return retryingBusy(ctx, func(o *useOutcome) {
		var out struct {
			P usePayload `json:"useCoupon"`
		}
		if err := c.post(ctx, body, false, &out); err != nil {
			o.err = err.Error()
			return
		}
		switch {
		case len(out.P.UserErrors) > 0:
			o.code = out.P.UserErrors[0].Code
		case out.P.UserCoupon == nil:
			o.code = "NO_RESULT"
		default:
			o.ids = append(o.ids, out.P.UserCoupon.ID)
			o.status = out.P.UserCoupon.Status
			if out.P.Discount != nil {
				o.discount = *out.P.Discount
			}
		}
	})
}

// retryingBusy runs attempt (one request, which fills o) again while it
// answers BUSY ("safe to retry"), up to maxBusyRetries times, with a short
// jittered pause; a request that failed (o.err) is not retried.
func retryingBusy(ctx context.Context, attempt func(o *useOutcome)) useOutcome {
	var o useOutcome
	for {
		o.ids, o.code, o.err, o.status, o.discount = o.ids[:0], "", "", "", ""
		attempt(&o)
		if o.err != "" || o.code != "BUSY" || o.busy >= maxBusyRetries || ctx.Err() != nil {
			return o
		}
		o.busy++
		time.Sleep(time.Duration(2+rand.IntN(8)) * time.Millisecond)
	}
}

// usedCoupon is a USED user coupon as userCoupons lists it.
type usedCoupon struct {
	ID              string  `json:"id"`
	Status          string  `json:"status"`
	OrderID         *string `json:"orderId"`
	DiscountApplied *string `json:"discountApplied"`
}

// usedCoupons lists a user's USED coupons.
func (c *client) usedCoupons(ctx context.Context, userID string) ([]usedCoupon, error) {
	var out struct {
		UserCoupons struct {
			Edges []struct {
				Node usedCoupon `json:"node"`
			} `json:"edges"`
		} `json:"userCoupons"`
	}
	err := c.call(ctx, false, `query($u:ID){userCoupons(userId:$u,status:[USED],first:200){edges{node{id status orderId discountApplied}}}}`,
		map[string]any{"u": userID}, &out)
	if err != nil {
		return nil, fmt.Errorf("userCoupons(%s, USED): %w", userID, err)
	}
	var ucs []usedCoupon
	for _, e := range out.UserCoupons.Edges {
		ucs = append(ucs, e.Node)
	}
	return ucs, nil
}

// qualifyQuery prices a cart against every usable coupon of a user.
const qualifyQuery = `query($u:ID,$c:CartInput!){qualifyCart(userId:$u,cart:$c){best{userCoupon{id} discount} options{userCoupon{id} applicable discount eligibleSubtotal reason}}}`

// qualifyStackQuery asks for the best stack too.
const qualifyStackQuery = `query($u:ID,$c:CartInput!){qualifyCart(userId:$u,cart:$c){best{userCoupon{id} discount} options{userCoupon{id} applicable discount eligibleSubtotal reason} bestStack{discount coupons{userCoupon{id} discount}}}}`

// allClasses is every discount class.
var allClasses = []string{"PRODUCT", "ORDER", "SHIPPING"}

// qualifyBody is the complete qualifyCart request of a user and cart, with
// the best stack when stack.
func qualifyBody(userID string, cartJSON []byte, stack bool) []byte {
	q := qualifyQuery
	if stack {
		q = qualifyStackQuery
	}
	b := []byte(`{"query":` + string(jsonString(q)) + `,"variables":{"u":`)
	b = appendJSONString(b, userID)
	b = append(b, `,"c":`...)
	b = append(b, cartJSON...)
	return append(b, `}}`...)
}

// qualOption is one priced coupon of a qualifyCart answer.
type qualOption struct {
	UserCoupon struct {
		ID string `json:"id"`
	} `json:"userCoupon"`
	Applicable       bool    `json:"applicable"`
	Discount         string  `json:"discount"`
	EligibleSubtotal string  `json:"eligibleSubtotal"`
	Reason           *string `json:"reason"`
}

// qualification is a qualifyCart answer.
type qualification struct {
	Best      *qualOption  `json:"best"`
	Options   []qualOption `json:"options"`
	BestStack *struct {
		Discount string `json:"discount"`
		Coupons  []struct {
			Discount string `json:"discount"`
		} `json:"coupons"`
	} `json:"bestStack"` // asked for by qualify-stack only
}

func (c *client) qualify(ctx context.Context, body []byte) (qualification, error) {
	var out struct {
		Q qualification `json:"qualifyCart"`
	}
	err := c.post(ctx, body, false, &out)
	return out.Q, err
}

// checkQualification is the invariant of a qualifyCart answer: want
// options, each user coupon once; an applicable option has no reason, one
// not applicable has a reason and a discount of 0; the best is the
// applicable option with the largest discount (none when none applies),
// compared as exact decimals. It returns how many options applied.
func checkQualification(q qualification, want int) (applicable int, err error) {
	if len(q.Options) != want {
		return 0, fmt.Errorf("%d options, want %d", len(q.Options), want)
	}
	seen := make(map[string]bool, len(q.Options))
	var best decimal.Decimal
	for _, o := range q.Options {
		if seen[o.UserCoupon.ID] {
			return 0, fmt.Errorf("user coupon %s offered twice", o.UserCoupon.ID)
		}
		seen[o.UserCoupon.ID] = true
		d, err := decimal.NewFromString(o.Discount)
		if err != nil {
			return 0, fmt.Errorf("option %s: discount %q: %v", o.UserCoupon.ID, o.Discount, err)
		}
		if _, err := decimal.NewFromString(o.EligibleSubtotal); err != nil {
			return 0, fmt.Errorf("option %s: eligibleSubtotal %q: %v", o.UserCoupon.ID, o.EligibleSubtotal, err)
		}
		if d.IsNegative() {
			return 0, fmt.Errorf("option %s: negative discount %s", o.UserCoupon.ID, o.Discount)
		}
		if !o.Applicable {
			if !d.IsZero() || o.Reason == nil || *o.Reason == "" {
				return 0, fmt.Errorf("option %s not applicable with discount %s, reason %v", o.UserCoupon.ID, o.Discount, o.Reason)
			}
			continue
		}
		if o.Reason != nil {
			return 0, fmt.Errorf("option %s applicable with reason %s", o.UserCoupon.ID, *o.Reason)
		}
		if applicable == 0 || d.GreaterThan(best) {
			best = d
		}
		applicable++
	}
	if applicable == 0 {
		if q.Best != nil {
			return 0, fmt.Errorf("best %s although no option applies", q.Best.UserCoupon.ID)
		}
		return 0, nil
	}
	if q.Best == nil {
		return applicable, fmt.Errorf("no best although %d options apply (largest discount %s)", applicable, best)
	}
	bd, err := decimal.NewFromString(q.Best.Discount)
	if err != nil {
		return applicable, fmt.Errorf("best: discount %q: %v", q.Best.Discount, err)
	}
	if !bd.Equal(best) {
		return applicable, fmt.Errorf("best discount %s, the largest applicable is %s", q.Best.Discount, best)
	}
	if st := q.BestStack; st != nil {
		// The best stack takes at least the best single coupon, and its
		// coupons' shares add up to it.
		total, err := decimal.NewFromString(st.Discount)
		sum := decimal.Zero
		for _, c := range st.Coupons {
			d, _ := decimal.NewFromString(c.Discount)
			sum = sum.Add(d)
		}
		if err != nil || total.LessThan(bd) || !sum.Equal(total) || len(st.Coupons) > maxStack {
			return applicable, fmt.Errorf("best stack %q of %d coupons (shares %s) against a best single %s", st.Discount, len(st.Coupons), sum, bd)
		}
	}
	for _, o := range q.Options {
		if o.UserCoupon.ID == q.Best.UserCoupon.ID {
			if d, _ := decimal.NewFromString(o.Discount); !o.Applicable || !d.Equal(bd) {
				return applicable, fmt.Errorf("best %s is listed as applicable=%v discount %s", o.UserCoupon.ID, o.Applicable, o.Discount)
			}
			return applicable, nil
		}
	}
	return applicable, fmt.Errorf("best %s is not among the options", q.Best.UserCoupon.ID)
}

// maxStack is coupond's default COUPOND_MAX_COUPONS_PER_ORDER.
const maxStack = 5

// parallel runs f(0..n-1) on conc goroutines; it stops at the first error
// and returns it.
func parallel(ctx context.Context, n, conc int, f func(i int) error) error {
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
		failed  atomic.Bool
	)
	for range min(conc, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() && ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					errOnce.Do(func() { first = err })
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
}
