package resolvers

import (
	"time"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/store"
)

// Replicas is what the replication query reports: the store's view of its
// read replicas (store.Store implements it).
type Replicas interface {
	Replicas() []store.ReplicaStatus
	MaxReplicaLag() time.Duration
	Degraded() string
}

func toReplication(r Replicas, pin time.Duration) *gqlmodel.Replication {
	out := &gqlmodel.Replication{MaxLagSeconds: r.MaxReplicaLag().Seconds(), PinSeconds: pin.Seconds(), Replicas: []*gqlmodel.Replica{}}
	if d := r.Degraded(); d != "" {
		out.Degraded = &d
	}
	for _, st := range r.Replicas() {
		m := &gqlmodel.Replica{Database: st.Database, Address: st.Replica, Usable: st.Usable, LagSeconds: st.Lag.Seconds()}
		if st.Problem != "" {
			p := st.Problem
			m.Problem = &p
		}
		if !st.CheckedAt.IsZero() {
			at := st.CheckedAt
			m.CheckedAt = &at
		}
		out.Replicas = append(out.Replicas, m)
	}
	return out
}
