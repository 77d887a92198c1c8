package legacy

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// writeRows writes user coupons (Seq unset) into their users' shard tables
// with their ISSUED outbox events, the shard databases in parallel. A row
// whose request id is already stored is left alone and gets no event: a
// batch written twice writes nothing the second time. It returns how many
// rows it wrote.
func (mg *Migrator) writeRows(ctx context.Context, rows []*models.UserCoupon) (int64, error) {
	type part struct {
		route sharding.Route
		rows  []*models.UserCoupon
	}
	l := mg.st.Layout()
	byDB := make([]map[int]*part, len(l.Shards))
	for _, r := range rows {
		route := l.Router.Route(r.UserID)
		if byDB[route.DB] == nil {
			byDB[route.DB] = map[int]*part{}
		}
		p := byDB[route.DB][route.Table]
		if p == nil {
			p = &part{route: route}
			byDB[route.DB][route.Table] = p
		}
		p.rows = append(p.rows, r)
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		written  int64
		firstErr error
	)
	write := func(db *gorm.DB, p *part) error {
		n, err := mg.writeTable(ctx, db, p.route, p.rows)
		mu.Lock()
		defer mu.Unlock()
		written += n
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("legacy: write %s: %w", p.route, err)
		}
		return err
	}
	for dbi, parts := range byDB {
		if len(parts) == 0 {
			continue
		}
		db := store.OnPrimary(ctx, l.Shards[dbi])
		if mg.st.Dialect == store.SQLite {
			// One writer per SQLite file: its tables in turn.
			wg.Go(func() {
				for t := 0; t < l.Router.Tables(); t++ {
					if p := parts[t]; p != nil && write(db, p) != nil {
						return
					}
				}
			})
			continue
		}
		for _, p := range parts {
			wg.Go(func() { _ = write(db, p) })
		}
	}
	wg.Wait()
	return written, firstErr
}

// legacySeq numbers a copied row without a read: below zero, from its
// legacy id, so that it never takes a number coupond's own rows of the
// user count from 1 with (claims take count+1; twins the smallest free).
func legacySeq(legacyID int64) int {
	return -int((legacyID-1)%math.MaxInt32) - 1
}

type held struct {
	UserID    string
	CouponID  uint64
	Seq       int
	RequestID string
	LegacyID  *int64
}

// writeTable writes rows of one shard table. A copied row is numbered from
// its legacy id (legacySeq) and written without a read; the rows the
// insert turned away (a twin a dual write made first, or, rarely, a number
// taken) are read against the table: those stored are dropped, the others
// take the smallest number their user has free for the coupon, and are
// tried again.
func (mg *Migrator) writeTable(ctx context.Context, db *gorm.DB, route sharding.Route, rows []*models.UserCoupon) (int64, error) {
	var written int64
	pending := rows
	for _, r := range pending {
		if r.Seq == 0 && r.LegacyID != nil {
			r.Seq = legacySeq(*r.LegacyID)
		}
	}
	for attempt := 0; len(pending) > 0; attempt++ {
		if attempt == 5 {
			return written, fmt.Errorf("%d rows found no free seq after %d attempts", len(pending), attempt)
		}
		if attempt > 0 {
			var err error
			if pending, err = mg.assignSeqs(db, route, pending); err != nil {
				return written, err
			}
			if len(pending) == 0 {
				break
			}
		}
		per := coupon.RowsPerStatement(mg.st.Dialect, len(models.UserCouponColumns), math.MaxInt)
		var lost []*models.UserCoupon
		for start := 0; start < len(pending); start += per {
			chunk := pending[start:min(start+per, len(pending))]
			ids, err := mg.insertChunk(ctx, db, route, chunk)
			if err != nil {
				return written, err
			}
			written += int64(len(ids))
			for _, r := range chunk {
				if _, ok := ids[r.RequestID]; !ok {
					lost = append(lost, r)
				}
			}
		}
		pending = lost
	}
	return written, nil
}

// assignSeqs drops the rows already stored (by request id, or by legacy id:
// a twin a dual write made first) and numbers the others.
func (mg *Migrator) assignSeqs(db *gorm.DB, route sharding.Route, rows []*models.UserCoupon) ([]*models.UserCoupon, error) {
	users := make([]string, 0, len(rows))
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r.UserID] {
			seen[r.UserID] = true
			users = append(users, r.UserID)
		}
	}
	var have []held
	if err := db.Table(route.UserCouponTable()).Select("user_id, coupon_id, seq, request_id, legacy_id").
		Where("user_id IN ?", users).Scan(&have).Error; err != nil {
		return nil, err
	}
	type uc struct {
		user   string
		coupon uint64
	}
	taken := map[uc]map[int]bool{}
	stored := make(map[string]bool, len(have))
	for _, h := range have {
		stored[h.UserID+"\x00"+h.RequestID] = true
		if h.LegacyID != nil {
			stored[h.UserID+"\x00#"+strconv.FormatInt(*h.LegacyID, 10)] = true
		}
		k := uc{h.UserID, h.CouponID}
		if taken[k] == nil {
			taken[k] = map[int]bool{}
		}
		taken[k][h.Seq] = true
	}
	out := rows[:0:0]
	for _, r := range rows {
		if stored[r.UserID+"\x00"+r.RequestID] || (r.LegacyID != nil && stored[r.UserID+"\x00#"+strconv.FormatInt(*r.LegacyID, 10)]) {
			continue
		}
		k := uc{r.UserID, r.CouponID}
		if taken[k] == nil {
			taken[k] = map[int]bool{}
		}
		seq := 1
		for taken[k][seq] {
			seq++
		}
		taken[k][seq] = true
		r.Seq = seq
		out = append(out, r)
	}
	return out, nil
}

