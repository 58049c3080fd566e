package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/otpmigrate/otpmigrate"
	"github.com/urfave/cli/v2"
)

// now is the clock of the code command, the date on the printed sheet and
// in new backups.
// Tests replace it (see testOnlySetup), so that no test depends on the wall
// clock.
var now = time.Now

func newCodeCommand(u *ui) *cli.Command {
	return &cli.Command{
		Name:      "code",
		Usage:     "print the current one-time codes, to sign in when the phone is gone",
		ArgsUsage: "<input>...",
		Description: `Prints the code every account shows now, how many seconds it stays valid,
and the code after it. Inputs are the same as for decode: files, folders,
- for standard input, or an otpauth URL in quotes.

The default format is a table on a terminal and plain (code, issuer and
name separated by tabs) otherwise. HOTP accounts show the code for their
stored counter; --counter N shows another one. Stored counters never
change.

Examples:
  otpmigrate code 2fa.age
  otpmigrate code --match github 2fa.age
  otpmigrate code --watch export.png
  otpmigrate code --at 2026-01-01T00:00:00Z 'otpauth://totp/…'
  otpmigrate code --counter 7 hotp.txt
  otpmigrate code --match github 2fa.age | cut -f1`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "match", Aliases: []string{"m"}, Usage: "only accounts whose issuer or name contains `TEXT` (any case)"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "output `FORMAT`: table, plain or json (default: table on a terminal, else plain)"},
			&cli.BoolFlag{Name: "watch", Aliases: []string{"w"}, Usage: "redraw the table every second on the terminal until Ctrl-C"},
			&cli.StringFlag{Name: "at", Usage: "the codes at `TIME` (RFC 3339, e.g. 2026-01-01T00:00:00Z) instead of now"},
			&cli.Uint64Flag{Name: "counter", Usage: "HOTP: the code for counter `N` instead of the stored one"},
		}, inputFlags()...),
		Action: func(c *cli.Context) error { return runCode(c, u) },
	}
}

const (
	codeTable = "table"
	codePlain = "plain"
	codeJSON  = "json"
)

// codeOptions are the checked flags of the code command.
type codeOptions struct {
	match   string
	format  string
	at      time.Time // zero: now
	counter *uint64   // nil: the stored counter
}

func runCode(c *cli.Context, u *ui) error {
	opts := codeOptions{match: c.String("match")}
	tty := isTerminal(c.App.Writer)
	watch := c.Bool("watch")
	switch f := strings.ToLower(c.String("format")); f {
	case "":
		opts.format = codePlain
		if tty || watch {
			opts.format = codeTable
		}
	case codeTable, codePlain, codeJSON:
		opts.format = f
	default:
		return usagef("unknown --format %q (want table, plain or json)", c.String("format"))
	}
	if s := c.String("at"); c.IsSet("at") {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return usagef("--at %q is not an RFC 3339 time like 2026-01-01T00:00:00Z", s)
		}
		if t.Unix() < 0 {
			return usagef("--at %q is before 1970, when no code exists", s)
		}
		opts.at = t
	}
	if c.IsSet("counter") {
		n := c.Uint64("counter")
		opts.counter = &n
	}
	if watch {
		// Checked before the inputs are read, so that nobody types a
		// passphrase for nothing; mistakes in the flags first, as
		// everywhere, whatever the output is.
		switch {
		case c.IsSet("at"):
			return usagef("--watch shows the codes of now; it cannot be combined with --at")
		case opts.format != codeTable:
			return usagef("--watch draws a table; it cannot be combined with --format %s", opts.format)
		case !tty:
			return &opError{op: "watch", err: errors.New("standard output is not a terminal"),
				hint: "leave out --watch to print the codes once"}
		}
	}

	accounts, err := loadAccounts(c, u)
	if err != nil {
		return err
	}
	accounts, err = selectAccounts(accounts, opts)
	if err != nil {
		return err
	}
	if opts.counter == nil {
		for _, a := range accounts {
			if a.Type == otpmigrate.HOTP {
				u.infof("note: HOTP codes are for the stored counter; pass --counter N for another (stored counters never change)")
				break
			}
		}
	}

	if watch {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return watchCodes(ctx, c.App.Writer, secondTicks(ctx), func() []byte {
			t := now()
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "%s  (Ctrl-C to quit)\n\n", t.Format("2006-01-02 15:04:05 MST"))
			writeCodeTable(&buf, codeRows(accounts, t, opts))
			return buf.Bytes()
		})
	}

	at := opts.at
	if at.IsZero() {
		at = now()
	}
	rows := codeRows(accounts, at, opts)
	var buf bytes.Buffer
	switch opts.format {
	case codeTable:
		writeCodeTable(&buf, rows)
	case codePlain:
		writeCodePlain(&buf, rows)
	case codeJSON:
		if err := writeCodeJSON(&buf, rows); err != nil {
			return &opError{op: "write output", err: err}
		}
	}
	if _, err := c.App.Writer.Write(buf.Bytes()); err != nil {
		return err
	}
	failed := 0
	for _, r := range rows {
		if r.err != nil {
			failed++
			// Position and issuer only: names are often email addresses.
			u.warnf("account %d (%s): %v", r.pos, issuerOrNone(r.issuer), r.err)
		}
	}
	if failed > 0 {
		return &opError{op: "code", err: fmt.Errorf("%d account(s) have no code", failed)}
	}
	return nil
}

