package safetext

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Message returns an error, warning or note safe to print: every quoted
// value that could be an input is hidden (see hideInputs), every quoted
// value is capped, and the whole is sanitised as [Line] does.
func Message(msg string) string { return Line(hideInputs(msg)) }

var quotedValue = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// hideInputs replaces every quoted value in a message that could be an
// input (a URL, a secret= or data= parameter) with "…". Messages quote
// what the user typed ("unknown --format", urfave/cli's "invalid value …
// for flag"), and people put URLs where a flag or command was expected;
// this is the last line of defence for the promise that no raw URI
// reaches the terminal.
func hideInputs(msg string) string {
	if !strings.Contains(msg, "\"") {
		return msg
	}
	return quotedValue.ReplaceAllStringFunc(msg, func(q string) string {
		l := strings.ToLower(q)
		for _, bad := range []string{"://", "otpauth", "secret=", "data="} {
			if strings.Contains(l, bad) {
				return `"…"`
			}
		}
		return capQuote(q)
	})
}

// maxQuote caps one quoted value in a message, quotes included: a file
// name or a value from an input file can be any length, and a message is
// one line.
const maxQuote = 120

// capQuote shortens a quoted value longer than maxQuote, on a character
// boundary and outside any escape, and marks the cut.
func capQuote(q string) string {
	if len(q) <= maxQuote {
		return q
	}
	cut := maxQuote - len(`…"`)
	for cut > 1 && !utf8.RuneStart(q[cut]) {
		cut--
	}
	// Never end inside a backslash escape: drop a trailing run of
	// backslashes of odd length.
	body := q[:cut]
	n := len(body) - len(strings.TrimRight(body, `\`))
	if n%2 == 1 {
		body = body[:len(body)-1]
	}
	return body + `…"`
}
