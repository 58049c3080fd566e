package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/verify"
	"golang.org/x/term"
)

// Terminal control sequences. The codes are drawn on the alternate screen,
// which terminals keep out of the scrollback, and the screen is cleared on
// the way out so that no secret stays in view.
const (
	altScreenOn  = "\x1b[?1049h"
	altScreenOff = "\x1b[?1049l"
	clearScreen  = homeCursor + "\x1b[2J"
	clearScroll  = "\x1b[3J"
)

func exportTerminal(o exportOptions, e env, accounts []otpmigrate.Account) error {
	level := o.level
	if level == 0 {
		level = encode.DefaultTerminalLevel
	}
	// Draw and check every code before showing the first.
	codes := make([]*encode.QR, len(accounts))
	for i, a := range accounts {
		q, err := encode.NewAccountQR(a, level)
		if err != nil {
			return &opError{op: "encode " + describeAccount(i, a), err: err}
		}
		if err := verify.QR(q, a); err != nil {
			return &opError{op: "check " + describeAccount(i, a), err: err}
		}
		codes[i] = q
	}
	keys, restore, err := openKeys(e.stdin)
	if err != nil {
		return &opError{op: "read keys", err: err}
	}
	out := e.stdout
	if restore != nil && isTerminal(out) {
		// Raw mode also stops the terminal from turning "\n" into "\r\n".
		out = crlfWriter{out}
	}
	fmt.Fprint(out, altScreenOn)
	shown := 0
	defer func() {
		fmt.Fprint(out, clearScreen+clearScroll+altScreenOff)
		if restore != nil {
			restore()
		}
		e.ui.infof("showed %d of %d account(s); the screen is cleared", shown, len(codes))
	}()
	cols, rows := terminalSize(e.stdout)
	for i, q := range codes {
		hint := "Enter: next, q: quit"
		if i == len(codes)-1 {
			hint = "Enter: done"
		}
		// A code cut off at the top does not scan; say so rather than
		// leave the user wondering.
		if rows > 0 && ((q.Size()+1)/2+1 > rows || q.Size() > cols) {
			hint = fmt.Sprintf("window too small (needs %dx%d)   ", q.Size(), (q.Size()+1)/2+1) + hint
		}
		fmt.Fprint(out, clearScreen)
		caption := encode.TerminalCaption(accounts[i], i+1, len(codes)) + "   " + hint
		if err := encode.WriteTerminalQR(out, q, caption, 80); err != nil {
			return &opError{op: "draw QR code", err: err}
		}
		shown++
		if !nextKey(keys) {
			break
		}
	}
	return nil
}

// terminalSize returns the size of the terminal w writes to, or zeros.
func terminalSize(w io.Writer) (cols, rows int) {
	f, ok := w.(*os.File)
	if !ok {
		return 0, 0
	}
	cols, rows, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0, 0
	}
	return cols, rows
}

// openKeys finds where key presses come from: a terminal on standard input
// or, when standard input is taken (by "-" say), the controlling terminal,
// both in raw mode so that a single key counts; otherwise lines of standard
// input. restore is nil when no terminal mode was changed.
func openKeys(stdin io.Reader) (keys io.Reader, restore func(), err error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return rawKeys(f, nil)
	}
	if tty, err := os.Open("/dev/tty"); err == nil {
		if term.IsTerminal(int(tty.Fd())) {
			return rawKeys(tty, tty)
		}
		tty.Close()
	}
	return bufio.NewReader(stdin), nil, nil
}

func rawKeys(f, closer *os.File) (io.Reader, func(), error) {
	old, err := term.MakeRaw(int(f.Fd()))
	if err != nil {
		if closer != nil {
			closer.Close()
		}
		return nil, nil, err
	}
	return f, func() {
		term.Restore(int(f.Fd()), old)
		if closer != nil {
			closer.Close()
		}
	}, nil
}

// nextKey waits for Enter (or space) and reports true, or for q, Esc,
// Ctrl-C, Ctrl-D or the end of input and reports false. Other keys are
// ignored.
func nextKey(r io.Reader) bool {
	var b [1]byte
	for {
		n, err := r.Read(b[:])
		if n == 0 && err != nil {
			return false
		}
		if n == 0 {
			continue
		}
		switch b[0] {
		case '\r', '\n', ' ':
			return true
		case 'q', 'Q', 0x1b, 0x03, 0x04:
			return false
		}
	}
}

type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	if _, err := c.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
