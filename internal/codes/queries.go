package codes

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// This file holds the package's SQL: every read and write of code_batches
// and redeem_codes goes through one of these.

// primary is the meta database's primary, for ctx.
func (s *Service) primary(ctx context.Context) *gorm.DB {
	return store.OnPrimary(ctx, s.store.Meta)
}

// batch reads batch id from db. Returns NOT_FOUND, UNAVAILABLE.
func (s *Service) batch(db *gorm.DB, id uint64) (*models.CodeBatch, error) {
	var b models.CodeBatch
	err := db.Where("id = ?", id).Take(&b).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.Errorf(models.CodeNotFound, "code batch %d not found", id)
	}
	if err != nil {
		return nil, models.Unavailable("codes.Batch", err)
	}
	return &b, nil
}

// insertBatch stores a new batch (its ID set).
func (s *Service) insertBatch(ctx context.Context, b *models.CodeBatch) error {
	return s.primary(ctx).Create(b).Error
}

// listBatches returns a coupon's batches, newest first.
func (s *Service) listBatches(ctx context.Context, couponID uint64) ([]models.CodeBatch, error) {
	var out []models.CodeBatch
	err := s.store.Meta.WithContext(ctx).Where("coupon_id = ?", couponID).Order("id DESC").Find(&out).Error
	return out, err
}

// disableBatch disables batch id and cancels it if it is still pending or
// running, in one transaction.
func (s *Service) disableBatch(db *gorm.DB, id uint64, now time.Time) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&models.CodeBatch{}).Where("id = ?", id).
			Updates(map[string]any{"disabled": true, "updated_at": now}).Error; err != nil {
			return err
		}
		return tx.Model(&models.CodeBatch{}).Where("id = ? AND status IN ?", id, []models.JobStatus{models.JobPending, models.JobRunning}).
			Updates(map[string]any{"status": models.JobCancelled, "finished_at": now, "lease_until": nil}).Error
	})
}

// leasable returns up to n batches that need a worker at now: active, not
// disabled, their lease free or run out; oldest first.
func (s *Service) leasable(db *gorm.DB, now time.Time, n int) ([]models.CodeBatch, error) {
	var out []models.CodeBatch
	err := db.Where("status IN ? AND disabled = ? AND (lease_until IS NULL OR lease_until < ?)", active, false, now).
		Order("id").Limit(n).Find(&out).Error
	return out, err
}

// takeLease leases batch id to this instance until until (RUNNING), if it
// is still active and its lease free at now; it reports whether it did.
func (s *Service) takeLease(db *gorm.DB, id uint64, now, until time.Time) bool {
	res := db.Model(&models.CodeBatch{}).Where("id = ? AND status IN ? AND (lease_until IS NULL OR lease_until < ?)", id, active, now).
		Updates(map[string]any{"lease_owner": s.o.Owner, "lease_until": until, "status": models.JobRunning})
	return res.Error == nil && res.RowsAffected == 1
}

// insertChunk writes the first use codes of a chunk and moves the
// checkpoint past the whole chunk in one transaction; it returns how many
// codes were new.
func (s *Service) insertChunk(ctx context.Context, b *models.CodeBatch, c chunk, use int) (int64, error) {
	var wrote int64
	err := s.primary(ctx).Transaction(func(tx *gorm.DB) error {
		res, err := tx.Statement.ConnPool.ExecContext(ctx, s.insertSQL(use), c.args[:4*use]...)
		if err != nil {
			return err
		}
		if wrote, err = res.RowsAffected(); err != nil {
			return err
		}
		now := s.o.Now().UTC()
		up := tx.Model(&models.CodeBatch{}).Where("id = ? AND lease_owner = ? AND next_seq = ? AND disabled = ? AND status = ?",
			b.ID, s.o.Owner, c.from, false, models.JobRunning).
			Updates(map[string]any{"generated": gorm.Expr("generated + ?", wrote), "next_seq": c.from + int64(c.n),
				"lease_until": now.Add(leaseTTL), "updated_at": now})
		if up.Error != nil {
			return up.Error
		}
		if up.RowsAffected != 1 {
			return errLostLease
		}
		return nil
	})
	if errors.Is(err, errLostLease) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("insert codes %d..%d: %w", c.from, c.from+int64(c.n)-1, err)
	}
	return wrote, nil
}

// InsertSQL is the statement that writes n codes (batch_id, seq, lookup,
// sealed), skipping any whose lookup hash exists. Exported for the
// benchmark's raw baseline, which must write the same rows the same way.
func InsertSQL(d store.Dialect, n int) string {
	var b strings.Builder
	if d == store.MySQL {
		b.WriteString("INSERT IGNORE INTO redeem_codes (batch_id, seq, lookup, sealed) VALUES ")
	} else {
		b.WriteString("INSERT OR IGNORE INTO redeem_codes (batch_id, seq, lookup, sealed) VALUES ")
	}
	b.Grow(10 * n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?)")
	}
	return b.String()
}

func (s *Service) insertSQL(n int) string { return InsertSQL(s.store.Dialect, n) }

func (s *Service) complete(ctx context.Context, b *models.CodeBatch) error {
	now := s.o.Now().UTC()
	res := s.primary(ctx).Model(&models.CodeBatch{}).Where("id = ? AND lease_owner = ? AND status = ?", b.ID, s.o.Owner, models.JobRunning).
		Updates(map[string]any{"status": models.JobCompleted, "finished_at": now, "updated_at": now, "lease_until": nil})
	if res.Error != nil {
		return res.Error
	}
	return nil
}