// selectAccounts applies --match and checks that --counter has an HOTP
// account to apply to.
func selectAccounts(accounts []otpmigrate.Account, opts codeOptions) ([]otpmigrate.Account, error) {
	if opts.match != "" {
		m := strings.ToLower(opts.match)
		var sel []otpmigrate.Account
		for _, a := range accounts {
			if strings.Contains(strings.ToLower(a.Issuer), m) || strings.Contains(strings.ToLower(a.Name), m) {
				sel = append(sel, a)
			}
		}
		if len(sel) == 0 {
			return nil, &opError{op: fmt.Sprintf("code --match %q", opts.match), err: fmt.Errorf("no issuer or name among the %d account(s) read contains it", len(accounts)),
				hint: "list the accounts with: otpmigrate decode --redact --format table <input>"}
		}
		accounts = sel
	}
	if opts.counter != nil {
		hotp := false
		for _, a := range accounts {
			hotp = hotp || a.Type == otpmigrate.HOTP
		}
		if !hotp {
			return nil, usagef("--counter is for HOTP accounts, and no account selected is HOTP")
		}
	}
	return accounts, nil
}

// codeRow is one account's line of output.
type codeRow struct {
	pos          int // 1-based position among the accounts read
	issuer, name string
	typ          otpmigrate.Type
	code, next   string // empty when err is set
	left         int    // seconds; TOTP and Steam
	validUntil   time.Time
	counter      uint64 // HOTP
	err          error
}

