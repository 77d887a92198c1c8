package issuance

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// chunkBytes is the size a stored audience chunk grows to before the next
// one starts: small enough for any max_allowed_packet, large enough that a
// million ids take a few dozen rows.
const chunkBytes = 256 << 10

const maxBadSamples = 5

// storeAudience streams user ids (one per line; the first field of a CSV
// line; a header "user_id" skipped) into audience chunks. Bad lines are
// counted as skipped and the first few named in lastError. Memory stays at
// one chunk whatever the size.
func (s *Service) storeAudience(ctx context.Context, job *models.IssuanceJob, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var buf bytes.Buffer
	seq, lines, first := 0, 0, int64(0)
	var total, bad int64
	var samples []string
	flush := func() error {
		if lines == 0 {
			return nil
		}
		c := models.AudienceChunk{JobID: job.ID, Seq: seq, FirstLine: first, Lines: lines, Data: append([]byte(nil), buf.Bytes()...)}
		if err := s.insertChunk(ctx, &c); err != nil {
			return models.Unavailable("issuance.storeAudience", err)
		}
		seq++
		first += int64(lines)
		lines = 0
		buf.Reset()
		return nil
	}
	lineNo := 0
	for sc.Scan() {
		lineNo++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" {
			continue
		}
		id, _, _ := strings.Cut(text, ",")
		id = strings.Trim(strings.TrimSpace(id), `"`)
		if lineNo == 1 && (strings.EqualFold(id, "user_id") || strings.EqualFold(id, "userid")) {
			continue
		}
		if !models.ValidUserID(id) {
			bad++
			if len(samples) < maxBadSamples {
				samples = append(samples, fmt.Sprintf("line %d: %.40q", lineNo, id))
			}
			continue
		}
		buf.WriteString(id)
		buf.WriteByte('\n')
		lines++
		total++
		if buf.Len() >= chunkBytes {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return models.FieldError(models.CodeInvalidInput, []string{"input", "audience", "file"}, "reading the file: %v", err)
	}
	if err := flush(); err != nil {
		return err
	}
	if total == 0 {
		return models.FieldError(models.CodeInvalidInput, []string{"input", "audience"}, "the audience has no valid user id (%d bad lines)", bad)
	}
	job.AudienceSize, job.AudienceReady, job.Skipped = &total, true, bad
	if bad > 0 {
		job.LastError = fmt.Sprintf("%d bad lines skipped (%s)", bad, strings.Join(samples, "; "))
	}
	err := s.updateJob(ctx, job, map[string]any{"audience_size": total, "audience_ready": true, "skipped": bad, "last_error": job.LastError})
	if err != nil {
		return models.Unavailable("issuance.storeAudience", err)
	}
	return nil
}

// materializeTags writes the users matching a tag audience into chunks,
// reading the shards' user tag tables one by one. It is redone from scratch
// if a worker dies before it finishes (chunks are replaced).
func (s *Service) materializeTags(ctx context.Context, job *models.IssuanceJob) error {
	if err := s.deleteChunks(ctx, job.ID); err != nil {
		return err
	}
	seed := append(append([]string{}, job.TagRule.AnyOf...), job.TagRule.AllOf...)
	var buf bytes.Buffer
	seq, lines, first := 0, 0, int64(0)
	var total int64
	flush := func() error {
		if lines == 0 {
			return nil
		}
		c := models.AudienceChunk{JobID: job.ID, Seq: seq, FirstLine: first, Lines: lines, Data: append([]byte(nil), buf.Bytes()...)}
		if err := s.insertChunk(ctx, &c); err != nil {
			return err
		}
		seq, first, lines = seq+1, first+int64(lines), 0
		buf.Reset()
		return nil
	}
	l := s.store.Layout() // one layout throughout, should a resharding switch meanwhile
	for _, db := range l.Shards {
		primary := store.OnPrimary(ctx, db)
		for _, table := range l.Router.TableNames("user_tag") {
			last := ""
			for {
				users, err := taggedUsers(primary, table, seed, last, 2000)
				if err != nil {
					return err
				}
				if len(users) == 0 {
					break
				}
				last = users[len(users)-1]
				rows, err := userTags(primary, table, users)
				if err != nil {
					return err
				}
				tagsOf := map[string][]string{}
				for _, r := range rows {
					tagsOf[r.UserID] = append(tagsOf[r.UserID], r.Tag)
				}
				for _, u := range users {
					if job.TagRule.Matches(tagsOf[u]) {
						buf.WriteString(u)
						buf.WriteByte('\n')
						lines++
						total++
					}
				}
				if buf.Len() >= chunkBytes {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	job.AudienceSize, job.AudienceReady = &total, true
	return s.updateJob(ctx, job, map[string]any{"audience_size": total, "audience_ready": true})
}

// readAudience returns up to n ids from line from on.
func (s *Service) readAudience(ctx context.Context, jobID uint64, from int64, n int) ([]string, error) {
	// The chunk holding line `from`, then as many after it as n needs.
	chunks, err := s.chunksFrom(ctx, jobID, from, 1+n/1000+1)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, n)
	for _, c := range chunks {
		ids := strings.Split(strings.TrimSuffix(string(c.Data), "\n"), "\n")
		skip := int(from - c.FirstLine)
		if skip < 0 {
			skip = 0
		}
		for _, id := range ids[min(skip, len(ids)):] {
			if len(out) == n {
				return out, nil
			}
			out = append(out, id)
		}
	}
	return out, nil
}
