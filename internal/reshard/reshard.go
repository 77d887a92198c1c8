// Package reshard moves coupond's user shards from the layout they are in
// (N databases of M tables) to a larger one (N' databases of M' tables)
// while the service runs on the old one: copy every user coupon and tag
// into the new layout, follow the changes made meanwhile through the old
// shards' outbox, and verify the two layouts row by row, with a repair for
// what differs.
//
// M' must be a multiple of N x M. A user's old table is hash % (N x M) (the
// database and table indexes of sharding.Route together) and their new one
// hash % M', so every new table takes rows from exactly one old table: the
// rows keep their ids and every public user coupon id stays valid.
//
// What this package does not do is switch a running instance over: the
// cut-over is stopping the writes to user shards, a last CatchUp and
// Verify, and starting the instances on the new layout
// (docs/resharding.md).
package reshard

import (
	"context"
	"fmt"
	"sort"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// Resharder copies, follows and verifies one resharding: from the running
// layout (with the meta database, where checkpoints live) to a target
// layout opened with store.OpenShards and migrated with MigrateShards.
type Resharder struct {
	from, to *store.Layout
	meta     *gorm.DB
}

// New checks that to can take from's rows and returns its Resharder. It
// refuses (INVALID_INPUT) a target that is not larger, whose table count
// is not a multiple of from's N x M, of another dialect, or that shares a
// database with from.
func New(ctx context.Context, from, to *store.Store) (*Resharder, error) {
	n, m := from.Layout().Router.DBs(), from.Layout().Router.Tables()
	n2, m2 := to.Layout().Router.DBs(), to.Layout().Router.Tables()
	switch {
	case from.Dialect != to.Dialect:
		return nil, models.Errorf(models.CodeInvalidInput, "reshard: the target is %s, the running layout %s", to.Dialect, from.Dialect)
	case n2*m2 <= n*m:
		return nil, models.Errorf(models.CodeInvalidInput, "reshard: the target %dx%d must hold more tables than the running %dx%d", n2, m2, n, m)
	case m2%(n*m) != 0:
		return nil, models.Errorf(models.CodeInvalidInput,
			"reshard: the target's tables per database (%d) must be a multiple of %d (the running %d databases x %d tables), so that each new table takes the rows of one old table with their ids",
			m2, n*m, n, m)
	}
	seen := map[string]int{}
	for i, db := range from.Layout().Shards {
		id, err := identity(ctx, db)
		if err != nil {
			return nil, fmt.Errorf("reshard: shard %d: %w", i, err)
		}
		seen[id] = i
	}
	for i, db := range to.Layout().Shards {
		id, err := identity(ctx, db)
		if err != nil {
			return nil, fmt.Errorf("reshard: target shard %d: %w", i, err)
		}
		if j, ok := seen[id]; ok {
			return nil, models.Errorf(models.CodeInvalidInput, "reshard: target shard %d is the running shard %d (%s): the target needs databases of its own", i, j, id)
		}
		seen[id] = -1
	}
	return &Resharder{from: from.Layout(), to: to.Layout(), meta: from.Meta}, nil
}

// source is one table of the running layout and the tables of the target
// that take its rows.
type source struct {
	db, table int // the running layout's indexes
	name      string
	targets   []target
}

type target struct {
	db, table int
}

// Target is the target layout, "N'xM'", which names its checkpoints.
func (r *Resharder) Target() string {
	return fmt.Sprintf("%dx%d", r.to.Router.DBs(), r.to.Router.Tables())
}

// sources lists the running layout's tables with their targets.
func (r *Resharder) sources() []source {
	m, nm := r.from.Router.Tables(), r.from.Router.DBs()*r.from.Router.Tables()
	var out []source
	for k := 0; k < nm; k++ {
		s := source{db: k / m, table: k % m, name: fmt.Sprintf("db%d.t%0*d", k/m, width(m), k%m)}
		for d := 0; d < r.to.Router.DBs(); d++ {
			for t := k; t < r.to.Router.Tables(); t += nm {
				s.targets = append(s.targets, target{db: d, table: t})
			}
		}
		out = append(out, s)
	}
	return out
}

func width(tables int) int {
	if tables > 100 {
		return 3
	}
	return 2
}

// Plan describes where the running layout's tables go.
type Plan struct {
	From, To string
	Tables   []PlanTable
}

// PlanTable is one running table and the target tables its rows go to.
type PlanTable struct {
	From string
	To   []string
}

// Plan returns the mapping of tables, for an operator to read first.
func (r *Resharder) Plan() Plan {
	p := Plan{From: fmt.Sprintf("%dx%d", r.from.Router.DBs(), r.from.Router.Tables()), To: r.Target()}
	for _, s := range r.sources() {
		pt := PlanTable{From: s.name}
		for _, t := range s.targets {
			pt.To = append(pt.To, r.toName(t))
		}
		p.Tables = append(p.Tables, pt)
	}
	return p
}

// toName is a target table's short name, e.g. "db3.t05".
func (r *Resharder) toName(t target) string {
	return fmt.Sprintf("db%d.t%0*d", t.db, width(r.to.Router.Tables()), t.table)
}

func (r *Resharder) fromTable(s source, prefix string) string {
	return sharding.TableName(prefix, s.table, r.from.Router.Tables())
}

func (r *Resharder) toTable(t target, prefix string) string {
	return sharding.TableName(prefix, t.table, r.to.Router.Tables())
}

// route is the target table of a user.
func (r *Resharder) route(userID string) target {
	rt := r.to.Router.Route(userID)
	return target{db: rt.DB, table: rt.Table}
}

// checkpoint names: one per running table and kind.
func (r *Resharder) cpName(kind string, s source) string {
	return fmt.Sprintf("reshard %s %s %s", r.Target(), kind, s.name)
}

// byTarget groups rows by their target table, in a stable order.
func (r *Resharder) byTarget(rows []models.UserCoupon) ([]target, map[target][]models.UserCoupon) {
	groups := map[target][]models.UserCoupon{}
	for _, uc := range rows {
		t := r.route(uc.UserID)
		groups[t] = append(groups[t], uc)
	}
	keys := make([]target, 0, len(groups))
	for t := range groups {
		keys = append(keys, t)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].db != keys[j].db {
			return keys[i].db < keys[j].db
		}
		return keys[i].table < keys[j].table
	})
	return keys, groups
}

