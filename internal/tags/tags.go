// Package tags holds user tags: their definitions in the meta database, the
// members of each tag in the user shards (user_tag_MM), a cache of each
// user's tags, CSV imports, and an optional external tag service behind a
// circuit breaker.
package tags

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coupond/coupond/internal/cache"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// Service manages tags and answers "what tags does this user have".
type Service struct {
	store    *store.Store
	cache    *cache.Cache
	provider *Provider
	now      func() time.Time
}

// NewService returns the tag service. provider may be nil.
func NewService(st *store.Store, c *cache.Cache, provider *Provider) *Service {
	return &Service{store: st, cache: c, provider: provider, now: time.Now}
}

func userKey(userID string) string { return "utags:" + userID }

// Create defines a tag. Returns INVALID_INPUT (field paths under "input")
// or CONFLICT when the name exists.
func (s *Service) Create(ctx context.Context, name, description string, kind models.TagKind) (*models.Tag, error) {
	var errs models.Errors
	if !models.ValidTagName(name) {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "name"},
			"a tag name is 1 to 64 letters, digits, '_', '.', ':' or '-', starting with a letter or digit"))
	}
	if utf8.RuneCountInString(description) > 500 {
		errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "description"}, "description is longer than 500 characters"))
	}
	if kind == "" {
		kind = models.TagRealtime
	}
	if len(errs) > 0 {
		return nil, errs
	}
	t := &models.Tag{Name: name, Description: description, Kind: kind, CreatedAt: s.now().UTC()}
	if err := s.insertTag(ctx, t); err != nil {
		if store.IsDuplicate(err) {
			return nil, models.FieldError(models.CodeConflict, []string{"input", "name"}, "tag %q exists", name)
		}
		return nil, models.Unavailable("tags.Create", err)
	}
	return t, nil
}

// List returns every tag by name.
func (s *Service) List(ctx context.Context) ([]models.Tag, error) {
	out, err := s.allTags(ctx)
	if err != nil {
		return nil, models.Unavailable("tags.List", err)
	}
	return out, nil
}

// existing returns which of names are defined tags.
func (s *Service) existing(ctx context.Context, names []string) (map[string]bool, error) {
	if len(names) == 0 {
		return map[string]bool{}, nil
	}
	found, err := s.definedNames(ctx, names)
	if err != nil {
		return nil, models.Unavailable("tags.existing", err)
	}
	out := make(map[string]bool, len(found))
	for _, n := range found {
		out[n] = true
	}
	return out, nil
}

