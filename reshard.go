package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/coupond/coupond/internal/config"
	"github.com/coupond/coupond/internal/reshard"
	"github.com/coupond/coupond/internal/store"
)

const reshardUsage = `usage: coupond reshard [coupond flags] STEP [step flags]

Steps of moving the user shards to a larger layout while the service runs
(docs/resharding.md). The running layout comes from the usual settings
(COUPOND_META_DSN, COUPOND_SHARD_DSNS, COUPOND_TABLES_PER_SHARD, or COUPOND_SHARDS on
the embedded store); the new one from COUPOND_RESHARD_TABLES with
COUPOND_RESHARD_SHARD_DSNS (MySQL) or COUPOND_RESHARD_SHARDS (embedded).
Every instance must have the COUPOND_RESHARD_* settings before the cut-over.

  plan                 which new tables take the rows of each running table
  status               the copy and catch-up of each table, the instances
  copy [-rate N]       copy every user coupon and tag (N rows/s at most); kill
                       it and run it again to resume
  catchup [-follow]    apply the changes made since the copy (-follow: keep on
                       until interrupted)
  verify [-repair]     compare both layouts row by row (-repair: set right what
                       differs); while the service writes, recent changes show
  cutover [-full-verify]
                       verify, freeze the shard writes, catch up, verify what
                       changed (-full-verify: everything), switch every instance
                       to the new layout and open the writes again
`

// reshardMain runs `coupond reshard ...` and returns the exit status.
func reshardMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	pre, step, rest, ok := splitStep(args)
	if !ok {
		fmt.Fprint(stderr, reshardUsage)
		return 2
	}
	cfg, err := config.Parse(pre, os.Getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "coupond reshard:", err)
		return 2
	}
	cfg.ApplyDefaults()
	fs := flag.NewFlagSet("coupond reshard "+step, flag.ContinueOnError)
	fs.SetOutput(stderr)
	rate := fs.Int("rate", 0, "copy: the most rows per second (0: no limit)")
	follow := fs.Bool("follow", false, "catchup: keep on until interrupted")
	repair := fs.Bool("repair", false, "verify: set right what differs")
	fullVerify := fs.Bool("full-verify", false, "cutover: compare every row while frozen (by default: the rows changed since a full verify run just before the freeze, and every tag)")
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "coupond reshard:", err)
		return 1
	}
	target, ok := reshardConfig(cfg)
	if !ok {
		return fail(fmt.Errorf("no new layout: set COUPOND_RESHARD_TABLES and COUPOND_RESHARD_SHARD_DSNS or COUPOND_RESHARD_SHARDS"))
	}
	st, err := store.Open(ctx, storeConfig(cfg))
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return fail(err)
	}
	r, to, err := reshard.Open(ctx, st, target)
	if err != nil {
		return fail(err)
	}
	defer to.Close()
	start := time.Now()
	switch step {
	case "plan":
		p := r.Plan()
		fmt.Fprintf(stdout, "%s -> %s (rows keep their ids)\n", p.From, p.To)
		for _, t := range p.Tables {
			fmt.Fprintf(stdout, "  %s -> %v\n", t.From, t.To)
		}
	case "status":
		s, err := r.Status(ctx)
		if err != nil {
			return fail(err)
		}
		printReshardStatus(stdout, &s)
	case "copy":
		p, err := r.Copy(ctx, reshard.CopyOptions{Rate: *rate})
		fmt.Fprintf(stdout, "copied %d user coupons and %d tags in %s (%.0f rows/s)\n", p.Rows, p.Tags, since(start), float64(p.Rows)/time.Since(start).Seconds())
		if err != nil {
			return fail(err)
		}
	case "catchup":
		for {
			p, err := r.CatchUp(ctx, reshard.CatchUpOptions{})
			if err != nil {
				return fail(err)
			}
			fmt.Fprintf(stdout, "%s caught up %d changed rows\n", time.Now().Format(time.TimeOnly), p.Rows)
			if !*follow {
				break
			}
			select {
			case <-ctx.Done():
				return 0
			case <-time.After(time.Second):
			}
		}
	case "verify":
		rep, err := r.Verify(ctx, reshard.VerifyOptions{})
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "compared %d user coupons and %d tags in %s: %d differences\n", rep.Rows, rep.Tags, since(start), len(rep.Diffs))
		for i, d := range rep.Diffs {
			if i == 20 {
				fmt.Fprintf(stdout, "  ... %d in all\n", len(rep.Diffs))
				break
			}
			fmt.Fprintln(stdout, " ", d)
		}
		if len(rep.Diffs) > 0 && *repair {
			n, err := r.Repair(ctx, rep.Diffs)
			if err != nil {
				return fail(err)
			}
			fmt.Fprintf(stdout, "set right %d differences\n", n)
			return 0
		}
		if len(rep.Diffs) > 0 {
			return 1
		}
	case "cutover":
		host, _ := os.Hostname()
		rep, err := r.Cutover(ctx, reshard.CutoverOptions{By: fmt.Sprintf("cli:%s@%s", os.Getenv("USER"), host), FullVerify: *fullVerify,
			Progress: func(s string) { fmt.Fprintf(stderr, "%s %s\n", time.Now().Format(time.TimeOnly), s) }})
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "in use: %s (generation %d); writes were frozen for %s; %d instances switched; "+
			"before the freeze verified %d user coupons (%d differences set right); while frozen caught up %d rows, verified %d user coupons and %d tags, set right %d differences\n",
			rep.Layout, rep.Gen, rep.Frozen.Round(time.Millisecond), rep.Instances, rep.Before.Rows, len(rep.Before.Diffs),
			rep.CaughtUp, rep.Verified.Rows, rep.Verified.Tags, rep.Repaired)
		if len(rep.Stale) > 0 {
			fmt.Fprintf(stdout, "instances that could not switch (they were not given the new layout; restart them with it): %v\n", rep.Stale)
		}
		if cfg.MetaDSN != "" {
			fmt.Fprintln(stdout, "next: at the next deploy, make the new layout the shards in every instance's settings (COUPOND_SHARD_DSNS, COUPOND_TABLES_PER_SHARD) and drop COUPOND_RESHARD_*")
		} else {
			fmt.Fprintln(stdout, "next: keep COUPOND_RESHARD_* in the settings: the new layout's files are under the data directory's reshard-* folder")
		}
	default:
		fmt.Fprintf(stderr, "coupond reshard: unknown step %q\n\n%s", step, reshardUsage)
		return 2
	}
	return 0
}

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }

