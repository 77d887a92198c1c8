package reshard

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/models"
)

// Kinds of Diff.
const (
	DiffMissing   = "MISSING"   // in the running layout, not in its target table
	DiffExtra     = "EXTRA"     // in a target table, not in the running layout
	DiffDifferent = "DIFFERENT" // on both, with a field that differs
	DiffMisplaced = "MISPLACED" // in a target table the user does not route to
	DiffTags      = "TAGS"      // the user's tags differ
)

// Diff is one difference between the layouts: a user coupon (ID) or a
// user's tags (Kind TAGS, no ID).
type Diff struct {
	Table  string // the running table, e.g. "db1.t03"
	Kind   string
	UserID string
	ID     uint64
	Old    string // the running layout's row or tags ("" when none)
	New    string // the target's
}

func (d Diff) String() string {
	if d.Kind == DiffTags {
		return fmt.Sprintf("%s %s user %s: tags [%s] / [%s]", d.Table, d.Kind, d.UserID, d.Old, d.New)
	}
	return fmt.Sprintf("%s %s user %s id %d: %s / %s", d.Table, d.Kind, d.UserID, d.ID, d.Old, d.New)
}

// Report is what Verify found.
type Report struct {
	Rows  int64 // user coupons compared (of the running layout)
	Tags  int64 // user tags compared (of the running layout)
	Diffs []Diff
}

// VerifyOptions tune Verify.
type VerifyOptions struct {
	Batch    int // rows a read takes (default 5,000)
	MaxDiffs int // the most differences kept (default 10,000); the counts go on
	// Since, when set, limits the user coupons compared to those the
	// outbox shows changed after these positions (by running table name,
	// from Positions); the tags are compared in full.
	Since map[string]int64
}

// positionSettle is how old an outbox event must be for Positions to
// pass it: longer than a transaction that writes one takes (a claim gives
// up long before; the others are single statements or short).
const positionSettle = 3 * time.Second

// Positions are the running tables' outbox positions a few seconds ago
// (positionSettle: an event of a transaction still open may take a lower
// id than the last): a Verify with Since them compares every row changed
// from then on.
func (r *Resharder) Positions(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	for _, s := range r.sources() {
		pos, err := lastEventBefore(ctx, r.from.Shards[s.db], r.fromTable(s, "coupon_event"), time.Now().UTC().Add(-positionSettle))
		if err != nil {
			return nil, err
		}
		out[s.name] = pos
	}
	return out, nil
}

// Verify compares every user coupon and tag of the running layout with the
// target, row by row, all fields: each running table in id ranges against
// the target tables that take its rows. While the service writes, recent
// changes not yet caught up show as differences: verify after the writes
// have stopped and a last CatchUp for a report that must be empty.
func (r *Resharder) Verify(ctx context.Context, opt VerifyOptions) (Report, error) {
	if opt.Batch <= 0 {
		opt.Batch = 5000
	}
	if opt.MaxDiffs <= 0 {
		opt.MaxDiffs = 10000
	}
	var rep Report
	add := func(d Diff) {
		if len(rep.Diffs) < opt.MaxDiffs {
			rep.Diffs = append(rep.Diffs, d)
		}
	}
	for _, s := range r.sources() {
		if opt.Since != nil {
			if err := r.verifyChanged(ctx, s, opt.Since[s.name], &rep, add); err != nil {
				return rep, err
			}
		} else if err := r.verifyRows(ctx, s, opt.Batch, &rep, add); err != nil {
			return rep, err
		}
		if err := r.verifyTags(ctx, s, opt.Batch, &rep, add); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// verifyChanged compares the rows of a running table that its outbox
// shows changed after position since.
func (r *Resharder) verifyChanged(ctx context.Context, s source, since int64, rep *Report, add func(Diff)) error {
	ids, err := changedSince(ctx, r.from.Shards[s.db], r.fromTable(s, "coupon_event"), since)
	if err != nil {
		return err
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 1000)]
		ids = ids[len(chunk):]
		old, err := userCouponsByID(ctx, r.from.Shards[s.db], r.fromTable(s, "user_coupon"), chunk)
		if err != nil {
			return err
		}
		news, err := r.targetRows(s, add, func(db *gorm.DB, table string) ([]models.UserCoupon, error) {
			return userCouponsByID(ctx, db, table, chunk)
		})
		if err != nil {
			return err
		}
		rep.Rows += int64(len(old))
		compare(s, old, news, add)
	}
	return nil
}

