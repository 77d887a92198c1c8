package coupon

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"gorm.io/gorm"

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
// back. Returns INACTIVE when the wallets refuse bulk writes of c now (see
// Wallets.Bulk): the job pauses on it.
func (s *Service) IssueTargeted(ctx context.Context, c *models.Coupon, jobID uint64, users []string, batchSize int) (*Targeted, error) {
	ctx, w, done, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	j := s.newTargetedJob(ctx, w, c, jobID, users)
	ended, err := w.Bulk(ctx, c)
	if err != nil {
		return nil, err
	}
	// Whatever happens below, the wallets hear of the rows this job holds
	// for these users (a replayed batch's too).
	defer ended(context.WithoutCancel(ctx), targetedRefs(c.ID, jobID, users))

	// 1. Each user's row, or none (skipped): up front, or read per table.
	if err := j.takeUpFront(ctx); err != nil {
		return nil, err
	}
	if err := j.eachGroup(func(g *targetGroup) { j.plan(g) }); err != nil {
		return nil, models.Unavailable("coupon.IssueTargeted", err)
	}
	// 2. The stock for the eligible, given to them in input order.
	out, err := j.share(ctx)
	if err != nil {
		return nil, err
	}
	// 3. The rows, per shard table.
	inserted, issued, skipped, err := j.write(ctx, batchSize)
	out.Issued, out.Skipped = append(out.Issued, issued...), out.Skipped+skipped
	if err != nil {
		// What was inserted stays (replays skip it); the units of the rest
		// are the reconciler's to return.
		return nil, models.Unavailable("coupon.IssueTargeted", err)
	}
	if spare := j.taken - inserted; spare > 0 {
		w.GiveUnits(ctx, c, spare)
	}
	return out, nil
}

// targetedJob is one targeted batch on its way: its users grouped by shard
// table, and the units of stock taken for them.
type targetedJob struct {
	s       *Service
	w       Wallets
	c       *models.Coupon
	jobID   uint64
	users   []string
	groups  map[string]*targetGroup
	groupOf []*targetGroup // per user, in input order
	now     time.Time
	// parallel: the tables are read and written concurrently. SQLite has
	// one writer per file: concurrent statements would only queue on its
	// lock (and time out under load), so it works in turn.
	parallel bool
	upFront  bool  // the stock for every user was taken before reading
	taken    int64 // units taken
}

// targetGroup is the users of one shard table.
type targetGroup struct {
	db    *gorm.DB
	route sharding.Route
	users []string
	want  map[string]*models.UserCoupon // per user: the row to write; absent when skipped
	err   error
	rows  []*models.UserCoupon // the rows to write, in input order
}

func (s *Service) newTargetedJob(ctx context.Context, w Wallets, c *models.Coupon, jobID uint64, users []string) *targetedJob {
	j := &targetedJob{s: s, w: w, c: c, jobID: jobID, users: users, groups: map[string]*targetGroup{}, groupOf: make([]*targetGroup, len(users)),
		parallel: s.store.Dialect != store.SQLite,
		// Millisecond precision: on servers without INSERT ... RETURNING
		// the rows a statement wrote are found again by their issue time,
		// which MySQL keeps to the millisecond.
		now: s.now().UTC().Truncate(time.Millisecond)}
	for i, u := range users {
		db, route := s.store.Shard(u)
		k := route.String()
		if j.groups[k] == nil {
			j.groups[k] = &targetGroup{db: store.OnPrimary(ctx, db), route: route}
		}
		j.groups[k].users = append(j.groups[k].users, u)
		j.groupOf[i] = j.groups[k]
	}
	return j
}

// takeUpFront takes the stock for every user before reading anything when
// the unique indexes are the whole check: one per user and no tag rule,
// (user_id, coupon_id, seq) with seq 1 then the per-user limit and
// (user_id, request_id) the replay. The rows the indexes turn away give
// their units back at the end, as do those a concurrent claim beat. When
// the stock is short, the units go back and the batch is read first, so
// that the users who get the last units are the first eligible ones.
func (j *targetedJob) takeUpFront(ctx context.Context) error {
	if j.c.PerUserLimit != 1 || !j.c.TagRule.Empty() {
		return nil
	}
	distinct := int64(len(slices.Compact(slices.Sorted(slices.Values(j.users)))))
	got, err := j.w.TakeUnits(ctx, j.c, distinct)
	switch {
	case err != nil:
		return err
	case got == distinct:
		j.upFront, j.taken = true, got
	case got > 0:
		j.w.GiveUnits(ctx, j.c, got)
	}
	return nil
}

