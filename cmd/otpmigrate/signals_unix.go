//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

var exitSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

func isInterrupt(sig os.Signal) bool { return sig == syscall.SIGINT || sig == syscall.SIGTERM }

// exitBySignal ends the process as if sig had not been caught, so that a
// shell sees "killed by SIGINT" and stops a loop; SIGQUIT's default would
// print every goroutine's stack, so it exits with 128+3 instead.
func exitBySignal(sig os.Signal) {
	s := sig.(syscall.Signal)
	if s != syscall.SIGQUIT {
		signal.Reset(s)
		syscall.Kill(os.Getpid(), s)
		time.Sleep(time.Second) // the signal is on its way
	}
	os.Exit(128 + int(s))
}