// Open prepares a resharding of from's user shards to the layout of cfg
// (opened with store.OpenShards and given its tables): it reads which
// layout is in use, refuses when that is not from's, and returns the
// Resharder and the target store (close it when done).
func Open(ctx context.Context, from *store.Store, cfg store.Config) (*Resharder, *store.Store, error) {
	st, err := ReadState(ctx, from.Meta)
	if err != nil {
		return nil, nil, err
	}
	cur := from.Layout()
	if st.Layout != "" && st.Layout != cur.Name() {
		return nil, nil, models.Errorf(models.CodeInvalidState,
			"reshard: the layout in use is %s (generation %d); this process was given %s: configure the layout in use as the shards", st.Layout, st.Gen, cur.Name())
	}
	if cur.Gen != st.Gen {
		l := *cur
		l.Gen = st.Gen
		from.SetLayout(&l)
	}
	to, err := store.OpenShards(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	if err := to.MigrateShards(ctx); err != nil {
		to.Close()
		return nil, nil, err
	}
	r, err := New(ctx, from, to)
	if err != nil {
		to.Close()
		return nil, nil, err
	}
	return r, to, nil
}

// Status is where a resharding is.
type Status struct {
	State     models.ReshardState
	From, To  string // the running layout and the target
	Tables    []TableStatus
	Instances []models.ReshardInstance // seen in the last minute
}

// TableStatus is one running table's copy and catch-up.
type TableStatus struct {
	Table     string
	Copied    int64  // rows copied
	CopiedTo  int64  // the copy's last id (0: not begun)
	LastID    uint64 // the table's last id now
	Events    int64  // the catch-up's position in the outbox
	LastEvent uint64 // the outbox's last id now
}

// Status reads the state, each table's progress and the instances.
func (r *Resharder) Status(ctx context.Context) (Status, error) {
	s := Status{From: r.from.Name(), To: r.Target()}
	var err error
	if s.State, err = ReadState(ctx, r.meta); err != nil {
		return s, err
	}
	for _, src := range r.sources() {
		ts := TableStatus{Table: src.name}
		cp, _, err := r.checkpoint(ctx, r.cpName("copy", src))
		if err != nil {
			return s, err
		}
		ts.Copied, ts.CopiedTo = cp.Read, cp.LastID
		ev, _, err := r.checkpoint(ctx, r.cpName("events", src))
		if err != nil {
			return s, err
		}
		ts.Events = ev.LastID
		db := r.from.Shards[src.db]
		if ts.LastID, err = maxID(ctx, db, r.fromTable(src, "user_coupon")); err != nil {
			return s, err
		}
		if ts.LastEvent, err = maxID(ctx, db, r.fromTable(src, "coupon_event")); err != nil {
			return s, err
		}
		s.Tables = append(s.Tables, ts)
	}
	s.Instances, err = instances(ctx, r.meta)
	return s, err
}

// View is an instance's view of the resharding: its store and the layout
// it may move to (Target nil: none).
type View struct{ Store, Target *store.Store }

// Status is Describe of the view.
func (v View) Status(ctx context.Context) (Status, error) { return Describe(ctx, v.Store, v.Target) }

// Describe is Status for an instance: st's layout in use, and when the
// instance has a target layout (nil: none) that is not in use yet, each
// table's copy and catch-up.
func Describe(ctx context.Context, st *store.Store, target *store.Store) (Status, error) {
	if target != nil && target.Layout().Name() != st.Layout().Name() {
		r, err := New(ctx, st, target)
		if err == nil {
			return r.Status(ctx)
		}
	}
	s := Status{From: st.Layout().Name()}
	if target != nil {
		s.To = target.Layout().Name()
	}
	var err error
	if s.State, err = ReadState(ctx, st.Meta); err != nil {
		return s, err
	}
	s.Instances, err = instances(ctx, st.Meta)
	return s, err
}
