package main

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/coupond/coupond/internal/config"
)

func TestStoreConfig(t *testing.T) {
	parse := func(t *testing.T, args ...string) *config.Config {
		t.Helper()
		c, err := config.Parse(args, func(string) string { return "" }, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Run("Embedded", func(t *testing.T) {
		if sc := storeConfig(parse(t)); sc.Meta.Primary != "" || len(sc.Shards) != 0 {
			t.Errorf("embedded store config has DSNs: %+v", sc)
		}
	})
	t.Run("ShardsAndReplicas", func(t *testing.T) {
		sc := storeConfig(parse(t, "-meta-dsn", "m|mr1|mr2", "-shard-dsns", "s0|s0r;s1"))
		if sc.Meta.Primary != "m" || len(sc.Meta.Replicas) != 2 || len(sc.Shards) != 2 || sc.Shards[0].Replicas[0] != "s0r" || len(sc.Shards[1].Replicas) != 0 {
			t.Errorf("%+v", sc)
		}
	})
	t.Run("Reshard", func(t *testing.T) {
		if _, ok := reshardConfig(parse(t)); ok {
			t.Error("a resharding target without -reshard-tables")
		}
		sc, ok := reshardConfig(parse(t, "-data-dir", "d", "-reshard-tables", "16", "-reshard-shards", "4"))
		if !ok || sc.EmbeddedShards != 4 || sc.TablesPerShard != 16 || sc.DataDir != filepath.Join("d", "reshard-4x16") {
			t.Errorf("%+v %v", sc, ok)
		}
	})
}
