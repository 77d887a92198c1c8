package legacy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"github.com/coupond/coupond/internal/loop"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// The writes of the second side during DUAL_WRITE and DUAL_WRITE_NEW_READ.
// Each brings one side's row to the other side's present state (read
// again, not taken from the caller), so that doing it twice, late, or
// after a later change is harmless: that is what lets a failed one wait in
// the repair log.

var (
	mirrorFailures = promauto.NewCounterVec(prometheus.CounterOpts{Name: "coupond_migration_mirror_failures_total",
		Help: "Writes to the second side of a dual write that failed and went to the repair log."}, []string{"direction"})
	repairsDone = promauto.NewCounter(prometheus.CounterOpts{Name: "coupond_migration_repairs_total",
		Help: "Entries of the migration repair log set right."})
)

// payload is what a TO_COUPOND repair keeps besides the row's ids: what
// the monolith's table has no column for, and the outbox event.
type payload struct {
	Channel         models.Channel      `json:"channel,omitempty"`
	HoldUntil       *time.Time          `json:"holdUntil,omitempty"`
	LastOrderID     *string             `json:"lastOrderId,omitempty"`
	DiscountApplied decimal.NullDecimal `json:"discountApplied"`
	Event           *models.CouponEvent `json:"event,omitempty"`
}

// MirrorToCoupond brings the coupond twin of a row of the monolith's table
// (uc: LegacyID set) to the row's state as the monolith holds it now,
// creating the twin (with uc's RequestID and Channel) when there is none.
// Of uc it also keeps what the monolith's table has no column for:
// HoldUntil, LastOrderID, DiscountApplied. event, when not nil, is written
// with the change, if it changed anything. It never fails the caller: a
// failure goes to the repair log, which retries it until it holds.
func (mg *Migrator) MirrorToCoupond(ctx context.Context, uc *models.UserCoupon, event *models.CouponEvent) {
	if uc.LegacyID == nil {
		return
	}
	p := payload{Channel: uc.Channel, HoldUntil: uc.HoldUntil, LastOrderID: uc.LastOrderID, DiscountApplied: uc.DiscountApplied, Event: event}
	err := mg.injected(models.RepairToCoupond)
	if err == nil {
		err = mg.syncToCoupond(ctx, uc.UserID, *uc.LegacyID, uc.RequestID, p)
	}
	if err != nil {
		b, _ := json.Marshal(p)
		mg.recordRepair(ctx, models.MigrationRepair{Direction: models.RepairToCoupond, Kind: models.RepairRow, UserID: uc.UserID,
			CouponID: uc.CouponID, LegacyID: uc.LegacyID, RequestID: uc.RequestID, Payload: string(b)}, err)
	}
}

// syncToCoupond brings the twin of legacy row legacyID to the row's
// present state, in one shard transaction with the event of the change:
// it creates the twin (request id requestID, or "legacy:<id>"; an ISSUED
// event) when there is none, updates it when it differs, and leaves it
// alone (and writes no event) when it is the same. A row gone from the
// monolith's table is left alone.
func (mg *Migrator) syncToCoupond(ctx context.Context, userID string, legacyID int64, requestID string, p payload) error {
	cur, err := mg.Get(ctx, userID, legacyID)
	if models.ErrorCode(err) == models.CodeNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if requestID == "" || requestID == RequestID(legacyID) {
		requestID = RequestID(legacyID)
	}
	cur.RequestID = requestID
	if p.Channel != "" {
		cur.Channel = p.Channel
	}
	cur.HoldUntil, cur.LastOrderID = p.HoldUntil, p.LastOrderID
	if cur.Status == models.UserCouponUsed {
		cur.DiscountApplied = p.DiscountApplied
	}
	if cur.Status != models.UserCouponLocked {
		cur.HoldUntil = nil
	}
	db, route := mg.st.Shard(userID)
	primary := store.OnPrimary(ctx, db)
	for attempt := 0; ; attempt++ {
		err := primary.Transaction(func(tx *gorm.DB) error { return mg.syncTwin(tx, route, cur, p.Event) })
		if err == nil || !store.IsDuplicate(err) || attempt == 3 {
			return err
		}
		// A concurrent writer took the seq (or made the twin) meanwhile.
	}
}

