package stats

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

// Granularity of a series.
type Granularity string

const (
	Hour Granularity = "HOUR"
	Day  Granularity = "DAY"
)

// Most points a series may have.
const (
	MaxHours = 31 * 24
	MaxDays  = 366
)

// Figures are a coupon's (or every coupon's) counts over a range.
type Figures struct {
	Issued          int64
	IssuedByChannel map[models.Channel]int64
	Used            int64
	Refunded        int64
	Expired         int64
	Revoked         int64
	Discount        decimal.Decimal
	OrderAmount     decimal.Decimal
}

// UseRate is used / issued (0 when nothing was issued).
func (f *Figures) UseRate() float64 {
	if f.Issued == 0 {
		return 0
	}
	return float64(f.Used) / float64(f.Issued)
}

// Stats are figures with the coupon's remaining stock and the moment they
// are exact for.
type Stats struct {
	Figures
	Remaining int64
	AsOf      time.Time
}

// Point is one bucket of a series.
type Point struct {
	At                     time.Time
	Issued, Used, Refunded int64
	Discount, OrderAmount  decimal.Decimal
}

// Row is one coupon's figures in a ranking.
type Row struct {
	CouponID uint64
	Stats    Stats
}

// ProductRow is one product's figures.
type ProductRow struct {
	ProductID    string
	Orders       int64
	Units        int64
	Sales        decimal.Decimal
	DiscountPart decimal.Decimal
}

func money(e4 int64) decimal.Decimal { return decimal.New(e4, -4) }

// places is how many decimals a coupon's money shows: its currency's minor
// unit (the default currency's for all coupons).
func (s *Service) places(ctx context.Context, couponID uint64) int32 {
	cur := s.engine.Defaults().Currency
	if couponID != models.AllCoupons {
		if c, err := s.engine.Get(ctx, coupon.IDString(couponID)); err == nil {
			cur = c.Currency
		}
	}
	return int32(models.MinorUnits(cur))
}

func (f *Figures) round(places int32) {
	f.Discount, f.OrderAmount = f.Discount.Round(places), f.OrderAmount.Round(places)
}

func (f *Figures) add(s sums) {
	if f.IssuedByChannel == nil {
		f.IssuedByChannel = map[models.Channel]int64{}
	}
	f.Issued += s.Issued
	f.IssuedByChannel[s.Channel] += s.Issued
	f.Used += s.Used
	f.Refunded += s.Refunded
	f.Expired += s.Expired
	f.Revoked += s.Revoked
	f.Discount = f.Discount.Add(money(s.DiscountE4))
	f.OrderAmount = f.OrderAmount.Add(money(s.OrderAmountE4))
}

// AsOf is the moment every consumer's rollups are exact for: the oldest
// position of the layout in use (a resharding leaves the last layout's
// consumers behind, folded to their end). A query reads it before the
// rollups it reports with it: the consumer writes positions and rollups
// in one transaction, and a request's reads stay on one replica (or move
// to the primary), so the rollups read after hold at least what AsOf
// says, even on a replica that is behind.
func (s *Service) AsOf(ctx context.Context) (time.Time, error) {
	_, srcs := s.sources()
	ids := make([]string, len(srcs))
	for i, src := range srcs {
		ids[i] = src.id
	}
	oldest, err := s.oldestPosition(ctx, ids)
	if err != nil {
		return time.Time{}, models.Unavailable("stats.AsOf", err)
	}
	if len(oldest) == 0 {
		return s.o.Now().UTC(), nil
	}
	return oldest[0].AsOf.UTC(), nil
}

// Coupon returns a coupon's all-time figures. Returns NOT_FOUND.
func (s *Service) Coupon(ctx context.Context, couponID string) (*Stats, error) {
	c, err := s.engine.Get(ctx, couponID)
	if err != nil {
		return nil, err
	}
	out, err := s.Coupons(ctx, []*models.Coupon{c})
	if err != nil {
		return nil, err
	}
	return out[c.ID], nil
}

