package term

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// Terminal control sequences. Secrets are drawn on the alternate screen,
// which terminals keep out of the scrollback, and the screen is cleared on
// the way out so that no secret stays in view.
const (
	AltScreenOn  = "\x1b[?1049h"
	AltScreenOff = "\x1b[?1049l"
	HomeCursor   = "\x1b[H"
	ClearScreen  = HomeCursor + "\x1b[2J"
	ClearScroll  = "\x1b[3J"
	ClearLine    = "\x1b[K" // to the end of the line
	ClearBelow   = "\x1b[J" // from the cursor to the end of the screen
	HideCursor   = "\x1b[?25l"
	ShowCursor   = "\x1b[?25h"
	EnterScreen  = AltScreenOn + HideCursor
	LeaveScreen  = ClearScreen + ShowCursor + AltScreenOff
)

// IsTerminal reports whether w is a terminal: secrets drawn for the eye go
// only there, and binary output never does.
func IsTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Size returns the size of the terminal w writes to, or zeros.
func Size(w io.Writer) (cols, rows int) {
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

// OpenKeys finds where key presses come from: a terminal on standard input
// or, when standard input is taken (by "-" say), the controlling terminal,
// both in raw mode so that a single key counts; otherwise lines of standard
// input. restore is nil when no terminal mode was changed.
func OpenKeys(stdin io.Reader) (keys io.Reader, restore func(), err error) {
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
	// A signal that ends the program mid-way must not leave the terminal
	// raw: setMode registers the way back for Restore.
	fd := int(f.Fd())
	undo, err := setMode(func() (func(), error) {
		old, err := term.MakeRaw(fd)
		if err != nil {
			return nil, err
		}
		return func() { term.Restore(fd, old) }, nil
	})
	if err != nil {
		if closer != nil {
			closer.Close()
		}
		return nil, nil, err
	}
	return f, func() {
		undo()
		if closer != nil {
			closer.Close()
		}
	}, nil
}

// NextKey waits for Enter (or space) and reports true, or for q, Esc,
// Ctrl-C, Ctrl-D or the end of input and reports false. Other keys are
// ignored.
func NextKey(r io.Reader) bool {
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

// CRLFWriter writes "\r\n" for every "\n": a terminal in raw mode no
// longer does it itself.
type CRLFWriter struct{ W io.Writer }

func (c CRLFWriter) Write(p []byte) (int, error) {
	if _, err := c.W.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Watch draws frames on the alternate screen, once at the start and then
// on every tick, until ctx is done; then it clears the screen. Each frame
// overwrites the last in place instead of clearing first, so that a table
// redrawn every second does not flicker.
func Watch(ctx context.Context, w io.Writer, ticks <-chan time.Time, frame func() []byte) error {
	if _, err := io.WriteString(w, EnterScreen); err != nil {
		return err
	}
	draw := func() error {
		var buf bytes.Buffer
		buf.WriteString(HomeCursor)
		for _, line := range strings.SplitAfter(string(frame()), "\n") {
			line, nl := strings.CutSuffix(line, "\n")
			buf.WriteString(line + ClearLine)
			if nl {
				buf.WriteString("\r\n")
			}
		}
		buf.WriteString(ClearBelow)
		_, err := w.Write(buf.Bytes())
		return err
	}
	err := draw()
	for err == nil {
		select {
		case <-ctx.Done():
			_, err = io.WriteString(w, LeaveScreen)
			return err
		case <-ticks:
			err = draw()
		}
	}
	io.WriteString(w, LeaveScreen)
	return err
}

// SecondTicks sends a tick just after each whole second of the wall clock,
// when codes and counts change, until ctx is done.
func SecondTicks(ctx context.Context) <-chan time.Time {
	ch := make(chan time.Time)
	go func() {
		for {
			d := time.Second - time.Duration(time.Now().Nanosecond()) + 5*time.Millisecond
			select {
			case <-ctx.Done():
				return
			case t := <-time.After(d):
				select {
				case ch <- t:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return ch
}
