package encode

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/safetext"
)

// Terminal colours. The first sixteen ANSI colours follow the user's theme
// ("white" is light grey in many, or even dark in some), so the code uses
// colours 16 and 231 of the 256-colour cube: pure black and pure white in
// every terminal that has 256 colours, which is all current ones.
const (
	termDark  = "16"
	termLight = "231"
	termReset = "\x1b[0m"
	upperHalf = "▀"
)

// WriteTerminalQR draws q for a terminal with Unicode half blocks: each
// character cell shows two modules, the upper one in the foreground colour
// and the lower one in the background colour, both set explicitly, so that
// the code reads the same on dark and light themes. The quiet zone is drawn
// too. Then comes caption on one line, cut to the code's width or width
// columns, whichever is more (0 means the code's width). No newline follows
// the caption, so that a code of 45 modules (a typical otpauth:// URL at
// level L) and its caption fill exactly 24 lines.
func WriteTerminalQR(w io.Writer, q *QR, caption string, width int) error {
	var b strings.Builder
	n := q.Size()
	for y := 0; y < n; y += 2 {
		fg, bg := "", ""
		for x := 0; x < n; x++ {
			top := colourOf(q.Dark(x, y))
			if y+1 >= n {
				// An odd number of rows: the last cell's lower half is
				// outside the code and keeps the terminal's background.
				if fg != top || bg != "-" {
					fmt.Fprintf(&b, "%s\x1b[38;5;%sm", termReset, top)
					fg, bg = top, "-"
				}
				b.WriteString(upperHalf)
				continue
			}
			bottom := colourOf(q.Dark(x, y+1))
			if fg != top || bg != bottom {
				fmt.Fprintf(&b, "\x1b[38;5;%s;48;5;%sm", top, bottom)
				fg, bg = top, bottom
			}
			b.WriteString(upperHalf)
		}
		// Reset before the line break, so the background colour does not
		// spill into the rest of the line.
		b.WriteString(termReset + "\n")
	}
	if width < n {
		width = n
	}
	b.WriteString(fitColumns(caption, width))
	_, err := io.WriteString(w, b.String())
	return err
}

// TerminalCaption is the line under a terminal code: position, then issuer
// and name, e.g. "3 of 12  GitHub: alice@example.com".
func TerminalCaption(a otpmigrate.Account, index, total int) string {
	return fmt.Sprintf("%d of %d  %s", index, total, safetext.Line(a.Label()))
}

func colourOf(dark bool) string {
	if dark {
		return termDark
	}
	return termLight
}

// fitColumns cuts s to at most n runes (an approximation of columns that is
// right for the Latin text names mostly hold), marking a cut with "…".
func fitColumns(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
