package legacy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/models"
)

// VerifyOptions tune Verify.
type VerifyOptions struct {
	// Batch is how many rows of the monolith's table one read takes (5000
	// when 0); the users of a batch are compared together.
	Batch int
	// Recheck is how long Verify waits before it looks again at a user (or
	// a coupon's stock) that differed, so that a write in flight between
	// its two reads is not reported (250 ms when 0).
	Recheck time.Duration
	// Progress, when set, is told after every batch.
	Progress func(VerifyProgress)
	// Report, when set, receives every confirmed difference.
	Report func(models.MigrationDiff) error
}

// VerifyProgress is how far a verify is.
type VerifyProgress struct {
	Users       int64 // users compared
	LegacyRows  int64 // rows of the monolith's table read
	CoupondRows int64 // coupond rows of migrated coupons read
	Differences int64 // confirmed differences
}

// view is what verify compares of a user coupon: the fields that matter,
// the status as it reads now (an UNUSED coupon past its validity is
// EXPIRED on both sides, whichever marked it).
type view struct {
	CouponID           uint64
	Status             models.UserCouponStatus
	OrderID            string
	ValidFrom, ValidTo int64
	UsedAt             int64
}

func viewOf(uc *models.UserCoupon, now time.Time) view {
	v := view{CouponID: uc.CouponID, Status: coupon.Effective(uc, now), ValidFrom: uc.ValidFrom.Unix(), ValidTo: uc.ValidUntil.Unix()}
	if v.Status == models.UserCouponLocked || v.Status == models.UserCouponUsed {
		v.OrderID = deref(uc.OrderID)
	}
	if v.Status == models.UserCouponUsed && uc.UsedAt != nil {
		v.UsedAt = uc.UsedAt.Unix()
	}
	return v
}

func (v view) String() string {
	s := fmt.Sprintf("coupon %d %s valid %s..%s", v.CouponID, v.Status, time.Unix(v.ValidFrom, 0).UTC().Format(time.DateTime),
		time.Unix(v.ValidTo, 0).UTC().Format(time.DateTime))
	if v.OrderID != "" {
		s += " order " + v.OrderID
	}
	if v.UsedAt != 0 {
		s += " used " + time.Unix(v.UsedAt, 0).UTC().Format(time.DateTime)
	}
	return s
}

// userSides is one user's rows of migrated coupons on both sides.
type userSides struct {
	legacy  map[int64]view // by legacy id
	linked  map[int64]view // coupond twins, by the legacy id they name
	twinIDs map[int64]uint64
	loose   map[uint64]view // coupond rows of migrated coupons with no twin
}

// checksum sums up one side's views: equal sums, equal sides.
func checksum(vs map[int64]view) string {
	keys := make([]string, 0, len(vs))
	for id, v := range vs {
		keys = append(keys, fmt.Sprintf("%d|%+v", id, v))
	}
	sort.Strings(keys)
	h := sha256.Sum256([]byte(strings.Join(keys, "\n")))
	return hex.EncodeToString(h[:8])
}