// eachGroup runs f on every group (concurrently where the tables allow)
// and returns the first group's error.
func (j *targetedJob) eachGroup(f func(*targetGroup)) error {
	var wg sync.WaitGroup
	for _, g := range j.groups {
		if j.parallel {
			wg.Go(func() { f(g) })
		} else {
			f(g)
		}
	}
	wg.Wait()
	for _, g := range j.groups {
		if g.err != nil {
			return g.err
		}
	}
	return nil
}

// plan decides a table's rows: every user's when the stock was taken up
// front; otherwise read first what the users hold of the coupon (per-user
// limit, replays) and, under a tag rule, their tags.
func (j *targetedJob) plan(g *targetGroup) {
	c := j.c
	g.want = make(map[string]*models.UserCoupon, len(g.users))
	if j.upFront {
		for _, u := range g.users {
			g.want[u] = issue(c, u, TargetedRequestID(j.jobID, u), models.ChannelTargeted, 1, j.now)
		}
		return
	}
	held, err := heldByUsers(g.db, g.route.UserCouponTable(), g.users, c.ID)
	if err != nil {
		g.err = err
		return
	}
	count := map[string]int{}
	done := map[string]bool{}
	for _, h := range held {
		count[h.UserID]++
		if h.RequestID == TargetedRequestID(j.jobID, h.UserID) {
			done[h.UserID] = true
		}
	}
	var tags map[string][]string
	if !c.TagRule.Empty() {
		if tags, err = tagsOf(g.db, g.route.UserTagTable(), g.users); err != nil {
			g.err = err
			return
		}
	}
	for _, u := range g.users {
		if done[u] || count[u] >= c.PerUserLimit || (tags != nil && !c.TagRule.Matches(tags[u])) {
			continue
		}
		g.want[u] = issue(c, u, TargetedRequestID(j.jobID, u), models.ChannelTargeted, count[u]+1, j.now)
	}
}

// share takes the stock for the eligible users (unless taken up front) and
// gives it to them in input order; a user named twice gets one row. The
// users from the first one the stock did not reach on are not reached.
func (j *targetedJob) share(ctx context.Context) (*Targeted, error) {
	row := func(i int) *models.UserCoupon { return j.groupOf[i].want[j.users[i]] }
	need := 0
	seen := make(map[string]bool, len(j.users))
	for i, u := range j.users {
		if !seen[u] && row(i) != nil {
			need++
		}
		seen[u] = true
	}
	out := &Targeted{Reached: len(j.users)}
	if need > 0 && !j.upFront {
		var err error
		if j.taken, err = j.w.TakeUnits(ctx, j.c, int64(need)); err != nil {
			return nil, err
		}
	}
	given := int64(0)
	clear(seen)
	for i, u := range j.users {
		r := row(i)
		switch {
		case seen[u] || r == nil:
			out.Skipped++
		case given == j.taken:
			out.Reached, out.StockOut = i, true
		default:
			given++
			j.groupOf[i].rows = append(j.groupOf[i].rows, r)
		}
		seen[u] = true
		if out.StockOut {
			break
		}
	}
	return out, nil
}

// write inserts every table's rows, batchSize per statement (tables
// concurrently: different tables, often different databases), and returns
// how many were written, their users, and how many the unique keys turned
// away. What was written before an error stays written.
func (j *targetedJob) write(ctx context.Context, batchSize int) (inserted int64, users []string, skipped int64, err error) {
	type written struct {
		users   []string
		skipped int64
		err     error
	}
	results := make(chan written, len(j.groups))
	st := j.s.store
	per := RowsPerStatement(st.Dialect, len(models.UserCouponColumns), batchSize)
	for _, g := range j.groups {
		run := func() {
			var w written
			returning := CanReturn(ctx, st, g.db, g.route)
			for start := 0; start < len(g.rows); start += per {
				part := g.rows[start:min(start+per, len(g.rows))]
				got, err := insertBulk(g.db, st.Dialect, g.route, part, j.now, returning)
				if err != nil {
					w.err = err
					break
				}
				w.users = append(w.users, got...)
				w.skipped += int64(len(part) - len(got))
			}
			results <- w
		}
		if j.parallel {
			go run()
		} else {
			run()
		}
	}
	for range j.groups {
		w := <-results
		if w.err != nil {
			err = w.err
		}
		inserted += int64(len(w.users))
		users = append(users, w.users...)
		skipped += w.skipped
	}
	return inserted, users, skipped, err
}

// targetedRefs names the rows a job holds for users, by request id.
func targetedRefs(couponID, jobID uint64, users []string) []*models.UserCoupon {
	out := make([]*models.UserCoupon, len(users))
	for i, u := range users {
		out[i] = &models.UserCoupon{UserID: u, CouponID: couponID, RequestID: TargetedRequestID(jobID, u)}
	}
	return out
}