func codeRows(accounts []otpmigrate.Account, at time.Time, opts codeOptions) []codeRow {
	rows := make([]codeRow, 0, len(accounts))
	for i, a := range accounts {
		r := codeRow{pos: i + 1, issuer: a.Issuer, name: a.Name, typ: a.Type}
		var step uint64
		if a.Type == otpmigrate.HOTP {
			step = a.Counter
			if opts.counter != nil {
				step = *opts.counter
			}
			r.counter = step
		} else {
			step, r.err = a.Step(at)
			r.left = a.SecondsLeft(at)
			r.validUntil = at.Truncate(time.Second).Add(time.Duration(r.left) * time.Second).UTC()
		}
		if r.err == nil {
			r.code, r.err = a.CodeAt(step)
		}
		if r.err == nil {
			// The next code is a convenience; an MD5 step without one
			// (or the last counter) just shows none.
			if next, err := a.CodeAt(step + 1); err == nil && step+1 != 0 {
				r.next = next
			}
		}
		rows = append(rows, r)
	}
	return rows
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

func writeCodeTable(w io.Writer, rows []codeRow) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ISSUER\tNAME\tCODE\tLEFT\tNEXT")
	for _, r := range rows {
		left := fmt.Sprintf("%ds", r.left)
		if r.typ == otpmigrate.HOTP {
			left = fmt.Sprintf("counter %d", r.counter)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", codeCell(r.issuer), codeCell(r.name), groupCode(r.code), left, groupCode(r.next))
	}
	tw.Flush()
}

// writeCodePlain writes "code<TAB>issuer<TAB>name" lines, so that
// `cut -f1` gives the codes; an account without a code has "-".
func writeCodePlain(w io.Writer, rows []codeRow) {
	for _, r := range rows {
		code := r.code
		if code == "" {
			code = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", code, codeLine(r.issuer), codeLine(r.name))
	}
}

type codeJSONRow struct {
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

func writeCodeJSON(w io.Writer, rows []codeRow) error {
	out := make([]codeJSONRow, 0, len(rows))
	for _, r := range rows {
		j := codeJSONRow{Issuer: r.issuer, Name: r.name, Type: r.typ.String(), Code: r.code, Next: r.next}
		if r.typ == otpmigrate.HOTP {
			j.Counter = &r.counter
		} else if r.err == nil {
			j.SecondsLeft = &r.left
			j.ValidUntil = r.validUntil.Format(time.RFC3339)
		}
		if r.err != nil {
			j.Error = r.err.Error()
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// codeCell keeps a table cell on one line and shows an empty one as "-".
func codeCell(s string) string {
	if s = codeLine(s); s == "" {
		return "-"
	}
	return s
}

// codeLine replaces control characters (tabs, line breaks, escapes) that
// would break a table or a plain line, or drive the terminal.
func codeLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

func issuerOrNone(s string) string {
	if s == "" {
		return "no issuer"
	}
	return codeLine(s)
}

// Terminal control sequences of --watch (with export --terminal's): the
// alternate screen keeps the codes out of the scrollback, and leaving it
// restores what was there.
const (
	homeCursor  = "\x1b[H"
	clearLine   = "\x1b[K" // to the end of the line
	clearBelow  = "\x1b[J" // from the cursor to the end of the screen
	hideCursor  = "\x1b[?25l"
	showCursor  = "\x1b[?25h"
	enterScreen = altScreenOn + hideCursor
	leaveScreen = clearScreen + showCursor + altScreenOff
)

// watchCodes draws frames on the alternate screen, once at the start and
// then on every tick, until ctx is done; then it clears the screen. Each
// frame overwrites the last in place instead of clearing first, so that the
// table does not flicker.
func watchCodes(ctx context.Context, w io.Writer, ticks <-chan time.Time, frame func() []byte) error {
	if _, err := io.WriteString(w, enterScreen); err != nil {
		return err
	}
	draw := func() error {
		var buf bytes.Buffer
		buf.WriteString(homeCursor)
		for _, line := range strings.SplitAfter(string(frame()), "\n") {
			line, nl := strings.CutSuffix(line, "\n")
			buf.WriteString(line + clearLine)
			if nl {
				buf.WriteString("\r\n")
			}
		}
		buf.WriteString(clearBelow)
		_, err := w.Write(buf.Bytes())
		return err
	}
	err := draw()
	for err == nil {
		select {
		case <-ctx.Done():
			_, err = io.WriteString(w, leaveScreen)
			return err
		case <-ticks:
			err = draw()
		}
	}
	io.WriteString(w, leaveScreen)
	return err
}

// secondTicks sends a tick just after each whole second of the wall clock,
// when codes and counts change, until ctx is done.
func secondTicks(ctx context.Context) <-chan time.Time {
	ch := make(chan time.Time)
	go func() {
		for {
			d := time.Second - time.Duration(time.Now().Nanosecond()) + 5*time.Millisecond
			select {
			case <-ctx.Done():
				return
			case t := <-time.After(d):
				select {
				case ch <- t:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return ch
}
