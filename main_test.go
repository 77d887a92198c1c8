package main

import (
	"io"
	"log/slog"
	"os"
	"testing"

	"github.com/coupond/coupond/internal/testenv"
)

func TestMain(m *testing.M) {
	testenv.UseReplicas()
	// Request logs would drown the test output; failures still show.
	if os.Getenv("COUPOND_TEST_LOG") == "" {
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
	os.Exit(m.Run())
}
