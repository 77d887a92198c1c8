// Package stats turns the outbox of every shard table into rollups that
// analysts read: one consumer per shard table (a lease, so one instance at
// a time) folds events in batches into hourly, daily and all-time rows per
// coupon and channel, and into product rows, in the meta database, with
// its position in the same transaction: every event counts exactly once,
// whatever crashes or instances come and go.
package stats

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Options configure the Service.
type Options struct {
	Owner     string        // this instance's name in leases
	Batch     int           // events per fold (default 2000)
	Poll      time.Duration // pause when every consumer is caught up (default 1s)
	GapGrace  time.Duration // how long a gap in event ids is waited for (default 3s)
	Retention time.Duration // how long folded events are kept (default 7 days)
	Now       func() time.Time
}

// Service runs the consumers and answers the statistics queries.
type Service struct {
	store  *store.Store
	engine *coupon.Service
	o      Options

	mu   sync.Mutex
	gaps map[string]gap                  // consumer -> the gap it waits at
	held map[string]models.StatsConsumer // consumer -> its row after this instance's last step

	beforeCommit func() error  // tests: a crash between folding and committing
	ensured      *store.Layout // the layout whose consumers' rows exist (under mu)
}

// gap is a hole in a table's event ids: an insert not yet committed, or
// one rolled back (then the hole stays: after GapGrace it is passed).
type gap struct {
	at   uint64
	seen time.Time
}

const leaseTTL = 15 * time.Second

