package legacy

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// SampleOptions size a sample monolith.
type SampleOptions struct {
	FirstUser int // the first user id (1 when 0)
	Users     int // users, each holding PerUser coupons
	PerUser   int
	Remaining int  // stock left of each template
	Templates bool // write the three templates too
	Now       time.Time
}

// SampleTemplates are the templates Sample writes: 1 is 5 off over 20
// (limit 5, fixed validity), 2 is 15% off capped at 30 (limit 3, 7 days
// from issue), 3 is free shipping (limit 2, fixed validity); all online.
const SampleTemplates = 3

// Sample writes a sample monolith in the default layout into db (whose
// tables SchemaStatements made): the templates, and PerUser user coupons
// for each of Users users, of the templates in turn, in the statuses in
// turn: unused, used (order o-<user>-<n>), expired, locked (order
// l-<user>-<n>). It is for trying a migration (`coupond migrate sample`),
// for tests and for the benchmark; it returns the user coupons written.
func Sample(ctx context.Context, db *gorm.DB, o SampleOptions) (int, error) {
	if o.FirstUser == 0 {
		o.FirstUser = 1
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	now := o.Now.UTC().Truncate(time.Second)
	db = db.WithContext(ctx)
	if o.Templates {
		end := now.Add(30 * 24 * time.Hour).Format(time.DateTime)
		for _, tp := range []struct {
			id, kind, limit  int
			amount, minSpend string
			validEnd, days   any
		}{
			{1, 1, 5, "5.00", "20.00", end, nil},
			{2, 2, 3, "15.00", "0", nil, 7},
			{3, 3, 2, "0", "0", end, nil},
		} {
			err := db.Exec(`INSERT INTO mall_coupon (id, name, type, amount, min_spend, max_discount, total, remaining, per_user_limit,
				start_time, end_time, valid_start, valid_end, valid_days, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, 1)`,
				tp.id, fmt.Sprintf("template %d", tp.id), tp.kind, tp.amount, tp.minSpend, "30.00", o.Remaining+o.Users*o.PerUser,
				o.Remaining, tp.limit, tp.validEnd, tp.days).Error
			if err != nil {
				return 0, fmt.Errorf("legacy: sample template %d: %w", tp.id, err)
			}
		}
	}
	const cols = 8
	rows := make([]any, 0, 1000*cols)
	n := 0
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		q := "INSERT INTO mall_user_coupon (user_id, coupon_id, status, order_id, created_at, used_at, valid_from, valid_until) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", len(rows)/cols), ", ")
		err := db.Exec(q, rows...).Error
		rows = rows[:0]
		return err
	}
	for u := o.FirstUser; u < o.FirstUser+o.Users; u++ {
		for j := 0; j < o.PerUser; j++ {
			status := (u + j) % 4
			created := now.Add(-time.Duration(u%50+1) * time.Hour)
			until := created.Add(20 * 24 * time.Hour)
			var order, used any
			switch status {
			case 1:
				order, used = fmt.Sprintf("o-%d-%d", u, j), created.Add(time.Minute).Format(time.DateTime)
			case 2:
				until = now.Add(-time.Hour)
			case 3:
				order = fmt.Sprintf("l-%d-%d", u, j)
			}
			rows = append(rows, u, (u+j)%SampleTemplates+1, status, order, created.Format(time.DateTime), used,
				created.Format(time.DateTime), until.Format(time.DateTime))
			n++
			if len(rows) == cap(rows) {
				if err := flush(); err != nil {
					return n, fmt.Errorf("legacy: sample user coupons: %w", err)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return n, fmt.Errorf("legacy: sample user coupons: %w", err)
	}
	return n, nil
}

// CreateSchema makes the default layout's tables in db.
func CreateSchema(ctx context.Context, db *gorm.DB) error {
	for _, stmt := range SchemaStatements(dialectOf(db)) {
		if err := db.WithContext(ctx).Exec(stmt).Error; err != nil {
			return fmt.Errorf("legacy: %s: %w", stmt, err)
		}
	}
	return nil
}