// syncTwin is syncToCoupond's transaction.
func (mg *Migrator) syncTwin(tx *gorm.DB, route sharding.Route, cur *models.UserCoupon, event *models.CouponEvent) error {
	table := route.UserCouponTable()
	var twins []models.UserCoupon
	if err := tx.Table(table).Where("user_id = ? AND legacy_id = ?", cur.UserID, *cur.LegacyID).Limit(1).Find(&twins).Error; err != nil {
		return err
	}
	writeEvent := func(id uint64, e *models.CouponEvent) error {
		ev := *e
		ev.ID, ev.UserID, ev.CouponID, ev.UserCouponID = 0, cur.UserID, cur.CouponID, id
		if ev.Channel == "" {
			ev.Channel = cur.Channel
		}
		if ev.At.IsZero() {
			ev.At = mg.now()
		}
		return tx.Table(route.CouponEventTable()).Create(&ev).Error
	}
	if len(twins) == 0 {
		var seqs []int
		if err := tx.Table(table).Where("user_id = ? AND coupon_id = ?", cur.UserID, cur.CouponID).Pluck("seq", &seqs).Error; err != nil {
			return err
		}
		taken := map[int]bool{}
		for _, s := range seqs {
			taken[s] = true
		}
		cur.Seq = 1
		for taken[cur.Seq] {
			cur.Seq++
		}
		row := *cur
		row.ID = 0
		if err := tx.Table(table).Create(&row).Error; err != nil {
			return err
		}
		// A twin made for a claim just made: its ISSUED event. One made for
		// a row the copy has not reached: IMPORTED, as the copy would have
		// written it (with its status, unless this change is to be counted
		// by its own event).
		switch {
		case event != nil && event.Kind == models.EventIssued:
			return writeEvent(row.ID, event)
		case event != nil:
			if err := writeEvent(row.ID, &models.CouponEvent{Kind: models.EventImported, Channel: row.Channel, At: row.IssuedAt}); err != nil {
				return err
			}
			return writeEvent(row.ID, event)
		default:
			imported := &models.CouponEvent{Kind: models.EventImported, Channel: row.Channel, At: row.IssuedAt}
			if d, ok := importedDetail(&row).(string); ok {
				imported.Detail = d
			}
			return writeEvent(row.ID, imported)
		}
	}
	twin := twins[0]
	set := twinChanges(&twin, cur)
	if len(set) == 0 {
		return nil
	}
	set["updated_at"] = mg.now()
	res := tx.Table(table).Where("id = ? AND updated_at = ?", twin.ID, twin.UpdatedAt).Updates(set)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("legacy: the twin of %d changed meanwhile", *cur.LegacyID)
	}
	if event == nil {
		return nil
	}
	e := *event
	if e.Kind == models.EventRefunded && !e.Amount.Valid {
		e.Amount = twin.DiscountApplied
	}
	return writeEvent(twin.ID, &e)
}

// twinChanges are the columns of twin that differ from cur, the state it
// must take.
func twinChanges(twin, cur *models.UserCoupon) map[string]any {
	set := map[string]any{}
	if twin.Status != cur.Status {
		set["status"] = cur.Status
	}
	if deref(twin.OrderID) != deref(cur.OrderID) {
		set["order_id"] = cur.OrderID
	}
	if !sameTime(twin.UsedAt, cur.UsedAt) {
		set["used_at"] = cur.UsedAt
	}
	if !twin.ValidFrom.Truncate(time.Second).Equal(cur.ValidFrom.Truncate(time.Second)) {
		set["valid_from"] = cur.ValidFrom
	}
	if !twin.ValidUntil.Truncate(time.Second).Equal(cur.ValidUntil.Truncate(time.Second)) {
		set["valid_until"] = cur.ValidUntil
	}
	if len(set) == 0 {
		return set // nothing the monolith's table holds changed
	}
	set["hold_until"] = cur.HoldUntil
	if cur.LastOrderID != nil {
		set["last_order_id"] = cur.LastOrderID
	}
	if cur.Status == models.UserCouponUsed {
		if cur.DiscountApplied.Valid {
			set["discount_applied"] = cur.DiscountApplied
		}
	} else {
		set["discount_applied"] = nil
	}
	return set
}

