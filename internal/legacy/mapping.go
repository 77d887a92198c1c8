package legacy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Mapping says how the monolith's coupon tables map to coupond's model. It
// is configuration, not code: a mall whose tables or values are named
// otherwise writes a JSON file (see LoadMapping) instead of changing coupond.
// DefaultMapping is the typical layout documented in LegacySchema.
type Mapping struct {
	Coupons     TemplateMapping   `json:"coupons"`
	UserCoupons UserCouponMapping `json:"userCoupons"`

	// UserIDPrefix is put before the legacy user id to make coupond's user
	// id (legacy 42 with prefix "u" is coupond's "u42"); empty by default.
	UserIDPrefix string `json:"userIdPrefix,omitempty"`
	// TimeZone is the zone the legacy DATETIME columns are written in (an
	// IANA name); "UTC" by default.
	TimeZone string `json:"timeZone,omitempty"`
	// Currency of the legacy amounts (ISO 4217); "CNY" by default.
	Currency string `json:"currency,omitempty"`
	// Channel the copied user coupons are recorded as issued through;
	// "CLAIM" by default.
	Channel models.Channel `json:"channel,omitempty"`
	// StockSlots the copied coupons' stock is split over; 16 by default.
	StockSlots int `json:"stockSlots,omitempty"`

	loc *time.Location
}

// TemplateMapping names the legacy coupon template table and its columns.
// A column name left empty is "the monolith has no such column"; only ID,
// Name, Kind, Amount and Total are required.
type TemplateMapping struct {
	Table        string `json:"table"`
	ID           string `json:"id"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`         // discount kind, through KindValues
	Amount       string `json:"amount"`       // money off (AMOUNT_OFF) or percent off, 0-100 (PERCENT_OFF)
	MinSpend     string `json:"minSpend"`     // order threshold; 0 or NULL is none
	MaxDiscount  string `json:"maxDiscount"`  // cap of a percent coupon; 0 or NULL is none
	Total        string `json:"total"`        // total stock
	Remaining    string `json:"remaining"`    // stock left; empty: total minus the legacy user coupons of the template
	PerUserLimit string `json:"perUserLimit"` // empty: DefaultPerUserLimit
	ClaimStart   string `json:"claimStart"`
	ClaimEnd     string `json:"claimEnd"`
	ValidStart   string `json:"validStart"` // fixed validity window
	ValidEnd     string `json:"validEnd"`
	ValidDays    string `json:"validDays"` // relative validity: days from issue (wins when > 0)
	Status       string `json:"status"`    // empty: every template is ACTIVE

	KindValues          map[string]models.DiscountKind `json:"kindValues"`
	StatusValues        map[string]models.CouponStatus `json:"statusValues"`
	DefaultPerUserLimit int                            `json:"defaultPerUserLimit,omitempty"`
}

// UserCouponMapping names the legacy user coupon table and its columns.
// ValidFrom and ValidUntil may be empty: the window then comes from the
// template's validity and the row's creation time. UsedAt may be empty.
type UserCouponMapping struct {
	Table      string `json:"table"`
	ID         string `json:"id"` // an integer key, increasing with inserts: the copy's order and checkpoint
	UserID     string `json:"userId"`
	CouponID   string `json:"couponId"` // the template's legacy id
	Status     string `json:"status"`
	OrderID    string `json:"orderId"`
	CreatedAt  string `json:"createdAt"`
	UsedAt     string `json:"usedAt"`
	ValidFrom  string `json:"validFrom"`
	ValidUntil string `json:"validUntil"`

	// StatusValues maps each legacy status value (as text: 0 and "0" are
	// the same) to a coupond status.
	StatusValues map[string]models.UserCouponStatus `json:"statusValues"`
	// NoOrderValues are order id values that mean "no order" besides NULL
	// and the empty string (a monolith often writes 0).
	NoOrderValues []string `json:"noOrderValues"`
}

// LegacySchema is the typical monolith layout DefaultMapping reads, as
// MySQL DDL: one table of coupon templates with their stock and one
// unsharded table of the coupons users hold.
const LegacySchema = `CREATE TABLE mall_coupon (
  id             BIGINT PRIMARY KEY AUTO_INCREMENT,
  name           VARCHAR(200) NOT NULL,
  type           TINYINT NOT NULL,          -- 1 amount off, 2 percent off, 3 free shipping
  amount         DECIMAL(10,2) NOT NULL,    -- money off, or percent off (15 = 15%)
  min_spend      DECIMAL(10,2) NULL,        -- order threshold, 0 = none
  max_discount   DECIMAL(10,2) NULL,        -- cap of a percent coupon
  total          INT NOT NULL,              -- stock
  remaining      INT NOT NULL,              -- stock left
  per_user_limit INT NOT NULL DEFAULT 1,
  start_time     DATETIME NULL,             -- claim window
  end_time       DATETIME NULL,
  valid_start    DATETIME NULL,             -- fixed validity window
  valid_end      DATETIME NULL,
  valid_days     INT NULL,                  -- or: valid for N days from the claim
  status         TINYINT NOT NULL           -- 0 draft, 1 online, 2 paused, 3 offline
);
CREATE TABLE mall_user_coupon (
  id          BIGINT PRIMARY KEY AUTO_INCREMENT,
  user_id     BIGINT NOT NULL,
  coupon_id   BIGINT NOT NULL,              -- mall_coupon.id
  status      TINYINT NOT NULL,             -- 0 unused, 1 used, 2 expired, 3 locked by an unpaid order
  order_id    VARCHAR(64) NULL,
  created_at  DATETIME NOT NULL,            -- claimed at
  used_at     DATETIME NULL,
  valid_from  DATETIME NOT NULL,
  valid_until DATETIME NOT NULL,
  KEY idx_user (user_id)
);`

