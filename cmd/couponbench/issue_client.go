package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// audienceHeader is the first line of a generated audience file; coupond
// skips a first line "user_id".
const audienceHeader = "user_id\n"

// audienceFile generates, as it is read, the audience file of n users
// "<prefix>0" .. "<prefix><n-1>", one per line after the header: the file
// is never held in memory, by the client or twice, whatever n.
type audienceFile struct {
	prefix  string
	n, next int
	pending []byte // the part of a line (or the header) not read yet
	started bool
}

func newAudienceFile(prefix string, n int) *audienceFile {
	return &audienceFile{prefix: prefix, n: n}
}

// audienceFileSize is the length in bytes of the file newAudienceFile
// generates: the header, then per user the prefix, the decimal index and a
// newline.
func audienceFileSize(prefix string, n int) int64 {
	size := int64(len(audienceHeader))
	// Indexes with d digits: [10^(d-1), 10^d), and 0 with one digit.
	lo, digits := 0, 1
	for hi := 10; lo < n; lo, hi, digits = hi, hi*10, digits+1 {
		count := min(n, hi) - lo
		size += int64(count) * int64(len(prefix)+digits+1)
	}
	return size
}

func (f *audienceFile) Read(p []byte) (int, error) {
	if !f.started {
		f.started = true
		f.pending = append(f.pending[:0], audienceHeader...)
	}
	n := 0
	for n < len(p) {
		if len(f.pending) == 0 {
			if f.next >= f.n {
				break
			}
			// Lines are written straight into p while they fit whole; the
			// last one that does not goes through pending.
			line := len(f.prefix) + digitsOf(f.next) + 1
			if len(p)-n >= line {
				b := append(p[n:n], f.prefix...)
				b = strconv.AppendInt(b, int64(f.next), 10)
				b = append(b, '\n')
				n += len(b)
				f.next++
				continue
			}
			f.pending = append(f.pending[:0], f.prefix...)
			f.pending = strconv.AppendInt(f.pending, int64(f.next), 10)
			f.pending = append(f.pending, '\n')
			f.next++
		}
		c := copy(p[n:], f.pending)
		n += c
		f.pending = f.pending[c:]
	}
	if n == 0 && len(f.pending) == 0 && f.next >= f.n {
		return 0, io.EOF
	}
	return n, nil
}

func digitsOf(i int) int {
	d := 1
	for i >= 10 {
		i /= 10
		d++
	}
	return d
}

// uploadBody is a GraphQL multipart request (the multipart request
// specification) with one file: the operations and map parts, then the file
// part whose content is read from file as the request is sent. length is
// the exact size of the body, so that it is sent with a Content-Length as a
// browser or curl would (coupond's multipart transport spools a file to disk
// when the request is known to be large, and reads it into memory when not).
type uploadBody struct {
	io.Reader
	contentType string
	length      int64
}

// newUploadBody: operations is the JSON of {query, variables} with the
// file's variable null, path its place in the variables ("in.audience.file"),
// file its content of fileSize bytes.
func newUploadBody(operations []byte, path, filename string, file io.Reader, fileSize int64) (*uploadBody, error) {
	var head bytes.Buffer
	w := multipart.NewWriter(&head)
	if err := w.WriteField("operations", string(operations)); err != nil {
		return nil, err
	}
	m, _ := json.Marshal(map[string][]string{"0": {"variables." + path}})
	if err := w.WriteField("map", string(m)); err != nil {
		return nil, err
	}
	if _, err := w.CreateFormFile("0", filename); err != nil {
		return nil, err
	}
	n := head.Len()
	if err := w.Close(); err != nil { // writes the closing boundary after the head
		return nil, err
	}
	tail := bytes.Clone(head.Bytes()[n:])
	head.Truncate(n)
	return &uploadBody{
		Reader:      io.MultiReader(bytes.NewReader(head.Bytes()), io.LimitReader(file, fileSize), bytes.NewReader(tail)),
		contentType: w.FormDataContentType(),
		length:      int64(n) + fileSize + int64(len(tail)),
	}, nil
}

