//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package term

import "golang.org/x/sys/unix"

// echoOff turns echo off on the terminal fd until the returned func is
// called. Read calls it before the prompt: what is typed (or pasted) the
// moment the prompt appears must not be echoed either, and x/term only
// turns echo off once it starts reading.
func echoOff(fd int) (restore func()) {
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return func() {}
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	if unix.IoctlSetTermios(fd, ioctlSetTermios, &quiet) != nil {
		return func() {}
	}
	return func() { unix.IoctlSetTermios(fd, ioctlSetTermios, old) }
}
