package legacy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/coupond/coupond/models"
)

// Status is where the migration is, for the console and `coupond migrate
// status`.
type Status struct {
	State           models.MigrationState
	Configured      bool  // this instance has the monolith's database
	Templates       int64 // the monolith's coupon templates
	CopiedTemplates int64 // of them copied to coupond
	LegacyRows      int64 // the monolith's user coupons
	MaxLegacyID     int64
	Checkpoint      models.MigrationCheckpoint // the dynamic copy's
	Behind          int64                      // the monolith's rows after the checkpoint
	PendingRepairs  int64
	Task            *models.MigrationTask // running, or the last one
	LastVerify      *models.MigrationTask // the last finished verify
	Blockers        []string              // why the next mode cannot be taken now
}

// Status reads where the migration is. Without the monolith's database it
// reports the mode and coupond's side only.
func (mg *Migrator) Status(ctx context.Context) (Status, error) {
	if err := mg.Load(ctx); err != nil {
		return Status{}, err
	}
	s := Status{State: mg.State(), Configured: mg.legacy != nil}
	var err error
	if s.Checkpoint, err = mg.Checkpoint(ctx, CheckpointCopy); err != nil {
		return s, err
	}
	if err := mg.meta(ctx).Model(&models.MigrationCouponMap{}).Count(&s.CopiedTemplates).Error; err != nil {
		return s, fmt.Errorf("legacy: %w", err)
	}
	if s.PendingRepairs, err = mg.PendingRepairs(ctx); err != nil {
		return s, err
	}
	if s.Task, err = mg.lastTask(ctx, ""); err != nil {
		return s, err
	}
	if s.LastVerify, err = mg.lastTask(ctx, models.TaskVerify); err != nil {
		return s, err
	}
	if mg.legacy != nil {
		cnt, err := mg.counts(ctx, s.Checkpoint.LastID)
		if err != nil {
			return s, err
		}
		s.Templates, s.LegacyRows, s.MaxLegacyID, s.Behind = cnt.templates, cnt.rows, cnt.maxID, cnt.behind
	}
	if next := s.State.Mode.Step() + 1; next < len(models.MigrationModes) {
		s.Blockers = mg.blockers(&s, models.MigrationModes[next])
	}
	return s, nil
}

// legacyCounts are the monolith's table sizes Status reports.
type legacyCounts struct {
	templates, rows, maxID, behind int64
	checkpoint                     int64
	at                             time.Time
}

// countsTTL is how long Status reuses the monolith's counts: counting a
// table of millions of rows takes about a second, and the console asks
// every second while a task runs.
const countsTTL = 10 * time.Second

// counts reads the monolith's table sizes, or reuses a reading younger
// than countsTTL (the rows after the checkpoint are moved along with the
// checkpoint in between, which only the copy moves).
func (mg *Migrator) counts(ctx context.Context, checkpoint int64) (legacyCounts, error) {
	mg.mu.Lock()
	cached := mg.cnt
	mg.mu.Unlock()
	if cached != nil && time.Since(cached.at) < countsTTL && checkpoint >= cached.checkpoint {
		c := *cached
		if checkpoint > c.checkpoint {
			// Rows copied since the reading: what the copy read meanwhile.
			var n int64
			u := mg.m.UserCoupons
			if err := mg.legacy.WithContext(ctx).Raw("SELECT COUNT(*) FROM "+u.Table+" WHERE "+u.ID+" > ? AND "+u.ID+" <= ?",
				c.checkpoint, checkpoint).Row().Scan(&n); err != nil {
				return c, fmt.Errorf("legacy: %w", err)
			}
			c.behind = max(0, c.behind-n)
		}
		return c, nil
	}
	c := legacyCounts{checkpoint: checkpoint, at: time.Now()}
	cm, u := mg.m.Coupons, mg.m.UserCoupons
	l := mg.legacy.WithContext(ctx)
	if err := l.Raw("SELECT COUNT(*) FROM " + cm.Table).Row().Scan(&c.templates); err != nil {
		return c, fmt.Errorf("legacy: %w", err)
	}
	var maxID *int64
	if err := l.Raw("SELECT COUNT(*), MAX("+u.ID+") FROM "+u.Table).Row().Scan(&c.rows, &maxID); err != nil {
		return c, fmt.Errorf("legacy: %w", err)
	}
	if maxID != nil {
		c.maxID = *maxID
	}
	if err := l.Raw("SELECT COUNT(*) FROM "+u.Table+" WHERE "+u.ID+" > ?", checkpoint).Row().Scan(&c.behind); err != nil {
		return c, fmt.Errorf("legacy: %w", err)
	}
	mg.mu.Lock()
	mg.cnt = &c
	mg.mu.Unlock()
	return c, nil
}

// lastTask is the newest task (of kind, when not empty; a finished one for
// a kind), or nil.
func (mg *Migrator) lastTask(ctx context.Context, kind string) (*models.MigrationTask, error) {
	q := mg.meta(ctx).Order("id DESC").Limit(1)
	if kind != "" {
		q = q.Where("kind = ? AND status <> ?", kind, models.TaskRunning)
	}
	var ts []models.MigrationTask
	if err := q.Find(&ts).Error; err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, nil
	}
	return &ts[0], nil
}

