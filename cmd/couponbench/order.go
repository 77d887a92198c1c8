package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
)

// The order scenarios: use-baseline, use, qualify.

const (
	catalogProducts   = 200 // products of a run's catalog
	qualifyHeld       = 50  // coupons the qualify user holds
	qualifyCartItems  = 20
	qualifyClients    = 8
	useRetries        = 200 // uses retried (same order) and tried again (another order)
	useSetupClients   = 32  // at most, for the claims before the use loop
	useDiscount       = "5.00"
	useBaselineInsert = 1000 // rows per INSERT when filling the use-baseline table
)

// The raw use loop works on coupond's own tables of a one-table shard
// (created by coupond's migrations, see migrateShard).
const (
	useTable      = "user_coupon_00"
	useEventTable = "coupon_event_00"
)

// fillUseRows writes n UNUSED user coupons of couponID, ids first..first+n-1,
// one per user "<userPrefix><i>", valid 7 days, in multi-row inserts.
func (b *baseline) fillUseRows(ctx context.Context, couponID, first int64, n int, userPrefix string) error {
	now := time.Now().UTC()
	until := now.Add(7 * 24 * time.Hour)
	const cols = 13
	for lo := 0; lo < n; lo += useBaselineInsert {
		hi := min(lo+useBaselineInsert, n)
		var q strings.Builder
		q.WriteString(`INSERT INTO ` + useTable + ` (id, user_id, coupon_id, seq, request_id, status, channel, currency, discount_kind, amount_off, scope_kind, valid_from, valid_until, issued_at, updated_at) VALUES `)
		args := make([]any, 0, (hi-lo)*cols)
		for i := lo; i < hi; i++ {
			if i > lo {
				q.WriteByte(',')
			}
			q.WriteString(`(?, ?, ?, 1, ?, 'UNUSED', 'CLAIM', 'USD', 'AMOUNT_OFF', ?, 'ALL', ?, ?, ?, ?)`)
			args = append(args, first+int64(i), userPrefix+strconv.Itoa(i), couponID, "r"+strconv.Itoa(i), useDiscount, now, until, now, now)
		}
		if _, err := b.db.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("fill: %w", err)
		}
	}
	return nil
}

// use is one use as the service does it, in one transaction: mark the user
// coupon USED for the order if it is the user's, UNUSED and valid, and
// write its outbox event.
func (b *baseline) use(ctx context.Context, id int64, userID string, couponID int64, orderID, orderAmount string) (o claimOutcome) {
	now := time.Now().UTC()
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		o.err = "begin: " + err.Error()
		return o
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE `+useTable+` SET status = 'USED', order_id = ?, used_at = ?, discount_applied = ?, updated_at = ?
		WHERE id = ? AND user_id = ? AND status = 'UNUSED' AND valid_until > ?`,
		orderID, now, useDiscount, now, id, userID, now)
	if err != nil {
		o.err = "update: " + err.Error()
		return o
	}
	if n, _ := res.RowsAffected(); n != 1 {
		o.code = "NOT_USABLE"
		return o
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+useEventTable+` (user_id, coupon_id, user_coupon_id, kind, channel, amount, order_amount, at) VALUES (?, ?, ?, 'USED', 'CLAIM', ?, ?, ?)`,
		userID, couponID, id, useDiscount, orderAmount, now); err != nil {
		o.err = "outbox: " + err.Error()
		return o
	}
	if err := tx.Commit(); err != nil {
		o.err = "commit: " + err.Error()
		return o
	}
	o.ids = append(o.ids, strconv.FormatInt(id, 10))
	return o
}

// runUseBaseline is the scenario "use-baseline": -users rows, one per
// user, each used once by -concurrency workers.
func (bn *bench) runUseBaseline(ctx context.Context) *Result {
	r := &Result{Scenario: "use-baseline", Unit: "uses/s"}
	b, err := bn.baselineStore(ctx)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	if !bn.useTables {
		if err := migrateShard(b.db, 1); err != nil {
			r.Err = "use-baseline schema: " + err.Error()
			return r
		}
		bn.useTables = true
	}
	n := bn.set.Users
	couponID := bn.nextSeq()
	first := couponID * 1_000_000_000
	userPrefix := fmt.Sprintf("ub%d-", couponID)
	b.db.SetMaxIdleConns(bn.set.Concurrency)
	defer b.db.SetMaxIdleConns(0)
	t0 := time.Now()
	if err := b.fillUseRows(ctx, couponID, first, n, userPrefix); err != nil {
		r.Err = err.Error()
		return r
	}
	fmt.Fprintf(os.Stderr, "  use-baseline: %d rows written in %s\n", n, time.Since(t0).Round(time.Millisecond))
	orderAmount := cartTotal(useCart(bn.prefix))
	l := runLoad(ctx, loadSpec{
		jobs: n, concurrency: bn.set.Concurrency, duration: bn.set.Duration,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			return buf, b.use(ctx, first+int64(i), userPrefix+strconv.Itoa(i), couponID, "o"+strconv.Itoa(i), orderAmount)
		},
	})
	r.fromLoad(l, 1)

	var used, unused, events, orders int64
	err = b.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(status = 'USED'), 0), COALESCE(SUM(status = 'UNUSED'), 0), COUNT(DISTINCT order_id) FROM `+useTable+` WHERE coupon_id = ?`, couponID).Scan(&used, &unused, &orders)
	if err == nil {
		err = b.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+useEventTable+` WHERE coupon_id = ?`, couponID).Scan(&events)
	}
	if err != nil {
		r.Err = "audit: " + err.Error()
		return r
	}
	r.check("once", used == r.OK && used == l.Requests && unused == int64(n)-used && orders == used,
		"%d uses attempted, %d succeeded; rows: %d USED (%d distinct orders), %d UNUSED of %d", l.Requests, r.OK, used, orders, unused, n)
	r.check("outbox", events == used, "%d events for %d used coupons", events, used)
	checkDuplicates(r, l.IDs)
	checkUnexpected(r)
	return r
}

