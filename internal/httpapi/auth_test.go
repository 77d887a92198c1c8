package httpapi

import (
	"net/http/httptest"
	"testing"
)

func TestSameOrigin(t *testing.T) {
	for _, tc := range []struct {
		method  string
		headers map[string]string
		want    bool
	}{
		{"GET", map[string]string{"Origin": "https://evil.example"}, true},
		{"POST", nil, true},
		{"POST", map[string]string{"Origin": "https://coupond.example"}, true},
		{"POST", map[string]string{"Origin": "https://evil.example"}, false},
		{"POST", map[string]string{"Origin": "null"}, false},
		{"POST", map[string]string{"Sec-Fetch-Site": "same-site"}, false},
		{"POST", map[string]string{"Sec-Fetch-Site": "same-origin"}, true},
		{"POST", map[string]string{"Referer": "https://evil.example/page"}, false},
		{"POST", map[string]string{"Referer": "https://coupond.example/console"}, true},
	} {
		r := httptest.NewRequest(tc.method, "https://coupond.example/graphql", nil)
		for k, v := range tc.headers {
			r.Header.Set(k, v)
		}
		if got := sameOrigin(r); got != tc.want {
			t.Errorf("%s %v: sameOrigin %v, want %v", tc.method, tc.headers, got, tc.want)
		}
	}
}
