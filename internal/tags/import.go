package tags

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/coupond/coupond/models"
	"github.com/coupond/coupond/sharding"
)

// ImportResult is what an import did.
type ImportResult struct {
	Added    int64 // users newly given the tag
	Lines    int64 // non-empty lines read
	BadLines int64
	Errors   models.Errors // the first few bad lines, with their line numbers
}

const (
	importBatch   = 1000
	maxLineErrors = 10
)

// Import gives tag to every user id in r: one id per line (the first field of
// a CSV line; a header "user_id"/"userId" is skipped). The file is streamed:
// ids are written in batches per shard table with insert-or-ignore, so a
// retried import adds nothing twice and memory stays flat whatever the size.
// Bad lines are counted and reported, not fatal. Returns INVALID_INPUT on
// "tag" for an undefined tag.
func (s *Service) Import(ctx context.Context, tag string, r io.Reader) (*ImportResult, error) {
	known, err := s.existing(ctx, []string{tag})
	if err != nil {
		return nil, err
	}
	if !known[tag] {
		return nil, models.FieldError(models.CodeInvalidInput, []string{"tag"}, "tag %q is not defined: create it first", tag)
	}
	res := &ImportResult{}
	type key struct{ db, table int }
	pending := map[key][]models.UserTag{}
	now := s.now().UTC()
	flush := func(k key) error {
		rows := pending[k]
		if len(rows) == 0 {
			return nil
		}
		added, err := s.writeTags(ctx, rows)
		res.Added += added
		if err != nil {
			return err
		}
		keys := make([]string, len(rows))
		for i, row := range rows {
			keys[i] = userKey(row.UserID)
		}
		_ = s.cache.Invalidate(context.WithoutCancel(ctx), keys...)
		pending[k] = rows[:0]
		return nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := int64(0)
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" {
			continue
		}
		id, _, _ := strings.Cut(text, ",")
		id = strings.Trim(strings.TrimSpace(id), `"`)
		if line == 1 && (strings.EqualFold(id, "user_id") || strings.EqualFold(id, "userid")) {
			continue
		}
		res.Lines++
		if !models.ValidUserID(id) {
			res.BadLines++
			if len(res.Errors) < maxLineErrors {
				res.Errors = append(res.Errors, models.FieldError(models.CodeInvalidInput, []string{"file"},
					"line %d: %q is not a user id (1 to 64 characters)", line, truncate(id, 80)))
			}
			continue
		}
		rt := s.store.Layout().Router.Route(id)
		k := key{rt.DB, rt.Table}
		pending[k] = append(pending[k], models.UserTag{UserID: id, Tag: tag, CreatedAt: now})
		if len(pending[k]) >= importBatch {
			if err := flush(k); err != nil {
				s.count(ctx, map[string]int64{tag: res.Added})
				return nil, models.Unavailable("tags.Import", err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		s.count(ctx, map[string]int64{tag: res.Added})
		return nil, models.FieldError(models.CodeInvalidInput, []string{"file"}, "reading the file: %v", err)
	}
	for k := range pending {
		if err := flush(k); err != nil {
			s.count(ctx, map[string]int64{tag: res.Added})
			return nil, models.Unavailable("tags.Import", err)
		}
	}
	s.count(ctx, map[string]int64{tag: res.Added})
	if res.BadLines > len64(res.Errors) {
		res.Errors = append(res.Errors, models.FieldError(models.CodeInvalidInput, []string{"file"},
			"%d bad lines in all", res.BadLines))
	}
	return res, nil
}

func len64(e models.Errors) int64 { return int64(len(e)) }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return fmt.Sprintf("%s...", s[:n])
}

// writeTags inserts user tags (existing ones are kept) through the write
// gate, grouped by table as the layout in use routes them (a resharding
// may have moved the users since they were grouped), and returns how many
// it added.
func (s *Service) writeTags(ctx context.Context, rows []models.UserTag) (int64, error) {
	done, err := s.store.BeginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer done()
	l := s.store.Layout()
	type key struct{ db, table int }
	groups := map[key][]models.UserTag{}
	for _, r := range rows {
		rt := l.Router.Route(r.UserID)
		groups[key{rt.DB, rt.Table}] = append(groups[key{rt.DB, rt.Table}], r)
	}
	var added int64
	for k, g := range groups {
		table := sharding.TableName("user_tag", k.table, l.Router.Tables())
		n, err := insertUserTags(ctx, l.Shards[k.db], table, g)
		if err != nil {
			return added, err
		}
		added += n
	}
	return added, nil
}