// insertChunk inserts rows and the ISSUED events of those it wrote in one
// shard transaction; it returns the ids of the rows written, by request id.
// A row whose (user_id, request_id) or (user_id, coupon_id, seq) is taken
// is skipped: INSERT IGNORE ... RETURNING on MariaDB 10.5+, INSERT ... ON
// CONFLICT DO NOTHING RETURNING on SQLite; a server without RETURNING
// reads the rows back by request id (assignSeqs dropped those stored
// before, so what it finds is this statement's).
func (mg *Migrator) insertChunk(ctx context.Context, db *gorm.DB, route sharding.Route, rows []*models.UserCoupon) (map[string]uint64, error) {
	returning := coupon.CanReturn(ctx, mg.st, db, route)
	table := route.UserCouponTable()
	var q string
	var args []any
	if returning {
		q, args = coupon.InsertOrIgnore(mg.st.Dialect, table, rows, "id", "request_id")
	} else {
		q, args = coupon.InsertOrIgnore(mg.st.Dialect, table, rows)
	}
	ids := make(map[string]uint64, len(rows))
	err := db.Transaction(func(tx *gorm.DB) error {
		conn := tx.Statement.ConnPool
		if returning {
			res, err := conn.QueryContext(ctx, q, args...)
			if err != nil {
				return err
			}
			for res.Next() {
				var id uint64
				var req string
				if err := res.Scan(&id, &req); err != nil {
					res.Close()
					return err
				}
				ids[req] = id
			}
			if err := res.Close(); err != nil {
				return err
			}
			if err := res.Err(); err != nil {
				return err
			}
		} else {
			if _, err := conn.ExecContext(ctx, q, args...); err != nil {
				return err
			}
			users, reqs := make([]string, len(rows)), make([]string, len(rows))
			for i, r := range rows {
				users[i], reqs[i] = r.UserID, r.RequestID
			}
			var found []struct {
				ID        uint64
				RequestID string
			}
			if err := tx.Table(table).Select("id, request_id").Where("user_id IN ? AND request_id IN ?", users, reqs).
				Scan(&found).Error; err != nil {
				return err
			}
			for _, f := range found {
				ids[f.RequestID] = f.ID
			}
		}
		if len(ids) == 0 {
			return nil
		}
		// IMPORTED events, one per group of the rows written alike (coupon,
		// channel, hour of issue, status and its hour): the statistics
		// count them in bulk, in this transaction with the rows.
		var events []*models.CouponEvent
		for _, g := range importedGroups(rows, ids) {
			events = append(events, &models.CouponEvent{CouponID: g.couponID, Kind: models.EventImported, Channel: g.channel, Detail: g.detail(), At: g.issued})
		}
		return coupon.InsertEvents(ctx, conn, mg.st.Dialect, route.CouponEventTable(), events)
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// importedGroup is rows one IMPORTED event counts.
type importedGroup struct {
	couponID uint64
	channel  models.Channel
	issued   time.Time // the hour they were issued in
	status   models.UserCouponStatus
	at       time.Time // the hour they took status in
	n        int64
}

func (g *importedGroup) detail() string {
	d := models.ImportedDetail{Count: g.n}
	if g.status != models.UserCouponUnused && g.status != models.UserCouponLocked {
		d.Status, d.At = g.status, g.at
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// importedGroups groups the rows written (those with an id) for their
// IMPORTED events, setting their IDs.
func importedGroups(rows []*models.UserCoupon, ids map[string]uint64) []*importedGroup {
	byKey := map[importedGroup]*importedGroup{}
	var out []*importedGroup
	for _, r := range rows {
		id, ok := ids[r.RequestID]
		if !ok {
			continue
		}
		r.ID = id
		k := importedGroup{couponID: r.CouponID, channel: r.Channel, issued: r.IssuedAt.UTC().Truncate(time.Hour), status: r.Status}
		switch r.Status {
		case models.UserCouponUsed:
			k.at = r.IssuedAt
			if r.UsedAt != nil {
				k.at = *r.UsedAt
			}
		case models.UserCouponExpired:
			k.at = r.ValidUntil
		case models.UserCouponRevoked:
			k.at = r.UpdatedAt
		}
		k.at = k.at.UTC().Truncate(time.Hour)
		g := byKey[k]
		if g == nil {
			g = &importedGroup{couponID: k.couponID, channel: k.channel, issued: k.issued, status: k.status, at: k.at}
			byKey[k] = g
			out = append(out, g)
		}
		g.n++
	}
	return out
}

// importedDetail is the IMPORTED detail of one row (a twin made on the
// spot), or nil for a row the statistics count as issued only.
func importedDetail(r *models.UserCoupon) any {
	g := importedGroups([]*models.UserCoupon{r}, map[string]uint64{r.RequestID: r.ID})
	if len(g) == 0 {
		return nil
	}
	return g[0].detail()
}
