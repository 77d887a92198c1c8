package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	goredislib "github.com/redis/go-redis/v9"
)

// machine describes the computer and the servers a run measured, for the
// -markdown page. Fields that could not be read are empty (zero).
type machine struct {
	CPU     string // model name, from /proc/cpuinfo
	Cores   int    // logical processors
	MemKB   int64  // MemTotal, from /proc/meminfo
	Go      string // runtime.Version()
	OS      string // the distribution, GOOS/GOARCH and the kernel
	MariaDB string // SELECT VERSION() on -mysql
	Redis   string // redis_version on -redis
}

// String is the page's machine line.
func (m machine) String() string {
	cpu := m.CPU
	if cpu == "" {
		cpu = "unknown CPU"
	}
	s := fmt.Sprintf("%s, %d cores", cpu, m.Cores)
	if m.MemKB > 0 {
		s += fmt.Sprintf(", %.1f GiB of memory", float64(m.MemKB)/(1<<20))
	}
	s += "; " + m.Go
	if m.OS != "" {
		s += ", " + m.OS
	}
	return s
}

// servers is the page's line for the database and Redis servers.
func (m machine) servers() string {
	or := func(v string) string {
		if v == "" {
			return "version unknown"
		}
		return v
	}
	return fmt.Sprintf("MariaDB %s, Redis %s", or(m.MariaDB), or(m.Redis))
}

// readMachine reads the machine from /proc and /etc/os-release and asks
// the servers of the run for their versions (errors leave fields empty).
func readMachine(ctx context.Context, set settings) machine {
	m := machine{Go: runtime.Version(), Cores: runtime.NumCPU()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		model, n := parseCPUInfo(string(b))
		m.CPU = model
		if n > 0 {
			m.Cores = n
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		m.MemKB = parseMemTotal(string(b))
	}
	var osParts []string
	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		if name := parseOSRelease(string(b)); name != "" {
			osParts = append(osParts, name)
		}
	}
	osParts = append(osParts, runtime.GOOS+"/"+runtime.GOARCH)
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		osParts = append(osParts, "kernel "+strings.TrimSpace(string(b)))
	}
	m.OS = strings.Join(osParts, ", ")

	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if dsn, err := dbDSN(set.MySQL, ""); err == nil {
		if db, err := sql.Open("mysql", dsn); err == nil {
			_ = db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&m.MariaDB)
			db.Close()
		}
	}
	rdb := goredislib.NewClient(&goredislib.Options{Addr: set.Redis})
	if info, err := rdb.Info(ctx, "server").Result(); err == nil {
		m.Redis = infoField(info, "redis_version")
	}
	rdb.Close()
	return m
}

// parseCPUInfo returns the first "model name" of /proc/cpuinfo and the
// number of "processor" entries.
func parseCPUInfo(s string) (model string, processors int) {
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "processor":
			processors++
		case "model name":
			if model == "" {
				model = strings.TrimSpace(v)
			}
		}
	}
	return model, processors
}

// parseMemTotal returns MemTotal of /proc/meminfo in kB (0 when absent).
func parseMemTotal(s string) int64 {
	for _, line := range strings.Split(s, "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// parseOSRelease returns PRETTY_NAME of /etc/os-release, unquoted.
func parseOSRelease(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}

// infoField returns a field of Redis's INFO answer.
func infoField(info, name string) string {
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), name+":"); ok {
			return v
		}
	}
	return ""
}
