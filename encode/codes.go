package encode

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/safetext"
)

// CodeFormat is an output format of [WriteCodes].
type CodeFormat string

// The code formats.
const (
	// CodesTable is aligned columns for reading: issuer, name, the code
	// grouped for reading aloud, seconds left (or the HOTP counter), and
	// the next code.
	CodesTable CodeFormat = "table"
	// CodesPlain is "code<TAB>issuer<TAB>name" lines, so that `cut -f1`
	// gives the codes; an account without a code has "-".
	CodesPlain CodeFormat = "plain"
	// CodesJSON is an array of objects; the field names are part of the
	// format that scripts rely on.
	CodesJSON CodeFormat = "json"
)

// Code is one account's current one-time code, as [Codes] works it out.
type Code struct {
	Position     int // 1-based position among the accounts given
	Issuer, Name string
	Type         otpmigrate.Type
	Code, Next   string    // empty when Err is set; Next may be empty
	SecondsLeft  int       // TOTP and Steam
	ValidUntil   time.Time // TOTP and Steam, UTC
	Counter      uint64    // HOTP: the counter Code is for
	Err          error     // why the account has no code
}

// Codes works out every account's code at time at. counter, when not nil,
// replaces the stored counter of HOTP accounts; stored counters never
// change. An account whose code cannot be made (an MD5 secret of the wrong
// size, a time before 1970) gets Err instead of failing the others.
func Codes(accounts []otpmigrate.Account, at time.Time, counter *uint64) []Code {
	out := make([]Code, 0, len(accounts))
	for i, a := range accounts {
		c := Code{Position: i + 1, Issuer: a.Issuer, Name: a.Name, Type: a.Type}
		var step uint64
		if a.Type == otpmigrate.HOTP {
			step = a.Counter
			if counter != nil {
				step = *counter
			}
			c.Counter = step
		} else {
			step, c.Err = a.Step(at)
			c.SecondsLeft = a.SecondsLeft(at)
			c.ValidUntil = at.Truncate(time.Second).Add(time.Duration(c.SecondsLeft) * time.Second).UTC()
		}
		if c.Err == nil {
			c.Code, c.Err = a.CodeAt(step)
		}
		if c.Err == nil {
			// The next code is a convenience; the last counter has
			// none.
			if next, err := a.CodeAt(step + 1); err == nil && step+1 != 0 {
				c.Next = next
			}
		}
		out = append(out, c)
	}
	return out
}

// WriteCodes writes codes in format f. Issuers and names are sanitised as
// every human-facing output is (JSON escapes instead, losslessly).
func WriteCodes(w io.Writer, codes []Code, f CodeFormat) error {
	switch f {
	case CodesTable:
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ISSUER\tNAME\tCODE\tLEFT\tNEXT")
		for _, c := range codes {
			left := fmt.Sprintf("%ds", c.SecondsLeft)
			if c.Type == otpmigrate.HOTP {
				left = fmt.Sprintf("counter %d", c.Counter)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", safetext.Cell(c.Issuer), safetext.Cell(c.Name), groupCode(c.Code), left, groupCode(c.Next))
		}
		return tw.Flush()
	case CodesPlain:
		var b strings.Builder
		for _, c := range codes {
			code := c.Code
			if code == "" {
				code = "-"
			}
			fmt.Fprintf(&b, "%s\t%s\t%s\n", code, safetext.Line(c.Issuer), safetext.Line(c.Name))
		}
		_, err := io.WriteString(w, b.String())
		return err
	case CodesJSON:
		type jsonCode struct {
			Issuer      string  `json:"issuer"`
			Name        string  `json:"name"`
			Type        string  `json:"type"`
			Code        string  `json:"code,omitempty"`
			Next        string  `json:"next,omitempty"`
			SecondsLeft *int    `json:"seconds_left,omitempty"`
			ValidUntil  string  `json:"valid_until,omitempty"`
			Counter     *uint64 `json:"counter,omitempty"`
			Error       string  `json:"error,omitempty"`
		}
		out := make([]jsonCode, 0, len(codes))
		for _, c := range codes {
			j := jsonCode{Issuer: c.Issuer, Name: c.Name, Type: c.Type.String(), Code: c.Code, Next: c.Next}
			if c.Type == otpmigrate.HOTP {
				j.Counter = &c.Counter
			} else if c.Err == nil {
				j.SecondsLeft = &c.SecondsLeft
				j.ValidUntil = c.ValidUntil.Format(time.RFC3339)
			}
			if c.Err != nil {
				j.Error = c.Err.Error()
			}
			out = append(out, j)
		}
		return writeJSON(w, out)
	}
	return fmt.Errorf("unknown code format %q (want table, plain or json)", string(f))
}

// groupCode splits a code for reading aloud and typing: 492 039, 1234 5678,
// 123 456 789, 0123 456; Steam's five characters stay together.
func groupCode(code string) string {
	n := len(code)
	switch {
	case n == 0:
		return "-"
	case n <= 5:
		return code
	case n%3 == 0:
		var parts []string
		for i := 0; i < n; i += 3 {
			parts = append(parts, code[i:i+3])
		}
		return strings.Join(parts, " ")
	}
	h := (n + 1) / 2
	return code[:h] + " " + code[h:]
}
