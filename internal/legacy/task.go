package legacy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/coupond/coupond/internal/loop"
	"github.com/coupond/coupond/models"
)

// A migration step runs as a task: a row in the meta database that one
// instance at a time holds a lease on and reports progress to. The console
// and the API start tasks (StartTask); every instance with the monolith's
// database runs TaskLoop, which takes a task nobody holds, so a task whose
// instance died is taken over when its lease runs out (the copy resumes at
// its checkpoint; the other steps start over, which is harmless). `coupond
// migrate` runs a task in its own process (RunTask).

const taskLease = 10 * time.Second

// TaskOptions say how to run a task.
type TaskOptions struct {
	Kind      string // STATIC_COPY, COPY, VERIFY, REPAIR
	RateLimit int    // COPY: rows per second, 0 unlimited
	By        string // who asked (audit)
}

// StartTask queues a migration step; an instance's TaskLoop runs it within
// a second. Returns INVALID_INPUT for an unknown kind or a negative rate,
// CONFLICT while another task runs, UNAVAILABLE without the monolith's
// database here, and the step's own refusal (the copy before DUAL_WRITE).
func (mg *Migrator) StartTask(ctx context.Context, o TaskOptions) (*models.MigrationTask, error) {
	t, err := mg.newTask(ctx, o, "")
	if err != nil {
		return nil, err
	}
	return t, nil
}

// RunTask runs a migration step in this process, holding its task's lease,
// and returns the task as it ended. progress, when set, sees the task
// after every update.
func (mg *Migrator) RunTask(ctx context.Context, o TaskOptions, progress func(*models.MigrationTask)) (*models.MigrationTask, error) {
	// A task of the same kind whose process died is taken over once its
	// lease runs out (waiting for that, as a process would after a kill):
	// the copy resumes at its checkpoint. One renewed meanwhile is alive.
	t := mg.leaseTask(ctx, o.Kind)
	for deadline := time.Now().Add(taskLease + time.Second); t == nil && time.Now().Before(deadline) && mg.running(ctx, o.Kind); {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
		t = mg.leaseTask(ctx, o.Kind)
	}
	if t == nil {
		var err error
		if t, err = mg.newTask(ctx, o, mg.owner); err != nil {
			return nil, err
		}
	}
	mg.run(ctx, t, progress)
	return mg.Task(context.WithoutCancel(ctx), t.ID)
}

func (mg *Migrator) newTask(ctx context.Context, o TaskOptions, owner string) (*models.MigrationTask, error) {
	switch o.Kind {
	case models.TaskStaticCopy, models.TaskCopy, models.TaskVerify, models.TaskRepair:
	default:
		return nil, models.FieldError(models.CodeInvalidInput, []string{"kind"}, "unknown task %q", o.Kind)
	}
	if o.RateLimit < 0 {
		return nil, models.FieldError(models.CodeInvalidInput, []string{"rowsPerSecond"}, "rowsPerSecond must not be negative")
	}
	if mg.legacy == nil {
		return nil, errUnconfigured
	}
	if err := mg.Load(ctx); err != nil {
		return nil, err
	}
	if o.Kind == models.TaskCopy && mg.Mode() == models.ModeLegacyOnly {
		return nil, ErrCopyTooEarly
	}
	now := mg.now()
	t := &models.MigrationTask{Kind: o.Kind, Status: models.TaskRunning, Mode: mg.Mode(), RateLimit: o.RateLimit, By: o.By,
		Owner: owner, StartedAt: now, UpdatedAt: now}
	if owner != "" {
		until := now.Add(taskLease)
		t.LeaseUntil = &until
	}
	// One task at a time.
	var running []models.MigrationTask
	if err := mg.meta(ctx).Where("status = ?", models.TaskRunning).Limit(1).Find(&running).Error; err != nil {
		return nil, err
	}
	if len(running) > 0 {
		r := running[0]
		return nil, models.Errorf(models.CodeConflict, "migration task %d (%s) is running (on %q): wait for it or cancel it; "+
			"if its process died, an instance takes it over when its lease runs out (%s), or `coupond migrate` does", r.ID, r.Kind, r.Owner, taskLease)
	}
	if err := mg.meta(ctx).Create(t).Error; err != nil {
		return nil, err
	}
	return t, nil
}

