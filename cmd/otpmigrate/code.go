package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/term"
	"github.com/otpmigrate/otpmigrate/internal/verify"
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
		Action: func(c *cli.Context) error {
			opts, err := parseCodeOptions(c)
			if err != nil {
				return err
			}
			return runCode(opts, newEnv(c, u))
		},
	}
}

// codeOptions are the checked flags of the code command.
type codeOptions struct {
	in      inputOptions
	match   string
	format  encode.CodeFormat // "": table on a terminal (or with --watch), else plain
	at      time.Time         // zero: now
	counter *uint64           // nil: the stored counter
	watch   bool
}

func parseCodeOptions(c *cli.Context) (codeOptions, error) {
	o := codeOptions{in: parseInputOptions(c), match: c.String("match"), watch: c.Bool("watch")}
	switch f := encode.CodeFormat(strings.ToLower(c.String("format"))); f {
	case "", encode.CodesTable, encode.CodesPlain, encode.CodesJSON:
		o.format = f
	default:
		return o, usagef("unknown --format %q (want table, plain or json)", c.String("format"))
	}
	if s := c.String("at"); c.IsSet("at") {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return o, usagef("--at %q is not an RFC 3339 time like 2026-01-01T00:00:00Z", s)
		}
		if t.Unix() < 0 {
			return o, usagef("--at %q is before 1970, when no code exists", s)
		}
		o.at = t
	}
	if c.IsSet("counter") {
		n := c.Uint64("counter")
		o.counter = &n
	}
	if o.watch {
		// Checked before the inputs are read, so that nobody types a
		// passphrase for nothing.
		switch {
		case c.IsSet("at"):
			return o, usagef("--watch shows the codes of now; it cannot be combined with --at")
		case o.format != "" && o.format != encode.CodesTable:
			return o, usagef("--watch draws a table; it cannot be combined with --format %s", o.format)
		}
	}
	return o, nil
}

func runCode(o codeOptions, e env) error {
	tty := isTerminal(e.stdout)
	if o.format == "" {
		o.format = encode.CodesPlain
		if tty || o.watch {
			o.format = encode.CodesTable
		}
	}
	if o.watch && !tty {
		return &opError{op: "watch", err: errors.New("standard output is not a terminal"),
			hint: "leave out --watch to print the codes once"}
	}
	accounts, err := loadAccounts(o.in, e)
	if err != nil {
		return err
	}
	accounts, err = selectAccounts(accounts, o)
	if err != nil {
		return err
	}
	if o.counter == nil {
		for _, a := range accounts {
			if a.Type == otpmigrate.HOTP {
				e.ui.infof("note: HOTP codes are for the stored counter; pass --counter N for another (stored counters never change)")
				break
			}
		}
	}

	if o.watch {
		// Ctrl-C is how watching ends, with status 0: this command takes
		// it from the process-wide handler.
		defer claimInterrupts()()
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return term.Watch(ctx, e.stdout, term.SecondTicks(ctx), func() []byte {
			t := now()
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "%s  (Ctrl-C to quit)\n\n", t.Format("2006-01-02 15:04:05 MST"))
			encode.WriteCodes(&buf, encode.Codes(accounts, t, o.counter), encode.CodesTable)
			return buf.Bytes()
		})
	}

	at := o.at
	if at.IsZero() {
		at = now()
	}
	codes := encode.Codes(accounts, at, o.counter)
	var buf bytes.Buffer
	if err := encode.WriteCodes(&buf, codes, o.format); err != nil {
		return &opError{op: "write output", err: err}
	}
	if _, err := e.stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	failed := 0
	for _, c := range codes {
		if c.Err != nil {
			failed++
			// Position and issuer only: names are often email addresses.
			e.ui.warnf("%s: %v", verify.Describe(c.Position-1, accounts[c.Position-1]), c.Err)
		}
	}
	if failed > 0 {
		return &opError{op: "code", err: fmt.Errorf("%d account(s) have no code", failed)}
	}
	return nil
}

// selectAccounts applies --match and checks that --counter has an HOTP
// account to apply to.
func selectAccounts(accounts []otpmigrate.Account, o codeOptions) ([]otpmigrate.Account, error) {
	if o.match != "" {
		m := strings.ToLower(o.match)
		var sel []otpmigrate.Account
		for _, a := range accounts {
			if strings.Contains(strings.ToLower(a.Issuer), m) || strings.Contains(strings.ToLower(a.Name), m) {
				sel = append(sel, a)
			}
		}
		if len(sel) == 0 {
			return nil, &opError{op: fmt.Sprintf("code --match %q", o.match), err: fmt.Errorf("no issuer or name among the %d account(s) read contains it", len(accounts)),
				hint: "list the accounts with: otpmigrate decode --redact --format table <input>"}
		}
		accounts = sel
	}
	if o.counter != nil && !slices.ContainsFunc(accounts, func(a otpmigrate.Account) bool { return a.Type == otpmigrate.HOTP }) {
		return nil, usagef("--counter is for HOTP accounts, and no account selected is HOTP")
	}
	return accounts, nil
}