// failBatch marks batch id, run by this instance, FAILED with msg.
func (s *Service) failBatch(ctx context.Context, id uint64, msg string, now time.Time) {
	s.primary(ctx).Model(&models.CodeBatch{}).Where("id = ? AND lease_owner = ? AND status = ?", id, s.o.Owner, models.JobRunning).
		Updates(map[string]any{"status": models.JobFailed, "last_error": msg, "finished_at": now, "updated_at": now, "lease_until": nil})
}

// codeByLookup returns the stored code with a lookup hash, with its batch's
// coupon and state, or nil when there is none.
// codesByLookup returns the stored codes of lookups that exist, by lookup,
// with their batches' coupons and states.
func (s *Service) codesByLookup(ctx context.Context, lookups [][]byte) (map[string]*storedCode, error) {
	var found []storedCode
	err := s.primary(ctx).Table("redeem_codes c").Select("c.batch_id, c.seq, c.lookup, c.redeemed_by, c.request_id, b.coupon_id, b.disabled").
		Joins("JOIN code_batches b ON b.id = c.batch_id").Where("c.lookup IN ?", lookups).Scan(&found).Error
	if err != nil {
		return nil, err
	}
	out := make(map[string]*storedCode, len(found))
	for i := range found {
		out[string(found[i].Lookup)] = &found[i]
	}
	return out, nil
}

// code reads one stored code.
func (s *Service) code(db *gorm.DB, batchID uint64, seq int64) (*models.RedeemCode, error) {
	var rc models.RedeemCode
	if err := db.Where("batch_id = ? AND seq = ?", batchID, seq).Take(&rc).Error; err != nil {
		return nil, err
	}
	return &rc, nil
}

// markCodes records each call's (user, requestId) on its code where the
// code is unredeemed, and counts the codes it marked on batch batchID, in
// one transaction (one query on MySQL, the codes in sequence order so that
// two instances' marks cannot deadlock); won[i] tells whether calls[i]
// marked its code.
func (s *Service) markCodes(ctx context.Context, batchID uint64, calls []*markCall) (won []bool, err error) {
	order := make([]int, len(calls))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(calls[a].rc.Seq, calls[b].rc.Seq) })
	won = make([]bool, len(calls))
	if s.store.Dialect == store.MySQL {
		return won, s.markCodesOneTrip(ctx, batchID, calls, order, won)
	}
	err = s.primary(ctx).Transaction(func(tx *gorm.DB) error {
		n := 0
		for _, i := range order {
			c := calls[i]
			res := tx.Model(&models.RedeemCode{}).Where("batch_id = ? AND seq = ? AND redeemed_by IS NULL", batchID, c.rc.Seq).
				Updates(map[string]any{"redeemed_by": c.r.UserID, "request_id": c.r.RequestID, "redeemed_at": c.now})
			if res.Error != nil {
				return res.Error
			}
			won[i] = res.RowsAffected > 0
			n += int(res.RowsAffected)
		}
		if n == 0 {
			return nil
		}
		return tx.Model(&models.CodeBatch{}).Where("id = ?", batchID).Update("redeemed", gorm.Expr("redeemed + ?", n)).Error
	})
	return won, err
}

// markCode marks one code if unredeemed; after it, the count of codes
// marked by the query so far (@won) counts it.
const markCode = "UPDATE redeem_codes SET redeemed_by = ?, request_id = ?, redeemed_at = ? WHERE batch_id = ? AND seq = ? AND redeemed_by IS NULL; " +
	"SET @won = @won + ROW_COUNT()"

func (s *Service) markCodesOneTrip(ctx context.Context, batchID uint64, calls []*markCall, order []int, won []bool) error {
	stmts := make([]string, 0, len(calls)+2)
	args := make([]any, 0, 5*len(calls)+1)
	stmts = append(stmts, "SET @won = 0")
	for _, i := range order {
		c := calls[i]
		stmts = append(stmts, markCode)
		args = append(args, c.r.UserID, c.r.RequestID, c.now, batchID, c.rc.Seq)
	}
	stmts = append(stmts, "UPDATE code_batches SET redeemed = redeemed + @won WHERE id = ?")
	args = append(args, batchID)
	pool, err := s.primary(ctx).DB()
	if err != nil {
		return err
	}
	_, affected, err := store.ExecOneTrip(ctx, pool, strings.Join(stmts, "; "), args)
	if err != nil {
		return err
	}
	// SET @won = 0, then an UPDATE and a SET per code, then the count.
	if len(affected) != 2*len(calls)+2 {
		return fmt.Errorf("%w: %d outcomes of %d marks", store.ErrUnknownOutcome, len(affected), len(calls))
	}
	for k, i := range order {
		won[i] = affected[1+2*k] > 0
	}
	return nil
}

// unmarkRedeemed takes back the mark of request r on rc and its count on
// the batch, in one transaction; a mark that is not r's stays.
func (s *Service) unmarkRedeemed(ctx context.Context, rc *storedCode, r RedeemRequest) error {
	return s.primary(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&models.RedeemCode{}).Where("batch_id = ? AND seq = ? AND redeemed_by = ? AND request_id = ?", rc.BatchID, rc.Seq, r.UserID, r.RequestID).
			Updates(map[string]any{"redeemed_by": nil, "request_id": nil, "redeemed_at": nil})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return tx.Model(&models.CodeBatch{}).Where("id = ?", rc.BatchID).Update("redeemed", gorm.Expr("redeemed - 1")).Error
	})
}

// codesAfter reads up to limit codes of a batch past sequence number after,
// in sequence order (seq, sealed and redeemed_by only).
func (s *Service) codesAfter(ctx context.Context, batchID uint64, after int64, limit int) ([]models.RedeemCode, error) {
	var rows []models.RedeemCode
	err := s.primary(ctx).Select("seq, sealed, redeemed_by").Where("batch_id = ? AND seq > ?", batchID, after).
		Order("seq").Limit(limit).Find(&rows).Error
	return rows, err
}
