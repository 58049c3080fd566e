package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/otpmigrate/otpmigrate/decode"
)

// ui is the only place that writes to standard error. Messages follow age's
// rules: "otpmigrate: error: …" lowercase with no final period, then any
// "otpmigrate: hint: …" lines. Nothing written here may contain a secret or a
// raw otpauth URI.
type ui struct {
	stderr   io.Writer
	notFound string
	quiet    bool
}

func (u *ui) errorf(format string, args ...any) {
	fmt.Fprintf(u.stderr, "otpmigrate: error: "+format+"\n", args...)
}

func (u *ui) warnf(format string, args ...any) {
	fmt.Fprintf(u.stderr, "otpmigrate: warning: "+format+"\n", args...)
}

func (u *ui) infof(format string, args ...any) {
	if u.quiet {
		return
	}
	fmt.Fprintf(u.stderr, "otpmigrate: "+format+"\n", args...)
}

func (u *ui) hint(format string, args ...any) {
	fmt.Fprintf(u.stderr, "otpmigrate: hint: "+format+"\n", args...)
}

// hinter is an error that knows one concrete thing the user can do.
type hinter interface{ Hint() string }

// opError names the operation and object of a failure:
// `decode "shot.png": no QR code found in image`.
type opError struct {
	op   string
	err  error
	hint string
	code int
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

func (e *opError) ExitCode() int {
	if e.code != 0 {
		return e.code
	}
	return exitFailure
}

func (u *ui) report(err error) {
	// One line: a wrapped cause's own line breaks would make it several.
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	u.errorf("%s", msg)
	var h hinter
	if errors.As(err, &h) && h.Hint() != "" {
		u.hint("%s", h.Hint())
		return
	}
	var de *decode.Error
	if errors.As(err, &de) && de.Hint != "" {
		u.hint("%s", de.Hint)
	}
}
