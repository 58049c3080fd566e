//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package term

// echoOff does nothing here: x/term turns echo off when it starts reading.
func echoOff(fd int) (restore func()) { return func() {} }
