//go:build !linux

package main

import (
	"os"
	"os/exec"
	"time"
)

func setProcAttrs(*exec.Cmd) {}

func terminate(cmd *exec.Cmd) error { return cmd.Process.Signal(os.Interrupt) }

func cpuTimes(int) (self, other time.Duration) { return 0, 0 }