func printReshardStatus(w io.Writer, s *reshard.Status) {
	fmt.Fprintf(w, "layout in use:   %s", s.From)
	if s.State.Gen > 0 {
		fmt.Fprintf(w, " (generation %d)", s.State.Gen)
	}
	fmt.Fprintf(w, "\nnew layout:      %s\nphase:           %s", s.To, s.State.Phase)
	if s.State.Version > 0 {
		fmt.Fprintf(w, " (since %s, by %s)", s.State.ChangedAt.Format(time.RFC3339), s.State.ChangedBy)
	}
	fmt.Fprintln(w)
	if s.State.Note != "" {
		fmt.Fprintf(w, "last cut-over:   called off: %s\n", s.State.Note)
	}
	for _, t := range s.Tables {
		fmt.Fprintf(w, "  %s: copied %d rows through id %d of %d; caught up through event %d of %d\n", t.Table, t.Copied, t.CopiedTo, t.LastID, t.Events, t.LastEvent)
	}
	for _, in := range s.Instances {
		state := "open"
		switch {
		case in.Stale:
			state = "stale (restart it on the layout in use)"
		case in.Frozen:
			state = "frozen"
		}
		fmt.Fprintf(w, "instance %s: %s generation %d, %s, seen %s\n", in.Owner, in.Layout, in.Gen, state, in.SeenAt.Format(time.RFC3339))
	}
}

// splitStep splits `[coupond flags] STEP [step flags]`: coupond's flags come
// before the step ("-flag value" or "-flag=value").
func splitStep(args []string) (pre []string, step string, rest []string, ok bool) {
	i := 0
	for i < len(args) && len(args[i]) > 1 && args[i][0] == '-' {
		a := args[i]
		if !strings.Contains(a, "=") && !isBoolFlag(a) && i+1 < len(args) {
			pre, i = append(pre, a+"="+args[i+1]), i+2
			continue
		}
		pre, i = append(pre, a), i+1
	}
	if i == len(args) {
		return nil, "", nil, false
	}
	return pre, args[i], args[i+1:], true
}