// Coupons returns the all-time figures of several coupons, by id, read
// together: one AsOf, one rollup query and one stock query for all of
// them (the statistics of a list of coupons).
func (s *Service) Coupons(ctx context.Context, cs []*models.Coupon) (map[uint64]*Stats, error) {
	out := make(map[uint64]*Stats, len(cs))
	if len(cs) == 0 {
		return out, nil
	}
	asOf, err := s.AsOf(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]uint64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
		out[c.ID] = &Stats{AsOf: asOf}
	}
	rows, err := s.totalsByChannel(ctx, ids)
	if err != nil {
		return nil, models.Unavailable("stats.Coupon", err)
	}
	for _, r := range rows {
		out[r.CouponID].add(r)
	}
	rem, err := s.engine.Remaining(ctx, ids...)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out[c.ID].round(int32(models.MinorUnits(c.Currency)))
		out[c.ID].Remaining = rem[c.ID]
	}
	return out, nil
}

// span is a range cut into the rollups that cover it: hours at the ragged
// ends, whole days between.
type span struct {
	where string
	args  []any
}

// rangeOf checks a range and cuts it. from is taken down to its hour; the
// range ends before to (to its hour, up).
func rangeOf(from, to time.Time) (span, error) {
	from, to = from.UTC().Truncate(time.Hour), ceilHour(to.UTC())
	if !from.Before(to) {
		return span{}, models.Errorf(models.CodeInvalidInput, "from must be before to")
	}
	first, last := ceilDay(from), day(to)
	if !first.Before(last) {
		return span{"grain = ? AND bucket >= ? AND bucket < ?", []any{models.GrainHour, from, to}}, nil
	}
	return span{"((grain = ? AND ((bucket >= ? AND bucket < ?) OR (bucket >= ? AND bucket < ?))) OR (grain = ? AND bucket >= ? AND bucket < ?))",
		[]any{models.GrainHour, from, first, last, to, models.GrainDay, first, last}}, nil
}

func ceilHour(t time.Time) time.Time {
	if h := t.Truncate(time.Hour); h.Equal(t) {
		return t
	} else {
		return h.Add(time.Hour)
	}
}

func ceilDay(t time.Time) time.Time {
	if d := day(t); d.Equal(t) {
		return t
	} else {
		return d.AddDate(0, 0, 1)
	}
}

// Range returns the figures of a coupon (0: every coupon) over a range
// (to the hour). Remaining is the coupon's stock now (every active or
// paused coupon's for 0).
func (s *Service) Range(ctx context.Context, couponID uint64, from, to time.Time) (*Stats, error) {
	sp, err := rangeOf(from, to)
	if err != nil {
		return nil, err
	}
	out := &Stats{}
	if out.AsOf, err = s.AsOf(ctx); err != nil {
		return nil, err
	}
	rows, err := s.rangeByChannel(ctx, couponID, sp)
	if err != nil {
		return nil, models.Unavailable("stats.Range", err)
	}
	for _, r := range rows {
		out.add(r)
	}
	out.round(s.places(ctx, couponID))
	if couponID == models.AllCoupons {
		if out.Remaining, err = s.openStock(ctx); err != nil {
			return nil, models.Unavailable("stats.Range", err)
		}
	} else {
		rem, err := s.engine.Remaining(ctx, couponID)
		if err != nil {
			return nil, err
		}
		out.Remaining = rem[couponID]
	}
	return out, nil
}

// Series returns a coupon's (0: every coupon's) points over a range, one
// per hour or day bucket, empty buckets included. DAY buckets are whole
// UTC days. Returns INVALID_INPUT for a reversed range or too many points.
func (s *Service) Series(ctx context.Context, couponID uint64, from, to time.Time, g Granularity) ([]Point, error) {
	grain, step, start, n, err := seriesGrid(from, to, g)
	if err != nil {
		return nil, err
	}
	rows, err := s.byBucket(ctx, grain, couponID, start, start.Add(time.Duration(n)*step))
	if err != nil {
		return nil, models.Unavailable("stats.Series", err)
	}
	out := make([]Point, n)
	for i := range out {
		out[i] = Point{At: start.Add(time.Duration(i) * step)}
	}
	for _, r := range rows {
		i := int(r.Bucket.UTC().Sub(start) / step)
		if i < 0 || i >= n {
			continue
		}
		p := &out[i]
		p.Issued += r.Issued
		p.Used += r.Used
		p.Refunded += r.Refunded
		p.Discount = p.Discount.Add(money(r.DiscountE4))
		p.OrderAmount = p.OrderAmount.Add(money(r.OrderAmountE4))
	}
	places := s.places(ctx, couponID)
	for i := range out {
		out[i].Discount, out[i].OrderAmount = out[i].Discount.Round(places), out[i].OrderAmount.Round(places)
	}
	return out, nil
}

