package main

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	gormmysql "gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/coupond/coupond/internal/codes"
	"github.com/coupond/coupond/internal/store"
	"github.com/coupond/coupond/models"
)

// benchCodeSecret is the code secret of the coupond couponbench starts.
const benchCodeSecret = "couponbench code secret, 32 byte"

// codesChunk is the rows of one baseline INSERT: coupond's chunk size.
const codesChunk = codes.DefaultChunkSize

// runCodesBaseline: the floor of code generation. In a scratch database, a
// table made by coupond's own model of stored codes; -codes rows, each 16
// random bytes from crypto/rand and an HMAC-SHA256 lookup hash of its
// code, written with coupond's multi-row INSERT of codesChunk rows, one
// statement after another on one connection, each in its own transaction.
// coupond also encrypts each body, checks each code with a second HMAC,
// moves its checkpoint in each transaction and runs as a background job.
func (bn *bench) runCodesBaseline(ctx context.Context) *Result {
	r := &Result{Scenario: "codes-baseline", Unit: "codes/s"}
	n := bn.set.Codes
	name := bn.prefix + "_codes"
	cfg, err := mysql.ParseDSN(bn.set.MySQL)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	cfg.DBName = ""
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		r.Err = err.Error()
		return r
	}
	_, err = admin.ExecContext(ctx, "CREATE DATABASE `"+name+"`")
	admin.Close()
	if err != nil {
		r.Err = err.Error()
		return r
	}
	bn.created = append(bn.created, name)
	// As coupond opens its databases: parameters interpolated client-side,
	// one round trip a statement.
	cfg.DBName, cfg.InterpolateParams, cfg.ParseTime = name, true, true
	gdb, err := gorm.Open(gormmysql.Open(cfg.FormatDSN()), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	if err := gdb.AutoMigrate(&models.RedeemCode{}); err != nil {
		r.Err = err.Error()
		return r
	}
	db, _ := gdb.DB()
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	defer conn.Close()

	mac := hmac.New(sha256.New, []byte(benchCodeSecret))
	random := make([]byte, 16*codesChunk)
	lookups := make([]byte, 16*codesChunk)
	args := make([]any, 0, 4*codesChunk)
	code := make([]byte, 0, 32)
	var lat []time.Duration
	start := time.Now()
	for done := 0; done < n; {
		if ctx.Err() != nil {
			r.Err = "interrupted"
			return r
		}
		m := min(codesChunk, n-done)
		if _, err := rand.Read(random[:16*m]); err != nil {
			r.Err = err.Error()
			return r
		}
		args = args[:0]
		for i := 0; i < m; i++ {
			body := random[16*i : 16*i+16]
			code = append(code[:0], "BENCH"...)
			for j := 0; j < codes.DefaultLength; j++ {
				code = append(code, codes.Alphabet[body[j]&31])
			}
			mac.Reset()
			mac.Write(code)
			lk := lookups[16*i : 16*i+16]
			copy(lk, mac.Sum(nil))
			args = append(args, 1, done+i, lk, body)
		}
		t0 := time.Now()
		if err := insertTx(ctx, conn, codes.InsertSQL(store.MySQL, m), args); err != nil {
			r.Err = err.Error()
			return r
		}
		lat = append(lat, time.Since(t0))
		done += m
		r.Requests++
	}
	window := time.Since(start)
	r.Issued, r.OK = int64(n), r.Requests
	r.Rate = rate(int64(n), window)
	r.WindowSec = window.Seconds()
	r.P50ms, r.P99ms = ms(percentile(lat, 0.50)), ms(percentile(lat, 0.99))
	var rows int64
	err = conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM redeem_codes").Scan(&rows)
	r.check("rows", err == nil && rows == int64(n), "%d rows stored, want %d (%v)", rows, n, err)
	return r
}

