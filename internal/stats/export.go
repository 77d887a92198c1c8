package stats

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/coupond/coupond/models"
)

// ExportRoles may download statistics (internal/httpapi serves the
// downloads).
var ExportRoles = []models.Role{models.RoleAnalyst, models.RoleOperator, models.RoleAdmin}

// CouponNameCurrency returns the name and currency of coupon id ("" each
// when it cannot be read).
func (s *Service) CouponNameCurrency(ctx context.Context, id uint64) (name, currency string) {
	if c, err := s.engine.Get(ctx, strconv.FormatUint(id, 10)); err == nil {
		return c.Name, c.Currency
	}
	return "", ""
}

// CouponRules returns coupon id's rules (through the coupon cache).
func (s *Service) CouponRules(ctx context.Context, id uint64) (*models.Coupon, error) {
	return s.engine.Get(ctx, strconv.FormatUint(id, 10))
}

// couponCurrency is coupon id's currency, or the default currency when the
// coupon cannot be read.
func (s *Service) couponCurrency(ctx context.Context, id uint64) string {
	if _, cur := s.CouponNameCurrency(ctx, id); cur != "" {
		return cur
	}
	return s.engine.Defaults().Currency
}

// CurrencyPoint is a bucket of a series in one currency: the figures of
// the coupons in that currency.
type CurrencyPoint struct {
	Point
	Currency string
}

// CurrencyProductRow is a product's figures in the orders that used a
// coupon in one currency.
type CurrencyProductRow struct {
	ProductRow
	Currency string
}

// couponCurrencies maps coupon ids to their currencies.
func (s *Service) couponCurrencies(ctx context.Context, ids []uint64) (map[uint64]string, error) {
	out := make(map[uint64]string, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 1000)
		var rows []struct {
			ID       uint64
			Currency string
		}
		if err := s.reads(ctx).Model(&models.Coupon{}).Select("id, currency").Where("id IN ?", ids[:n]).Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.ID] = r.Currency
		}
		ids = ids[n:]
	}
	return out, nil
}

// currencyOf is the currency amounts of coupon id are in (the default
// currency's when the coupon is gone).
func (s *Service) currencyOf(cur map[uint64]string, id uint64) string {
	if c := cur[id]; c != "" {
		return c
	}
	return s.engine.Defaults().Currency
}

// SeriesByCurrency is Series split by currency, for exports: amounts of
// coupons in different currencies are never added up. One coupon's series
// has one point per bucket, in its currency; every coupon's (couponID 0)
// has, in each bucket, one point per currency used in the range (sorted),
// or one in the default currency when nothing happened.
func (s *Service) SeriesByCurrency(ctx context.Context, couponID uint64, from, to time.Time, g Granularity) ([]CurrencyPoint, error) {
	if couponID != models.AllCoupons {
		pts, err := s.Series(ctx, couponID, from, to, g)
		if err != nil {
			return nil, err
		}
		cur := s.couponCurrency(ctx, couponID)
		out := make([]CurrencyPoint, len(pts))
		for i, p := range pts {
			out[i] = CurrencyPoint{Point: p, Currency: cur}
		}
		return out, nil
	}
	grain, step, start, n, err := seriesGrid(from, to, g)
	if err != nil {
		return nil, err
	}
	var rows []sums
	err = s.reads(ctx).Model(&models.StatsRollup{}).Select("coupon_id, bucket, "+sumCols).
		Where("grain = ? AND coupon_id <> ? AND bucket >= ? AND bucket < ?", grain, models.AllCoupons, start, start.Add(time.Duration(n)*step)).
		Group("coupon_id, bucket").Scan(&rows).Error
	if err != nil {
		return nil, models.Unavailable("stats.SeriesByCurrency", err)
	}
	cur, err := s.couponCurrencies(ctx, distinctCoupons(len(rows), func(i int) uint64 { return rows[i].CouponID }))
	if err != nil {
		return nil, models.Unavailable("stats.SeriesByCurrency", err)
	}
	byCur := map[string][]Point{}
	for _, r := range rows {
		i := int(r.Bucket.UTC().Sub(start) / step)
		if i < 0 || i >= n {
			continue
		}
		c := s.currencyOf(cur, r.CouponID)
		if byCur[c] == nil {
			byCur[c] = make([]Point, n)
		}
		p := &byCur[c][i]
		p.Issued += r.Issued
		p.Used += r.Used
		p.Refunded += r.Refunded
		p.Discount = p.Discount.Add(money(r.DiscountE4))
		p.OrderAmount = p.OrderAmount.Add(money(r.OrderAmountE4))
	}
	if len(byCur) == 0 {
		byCur[s.engine.Defaults().Currency] = make([]Point, n)
	}
	currencies := make([]string, 0, len(byCur))
	for c := range byCur {
		currencies = append(currencies, c)
	}
	sort.Strings(currencies)
	out := make([]CurrencyPoint, 0, n*len(currencies))
	for i := 0; i < n; i++ {
		for _, c := range currencies {
			p := byCur[c][i]
			places := int32(models.MinorUnits(c))
			p.At = start.Add(time.Duration(i) * step)
			p.Discount, p.OrderAmount = p.Discount.Round(places), p.OrderAmount.Round(places)
			out = append(out, CurrencyPoint{Point: p, Currency: c})
		}
	}
	return out, nil
}

