package coupon

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/consistency"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// Targeted is the outcome of one targeted batch.
type Targeted struct {
	Issued   []string // users given the coupon now
	Skipped  int64    // among the reached: already issued by this job, at the per-user limit, or not eligible by the tag rule
	Reached  int      // how many of the users (a prefix, in input order) were dealt with; less than all only when the stock ran out
	StockOut bool     // the stock ran out: users from Reached on were not reached
}

// TargetedRequestID is the idempotency key of a job's row for a user.
func TargetedRequestID(jobID uint64, userID string) string {
	return "job:" + strconv.FormatUint(jobID, 10) + ":" + userID
}

// IssueTargeted gives coupon c to each of users once (channel TARGETED) for
// job jobID: users already issued by the job, at the coupon's per-user
// limit or outside its tag rule (stored tags) are skipped; the stock for the
// rest is taken in one go (as much as there is, given to the eligible users
// in input order, so that the users not reached are a suffix); the rows are
// written per shard table, batchSize per statement (fewer when the
// database's parameter limit says so), with insert-or-ignore on (user,
// request id job:{id}:{user}), so a replayed batch adds nothing, each
// statement with the ISSUED events of the rows it wrote. Units taken for
// rows that a concurrent claim beat (or, for a coupon of one per user whose
// stock was taken up front, that the unique indexes turned away) are given
// back.
func (s *Service) IssueTargeted(ctx context.Context, c *models.Coupon, jobID uint64, users []string, batchSize int) (*Targeted, error) {
	ctx = consistency.Primary(ctx) // it decides: never on a replica
	done, err := s.store.BeginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	type group struct {
		db    *gorm.DB
		route sharding.Route
		users []string
		want  map[string]*models.UserCoupon // per user: the row to write; absent when skipped
		err   error
		rows  []*models.UserCoupon
	}
	groups := map[string]*group{}
	groupOf := make([]*group, len(users))
	for i, u := range users {
		db, route := s.store.Shard(u)
		k := route.String()
		if groups[k] == nil {
			groups[k] = &group{db: onPrimary(ctx, db), route: route}
		}
		groups[k].users = append(groups[k].users, u)
		groupOf[i] = groups[k]
	}
	// Millisecond precision: on servers without INSERT ... RETURNING the
	// rows a statement wrote are found again by their issue time, which
	// MySQL keeps to the millisecond.
	now := s.now().UTC().Truncate(time.Millisecond)
	// SQLite has one writer per file: concurrent statements would only
	// queue on its lock (and time out under load), so it works in turn.
	parallel := s.store.Dialect != store.SQLite
	// One per user and no tag rule: the unique indexes are then the whole
	// check, (user_id, coupon_id, seq) with seq 1 the per-user limit and
	// (user_id, request_id) the replay, so when the stock for every user can
	// be taken up front the rows are written without reading first; the
	// rows the indexes turn away give their units back below, as do those
	// a concurrent claim beat. When the stock is short, the units go back
	// and the batch is read first, so that the users who get the last
	// units are the first eligible ones.
	sd := s.sidesOf(c)
	if sd.legacyFirst && !sd.coupond {
		return nil, ErrLegacyOnly
	}
	if sd.legacy {
		// Whatever happens below, the monolith's table gets the rows this
		// job holds for these users (a replayed batch's too).
		defer s.legacy.MirrorToLegacy(context.WithoutCancel(ctx), targetedRefs(c.ID, jobID, users))
	}
	var taken int64
	upFront := false
	if c.PerUserLimit == 1 && c.TagRule.Empty() {
		distinct := int64(len(slices.Compact(slices.Sorted(slices.Values(users)))))
		got, err := s.takeBothUnits(ctx, c, sd, distinct)
		switch {
		case err != nil:
			return nil, err
		case got == distinct:
			upFront, taken = true, got
		case got > 0:
			s.giveBackUnits(ctx, c, sd, got)
		}
	}
	// Otherwise each table's users are read: what they hold of the coupon
	// (per-user limit, replays) and, under a tag rule, their tags; the
	// tables are read concurrently.
	read := func(g *group) {
		if upFront {
			g.want = make(map[string]*models.UserCoupon, len(g.users))
			for _, u := range g.users {
				g.want[u] = issue(c, u, TargetedRequestID(jobID, u), models.ChannelTargeted, 1, now)
			}
			return
		}
		var held []struct {
			UserID    string
			RequestID string
		}
		if err := g.db.Table(g.route.UserCouponTable()).Select("user_id, request_id").
			Where("user_id IN ? AND coupon_id = ?", g.users, c.ID).Scan(&held).Error; err != nil {
			g.err = err
			return
		}
		count := map[string]int{}
		done := map[string]bool{}
		for _, h := range held {
			count[h.UserID]++
			if h.RequestID == TargetedRequestID(jobID, h.UserID) {
				done[h.UserID] = true
			}
		}
		var tagsOf map[string][]string
		if !c.TagRule.Empty() {
			var rows []models.UserTag
			if err := g.db.Table(g.route.UserTagTable()).Where("user_id IN ?", g.users).Find(&rows).Error; err != nil {
				g.err = err
				return
			}
			tagsOf = map[string][]string{}
			for _, r := range rows {
				tagsOf[r.UserID] = append(tagsOf[r.UserID], r.Tag)
			}
		}
		g.want = make(map[string]*models.UserCoupon, len(g.users))
		for _, u := range g.users {
			if done[u] || count[u] >= c.PerUserLimit || (tagsOf != nil && !c.TagRule.Matches(tagsOf[u])) {
				continue
			}
			g.want[u] = issue(c, u, TargetedRequestID(jobID, u), models.ChannelTargeted, count[u]+1, now)
		}
	}
	var wg sync.WaitGroup
	for _, g := range groups {
		if parallel {
			wg.Go(func() { read(g) })
		} else {
			read(g)
		}
	}
	wg.Wait()
	for _, g := range groups {
		if g.err != nil {
			return nil, models.Unavailable("coupon.IssueTargeted", g.err)
		}
	}
	row := func(i int) *models.UserCoupon { return groupOf[i].want[users[i]] }
	need := 0
	seen := make(map[string]bool, len(users))
	for i, u := range users {
		if !seen[u] && row(i) != nil {
			need++
		}
		seen[u] = true
	}
	out := &Targeted{Reached: len(users)}
	if need > 0 && !upFront {
		var err error
		if taken, err = s.takeBothUnits(ctx, c, sd, int64(need)); err != nil {
			return nil, err
		}
	}
	given := int64(0)
	clear(seen)
	for i, u := range users {
		r := row(i)
		switch {
		case seen[u] || r == nil:
			out.Skipped++
		case given == taken:
			out.Reached, out.StockOut = i, true
		default:
			given++
			groupOf[i].rows = append(groupOf[i].rows, r)
		}
		seen[u] = true
		if out.StockOut {
			break
		}
	}
	// The shard tables are written concurrently (different tables, often
	// different databases); each table's rows go batchSize per statement.
	type written struct {
		users   []string
		skipped int64
		err     error
	}
	results := make(chan written, len(groups))
	per := rowsPerStatement(s.store.Dialect, len(UserCouponInsertColumns), batchSize)
	for _, g := range groups {
		run := func() {
			var w written
			returning := s.canReturn(ctx, g.db, g.route)
			for start := 0; start < len(g.rows); start += per {
				part := g.rows[start:min(start+per, len(g.rows))]
				got, err := s.insertTargeted(g.db, g.route, part, now, returning)
				if err != nil {
					w.err = err
					break
				}
				w.users = append(w.users, got...)
				w.skipped += int64(len(part) - len(got))
			}
			results <- w
		}
		if parallel {
			go run()
		} else {
			run()
		}
	}
	inserted := int64(0)
	var failed error
	for range groups {
		w := <-results
		if w.err != nil {
			failed = w.err
		}
		inserted += int64(len(w.users))
		out.Issued = append(out.Issued, w.users...)
		out.Skipped += w.skipped
	}
	if failed != nil {
		// What was inserted stays (replays skip it); the units of the rest
		// are the reconciler's to return.
		return nil, models.Unavailable("coupon.IssueTargeted", failed)
	}
	if spare := taken - inserted; spare > 0 {
		s.giveBackUnits(ctx, c, sd, spare)
	}
	return out, nil
}

