package coupon

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var unlockedClaims = promauto.NewCounter(prometheus.CounterOpts{
	Name: "coupond_claims_unlocked_total",
	Help: "Claims that went on without the Redis lock because Redis was unreachable (safe through the unique keys).",
})

var reconciledUnits = promauto.NewCounter(prometheus.CounterOpts{
	Name: "coupond_stock_reconciled_units_total",
	Help: "Units of stock given back by the reconciler (leaked by a crash between taking stock and writing the user coupon).",
})

var remainingQueries = promauto.NewCounter(prometheus.CounterOpts{
	Name: "coupond_stock_remaining_queries_total",
	Help: "Queries of coupons' remaining stock (Remaining), each for any number of coupons: a list's coupons are read in one.",
})
