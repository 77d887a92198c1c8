package coalesce

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var batchSizes = promauto.NewHistogramVec(prometheus.HistogramOpts{
	Name:    "coupond_coalesced_calls",
	Help:    "Calls that shared one round trip, per path (redis, stock, insert, code-mark, ...): 1 at low load, more under load.",
	Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512},
}, []string{"path"})

var batchMax = promauto.NewGaugeVec(prometheus.GaugeOpts{
	Name: "coupond_coalesced_calls_max",
	Help: "The most calls that shared one round trip since start, per path.",
}, []string{"path"})

var maxima sync.Map // path -> *atomicMax

// Observe returns an Options.Observe that counts batch sizes in the
// coupond_coalesced_calls histogram under path.
func Observe(path string) func(size int) {
	h, m := batchSizes.WithLabelValues(path), batchMax.WithLabelValues(path)
	v, _ := maxima.LoadOrStore(path, &atomicMax{})
	most := v.(*atomicMax)
	return func(size int) {
		h.Observe(float64(size))
		if most.raise(int64(size)) {
			m.Set(float64(size))
		}
	}
}

// Max returns the most calls that shared one round trip of path since
// start (0 when none ran).
func Max(path string) int64 {
	if v, ok := maxima.Load(path); ok {
		return v.(*atomicMax).v.Load()
	}
	return 0
}
