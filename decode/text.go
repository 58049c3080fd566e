package decode

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
)

// decodeText finds the otpauth:// and otpauth-migration:// URIs in a text:
// one per line as exported, or inside other text (a note, a chat message).
// Lines starting with '#' are comments. A URI broken over several lines by
// pasting is joined again (see joinContinuation).
func decodeText(in Input) ([]item, []string, error) {
	lines := strings.Split(strings.ReplaceAll(string(in.Data), "\r\n", "\n"), "\n")
	type found struct {
		text string
		line int
	}
	var uris []found
	var warns []string
	type foundSecretless struct {
		s    secretless
		line int
	}
	var enrolments []foundSecretless
	firstOther := -1
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if len(line) > MaxLineLength {
			return nil, nil, &Error{Input: in.Name, Where: fmt.Sprintf("line %d", i+1),
				Err: fmt.Errorf("line is longer than %d KiB", MaxLineLength>>10)}
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		starts := uriStarts(line)
		if len(starts) == 0 {
			if sl, ok := findSecretless(line); ok {
				// Said at the end: an error if nothing else is
				// found, else a warning.
				enrolments = append(enrolments, foundSecretless{sl, i + 1})
			} else if firstOther < 0 {
				firstOther = i
			}
			continue
		}
		for k, s := range starts {
			end := len(line)
			if k+1 < len(starts) {
				end = starts[k+1]
			}
			text, delimited := delimit(line, s, end)
			start := i
			if k == len(starts)-1 && !delimited {
				var warn string
				var err error
				text, i, warn, err = joinContinuation(text, lines, i)
				if err != nil {
					return nil, nil, &Error{Input: in.Name, Where: fmt.Sprintf("line %d", start+1), Err: err}
				}
				if warn != "" {
					warns = append(warns, fmt.Sprintf("%q: line %d: %s", in.Name, start+1, warn))
				}
			}
			uris = append(uris, found{text: text, line: start + 1})
		}
	}
	if len(uris) == 0 && len(enrolments) > 0 {
		f := enrolments[0]
		return nil, nil, f.s.inputError(in.Name, fmt.Sprintf("line %d", f.line))
	}
	for _, f := range enrolments {
		warns = append(warns, fmt.Sprintf("%q: line %d is %s, which holds no secret; skipped", in.Name, f.line, f.s.what))
	}
	if len(uris) == 0 {
		if firstOther < 0 {
			return nil, nil, &Error{Input: in.Name, Err: errors.New("holds only comments and blank lines, no otpauth URIs")}
		}
		return nil, nil, &Error{Input: in.Name, Where: fmt.Sprintf("line %d", firstOther+1),
			Err:    fmt.Errorf("no otpauth:// or otpauth-migration:// URI found: the text is %s", describe(lines[firstOther])),
			Advice: "give the otpauth-migration:// text of the export QR code, one URI per line, or a screenshot of the code"}
	}
	var items []item
	for _, u := range uris {
		where := fmt.Sprintf("line %d", u.line)
		it, err := classify(u.text, in.Name, where)
		if err != nil {
			return nil, nil, &Error{Input: in.Name, Where: where, Err: err}
		}
		items = append(items, it)
	}
	return items, warns, nil
}

