package legacy

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"github.com/coupond/coupond/models"
)

// CheckpointCopy is the name of the dynamic copy's checkpoint.
const CheckpointCopy = "copy"

// CopyOptions tune the dynamic copy.
type CopyOptions struct {
	// Batch is how many legacy rows one batch reads (10000 when 0).
	Batch int
	// Rate caps the copy at this many rows per second, to spare the
	// monolith's database and the shards while the shop runs (in batches
	// of a fifth of it, unless Batch says otherwise); 0 is no cap.
	Rate float64
	// Progress, when set, is told after every batch is checkpointed.
	Progress func(CopyProgress)
	// Stop, when set, is asked after every batch; an error stops the copy
	// (at its checkpoint) and is returned.
	Stop func() error
}

// CopyProgress is where a copy is.
type CopyProgress struct {
	LastID   int64 // the last legacy id copied (the checkpoint)
	Read     int64 // legacy rows read, this run
	Inserted int64 // rows written to coupond, this run
	Batches  int64 // batches, this run
	Elapsed  time.Duration
}

// Checkpoint returns the checkpoint of name (zero when there is none).
func (mg *Migrator) Checkpoint(ctx context.Context, name string) (models.MigrationCheckpoint, error) {
	var cps []models.MigrationCheckpoint
	if err := mg.meta(ctx).Where("name = ?", name).Limit(1).Find(&cps).Error; err != nil {
		return models.MigrationCheckpoint{}, fmt.Errorf("legacy: read checkpoint: %w", err)
	}
	if len(cps) == 0 {
		return models.MigrationCheckpoint{Name: name}, nil
	}
	return cps[0], nil
}

// SetCheckpoint stores a checkpoint (for an operator who must copy a range
// again, and for tests).
func (mg *Migrator) SetCheckpoint(ctx context.Context, cp models.MigrationCheckpoint) error {
	cp.UpdatedAt = mg.now()
	err := mg.meta(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(&cp).Error
	if err != nil {
		return fmt.Errorf("legacy: write checkpoint: %w", err)
	}
	return nil
}

// copyRows makes the coupond rows of a batch of the monolith's rows.
func (mg *Migrator) copyRows(ctx context.Context, rows []legacyRow) ([]*models.UserCoupon, error) {
	coupons, err := mg.templates(ctx, templateIDs(rows))
	if err != nil {
		return nil, err
	}
	now := mg.now()
	ucs := make([]*models.UserCoupon, len(rows))
	for i := range rows {
		if ucs[i], err = mg.userCoupon(&rows[i], coupons, now); err != nil {
			return nil, err
		}
	}
	return ucs, nil
}

// ErrCopyTooEarly refuses the dynamic copy before DUAL_WRITE.
var ErrCopyTooEarly = models.Errorf(models.CodeInvalidInput,
	"run the dynamic copy once writes go to both sides (DUAL_WRITE): rows copied earlier would miss the changes the monolith's table takes meanwhile")

// Copy copies the legacy user coupons into the shards, in batches ordered
// by legacy id, from the checkpoint on. Each batch is routed to its users'
// shard tables, written with its ISSUED outbox events (one transaction per
// shard table, the shard databases in parallel; a row past UNUSED also gets
// the event of its status), and then checkpointed in
// the meta database. A copy killed at any point resumes from the last
// checkpoint; the batch it was writing is written again, which writes
// nothing twice: each row's twin is found by its legacy id (unique with the
// user id), and it gets no second event. A row a dual write already gave a
// twin (a change made since DUAL_WRITE began) is left alone: the twin is
// newer. Templates the static copy did not copy yet are copied on
// the way. Run one copy at a time.
//
// It returns when every legacy row up to the end of the table is copied;
// rows the monolith adds meanwhile are copied by the next run (or reach
// coupond through dual writes).
func (mg *Migrator) Copy(ctx context.Context, opt CopyOptions) (CopyProgress, error) {
	if opt.Batch <= 0 {
		opt.Batch = 10000
		if opt.Rate > 0 {
			// A throttled copy writes small batches often rather than big
			// ones in bursts: the shop's requests meet an even load.
			opt.Batch = int(min(10000, max(200, opt.Rate/5)))
		}
	}
	if mg.Mode() == models.ModeLegacyOnly {
		return CopyProgress{}, ErrCopyTooEarly
	}
	cp, err := mg.Checkpoint(ctx, CheckpointCopy)
	if err != nil {
		return CopyProgress{}, err
	}
	start := time.Now()
	p := CopyProgress{LastID: cp.LastID}
	u := mg.m.UserCoupons
	where := "WHERE " + u.ID + " > ? ORDER BY " + u.ID + " LIMIT ?"
	// The next batch is read (and converted) while this one is written.
	type batch struct {
		rows []legacyRow
		ucs  []*models.UserCoupon
		err  error
	}
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	batches := make(chan batch, 1)
	go func() {
		defer close(batches)
		after := p.LastID
		for readCtx.Err() == nil {
			var b batch
			b.rows, b.err = mg.readRows(readCtx, where, after, opt.Batch)
			if b.err == nil && len(b.rows) > 0 {
				b.ucs, b.err = mg.copyRows(readCtx, b.rows)
				after = b.rows[len(b.rows)-1].ID
			}
			select {
			case batches <- b:
			case <-readCtx.Done():
				return
			}
			if b.err != nil || len(b.rows) == 0 {
				return
			}
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return p, err
		}
		b, ok := <-batches
		if !ok {
			return p, ctx.Err()
		}
		if b.err != nil {
			return p, b.err
		}
		rows, ucs := b.rows, b.ucs
		if len(rows) == 0 {
			p.Elapsed = time.Since(start)
			return p, nil
		}
		n, err := mg.writeRows(ctx, ucs)
		if err != nil {
			return p, err
		}
		last := rows[len(rows)-1].ID
		cp.LastID, cp.Read, cp.Inserted, cp.Batches = last, cp.Read+int64(len(rows)), cp.Inserted+n, cp.Batches+1
		if err := mg.SetCheckpoint(ctx, cp); err != nil {
			return p, err
		}
		p.LastID, p.Read, p.Inserted, p.Batches, p.Elapsed = last, p.Read+int64(len(rows)), p.Inserted+n, p.Batches+1, time.Since(start)
		if opt.Progress != nil {
			opt.Progress(p)
		}
		if opt.Stop != nil {
			if err := opt.Stop(); err != nil {
				return p, err
			}
		}
		if opt.Rate > 0 {
			// Hold the average at Rate: wait until the rows read so far
			// are due.
			due := start.Add(time.Duration(float64(p.Read) / opt.Rate * float64(time.Second)))
			if wait := time.Until(due); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					t.Stop()
					return p, ctx.Err()
				case <-t.C:
				}
			}
		}
	}
}