// MirrorToLegacy brings the monolith's twins of coupond rows to the rows'
// present state, creating the rows the monolith lacks and linking them
// (LegacyID). ucs name the rows by ID, or, with ID 0, by (user, request
// id). It never fails the caller: a failure goes to the repair log.
func (mg *Migrator) MirrorToLegacy(ctx context.Context, ucs []*models.UserCoupon) {
	if len(ucs) == 0 {
		return
	}
	err := mg.injected(models.RepairToLegacy)
	if err == nil {
		err = mg.syncToLegacy(ctx, ucs)
	}
	if err != nil {
		rows, rerr := mg.coupondRows(ctx, ucs)
		if rerr != nil {
			slog.ErrorContext(ctx, "migration: a write to the monolith's table failed and its rows could not be read for the repair log",
				"err", err, "read", rerr, "rows", len(ucs))
			mirrorFailures.WithLabelValues(models.RepairToLegacy).Add(float64(len(ucs)))
			return
		}
		for _, r := range rows {
			id := r.ID
			mg.recordRepair(ctx, models.MigrationRepair{Direction: models.RepairToLegacy, Kind: models.RepairRow, UserID: r.UserID,
				CouponID: r.CouponID, UserCouponID: &id, RequestID: r.RequestID}, err)
		}
	}
}

// coupondRows reads coupond rows named as MirrorToLegacy names them, from
// the primaries.
func (mg *Migrator) coupondRows(ctx context.Context, ucs []*models.UserCoupon) ([]models.UserCoupon, error) {
	type group struct {
		db    *gorm.DB
		route sharding.Route
		users []string
		reqs  []string
		ids   []uint64
	}
	groups := map[string]*group{}
	for _, uc := range ucs {
		db, route := mg.st.Shard(uc.UserID)
		g := groups[route.String()]
		if g == nil {
			g = &group{db: store.OnPrimary(ctx, db), route: route}
			groups[route.String()] = g
		}
		if uc.ID != 0 {
			g.ids = append(g.ids, uc.ID)
		} else {
			g.users, g.reqs = append(g.users, uc.UserID), append(g.reqs, uc.UserID+"\x00"+uc.RequestID)
		}
	}
	var out []models.UserCoupon
	for _, g := range groups {
		if len(g.ids) > 0 {
			var rows []models.UserCoupon
			if err := g.db.Table(g.route.UserCouponTable()).Where("id IN ?", g.ids).Find(&rows).Error; err != nil {
				return nil, err
			}
			out = append(out, rows...)
		}
		if len(g.users) > 0 {
			want := map[string]bool{}
			var reqs []string
			for _, k := range g.reqs {
				want[k] = true
				_, req, _ := cut0(k)
				reqs = append(reqs, req)
			}
			var rows []models.UserCoupon
			if err := g.db.Table(g.route.UserCouponTable()).Where("user_id IN ? AND request_id IN ?", g.users, reqs).Find(&rows).Error; err != nil {
				return nil, err
			}
			for _, r := range rows {
				if want[r.UserID+"\x00"+r.RequestID] {
					out = append(out, r)
				}
			}
		}
	}
	return out, nil
}

func cut0(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// syncToLegacy brings the monolith's twins of coupond rows to the rows'
// present state: a linked row's twin is updated where it differs; an
// unlinked row is paired with a row of the monolith's table that a crash
// left unlinked (same user, template and issue second, no twin of its
// own), or gets a new one, and is linked to it.
func (mg *Migrator) syncToLegacy(ctx context.Context, refs []*models.UserCoupon) error {
	l, err := mg.ldb(ctx)
	if err != nil {
		return err
	}
	rows, err := mg.coupondRows(ctx, refs)
	if err != nil {
		return err
	}
	var linked, unlinked []*models.UserCoupon
	for i := range rows {
		r := &rows[i]
		if !mg.Migrated(r.CouponID) {
			continue
		}
		if r.LegacyID != nil {
			linked = append(linked, r)
		} else {
			unlinked = append(unlinked, r)
		}
	}
	if len(linked) > 0 {
		if err := mg.updateTwins(ctx, l, linked); err != nil {
			return err
		}
	}
	if len(unlinked) > 0 {
		return mg.createTwins(ctx, l, unlinked)
	}
	return nil
}

// updateTwins sets the monolith's rows of linked coupond rows to their
// state where it differs.
func (mg *Migrator) updateTwins(ctx context.Context, l *gorm.DB, rows []*models.UserCoupon) error {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = *r.LegacyID
	}
	u := mg.m.UserCoupons
	lrows, err := mg.rows(ctx, "WHERE "+u.ID+" IN ?", ids)
	if err != nil {
		return err
	}
	byID := make(map[int64]*models.UserCoupon, len(lrows))
	for i := range lrows {
		byID[*lrows[i].LegacyID] = &lrows[i]
	}
	var missing []*models.UserCoupon
	for _, r := range rows {
		cur := byID[*r.LegacyID]
		if cur == nil {
			missing = append(missing, r) // gone from the monolith's table: made again below
			continue
		}
		if cur.Status == r.Status && deref(cur.OrderID) == deref(r.OrderID) && (u.UsedAt == "" || sameTime(cur.UsedAt, r.UsedAt)) {
			continue
		}
		if _, err := mg.Move(ctx, cur, anyStatus, r.Status, r.OrderID, r.UsedAt); err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		for _, r := range missing {
			r.LegacyID = nil
		}
		return mg.createTwins(ctx, l, missing)
	}
	return nil
}

