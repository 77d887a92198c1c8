package tags_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/coupon"
	"github.com/coupond/coupond/internal/lock"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/internal/tags"
	"github.com/coupond/coupond/internal/testenv"
	"github.com/coupond/coupond/models"
)

type env struct {
	store  *store.Store
	tags   *tags.Service
	engine *coupon.Service
}

func mustEnv(t *testing.T, b testenv.Backend) *env {
	t.Helper()
	e := &env{store: testenv.Store(t, b)}
	prefix := testenv.Unique() + ":"
	rdb := testenv.Redis(t, b)
	c := cache.New(rdb, cache.Options{Prefix: prefix + "cache:", Channel: prefix + "invalidate"})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); _ = c.Close() })
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	e.tags = tags.NewService(e.store, c, nil)
	e.engine = coupon.NewService(e.store, c, lock.New(rdb, lock.Options{Prefix: prefix + "lock:"}), e.tags,
		coupon.Options{Defaults: models.CouponDefaults{Currency: "USD", StockSlots: 2}, Redis: rdb, KeyPrefix: prefix})
	return e
}

func wantCode(t *testing.T, err error, code models.Code) *models.Error {
	t.Helper()
	var me *models.Error
	var es models.Errors
	switch {
	case errors.As(err, &es) && len(es) > 0:
		me = es[0]
	case errors.As(err, &me):
	default:
		t.Fatalf("err = %v, want %s", err, code)
	}
	if me.Code != code {
		t.Fatalf("code = %s (%s), want %s", me.Code, me.Message, code)
	}
	return me
}

func tagOf(t *testing.T, e *env, name string) *models.Tag {
	t.Helper()
	list, err := e.tags.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range list {
		if list[i].Name == name {
			return &list[i]
		}
	}
	return nil
}

// give tags n users with tag: a few one by one, the rest imported.
func give(t *testing.T, e *env, tag string, n int) []string {
	t.Helper()
	ctx := context.Background()
	var users []string
	var file strings.Builder
	for i := range n {
		u := fmt.Sprintf("u-%s-%d", tag, i)
		users = append(users, u)
		if i < 10 && i%2 == 0 {
			if _, err := e.tags.SetUserTags(ctx, u, []string{tag}, nil); err != nil {
				t.Fatal(err)
			}
		} else {
			file.WriteString(u + "\n")
		}
	}
	if _, err := e.tags.Import(ctx, tag, strings.NewReader(file.String())); err != nil {
		t.Fatal(err)
	}
	return users
}

func TestUpdateTag(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		if _, err := e.tags.Create(ctx, "vip", "old words", models.TagRealtime); err != nil {
			t.Fatal(err)
		}
		desc, kind := "Very important people", models.TagBatch
		got, err := e.tags.Update(ctx, "vip", &desc, &kind)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "vip" || got.Description != desc || got.Kind != models.TagBatch {
			t.Fatalf("updated = %+v", got)
		}
		if st := tagOf(t, e, "vip"); st.Description != desc || st.Kind != models.TagBatch {
			t.Fatalf("stored = %+v", st)
		}
		// nil keeps; the same values again change nothing and still answer the tag
		got, err = e.tags.Update(ctx, "vip", nil, nil)
		if err != nil || got.Description != desc || got.Kind != models.TagBatch {
			t.Fatalf("kept = %+v, %v", got, err)
		}
		if got, err = e.tags.Update(ctx, "vip", &desc, &kind); err != nil || got.Description != desc {
			t.Fatalf("same again = %+v, %v", got, err)
		}
		empty := ""
		if got, err = e.tags.Update(ctx, "vip", &empty, nil); err != nil || got.Description != "" || got.Kind != models.TagBatch {
			t.Fatalf("cleared = %+v, %v", got, err)
		}

		long, bad := strings.Repeat("x", 501), models.TagKind("SOMETIMES")
		_, err = e.tags.Update(ctx, "vip", &long, &bad)
		var es models.Errors
		if !errors.As(err, &es) || len(es) != 2 || es[0].Code != models.CodeInvalidInput {
			t.Fatalf("bad input: %v", err)
		}
		wantCode(t, func() error { _, err := e.tags.Update(ctx, "nobody", &desc, nil); return err }(), models.CodeNotFound)
	})
}

