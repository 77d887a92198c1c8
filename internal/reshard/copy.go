package reshard

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
)

// CopyOptions tune Copy.
type CopyOptions struct {
	// Batch is how many rows a read takes (default 5,000).
	Batch int
	// Rate is the most rows per second the whole copy writes (0: no limit),
	// to leave the running shards room for the service.
	Rate int
	// Tables is how many running tables are copied at once (default 4).
	Tables int
}

// Progress counts what a Copy or CatchUp did.
type Progress struct {
	Rows    int64 // user coupons written to the target
	Tags    int64 // user tags read and written (existing ones are kept)
	Batches int64
}

// Copy copies every user coupon and tag of the running layout into the
// target, each running table from its checkpoint on, in id order, and
// returns when every table is copied to its end. Rows keep their ids; a
// row already in the target is overwritten with the running one, so a copy
// killed at any point is resumed by running it again, with no duplicate.
//
// Before a table's first row is read, the position of its outbox is
// recorded: CatchUp applies every change made from there on, so what the
// service writes during the copy is not lost. Tags have no outbox: those
// set or removed during the copy are set right by Verify and Repair.
func (r *Resharder) Copy(ctx context.Context, opt CopyOptions) (Progress, error) {
	if opt.Batch <= 0 {
		opt.Batch = 5000
	}
	if opt.Tables <= 0 {
		opt.Tables = 4
	}
	var pace *pacer
	if opt.Rate > 0 {
		pace = &pacer{rate: opt.Rate, start: time.Now()}
		// Batches of a quarter second's rows over the tables copied at once,
		// each waiting for its turn before it is written: the cap holds
		// over any second, not only on average.
		opt.Batch = max(10, min(opt.Batch, opt.Rate/4/opt.Tables))
	}
	return r.eachSource(ctx, opt.Tables, func(ctx context.Context, s source) (Progress, error) {
		return r.copyTable(ctx, s, opt.Batch, pace)
	})
}

// eachSource runs fn on every running table, at most limit at once, and
// adds up what they did; the first error stops the others.
func (r *Resharder) eachSource(ctx context.Context, limit int, fn func(context.Context, source) (Progress, error)) (Progress, error) {
	var mu sync.Mutex
	var total Progress
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for _, s := range r.sources() {
		g.Go(func() error {
			p, err := fn(ctx, s)
			mu.Lock()
			total.Rows += p.Rows
			total.Tags += p.Tags
			total.Batches += p.Batches
			mu.Unlock()
			return err
		})
	}
	err := g.Wait()
	return total, err
}

// pacer spreads the copy's writes over time to hold Rate rows per second.
type pacer struct {
	mu    sync.Mutex
	rate  int
	start time.Time
	done  int64
}

// wait reserves rows and returns when they may be written: the rows
// reserved before them take 1/rate s each from the start.
func (p *pacer) wait(ctx context.Context, rows int) error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	due := p.start.Add(time.Duration(float64(p.done) / float64(p.rate) * float64(time.Second)))
	p.done += int64(rows)
	p.mu.Unlock()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Until(due)):
		return nil
	}
}

func (r *Resharder) copyTable(ctx context.Context, s source, batch int, pace *pacer) (Progress, error) {
	var p Progress
	db := r.from.Shards[s.db]
	// The outbox position first: every change after it is caught up later.
	ev, ok, err := r.checkpoint(ctx, r.cpName("events", s))
	if err != nil {
		return p, err
	}
	if !ok {
		// The last event older than the settling time, not the last one:
		// a transaction still open now may commit an event with a lower id
		// than the last, and the catch-up must not start past it (it
		// applies the younger ones again: harmless).
		if ev.LastID, err = lastEventBefore(ctx, db, r.fromTable(s, "coupon_event"), time.Now().UTC().Add(-settle)); err != nil {
			return p, err
		}
		ev.UpdatedAt = time.Now().UTC()
		if err := r.saveCheckpoint(ctx, &ev); err != nil {
			return p, err
		}
	}
	cp, _, err := r.checkpoint(ctx, r.cpName("copy", s))
	if err != nil {
		return p, err
	}
	table := r.fromTable(s, "user_coupon")
	for {
		rows, err := userCouponsAfter(ctx, db, table, uint64(cp.LastID), batch)
		if err != nil {
			return p, err
		}
		if len(rows) == 0 {
			break
		}
		if err := pace.wait(ctx, len(rows)); err != nil {
			return p, err
		}
		if err := r.upsert(ctx, rows); err != nil {
			return p, err
		}
		cp.LastID = int64(rows[len(rows)-1].ID)
		cp.Read += int64(len(rows))
		cp.Inserted += int64(len(rows))
		cp.Batches++
		cp.UpdatedAt = time.Now().UTC()
		if err := r.saveCheckpoint(ctx, &cp); err != nil {
			return p, err
		}
		p.Rows += int64(len(rows))
		p.Batches++
		if len(rows) < batch {
			break
		}
	}
	n, err := r.copyTags(ctx, s, batch, pace)
	p.Tags = n
	return p, err
}

