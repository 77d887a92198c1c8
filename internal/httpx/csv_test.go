package httpx

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("x")`: `'=HYPERLINK("x")`, "+1": "'+1", "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"-12.50": "-12.50", "-": "'-", "ABC": "ABC", "": "", "a=b": "a=b",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSV(t *testing.T) {
	rec := httptest.NewRecorder()
	c := NewCSV(rec, "x.csv", "name", "amount")
	c.Row("=cmd|' /C calc'!A0", "-5.00")
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	body := rec.Body.String()
	if !strings.HasPrefix(body, "\xEF\xBB\xBFname,amount\n") || !strings.Contains(body, "\n'=cmd|' /C calc'!A0,-5.00\n") {
		t.Fatalf("body %q", body)
	}
	if rec.Header().Get("Content-Disposition") != `attachment; filename="x.csv"` {
		t.Fatalf("headers %v", rec.Header())
	}
}