// useCart is the cart of the use scenarios: two products of the run's
// catalog (so in scope of an ALL coupon), 25.00 x 2 + 12.50 and 5.00 of
// shipping.
func useCart(prefix string) cart {
	return cart{Currency: "USD", ShippingFee: "5.00", Items: []cartItem{
		{ProductID: prefix + "-p-0", UnitPrice: "25.00", Quantity: 2},
		{ProductID: prefix + "-p-1", UnitPrice: "12.50", Quantity: 1},
	}}
}

// cartTotal is the items' subtotal plus shipping, as a decimal string.
func cartTotal(c cart) string {
	total, _ := decimal.NewFromString(c.ShippingFee)
	for _, it := range c.Items {
		p, _ := decimal.NewFromString(it.UnitPrice)
		total = total.Add(p.Mul(decimal.NewFromInt(int64(it.Quantity))))
	}
	return total.StringFixed(2)
}

// ensureCatalog writes the run's catalog once.
func (bn *bench) ensureCatalog(ctx context.Context) (*catalogData, error) {
	if bn.catalog != nil {
		return bn.catalog, nil
	}
	cd := buildCatalog(bn.prefix, catalogProducts)
	if err := bn.api.upsertCatalog(ctx, cd); err != nil {
		return nil, err
	}
	bn.catalog = cd
	return cd, nil
}

// useRecord is what the client saw of one use; ran: the loop sent it (the
// loop may skip a job it took when the duration has passed).
type useRecord struct {
	ran                  bool
	id, status, discount string
}

