// Package term asks for passphrases on the terminal, as age does: the
// prompt goes to /dev/tty, so that standard input and output stay free to
// carry data; the answer is never echoed; and the prompt line is erased
// afterwards, so that no trace of it is left in the terminal.
//
// When there is no /dev/tty (no controlling terminal, or Windows), standard
// input is used if it is a terminal, with the prompt on standard error.
// Otherwise [ErrNoTerminal] is returned: a script must give the passphrase
// some other way.
//
// This package installs no signal handler: the program's one handler calls
// [Restore] before it exits.
//
// The package also holds the rest of otpmigrate's terminal handling: the
// alternate screen, single key presses and the redraw loop that
// export --terminal and code --watch use, and the check of a new
// passphrase's strength ([Weak]).
package term

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

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

// active is the terminal a prompt is reading from, and its state before,
// for [Restore].
var active struct {
	sync.Mutex
	fd    int
	state *term.State
}

// remember records fd's state for [Restore] until the returned func is
// called.
func remember(fd int) (forget func()) {
	st, err := term.GetState(fd)
	if err != nil {
		return func() {}
	}
	active.Lock()
	active.fd, active.state = fd, st
	active.Unlock()
	return func() {
		active.Lock()
		active.state = nil
		active.Unlock()
	}
}

// Restore puts back the terminal a prompt is reading from, if any, as it
// was before the prompt: echo on. The program's signal handler calls it
// before exiting, so that Ctrl-C, Ctrl-\ or a kill during a prompt does not
// leave the terminal without echo. It is safe to call from any goroutine.
func Restore() {
	active.Lock()
	defer active.Unlock()
	if active.state != nil {
		term.Restore(active.fd, active.state)
		active.state = nil
	}
}

// Read is [ReadPassphrase] on a given terminal: in must be a terminal, and
// out is where the prompt goes (the same terminal, or standard error).
func Read(in *os.File, out io.Writer, prompt string) ([]byte, error) {
	fd := int(in.Fd())
	if !term.IsTerminal(fd) {
		return nil, ErrNoTerminal
	}
	stop := remember(fd)
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