// blockers says why the migration cannot move forward to next now; none:
// it can. The rules: the monolith's tables must be reachable here; every
// template copied before writes go to both sides; and before reads leave a
// side (DUAL_WRITE_NEW_READ) or writes stop going to it (NEW_ONLY), a verify
// started in the present mode must have finished with no difference, and
// the repair log must be empty.
func (mg *Migrator) blockers(s *Status, next models.MigrationMode) []string {
	var out []string
	if !s.Configured {
		out = append(out, "this instance has no legacy database (COUPOND_LEGACY_DSN)")
	}
	switch next {
	case models.ModeDualWrite:
		if s.Configured && s.CopiedTemplates < s.Templates {
			out = append(out, fmt.Sprintf("the static copy is not done: %d of %d templates copied", s.CopiedTemplates, s.Templates))
		}
	case models.ModeDualWriteNewRead, models.ModeNewOnly:
		v := s.LastVerify
		switch {
		case v == nil || v.StartedAt.Before(s.State.ChangedAt):
			out = append(out, fmt.Sprintf("no verify has run since the mode became %s", s.State.Mode))
		case v.Status != models.TaskDone:
			out = append(out, fmt.Sprintf("the last verify ended %s: %s", v.Status, v.Error))
		case v.Diffs > 0:
			out = append(out, fmt.Sprintf("the last verify found %d differences: repair them, then verify again", v.Diffs))
		}
		if s.PendingRepairs > 0 {
			out = append(out, fmt.Sprintf("%d writes wait in the repair log", s.PendingRepairs))
		}
	}
	if s.Task != nil && s.Task.Status == models.TaskRunning {
		out = append(out, fmt.Sprintf("task %d (%s) is running", s.Task.ID, s.Task.Kind))
	}
	return out
}

// ErrModeRefused is the code of a mode change the rules refuse.
var ErrModeRefused = errors.New("legacy: mode change refused")

// SetMode moves the migration to mode to, one step forward or back. A step
// forward is refused while Status's blockers say so (the error names
// them); a step back is always allowed (it is the way out of trouble:
// after one from NEW_ONLY, verify and repair bring the monolith's tables
// up to date). Entering DUAL_WRITE waits until every instance follows
// (twice WatchInterval), then sets coupond's stock of every migrated
// coupon to the monolith's, which LEGACY_ONLY moved alone. Returns
// INVALID_INPUT for a jump or an unknown mode, CONFLICT when the mode
// changed meanwhile.
func (mg *Migrator) SetMode(ctx context.Context, to models.MigrationMode, by string) (models.MigrationState, error) {
	if !to.Valid() {
		return models.MigrationState{}, models.FieldError(models.CodeInvalidInput, []string{"mode"}, "unknown mode %q", to)
	}
	s, err := mg.Status(ctx)
	if err != nil {
		return models.MigrationState{}, err
	}
	from := s.State
	step := to.Step() - from.Mode.Step()
	switch {
	case step == 0:
		return from, nil
	case step != 1 && step != -1:
		var next []string
		for _, d := range []int{-1, 1} {
			if i := from.Mode.Step() + d; i >= 0 && i < len(models.MigrationModes) {
				next = append(next, string(models.MigrationModes[i]))
			}
		}
		return from, models.FieldError(models.CodeInvalidInput, []string{"mode"}, "the migration moves one step at a time: from %s to %s",
			from.Mode, strings.Join(next, " or "))
	case step == 1:
		if bl := mg.blockers(&s, to); len(bl) > 0 {
			return from, models.FieldError(models.CodeInvalidInput, []string{"mode"}, "%s cannot be entered yet: %s", to, strings.Join(bl, "; "))
		}
	}
	next := models.MigrationState{ID: 1, Mode: to, Version: from.Version + 1, ChangedAt: mg.now(), ChangedBy: by}
	err = mg.meta(ctx).Transaction(func(tx *gorm.DB) error {
		if from.Version == 0 {
			res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&next)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 1 {
				return nil
			}
		}
		res := tx.Model(&models.MigrationState{}).Where("id = 1 AND version = ?", from.Version).
			Updates(map[string]any{"mode": to, "version": next.Version, "changed_at": next.ChangedAt, "changed_by": by})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.Errorf(models.CodeConflict, "the migration mode changed meanwhile: read it again")
		}
		return nil
	})
	if err != nil {
		return from, err
	}
	mg.state.Store(&next)
	if to == models.ModeDualWrite && step == 1 {
		select {
		case <-ctx.Done():
			return next, ctx.Err()
		case <-time.After(2*WatchInterval + 100*time.Millisecond):
		}
		for _, id := range mg.migratedIDs() {
			if err := mg.syncStock(ctx, id, false); err != nil {
				return next, fmt.Errorf("legacy: DUAL_WRITE entered, but coupond's stock of coupon %d could not take the monolith's: %w (verify and repair will)", id, err)
			}
		}
	}
	return next, nil
}
