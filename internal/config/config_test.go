package config

import (
	"io"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParse(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		c, err := Parse(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if c.Listen != ":8080" || c.EmbeddedShards != 2 || c.TablesPerShard != 4 || c.Currency != "USD" || c.StockSlots != 16 || c.Dev {
			t.Errorf("%+v", c)
		}
		if c.MetaDSN != "" || c.ShardDSNs != "" {
			t.Errorf("embedded config has DSNs: %+v", c)
		}
	})
	t.Run("FlagBeatsEnv", func(t *testing.T) {
		c, err := Parse([]string{"-listen", ":9000"}, env(map[string]string{"COUPOND_LISTEN": ":7000", "COUPOND_DEV": "true", "COUPOND_ADMIN_PASSWORD": "pw"}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if c.Listen != ":9000" || !c.Dev || c.AdminPassword != "pw" {
			t.Errorf("%+v", c)
		}
	})
	t.Run("ShardsAndReplicas", func(t *testing.T) {
		c, err := Parse([]string{"-meta-dsn", "m|mr1|mr2", "-shard-dsns", "s0|s0r;s1"}, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		// The root package's storeConfig reads them (TestStoreConfig).
		if c.MetaDSN != "m|mr1|mr2" || c.ShardDSNs != "s0|s0r;s1" {
			t.Errorf("%+v", c)
		}
	})
	t.Run("BadValuesAreAllReported", func(t *testing.T) {
		_, err := Parse([]string{"-tables", "0", "-currency", "ABC", "-meta-dsn", "x", "-redis-url", "http://x"}, env(nil), io.Discard)
		if err == nil {
			t.Fatal("accepted")
		}
		for _, want := range []string{"-tables", "-currency", "-shard-dsns", "-redis-url"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not mention %s", err, want)
			}
		}
	})
}

func TestRedisOptions(t *testing.T) {
	o, err := RedisOptions("redis://:pw@10.0.0.1:6379/2")
	if err != nil || o.Addrs[0] != "10.0.0.1:6379" || o.Password != "pw" || o.DB != 2 {
		t.Errorf("single: %+v %v", o, err)
	}
	o, err = RedisOptions("redis-sentinel://h1:26379,h2:26379/0?master=main")
	if err != nil || len(o.Addrs) != 2 || o.MasterName != "main" {
		t.Errorf("sentinel: %+v %v", o, err)
	}
	o, err = RedisOptions("redis-cluster://h1:7000,h2:7001")
	if err != nil || !o.IsClusterMode || len(o.Addrs) != 2 {
		t.Errorf("cluster: %+v %v", o, err)
	}
	for _, bad := range []string{"redis://h1:1,h2:2", "redis-sentinel://h:1", "ftp://h", "redis:///0"} {
		if _, err := RedisOptions(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
