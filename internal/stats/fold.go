package stats

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

// event is an outbox row as the consumer reads it.
type event struct {
	ID          uint64
	CouponID    uint64
	Kind        string
	Channel     models.Channel
	Amount      *string
	OrderAmount *string
	Detail      *string
	At          time.Time
}

type rollupKey struct {
	grain    string
	couponID uint64
	bucket   time.Time
	channel  models.Channel
}

type productKey struct {
	grain     string
	couponID  uint64
	productID string
	bucket    time.Time
}

// batch is a set of events folded in memory: the rows to add to.
type batch struct {
	rollups  map[rollupKey]*models.StatsRollup
	products map[productKey]*models.StatsProduct
}

func newBatch() *batch {
	return &batch{rollups: map[rollupKey]*models.StatsRollup{}, products: map[productKey]*models.StatsProduct{}}
}

// e4 is a decimal string in ten-thousandths (amounts have at most 4
// decimals: currencies have at most 3); "" and bad values count 0.
func e4(s *string) int64 {
	if s == nil || *s == "" {
		return 0
	}
	d, err := decimal.NewFromString(*s)
	if err != nil {
		return 0
	}
	return d.Shift(4).IntPart()
}

// buckets of an event: its hour, its day and all time, each for its
// coupon and for all coupons.
func buckets(at time.Time) [3]struct {
	grain  string
	bucket time.Time
} {
	at = at.UTC()
	return [3]struct {
		grain  string
		bucket time.Time
	}{{models.GrainHour, at.Truncate(time.Hour)}, {models.GrainDay, day(at)}, {models.GrainTotal, TotalBucket}}
}

// TotalBucket is the bucket of the all-time rows.
var TotalBucket = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// add folds one event.
func (b *batch) add(e *event) {
	if e.Kind == models.EventImported {
		b.addImported(e)
		return
	}
	var issued, used, refunded, expired, revoked, discount, order int64
	switch e.Kind {
	case models.EventIssued:
		issued = 1
	case models.EventUsed:
		used, discount, order = 1, e4(e.Amount), e4(e.OrderAmount)
	case models.EventRefunded:
		refunded = 1
	case models.EventExpired:
		expired = 1
	case models.EventRevoked:
		revoked = 1
	default: // LOCKED, RELEASED: no figure changes
		return
	}
	var d *coupon.OrderDetail
	if e.Kind == models.EventUsed && e.Detail != nil {
		if d = new(coupon.OrderDetail); json.Unmarshal([]byte(*e.Detail), d) != nil {
			d = nil
		}
	}
	b.count(e, e.At, models.StatsRollup{Issued: issued, Used: used, Refunded: refunded, Expired: expired, Revoked: revoked,
		DiscountE4: discount, OrderAmountE4: order}, d != nil && d.CountedByStack)
	if d != nil {
		b.addProducts(e, d, discount)
	}
}

// count adds figures to the hour, day and all-time rows of at, for the
// event's coupon and for all coupons; but for a use of a stack whose order
// another use counts (counted), the order amount goes in the coupon's rows
// only.
func (b *batch) count(e *event, at time.Time, f models.StatsRollup, counted bool) {
	for _, bk := range buckets(at) {
		for _, c := range []uint64{e.CouponID, models.AllCoupons} {
			k := rollupKey{bk.grain, c, bk.bucket, e.Channel}
			r := b.rollups[k]
			if r == nil {
				r = &models.StatsRollup{Grain: bk.grain, CouponID: c, Bucket: bk.bucket, Channel: e.Channel}
				b.rollups[k] = r
			}
			r.Issued += f.Issued
			r.Used += f.Used
			r.Refunded += f.Refunded
			r.Expired += f.Expired
			r.Revoked += f.Revoked
			r.DiscountE4 += f.DiscountE4
			if c != models.AllCoupons || !counted {
				r.OrderAmountE4 += f.OrderAmountE4
			}
		}
	}
}

// addImported folds user coupons copied from a monolith: so many issued
// in the hour of the event, and, past UNUSED, in their status at the
// detail's time.
func (b *batch) addImported(e *event) {
	d := models.ImportedDetail{Count: 1}
	if e.Detail != nil && *e.Detail != "" {
		if json.Unmarshal([]byte(*e.Detail), &d) != nil {
			return
		}
		if d.Count == 0 {
			d.Count = 1
		}
	}
	b.count(e, e.At, models.StatsRollup{Issued: d.Count}, false)
	switch d.Status {
	case models.UserCouponUsed:
		b.count(e, d.At, models.StatsRollup{Used: d.Count}, false)
	case models.UserCouponExpired:
		b.count(e, d.At, models.StatsRollup{Expired: d.Count}, false)
	case models.UserCouponRevoked:
		b.count(e, d.At, models.StatsRollup{Revoked: d.Count}, false)
	}
}

