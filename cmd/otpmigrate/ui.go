package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/internal/safetext"
	"github.com/otpmigrate/otpmigrate/internal/term"
)

// ui is the only place that writes to standard error. Messages follow age's
// rules: "otpmigrate: error: …" lowercase with no final period, then any
// "otpmigrate: hint: …" lines. Nothing written here may contain a secret or a
// raw otpauth URI.
type ui struct {
	stderr   io.Writer
	notFound string
}

func (u *ui) errorf(format string, args ...any) { u.line("error: ", format, args...) }

func (u *ui) warnf(format string, args ...any) { u.line("warning: ", format, args...) }

func (u *ui) infof(format string, args ...any) { u.line("", format, args...) }

func (u *ui) hint(format string, args ...any) { u.line("hint: ", format, args...) }

func (u *ui) line(kind, format string, args ...any) {
	// Messages quote issuers, file names and what the user typed: the one
	// sanitiser keeps them from driving the terminal, and hides any URL.
	fmt.Fprintf(u.stderr, "otpmigrate: %s%s\n", kind, safetext.Message(fmt.Sprintf(format, args...)))
}

// hinter is an error that knows one concrete thing the user can do.
type hinter interface{ Hint() string }

// opError names the operation and object of a failure:
// `decode "shot.png": no QR code found in image`.
type opError struct {
	op   string
	err  error
	hint string
}

func (e *opError) Error() string {
	var de *decode.Error
	if errors.As(e.err, &de) && strings.HasPrefix(e.err.Error(), "\"") {
		return e.op + " " + e.err.Error()
	}
	return e.op + ": " + e.err.Error()
}

func (e *opError) Unwrap() error { return e.err }

func (e *opError) Hint() string { return e.hint }

func (u *ui) report(err error) {
	// One line: safetext turns a wrapped cause's own line breaks into
	// spaces.
	u.errorf("%s", err.Error())
	if h := firstHint(err); h != "" {
		u.hint("%s", h)
	}
}

// firstHint returns the outermost non-empty hint in err's chain: an outer
// error that only names the operation must not hide its cause's hint.
func firstHint(err error) string {
	for ; err != nil; err = errors.Unwrap(err) {
		if h, ok := err.(hinter); ok && h.Hint() != "" {
			return h.Hint()
		}
	}
	return ""
}

// isTerminal reports whether w is a terminal (see [term.IsTerminal]).
func isTerminal(w io.Writer) bool { return term.IsTerminal(w) }

// progressMin is the number of images from which scanning shows a bar:
// below it the wait is too short to need one.
const progressMin = 5

// progress returns a decode.Options.Progress that draws a bar on standard
// error while images are scanned, or nil when standard error is not a
// terminal (a script or a log gets no control characters).
func (u *ui) progress() func(done, total int) {
	if !isTerminal(u.stderr) {
		return nil
	}
	return func(done, total int) {
		if total < progressMin {
			return
		}
		const width = 30
		n := done * width / total
		fmt.Fprintf(u.stderr, "\rotpmigrate: scanning images [%s%s] %d/%d", strings.Repeat("=", n), strings.Repeat(" ", width-n), done, total)
		if done == total {
			fmt.Fprint(u.stderr, "\r\033[K") // leave the line clean for messages
		}
	}
}