// SchemaStatements is LegacySchema as statements for a dialect (SQLite
// spells the auto-increment key and the index differently), to make a
// scratch monolith: tests and the benchmark.
func SchemaStatements(d store.Dialect) []string {
	var out []string
	for _, stmt := range strings.Split(LegacySchema, ";") {
		if stmt = strings.TrimSpace(stmt); stmt == "" {
			continue
		}
		if d == store.SQLite {
			stmt = strings.ReplaceAll(stmt, "BIGINT PRIMARY KEY AUTO_INCREMENT", "INTEGER PRIMARY KEY AUTOINCREMENT")
			stmt = strings.ReplaceAll(stmt, ",\n  KEY idx_user (user_id)\n", "\n")
		}
		out = append(out, stmt)
	}
	if d == store.SQLite {
		out = append(out, "CREATE INDEX idx_user ON mall_user_coupon (user_id)")
	}
	return out
}

// DefaultMapping returns the mapping of LegacySchema.
func DefaultMapping() *Mapping {
	m := &Mapping{
		Coupons: TemplateMapping{
			Table: "mall_coupon", ID: "id", Name: "name", Kind: "type", Amount: "amount", MinSpend: "min_spend",
			MaxDiscount: "max_discount", Total: "total", Remaining: "remaining", PerUserLimit: "per_user_limit",
			ClaimStart: "start_time", ClaimEnd: "end_time", ValidStart: "valid_start", ValidEnd: "valid_end",
			ValidDays: "valid_days", Status: "status",
			KindValues: map[string]models.DiscountKind{"1": models.AmountOff, "2": models.PercentOff, "3": models.FreeShipping},
			StatusValues: map[string]models.CouponStatus{"0": models.CouponDraft, "1": models.CouponActive,
				"2": models.CouponPaused, "3": models.CouponEnded},
			DefaultPerUserLimit: 1,
		},
		UserCoupons: UserCouponMapping{
			Table: "mall_user_coupon", ID: "id", UserID: "user_id", CouponID: "coupon_id", Status: "status",
			OrderID: "order_id", CreatedAt: "created_at", UsedAt: "used_at", ValidFrom: "valid_from", ValidUntil: "valid_until",
			StatusValues: map[string]models.UserCouponStatus{"0": models.UserCouponUnused, "1": models.UserCouponUsed,
				"2": models.UserCouponExpired, "3": models.UserCouponLocked},
			NoOrderValues: []string{"0"},
		},
		TimeZone: "UTC", Currency: "CNY", Channel: models.ChannelClaim, StockSlots: 16,
	}
	if err := m.Validate(); err != nil {
		panic(err)
	}
	return m
}

// LoadMapping reads a mapping from a JSON file. Fields the file leaves out
// keep DefaultMapping's values (a value map the file gives replaces the
// default one whole); unknown fields are an error, so that a typo does not
// silently keep a default.
func LoadMapping(path string) (*Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("legacy: mapping: %w", err)
	}
	return ParseMapping(b)
}

// ParseMapping is LoadMapping of the file's content.
func ParseMapping(b []byte) (*Mapping, error) {
	m := DefaultMapping()
	// A value map in the file replaces the default one, not merges into it.
	var probe struct {
		Coupons struct {
			KindValues   json.RawMessage `json:"kindValues"`
			StatusValues json.RawMessage `json:"statusValues"`
		} `json:"coupons"`
		UserCoupons struct {
			StatusValues  json.RawMessage `json:"statusValues"`
			NoOrderValues json.RawMessage `json:"noOrderValues"`
		} `json:"userCoupons"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("legacy: mapping: %w", err)
	}
	if probe.Coupons.KindValues != nil {
		m.Coupons.KindValues = nil
	}
	if probe.Coupons.StatusValues != nil {
		m.Coupons.StatusValues = nil
	}
	if probe.UserCoupons.StatusValues != nil {
		m.UserCoupons.StatusValues = nil
	}
	if probe.UserCoupons.NoOrderValues != nil {
		m.UserCoupons.NoOrderValues = nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return nil, fmt.Errorf("legacy: mapping: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

var (
	identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)
	tableRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]{0,63}\.)?[A-Za-z_][A-Za-z0-9_]{0,63}$`)
)

