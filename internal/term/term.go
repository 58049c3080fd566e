// Package term asks for passphrases on the terminal, as age does: the
// prompt goes to /dev/tty, so that standard input and output stay free to
// carry data; the answer is never echoed; and the prompt line is erased
// afterwards, so that no trace of it is left in the terminal.
//
// When there is no /dev/tty (no controlling terminal, or Windows), standard
// input is used if it is a terminal, with the prompt on standard error.
// Otherwise [ErrNoTerminal] is returned: a script must give the passphrase
// some other way.
package term

import (
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// ErrNoTerminal is returned when there is no terminal to ask on.
var ErrNoTerminal = errors.New("no terminal to ask for a passphrase on")

// MaxPassphrase caps the answer; x/term reads until a newline otherwise.
const MaxPassphrase = 64 << 10

// ReadPassphrase shows prompt (followed by ": ") on the terminal and reads
// one line without echoing it. The trailing newline is not returned.
func ReadPassphrase(prompt string) ([]byte, error) {
	if tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
		defer tty.Close()
		return Read(tty, tty, prompt)
	}
	if term.IsTerminal(int(os.Stdin.Fd())) {
		return Read(os.Stdin, os.Stderr, prompt)
	}
	return nil, ErrNoTerminal
}

// Read is [ReadPassphrase] on a given terminal: in must be a terminal, and
// out is where the prompt goes (the same terminal, or standard error).
func Read(in *os.File, out io.Writer, prompt string) ([]byte, error) {
	fd := int(in.Fd())
	if !term.IsTerminal(fd) {
		return nil, ErrNoTerminal
	}
	stop := restoreOnInterrupt(fd)
	restoreEcho := echoOff(fd)
	if _, err := fmt.Fprintf(out, "%s: ", prompt); err != nil {
		restoreEcho()
		stop()
		return nil, err
	}
	p, err := term.ReadPassword(fd)
	restoreEcho()
	stop()
	// The Enter key was not echoed either: go back to the start of the
	// line and clear it.
	fmt.Fprint(out, "\r\x1b[K")
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("no passphrase typed (end of input)")
		}
		return nil, fmt.Errorf("read passphrase: %v", err)
	}
	if len(p) > MaxPassphrase {
		return nil, fmt.Errorf("passphrase is longer than %d KiB", MaxPassphrase>>10)
	}
	return p, nil
}
