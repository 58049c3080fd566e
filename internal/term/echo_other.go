//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package term

import "golang.org/x/term"

// echoOff does nothing here: x/term turns echo off when it starts reading.
func echoOff(fd int) (restore func(), err error) { return func() {}, nil }

// readLine reads one line without echo.
func readLine(fd int) ([]byte, error) { return term.ReadPassword(fd) }
