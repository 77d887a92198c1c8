// Package sharding maps a user id to the database and table that hold that
// user's rows. User data (user coupons, user tags, coupon events) is split
// over N databases of M tables each; the mapping is pure computation with no
// I/O, so every service instance and every migration agrees on it.
package sharding

import (
	"errors"
	"fmt"
	"hash/fnv"
)

// MaxTables is the largest number of tables per database that NewRouter
// accepts. Table names carry at most three digits, so more would not fit.
const MaxTables = 1000

// Hash returns the 64-bit FNV-1a hash of the UTF-8 bytes of userID.
//
// This is the stable, documented shard hash: every Route is derived from it.
// Changing it (or the way Route uses it) moves every user's data to a
// different database and table, so it must never change without a data
// migration.
func Hash(userID string) uint64 {
	h := fnv.New64a()
	// hash.Hash.Write never returns an error.
	_, _ = h.Write([]byte(userID))
	return h.Sum64()
}

// Route is the location of one user's rows: database index DB (0-based) and
// table index Table (0-based) within that database.
//
// A Route returned by a Router knows the table count and names tables with
// two digits, or three when the Router has more than 100 tables. A Route
// built by hand always uses two digits.
type Route struct {
	DB, Table int

	// tables is the Router's table count; it decides the name width. Zero
	// (a hand-built Route) means two digits.
	tables int
}

// UserCouponTable returns the name of the user coupon table, e.g. "user_coupon_03".
func (r Route) UserCouponTable() string { return TableName("user_coupon", r.Table, r.tables) }

// UserTagTable returns the name of the user tag table, e.g. "user_tag_03".
func (r Route) UserTagTable() string { return TableName("user_tag", r.Table, r.tables) }

// CouponEventTable returns the name of the coupon event table, e.g. "coupon_event_03".
func (r Route) CouponEventTable() string { return TableName("coupon_event", r.Table, r.tables) }

// String returns the route in the short form used in logs, e.g. "db1.t03".
func (r Route) String() string {
	return fmt.Sprintf("db%d.t%0*d", r.DB, width(r.tables), r.Table)
}

// TableName returns the name of table number table for a database with
// tables tables: prefix, an underscore and the zero-padded index, two digits
// wide, or three when tables > 100 (e.g. TableName("user_tag", 3, 8) is
// "user_tag_03", TableName("user_tag", 3, 128) is "user_tag_003").
func TableName(prefix string, table, tables int) string {
	return fmt.Sprintf("%s_%0*d", prefix, width(tables), table)
}

func width(tables int) int {
	if tables > 100 {
		return 3
	}
	return 2
}

// Router routes user ids over a fixed number of databases and tables. It is
// immutable and safe for concurrent use.
type Router struct {
	dbs, tables int
}

// NewRouter returns a Router for dbs databases of tables tables each. It
// returns an error when dbs < 1, tables < 1 or tables > MaxTables.
func NewRouter(dbs, tables int) (*Router, error) {
	if dbs < 1 {
		return nil, fmt.Errorf("sharding: dbs must be at least 1, got %d", dbs)
	}
	if tables < 1 || tables > MaxTables {
		return nil, fmt.Errorf("sharding: tables must be between 1 and %d, got %d", MaxTables, tables)
	}
	return &Router{dbs: dbs, tables: tables}, nil
}

// errNilRouter guards against a zero Router, whose modulo would panic.
var errNilRouter = errors.New("sharding: Router not created with NewRouter")

// Route returns where userID's rows live: the table is Hash % tables and the
// database is Hash / tables % dbs, so the two indexes use different bits of
// the hash and a user's table index does not depend on the database count.
// It panics on a Router not made by NewRouter.
func (r *Router) Route(userID string) Route {
	if r == nil || r.dbs < 1 || r.tables < 1 {
		panic(errNilRouter)
	}
	h := Hash(userID)
	m, n := uint64(r.tables), uint64(r.dbs)
	return Route{DB: int(h / m % n), Table: int(h % m), tables: r.tables}
}

// DBs returns the number of databases.
func (r *Router) DBs() int { return r.dbs }

// Tables returns the number of tables per database.
func (r *Router) Tables() int { return r.tables }

// TableNames returns the names of all tables of one kind in a database, in
// index order, e.g. TableNames("user_coupon") returns "user_coupon_00"
// through "user_coupon_07" for 8 tables. Migrations use it to create every
// shard table; every database has the same set.
func (r *Router) TableNames(prefix string) []string {
	names := make([]string, r.tables)
	for i := range names {
		names[i] = TableName(prefix, i, r.tables)
	}
	return names
}
