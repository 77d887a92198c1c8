package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/coupond/coupond/internal/config"
	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/internal/reshard"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

const migrateUsage = `usage: coupond migrate [coupond flags] STEP [step flags]

Steps of a migration from a monolith's coupon tables (docs/migration.md).
The databases come from the usual settings
(COUPOND_META_DSN, COUPOND_SHARD_DSNS, COUPOND_LEGACY_DSN,
COUPOND_LEGACY_MAPPING, or their flags before STEP).

  status               where the migration is, and what blocks the next mode
  static               copy the coupon templates and their stock
  copy [-rate N]       copy the user coupons from the checkpoint on (N rows/s at most)
  verify               compare both sides user by user, and the stock
  repair               work the repair log, then set right the last verify's differences
  mode MODE            move to MODE (LEGACY_ONLY, DUAL_WRITE, DUAL_WRITE_NEW_READ, NEW_ONLY)
  schema               print the default layout of the monolith's tables and its mapping
  sample [-users N] [-per-user N] DSN
                       make a sample monolith to try a migration on: the default
                       layout's tables with 3 templates and N users' coupons, in the
                       database DSN (sqlite:PATH, or a MySQL DSN of an empty database)

A step runs here, as a task the console shows; kill it and run it again to
resume (the copy from its checkpoint).
`

// migrateMain runs `coupond migrate ...` and returns the exit status.
func migrateMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	pre, step, rest, ok := splitStep(args)
	if !ok {
		fmt.Fprint(stderr, migrateUsage)
		return 2
	}
	if step == "schema" {
		b, _ := json.MarshalIndent(legacy.DefaultMapping(), "", "  ")
		fmt.Fprintf(stdout, "-- the monolith's tables as the default mapping reads them\n%s\n\n-- the default mapping (COUPOND_LEGACY_MAPPING takes a file like it)\n%s\n", legacy.LegacySchema, b)
		return 0
	}
	if step == "sample" {
		return migrateSample(ctx, rest, stdout, stderr)
	}
	cfg, err := config.Parse(pre, os.Getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "coupond migrate:", err)
		return 2
	}
	cfg.ApplyDefaults()
	fs := flag.NewFlagSet("coupond migrate "+step, flag.ContinueOnError)
	fs.SetOutput(stderr)
	rate := fs.Int("rate", 0, "copy: the most rows per second (0: no limit)")
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	st, err := store.Open(ctx, storeConfig(cfg))
	if err != nil {
		fmt.Fprintln(stderr, "coupond migrate:", err)
		return 1
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		fmt.Fprintln(stderr, "coupond migrate:", err)
		return 1
	}
	closeTarget, err := adoptLayout(ctx, cfg, st)
	if err != nil {
		fmt.Fprintln(stderr, "coupond migrate:", err)
		return 1
	}
	defer closeTarget()
	host, _ := os.Hostname()
	mg, err := openMigration(ctx, cfg, st, fmt.Sprintf("%s-%d-cli", host, os.Getpid()))
	if err != nil {
		fmt.Fprintln(stderr, "coupond migrate:", err)
		return 1
	}
	defer mg.Close()
	by := "cli:" + os.Getenv("USER")
	switch step {
	case "status":
		s, err := mg.Status(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "coupond migrate:", err)
			return 1
		}
		printStatus(stdout, &s)
		return 0
	case "mode":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "coupond migrate mode: name the mode: LEGACY_ONLY, DUAL_WRITE, DUAL_WRITE_NEW_READ or NEW_ONLY")
			return 2
		}
		next, err := mg.SetMode(ctx, models.MigrationMode(strings.ToUpper(fs.Arg(0))), by)
		if err != nil {
			fmt.Fprintln(stderr, "coupond migrate:", err)
			return 1
		}
		fmt.Fprintf(stdout, "mode %s (version %d); every instance follows within %s\n", next.Mode, next.Version, legacy.WatchInterval*2)
		return 0
	}
	kind := map[string]string{"static": models.TaskStaticCopy, "copy": models.TaskCopy, "verify": models.TaskVerify, "repair": models.TaskRepair}[step]
	if kind == "" {
		fmt.Fprintf(stderr, "coupond migrate: unknown step %q\n\n%s", step, migrateUsage)
		return 2
	}
	start := time.Now()
	t, err := mg.RunTask(ctx, legacy.TaskOptions{Kind: kind, RateLimit: *rate, By: by}, func(t *models.MigrationTask) {
		fmt.Fprintf(stderr, "\r%s: %s", strings.ToLower(t.Kind), taskLine(t, time.Since(start)))
	})
	fmt.Fprintln(stderr)
	if err != nil {
		fmt.Fprintln(stderr, "coupond migrate:", err)
		return 1
	}
	fmt.Fprintf(stdout, "task %d %s %s: %s\n", t.ID, t.Kind, t.Status, taskLine(t, time.Since(start)))
	if t.Error != "" {
		fmt.Fprintln(stdout, "error:", t.Error)
	}
	if t.Kind == models.TaskVerify && t.Diffs > 0 {
		diffs, _ := mg.Diffs(ctx, t.ID, 0, 20)
		for _, d := range diffs {
			fmt.Fprintf(stdout, "  %s user %q coupon %d: monolith [%s] coupond [%s]\n", d.Kind, d.UserID, d.CouponID, d.Legacy, d.Coupond)
		}
		if t.Diffs > int64(len(diffs)) {
			fmt.Fprintf(stdout, "  ... %d in all (the console lists them)\n", t.Diffs)
		}
	}
	if t.Status != models.TaskDone {
		return 1
	}
	return 0
}

