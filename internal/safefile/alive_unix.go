//go:build unix

package safefile

import (
	"errors"

	"golang.org/x/sys/unix"
)

// processAlive reports whether pid may be a running process: only "no such
// process" counts as dead (EPERM is someone else's live process).
func processAlive(pid int) bool {
	if pid <= 0 {
		return true
	}
	return !errors.Is(unix.Kill(pid, 0), unix.ESRCH)
}