// ErrLegacyOnly refuses targeted issuance of a migrated coupon while the
// monolith's table alone is written (LEGACY_ONLY): a job's replays are made
// safe by coupond's unique keys, which that table lacks.
var ErrLegacyOnly = models.Errorf(models.CodeInactive, "the coupon's user coupons are written to the monolith's table only (migration mode LEGACY_ONLY): move the migration to DUAL_WRITE, then resume the job")

// targetedRefs names the rows a job holds for users, by request id.
func targetedRefs(couponID, jobID uint64, users []string) []*models.UserCoupon {
	out := make([]*models.UserCoupon, len(users))
	for i, u := range users {
		out[i] = &models.UserCoupon{UserID: u, CouponID: couponID, RequestID: TargetedRequestID(jobID, u)}
	}
	return out
}

// takeBothUnits takes up to n units of c's stock on every side written
// now and returns how many every side gave (the excess of one side goes
// back). A second side that fails is recorded for the repairer.
func (s *Service) takeBothUnits(ctx context.Context, c *models.Coupon, sd sides, n int64) (int64, error) {
	got, err := s.takeUnits(ctx, c, n)
	if err != nil || got == 0 || !sd.legacy {
		return got, err
	}
	lgot, err := s.legacy.TakeStock(ctx, c.ID, got)
	switch {
	case err != nil && sd.legacyFirst:
		_ = s.giveBack(ctx, c.ID, 0, got)
		return 0, models.Unavailable("coupon.takeUnits", err)
	case err != nil:
		s.legacy.StockDrift(ctx, c.ID, true, err)
		return got, nil
	case lgot < got:
		_ = s.giveBack(ctx, c.ID, 0, got-lgot)
	}
	return lgot, nil
}