func isBoolFlag(a string) bool {
	name := strings.TrimLeft(a, "-")
	for _, s := range config.Settings() {
		if s.Flag == name && (s.Default == "true" || s.Default == "false") {
			return true
		}
	}
	return false
}

func taskLine(t *models.MigrationTask, took time.Duration) string {
	s := fmt.Sprintf("%d", t.Done)
	if t.Total > 0 {
		s += fmt.Sprintf(" of %d", t.Total)
	}
	switch t.Kind {
	case models.TaskCopy:
		s += fmt.Sprintf(" rows read, %d written", t.Written)
	case models.TaskVerify:
		s += fmt.Sprintf(" rows, %d users, %d differences", t.Users, t.Diffs)
	case models.TaskRepair:
		s += fmt.Sprintf(" differences set right, %d writes in all", t.Written)
	case models.TaskStaticCopy:
		s += fmt.Sprintf(" templates, %d copied now", t.Written)
	}
	if secs := took.Seconds(); secs > 0 && t.Done > 0 {
		s += fmt.Sprintf(", %.0f/s", float64(t.Done)/secs)
	}
	return s
}

func printStatus(w io.Writer, s *legacy.Status) {
	fmt.Fprintf(w, "mode:            %s", s.State.Mode)
	if s.State.Version > 0 {
		fmt.Fprintf(w, " (since %s, by %s)", s.State.ChangedAt.Format(time.RFC3339), s.State.ChangedBy)
	}
	fmt.Fprintln(w)
	if !s.Configured {
		fmt.Fprintln(w, "legacy database: not configured here (COUPOND_LEGACY_DSN)")
	}
	fmt.Fprintf(w, "templates:       %d copied of %d\n", s.CopiedTemplates, s.Templates)
	fmt.Fprintf(w, "user coupons:    %d in the monolith; copied through id %d, %d after it\n", s.LegacyRows, s.Checkpoint.LastID, s.Behind)
	fmt.Fprintf(w, "repair log:      %d waiting\n", s.PendingRepairs)
	if v := s.LastVerify; v != nil {
		fmt.Fprintf(w, "last verify:     task %d %s at %s: %d users, %d differences\n", v.ID, v.Status, v.StartedAt.Format(time.RFC3339), v.Users, v.Diffs)
	}
	if t := s.Task; t != nil && t.Status == models.TaskRunning {
		fmt.Fprintf(w, "running:         task %d %s, %s\n", t.ID, t.Kind, taskLine(t, time.Since(t.StartedAt)))
	}
	if i := s.State.Mode.Step() + 1; i < len(models.MigrationModes) {
		if len(s.Blockers) == 0 {
			fmt.Fprintf(w, "next:            %s can be entered\n", models.MigrationModes[i])
		} else {
			fmt.Fprintf(w, "next:            %s is blocked: %s\n", models.MigrationModes[i], strings.Join(s.Blockers, "; "))
		}
	}
}

// migrateSample runs `coupond migrate sample`.
func migrateSample(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("coupond migrate sample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	users := fs.Int("users", 1000, "users of the monolith")
	perUser := fs.Int("per-user", 5, "coupons each user holds")
	stock := fs.Int("stock", 100000, "stock left of each template")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || *users < 0 || *perUser < 0 || *stock < 0 {
		fmt.Fprintln(stderr, "usage: coupond migrate sample [-users N] [-per-user N] [-stock N] DSN   (sqlite:PATH, or a MySQL DSN)")
		return 2
	}
	db, err := legacy.OpenLegacy(ctx, fs.Arg(0))
	if err == nil {
		err = legacy.CreateSchema(ctx, db)
	}
	n := 0
	if err == nil {
		n, err = legacy.Sample(ctx, db, legacy.SampleOptions{Users: *users, PerUser: *perUser, Remaining: *stock, Templates: true})
	}
	if err != nil {
		fmt.Fprintln(stderr, "coupond migrate sample:", err)
		return 1
	}
	fmt.Fprintf(stdout, "a sample monolith: %d templates, %d user coupons of %d users\n", legacy.SampleTemplates, n, *users)
	return 0
}

// adoptLayout puts in use, in a command's store, the shard layout the
// running service uses (a resharding may have moved it to the layout of
// the COUPOND_RESHARD_* settings); the returned func closes what it opened.
func adoptLayout(ctx context.Context, cfg *config.Config, st *store.Store) (func(), error) {
	var target *store.Store
	if sc, ok := reshardConfig(cfg); ok {
		t, err := store.OpenShards(ctx, sc)
		if err != nil {
			return nil, err
		}
		target = t
	}
	first := st.Layout()
	done := func() {
		first.Close()
		if target != nil {
			target.Close()
		}
	}
	if err := reshard.NewFollower(st, target, "", nil).Adopt(ctx); err != nil {
		done()
		return nil, err
	}
	return done, nil
}
