//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package term

import (
	"errors"
	"io"

	"golang.org/x/sys/unix"
)

// echoOff turns echo off on the terminal fd, in line mode with Ctrl-C and
// the other signal keys working (the modes x/term's ReadPassword reads
// in), and returns how to put the old modes back.
func echoOff(fd int) (restore func(), err error) {
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ISIG
	quiet.Iflag |= unix.ICRNL
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &quiet); err != nil {
		return nil, err
	}
	return func() { unix.IoctlSetTermios(fd, ioctlSetTermios, old) }, nil
}

// readLine reads one line from the terminal fd, whose echo [echoOff]
// turned off, as x/term's ReadPassword does but without changing the
// terminal's modes itself: ReadPassword saves the modes it finds and puts
// them back when it returns, which could turn echo off again after a
// signal handler's Restore turned it on. At most MaxPassphrase+1 bytes
// are kept (enough for Read to refuse the line); the rest of the line is
// read and dropped, so that it does not reach the shell.
func readLine(fd int) ([]byte, error) {
	var b [1]byte
	var line []byte
	for {
		n, err := unix.Read(fd, b[:])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if n > 0 {
			switch b[0] {
			case '\n':
				return line, nil
			case '\r':
			case '\b':
				if len(line) > 0 {
					line = line[:len(line)-1]
				}
			default:
				if len(line) <= MaxPassphrase {
					line = append(line, b[0])
				}
			}
			continue
		}
		if err == nil { // n == 0: end of input (Ctrl-D at the start of a line)
			err = io.EOF
		}
		if err == io.EOF && len(line) > 0 {
			return line, nil
		}
		return line, err
	}
}