// seriesGrid is the buckets of a series over a range: their grain, length,
// the first one and how many. Returns INVALID_INPUT for a reversed range or
// too many points.
func seriesGrid(from, to time.Time, g Granularity) (grain string, step time.Duration, start time.Time, n int, err error) {
	from, to = from.UTC(), to.UTC()
	if !from.Before(to) {
		return "", 0, time.Time{}, 0, models.Errorf(models.CodeInvalidInput, "from must be before to")
	}
	grain, step, start, limit := models.GrainHour, time.Hour, from.Truncate(time.Hour), MaxHours
	end := ceilHour(to)
	if g == Day {
		grain, start, end, limit = models.GrainDay, day(from), ceilDay(to), MaxDays
		step = 24 * time.Hour
	}
	if !start.Before(end) {
		return "", 0, time.Time{}, 0, models.Errorf(models.CodeInvalidInput, "from must be before to")
	}
	n = int(end.Sub(start) / step)
	if n > limit {
		return "", 0, time.Time{}, 0, models.Errorf(models.CodeInvalidInput, "a %s series has at most %d points; this range has %d", g, limit, n)
	}
	return grain, step, start, n, nil
}

// Top ranks coupons by uses over a range (then by issued), first of them
// (0: all).
func (s *Service) Top(ctx context.Context, from, to time.Time, first int) ([]Row, error) {
	sp, err := rangeOf(from, to)
	if err != nil {
		return nil, err
	}
	asOf, err := s.AsOf(ctx)
	if err != nil {
		return nil, err
	}
	ranked, err := s.rankByUses(ctx, sp, first)
	if err != nil {
		return nil, models.Unavailable("stats.Top", err)
	}
	if len(ranked) == 0 {
		return []Row{}, nil
	}
	ids := make([]uint64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.CouponID
	}
	rows, err := s.byCouponAndChannel(ctx, ids, sp)
	if err != nil {
		return nil, models.Unavailable("stats.Top", err)
	}
	rem, err := s.engine.Remaining(ctx, ids...)
	if err != nil {
		return nil, err
	}
	at := make(map[uint64]int, len(ids))
	out := make([]Row, len(ids))
	for i, id := range ids {
		at[id] = i
		out[i] = Row{CouponID: id, Stats: Stats{Remaining: rem[id], AsOf: asOf}}
		out[i].Stats.IssuedByChannel = map[models.Channel]int64{}
	}
	for _, r := range rows {
		out[at[r.CouponID]].Stats.add(r)
	}
	for i := range out {
		out[i].Stats.round(s.places(ctx, out[i].CouponID))
	}
	return out, nil
}

// Products ranks products by sales over a range in the orders that used
// a coupon (0: any coupon), first of them (0: all).
func (s *Service) Products(ctx context.Context, couponID uint64, from, to time.Time, first int) ([]ProductRow, error) {
	sp, err := rangeOf(from, to)
	if err != nil {
		return nil, err
	}
	rows, err := s.productSums(ctx, couponID, sp, first)
	if err != nil {
		return nil, models.Unavailable("stats.Products", err)
	}
	out := make([]ProductRow, len(rows))
	places := s.places(ctx, couponID)
	for i, r := range rows {
		out[i] = ProductRow{ProductID: r.ProductID, Orders: r.Orders, Units: r.Units, Sales: money(r.SalesE4).Round(places),
			DiscountPart: money(r.DiscountE4).Round(places)}
	}
	return out, nil
}

// CouponID parses a coupon id argument ("" is every coupon). Returns
// NOT_FOUND for an id that cannot be a coupon's.
func CouponID(id string) (uint64, error) {
	if id == "" {
		return models.AllCoupons, nil
	}
	return coupon.ParseID(id)
}