// createTwins gives unlinked coupond rows their rows in the monolith's
// table (one transaction there) and links them.
func (mg *Migrator) createTwins(ctx context.Context, l *gorm.DB, rows []*models.UserCoupon) error {
	if err := mg.pairOrphans(ctx, rows); err != nil {
		return err
	}
	var fresh []*models.UserCoupon
	for _, r := range rows {
		if r.LegacyID == nil {
			fresh = append(fresh, r)
		}
	}
	if len(fresh) > 0 {
		for _, r := range fresh {
			r.IssuedAt = r.IssuedAt.Truncate(time.Second)
		}
		if err := l.Transaction(func(tx *gorm.DB) error { return mg.insertRows(ctx, tx, fresh) }); err != nil {
			return err
		}
	}
	return mg.link(ctx, rows)
}

// link records each row's twin in the monolith's table (legacy_id), where
// it is not recorded yet.
func (mg *Migrator) link(ctx context.Context, rows []*models.UserCoupon) error {
	for _, r := range rows {
		if r.LegacyID == nil {
			continue
		}
		db, route := mg.st.Shard(r.UserID)
		err := db.WithContext(ctx).Clauses(dbresolver.Write).Table(route.UserCouponTable()).
			Where("id = ? AND legacy_id IS NULL", r.ID).Update("legacy_id", *r.LegacyID).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// pairOrphans finds, for unlinked coupond rows, a row of the monolith's
// table written for them by an earlier attempt whose link was lost (the
// same user and template, issued in the same second, no twin in coupond),
// and sets their LegacyID to it.
func (mg *Migrator) pairOrphans(ctx context.Context, rows []*models.UserCoupon) error {
	u := mg.m.UserCoupons
	users := map[string]bool{}
	var lusers []string
	for _, r := range rows {
		lu, err := mg.legacyUser(r.UserID)
		if err != nil {
			return err
		}
		if !users[lu] {
			users[lu] = true
			lusers = append(lusers, lu)
		}
	}
	cands, err := mg.rows(ctx, "WHERE "+u.UserID+" IN ?", lusers)
	if err != nil || len(cands) == 0 {
		return err
	}
	// Which candidates have a twin already.
	twinned := map[int64]bool{}
	byTable := map[string][]int64{}
	shardOf := map[string]string{}
	for _, c := range cands {
		_, route := mg.st.Shard(c.UserID)
		byTable[route.String()] = append(byTable[route.String()], *c.LegacyID)
		shardOf[route.String()] = c.UserID
	}
	for k, ids := range byTable {
		db, route := mg.st.Shard(shardOf[k])
		var have []int64
		if err := db.WithContext(ctx).Clauses(dbresolver.Write).Table(route.UserCouponTable()).
			Where("legacy_id IN ?", ids).Pluck("legacy_id", &have).Error; err != nil {
			return err
		}
		for _, id := range have {
			twinned[id] = true
		}
	}
	for _, r := range rows {
		for i := range cands {
			c := &cands[i]
			if twinned[*c.LegacyID] || c.UserID != r.UserID || c.CouponID != r.CouponID ||
				!c.IssuedAt.Truncate(time.Second).Equal(r.IssuedAt.Truncate(time.Second)) {
				continue
			}
			id := *c.LegacyID
			r.LegacyID = &id
			twinned[id] = true
			break
		}
	}
	return nil
}

// anyStatus matches a row whatever its status (updateTwins sets a twin to
// what coupond holds).
var anyStatus = condAny()

// StockDrift records that the second side's stock of a coupon could not
// follow the first's.
func (mg *Migrator) StockDrift(ctx context.Context, couponID uint64, toLegacy bool, cause error) {
	dir := models.RepairToCoupond
	if toLegacy {
		dir = models.RepairToLegacy
	}
	mg.recordRepair(ctx, models.MigrationRepair{Direction: dir, Kind: models.RepairStock, CouponID: couponID}, cause)
}

// recordRepair writes a repair log entry. When even that fails, the entry
// goes to the log (verify finds the difference and repair sets it right).
func (mg *Migrator) recordRepair(ctx context.Context, r models.MigrationRepair, cause error) {
	mirrorFailures.WithLabelValues(r.Direction).Inc()
	r.LastError = truncate(cause.Error(), 1000)
	r.CreatedAt = mg.now()
	if err := mg.meta(context.WithoutCancel(ctx)).Create(&r).Error; err != nil {
		slog.ErrorContext(ctx, "migration: a second-side write failed and the repair log could not take it",
			"direction", r.Direction, "kind", r.Kind, "user", r.UserID, "coupon", r.CouponID, "legacyId", r.LegacyID,
			"userCouponId", r.UserCouponID, "err", cause, "logErr", err)
		return
	}
	slog.WarnContext(ctx, "migration: a second-side write failed; it is in the repair log",
		"direction", r.Direction, "kind", r.Kind, "user", r.UserID, "coupon", r.CouponID, "err", cause)
}

// PendingRepairs counts the repair log's open entries.
func (mg *Migrator) PendingRepairs(ctx context.Context) (int64, error) {
	var n int64
	err := mg.meta(ctx).Model(&models.MigrationRepair{}).Where("done_at IS NULL").Count(&n).Error
	return n, err
}

// RunRepairs works the repair log once: every open entry (at most limit)
// is tried; it returns how many it set right and the first error.
func (mg *Migrator) RunRepairs(ctx context.Context, limit int) (int, error) {
	var open []models.MigrationRepair
	if err := mg.meta(ctx).Where("done_at IS NULL").Order("id").Limit(limit).Find(&open).Error; err != nil {
		return 0, err
	}
	done := 0
	var first error
	for _, r := range open {
		if ctx.Err() != nil {
			break
		}
		// Claim the attempt: another instance working the log skips it.
		res := mg.meta(ctx).Model(&models.MigrationRepair{}).Where("id = ? AND attempts = ? AND done_at IS NULL", r.ID, r.Attempts).
			Update("attempts", r.Attempts+1)
		if res.Error != nil || res.RowsAffected == 0 {
			continue
		}
		err := mg.repair(ctx, &r)
		set := map[string]any{}
		if err == nil {
			now := mg.now()
			set["done_at"] = &now
			done++
			repairsDone.Inc()
		} else {
			set["last_error"] = truncate(err.Error(), 1000)
			if first == nil {
				first = err
			}
		}
		_ = mg.meta(ctx).Model(&models.MigrationRepair{}).Where("id = ?", r.ID).Updates(set).Error
	}
	return done, first
}

// repair sets one entry right.
func (mg *Migrator) repair(ctx context.Context, r *models.MigrationRepair) error {
	if err := mg.injected(r.Direction); err != nil {
		return err
	}
	switch {
	case r.Kind == models.RepairStock:
		return mg.syncStock(ctx, r.CouponID, r.Direction == models.RepairToLegacy)
	case r.Direction == models.RepairToCoupond && r.LegacyID != nil:
		var p payload
		if r.Payload != "" {
			if err := json.Unmarshal([]byte(r.Payload), &p); err != nil {
				return fmt.Errorf("legacy: repair %d: payload: %w", r.ID, err)
			}
		}
		return mg.syncToCoupond(ctx, r.UserID, *r.LegacyID, r.RequestID, p)
	case r.Direction == models.RepairToLegacy && r.UserCouponID != nil:
		return mg.syncToLegacy(ctx, []*models.UserCoupon{{ID: *r.UserCouponID, UserID: r.UserID}})
	}
	return fmt.Errorf("legacy: repair %d: nothing to do for %s %s", r.ID, r.Direction, r.Kind)
}

// RepairInterval is how often RepairLoop works the repair log.
const RepairInterval = 2 * time.Second

// RepairLoop works the repair log every RepairInterval until ctx ends (on
// every instance that has the monolith's database; entries are claimed one
// at a time).
func (mg *Migrator) RepairLoop(ctx context.Context) {
	if mg.legacy == nil {
		return
	}
	loop.Every(ctx, RepairInterval, func(ctx context.Context) {
		if n, err := mg.RunRepairs(ctx, 500); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "migration repair log", "repaired", n, "err", err)
		} else if n > 0 {
			slog.InfoContext(ctx, "migration repair log", "repaired", n)
		}
	})
}

