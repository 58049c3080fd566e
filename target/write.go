package target

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteTable writes one line per app: what it holds, as otpmigrate targets
// shows it.
func WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "APP\tTYPES\tALGORITHMS\tDIGITS\tPERIODS\tCOUNTER\tLABEL AND PASSWORD")
	for _, p := range All() {
		h := p.Holds()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Name, h.Types, h.Algorithms, h.Digits, h.Periods, h.Counter, h.Labels)
	}
	return tw.Flush()
}

// WriteRules writes each rule of p with what becomes of anything else and
// its source, as otpmigrate targets APP shows them.
func WriteRules(w io.Writer, p Profile) error {
	fmt.Fprintf(w, "%s (%s)\n", p.App, p.Name)
	for _, r := range p.Rules {
		fmt.Fprintf(w, "  %s: %s", r.Field, r.Holds)
		if r.Else != "" {
			fmt.Fprintf(w, "; otherwise %s", r.Else)
		}
		if _, err := fmt.Fprintf(w, "\n    source: %s\n", r.Source); err != nil {
			return err
		}
	}
	return nil
}