func TestDeleteTagRemovesAssignments(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		for _, n := range []string{"gone", "kept"} {
			if _, err := e.tags.Create(ctx, n, "", models.TagRealtime); err != nil {
				t.Fatal(err)
			}
		}
		users := give(t, e, "gone", 2500) // more than one batch in some tables
		if _, err := e.tags.SetUserTags(ctx, users[0], []string{"kept"}, nil); err != nil {
			t.Fatal(err)
		}
		// read through the cache once, so that the delete must drop it
		if got, err := e.tags.UserTags(ctx, users[0]); err != nil || strings.Join(got, ",") != "gone,kept" {
			t.Fatalf("before: %v, %v", got, err)
		}
		if tg := tagOf(t, e, "gone"); tg.UserCount != 2500 {
			t.Fatalf("user count %d", tg.UserCount)
		}

		if err := e.tags.Delete(ctx, "gone"); err != nil {
			t.Fatal(err)
		}
		if tagOf(t, e, "gone") != nil || tagOf(t, e, "kept") == nil {
			t.Fatal("the wrong tags are defined after the delete")
		}
		for _, u := range []string{users[0], users[1], users[len(users)-1]} {
			got, err := e.tags.Stored(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			if u == users[0] && strings.Join(got, ",") != "kept" || u != users[0] && len(got) != 0 {
				t.Fatalf("%s still has %v", u, got)
			}
		}
		if got, err := e.tags.UserTags(ctx, users[0]); err != nil || strings.Join(got, ",") != "kept" {
			t.Fatalf("cached after: %v, %v", got, err)
		}
		var left int64
		l := e.store.Layout()
		for _, db := range l.Shards {
			for _, table := range l.Router.TableNames("user_tag") {
				var n int64
				if err := db.Table(table).Where("tag = ?", "gone").Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				left += n
			}
		}
		if left != 0 {
			t.Fatalf("%d assignments left", left)
		}
		// gone for good: a second delete, an edit, an assignment
		wantCode(t, e.tags.Delete(ctx, "gone"), models.CodeNotFound)
		wantCode(t, func() error { _, err := e.tags.Update(ctx, "gone", nil, nil); return err }(), models.CodeNotFound)
		wantCode(t, func() error { _, err := e.tags.SetUserTags(ctx, users[1], []string{"gone"}, nil); return err }(), models.CodeInvalidInput)
		// the name is free again
		if _, err := e.tags.Create(ctx, "gone", "", models.TagBatch); err != nil {
			t.Fatal(err)
		}
		if tg := tagOf(t, e, "gone"); tg.UserCount != 0 {
			t.Fatalf("recreated with %d users", tg.UserCount)
		}
	})
}

func TestDeleteTagRefusedWhileInUse(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		e := mustEnv(t, b)
		ctx := context.Background()
		for _, n := range []string{"rule_tag", "job_tag", "look_alike"} {
			if _, err := e.tags.Create(ctx, n, "d", models.TagRealtime); err != nil {
				t.Fatal(err)
			}
			give(t, e, n, 4)
		}
		five, days := decimal.NewFromInt(5), 30
		c, err := e.engine.Create(ctx, &models.CouponSpec{Name: "members", Discount: models.DiscountSpec{Kind: models.AmountOff, AmountOff: &five},
			Validity: models.ValiditySpec{Kind: models.ValidityRelative, Days: &days}, TotalStock: 10,
			TagRule: &models.TagRuleSpec{NoneOf: []string{"rule_tag"}}})
		if err != nil {
			t.Fatal(err)
		}
		job := &models.IssuanceJob{Name: "push", CouponID: c.ID, Status: models.JobPaused, AudienceKind: "TAGS",
			TagRule: models.TagRule{AnyOf: models.StringList{"lookXalike", "job_tag"}}, BatchSize: 100, ReadBatchSize: 100, NotifyBatchSize: 100, CreatedBy: "olive"}
		if err := e.store.Meta.Create(job).Error; err != nil {
			t.Fatal(err)
		}

		me := wantCode(t, e.tags.Delete(ctx, "rule_tag"), models.CodeInvalidState)
		if !strings.Contains(me.Message, fmt.Sprint("coupon ", c.ID)) {
			t.Fatalf("message %q does not name the coupon", me.Message)
		}
		me = wantCode(t, e.tags.Delete(ctx, "job_tag"), models.CodeInvalidState)
		if !strings.Contains(me.Message, fmt.Sprint("job ", job.ID)) {
			t.Fatalf("message %q does not name the job", me.Message)
		}
		for _, n := range []string{"rule_tag", "job_tag"} {
			if tg := tagOf(t, e, n); tg == nil || tg.UserCount != 4 {
				t.Fatalf("%s changed: %+v", n, tg)
			}
			if got, _ := e.tags.Stored(ctx, fmt.Sprintf("u-%s-0", n)); len(got) != 1 {
				t.Fatalf("%s lost its users: %v", n, got)
			}
		}

		// '_' matches any character in LIKE: the job's "lookXalike" does not hold "look_alike"
		if err := e.tags.Delete(ctx, "look_alike"); err != nil {
			t.Fatal(err)
		}
		// a finished job and an ended coupon no longer hold their tags
		if err := e.store.Meta.Model(job).Update("status", models.JobCancelled).Error; err != nil {
			t.Fatal(err)
		}
		if err := e.tags.Delete(ctx, "job_tag"); err != nil {
			t.Fatal(err)
		}
		if err := e.store.Meta.Model(&models.Coupon{}).Where("id = ?", c.ID).Update("status", models.CouponEnded).Error; err != nil {
			t.Fatal(err)
		}
		if err := e.tags.Delete(ctx, "rule_tag"); err != nil {
			t.Fatal(err)
		}
		if tagOf(t, e, "rule_tag") != nil || tagOf(t, e, "job_tag") != nil {
			t.Fatal("tags still defined")
		}
	})
}