// upsert writes rows (of one running table) into their target tables,
// keeping their ids and overwriting what is there.
func (r *Resharder) upsert(ctx context.Context, rows []models.UserCoupon) error {
	keys, groups := r.byTarget(rows)
	for _, t := range keys {
		if err := upsertUserCoupons(ctx, r.to.Shards[t.db], r.toTable(t, "user_coupon"), groups[t]); err != nil {
			return err
		}
	}
	return nil
}

// copyTags copies a running table's tags, in (user, tag) order; a tag the
// target has is kept.
func (r *Resharder) copyTags(ctx context.Context, s source, batch int, pace *pacer) (int64, error) {
	var n int64
	db := r.from.Shards[s.db]
	table := r.fromTable(s, "user_tag")
	last := models.UserTag{}
	for {
		tags, err := userTagsAfter(ctx, db, table, last, batch)
		if err != nil {
			return n, err
		}
		if len(tags) == 0 {
			return n, nil
		}
		if err := pace.wait(ctx, len(tags)); err != nil {
			return n, err
		}
		if err := r.insertTags(ctx, tags); err != nil {
			return n, err
		}
		n += int64(len(tags))
		last = tags[len(tags)-1]
		if len(tags) < batch {
			return n, nil
		}
	}
}

func (r *Resharder) insertTags(ctx context.Context, tags []models.UserTag) error {
	groups := map[target][]models.UserTag{}
	for _, tg := range tags {
		t := r.route(tg.UserID)
		groups[t] = append(groups[t], tg)
	}
	for t, g := range groups {
		if err := writeUserTags(ctx, r.to.Shards[t.db], r.toTable(t, "user_tag"), g); err != nil {
			return err
		}
	}
	return nil
}

// settle is how old an outbox event must be before a position is put past
// it (CatchUpOptions.Settle).
const settle = 10 * time.Second

// CatchUpOptions tune CatchUp.
type CatchUpOptions struct {
	// Settle is how old an event must be before the position moves past it
	// (default 10 s): an outbox insert with a lower id may still be in
	// flight, and the position must not pass it. Younger events are applied
	// and, next time, applied again (harmless: the row is read afresh).
	Settle time.Duration
	// Batch is how many events a read takes (default 5,000).
	Batch int
}

// CatchUp applies to the target every change the running layout's outbox
// shows after each table's position (recorded by Copy), by reading the
// changed rows afresh from the running primaries; it returns once it has
// read every table's outbox to its end. Run it again and again while the
// service writes; run it once more after the writes have stopped, and the
// target holds every user coupon as the running layout does.
func (r *Resharder) CatchUp(ctx context.Context, opt CatchUpOptions) (Progress, error) {
	if opt.Settle <= 0 {
		opt.Settle = settle
	}
	if opt.Batch <= 0 {
		opt.Batch = 5000
	}
	return r.eachSource(ctx, 4, func(ctx context.Context, s source) (Progress, error) {
		return r.catchUpTable(ctx, s, opt)
	})
}

func (r *Resharder) catchUpTable(ctx context.Context, s source, opt CatchUpOptions) (Progress, error) {
	var p Progress
	cp, ok, err := r.checkpoint(ctx, r.cpName("events", s))
	if err != nil || !ok {
		return p, err // not copied yet: nothing to follow
	}
	db := r.from.Shards[s.db]
	pos := cp.LastID
	for {
		events, err := eventsAfter(ctx, db, r.fromTable(s, "coupon_event"), pos, opt.Batch)
		if err != nil {
			return p, err
		}
		if len(events) == 0 {
			break
		}
		ids := make([]uint64, 0, len(events))
		seen := map[uint64]bool{}
		for _, e := range events {
			if e.UserCouponID != 0 && !seen[e.UserCouponID] {
				seen[e.UserCouponID] = true
				ids = append(ids, e.UserCouponID)
			}
		}
		if n, err := r.recopy(ctx, db, s, ids); err != nil {
			return p, err
		} else {
			p.Rows += n
		}
		p.Batches++
		// Move the position over the settled events only.
		settled := time.Now().Add(-opt.Settle)
		moved := cp.LastID
		for _, e := range events {
			if e.At.After(settled) {
				break
			}
			moved = int64(e.ID)
		}
		if moved != cp.LastID {
			cp.LastID = moved
			cp.Read += int64(len(events))
			cp.Batches++
			cp.UpdatedAt = time.Now().UTC()
			if err := r.saveCheckpoint(ctx, &cp); err != nil {
				return p, err
			}
		}
		pos = int64(events[len(events)-1].ID)
		if len(events) < opt.Batch {
			break
		}
	}
	return p, nil
}

// recopy reads rows ids of a running table afresh and writes them to the
// target.
func (r *Resharder) recopy(ctx context.Context, db *gorm.DB, s source, ids []uint64) (int64, error) {
	var n int64
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 1000)]
		ids = ids[len(chunk):]
		rows, err := userCouponsByID(ctx, db, r.fromTable(s, "user_coupon"), chunk)
		if err != nil {
			return n, err
		}
		if err := r.upsert(ctx, rows); err != nil {
			return n, err
		}
		n += int64(len(rows))
	}
	return n, nil
}