func insertTx(ctx context.Context, conn *sql.Conn, query string, args []any) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// codesScenario: generateCodes of -codes codes, codeBatches polled until
// COMPLETED; the rate is codes over the time from generateCodes' answer to
// COMPLETED. Then the export is downloaded: as many lines as codes, all
// distinct.
func (bn *bench) codesScenario(ctx context.Context) *Result {
	r := &Result{Scenario: "codes", Unit: "codes/s"}
	n := bn.set.Codes
	ids, err := bn.newCoupons(ctx, 1, couponSpec{Name: "codes", TotalStock: 1, PerUserLimit: 1, StockSlots: 1, Channels: []string{"CODE"}})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	batch, window, err := bn.generate(ctx, ids[0], n, "BENCH")
	if err != nil {
		r.Err = err.Error()
		return r
	}
	r.Requests = 1
	r.Issued, r.OK = batch.Generated, 1
	r.Rate = rate(batch.Generated, window)
	r.WindowSec = window.Seconds()
	r.check("generated", batch.Generated == int64(n), "generated %d, want %d", batch.Generated, n)
	t0 := time.Now()
	all, err := bn.api.exportCodes(ctx, batch.ExportURL)
	if err != nil {
		r.check("export", false, "%v", err)
		return r
	}
	seen := make(map[string]struct{}, len(all))
	for _, c := range all {
		seen[c] = struct{}{}
	}
	r.check("export", len(all) == n && len(seen) == n && strings.HasPrefix(all[0], "BENCH"),
		"the export holds %d codes, %d distinct, want %d (downloaded in %s)", len(all), len(seen), n, time.Since(t0).Round(time.Millisecond))
	return r
}

// generate makes a batch and waits for it; window is from generateCodes'
// answer to the poll that saw it COMPLETED.
func (bn *bench) generate(ctx context.Context, couponID string, n int, prefix string) (*codeBatch, time.Duration, error) {
	id, err := bn.api.generateCodes(ctx, couponID, n, prefix)
	if err != nil {
		return nil, 0, err
	}
	answered := time.Now()
	deadline := answered.Add(5*time.Minute + time.Duration(n)*time.Millisecond)
	for {
		select {
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		b, err := bn.api.codeBatch(ctx, couponID, id)
		if err != nil {
			return nil, 0, err
		}
		switch b.Status {
		case "COMPLETED":
			return b, time.Since(answered), nil
		case "FAILED", "CANCELLED":
			return nil, 0, fmt.Errorf("code batch %s %s", id, b.Status)
		}
		if time.Now().After(deadline) {
			return nil, 0, fmt.Errorf("code batch %s not generated in time: %d of %d", id, b.Generated, n)
		}
	}
}

// redeemScenario: -users distinct users redeem one code each of a batch of
// -users codes (generated and exported in setup, not measured) for a
// coupon of -stock units, -concurrency at a time: the same workload as
// hot-claim, through redeemCode.
func (bn *bench) redeemScenario(ctx context.Context) *Result {
	r := &Result{Scenario: "redeem", Unit: "claims/s"}
	users := bn.set.Users
	ids, err := bn.newCoupons(ctx, 1, couponSpec{Name: "redeem", TotalStock: bn.set.Stock, PerUserLimit: 1, StockSlots: 16, Channels: []string{"CODE"}})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	batch, _, err := bn.generate(ctx, ids[0], users, "")
	if err != nil {
		r.Err = err.Error()
		return r
	}
	all, err := bn.api.exportCodes(ctx, batch.ExportURL)
	if err != nil || len(all) != users {
		r.Err = fmt.Sprintf("export: %d codes, %v", len(all), err)
		return r
	}
	userPrefix := fmt.Sprintf("%s-r%d-", bn.prefix, bn.nextSeq())
	l := runLoad(ctx, loadSpec{
		jobs: users, concurrency: bn.set.Concurrency, duration: bn.set.Duration,
		stopCode: "OUT_OF_STOCK", perJob: true,
		do: func(ctx context.Context, buf []byte, i int) ([]byte, claimOutcome) {
			buf = redeemBody(buf, userPrefix, i, all[i])
			return buf, bn.api.redeem(ctx, buf)
		},
	})
	r.fromLoad(l, 1)
	bn.checkStock(ctx, r, ids, r.Issued)
	bn.checkHoldings(ctx, r, ids, 1, bn.sampleUsers(userPrefix, l))
	checkDuplicates(r, l.IDs)
	checkUnexpected(r, "OUT_OF_STOCK")
	if b, err := bn.api.codeBatch(ctx, ids[0], batch.ID); err == nil {
		r.check("redeemed", b.Redeemed == r.Issued, "the batch counts %d redeemed, the client %d", b.Redeemed, r.Issued)
	} else {
		r.check("redeemed", false, "%v", err)
	}
	return r
}

const redeemQuery = `mutation($i:RedeemCodeInput!){redeemCode(input:$i){userCoupon{id} replayed userErrors{code message}}}`

var redeemHead = []byte(`{"query":` + string(jsonString(redeemQuery)) + `,"variables":{"i":{"userId":"`)

func redeemBody(buf []byte, userPrefix string, user int, code string) []byte {
	buf = append(buf[:0], redeemHead...)
	buf = append(buf, userPrefix...)
	buf = fmt.Appendf(buf, "%d", user)
	buf = append(buf, `","requestId":"r","code":"`...)
	buf = append(buf, code...)
	return append(buf, `"}}}`...)
}

// redeem sends a redeemCode body, retrying BUSY as claim does.
func (c *client) redeem(ctx context.Context, body []byte) claimOutcome {
	var o claimOutcome
	for {
		var out struct {
			P claimPayload `json:"redeemCode"`
		}
		o.ids, o.replayed, o.code, o.err = o.ids[:0], false, "", ""
		if err := c.post(ctx, body, false, &out); err != nil {
			o.err = err.Error()
			return o
		}
		o.replayed = out.P.Replayed
		switch {
		case len(out.P.UserErrors) > 0:
			o.code = out.P.UserErrors[0].Code
		case out.P.UserCoupon != nil:
			o.ids = append(o.ids, out.P.UserCoupon.ID)
		default:
			o.code = "NO_RESULT"
		}
		if o.code != "BUSY" || o.busy >= maxBusyRetries || ctx.Err() != nil {
			return o
		}
		o.busy++
		time.Sleep(5 * time.Millisecond)
	}
}

type codeBatch struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Generated int64  `json:"generated"`
	Redeemed  int64  `json:"redeemed"`
	ExportURL string `json:"exportUrl"`
}

