package encode

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/safetext"
)

// Format is a textual output format for a list of accounts.
type Format string

// The list formats.
const (
	FormatURLs  Format = "urls"  // one otpauth:// URL per line
	FormatJSON  Format = "json"  // an array of objects with every field
	FormatTable Format = "table" // aligned columns for reading
	FormatCSV   Format = "csv"   // a header row, then one row per account
)

// Formats lists the list formats, for help texts and validation.
var Formats = []Format{FormatURLs, FormatJSON, FormatTable, FormatCSV}

// ListOptions adjust [WriteList].
type ListOptions struct {
	// Redact leaves out the secret (and the URL, which holds it): an
	// inventory of accounts that is safe to share. Not for FormatURLs.
	Redact bool
}

// jsonAccount is the JSON form of an account; field names are part of the
// output format that scripts rely on.
type jsonAccount struct {
	Type      string  `json:"type"`
	Issuer    string  `json:"issuer"`
	Name      string  `json:"name"`
	Secret    string  `json:"secret,omitempty"`
	Algorithm string  `json:"algorithm"`
	Digits    int     `json:"digits"`
	Period    *int    `json:"period,omitempty"`
	Counter   *uint64 `json:"counter,omitempty"`
	URL       string  `json:"url,omitempty"`
}

// redacted is the JSON form of an account without its secret or URL.
func redacted(a otpmigrate.Account) jsonAccount {
	j := jsonAccount{Type: a.Type.String(), Issuer: a.Issuer, Name: a.Name, Algorithm: a.Algorithm.String(), Digits: a.Digits}
	if a.Type == otpmigrate.HOTP {
		c := a.Counter
		j.Counter = &c
	} else {
		p := a.Period
		j.Period = &p
	}
	return j
}

// WriteList writes accounts in format f.
func WriteList(w io.Writer, accounts []otpmigrate.Account, f Format, opts ListOptions) error {
	switch f {
	case FormatURLs:
		if opts.Redact {
			return fmt.Errorf("the %s format cannot be redacted: a URL without its secret is useless", f)
		}
		var b strings.Builder
		for _, a := range accounts {
			b.WriteString(a.URL())
			b.WriteByte('\n')
		}
		_, err := io.WriteString(w, b.String())
		return err
	case FormatJSON:
		out := make([]jsonAccount, len(accounts))
		for i, a := range accounts {
			j := redacted(a)
			if !opts.Redact {
				j.Secret = otpmigrate.EncodeSecret(a.Secret)
				j.URL = a.URL()
			}
			out[i] = j
		}
		return writeJSON(w, out)
	case FormatCSV:
		cw := csv.NewWriter(w)
		header := []string{"type", "issuer", "name", "secret", "algorithm", "digits", "period", "counter", "url"}
		if opts.Redact {
			header = []string{"type", "issuer", "name", "algorithm", "digits", "period", "counter"}
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, a := range accounts {
			period, counter := periodCounter(a)
			row := []string{a.Type.String(), a.Issuer, a.Name, otpmigrate.EncodeSecret(a.Secret),
				a.Algorithm.String(), strconv.Itoa(a.Digits), period, counter, a.URL()}
			if opts.Redact {
				row = []string{a.Type.String(), a.Issuer, a.Name, a.Algorithm.String(), strconv.Itoa(a.Digits), period, counter}
			}
			for i := range row {
				row[i] = safetext.CSVCell(row[i])
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case FormatTable:
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		if opts.Redact {
			fmt.Fprintln(tw, "TYPE\tISSUER\tNAME\tALGORITHM\tDIGITS\tPERIOD\tCOUNTER")
		} else {
			fmt.Fprintln(tw, "TYPE\tISSUER\tNAME\tALGORITHM\tDIGITS\tPERIOD\tCOUNTER\tSECRET")
		}
		for _, a := range accounts {
			period, counter := periodCounter(a)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s", a.Type, safetext.Cell(a.Issuer), safetext.Cell(a.Name), a.Algorithm, a.Digits, dash(period), dash(counter))
			if !opts.Redact {
				fmt.Fprintf(tw, "\t%s", otpmigrate.EncodeSecret(a.Secret))
			}
			fmt.Fprintln(tw)
		}
		return tw.Flush()
	}
	return fmt.Errorf("unknown format %q (want urls, json, table or csv)", string(f))
}

func periodCounter(a otpmigrate.Account) (period, counter string) {
	if a.Type == otpmigrate.HOTP {
		return "", strconv.FormatUint(a.Counter, 10)
	}
	return strconv.Itoa(a.Period), ""
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeJSON writes v indented, with every character a terminal would obey
// escaped as \u… (see [safetext.EscapeJSON]): someone may well look at the
// output with cat.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(safetext.EscapeJSON(buf.Bytes()))
	return err
}