// Validate checks the mapping: names are plain SQL identifiers (they are
// written into statements), required columns are there, every mapped value
// is one coupond knows. It reports every problem at once.
func (m *Mapping) Validate() error {
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	cols := func(prefix string, required []string, named map[string]string) {
		keys := make([]string, 0, len(named))
		for k := range named {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := named[k]
			if v == "" {
				for _, r := range required {
					if r == k {
						bad("%s.%s: a column name is required", prefix, k)
					}
				}
				continue
			}
			if !identRe.MatchString(v) {
				bad("%s.%s: %q is not a plain column name", prefix, k, v)
			}
		}
	}
	c, u := &m.Coupons, &m.UserCoupons
	if !tableRe.MatchString(c.Table) {
		bad("coupons.table: %q is not a table name", c.Table)
	}
	cols("coupons", []string{"id", "name", "kind", "amount", "total"}, map[string]string{
		"id": c.ID, "name": c.Name, "kind": c.Kind, "amount": c.Amount, "minSpend": c.MinSpend, "maxDiscount": c.MaxDiscount,
		"total": c.Total, "remaining": c.Remaining, "perUserLimit": c.PerUserLimit, "claimStart": c.ClaimStart,
		"claimEnd": c.ClaimEnd, "validStart": c.ValidStart, "validEnd": c.ValidEnd, "validDays": c.ValidDays, "status": c.Status,
	})
	if c.ValidEnd == "" && c.ValidDays == "" {
		bad("coupons: validEnd or validDays is required (a coupon needs a validity)")
	}
	if len(c.KindValues) == 0 {
		bad("coupons.kindValues: at least one value is required")
	}
	for k, v := range c.KindValues {
		if v != models.AmountOff && v != models.PercentOff && v != models.FreeShipping {
			bad("coupons.kindValues[%q]: %q is not a discount kind", k, v)
		}
	}
	if c.Status != "" && len(c.StatusValues) == 0 {
		bad("coupons.statusValues: required with a status column")
	}
	for k, v := range c.StatusValues {
		switch v {
		case models.CouponDraft, models.CouponActive, models.CouponPaused, models.CouponEnded:
		default:
			bad("coupons.statusValues[%q]: %q is not a coupon status", k, v)
		}
	}
	if c.DefaultPerUserLimit < 0 {
		bad("coupons.defaultPerUserLimit: must not be negative")
	}
	if c.DefaultPerUserLimit == 0 {
		c.DefaultPerUserLimit = 1
	}
	if !tableRe.MatchString(u.Table) {
		bad("userCoupons.table: %q is not a table name", u.Table)
	}
	cols("userCoupons", []string{"id", "userId", "couponId", "status", "createdAt"}, map[string]string{
		"id": u.ID, "userId": u.UserID, "couponId": u.CouponID, "status": u.Status, "orderId": u.OrderID,
		"createdAt": u.CreatedAt, "usedAt": u.UsedAt, "validFrom": u.ValidFrom, "validUntil": u.ValidUntil,
	})
	if (u.ValidFrom == "") != (u.ValidUntil == "") {
		bad("userCoupons: validFrom and validUntil go together (both or neither)")
	}
	if len(u.StatusValues) == 0 {
		bad("userCoupons.statusValues: at least one value is required")
	}
	for k, v := range u.StatusValues {
		switch v {
		case models.UserCouponUnused, models.UserCouponLocked, models.UserCouponUsed, models.UserCouponExpired, models.UserCouponRevoked:
		default:
			bad("userCoupons.statusValues[%q]: %q is not a user coupon status", k, v)
		}
	}
	if m.TimeZone == "" {
		m.TimeZone = "UTC"
	}
	loc, err := time.LoadLocation(m.TimeZone)
	if err != nil {
		bad("timeZone: %v", err)
	}
	m.loc = loc
	if m.Currency == "" {
		m.Currency = "CNY"
	}
	if !models.ValidCurrency(m.Currency) {
		bad("currency: %q is not a currency coupond knows", m.Currency)
	}
	if m.Channel == "" {
		m.Channel = models.ChannelClaim
	}
	if !knownChannel(m.Channel) {
		bad("channel: %q is not a channel", m.Channel)
	}
	if m.StockSlots == 0 {
		m.StockSlots = 16
	}
	if m.StockSlots < 1 || m.StockSlots > 256 {
		bad("stockSlots: %d is not between 1 and 256", m.StockSlots)
	}
	if len(m.UserIDPrefix) > 32 || strings.ContainsAny(m.UserIDPrefix, " \t\r\n") {
		bad("userIdPrefix: at most 32 characters without spaces")
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return errors.New("legacy: mapping: " + strings.Join(errs, "; "))
	}
	return nil
}

func knownChannel(ch models.Channel) bool {
	for _, c := range models.AllChannels {
		if c == ch {
			return true
		}
	}
	return false
}

// userID is coupond's user id of a legacy user id.
func (m *Mapping) userID(legacy string) string { return m.UserIDPrefix + legacy }

// legacyTime reads a legacy DATETIME (whose wall clock the drivers hand
// over as if it were UTC) as a time in the mapping's zone, in UTC.
func (m *Mapping) legacyTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	loc := m.loc
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc).UTC()
}