// Stored returns the tags stored for a user (no external provider), sorted,
// read from the shard's primary.
func (s *Service) Stored(ctx context.Context, userID string) ([]string, error) {
	db, route := s.store.Shard(userID)
	out, err := storedTags(ctx, db, route.UserTagTable(), userID)
	if err != nil {
		return nil, models.Unavailable("tags.Stored", err)
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// UserTags returns a user's tags as the claim path sees them: the stored
// tags through the two-level cache, merged with the external provider's
// when one is configured and answering.
func (s *Service) UserTags(ctx context.Context, userID string) ([]string, error) {
	stored, err := cache.Get(ctx, s.cache, userKey(userID), func(ctx context.Context) ([]string, error) {
		return s.Stored(ctx, userID)
	})
	if err != nil {
		return nil, err
	}
	if s.provider == nil {
		return stored, nil
	}
	extra, ok := s.provider.Tags(ctx, userID)
	if !ok || len(extra) == 0 {
		return stored, nil
	}
	return union(stored, extra), nil
}

// SetUserTags adds and removes tags of a user. Every tag must be defined
// (INVALID_INPUT on "add" otherwise); removing one the user lacks is a
// no-op. Returns the user's stored tags afterwards.
func (s *Service) SetUserTags(ctx context.Context, userID string, add, remove []string) ([]string, error) {
	done, err := s.store.BeginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if !models.ValidUserID(userID) {
		return nil, models.FieldError(models.CodeInvalidInput, []string{"userId"}, "userId must be 1 to 64 characters")
	}
	known, err := s.existing(ctx, add)
	if err != nil {
		return nil, err
	}
	for _, t := range add {
		if !known[t] {
			return nil, models.FieldError(models.CodeInvalidInput, []string{"add"}, "tag %q is not defined: create it first", t)
		}
	}
	db, route := s.store.Shard(userID)
	now := s.now().UTC()
	delta, err := changeUserTags(ctx, db, route.UserTagTable(), userID, dedup(add), dedup(remove), now)
	if err != nil {
		return nil, models.Unavailable("tags.SetUserTags", err)
	}
	s.count(ctx, delta)
	_ = s.cache.Invalidate(context.WithoutCancel(ctx), userKey(userID))
	return s.Stored(ctx, userID)
}

// count moves the user counts of tags by delta. It runs after the shard
// change commits (they are different databases); a crash in between leaves
// a count off by the users of that one call.
func (s *Service) count(ctx context.Context, delta map[string]int64) {
	for t, d := range delta {
		if d == 0 {
			continue
		}
		_ = s.addUserCount(context.WithoutCancel(ctx), t, d)
	}
}

func dedup(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range [][]string{a, b} {
		for _, t := range l {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Update changes a tag's description and kind (nil: kept); the name is the
// tag's key and stays. Returns INVALID_INPUT (field paths under "input") or
// NOT_FOUND on "name" for an unknown tag.
func (s *Service) Update(ctx context.Context, name string, description *string, kind *models.TagKind) (*models.Tag, error) {
	var errs models.Errors
	fields := map[string]any{}
	if description != nil {
		if utf8.RuneCountInString(*description) > 500 {
			errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "description"}, "description is longer than 500 characters"))
		}
		fields["description"] = *description
	}
	if kind != nil {
		if *kind != models.TagRealtime && *kind != models.TagBatch {
			errs = append(errs, models.FieldError(models.CodeInvalidInput, []string{"input", "kind"}, "kind must be REALTIME or BATCH"))
		}
		fields["kind"] = *kind
	}
	if len(errs) > 0 {
		return nil, errs
	}
	found, err := s.updateTagFields(ctx, name, fields)
	if err != nil {
		return nil, models.Unavailable("tags.Update", err)
	}
	if !found {
		return nil, notFound(name)
	}
	t, found, err := s.findTag(ctx, name)
	if err != nil {
		return nil, models.Unavailable("tags.Update", err)
	}
	if !found {
		return nil, notFound(name)
	}
	return &t, nil
}

func notFound(name string) error {
	return models.FieldError(models.CodeNotFound, []string{"name"}, "tag %q does not exist", name)
}

// deleteBatch is how many users' assignments of a tag one statement removes.
const deleteBatch = 1000

// Delete removes a tag and every user's assignment of it. It refuses,
// INVALID_STATE, while the tag rule of a coupon that has not ended, or the
// audience rule of a PENDING, RUNNING or PAUSED issuance job, names the
// tag; NOT_FOUND on "name" for an unknown tag.
//
// The assignments go first, in batches of deleteBatch per shard table
// (through the write gate, each batch its own transaction, so a tag of
// millions of users holds no long lock), then the definition, then a second
// sweep takes any assignment a concurrent setUserTags or import added
// meanwhile (none can be added once the definition is gone). A failure
// before the definition goes leaves the tag defined, with fewer users: run
// the delete again.
func (s *Service) Delete(ctx context.Context, name string) error {
	t, found, err := s.findTag(ctx, name)
	if err != nil {
		return models.Unavailable("tags.Delete", err)
	}
	if !found {
		return notFound(name)
	}
	coupons, err := s.couponsNaming(ctx, name, 5)
	if err != nil {
		return models.Unavailable("tags.Delete", err)
	}
	if len(coupons) > 0 {
		return models.FieldError(models.CodeInvalidState, []string{"name"},
			"tag %q is in use: the tag rule of coupon %s names it; change those rules first", name, joinIDs(coupons))
	}
	jobs, err := s.jobsTargeting(ctx, name, 5)
	if err != nil {
		return models.Unavailable("tags.Delete", err)
	}
	if len(jobs) > 0 {
		return models.FieldError(models.CodeInvalidState, []string{"name"},
			"tag %q is in use: issuance job %s targets it; wait for it to finish or cancel it first", name, joinIDs(jobs))
	}
	if err := s.purge(ctx, t.Name); err != nil {
		return err
	}
	if _, err := s.deleteTagRow(ctx, t.Name); err != nil {
		return models.Unavailable("tags.Delete", err)
	}
	return s.purge(ctx, t.Name)
}

// purge removes every user's assignment of tag, table by table of the
// layout in use, in batches, and drops the cached tags of those users.
func (s *Service) purge(ctx context.Context, tag string) error {
	l := s.store.Layout()
	for db := range l.Shards {
		for _, table := range l.Router.TableNames("user_tag") {
			for {
				done, err := s.store.BeginWriteOn(ctx, l)
				if err != nil {
					return err
				}
				users, err := deleteTagBatch(ctx, l.Shards[db], table, tag, deleteBatch)
				done()
				if err != nil {
					return models.Unavailable("tags.Delete", err)
				}
				if len(users) > 0 {
					keys := make([]string, len(users))
					for i, u := range users {
						keys[i] = userKey(u)
					}
					_ = s.cache.Invalidate(context.WithoutCancel(ctx), keys...)
				}
				if len(users) < deleteBatch {
					break
				}
			}
		}
	}
	return nil
}

func joinIDs(ids []uint64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatUint(id, 10)
	}
	return strings.Join(parts, ", ")
}