// useScenario is the scenario "use": -users users each claim a coupon
// (setup), then each uses it once on its own order, -concurrency at a time.
// edit, when set, changes the coupon (use-budget gives it a budget).
func (bn *bench) useScenario(ctx context.Context, name string, edit func(*couponSpec)) *Result {
	r := &Result{Scenario: name, Unit: "uses/s"}
	n := bn.set.Users
	if _, err := bn.ensureCatalog(ctx); err != nil {
		r.Err = err.Error()
		return r
	}
	// One more user than measured: the probe, used first to fail fast.
	spec := couponSpec{Name: name, TotalStock: int64(n + 1), PerUserLimit: 1, StockSlots: 16, Currency: "USD"}
	if edit != nil {
		edit(&spec)
	}
	ids, err := bn.newCoupons(ctx, 1, spec)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	claimT := newClaimTemplate(ids)
	userPrefix := fmt.Sprintf("%s-u%d-", bn.prefix, bn.nextSeq())
	useT := newUseTemplate(cartJSON(useCart(bn.prefix)))
	ucIDs := make([]string, n+1)
	claimOne := func(i int) error {
		o := bn.api.claim(ctx, claimT.fill(nil, userPrefix, i, "r", i), false)
		if o.err != "" || o.code != "" || len(o.ids) != 1 {
			return fmt.Errorf("setup: claim for user %d: code %q, error %q", i, o.code, o.err)
		}
		ucIDs[i] = o.ids[0]
		return nil
	}
	if err := claimOne(n); err != nil {
		r.Err = err.Error()
		return r
	}
	if p := bn.api.use(ctx, useT.fill(nil, userPrefix, n, ucIDs[n], "probe", n)); p.err != "" || p.code != "" || p.status != "USED" {
		r.Err = fmt.Sprintf("useCoupon: code %q, status %q, error %q", p.code, p.status, p.err)
		return r
	}
	t0 := time.Now()
	if err := parallel(ctx, n, min(bn.set.Concurrency, useSetupClients), claimOne); err != nil {
		r.Err = err.Error()
		return r
	}
	fmt.Fprintf(os.Stderr, "  use: %d coupons claimed (setup) in %s\n", n, time.Since(t0).Round(time.Millisecond))
	bn.settleStats(ctx, ids, int64(n+1))

	got := make([]useRecord, n)
	l := runLoad(ctx, loadSpec{
		jobs: n, concurrency: bn.set.Concurrency, duration: bn.set.Duration,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			buf = useT.fill(buf, userPrefix, i, ucIDs[i], "o", i)
			o := bn.api.use(ctx, buf)
			got[i].ran = true
			if o.err == "" && o.code == "" {
				got[i].id, got[i].status, got[i].discount = o.ids[0], o.status, o.discount
			}
			return buf, o.claimOutcome
		},
	})
	r.fromLoad(l, 1)

	// Every attempted use succeeded once, on the user coupon it named, with
	// the coupon's 5.00 off.
	want, _ := decimal.NewFromString(useDiscount)
	var bad int
	var firstBad string
	var sent []int // the users whose use was sent
	for i, g := range got {
		if !g.ran {
			continue
		}
		sent = append(sent, i)
		d, err := decimal.NewFromString(g.discount)
		if g.id != ucIDs[i] || g.status != "USED" || err != nil || !d.Equal(want) {
			if bad == 0 {
				firstBad = fmt.Sprintf("user %d: answered user coupon %q (sent %q), status %q, discount %q", i, g.id, ucIDs[i], g.status, g.discount)
			}
			bad++
		}
	}
	detail := fmt.Sprintf("%d of %d user coupons sent, %d used, %d answers not USED/%s on the coupon sent", len(sent), n, r.OK, bad, useDiscount)
	if firstBad != "" {
		detail += "; first: " + firstBad
	}
	r.check("once", bad == 0 && r.OK == int64(len(sent)) && len(sent) > 0, "%s", detail)
	bn.checkUseRetries(ctx, r, sent, userPrefix, ucIDs, useT)
	bn.checkUsed(ctx, r, got, userPrefix, ucIDs)
	checkDuplicates(r, l.IDs)
	checkUnexpected(r)
	return r
}

// checkUseRetries: useRetries random used coupons sent again with the same
// order replay the use (same user coupon, USED, no error); sent with
// another order they are refused NOT_USABLE.
func (bn *bench) checkUseRetries(ctx context.Context, r *Result, sent []int, userPrefix string, ucIDs []string, t useTemplate) {
	picks := rand.Perm(len(sent))[:min(useRetries, len(sent))]
	for k, p := range picks {
		picks[k] = sent[p]
	}
	var (
		mu               sync.Mutex
		replayBad, other int
		firstBad         string
	)
	note := func(s string) {
		if firstBad == "" {
			firstBad = s
		}
	}
	_ = parallel(ctx, len(picks), smallConcurrency, func(k int) error {
		i := picks[k]
		again := bn.api.use(ctx, t.fill(nil, userPrefix, i, ucIDs[i], "o", i))
		second := bn.api.use(ctx, t.fill(nil, userPrefix, i, ucIDs[i], "o2-", i))
		mu.Lock()
		defer mu.Unlock()
		if again.err != "" || again.code != "" || len(again.ids) != 1 || again.ids[0] != ucIDs[i] || again.status != "USED" {
			replayBad++
			note(fmt.Sprintf("user %d, same order: code %q, status %q, ids %v, error %q", i, again.code, again.status, again.ids, again.err))
		}
		if second.code != "NOT_USABLE" {
			other++
			note(fmt.Sprintf("user %d, another order: code %q, status %q, error %q", i, second.code, second.status, second.err))
		}
		return nil
	})
	detail := fmt.Sprintf("%d uses sent again: %d did not replay with the same order, %d not refused NOT_USABLE with another order", len(picks), replayBad, other)
	if firstBad != "" {
		detail += "; first: " + firstBad
	}
	r.check("idempotency", replayBad == 0 && other == 0 && len(picks) > 0 && ctx.Err() == nil, "%s", detail)
}