// addProducts folds a use's order lines: per product, one order, its
// units and sales, and its share of the discount. A use in a stack
// recorded its share of each line (they add up to its discount); else the
// discount is shared among the lines in the coupon's scope in proportion
// to their amounts, each share whole minor units of the currency and the
// last eligible line taking the rounding, so the shares add up to the
// discount exactly. In the rows over all coupons a stack's order counts
// once, with its first use (d.CountedByStack is set on the others), and
// every use adds its discount.
func (b *batch) addProducts(e *event, d *coupon.OrderDetail, discount int64) {
	type share struct {
		units, sales, discount int64
	}
	per := map[string]*share{}
	var order []string
	eligibleTotal, last := int64(0), -1
	amounts := make([]int64, len(d.Items))
	for i, it := range d.Items {
		p, err := decimal.NewFromString(it.UnitPrice)
		if err != nil || it.Quantity < 1 {
			continue
		}
		amounts[i] = p.Mul(decimal.NewFromInt(int64(it.Quantity))).Shift(4).IntPart()
		if it.Eligible {
			eligibleTotal += amounts[i]
			last = i
		}
		if per[it.ProductID] == nil {
			per[it.ProductID] = &share{}
			order = append(order, it.ProductID)
		}
		per[it.ProductID].units += int64(it.Quantity)
		per[it.ProductID].sales += amounts[i]
	}
	// The smallest amount of the order's currency, in ten-thousandths.
	unit := int64(1)
	for range 4 - min(models.MinorUnits(d.Currency), 4) {
		unit *= 10
	}
	given := int64(0)
	for i, it := range d.Items {
		if !it.Eligible || per[it.ProductID] == nil {
			continue
		}
		if it.Discount != "" { // a use in a stack recorded its share of each line
			if v, err := decimal.NewFromString(it.Discount); err == nil {
				per[it.ProductID].discount += v.Shift(4).IntPart()
			}
			continue
		}
		part := discount - given
		if i != last && eligibleTotal == 0 {
			part = 0
		} else if i != last {
			part = decimal.NewFromInt(discount).Mul(decimal.NewFromInt(amounts[i])).Div(decimal.NewFromInt(eligibleTotal)).IntPart()
			part -= part % unit // whole minor units: the shares add up exactly in the currency
		}
		given += part
		per[it.ProductID].discount += part
	}
	for _, bk := range buckets(e.At) {
		if bk.grain == models.GrainTotal {
			continue
		}
		for _, c := range []uint64{e.CouponID, models.AllCoupons} {
			for _, pid := range order {
				sh := per[pid]
				k := productKey{bk.grain, c, pid, bk.bucket}
				r := b.products[k]
				if r == nil {
					r = &models.StatsProduct{Grain: bk.grain, CouponID: c, ProductID: pid, Bucket: bk.bucket}
					b.products[k] = r
				}
				if c != models.AllCoupons || !d.CountedByStack {
					r.Orders++
					r.Units += sh.units
					r.SalesE4 += sh.sales
				}
				r.DiscountE4 += sh.discount
			}
		}
	}
}

// sortedRollups are the batch's rows in key order: every writer takes the
// rows' locks in the same order, so concurrent folds wait, never deadlock.
func (b *batch) sortedRollups() []*models.StatsRollup {
	out := make([]*models.StatsRollup, 0, len(b.rollups))
	for _, r := range b.rollups {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, c := out[i], out[j]
		if a.Grain != c.Grain {
			return a.Grain < c.Grain
		}
		if a.CouponID != c.CouponID {
			return a.CouponID < c.CouponID
		}
		if !a.Bucket.Equal(c.Bucket) {
			return a.Bucket.Before(c.Bucket)
		}
		return a.Channel < c.Channel
	})
	return out
}

func (b *batch) sortedProducts() []*models.StatsProduct {
	out := make([]*models.StatsProduct, 0, len(b.products))
	for _, r := range b.products {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, c := out[i], out[j]
		if a.Grain != c.Grain {
			return a.Grain < c.Grain
		}
		if a.CouponID != c.CouponID {
			return a.CouponID < c.CouponID
		}
		if a.ProductID != c.ProductID {
			return a.ProductID < c.ProductID
		}
		return a.Bucket.Before(c.Bucket)
	})
	return out
}
