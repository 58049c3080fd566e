package encode

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/safetext"
)

// ComparisonOptions adjust [WriteComparison].
type ComparisonOptions struct {
	// Target names the destination app the comparison expected losses
	// of (compare --for), for the report; empty when none.
	Target string
}

// WriteComparison writes the result of [otpmigrate.Compare] of old and new
// in format f: FormatTable lists the accounts that are not on the new side
// unchanged, then a summary line; FormatJSON gives every match and the
// counts. Neither holds a secret.
func WriteComparison(w io.Writer, c otpmigrate.Comparison, old, new []otpmigrate.Account, f Format, opts ComparisonOptions) error {
	switch f {
	case FormatTable:
		return writeComparisonTable(w, c, old, new, opts)
	case FormatJSON:
		return writeComparisonJSON(w, c, old, new, opts)
	}
	return fmt.Errorf("unknown format %q for a comparison (want table or json)", string(f))
}

func writeComparisonTable(w io.Writer, c otpmigrate.Comparison, old, new []otpmigrate.Account, opts ComparisonOptions) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	rows := 0
	for _, m := range c.Matches {
		if m.Status == otpmigrate.Same {
			continue
		}
		if rows == 0 {
			fmt.Fprintln(tw, "STATUS\tOLD\tNEW\tTYPE\tACCOUNT\tWHAT (OLD VS NEW)")
		}
		rows++
		a := account(m, old, new)
		var what string
		switch m.Status {
		case otpmigrate.Missing:
			what = "not on the new side"
			if m.NotHeld {
				what = fmt.Sprintf("not on the new side: %s cannot hold it", safetext.Line(opts.Target))
			}
		case otpmigrate.Extra:
			what = "only on the new side"
		case otpmigrate.Expected:
			codes := ""
			if m.CodesDiffer {
				codes = ": codes differ from the site's"
			}
			what = fmt.Sprintf("%s (as %s holds it%s)", strings.Join(m.Differences, ", "), safetext.Line(opts.Target), codes)
		case otpmigrate.Changed:
			what = strings.Join(m.Differences, ", ")
			if len(m.Unexpected) > 0 {
				what += fmt.Sprintf(" (%s would have made it %s)", safetext.Line(opts.Target), strings.Join(m.Unexpected, ", "))
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", m.Status, position(m.Old), position(m.New), a.Type, safetext.Cell(a.Label()), safetext.Line(what))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rows > 0 {
		b.WriteByte('\n')
	}
	b.WriteString(comparisonSummary(c, len(old), opts))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// comparisonSummary is the last line of the table: the verdict first.
func comparisonSummary(c otpmigrate.Comparison, nOld int, opts ComparisonOptions) string {
	same, expected := c.Count(otpmigrate.Same), c.Count(otpmigrate.Expected)
	var s string
	if c.OK() {
		s = fmt.Sprintf("all %d old account(s) are on the new side unchanged", nOld)
		if expected > 0 {
			s = fmt.Sprintf("all %d old account(s) are on the new side: %d unchanged, %d as %s holds them", nOld, same, expected, safetext.Line(opts.Target))
		}
	} else {
		s = fmt.Sprintf("NOT all old accounts are on the new side: %d missing, %d changed, %d of %d unchanged",
			c.Count(otpmigrate.Missing), c.Count(otpmigrate.Changed), same, nOld)
		if expected > 0 {
			s += fmt.Sprintf(", %d as %s holds them", expected, safetext.Line(opts.Target))
		}
	}
	if n := c.ExpectedLosses(); n > 0 {
		s += fmt.Sprintf("; %d of them make other codes than the site's", n)
	}
	if n := c.Count(otpmigrate.Extra); n > 0 {
		s += fmt.Sprintf("; %d only on the new side", n)
	}
	return s
}

func account(m otpmigrate.Match, old, new []otpmigrate.Account) otpmigrate.Account {
	if m.Old >= 0 {
		return old[m.Old]
	}
	return new[m.New]
}

func position(i int) string {
	if i < 0 {
		return "-"
	}
	return strconv.Itoa(i + 1)
}

// jsonComparison is the JSON form of a comparison; field names are part of
// the output format that scripts rely on.
type jsonComparison struct {
	OK       bool        `json:"ok"`
	Target   string      `json:"target,omitempty"`
	Old      int         `json:"old"`
	New      int         `json:"new"`
	Same     int         `json:"same"`
	Expected int         `json:"expected"`
	Changed  int         `json:"changed"`
	Missing  int         `json:"missing"`
	Extra    int         `json:"extra"`
	Accounts []jsonMatch `json:"accounts"`
}

type jsonMatch struct {
	Status      string       `json:"status"`
	OldPosition *int         `json:"old_position"` // from 1, null when absent
	NewPosition *int         `json:"new_position"`
	Old         *jsonAccount `json:"old,omitempty"`
	New         *jsonAccount `json:"new,omitempty"`
	Differences []string     `json:"differences,omitempty"`
	Unexpected  []string     `json:"unexpected,omitempty"`
	CodesDiffer bool         `json:"codes_differ,omitempty"`
	NotHeld     bool         `json:"not_held,omitempty"`
}

func writeComparisonJSON(w io.Writer, c otpmigrate.Comparison, old, new []otpmigrate.Account, opts ComparisonOptions) error {
	out := jsonComparison{OK: c.OK(), Target: opts.Target, Old: len(old), New: len(new),
		Same: c.Count(otpmigrate.Same), Expected: c.Count(otpmigrate.Expected), Changed: c.Count(otpmigrate.Changed),
		Missing: c.Count(otpmigrate.Missing), Extra: c.Count(otpmigrate.Extra), Accounts: []jsonMatch{}}
	for _, m := range c.Matches {
		j := jsonMatch{Status: m.Status.String(), Differences: m.Differences, Unexpected: m.Unexpected,
			CodesDiffer: m.CodesDiffer, NotHeld: m.NotHeld}
		if m.Old >= 0 {
			p, a := m.Old+1, redacted(old[m.Old])
			j.OldPosition, j.Old = &p, &a
		}
		if m.New >= 0 {
			p, a := m.New+1, redacted(new[m.New])
			j.NewPosition, j.New = &p, &a
		}
		out.Accounts = append(out.Accounts, j)
	}
	return writeJSON(w, out)
}