// Task reads a task. Returns NOT_FOUND.
func (mg *Migrator) Task(ctx context.Context, id uint64) (*models.MigrationTask, error) {
	var ts []models.MigrationTask
	if err := mg.meta(ctx).Where("id = ?", id).Limit(1).Find(&ts).Error; err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, models.Errorf(models.CodeNotFound, "migration task %d not found", id)
	}
	return &ts[0], nil
}

// CancelTask asks the running task to stop; it stops at its next batch.
// Returns NOT_FOUND when none runs.
func (mg *Migrator) CancelTask(ctx context.Context) (*models.MigrationTask, error) {
	t, err := mg.lastTask(ctx, "")
	if err != nil {
		return nil, err
	}
	if t == nil || t.Status != models.TaskRunning {
		return nil, models.Errorf(models.CodeNotFound, "no migration task is running")
	}
	if err := mg.meta(ctx).Model(&models.MigrationTask{}).Where("id = ?", t.ID).Update("cancel", true).Error; err != nil {
		return nil, err
	}
	t.Cancel = true
	return t, nil
}

// Diffs lists a verify task's differences (at most limit, after the
// difference id after).
func (mg *Migrator) Diffs(ctx context.Context, taskID uint64, after uint64, limit int) ([]models.MigrationDiff, error) {
	var out []models.MigrationDiff
	err := mg.meta(ctx).Where("task_id = ? AND id > ?", taskID, after).Order("id").Limit(limit).Find(&out).Error
	return out, err
}

// TaskLoop takes and runs queued or abandoned tasks until ctx ends.
func (mg *Migrator) TaskLoop(ctx context.Context) {
	if mg.legacy == nil {
		return
	}
	loop.Every(ctx, time.Second, func(ctx context.Context) {
		if task := mg.leaseTask(ctx, ""); task != nil {
			mg.run(ctx, task, nil)
		}
	})
}

// running reports whether a task of kind is running.
func (mg *Migrator) running(ctx context.Context, kind string) bool {
	var n int64
	err := mg.meta(ctx).Model(&models.MigrationTask{}).Where("status = ? AND kind = ?", models.TaskRunning, kind).Count(&n).Error
	return err == nil && n > 0
}

// leaseTask takes a running task (of kind, when not empty) that nobody
// holds, or returns nil.
func (mg *Migrator) leaseTask(ctx context.Context, kind string) *models.MigrationTask {
	now := mg.now()
	var ts []models.MigrationTask
	q := mg.meta(ctx).Where("status = ? AND (lease_until IS NULL OR lease_until < ?)", models.TaskRunning, now)
	if kind != "" {
		q = q.Where("kind = ?", kind)
	}
	if err := q.Order("id").Limit(1).Find(&ts).Error; err != nil || len(ts) == 0 {
		return nil
	}
	t := ts[0]
	until := now.Add(taskLease)
	res := mg.meta(ctx).Model(&models.MigrationTask{}).Where("id = ? AND status = ? AND (lease_until IS NULL OR lease_until < ?)",
		t.ID, models.TaskRunning, now).Updates(map[string]any{"owner": mg.owner, "lease_until": until})
	if res.Error != nil || res.RowsAffected == 0 {
		return nil
	}
	t.Owner, t.LeaseUntil = mg.owner, &until
	return &t
}

var errCancelled = errors.New("cancelled")