// joinContinuation joins the lines after lines[i] that continue a URI
// broken over lines by pasting. It returns the URI and the index of its last
// line. A word on the line after a whole URI (a note, a name) looks like a
// continuation too, so lines are joined only when the URI is broken without
// them, or when they hold URI punctuation and the joined URI decodes; when
// both readings decode, the URI is taken alone, with a warning.
func joinContinuation(text string, lines []string, i int) (string, int, string, error) {
	var b strings.Builder
	b.WriteString(text)
	_, errAlone := classify(text, "", "")
	// A migration URI that does not decode alone may have lost its '+'
	// signs to spaces, on every line it was broken over: then lines with
	// spaces continue it too.
	spaces := errAlone != nil && strings.HasPrefix(strings.ToLower(text), migrationPrefix)
	j, punct := i, false
	for j+1 < len(lines) && isContinuation(strings.TrimSpace(lines[j+1]), spaces) {
		j++
		l := strings.TrimSpace(lines[j])
		if b.Len()+len(l) > MaxLineLength {
			return "", 0, "", fmt.Errorf("URI continues over lines for more than %d KiB", MaxLineLength>>10)
		}
		punct = punct || strings.ContainsAny(l, "%&=/+")
		b.WriteString(l)
	}
	if j == i {
		return text, i, "", nil
	}
	joined := trimTrailing(b.String())
	if errAlone != nil {
		return joined, j, "", nil
	}
	_, errJoined := classify(joined, "", "")
	switch {
	case errJoined != nil:
		return text, i, "", nil
	case punct:
		return joined, j, "", nil
	}
	return text, i, fmt.Sprintf("took the URI without the %s after it; if the URI was broken over lines, join them", plural(j-i, "line")), nil
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// utf8Text returns text with a byte order mark as UTF-8 without it: Windows
// tools write UTF-16 with a BOM (PowerShell 5's "zbarimg shot.png >
// codes.txt", Notepad's "Unicode"), and some editors start UTF-8 with one.
// Other data is returned as is.
func utf8Text(data []byte) []byte {
	var order func([]byte) uint16
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		order = func(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		order = func(b []byte) uint16 { return uint16(b[1]) | uint16(b[0])<<8 }
	default:
		return data
	}
	data = data[2:]
	if len(data)%2 != 0 {
		return data // not UTF-16 after all: fails as binary
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		units[i] = order(data[2*i:])
	}
	return []byte(string(utf16.Decode(units)))
}

// uriStarts returns where each otpauth, otpauth-migration or
// lpaauth-migration URI begins in a line ("QR-Code:otpauth-migration://…", as zbarimg prints, included).
func uriStarts(line string) []int {
	lower := strings.ToLower(line)
	var out []int
	for off := 0; ; {
		i := strings.Index(lower[off:], "otpauth")
		j := strings.Index(lower[off:], lastPassPrefix)
		if i < 0 || j >= 0 && j < i {
			i = j
		}
		if i < 0 {
			return out
		}
		i += off
		rest := lower[i:]
		if strings.HasPrefix(rest, "otpauth://") || strings.HasPrefix(rest, migrationPrefix) || strings.HasPrefix(rest, lastPassPrefix) {
			out = append(out, i)
		}
		off = i + len("otpauth")
	}
}

// delimit returns the URI that starts at line[s:] and ends before end.
// A URI in a sentence is often delimited, as RFC 3986 (appendix C)
// recommends: <…>, "…", '…', (…) or `…`; then it ends at the closing
// character, and delimited is true.
func delimit(line string, s, end int) (uri string, delimited bool) {
	if s > 0 {
		if c := strings.IndexByte("<\"'(`", line[s-1]); c >= 0 {
			if j := strings.IndexByte(line[s:end], ">\"')`"[c]); j >= 0 {
				return strings.TrimSpace(line[s : s+j]), true
			}
		}
	}
	return trimTrailing(strings.TrimSpace(line[s:end])), false
}

// isContinuation reports whether a line can be the rest of a URI broken
// over lines: URI characters (with a letter or digit: "--" is a signature
// line), no spaces unless spaces is set, and no new URI.
func isContinuation(line string, spaces bool) bool {
	if line == "" || strings.HasPrefix(line, "#") || len(uriStarts(line)) > 0 ||
		!strings.ContainsAny(line, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
		return false
	}
	for _, r := range trimTrailing(line) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("%+/=&_.-~?:@", r):
		case r == ' ' && spaces:
		default:
			return false
		}
	}
	return true
}

// trimTrailing drops punctuation that text around a URI tends to leave at
// its end: quotes, angle brackets, and a closing parenthesis or bracket
// without an opening one.
func trimTrailing(s string) string {
	for s != "" {
		c := s[len(s)-1]
		switch {
		case c == '"' || c == '\'' || c == '>' || c == '`':
		case c == ')' && !strings.Contains(s, "("), c == ']' && !strings.Contains(s, "["):
		default:
			return s
		}
		s = s[:len(s)-1]
	}
	return s
}
