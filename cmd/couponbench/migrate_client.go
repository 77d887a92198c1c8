package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// migrationTask is what couponbench reads of a migration task.
type migrationTask struct {
	ID            string  `json:"id"`
	Kind          string  `json:"kind"`
	Status        string  `json:"status"` // RUNNING, DONE, FAILED, CANCELLED
	RowsPerSecond int     `json:"rowsPerSecond"`
	Done          int64   `json:"done"`
	Total         int64   `json:"total"`
	Written       int64   `json:"written"`
	Users         int64   `json:"users"`
	Differences   int64   `json:"differences"`
	Error         *string `json:"error"`
	StartedAt     string  `json:"startedAt"`
	FinishedAt    *string `json:"finishedAt"`
}

// migrationState is what couponbench reads of the migration; the poll
// reads only rowsBehind and the task.
type migrationState struct {
	Mode            string         `json:"mode"`
	Configured      bool           `json:"configured"`
	LegacyTemplates int64          `json:"legacyTemplates"`
	CopiedTemplates int64          `json:"copiedTemplates"`
	LegacyRows      int64          `json:"legacyRows"`
	CopiedThrough   int64          `json:"copiedThrough"`
	RowsBehind      int64          `json:"rowsBehind"`
	PendingRepairs  int64          `json:"pendingRepairs"`
	Blockers        []string       `json:"blockers"`
	Task            *migrationTask `json:"task"`
}

const (
	migrationTaskFields  = `id kind status rowsPerSecond done total written users differences error startedAt finishedAt`
	migrationStateQuery  = `{migration{mode configured legacyTemplates copiedTemplates legacyRows copiedThrough rowsBehind pendingRepairs blockers task{` + migrationTaskFields + `}}}`
	migrationPollQuery   = `{migration{rowsBehind task{` + migrationTaskFields + `}}}`
	startMigrationQuery  = `mutation($k:MigrationTaskKind!,$r:Int){startMigrationTask(kind:$k,rowsPerSecond:$r){task{` + migrationTaskFields + `} userErrors{code message}}}`
	cancelMigrationQuery = `mutation{cancelMigrationTask{task{` + migrationTaskFields + `} userErrors{code message}}}`
	setMigrationModeQ    = `mutation($m:MigrationMode!){setMigrationMode(mode:$m){migration{mode blockers} userErrors{code message}}}`
)

// migration reads the whole migration state (the admin session).
func (c *client) migration(ctx context.Context) (*migrationState, error) {
	return c.readMigration(ctx, migrationStateQuery)
}

// migrationPoll reads what the copy's poll needs: rowsBehind and the task.
func (c *client) migrationPoll(ctx context.Context) (*migrationState, error) {
	return c.readMigration(ctx, migrationPollQuery)
}

func (c *client) readMigration(ctx context.Context, q string) (*migrationState, error) {
	var out struct {
		M *migrationState `json:"migration"`
	}
	if err := c.call(ctx, true, q, nil, &out); err != nil {
		return nil, fmt.Errorf("migration: %w", err)
	}
	if out.M == nil {
		return nil, errors.New("migration: no answer")
	}
	return out.M, nil
}

// startMigrationTask queues a task of kind; rowsPerSecond is sent for COPY
// only (0: no limit).
func (c *client) startMigrationTask(ctx context.Context, kind string, rowsPerSecond int) (*migrationTask, error) {
	vars := map[string]any{"k": kind}
	if kind == "COPY" {
		vars["r"] = rowsPerSecond
	}
	var out struct {
		P struct {
			Task       *migrationTask `json:"task"`
			UserErrors []userError    `json:"userErrors"`
		} `json:"startMigrationTask"`
	}
	if err := c.call(ctx, true, startMigrationQuery, vars, &out); err != nil {
		return nil, fmt.Errorf("startMigrationTask(%s): %w", kind, err)
	}
	if err := userErrorsErr("startMigrationTask("+kind+")", out.P.UserErrors); err != nil {
		return nil, err
	}
	if out.P.Task == nil {
		return nil, fmt.Errorf("startMigrationTask(%s): no task", kind)
	}
	return out.P.Task, nil
}

// cancelMigrationTask asks the running task to stop. running is false when
// no task was running (the NOT_FOUND refusal).
func (c *client) cancelMigrationTask(ctx context.Context) (task *migrationTask, running bool, err error) {
	var out struct {
		P struct {
			Task       *migrationTask `json:"task"`
			UserErrors []userError    `json:"userErrors"`
		} `json:"cancelMigrationTask"`
	}
	if err := c.call(ctx, true, cancelMigrationQuery, nil, &out); err != nil {
		return nil, false, fmt.Errorf("cancelMigrationTask: %w", err)
	}
	if len(out.P.UserErrors) == 1 && out.P.UserErrors[0].Code == "NOT_FOUND" {
		return nil, false, nil
	}
	if err := userErrorsErr("cancelMigrationTask", out.P.UserErrors); err != nil {
		return nil, false, err
	}
	return out.P.Task, true, nil
}

