package main

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// setProcAttrs puts the server in its own process group (a Ctrl-C reaches
// couponbench, which then stops it in order) and has the kernel kill it if
// couponbench dies without cleaning up.
func setProcAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func terminate(cmd *exec.Cmd) error { return cmd.Process.Signal(syscall.SIGTERM) }

// cpuTimes returns the CPU time (user + system) used so far by couponbench
// and by the process pid (0: none), to show how much of the machine the
// load generator itself took.
func cpuTimes(pid int) (self, other time.Duration) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if pid > 0 {
		// /proc/<pid>/stat: fields 14 and 15 are utime and stime in clock ticks
		// (100 per second on Linux), after the ")" that ends the command name.
		if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
			if i := bytes.LastIndexByte(b, ')'); i >= 0 {
				f := strings.Fields(string(b[i+1:]))
				if len(f) > 12 {
					u, _ := strconv.ParseInt(f[11], 10, 64)
					s, _ := strconv.ParseInt(f[12], 10, 64)
					other = time.Duration(u+s) * 10 * time.Millisecond
				}
			}
		}
	}
	return self, other
}