// NewService returns the statistics service.
func NewService(st *store.Store, engine *coupon.Service, o Options) *Service {
	if o.Batch <= 0 {
		o.Batch = 2000
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.GapGrace <= 0 {
		o.GapGrace = 3 * time.Second
	}
	if o.Retention <= 0 {
		o.Retention = 7 * 24 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Owner == "" {
		o.Owner = fmt.Sprintf("instance-%d", time.Now().UnixNano())
	}
	return &Service{store: st, engine: engine, o: o, gaps: map[string]gap{}, held: map[string]models.StatsConsumer{}}
}

// source is one shard table's outbox.
type source struct {
	id    string // StatsConsumer.ID
	shard int
	table string
}

// sources are the outboxes of the layout in use. Their ids carry the
// layout's generation past the first, so that the positions in a layout a
// resharding left behind are never read as the new one's.
func (s *Service) sources() (*store.Layout, []source) {
	l := s.store.Layout()
	var out []source
	for i := range l.Shards {
		for _, t := range l.Router.TableNames("coupon_event") {
			out = append(out, source{id: ConsumerID(l.Gen, i, t), shard: i, table: t})
		}
	}
	return l, out
}

// ConsumerID names the consumer of one outbox table: shard and table of
// the layout of generation gen.
func ConsumerID(gen, shard int, table string) string {
	if gen > 0 {
		return fmt.Sprintf("g%d:%d/%s", gen, shard, table)
	}
	return fmt.Sprintf("%d/%s", shard, table)
}

// Run folds events until ctx ends. Every instance runs it; each shard
// table is worked by the instance holding its lease.
func (s *Service) Run(ctx context.Context) {
	for ctx.Err() == nil {
		_, srcs := s.sources()
		busy := false
		for _, src := range srcs {
			n, err := s.Step(ctx, src.id)
			if err != nil && ctx.Err() == nil && !errors.Is(err, errNotMine) {
				slog.WarnContext(ctx, "stats: fold", "consumer", src.id, "err", err)
			}
			busy = busy || n == s.o.Batch
		}
		if !busy {
			s.pause(ctx)
		}
	}
}

// pause waits Poll, or less once the user shards are frozen: a
// resharding's cut-over waits, frozen, for the consumers to fold the last
// events.
func (s *Service) pause(ctx context.Context) {
	const glance = 50 * time.Millisecond
	end := time.Now().Add(s.o.Poll)
	for left := s.o.Poll; left > 0; left = time.Until(end) {
		select {
		case <-ctx.Done():
			return
		case <-time.After(min(glance, left)):
		}
		if s.store.Frozen() {
			return
		}
	}
}

// ensure creates the consumers' rows, once per Service.
func (s *Service) ensure(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, srcs := s.sources()
	if s.ensured == l {
		return
	}
	if err := s.createConsumers(ctx, srcs); err != nil {
		slog.ErrorContext(ctx, "stats: consumers", "err", err)
		return
	}
	s.ensured = l
}

var errNotMine = errors.New("stats: another instance holds the lease")

// Step folds one batch of one consumer's events, if this instance holds
// or can take its lease, and returns how many events it read.
func (s *Service) Step(ctx context.Context, consumerID string) (int, error) {
	var src source
	l, srcs := s.sources()
	for _, c := range srcs {
		if c.id == consumerID {
			src = c
		}
	}
	if src.id == "" {
		return 0, fmt.Errorf("stats: no consumer %q", consumerID)
	}
	s.ensure(ctx)
	c, err := s.leased(ctx, src.id)
	if err != nil {
		return 0, err
	}
	readAt := s.o.Now().UTC()
	evs, err := readEvents(shardPrimary(ctx, l, src), src.table, c.LastID, s.o.Batch)
	if err != nil {
		return 0, err
	}
	take, asOf := s.contiguous(src.id, c.LastID, evs, readAt)
	if len(evs) == s.o.Batch && take == len(evs) {
		// More wait: the figures are exact up to the last folded event.
		asOf = evs[take-1].At.UTC()
	}
	if asOf.Before(c.AsOf) {
		asOf = c.AsOf
	}
	// Nothing to fold (b nil): the position's freshness and the lease only.
	var b *batch
	last := c.LastID
	if take > 0 {
		b = newBatch()
		for i := range evs[:take] {
			b.add(&evs[i])
		}
		last = evs[take-1].ID
	}
	until := s.o.Now().UTC().Add(leaseTTL)
	p := position{id: src.id, from: c.LastID, to: last, asOf: asOf, folded: take, leaseUntil: until}
	if err := s.saveFold(ctx, b, p); err != nil {
		s.forget(src.id)
		return 0, err
	}
	c.LastID, c.AsOf, c.Folded, c.LeaseOwner, c.LeaseUntil = last, asOf, c.Folded+int64(take), s.o.Owner, &until
	if c.PrunedAt == nil || s.o.Now().Sub(*c.PrunedAt) > time.Hour {
		if at, ok := s.prune(ctx, l, src, last); ok {
			c.PrunedAt = &at
		}
	}
	s.remember(*c)
	return len(evs), nil
}

// leased returns the consumer's row as this instance's last step left it
// while more than half its lease is left (no round trip), else takes or
// renews the lease (lease). Every step's last write renews the lease and
// is guarded by the position it read, so a row changed by anyone else
// makes that write fail (errNotMine) and the next step read it afresh.
func (s *Service) leased(ctx context.Context, id string) (*models.StatsConsumer, error) {
	s.mu.Lock()
	c, ok := s.held[id]
	s.mu.Unlock()
	if ok && c.LeaseUntil != nil && c.LeaseUntil.Sub(s.o.Now().UTC()) > leaseTTL/2 {
		return &c, nil
	}
	return s.lease(ctx, id)
}

func (s *Service) remember(c models.StatsConsumer) {
	s.mu.Lock()
	s.held[c.ID] = c
	s.mu.Unlock()
}

func (s *Service) forget(id string) {
	s.mu.Lock()
	delete(s.held, id)
	s.mu.Unlock()
}

// lease takes or renews a consumer's lease; errNotMine when another
// instance holds it.
func (s *Service) lease(ctx context.Context, id string) (*models.StatsConsumer, error) {
	s.forget(id)
	return s.takeLease(ctx, id, s.o.Now().UTC())
}

// contiguous is how many of evs (ordered by id, after lastID) can be
// folded now, and the moment the rollups are exact for after that. Ids
// are taken in order at insert but committed in any order: a missing id
// may be a transaction still in flight, so folding stops before it until
// it shows up or GapGrace has passed (a rolled-back insert leaves a hole
// for good).
func (s *Service) contiguous(id string, lastID uint64, evs []event, readAt time.Time) (int, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	want := lastID + 1
	for i, e := range evs {
		if e.ID != want && lastID != 0 {
			g, ok := s.gaps[id]
			if !ok || g.at != want {
				g = gap{at: want, seen: readAt}
				s.gaps[id] = g
			}
			if readAt.Sub(g.seen) < s.o.GapGrace {
				// Exact up to when the first event past the gap was made.
				return i, minTime(readAt, e.At.UTC())
			}
			delete(s.gaps, id)
		}
		want = e.ID + 1
		lastID = e.ID
	}
	return len(evs), readAt
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// prune deletes folded events older than the retention, a slice of ids
// at a time, and returns when it recorded having done so (false: it did
// not get that far).
func (s *Service) prune(ctx context.Context, l *store.Layout, src source, folded uint64) (time.Time, bool) {
	cutoff := s.o.Now().UTC().Add(-s.o.Retention)
	shard := shardPrimary(ctx, l, src)
	upto, err := lastEventBefore(shard, src.table, folded, cutoff)
	if err != nil {
		return time.Time{}, false
	}
	if upto != nil {
		for lo := uint64(0); ; {
			next, err := firstEventAfter(shard, src.table, lo)
			if err != nil || next == nil || *next > *upto {
				break
			}
			hi := min(*next+10000, *upto)
			if err := deleteEvents(shard, src.table, *next, hi); err != nil {
				return time.Time{}, false
			}
			lo = hi
		}
	}
	now := s.o.Now().UTC()
	return now, s.markPruned(ctx, src.id, now) == nil
}