// syncStock sets one side's remaining stock of a migrated coupon to the
// other's: the monolith's to coupond's (toLegacy), or coupond's slots to
// the monolith's. Claims keep taking stock on both sides meanwhile, so the
// difference is the settled one (settledDelta) and is applied as a
// relative change, which claims in flight do not upset.
func (mg *Migrator) syncStock(ctx context.Context, couponID uint64, toLegacy bool) error {
	l, err := mg.ldb(ctx)
	if err != nil {
		return err
	}
	c := mg.m.Coupons
	if c.Remaining == "" {
		return nil
	}
	tpl, err := mg.templateOf(couponID)
	if err != nil {
		return err
	}
	read := func() (int64, int64, error) {
		ours, err := mg.coupondRemaining(ctx, couponID)
		if err != nil {
			return 0, 0, err
		}
		var theirs int64
		err = l.Raw("SELECT "+c.Remaining+" FROM "+c.Table+" WHERE "+c.ID+" = ?", tpl).Row().Scan(&theirs)
		return theirs, ours, err
	}
	delta, err := settledDelta(ctx, read)
	if err != nil {
		return fmt.Errorf("legacy: coupon %d: %w", couponID, err)
	}
	switch {
	case delta == 0:
		return nil
	case toLegacy:
		return l.Exec("UPDATE "+c.Table+" SET "+c.Remaining+" = "+c.Remaining+" - ? WHERE "+c.ID+" = ?", delta, tpl).Error
	default:
		return mg.adjustCoupondStock(ctx, couponID, delta)
	}
}