func (c *client) generateCodes(ctx context.Context, couponID string, n int, prefix string) (string, error) {
	var out struct {
		P struct {
			Batch      *codeBatch  `json:"batch"`
			UserErrors []userError `json:"userErrors"`
		} `json:"generateCodes"`
	}
	in := map[string]any{"couponId": couponID, "count": n}
	if prefix != "" {
		in["prefix"] = prefix
	}
	if err := c.call(ctx, true, `mutation($i:GenerateCodesInput!){generateCodes(input:$i){batch{id status} userErrors{code message}}}`,
		map[string]any{"i": in}, &out); err != nil {
		return "", err
	}
	if err := userErrorsErr("generateCodes", out.P.UserErrors); err != nil {
		return "", err
	}
	return out.P.Batch.ID, nil
}

// codeBatch reads one batch of a coupon (as the admin, who may export).
func (c *client) codeBatch(ctx context.Context, couponID, id string) (*codeBatch, error) {
	var out struct {
		Batches []codeBatch `json:"codeBatches"`
	}
	if err := c.call(ctx, true, `query($c:ID!){codeBatches(couponId:$c){id status generated redeemed exportUrl}}`, map[string]any{"c": couponID}, &out); err != nil {
		return nil, err
	}
	for i := range out.Batches {
		if out.Batches[i].ID == id {
			return &out.Batches[i], nil
		}
	}
	return nil, fmt.Errorf("code batch %s not listed", id)
}

// exportCodes downloads an export link and returns its codes.
func (c *client) exportCodes(ctx context.Context, link string) ([]string, error) {
	if link == "" {
		return nil, fmt.Errorf("no export link")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+link, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Cookie", c.cookie)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return nil, fmt.Errorf("export: HTTP %d: %s", resp.StatusCode, msg)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Scan() // header
	var out []string
	for sc.Scan() {
		line := sc.Text()
		code, _, _ := strings.Cut(line, ",")
		out = append(out, code)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "  exported %d codes\n", len(out))
	return out, nil
}
