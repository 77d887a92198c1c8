package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/budget"
	"github.com/coupond/coupond/internal/httpx"
	"github.com/coupond/coupond/internal/stats"
	"github.com/coupond/coupond/models"
)

// StatsExportPath is where the statistics downloads live: coupons, series,
// products and campaigns under it.
const StatsExportPath = "/export/stats/"

// StatsExport serves the statistics as CSV downloads, for callers with one
// of stats.ExportRoles (Authenticate runs first); each download is written
// to audit (nil: none) before the first byte:
//
//	GET /export/stats/coupons?from=&to=                  every coupon with activity in the range, by uses
//	GET /export/stats/series?from=&to=&granularity=DAY[&couponId=]
//	GET /export/stats/products?from=&to=[&couponId=]     by sales
//	GET /export/stats/campaigns?from=&to=                every campaign: its coupons' figures in the range, its budget now
//
// from and to are RFC 3339 instants. Every download ends with a currency
// column: amounts of coupons in different currencies are never added up
// (every coupon's series and products have a row per currency).
func StatsExport(svc *stats.Service, camps Campaigns, audit Auditor) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := auth.FromContext(ctx)
		if p == nil {
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		if !p.Has(stats.ExportRoles...) {
			http.Error(w, "exporting statistics needs the ANALYST, OPERATOR or ADMIN role", http.StatusForbidden)
			return
		}
		q := r.URL.Query()
		from, err1 := time.Parse(time.RFC3339, q.Get("from"))
		to, err2 := time.Parse(time.RFC3339, q.Get("to"))
		if err1 != nil || err2 != nil {
			http.Error(w, "from and to must be RFC 3339 times, e.g. 2026-11-01T00:00:00Z", http.StatusBadRequest)
			return
		}
		couponID, err := stats.CouponID(q.Get("couponId"))
		if err != nil {
			http.Error(w, "no such coupon", http.StatusNotFound)
			return
		}
		kind := strings.TrimPrefix(r.URL.Path, StatsExportPath)
		var write func(*httpx.CSV) error
		name := fmt.Sprintf("%s-%s-%s", kind, from.UTC().Format("20060102T15"), to.UTC().Format("20060102T15"))
		switch kind {
		case "coupons":
			rows, err := svc.Top(ctx, from, to, 0)
			if err != nil {
				writeStatsErr(w, err)
				return
			}
			write = func(c *httpx.CSV) error {
				return writeCoupons(c, rows, func(id uint64) (string, string) { return svc.CouponNameCurrency(ctx, id) })
			}
		case "series":
			g := stats.Granularity(q.Get("granularity"))
			if g != stats.Hour && g != stats.Day {
				http.Error(w, "granularity must be HOUR or DAY", http.StatusBadRequest)
				return
			}
			points, err := svc.SeriesByCurrency(ctx, couponID, from, to, g)
			if err != nil {
				writeStatsErr(w, err)
				return
			}
			write = func(c *httpx.CSV) error { return writeSeries(c, points) }
		case "campaigns":
			rows, err := svc.Top(ctx, from, to, 0)
			if err != nil {
				writeStatsErr(w, err)
				return
			}
			write = func(c *httpx.CSV) error { return writeCampaigns(ctx, c, rows, svc, camps) }
		case "products":
			rows, err := svc.ProductsByCurrency(ctx, couponID, from, to)
			if err != nil {
				writeStatsErr(w, err)
				return
			}
			write = func(c *httpx.CSV) error { return writeProducts(c, rows) }
		default:
			http.NotFound(w, r)
			return
		}
		if audit != nil {
			detail := map[string]any{"from": from, "to": to, "couponId": q.Get("couponId")}
			if err := audit.Write(ctx, &models.AuditEntry{At: time.Now().UTC(), Actor: p.Actor(), Action: "exportStats",
				EntityType: "Stats", EntityID: kind}, detail); err != nil {
				http.Error(w, "the audit log cannot be written now", http.StatusServiceUnavailable)
				return
			}
		}
		_ = write(httpx.NewCSV(w, name+".csv", statsHeader[kind]...))
	})
}

var statsHeader = map[string][]string{
	"coupons": {"coupon_id", "coupon_name", "issued", "issued_claim", "issued_targeted", "issued_code", "used", "refunded",
		"expired", "revoked", "discount_total", "order_amount_total", "use_rate", "remaining_stock", "as_of", "currency"},
	"series":   {"at", "issued", "used", "refunded", "discount_total", "order_amount_total", "currency"},
	"products": {"product_id", "orders", "units", "sales_amount", "discount_total", "currency"},
	"campaigns": {"campaign_id", "campaign_name", "coupons", "issued", "used", "refunded", "discount_total", "order_amount_total",
		"budget_amount", "budget_spent", "budget_left", "uses_per_day", "uses_today", "currency"},
}

