package httpx

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
)

// CSV streams a spreadsheet-safe CSV download: UTF-8 with a byte order
// mark (so spreadsheets read it as UTF-8), every cell through SafeCell,
// flushed to the client as it goes.
type CSV struct {
	w   http.ResponseWriter
	out *csv.Writer
	row []string
}

// NewCSV starts a CSV download named filename with its header row.
func NewCSV(w http.ResponseWriter, filename string, header ...string) *CSV {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", filename))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write([]byte("\xEF\xBB\xBF"))
	c := &CSV{w: w, out: csv.NewWriter(w)}
	c.Row(header...)
	return c
}

// Row writes one row.
func (c *CSV) Row(cells ...string) {
	c.row = c.row[:0]
	for _, v := range cells {
		c.row = append(c.row, SafeCell(v))
	}
	_ = c.out.Write(c.row)
}

// Flush sends what is buffered; it returns the first write error.
func (c *CSV) Flush() error {
	c.out.Flush()
	if f, ok := c.w.(http.Flusher); ok {
		f.Flush()
	}
	return c.out.Error()
}

// SafeCell neutralises a value a spreadsheet would run as a formula (one
// starting with = + - @, a tab or a carriage return) by a leading quote.
// A negative number stays a number.
func SafeCell(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	if v[0] == '-' && isNumber(v[1:]) {
		return v
	}
	return "'" + v
}

func isNumber(s string) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
		case s[i] == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return s != ""
}
