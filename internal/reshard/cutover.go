package reshard

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/coupond/coupond/internal/stats"
	"github.com/coupond/coupond/models"
)

// CutoverOptions tune Cutover.
type CutoverOptions struct {
	By string // who asked, for the state row
	// AckWait bounds the wait for every live instance to freeze (default
	// 10 s); StatsWait the wait for the statistics to fold the running
	// layout's outbox to its end (default 30 s). Either running out calls
	// the cut-over off.
	AckWait, StatsWait time.Duration
	// Alive is how recently an instance must have written its row to be
	// waited for (default 5 s).
	Alive time.Duration
	// FullVerify compares every row again while frozen; by default the
	// verify while frozen compares the rows changed since a full verify run
	// just before the freeze (and every tag), so that the freeze lasts as
	// long as the changes of the last moments take, not the whole layout.
	FullVerify bool
	// Converged: the verify rounds before the freeze stop once one has
	// fewer rows changed than this to compare (default 2,000).
	Converged int64
	// Progress, when set, hears each step.
	Progress func(step string)
}

// CutoverReport is what a cut-over did.
type CutoverReport struct {
	Instances int           // live instances that froze and then switched
	Stale     []string      // instances that could not switch (not given the target layout): restart them on it
	CaughtUp  int64         // rows caught up while frozen
	Before    Report        // the full verify run before the freeze (its differences were repaired)
	Verified  Report        // the verify run while frozen
	Repaired  int           // differences set right while frozen
	Frozen    time.Duration // how long writes to the user shards were refused
	Layout    string        // the layout in use afterwards
	Gen       int
}

// ErrCalledOff wraps the reason a cut-over was called off; the layout in
// use is then unchanged and open again.
var ErrCalledOff = errors.New("reshard: cut-over called off")

// Cutover moves the service to the target layout: it catches up, freezes
// the writes to the user shards on every instance (the state goes FROZEN;
// it waits until every live instance says the writes it had admitted are
// done), catches up the last changes, waits for the statistics to fold
// the running layout's outbox, verifies what changed since a full verify
// run just before the freeze (or, with FullVerify, everything) and repairs
// what differs, and then puts the target in use (SWITCHED): every instance
// switches within a poll and opens the writes. Writes are refused
// (UNAVAILABLE, to be retried) from the freeze to the switch; reads go on.
//
// When a step fails (an instance does not freeze, a difference stays) the
// cut-over is called off: the state goes back to OPEN on the running
// layout, and the error wraps ErrCalledOff.
func (r *Resharder) Cutover(ctx context.Context, opt CutoverOptions) (CutoverReport, error) {
	if opt.AckWait <= 0 {
		opt.AckWait = 10 * time.Second
	}
	if opt.StatsWait <= 0 {
		opt.StatsWait = 30 * time.Second
	}
	if opt.Alive <= 0 {
		opt.Alive = 5 * time.Second
	}
	if opt.Converged <= 0 {
		opt.Converged = 2000
	}
	say := func(format string, args ...any) {
		if opt.Progress != nil {
			opt.Progress(fmt.Sprintf(format, args...))
		}
	}
	var rep CutoverReport
	st, err := ReadState(ctx, r.meta)
	if err != nil {
		return rep, err
	}
	if err := r.ready(ctx, st); err != nil {
		return rep, err
	}
	say("catching up before the freeze")
	if _, err := r.CatchUp(ctx, CatchUpOptions{}); err != nil {
		return rep, err
	}
	var since map[string]int64
	if !opt.FullVerify {
		// A full verify while the service runs; what changes from here on
		// is verified again while frozen.
		if since, err = r.Positions(ctx); err != nil {
			return rep, err
		}
		say("verifying every row before the freeze")
		if rep.Before, err = r.Verify(ctx, VerifyOptions{}); err != nil {
			return rep, err
		}
		if len(rep.Before.Diffs) > 0 {
			say("repairing %d differences (rows changing now are verified again while frozen)", len(rep.Before.Diffs))
			if _, err := r.Repair(ctx, rep.Before.Diffs); err != nil {
				return rep, err
			}
		}
		// The rows changed during that verify, again and again while they
		// are many: the freeze then verifies only the last few seconds'.
		for round := 0; round < 5; round++ {
			if _, err := r.CatchUp(ctx, CatchUpOptions{}); err != nil {
				return rep, err
			}
			next, err := r.Positions(ctx)
			if err != nil {
				return rep, err
			}
			again, err := r.Verify(ctx, VerifyOptions{Since: since})
			if err != nil {
				return rep, err
			}
			if len(again.Diffs) > 0 {
				if _, err := r.Repair(ctx, again.Diffs); err != nil {
					return rep, err
				}
			}
			since = next
			say("verified again the %d rows changed meanwhile (%d differences set right)", again.Rows, len(again.Diffs))
			if again.Rows < opt.Converged {
				break
			}
		}
		if _, err := r.CatchUp(ctx, CatchUpOptions{}); err != nil {
			return rep, err
		}
	}

	// Freeze.
	say("freezing the writes to the user shards")
	frozenAt := time.Now()
	st.ID, st.Phase, st.Target, st.Version = 1, models.ReshardFrozen, r.Target(), time.Now().UnixNano()
	st.Layout, st.Gen = r.from.Name(), r.from.Gen
	st.ChangedAt, st.ChangedBy, st.Note = time.Now().UTC(), opt.By, ""
	if err := r.putState(ctx, &st); err != nil {
		return rep, err
	}
	callOff := func(cause error) (CutoverReport, error) {
		st.Phase, st.Version, st.ChangedAt = models.ReshardOpen, time.Now().UnixNano(), time.Now().UTC()
		st.Note = cause.Error()
		if len(st.Note) > 1000 {
			st.Note = st.Note[:1000]
		}
		if err := r.putState(context.WithoutCancel(ctx), &st); err != nil {
			return rep, fmt.Errorf("%w: %v; and opening the writes again failed: %v", ErrCalledOff, cause, err)
		}
		rep.Frozen = time.Since(frozenAt)
		return rep, fmt.Errorf("%w: %v", ErrCalledOff, cause)
	}
	say("frozen; waiting for every instance to finish its writes")
	n, err := r.awaitInstances(ctx, st.Version, true, opt.Alive, opt.AckWait)
	if err != nil {
		return callOff(err)
	}
	rep.Instances = n

	say("catching up the last changes")
	p, err := r.CatchUp(ctx, CatchUpOptions{})
	if err != nil {
		return callOff(err)
	}
	rep.CaughtUp = p.Rows
	say("waiting for the statistics to fold the running layout's outbox")
	if err := r.awaitStats(ctx, opt.StatsWait); err != nil {
		return callOff(err)
	}
	if since == nil {
		say("verifying every row")
	} else {
		say("verifying the rows changed since the verify before the freeze, and every tag")
	}
	if rep.Verified, err = r.Verify(ctx, VerifyOptions{Since: since}); err != nil {
		return callOff(err)
	}
	if len(rep.Verified.Diffs) > 0 {
		say("repairing %d differences", len(rep.Verified.Diffs))
		if rep.Repaired, err = r.Repair(ctx, rep.Verified.Diffs); err != nil {
			return callOff(err)
		}
		again, err := r.Verify(ctx, VerifyOptions{Since: since})
		if err != nil {
			return callOff(err)
		}
		if len(again.Diffs) > 0 {
			return callOff(fmt.Errorf("%d differences remain after the repair, e.g. %s", len(again.Diffs), again.Diffs[0]))
		}
	}

	// Switch.
	st.Phase, st.Layout, st.Gen = models.ReshardSwitched, r.to.Name(), r.from.Gen+1
	st.Version, st.ChangedAt = time.Now().UnixNano(), time.Now().UTC()
	if err := r.putState(ctx, &st); err != nil {
		return callOff(err)
	}
	rep.Layout, rep.Gen = st.Layout, st.Gen
	say("switched to %s; waiting for the instances to follow", st.Layout)
	if n, err := r.awaitInstances(ctx, st.Version, false, opt.Alive, opt.AckWait); err == nil {
		rep.Instances = n
	} else {
		say("%v", err)
	}
	if stale, err := staleInstances(ctx, r.meta, time.Now().UTC().Add(-opt.Alive)); err == nil {
		for _, in := range stale {
			rep.Stale = append(rep.Stale, in.Owner)
		}
		rep.Instances -= len(stale)
	}
	rep.Frozen = time.Since(frozenAt)
	return rep, nil
}