// targetRows reads the rows that read selects from every target table (a
// database and a table name) of a running table, by id; a row in a table
// its user does not route to is reported MISPLACED, an id found twice
// EXTRA.
func (r *Resharder) targetRows(s source, add func(Diff), read func(db *gorm.DB, table string) ([]models.UserCoupon, error)) (map[uint64]models.UserCoupon, error) {
	news := map[uint64]models.UserCoupon{}
	for _, t := range s.targets {
		rows, err := read(r.to.Shards[t.db], r.toTable(t, "user_coupon"))
		if err != nil {
			return nil, err
		}
		for _, uc := range rows {
			if r.route(uc.UserID) != t {
				add(Diff{Table: s.name, Kind: DiffMisplaced, UserID: uc.UserID, ID: uc.ID, New: "in " + r.toName(t) + ": " + rowString(&uc)})
				continue
			}
			if _, dup := news[uc.ID]; dup {
				add(Diff{Table: s.name, Kind: DiffExtra, UserID: uc.UserID, ID: uc.ID, New: "in " + r.toName(t) + ": " + rowString(&uc)})
				continue
			}
			news[uc.ID] = uc
		}
	}
	return news, nil
}

// compare reports the differences between rows of a running table and
// the target's rows of the same ids (news, consumed).
func compare(s source, old []models.UserCoupon, news map[uint64]models.UserCoupon, add func(Diff)) {
	for _, o := range old {
		n, ok := news[o.ID]
		delete(news, o.ID)
		switch {
		case !ok:
			add(Diff{Table: s.name, Kind: DiffMissing, UserID: o.UserID, ID: o.ID, Old: rowString(&o)})
		case rowString(&o) != rowString(&n):
			add(Diff{Table: s.name, Kind: DiffDifferent, UserID: o.UserID, ID: o.ID, Old: rowString(&o), New: rowString(&n)})
		}
	}
	extra := make([]uint64, 0, len(news))
	for id := range news {
		extra = append(extra, id)
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i] < extra[j] })
	for _, id := range extra {
		n := news[id]
		add(Diff{Table: s.name, Kind: DiffExtra, UserID: n.UserID, ID: id, New: rowString(&n)})
	}
}

func (r *Resharder) verifyRows(ctx context.Context, s source, batch int, rep *Report, add func(Diff)) error {
	oldDB := r.from.Shards[s.db]
	var lo uint64
	for {
		old, err := userCouponsAfter(ctx, oldDB, r.fromTable(s, "user_coupon"), lo, batch)
		if err != nil {
			return err
		}
		last := len(old) < batch
		hi := ^uint64(0) // the last range reaches past the end: extras there show
		if !last {
			hi = old[len(old)-1].ID
		}
		rep.Rows += int64(len(old))
		upTo := hi
		if last {
			upTo = 0
		}
		news, err := r.targetRows(s, add, func(db *gorm.DB, table string) ([]models.UserCoupon, error) {
			return userCouponsBetween(ctx, db, table, lo, upTo)
		})
		if err != nil {
			return err
		}
		compare(s, old, news, add)
		if last {
			return nil
		}
		lo = hi
	}
}

// rowString is every field of a user coupon that the layouts must agree on.
func rowString(uc *models.UserCoupon) string {
	ts := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	str := func(s *string) string {
		if s == nil {
			return "-"
		}
		return *s
	}
	legacy := "-"
	if uc.LegacyID != nil {
		legacy = fmt.Sprint(*uc.LegacyID)
	}
	d, sc := uc.Discount, uc.Scope
	return fmt.Sprintf("%s|%d|%d|%s|%s|%s|%s|%s|%v|%v|%v|%v|%s|%v|%v|%s|%s|%s|%s|%s|%s|%s|%v|%s|%s",
		uc.UserID, uc.CouponID, uc.Seq, uc.RequestID, uc.Status, uc.Channel, uc.Currency,
		d.Kind, d.AmountOff, d.PercentOff, d.MaxDiscount, d.MinOrderAmount, sc.Kind, sc.ProductIDs, sc.CategoryIDs,
		ts(&uc.ValidFrom), ts(&uc.ValidUntil), ts(&uc.IssuedAt), str(uc.OrderID), str(uc.LastOrderID), ts(uc.HoldUntil), ts(uc.UsedAt),
		uc.DiscountApplied, ts(&uc.UpdatedAt), legacy)
}

