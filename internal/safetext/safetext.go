// Package safetext is the one sanitiser of text that reaches a person:
// tables, code listings, terminal captions, errors, warnings and progress
// lines. Issuers and names come from untrusted exports and backups, and a
// terminal obeys what it is sent: an ESC or C1 control (U+009B is CSI in
// some terminals) can move the cursor, retitle the window (OSC), or hide
// text, and a bidirectional override (U+202E) reorders what is shown, so
// that a name can pass itself off as another.
//
// Human-facing text goes through [Line], which is lossy; errors, warnings
// and notes through [Message], which also hides any URL a message quotes. Machine-readable
// output keeps the text whole: [EscapeJSON] writes the same characters as
// \u escapes, which a JSON reader turns back into what was read, and
// [CSVCell] sanitises as [Line] does and guards against spreadsheet
// formulas.
package safetext

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// unsafe reports whether r must not reach a terminal as it is.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0: // C0, DEL, C1
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, // bidi marks
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, // bidi embeddings, overrides, isolates
		r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}

// Line returns s safe to print on one line of a terminal: C0 controls
// (line breaks, tabs, ESC) and DEL become a space, so that words stay
// apart and columns stay aligned; C1 controls, bidirectional controls,
// line separators and invalid UTF-8 become "?", which shows that something
// was there.
func Line(s string) string {
	clean := true
	for _, r := range s {
		if unsafe(r) || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteByte('?')
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		case unsafe(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Cell is [Line] for a table cell: an empty one shows as "-", so that a
// missing issuer does not shift the columns to the eye.
func Cell(s string) string {
	if s == "" {
		return "-"
	}
	return Line(s)
}

// EscapeJSON rewrites, in JSON that encoding/json wrote, every character
// [Line] would replace as a \uXXXX escape. encoding/json already escapes
// C0 controls, U+2028 and U+2029, but writes C1 and bidirectional controls
// raw; outside strings JSON holds only ASCII, so the rewrite touches
// string contents only, and a JSON reader gets back exactly what was
// encoded.
func EscapeJSON(js []byte) []byte {
	if !bytes.ContainsFunc(js, func(r rune) bool { return r >= 0x80 && unsafe(r) }) {
		return js
	}
	var b bytes.Buffer
	b.Grow(len(js) + 16)
	for i := 0; i < len(js); {
		r, n := utf8.DecodeRune(js[i:])
		if r >= 0x80 && unsafe(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.Write(js[i : i+n])
		}
		i += n
	}
	return b.Bytes()
}

// CSVCell returns s for a CSV file that may be opened in a spreadsheet
// or shown with cat: every character [Line] replaces is replaced, except
// tabs and line feeds, which encoding/csv quotes and which are data (a
// name may hold them); and, when s starts with a character that makes a
// spreadsheet read it as a formula (= + - @, tab or carriage return;
// OWASP's "CSV injection"), a single quote is put before it, which
// spreadsheets show as text. A cell such as "-5" or "@home" so gains a
// leading "'" that a script reading the file must strip; JSON output keeps
// every value as it is.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	var b strings.Builder
	for _, part := range strings.SplitAfter(s, "\n") {
		line, nl := strings.CutSuffix(part, "\n")
		fields := strings.Split(line, "\t")
		for i, f := range fields {
			fields[i] = Line(f)
		}
		b.WriteString(strings.Join(fields, "\t"))
		if nl {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