// issuanceJob is what couponbench reads of a job.
type issuanceJob struct {
	ID            string   `json:"id"`
	Status        string   `json:"status"`
	AudienceSize  *int64   `json:"audienceSize"`
	Processed     int64    `json:"processed"`
	Issued        int64    `json:"issued"`
	Skipped       int64    `json:"skipped"`
	Failed        int64    `json:"failed"`
	RatePerSecond float64  `json:"ratePerSecond"`
	LastError     *string  `json:"lastError"`
	StartedAt     *string  `json:"startedAt"`
	FinishedAt    *string  `json:"finishedAt"`
	Coupon        *idField `json:"coupon"`
}

type idField struct {
	ID string `json:"id"`
}

const (
	issuanceJobFields   = `id status audienceSize processed issued skipped failed ratePerSecond lastError startedAt finishedAt`
	createIssuanceQuery = `mutation($in:IssuanceJobInput!){createIssuanceJob(input:$in){job{` + issuanceJobFields + `} userErrors{field code message}}}`
	issuanceJobQuery    = `query($id:ID!){issuanceJob(id:$id){` + issuanceJobFields + `}}`
)

// createIssuanceJob uploads the audience file of n users "<userPrefix><i>"
// for a TARGETED coupon, with the admin session, and returns the job as
// created (its audience stored).
func (c *client) createIssuanceJob(ctx context.Context, couponID, name, userPrefix string, n int) (*issuanceJob, error) {
	ops, err := json.Marshal(map[string]any{
		"query":     createIssuanceQuery,
		"variables": map[string]any{"in": map[string]any{"couponId": couponID, "name": name, "audience": map[string]any{"file": nil}}},
	})
	if err != nil {
		return nil, err
	}
	body, err := newUploadBody(ops, "in.audience.file", "users.csv", newAudienceFile(userPrefix, n), audienceFileSize(userPrefix, n))
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/graphql", body)
	if err != nil {
		return nil, err
	}
	req.ContentLength = body.length
	req.Header.Set("Content-Type", body.contentType)
	if c.cookie != "" {
		req.Header.Set("Cookie", c.cookie)
	}
	// The client's 60 s limit is for single requests; a large audience is
	// stored before the answer.
	hc := *c.http
	hc.Timeout = 30 * time.Minute
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("createIssuanceJob: %w", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("createIssuanceJob: HTTP %d: %s", resp.StatusCode, truncate(strings.TrimSpace(string(raw)), 300))
	}
	var out struct {
		Data struct {
			P struct {
				Job        *issuanceJob `json:"job"`
				UserErrors []userError  `json:"userErrors"`
			} `json:"createIssuanceJob"`
		} `json:"data"`
		Errors []gqlError `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("createIssuanceJob: %w: %s", err, truncate(string(raw), 300))
	}
	if len(out.Errors) > 0 {
		return nil, fmt.Errorf("createIssuanceJob: %s: %s", out.Errors[0].Extensions.Code, out.Errors[0].Message)
	}
	if err := userErrorsErr("createIssuanceJob", out.Data.P.UserErrors); err != nil {
		return nil, err
	}
	if out.Data.P.Job == nil {
		return nil, errors.New("createIssuanceJob: no job")
	}
	return out.Data.P.Job, nil
}

// issuanceJob reads a job.
func (c *client) issuanceJob(ctx context.Context, id string) (*issuanceJob, error) {
	var out struct {
		Job *issuanceJob `json:"issuanceJob"`
	}
	if err := c.call(ctx, true, issuanceJobQuery, map[string]any{"id": id}, &out); err != nil {
		return nil, fmt.Errorf("issuanceJob: %w", err)
	}
	if out.Job == nil {
		return nil, fmt.Errorf("issuanceJob %s: not found", id)
	}
	return out.Job, nil
}
