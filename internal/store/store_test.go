package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

func TestMigrate(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		cfg := testenv.StoreConfig(t, b)
		s := testenv.OpenStore(t, cfg)

		t.Run("TwiceIsANoop", func(t *testing.T) {
			if err := s.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("EveryShardHasEveryTable", func(t *testing.T) {
			for i, db := range s.Layout().Shards {
				for _, prefix := range []string{"user_coupon", "user_tag", "coupon_event"} {
					for _, name := range s.Layout().Router.TableNames(prefix) {
						if !db.Migrator().HasTable(name) {
							t.Errorf("shard %d has no table %s", i, name)
						}
					}
				}
			}
		})

		t.Run("UniqueRequestAndSeq", func(t *testing.T) {
			db, route := s.Shard("user-42")
			now := time.Now().UTC()
			row := func(req string, seq int) *models.UserCoupon {
				return &models.UserCoupon{UserID: "user-42", CouponID: 7, Seq: seq, RequestID: req, Status: models.UserCouponUnused,
					Channel: models.ChannelClaim, Currency: "USD", Discount: models.Discount{Kind: models.FreeShipping},
					Scope: models.ProductScope{Kind: models.ScopeAll}, ValidFrom: now, ValidUntil: now.Add(time.Hour), IssuedAt: now, UpdatedAt: now}
			}
			tbl := db.Table(route.UserCouponTable())
			if err := tbl.Create(row("r1", 1)).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Table(route.UserCouponTable()).Create(row("r1", 2)).Error; !store.IsDuplicate(err) {
				t.Errorf("same request id: %v, want a duplicate-key error", err)
			}
			if err := db.Table(route.UserCouponTable()).Create(row("r2", 1)).Error; !store.IsDuplicate(err) {
				t.Errorf("same seq: %v, want a duplicate-key error", err)
			}
		})

		// A database made before console users could be disabled gets the column.
		t.Run("ConsoleUserDisabledAtAdded", func(t *testing.T) {
			ctx := context.Background()
			meta := store.OnPrimary(ctx, s.Meta)
			if err := meta.Migrator().DropColumn(&models.ConsoleUser{}, "DisabledAt"); err != nil {
				t.Fatal(err)
			}
			if err := meta.Exec("DELETE FROM migrations WHERE id = ?", "202612060001_console_user_disabled").Error; err != nil {
				t.Fatal(err)
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if !meta.Migrator().HasColumn(&models.ConsoleUser{}, "DisabledAt") {
				t.Error("console_users has no disabled_at")
			}
		})

		t.Run("Ping", func(t *testing.T) {
			if err := s.Ping(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	})
}

func TestParseTarget(t *testing.T) {
	tg := store.ParseTarget(" p | r1 || r2 ")
	if tg.Primary != "p" || len(tg.Replicas) != 2 || tg.Replicas[1] != "r2" {
		t.Errorf("%+v", tg)
	}
}

func TestNormalizeMySQLDSN(t *testing.T) {
	dsn, c, err := store.NormalizeMySQLDSN("root@tcp(127.0.0.1:3306)/meta")
	if err != nil {
		t.Fatal(err)
	}
	if !c.ParseTime || !c.InterpolateParams || c.Loc.String() != "UTC" || c.DBName != "meta" {
		t.Errorf("%s", dsn)
	}
}