// setMigrationMode moves the migration to mode; a refusal is an error.
func (c *client) setMigrationMode(ctx context.Context, mode string) error {
	var out struct {
		P struct {
			Migration *struct {
				Mode     string   `json:"mode"`
				Blockers []string `json:"blockers"`
			} `json:"migration"`
			UserErrors []userError `json:"userErrors"`
		} `json:"setMigrationMode"`
	}
	if err := c.call(ctx, true, setMigrationModeQ, map[string]any{"m": mode}, &out); err != nil {
		return fmt.Errorf("setMigrationMode(%s): %w", mode, err)
	}
	if err := userErrorsErr("setMigrationMode("+mode+")", out.P.UserErrors); err != nil {
		return err
	}
	if out.P.Migration == nil || out.P.Migration.Mode != mode {
		return fmt.Errorf("setMigrationMode(%s): the migration answered %+v", mode, out.P.Migration)
	}
	return nil
}

// taskWait is how a task ended, as polled.
type taskWait struct {
	Task  *migrationTask  // the task as last read
	State *migrationState // the poll that saw it end
	End   time.Time       // when it ended: the poll that saw it, or its finishedAt when that falls after the poll before
	Polls int64
	// PollTime is the time the polls took, answered or not.
	PollTime time.Duration
}

// meanPollMs is the mean time of a poll, in ms.
func (w *taskWait) meanPollMs() float64 {
	if w.Polls == 0 {
		return 0
	}
	return ms(w.PollTime) / float64(w.Polls)
}

// waitMigrationTask polls migration{task rowsBehind} every period until the
// task id is no longer RUNNING, ctx ends or limit passes. progress, when
// set, is called with every poll's state. A poll answering another task
// (one started after it) ends the wait with an error.
func (c *client) waitMigrationTask(ctx context.Context, id string, period, limit time.Duration, progress func(*migrationState)) (*taskWait, error) {
	w := &taskWait{}
	start := time.Now()
	prev := start // the last poll that saw the task running
	var pollErrors int
	for {
		select {
		case <-ctx.Done():
			return w, ctx.Err()
		case <-time.After(period):
		}
		t0 := time.Now()
		st, err := c.migrationPoll(ctx)
		now := time.Now()
		w.Polls++
		w.PollTime += now.Sub(t0)
		if err != nil {
			if pollErrors++; pollErrors >= 40 {
				return w, fmt.Errorf("polling the migration: %d errors in a row, last: %w", pollErrors, err)
			}
			continue
		}
		pollErrors = 0
		if st.Task == nil || st.Task.ID != id {
			return w, fmt.Errorf("migration task %s: the migration answers task %+v", id, st.Task)
		}
		w.Task, w.State = st.Task, st
		if progress != nil {
			progress(st)
		}
		if st.Task.Status != "RUNNING" {
			w.End = endTime(st.Task.FinishedAt, prev, now)
			return w, nil
		}
		prev = now
		if now.Sub(start) > limit {
			return w, fmt.Errorf("migration task %s (%s) still RUNNING after %s: done %d of %d", id, st.Task.Kind,
				now.Sub(start).Round(time.Second), st.Task.Done, st.Task.Total)
		}
	}
}

// endTime is when a task ended: its finishedAt when that is on this clock
// between the last poll that saw it running and the one that saw it end,
// else the time of the latter.
func endTime(finishedAt *string, prevPoll, seen time.Time) time.Time {
	if f, err := time.Parse(time.RFC3339Nano, deref(finishedAt)); err == nil && f.After(prevPoll) && f.Before(seen) {
		return f
	}
	return seen
}

// verifyDiffs reads the first n differences of the last finished verify,
// one line each.
func (c *client) verifyDiffs(ctx context.Context, n int) ([]string, error) {
	var out struct {
		M struct {
			LastVerify *struct {
				Diffs struct {
					Edges []struct {
						Node struct {
							Kind     string  `json:"kind"`
							UserID   *string `json:"userId"`
							CouponID string  `json:"couponId"`
							LegacyID *string `json:"legacyId"`
							Legacy   string  `json:"legacy"`
							Coupond  string  `json:"coupond"`
						} `json:"node"`
					} `json:"edges"`
				} `json:"diffs"`
			} `json:"lastVerify"`
		} `json:"migration"`
	}
	q := `query($n:Int){migration{lastVerify{diffs(first:$n){edges{node{kind userId couponId legacyId legacy coupond}}}}}}`
	if err := c.call(ctx, true, q, map[string]any{"n": n}, &out); err != nil {
		return nil, fmt.Errorf("migration diffs: %w", err)
	}
	if out.M.LastVerify == nil {
		return nil, errors.New("migration: no lastVerify")
	}
	var lines []string
	for _, e := range out.M.LastVerify.Diffs.Edges {
		d := e.Node
		lines = append(lines, fmt.Sprintf("%s user %s coupon %s legacy id %s: monolith %q, coupond %q", d.Kind, deref(d.UserID), d.CouponID, deref(d.LegacyID), d.Legacy, d.Coupond))
	}
	return lines, nil
}
