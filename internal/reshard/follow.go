package reshard

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/coupond/coupond/internal/loop"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Follower is one instance's side of a resharding: it reads the state
// from the meta database (Load, every Poll in Watch) and applies it to
// the instance's store: freezes the writes to the user shards while a
// cut-over runs (and reports, through its instance row, when the writes it
// had admitted are done), switches to the target layout when the cut-over
// is done, and opens the writes again.
//
// An instance that was not given the target layout (COUPOND_RESHARD_*)
// cannot follow a cut-over: it stays frozen and Stale, serving no user
// data, until it is restarted with the new layout.
type Follower struct {
	st     *store.Store
	first  *store.Layout // the layout the instance was started with
	target *store.Layout // the layout it can switch to; nil: none
	owner  string
	log    *slog.Logger

	mu      sync.Mutex
	version int64
	stale   string // why the instance serves no user data; "" when it does
	beat    time.Time
	loaded  time.Time // the last Load that read and applied the state
}

// SelfFreeze is how long an instance writes to the user shards without
// reading the state: past it, it freezes them until it reads the state
// again. A cut-over waits only for instances seen in the last 5 s
// (CutoverOptions.Alive), so one cut off from the meta database has
// stopped writing before a cut-over can pass it by.
const SelfFreeze = 2 * time.Second

// Poll is how often Watch reads the state.
const Poll = 250 * time.Millisecond

// freezeWait bounds the wait for the writes in flight when a freeze
// begins; the cut-over waits for the instance's row to say it is done.
const freezeWait = 30 * time.Second

// NewFollower returns the Follower of an instance (owner names it in the
// instance rows) over st, which may switch to target (nil: none).
func NewFollower(st *store.Store, target *store.Store, owner string, log *slog.Logger) *Follower {
	if log == nil {
		log = slog.Default()
	}
	f := &Follower{st: st, first: st.Layout(), owner: owner, log: log}
	if target != nil {
		f.target = target.Layout()
	}
	return f
}

// Stale says why the instance serves no user data ("" when it does): the
// shards moved to a layout it was not given.
func (f *Follower) Stale() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stale
}

// Load reads the state and applies it. Call it once before serving: an
// instance started after a cut-over then opens on the layout in use.
func (f *Follower) Load(ctx context.Context) error {
	st, err := ReadState(ctx, f.st.Meta)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.apply(ctx, st); err != nil {
		return err
	}
	f.loaded = time.Now()
	if f.version != st.Version || time.Since(f.beat) >= time.Second {
		f.version = st.Version
		return f.heartbeat(ctx)
	}
	return nil
}

func (f *Follower) apply(ctx context.Context, st models.ReshardState) error {
	cur := f.st.Layout()
	want := f.inUse(st)
	if want == nil {
		if f.stale == "" {
			f.log.Error("reshard: the user shards moved to a layout this instance was not given; restart it with that layout",
				"layout", st.Layout, "gen", st.Gen, "have", cur.Name())
		}
		f.stale = fmt.Sprintf("the user shards moved to layout %s (generation %d); this instance runs %s: restart it with the new layout",
			st.Layout, st.Gen, cur.Name())
		return f.freeze(ctx)
	}
	f.stale = ""
	if want.Name() != cur.Name() || want.Gen != st.Gen {
		if want.Name() != cur.Name() {
			// A switch: with no write in flight.
			if err := f.freeze(ctx); err != nil {
				return err
			}
		}
		// A layout in use never changes: put in a copy with the generation.
		nl := *want
		nl.Gen = st.Gen
		f.st.SetLayout(&nl)
		f.log.Info("reshard: user shards", "layout", nl.Name(), "gen", nl.Gen)
	}
	if st.Phase == models.ReshardFrozen {
		if !f.st.Frozen() {
			f.log.Info("reshard: cut-over began; writes to the user shards frozen", "target", st.Target)
		}
		return f.freeze(ctx)
	}
	if f.st.Frozen() {
		f.st.Thaw()
		f.log.Info("reshard: writes to the user shards open", "layout", want.Name(), "gen", st.Gen)
	}
	return nil
}

// inUse is the layout st says is in use (no layout named: the first), of
// those the instance has; nil when it has not that one.
func (f *Follower) inUse(st models.ReshardState) *store.Layout {
	for _, l := range []*store.Layout{f.st.Layout(), f.first, f.target} {
		if l != nil && (l.Name() == st.Layout || st.Layout == "" && l.Name() == f.first.Name()) {
			return l
		}
	}
	return nil
}

func (f *Follower) freeze(ctx context.Context) error {
	fctx, cancel := context.WithTimeout(ctx, freezeWait)
	defer cancel()
	return f.st.Freeze(fctx)
}

// Adopt puts in use the layout the state says is in use, for a process
// that writes the user shards without serving (a command-line step): no
// freeze, no instance row. Returns INVALID_STATE when the process was not
// given that layout.
func (f *Follower) Adopt(ctx context.Context) error {
	st, err := ReadState(ctx, f.st.Meta)
	if err != nil {
		return err
	}
	if l := f.inUse(st); l != nil {
		nl := *l
		nl.Gen = st.Gen
		f.st.SetLayout(&nl)
		return nil
	}
	return models.Errorf(models.CodeInvalidState, "the user shards moved to layout %s (generation %d); give this command that layout", st.Layout, st.Gen)
}

// heartbeat writes the instance's row.
func (f *Follower) heartbeat(ctx context.Context) error {
	l := f.st.Layout()
	f.beat = time.Now()
	row := models.ReshardInstance{Owner: f.owner, Version: f.version, Frozen: f.st.Frozen(), Layout: l.Name(), Gen: l.Gen,
		Stale: f.stale != "", SeenAt: f.beat.UTC()}
	return writeInstance(ctx, f.st.Meta, &row)
}

// Watch runs Load every Poll until ctx ends, then removes the instance's
// row (a cut-over then stops waiting for it).
func (f *Follower) Watch(ctx context.Context) {
	loop.Every(ctx, Poll, f.follow)
	dctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	f.st.Meta.WithContext(dctx).Where("owner = ?", f.owner).Delete(&models.ReshardInstance{})
	cancel()
}

// follow runs Load once; when the state could not be read for SelfFreeze,
// it freezes the writes to the user shards.
func (f *Follower) follow(ctx context.Context) {
	if err := f.Load(ctx); err != nil && ctx.Err() == nil {
		f.log.Warn("reshard: follow", "err", err)
		f.mu.Lock()
		if !f.loaded.IsZero() && time.Since(f.loaded) > SelfFreeze && !f.st.Frozen() {
			f.log.Error("reshard: the state could not be read for a while; writes to the user shards frozen until it can", "for", time.Since(f.loaded).Round(time.Millisecond))
			fctx, cancel := context.WithTimeout(ctx, time.Millisecond)
			_ = f.st.Freeze(fctx) // the refusals begin now; no need to wait for the drain
			cancel()
		}
		f.mu.Unlock()
	}
}