// diffs lists a user's differences.
func (u *userSides) diffs(userID string) []models.MigrationDiff {
	if len(u.loose) == 0 && len(u.legacy) == len(u.linked) && checksum(u.legacy) == checksum(u.linked) {
		return nil
	}
	var out []models.MigrationDiff
	for id, lv := range u.legacy {
		lid := id
		cv, ok := u.linked[id]
		switch {
		case !ok:
			out = append(out, models.MigrationDiff{Kind: models.DiffMissingInCoupond, UserID: userID, CouponID: lv.CouponID, LegacyID: &lid, Legacy: lv.String()})
		case cv != lv:
			tid := u.twinIDs[id]
			out = append(out, models.MigrationDiff{Kind: models.DiffFields, UserID: userID, CouponID: lv.CouponID, LegacyID: &lid,
				UserCouponID: &tid, Legacy: lv.String(), Coupond: cv.String()})
		}
	}
	for id, cv := range u.linked {
		if _, ok := u.legacy[id]; !ok {
			lid, tid := id, u.twinIDs[id]
			out = append(out, models.MigrationDiff{Kind: models.DiffMissingInLegacy, UserID: userID, CouponID: cv.CouponID, LegacyID: &lid,
				UserCouponID: &tid, Coupond: cv.String()})
		}
	}
	for id, cv := range u.loose {
		tid := id
		out = append(out, models.MigrationDiff{Kind: models.DiffMissingInLegacy, UserID: userID, CouponID: cv.CouponID, UserCouponID: &tid, Coupond: cv.String()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Legacy+out[i].Coupond < out[j].Legacy+out[j].Coupond })
	return out
}

// Verify compares the two sides user by user: every row of the monolith's
// table with its coupond twin (the coupon, the status as it reads now, the
// order, the validity, the use time), and every coupond row of a migrated
// coupon with its row there; then every migrated coupon's remaining stock.
// Users are read in batches from the monolith's table in user order, their
// coupond rows from their shard tables in one query per table; a user
// whose checksums differ is looked at again after Recheck, and only what
// still differs is reported (a write in flight between the two reads is
// not a difference). Coupond rows of migrated coupons with no twin, of
// users the monolith's table does not have, are found from the shard
// tables. Run it under load: the figures it returns are of one pass.
func (mg *Migrator) Verify(ctx context.Context, opt VerifyOptions) (VerifyProgress, error) {
	if opt.Batch <= 0 {
		opt.Batch = 5000
	}
	if opt.Recheck <= 0 {
		opt.Recheck = 250 * time.Millisecond
	}
	var p VerifyProgress
	if _, err := mg.ldb(ctx); err != nil {
		return p, err
	}
	if err := mg.Load(ctx); err != nil {
		return p, err
	}
	report := func(d models.MigrationDiff) error {
		p.Differences++
		if opt.Report != nil {
			return opt.Report(d)
		}
		return nil
	}
	seen := map[string]bool{}
	var suspects []string
	u := mg.m.UserCoupons
	var after *string
	for {
		if err := ctx.Err(); err != nil {
			return p, err
		}
		where, args := "", []any{}
		if after != nil {
			where, args = "WHERE "+u.UserID+" > ?", append(args, *after)
		}
		batch, err := mg.readRows(ctx, where+" ORDER BY "+u.UserID+", "+u.ID+" LIMIT ?", append(args, opt.Batch)...)
		if err != nil {
			return p, err
		}
		if len(batch) == 0 {
			break
		}
		// A full batch may end inside a user's rows: leave that user to the
		// next read (unless the batch is all one user's: read the rest).
		last := batch[len(batch)-1].UserID.S
		if len(batch) == opt.Batch {
			cut := len(batch)
			for cut > 0 && batch[cut-1].UserID.S == last {
				cut--
			}
			if cut == 0 {
				rest, err := mg.readRows(ctx, "WHERE "+u.UserID+" = ? ORDER BY "+u.ID, last)
				if err != nil {
					return p, err
				}
				batch = rest
			} else {
				batch = batch[:cut]
				last = batch[cut-1].UserID.S
			}
		}
		after = &last
		var users []string
		for _, r := range batch {
			id := mg.m.userID(strings.TrimSpace(r.UserID.S))
			if !seen[id] {
				seen[id] = true
				users = append(users, id)
			}
		}
		sides, nl, nc, err := mg.readSides(ctx, users, batch)
		if err != nil {
			return p, err
		}
		p.Users += int64(len(users))
		p.LegacyRows += nl
		p.CoupondRows += nc
		for _, user := range users {
			if sides[user].diffs(user) != nil {
				suspects = append(suspects, user)
			}
		}
		if opt.Progress != nil {
			opt.Progress(p)
		}
	}
	// Coupond rows of migrated coupons whose users the monolith's table
	// does not have: they have no twin there.
	loose, err := mg.looseUsers(ctx, seen)
	if err != nil {
		return p, err
	}
	p.Users += int64(len(loose))
	suspects = append(suspects, loose...)
	if err := mg.recheck(ctx, suspects, opt.Recheck, report); err != nil {
		return p, err
	}
	if err := mg.verifyStock(ctx, report); err != nil {
		return p, err
	}
	if opt.Progress != nil {
		opt.Progress(p)
	}
	return p, nil
}

// recheck looks again at users that differed and reports what still does.
func (mg *Migrator) recheck(ctx context.Context, users []string, wait time.Duration, report func(models.MigrationDiff) error) error {
	for start := 0; start < len(users); start += 500 {
		part := users[start:min(start+500, len(users))]
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		sides, _, _, err := mg.readSides(ctx, part, nil)
		if err != nil {
			return err
		}
		for _, user := range part {
			for _, d := range sides[user].diffs(user) {
				if err := report(d); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// readSides reads users' rows of migrated coupons on both sides (the
// monolith's from have, when the caller read them already), and counts
// them.
func (mg *Migrator) readSides(ctx context.Context, users []string, have []legacyRow) (map[string]*userSides, int64, int64, error) {
	out := make(map[string]*userSides, len(users))
	lusers := make([]string, 0, len(users))
	for _, user := range users {
		out[user] = &userSides{legacy: map[int64]view{}, linked: map[int64]view{}, twinIDs: map[int64]uint64{}, loose: map[uint64]view{}}
		if lu, err := mg.legacyUser(user); err == nil {
			lusers = append(lusers, lu)
		}
	}
	now := mg.now()
	var nl, nc int64
	if len(lusers) > 0 {
		var lrows []models.UserCoupon
		var err error
		if have != nil {
			lrows, err = mg.convert(ctx, have)
		} else {
			lrows, err = mg.rows(ctx, "WHERE "+mg.m.UserCoupons.UserID+" IN ?", lusers)
		}
		if err != nil {
			return nil, 0, 0, err
		}
		for i := range lrows {
			r := &lrows[i]
			if s := out[r.UserID]; s != nil {
				s.legacy[*r.LegacyID] = viewOf(r, now)
				nl++
			}
		}
	}
	rows, err := mg.coupondOf(ctx, users)
	if err != nil {
		return nil, 0, 0, err
	}
	for i := range rows {
		r := &rows[i]
		s := out[r.UserID]
		if s == nil {
			continue
		}
		nc++
		if r.LegacyID != nil {
			s.linked[*r.LegacyID] = viewOf(r, now)
			s.twinIDs[*r.LegacyID] = r.ID
		} else {
			s.loose[r.ID] = viewOf(r, now)
		}
	}
	return out, nl, nc, nil
}

// coupondOf reads users' coupond rows of migrated coupons (and any twin),
// one query per shard table, from the primaries.
func (mg *Migrator) coupondOf(ctx context.Context, users []string) ([]models.UserCoupon, error) {
	byTable := map[string][]string{}
	for _, user := range users {
		_, route := mg.st.Shard(user)
		byTable[route.String()] = append(byTable[route.String()], user)
	}
	migrated := mg.migratedIDs()
	var (
		out      []models.UserCoupon
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
	)
	for _, us := range byTable {
		wg.Go(func() {
			db, route := mg.st.Shard(us[0])
			q := db.WithContext(ctx).Clauses(dbresolver.Write).Table(route.UserCouponTable()).Where("user_id IN ?", us)
			if len(migrated) > 0 {
				q = q.Where("legacy_id IS NOT NULL OR coupon_id IN ?", migrated)
			} else {
				q = q.Where("legacy_id IS NOT NULL")
			}
			var rows []models.UserCoupon
			err := q.Find(&rows).Error
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			out = append(out, rows...)
		})
	}
	wg.Wait()
	return out, firstErr
}

// migratedIDs lists the migrated coupons.
func (mg *Migrator) migratedIDs() []uint64 {
	m := mg.migrated.Load()
	out := make([]uint64, 0, len(m.toLegacy))
	for id := range m.toLegacy {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// looseUsers lists the users, not in seen, who hold a coupond row of a
// migrated coupon with no twin.
func (mg *Migrator) looseUsers(ctx context.Context, seen map[string]bool) ([]string, error) {
	migrated := mg.migratedIDs()
	if len(migrated) == 0 {
		return nil, nil
	}
	var out []string
	l := mg.st.Layout()
	for _, db := range l.Shards {
		for _, table := range l.Router.TableNames("user_coupon") {
			var users []string
			err := db.WithContext(ctx).Clauses(dbresolver.Write).Table(table).Where("coupon_id IN ? AND legacy_id IS NULL", migrated).
				Distinct("user_id").Pluck("user_id", &users).Error
			if err != nil {
				return nil, err
			}
			for _, u := range users {
				if !seen[u] {
					seen[u] = true
					out = append(out, u)
				}
			}
		}
	}
	return out, nil
}

// verifyStock compares every migrated coupon's remaining stock on both
// sides: a difference is reported when it is settled (settledDelta), not a
// claim's units in flight.
func (mg *Migrator) verifyStock(ctx context.Context, report func(models.MigrationDiff) error) error {
	c := mg.m.Coupons
	if c.Remaining == "" {
		return nil
	}
	l, err := mg.ldb(ctx)
	if err != nil {
		return err
	}
	m := mg.migrated.Load()
	for _, id := range mg.migratedIDs() {
		var theirs, ours int64
		read := func() (int64, int64, error) {
			var err error
			if ours, err = mg.coupondRemaining(ctx, id); err != nil {
				return 0, 0, err
			}
			err = l.Raw("SELECT "+c.Remaining+" FROM "+c.Table+" WHERE "+c.ID+" = ?", m.toLegacy[id]).Row().Scan(&theirs)
			return theirs, ours, err
		}
		t, o, err := read()
		if err != nil {
			return err
		}
		if t == o {
			continue
		}
		delta, err := settledDelta(ctx, read)
		if err != nil {
			return fmt.Errorf("legacy: coupon %d: %w", id, err)
		}
		if delta == 0 {
			continue
		}
		if err := report(models.MigrationDiff{Kind: models.DiffStock, CouponID: id, Legacy: fmt.Sprintf("remaining %d", theirs),
			Coupond: fmt.Sprintf("remaining %d (settled difference %+d)", ours, -delta)}); err != nil {
			return err
		}
	}
	return nil
}

// RepairDiffs sets right the differences a verify task reported (those
// not repaired yet), and returns how many it repaired. Where both sides
// have the row and they differ, the side read now wins (the monolith's in
// LEGACY_ONLY and DUAL_WRITE, coupond's after); a row missing on one side
// is made there (paired first with a row a lost link left behind), since a
// coupon a user held on either side is theirs; a stock difference takes
// the side read now.
func (mg *Migrator) RepairDiffs(ctx context.Context, taskID uint64, progress func(done int64)) (int64, error) {
	if _, err := mg.ldb(ctx); err != nil {
		return 0, err
	}
	legacyWins := mg.Mode().LegacyPrimary()
	var done int64
	var lastID uint64
	for {
		var diffs []models.MigrationDiff
		if err := mg.meta(ctx).Where("task_id = ? AND repaired_at IS NULL AND id > ?", taskID, lastID).Order("id").Limit(200).Find(&diffs).Error; err != nil {
			return done, err
		}
		if len(diffs) == 0 {
			return done, nil
		}
		for _, d := range diffs {
			lastID = d.ID
			if err := ctx.Err(); err != nil {
				return done, err
			}
			var err error
			switch {
			case d.Kind == models.DiffStock:
				err = mg.syncStock(ctx, d.CouponID, !legacyWins)
			case d.Kind == models.DiffMissingInCoupond || (d.Kind == models.DiffFields && legacyWins):
				err = mg.syncToCoupond(ctx, d.UserID, *d.LegacyID, "", payload{})
			case d.UserCouponID != nil:
				ref := &models.UserCoupon{ID: *d.UserCouponID, UserID: d.UserID}
				if d.Kind == models.DiffMissingInLegacy && d.LegacyID != nil {
					// Its twin is gone from the monolith's table: unlink it
					// so that a new one is made.
					err = mg.unlink(ctx, d.UserID, *d.UserCouponID)
				}
				if err == nil {
					err = mg.syncToLegacy(ctx, []*models.UserCoupon{ref})
				}
			}
			if err != nil {
				return done, fmt.Errorf("legacy: repair %s of user %q: %w", d.Kind, d.UserID, err)
			}
			now := mg.now()
			if err := mg.meta(ctx).Model(&models.MigrationDiff{}).Where("id = ?", d.ID).Update("repaired_at", &now).Error; err != nil {
				return done, err
			}
			done++
			if progress != nil {
				progress(done)
			}
		}
	}
}

// unlink clears a coupond row's legacy id.
func (mg *Migrator) unlink(ctx context.Context, userID string, id uint64) error {
	db, route := mg.st.Shard(userID)
	return db.WithContext(ctx).Clauses(dbresolver.Write).Table(route.UserCouponTable()).Where("id = ? AND user_id = ?", id, userID).
		Update("legacy_id", gorm.Expr("NULL")).Error
}