// ready refuses a cut-over that cannot run: one runs already, the layout
// in use is not the one copied from, the copy is not done, or a migration
// from a monolith writes to both sides.
func (r *Resharder) ready(ctx context.Context, st models.ReshardState) error {
	if st.Phase == models.ReshardFrozen {
		return models.Errorf(models.CodeConflict, "reshard: a cut-over to %s runs (since %s, by %s)", st.Target, st.ChangedAt.Format(time.RFC3339), st.ChangedBy)
	}
	if st.Layout != "" && st.Layout != r.from.Name() || st.Gen != r.from.Gen {
		return models.Errorf(models.CodeInvalidState, "reshard: the layout in use is %s (generation %d), not %s", st.Layout, st.Gen, r.from.Name())
	}
	for _, s := range r.sources() {
		if _, ok, err := r.checkpoint(ctx, r.cpName("copy", s)); err != nil {
			return err
		} else if !ok {
			return models.Errorf(models.CodeInvalidState, "reshard: %s is not copied yet: run the copy first", s.name)
		}
	}
	mig, err := migrationState(ctx, r.meta)
	if err != nil {
		return err
	}
	if mig.Mode == models.ModeDualWrite || mig.Mode == models.ModeDualWriteNewRead {
		return models.Errorf(models.CodeInvalidState, "reshard: a migration from a monolith writes to both sides (%s): finish it first", mig.Mode)
	}
	return nil
}

// awaitInstances waits until every instance seen within alive has applied
// state version (and, when frozen, says its writes are done) and returns
// how many there are.
func (r *Resharder) awaitInstances(ctx context.Context, version int64, frozen bool, alive, wait time.Duration) (int, error) {
	deadline := time.Now().Add(wait)
	for {
		rows, err := instancesSince(ctx, r.meta, time.Now().UTC().Add(-alive))
		if err != nil {
			return 0, err
		}
		var behind []string
		for _, in := range rows {
			if in.Version != version || frozen && !in.Frozen {
				behind = append(behind, in.Owner)
			}
		}
		if len(behind) == 0 {
			return len(rows), nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("instances %v did not follow within %s", behind, wait)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// awaitStats waits until the statistics have folded every event of the
// running layout's outboxes (consumers that never ran are not waited for).
func (r *Resharder) awaitStats(ctx context.Context, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		behind := ""
		for i, db := range r.from.Shards {
			for _, table := range r.from.Router.TableNames("coupon_event") {
				c, err := statsConsumer(ctx, r.meta, stats.ConsumerID(r.from.Gen, i, table))
				if err != nil {
					return err
				}
				if len(c) == 0 {
					continue
				}
				top, err := maxID(ctx, db, table)
				if err != nil {
					return err
				}
				if c[0].LastID < top {
					behind = fmt.Sprintf("db%d.%s at %d of %d", i, table, c[0].LastID, top)
				}
			}
		}
		if behind == "" {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the statistics did not fold the running layout's outbox within %s (%s)", wait, behind)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
