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

// restores are what Restore runs: putting back the terminal state a prompt
// or raw key reading changed, and leaving the alternate screen. Its mutex
// also serialises every change of terminal modes with Restore (see
// [setMode]); ended is set once Restore ran.
var restores struct {
	sync.Mutex
	next  int
	fns   map[int]func()
	ended bool
}

// ErrEnded is returned by a prompt or raw key reading begun after [Restore]
// ran: the program is ending, and must leave the terminal as Restore left
// it.
var ErrEnded = errors.New("the program is ending")

// register adds fn to restores; the caller holds the mutex.
func register(fn func()) int {
	if restores.fns == nil {
		restores.fns = map[int]func(){}
	}
	id := restores.next
	restores.next++
	restores.fns[id] = fn
	return id
}

// AtRestore registers fn for [Restore] until the returned func is called.
func AtRestore(fn func()) (remove func()) {
	restores.Lock()
	defer restores.Unlock()
	id := register(fn)
	return func() {
		restores.Lock()
		delete(restores.fns, id)
		restores.Unlock()
	}
}

// setMode runs set, which changes the terminal's modes and returns how to
// put them back, and registers that for [Restore]; undo puts them back
// unless Restore already did. Both hold the mutex Restore holds: a signal
// handler's Restore on another goroutine then either runs first (and set
// is not run: ErrEnded) or after the change is registered, and nothing
// changes the modes again after it. Without that, a change made just
// after the handler's Restore left the user's shell without echo.
func setMode(set func() (undo func(), err error)) (undo func(), err error) {
	restores.Lock()
	defer restores.Unlock()
	if restores.ended {
		return nil, ErrEnded
	}
	put, err := set()
	if err != nil {
		return nil, err
	}
	id := register(put)
	return func() {
		restores.Lock()
		defer restores.Unlock()
		if _, ok := restores.fns[id]; ok {
			delete(restores.fns, id)
			put()
		}
	}, nil
}

// Restore puts the terminal back as it was: echo on after a passphrase
// prompt, cooked mode after raw key reading, the main screen after the
// alternate one (whatever was registered with [AtRestore], newest first).
// The program's signal handler calls it before exiting, so that Ctrl-C,
// Ctrl-\ or a kill does not leave the terminal without echo. It is safe
// to call from any goroutine, and runs each registered func once. It is
// final: afterwards this package changes no terminal mode (a prompt or raw
// key reading started later fails), since the program is ending.
func Restore() {
	restores.Lock()
	defer restores.Unlock()
	restores.ended = true
	for id := restores.next - 1; id >= 0; id-- {
		if fn, ok := restores.fns[id]; ok {
			fn()
			delete(restores.fns, id)
		}
	}
}

// Read is [ReadPassphrase] on a given terminal: in must be a terminal, and
// out is where the prompt goes (the same terminal, or standard error).
func Read(in *os.File, out io.Writer, prompt string) ([]byte, error) {
	fd := int(in.Fd())
	if !term.IsTerminal(fd) {
		return nil, ErrNoTerminal
	}
	// Echo goes off before the prompt is drawn: what is typed (or pasted)
	// the moment it appears must not be echoed either.
	restoreEcho, err := setMode(func() (func(), error) { return echoOff(fd) })
	if err != nil {
		return nil, fmt.Errorf("read passphrase: %w", err)
	}
	if _, err := fmt.Fprintf(out, "%s: ", prompt); err != nil {
		restoreEcho()
		return nil, err
	}
	p, err := readLine(fd)
	restoreEcho()
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