// Campaigns is what the campaigns export reads of campaigns.
type Campaigns interface {
	List(ctx context.Context) ([]models.Campaign, error)
	Budgets(ctx context.Context, owners []string) (map[string]budget.State, error)
}

// writeCampaigns writes a row per campaign: its coupons' figures in the
// range (rows) added up, and its budget now.
func writeCampaigns(ctx context.Context, c *httpx.CSV, rows []stats.Row, svc *stats.Service, camps Campaigns) error {
	list, err := camps.List(ctx)
	if err != nil {
		return err
	}
	owners := make([]string, len(list))
	for i, k := range list {
		owners[i] = models.BudgetOwner("campaign", k.ID)
	}
	budgets, err := camps.Budgets(ctx, owners)
	if err != nil {
		return err
	}
	type sum struct {
		coupons, issued, used, refunded int64
		discount, orders                decimal.Decimal
	}
	sums := map[uint64]*sum{}
	for _, r := range rows {
		cp, err := svc.CouponRules(ctx, r.CouponID)
		if err != nil || cp.CampaignID == nil {
			continue
		}
		s := sums[*cp.CampaignID]
		if s == nil {
			s = &sum{}
			sums[*cp.CampaignID] = s
		}
		s.coupons++
		s.issued += r.Stats.Issued
		s.used += r.Stats.Used
		s.refunded += r.Stats.Refunded
		s.discount = s.discount.Add(r.Stats.Discount)
		s.orders = s.orders.Add(r.Stats.OrderAmount)
	}
	for i, k := range list {
		s := sums[k.ID]
		if s == nil {
			s = &sum{}
		}
		st := budgets[owners[i]]
		st.Budget = k.Budget
		places := int32(models.MinorUnits(k.Currency))
		amount, left, perDay := "", "", ""
		if k.Budget.Amount.Valid {
			amount = k.Budget.Amount.Decimal.StringFixed(places)
			l, _ := st.Left()
			left = l.StringFixed(places)
		}
		if k.Budget.UsesPerDay != nil {
			perDay = strconv.Itoa(*k.Budget.UsesPerDay)
		}
		c.Row(strconv.FormatUint(k.ID, 10), k.Name, itoa(s.coupons), itoa(s.issued), itoa(s.used), itoa(s.refunded),
			s.discount.String(), s.orders.String(), amount, st.Spent.StringFixed(places), left, perDay, itoa(st.UsesToday), k.Currency)
	}
	return c.Flush()
}

func writeStatsErr(w http.ResponseWriter, err error) {
	var e *models.Error
	if errors.As(err, &e) && e.Code == models.CodeInvalidInput {
		http.Error(w, e.Message, http.StatusBadRequest)
		return
	}
	http.Error(w, "statistics cannot be read now", http.StatusServiceUnavailable)
}

func writeCoupons(c *httpx.CSV, rows []stats.Row, nameCurrency func(uint64) (string, string)) error {
	for i, r := range rows {
		st := r.Stats
		name, currency := nameCurrency(r.CouponID)
		c.Row(strconv.FormatUint(r.CouponID, 10), name, itoa(st.Issued), itoa(st.IssuedByChannel[models.ChannelClaim]),
			itoa(st.IssuedByChannel[models.ChannelTargeted]), itoa(st.IssuedByChannel[models.ChannelCode]), itoa(st.Used),
			itoa(st.Refunded), itoa(st.Expired), itoa(st.Revoked), st.Discount.String(), st.OrderAmount.String(),
			strconv.FormatFloat(st.UseRate(), 'f', 4, 64), itoa(st.Remaining), st.AsOf.Format(time.RFC3339), currency)
		if i%1000 == 999 {
			if err := c.Flush(); err != nil {
				return err
			}
		}
	}
	return c.Flush()
}

func writeSeries(c *httpx.CSV, points []stats.CurrencyPoint) error {
	for _, p := range points {
		c.Row(p.At.Format(time.RFC3339), itoa(p.Issued), itoa(p.Used), itoa(p.Refunded), p.Discount.String(), p.OrderAmount.String(),
			p.Currency)
	}
	return c.Flush()
}

func writeProducts(c *httpx.CSV, rows []stats.CurrencyProductRow) error {
	for _, p := range rows {
		c.Row(p.ProductID, itoa(p.Orders), itoa(p.Units), p.Sales.String(), p.DiscountPart.String(), p.Currency)
	}
	return c.Flush()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
