//go:build !(linux || darwin || freebsd)

package main

import "time"

var start = time.Now()

// threadCPU falls back to wall-clock time where there is no thread CPU
// clock.
func threadCPU() time.Duration { return time.Since(start) }