// checkUsed reads back the USED coupons of a sample of users: each used
// user holds exactly its user coupon, USED on its order with 5.00 off;
// each user not reached holds none USED.
func (bn *bench) checkUsed(ctx context.Context, r *Result, got []useRecord, userPrefix string, ucIDs []string) {
	n := len(got)
	sample := rand.Perm(n)[:min(n, bn.set.Sample)]
	slices.Sort(sample)
	want, _ := decimal.NewFromString(useDiscount)
	var (
		mu                 sync.Mutex
		mismatch, fails    int
		firstBad           string
		usedSeen, idleSeen int
	)
	_ = parallel(ctx, len(sample), smallConcurrency, func(k int) error {
		i := sample[k]
		ucs, err := bn.api.usedCoupons(ctx, userPrefix+strconv.Itoa(i))
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			fails++
			if firstBad == "" {
				firstBad = err.Error()
			}
			return nil
		}
		ok := len(ucs) == 0
		if got[i].ran {
			usedSeen++
			ok = false
			if len(ucs) == 1 {
				u := ucs[0]
				d, derr := decimal.NewFromString(deref(u.DiscountApplied))
				ok = u.ID == ucIDs[i] && u.Status == "USED" && deref(u.OrderID) == "o"+strconv.Itoa(i) && derr == nil && d.Equal(want)
			}
		} else {
			idleSeen++
		}
		if !ok {
			mismatch++
			if firstBad == "" {
				firstBad = fmt.Sprintf("user %d (used by the client: %v): USED coupons %+v", i, got[i].ran, ucs)
			}
		}
		return nil
	})
	detail := fmt.Sprintf("%d users read back (%d used, %d not reached): %d USED lists other than the client recorded, %d reads failed",
		len(sample), usedSeen, idleSeen, mismatch, fails)
	if firstBad != "" {
		detail += "; first: " + firstBad
	}
	r.check("per-user", mismatch == 0 && fails == 0 && len(sample) > 0 && ctx.Err() == nil, "%s", detail)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// qualifyScenario is the scenario "qualify": one user holding
// qualifyHeld coupons of mixed kinds prices a 20-line cart,
// qualifyClients requests at a time, for -duration.
// With stack, every coupon combines with every class and the query asks
// for the best stack (qualify-stack).
func (bn *bench) qualifyScenario(ctx context.Context, name string, stack bool) *Result {
	r := &Result{Scenario: name, Unit: "requests/s"}
	cd, err := bn.ensureCatalog(ctx)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	specs := qualifyCoupons(cd, qualifyHeld)
	ids := make([]string, len(specs))
	for k, s := range specs {
		if stack {
			s.CombinesWith = allClasses
		}
		s.Name = fmt.Sprintf("%s qualify #%d", bn.prefix, k+1)
		if ids[k], err = bn.api.createCoupon(ctx, s); err != nil {
			r.Err = fmt.Sprintf("coupon %d: %v", k+1, err)
			return r
		}
	}
	userPrefix := fmt.Sprintf("%s-q%d-", bn.prefix, bn.nextSeq())
	user := userPrefix + "0"
	err = parallel(ctx, len(ids), smallConcurrency, func(k int) error {
		o := bn.api.claim(ctx, newClaimTemplate(ids[k:k+1]).fill(nil, userPrefix, 0, "q", k), false)
		if o.err != "" || o.code != "" || len(o.ids) != 1 {
			return fmt.Errorf("setup: claim of coupon %d: code %q, error %q", k+1, o.code, o.err)
		}
		return nil
	})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	body := qualifyBody(user, cartJSON(buildCart(cd, qualifyCartItems)), stack)
	q, err := bn.api.qualify(ctx, body)
	if err != nil {
		r.Err = "qualifyCart: " + err.Error()
		return r
	}
	applicable, err := checkQualification(q, len(ids))
	if err != nil {
		r.Err = "qualifyCart: first answer: " + err.Error()
		return r
	}
	bestCell := "none"
	if q.Best != nil {
		bestCell = q.Best.Discount
	}
	fmt.Fprintf(os.Stderr, "  qualify: %d options, %d applicable, best discount %s\n", len(q.Options), applicable, bestCell)

	var (
		bad      atomic.Int64
		other    atomic.Int64 // answers with another count of applicable options
		firstBad atomic.Pointer[string]
	)
	l := runLoad(ctx, loadSpec{
		jobs: 1 << 40, concurrency: qualifyClients, duration: bn.set.Duration,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			var o claimOutcome
			q, err := bn.api.qualify(ctx, body)
			if err != nil {
				o.err = err.Error()
				return buf, o
			}
			n, err := checkQualification(q, len(ids))
			if err != nil {
				bad.Add(1)
				msg := err.Error()
				firstBad.CompareAndSwap(nil, &msg)
				o.err = "bad answer: " + msg
				return buf, o
			}
			if n != applicable {
				other.Add(1)
			}
			return buf, o
		},
	})
	r.fromLoad(l, 1)
	detail := fmt.Sprintf("%d answers checked: %d without %d options or whose best is not the largest applicable discount; %d with other than %d applicable options",
		l.Requests, bad.Load(), len(ids), other.Load(), applicable)
	if p := firstBad.Load(); p != nil {
		detail += "; first: " + *p
	}
	r.check("answers", bad.Load() == 0 && other.Load() == 0 && l.Requests > 0, "%s", detail)
	checkUnexpected(r)
	return r
}
