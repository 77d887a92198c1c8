package limit

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Rate{"20/1m": {20, time.Minute}, " 10/15m ": {10, 15 * time.Minute}, "off": {}, "0": {}} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "20", "0/1m", "x/1m", "5/500ms", "5/x"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	if s := (Rate{N: 20, Period: time.Minute}).String(); s != "20/1m0s" {
		t.Errorf("String %q", s)
	}
}