// ProductsByCurrency is Products split by currency, for exports: one
// coupon's products in its currency; for every coupon (couponID 0), one
// row per product and currency of the coupons used with it, by currency,
// then by sales descending.
func (s *Service) ProductsByCurrency(ctx context.Context, couponID uint64, from, to time.Time) ([]CurrencyProductRow, error) {
	if couponID != models.AllCoupons {
		rows, err := s.Products(ctx, couponID, from, to, 0)
		if err != nil {
			return nil, err
		}
		cur := s.couponCurrency(ctx, couponID)
		out := make([]CurrencyProductRow, len(rows))
		for i, r := range rows {
			out[i] = CurrencyProductRow{ProductRow: r, Currency: cur}
		}
		return out, nil
	}
	sp, err := rangeOf(from, to)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		CouponID   uint64
		ProductID  string
		Orders     int64
		Units      int64
		SalesE4    int64 `gorm:"column:sales_e4"`
		DiscountE4 int64 `gorm:"column:discount_e4"`
	}
	err = s.reads(ctx).Model(&models.StatsProduct{}).
		Select("coupon_id, product_id, SUM(orders) AS orders, SUM(units) AS units, SUM(sales_e4) AS sales_e4, SUM(discount_e4) AS discount_e4").
		Where("coupon_id <> ?", models.AllCoupons).Where(sp.where, sp.args...).Group("coupon_id, product_id").Scan(&rows).Error
	if err != nil {
		return nil, models.Unavailable("stats.ProductsByCurrency", err)
	}
	cur, err := s.couponCurrencies(ctx, distinctCoupons(len(rows), func(i int) uint64 { return rows[i].CouponID }))
	if err != nil {
		return nil, models.Unavailable("stats.ProductsByCurrency", err)
	}
	type key struct{ currency, product string }
	sum := map[key]*productSum{}
	for _, r := range rows {
		k := key{s.currencyOf(cur, r.CouponID), r.ProductID}
		p := sum[k]
		if p == nil {
			p = &productSum{ProductID: r.ProductID}
			sum[k] = p
		}
		p.Orders += r.Orders
		p.Units += r.Units
		p.SalesE4 += r.SalesE4
		p.DiscountE4 += r.DiscountE4
	}
	out := make([]CurrencyProductRow, 0, len(sum))
	for k, p := range sum {
		places := int32(models.MinorUnits(k.currency))
		out = append(out, CurrencyProductRow{Currency: k.currency, ProductRow: ProductRow{ProductID: p.ProductID, Orders: p.Orders,
			Units: p.Units, Sales: money(p.SalesE4).Round(places), DiscountPart: money(p.DiscountE4).Round(places)}})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Currency != b.Currency {
			return a.Currency < b.Currency
		}
		if c := a.Sales.Cmp(b.Sales); c != 0 {
			return c > 0
		}
		return a.ProductID < b.ProductID
	})
	return out, nil
}

// distinctCoupons is the coupon ids of n rows, each once.
func distinctCoupons(n int, id func(int) uint64) []uint64 {
	seen := map[uint64]bool{}
	var ids []uint64
	for i := 0; i < n; i++ {
		if c := id(i); !seen[c] {
			seen[c] = true
			ids = append(ids, c)
		}
	}
	return ids
}