// verifyTags compares a running table's tags with its targets', a range
// of users at a time.
func (r *Resharder) verifyTags(ctx context.Context, s source, batch int, rep *Report, add func(Diff)) error {
	oldDB := r.from.Shards[s.db]
	table := r.fromTable(s, "user_tag")
	lo, first := "", true
	for {
		// The range ends at the last user of a batch of tags: (lo, hi].
		users, err := tagUsersAfter(ctx, oldDB, table, lo, first, batch)
		if err != nil {
			return err
		}
		last := len(users) < batch
		hi := ""
		if !last {
			hi = users[len(users)-1]
		}
		oldTags, err := r.tagsIn(ctx, oldDB, table, lo, hi, first, last)
		if err != nil {
			return err
		}
		newTags := map[string][]string{}
		for _, t := range s.targets {
			got, err := r.tagsIn(ctx, r.to.Shards[t.db], r.toTable(t, "user_tag"), lo, hi, first, last)
			if err != nil {
				return err
			}
			for u, tags := range got {
				if r.route(u) != t {
					add(Diff{Table: s.name, Kind: DiffTags, UserID: u, New: "misplaced in " + r.toTable(t, "user_tag")})
					continue
				}
				newTags[u] = tags
			}
		}
		for u, tags := range oldTags {
			rep.Tags += int64(len(tags))
			o, n := strings.Join(tags, ","), strings.Join(newTags[u], ",")
			delete(newTags, u)
			if o != n {
				add(Diff{Table: s.name, Kind: DiffTags, UserID: u, Old: o, New: n})
			}
		}
		for u, tags := range newTags {
			add(Diff{Table: s.name, Kind: DiffTags, UserID: u, New: strings.Join(tags, ",")})
		}
		if last {
			return nil
		}
		lo, first = hi, false
	}
}

// tagsIn reads the tags of the users in (lo, hi] of a table (no lower
// bound when first, no upper bound when last), sorted per user.
func (r *Resharder) tagsIn(ctx context.Context, db *gorm.DB, table, lo, hi string, first, last bool) (map[string][]string, error) {
	tags, err := userTagsBetween(ctx, db, table, lo, hi, first, last)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, t := range tags {
		out[t.UserID] = append(out[t.UserID], t.Tag)
	}
	return out, nil
}

// Repair sets right the differences of a Verify: a user coupon is written
// to the target as the running layout has it now (or removed from the
// target when the running layout has none, or from a table it does not
// belong in), a user's tags are made the running layout's. It returns how
// many differences it set right. Rows are set right a running table at a
// time, in a few statements for all of its differences.
func (r *Resharder) Repair(ctx context.Context, diffs []Diff) (int, error) {
	fixed := 0
	users := map[string]bool{}
	rows := map[string][]Diff{}
	for _, d := range diffs {
		if d.Kind == DiffTags {
			users[d.UserID] = true
			continue
		}
		rows[d.Table] = append(rows[d.Table], d)
	}
	for _, s := range r.sources() {
		if ds := rows[s.name]; len(ds) > 0 {
			if err := r.repairRows(ctx, s, ds); err != nil {
				return fixed, err
			}
			fixed += len(ds)
		}
	}
	for u := range users {
		if err := r.repairTags(ctx, u); err != nil {
			return fixed, err
		}
		fixed++
	}
	return fixed, nil
}

func (r *Resharder) oldOf(userID string) (source, bool) {
	rt := r.from.Router.Route(userID)
	for _, s := range r.sources() {
		if s.db == rt.DB && s.table == rt.Table {
			return s, true
		}
	}
	return source{}, false
}

// repairRows sets right the differences of one running table's rows: each
// id is removed from every target table but the one its running row
// belongs in, and the running rows are written there.
func (r *Resharder) repairRows(ctx context.Context, s source, diffs []Diff) error {
	ids := make([]uint64, 0, len(diffs))
	seen := map[uint64]bool{}
	for _, d := range diffs {
		if !seen[d.ID] {
			seen[d.ID] = true
			ids = append(ids, d.ID)
		}
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 1000)]
		ids = ids[len(chunk):]
		rows, err := userCouponsByID(ctx, r.from.Shards[s.db], r.fromTable(s, "user_coupon"), chunk)
		if err != nil {
			return err
		}
		home := map[uint64]target{}
		for _, uc := range rows {
			home[uc.ID] = r.route(uc.UserID)
		}
		for _, t := range s.targets {
			var away []uint64
			for _, id := range chunk {
				if h, ok := home[id]; !ok || h != t {
					away = append(away, id)
				}
			}
			if len(away) == 0 {
				continue
			}
			if err := deleteUserCoupons(ctx, r.to.Shards[t.db], r.toTable(t, "user_coupon"), away); err != nil {
				return err
			}
		}
		if len(rows) > 0 {
			if err := r.upsert(ctx, rows); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *Resharder) repairTags(ctx context.Context, userID string) error {
	s, _ := r.oldOf(userID)
	tags, err := tagsOf(ctx, r.from.Shards[s.db], r.fromTable(s, "user_tag"), userID)
	if err != nil {
		return err
	}
	for _, t := range s.targets {
		if err := deleteTagsOf(ctx, r.to.Shards[t.db], r.toTable(t, "user_tag"), userID); err != nil {
			return err
		}
	}
	if len(tags) == 0 {
		return nil
	}
	t := r.route(userID)
	return writeUserTags(ctx, r.to.Shards[t.db], r.toTable(t, "user_tag"), tags)
}
