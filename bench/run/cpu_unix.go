//go:build linux || darwin || freebsd

package main

import (
	"log"
	"time"

	"golang.org/x/sys/unix"
)

// threadCPU is this thread's CPU time. Times are CPU times, not
// wall-clock: the machine may be shared, and CPU time is what a reader
// costs however busy the machine is. ScanImage runs on one goroutine,
// locked to this thread.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		log.Fatal(err)
	}
	return time.Duration(ts.Nano())
}
