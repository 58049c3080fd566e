package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/target"
	"github.com/urfave/cli/v2"
)

func newCompareCommand(u *ui) *cli.Command {
	return &cli.Command{
		Name:      "compare",
		Usage:     "check that the new phone's app holds every old account, unchanged",
		ArgsUsage: "--new <input>... <old input>...",
		Description: `Reads the new side (--new: the new app's export file, its screenshots, a
URL list; repeat --new for more) and the old side (the other inputs: the
old phone's export, a backup) with everything decode reads, matches the
accounts by secret and type, and lists, without any secret, the old
accounts missing from the new side, those whose label or settings changed
(and how), and the accounts only on the new side. A changed secret shows as
missing plus only on the new side.

When the new side passed through an app that cannot hold everything (Google
Authenticator has no period, Microsoft Authenticator shows 6 digits only),
--for APP expects exactly that app's changes and still catches any other:
what the app was expected to make of an account counts as arrived. An
account the app cannot hold at all is still missing.

Exit status 0 when every old account is on the new side unchanged (more
accounts there are fine), 1 otherwise: wipe the old phone only after a 0.

Examples:
  otpmigrate compare --new aegis-export.json old-phone-1.png old-phone-2.png
  otpmigrate compare --new new-phone-screens/ 2fa.age
  otpmigrate compare --format json --new new.2fas old.txt
  otpmigrate compare --for google-authenticator --new ga-screenshots/ 2fa.age`,
		Flags: append([]cli.Flag{
			&cli.GenericFlag{Name: "new", Value: &pathList{}, Usage: "read `INPUT` as the new side: the new app's export, its screenshots or a URL list; repeatable"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: string(encode.FormatTable), Usage: "output `FORMAT`: table or json"},
			&cli.StringFlag{Name: "for", Usage: "the new side went through `APP` (otpmigrate targets lists them): expect exactly the changes it makes, and catch everything else"},
		}, inputFlags()...),
		Action: func(c *cli.Context) error {
			opts, err := parseCompareOptions(c)
			if err != nil {
				return err
			}
			return runCompare(opts, newEnv(c, u))
		},
	}
}

// pathList is a repeatable flag that, unlike cli.StringSliceFlag, does not
// split its values at commas: file names may hold them.
type pathList struct{ paths []string }

func (p *pathList) Set(s string) error { p.paths = append(p.paths, s); return nil }

func (p *pathList) String() string { return strings.Join(p.paths, " ") }

// compareOptions are the checked flags of the compare command.
type compareOptions struct {
	old, new inputOptions
	format   encode.Format
	profile  *target.Profile // --for
}

func parseCompareOptions(c *cli.Context) (compareOptions, error) {
	o := compareOptions{old: parseInputOptions(c), format: encode.Format(strings.ToLower(c.String("format")))}
	o.new = o.old
	if p, ok := c.Generic("new").(*pathList); ok {
		o.new.args = p.paths
	}
	for _, a := range o.old.args {
		if a == "--new" || strings.HasPrefix(a, "--new=") {
			// Flags end at the first input.
			return o, usagef("give --new before the old side's inputs")
		}
	}
	if c.IsSet("for") {
		p, ok := target.Lookup(c.String("for"))
		if !ok {
			return o, usagef("--for: unknown app; choose one of %s (otpmigrate targets describes them)", strings.Join(target.Names(), ", "))
		}
		o.profile = &p
	}
	if o.format != encode.FormatTable && o.format != encode.FormatJSON {
		return o, usagef("unknown --format %q (want table or json)", c.String("format"))
	}
	if len(o.new.args) == 0 {
		return o, usagef("compare needs the new side: --new and the new app's export, its screenshots or a URL list")
	}
	if len(o.old.args) == 0 {
		return o, usagef("compare needs the old side: give the old phone's export, screenshots or backup after the options")
	}
	if slices.Contains(o.new.args, "-") && slices.Contains(o.old.args, "-") {
		return o, usagef("standard input (-) can be one side only")
	}
	return o, nil
}

func runCompare(o compareOptions, e env) error {
	// The old side first: it is what must arrive, and a mistake there
	// (a wrong file) is the likelier one.
	old, err := loadAccounts(o.old, e)
	if err != nil {
		return err
	}
	newAccounts, err := loadAccounts(o.new, e)
	if err != nil {
		return err
	}
	var copts otpmigrate.CompareOptions
	var wopts encode.ComparisonOptions
	if p := o.profile; p != nil {
		copts.Expect = func(a otpmigrate.Account) (otpmigrate.Account, bool) {
			held, _, ok := p.Adapt(a)
			return held, ok
		}
		wopts.Target = p.App
	}
	c := otpmigrate.Compare(old, newAccounts, copts)
	var buf bytes.Buffer
	if err := encode.WriteComparison(&buf, c, old, newAccounts, o.format, wopts); err != nil {
		return &opError{op: "write output", err: err}
	}
	if _, err := e.stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if n := c.ExpectedLosses(); n > 0 {
		e.ui.warnf("%d account(s) arrived only as %s holds them, with other codes than the site's; keep them on the old phone or in an app that holds them exactly", n, o.profile.App)
	}
	if !c.OK() {
		return compareFailed{missing: c.Count(otpmigrate.Missing), changed: c.Count(otpmigrate.Changed)}
	}
	return nil
}

// compareFailed is the exit status 1 of a comparison that found old
// accounts missing or changed; the report on standard output says which.
type compareFailed struct{ missing, changed int }

func (e compareFailed) Error() string {
	return fmt.Sprintf("compare: %d old account(s) missing from the new side, %d changed", e.missing, e.changed)
}

func (e compareFailed) ExitCode() int { return exitFailure }

func (e compareFailed) Hint() string {
	return "keep the old phone: add the missing accounts to the new app (export them with otpmigrate export), fix the changed ones, then compare again"
}
