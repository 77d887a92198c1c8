package main

import (
	"os"
	"strings"
	"testing"

	"github.com/coupond/coupond/internal/config"
)

// The README's configuration table must list every setting.
func TestReadmeListsEverySetting(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, s := range config.Settings() {
		if !strings.Contains(readme, "`"+s.Env+"`") {
			t.Errorf("README does not document %s", s.Env)
		}
		if s.Flag != "" && !strings.Contains(readme, "`-"+s.Flag+"`") {
			t.Errorf("README does not document -%s", s.Flag)
		}
	}
}
