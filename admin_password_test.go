package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/coupond/coupond/internal/config"
)

// What the start-up banner says about the admin password is true: the first
// start prints a generated one; COUPOND_ADMIN_PASSWORD sets (resets) it on
// the next start; a start without it keeps it.
func TestAdminPasswordBanner(t *testing.T) {
	dir := t.TempDir()
	start := func(password string) (*Main, string) {
		t.Helper()
		cfg := config.Config{Listen: "127.0.0.1:0", DataDir: dir, EmbeddedShards: 1, TablesPerShard: 2,
			AdminPassword: password, CodeSecret: "admin password test code secret!"}
		var out bytes.Buffer
		m := &Main{Config: &cfg, Out: &out}
		if err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return m, out.String()
	}
	login := func(m *Main, password string) error {
		_, _, err := m.Auth.Login(context.Background(), "admin", password)
		return err
	}

	m, banner := start("")
	got := regexp.MustCompile(`admin / (\S+)  \(generated`).FindStringSubmatch(banner)
	if got == nil || !strings.Contains(banner, "COUPOND_ADMIN_PASSWORD") || !strings.Contains(banner, "resets") {
		t.Fatalf("first start: %q", banner)
	}
	if err := login(m, got[1]); err != nil {
		t.Fatalf("the printed password does not log in: %v", err)
	}
	_ = m.Close()

	const reset = "a new admin password 42"
	m, banner = start(reset)
	if !strings.Contains(banner, "admin / (COUPOND_ADMIN_PASSWORD") {
		t.Fatalf("start with the variable: %q", banner)
	}
	if err := login(m, reset); err != nil {
		t.Fatalf("COUPOND_ADMIN_PASSWORD did not reset the password: %v", err)
	}
	if login(m, got[1]) == nil {
		t.Fatal("the old password still logs in")
	}
	_ = m.Close()

	m, banner = start("")
	defer m.Close()
	if !strings.Contains(banner, "forgotten: set COUPOND_ADMIN_PASSWORD, it resets it on the next start") {
		t.Fatalf("start without the variable: %q", banner)
	}
	if err := login(m, reset); err != nil {
		t.Fatalf("a start without the variable changed the password: %v", err)
	}
}