// giveBackUnits returns units taken by takeBothUnits.
func (s *Service) giveBackUnits(ctx context.Context, c *models.Coupon, sd sides, n int64) {
	_ = s.giveBack(ctx, c.ID, 0, n)
	if sd.legacy {
		if err := s.legacy.GiveBack(context.WithoutCancel(ctx), c.ID, n); err != nil {
			s.legacy.StockDrift(ctx, c.ID, true, err)
		}
	}
}

// insertTargeted writes rows with insert-or-ignore and the ISSUED events of
// the rows it wrote, in one transaction, and returns their users. With
// returning the insert names the rows it wrote (INSERT ... RETURNING);
// without, they are read back by their issue time.
func (s *Service) insertTargeted(db *gorm.DB, route sharding.Route, rows []*models.UserCoupon, issuedAt time.Time, returning bool) ([]string, error) {
	var written []string
	err := db.Transaction(func(tx *gorm.DB) error {
		// The transaction's connection, straight: no gorm statement
		// building over thousands of parameters.
		ctx, conn, d := tx.Statement.Context, tx.Statement.ConnPool, s.store.Dialect
		var got []fresh
		var err error
		if returning {
			got, err = insertReturning(ctx, conn, d, route.UserCouponTable(), rows)
		} else {
			got, err = insertReadBack(ctx, conn, d, route.UserCouponTable(), rows, issuedAt)
		}
		if err != nil || len(got) == 0 {
			return err
		}
		written = make([]string, len(got))
		events := make([]*models.CouponEvent, len(got))
		for i, f := range got {
			written[i] = f.UserID
			events[i] = &models.CouponEvent{UserID: f.UserID, CouponID: rows[0].CouponID, UserCouponID: f.ID, Kind: models.EventIssued,
				Channel: models.ChannelTargeted, At: issuedAt}
		}
		return insertEvents(ctx, conn, d, route.CouponEventTable(), events)
	})
	if err != nil {
		return nil, err
	}
	return written, nil
}

// takeUnits takes up to n units of a coupon's stock, slot by slot with
// conditional decrements, and returns how many it got.
func (s *Service) takeUnits(ctx context.Context, c *models.Coupon, n int64) (int64, error) {
	db := s.store.Meta.WithContext(ctx)
	var got int64
	for attempt := 0; attempt < 3 && got < n; attempt++ {
		var slots []models.CouponStock
		if err := db.Clauses(dbresolver.Write).Where("coupon_id = ? AND remaining > 0", c.ID).Order("remaining DESC").Find(&slots).Error; err != nil {
			return got, models.Unavailable("coupon.takeUnits", err)
		}
		if len(slots) == 0 {
			break
		}
		for _, sl := range slots {
			want := min(n-got, sl.Remaining)
			if want <= 0 {
				continue
			}
			res := db.Exec("UPDATE coupon_stocks SET remaining = remaining - ? WHERE coupon_id = ? AND slot = ? AND remaining >= ?", want, c.ID, sl.Slot, want)
			if res.Error != nil {
				return got, models.Unavailable("coupon.takeUnits", res.Error)
			}
			if res.RowsAffected == 1 {
				got += want
			}
		}
	}
	return got, nil
}