// run runs a leased task to its end, reporting progress (and renewing the
// lease) at most every half second and at the end.
func (mg *Migrator) run(ctx context.Context, t *models.MigrationTask, progress func(*models.MigrationTask)) {
	last := time.Time{}
	var lost bool
	update := func(force bool) error {
		if !force && time.Since(last) < 500*time.Millisecond {
			return nil
		}
		last = time.Now()
		now := mg.now()
		until := now.Add(taskLease)
		res := mg.meta(context.WithoutCancel(ctx)).Model(&models.MigrationTask{}).Where("id = ? AND owner = ? AND status = ?", t.ID, t.Owner, models.TaskRunning).
			Updates(map[string]any{"done": t.Done, "total": t.Total, "written": t.Written, "users": t.Users, "diffs": t.Diffs,
				"updated_at": now, "lease_until": until})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			lost = true
			return errors.New("legacy: the task's lease was lost")
		}
		if progress != nil {
			progress(t)
		}
		var cancel []bool
		if err := mg.meta(ctx).Model(&models.MigrationTask{}).Where("id = ?", t.ID).Pluck("cancel", &cancel).Error; err == nil && len(cancel) == 1 && cancel[0] {
			return errCancelled
		}
		return nil
	}
	err := mg.step(ctx, t, update)
	if lost {
		return
	}
	status, msg := models.TaskDone, ""
	switch {
	case errors.Is(err, errCancelled):
		status = models.TaskCancelled
	case err != nil && ctx.Err() != nil:
		// This instance is stopping: leave the task to be taken over.
		_ = mg.meta(context.WithoutCancel(ctx)).Model(&models.MigrationTask{}).Where("id = ? AND owner = ?", t.ID, t.Owner).
			Updates(map[string]any{"lease_until": nil, "owner": ""}).Error
		return
	case err != nil:
		status, msg = models.TaskFailed, truncate(err.Error(), 2000)
		slog.ErrorContext(ctx, "migration task failed", "task", t.ID, "kind", t.Kind, "err", err)
	}
	now := mg.now()
	t.Status, t.Error, t.FinishedAt = status, msg, &now
	_ = mg.meta(context.WithoutCancel(ctx)).Model(&models.MigrationTask{}).Where("id = ? AND owner = ?", t.ID, t.Owner).
		Updates(map[string]any{"status": status, "error": msg, "finished_at": now, "done": t.Done, "total": t.Total, "written": t.Written,
			"users": t.Users, "diffs": t.Diffs, "updated_at": now, "lease_until": nil}).Error
	if progress != nil {
		progress(t)
	}
}

// step runs a task's work; update reports progress and says when to stop.
func (mg *Migrator) step(ctx context.Context, t *models.MigrationTask, update func(bool) error) error {
	if err := mg.Load(ctx); err != nil {
		return err
	}
	switch t.Kind {
	case models.TaskStaticCopy:
		res, err := mg.Static(ctx)
		t.Total, t.Done, t.Written = int64(res.Templates), int64(res.Created+res.Existing), int64(res.Created)
		return err
	case models.TaskCopy:
		st, err := mg.Status(ctx)
		if err != nil {
			return err
		}
		t.Total = st.Checkpoint.Read + st.Behind
		t.Done = st.Checkpoint.Read
		var stepErr error
		_, err = mg.Copy(ctx, CopyOptions{Rate: float64(t.RateLimit), Progress: func(p CopyProgress) {
			t.Done, t.Written = st.Checkpoint.Read+p.Read, p.Inserted
			if stepErr == nil {
				stepErr = update(false)
			}
		}, Stop: func() error { return stepErr }})
		if stepErr != nil {
			return stepErr
		}
		return err
	case models.TaskVerify:
		if st, err := mg.Status(ctx); err == nil {
			t.Total = st.LegacyRows
		}
		var stepErr error
		_, err := mg.Verify(ctx, VerifyOptions{
			Progress: func(p VerifyProgress) {
				t.Users, t.Done, t.Written = p.Users, p.LegacyRows, p.CoupondRows
				if stepErr == nil {
					stepErr = update(false)
				}
			},
			Report: func(d models.MigrationDiff) error {
				t.Diffs++
				if t.Diffs > maxStoredDiffs {
					return stepErr
				}
				d.TaskID = t.ID
				if err := mg.meta(ctx).Create(&d).Error; err != nil {
					return err
				}
				return stepErr
			},
		})
		if err == nil {
			err = stepErr
		}
		return err
	case models.TaskRepair:
		v, err := mg.lastTask(ctx, models.TaskVerify)
		if err != nil {
			return err
		}
		repaired, err := mg.RunRepairs(ctx, 100000)
		t.Written = int64(repaired)
		if err != nil {
			return fmt.Errorf("legacy: the repair log: %w", err)
		}
		if v == nil {
			return nil
		}
		var total int64
		if err := mg.meta(ctx).Model(&models.MigrationDiff{}).Where("task_id = ? AND repaired_at IS NULL", v.ID).Count(&total).Error; err != nil {
			return err
		}
		t.Total = total
		var stepErr error
		n, err := mg.RepairDiffs(ctx, v.ID, func(done int64) {
			t.Done = done
			if stepErr == nil {
				stepErr = update(false)
			}
		})
		t.Done, t.Written = n, t.Written+n
		if err == nil {
			err = stepErr
		}
		return err
	}
	return fmt.Errorf("legacy: unknown task %q", t.Kind)
}

// maxStoredDiffs bounds the differences one verify stores (it counts them
// all).
const maxStoredDiffs = 10000
