package legacy

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/coupond/coupond/internal/store"
)

// OpenLegacy opens the monolith's database: "sqlite:PATH" is an SQLite
// file (opened as coupond's embedded store opens its own), anything else a
// MySQL/MariaDB DSN ("user:pass@tcp(host:3306)/mall"). The copy only reads
// it; a read replica of the monolith's database is the right thing to give.
func OpenLegacy(ctx context.Context, dsn string) (*gorm.DB, error) {
	cfg := &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true, NowFunc: func() time.Time { return time.Now().UTC() }}
	var dial gorm.Dialector
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		dial = sqlite.Open("file:" + path + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	} else {
		norm, _, err := store.NormalizeMySQLDSN(dsn)
		if err != nil {
			return nil, fmt.Errorf("legacy: legacy DSN: %w", err)
		}
		dial = mysql.Open(norm)
	}
	db, err := gorm.Open(dial, cfg)
	if err != nil {
		return nil, fmt.Errorf("legacy: open legacy database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(8)
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("legacy: legacy database: %w", err)
	}
	return db, nil
}

// dialectOf tells a gorm database's backend.
func dialectOf(db *gorm.DB) store.Dialect {
	if db.Dialector.Name() == "mysql" {
		return store.MySQL
	}
	return store.SQLite
}

// ltime scans a legacy date-time column whatever the driver hands over:
// time.Time, text or NULL.
type ltime struct {
	T     time.Time
	Valid bool
}

var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00", "2006-01-02T15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02",
	time.RFC3339Nano,
}

func (t *ltime) Scan(v any) error {
	t.T, t.Valid = time.Time{}, false
	var s string
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		t.T, t.Valid = x, !x.IsZero()
		return nil
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return fmt.Errorf("legacy: cannot read %T as a time", v)
	}
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return nil
	}
	for _, l := range timeLayouts {
		if p, err := time.Parse(l, s); err == nil {
			// Keep the wall clock: Mapping.legacyTime puts it in its zone.
			t.T, t.Valid = time.Date(p.Year(), p.Month(), p.Day(), p.Hour(), p.Minute(), p.Second(), p.Nanosecond(), time.UTC), true
			return nil
		}
	}
	return fmt.Errorf("legacy: cannot read %q as a time", s)
}

// ltext scans any legacy column as its text: integers, decimals, strings.
type ltext struct {
	S     string
	Valid bool
}

func (t *ltext) Scan(v any) error {
	t.S, t.Valid = "", v != nil
	switch x := v.(type) {
	case nil:
	case string:
		t.S = x
	case []byte:
		t.S = string(x)
	case int64:
		t.S = fmt.Sprint(x)
	case float64:
		t.S = fmt.Sprint(x)
	case bool:
		t.S = "0"
		if x {
			t.S = "1"
		}
	case time.Time:
		t.S = x.UTC().Format(time.RFC3339Nano)
	default:
		if val, ok := v.(driver.Valuer); ok {
			inner, err := val.Value()
			if err != nil {
				return err
			}
			return t.Scan(inner)
		}
		t.S = fmt.Sprint(x)
	}
	return nil
}

// col is a select-list entry: the column, or NULL when the mapping has none.
func col(name string) string {
	if name == "" {
		return "NULL"
	}
	return name
}