// settledDelta is the difference theirs - ours of two stock readings that
// claims move together (each takes a unit on one side, then on the other a
// moment later): the value most of stockReadings readings, stockSettle
// apart, agree on. A claim between its two units shifts one reading by one;
// it does not shift most of them.
func settledDelta(ctx context.Context, read func() (theirs, ours int64, err error)) (int64, error) {
	for attempt := 0; attempt < 5; attempt++ {
		seen := map[int64]int{}
		for i := 0; i < stockReadings; i++ {
			if i > 0 {
				select {
				case <-ctx.Done():
					return 0, ctx.Err()
				case <-time.After(stockSettle):
				}
			}
			t, o, err := read()
			if err != nil {
				return 0, err
			}
			seen[t-o]++
		}
		for d, n := range seen {
			if n > stockReadings/2 {
				return d, nil
			}
		}
	}
	return 0, errors.New("the two sides' stock did not hold still long enough to compare; try again when claims are quieter")
}

// stockReadings and stockSettle: how settledDelta reads.
const stockReadings = 5

const stockSettle = 30 * time.Millisecond

// coupondRemaining is the sum of a coupon's stock slots, on the primary.
func (mg *Migrator) coupondRemaining(ctx context.Context, couponID uint64) (int64, error) {
	var n int64
	err := mg.meta(ctx).Model(&models.CouponStock{}).Select("COALESCE(SUM(remaining), 0)").Where("coupon_id = ?", couponID).Scan(&n).Error
	return n, err
}

// adjustCoupondStock adds delta units (negative: takes them) to a coupon's
// slots with conditional updates.
func (mg *Migrator) adjustCoupondStock(ctx context.Context, couponID uint64, delta int64) error {
	if delta == 0 {
		return nil
	}
	db := mg.meta(ctx)
	if delta > 0 {
		return db.Exec("UPDATE coupon_stocks SET remaining = remaining + ? WHERE coupon_id = ? AND slot = 0", delta, couponID).Error
	}
	want := -delta
	var slots []models.CouponStock
	if err := db.Where("coupon_id = ? AND remaining > 0", couponID).Order("remaining DESC").Find(&slots).Error; err != nil {
		return err
	}
	for _, s := range slots {
		take := min(want, s.Remaining)
		if take <= 0 {
			break
		}
		res := db.Exec("UPDATE coupon_stocks SET remaining = remaining - ? WHERE coupon_id = ? AND slot = ? AND remaining >= ?", take, couponID, s.Slot, take)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 1 {
			want -= take
		}
	}
	if want > 0 {
		return errors.New("legacy: coupond's stock moved meanwhile; try again")
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Truncate(time.Second).Equal(b.Truncate(time.Second))
}
