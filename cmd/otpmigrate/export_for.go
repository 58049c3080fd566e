package main

import (
	"fmt"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/verify"
	"github.com/otpmigrate/otpmigrate/target"
	"github.com/urfave/cli/v2"
)

// forFlags are the export flags that fit the accounts to the app they go
// to (package target holds the rules).
func forFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "for", Usage: "check the accounts against `APP`'s rules (otpmigrate targets lists them): warn about and leave out what it cannot hold exactly"},
		&cli.BoolFlag{Name: "allow-lossy", Usage: "write accounts the app cannot hold exactly as it will hold them (their codes will differ from the site's), instead of leaving them out"},
		&cli.BoolFlag{Name: "allow-non-terminal", Usage: "with --terminal, draw the codes even when standard output is not a terminal"},
	}
}

// parseFor checks --for against the outputs asked for. A Google
// Authenticator output and app files (--aegis, --2fas, --bitwarden,
// --keepassxc) always apply their own app's rules, so --for may only name
// that app (or, for --2fas, which 2FAS).
func parseFor(c *cli.Context, o *exportOptions) error {
	o.allowLossy = c.Bool("allow-lossy")
	o.allowNonTerminal = c.Bool("allow-non-terminal")
	if o.allowNonTerminal && !o.terminal {
		return usagef("--allow-non-terminal applies to --terminal only")
	}
	if !c.IsSet("for") {
		return nil
	}
	p, ok := target.Lookup(c.String("for"))
	if !ok {
		return usagef("--for: unknown app; choose one of %s (otpmigrate targets describes them)", strings.Join(target.Names(), ", "))
	}
	// An app file output named by --for: --2fas takes the 2FAS it names;
	// the others apply their own rules anyway.
	names := false
	for _, t := range o.apps {
		app := strings.TrimPrefix(t.flag, "--")
		if app == "2fas" && strings.HasPrefix(p.Name, "2fas") {
			o.twofas, names = p, true
		}
		if app == p.Name {
			names = true
		}
	}
	switch {
	case o.mode == "google-authenticator" && p.Name != "google-authenticator":
		return usagef("--google-authenticator always writes for Google Authenticator; --for %s applies to --qr-dir, --terminal, --html and --urls", p.Name)
	case o.mode == "" && !names:
		return usagef("--for %s applies to --qr-dir, --terminal, --html and --urls; app files apply their own app's rules (--for 2fas-ios or 2fas-android picks the 2FAS)", p.Name)
	}
	if o.mode != "" && o.mode != "google-authenticator" {
		o.profile = &p
	}
	return nil
}

// keyURI is the text of a's QR code or URL: in the form the --for app
// reads (target.Profile.URL), or the canonical one.
func (o exportOptions) keyURI(a otpmigrate.Account) string {
	if o.profile == nil {
		return a.URL()
	}
	return o.profile.URL(a)
}

// fitted is what becomes of the accounts of one output.
type fitted struct {
	accounts []otpmigrate.Account // to write
	left     int                  // left out
	lossy    int                  // of left, those --allow-lossy would write
}

// fitAccounts applies p to accounts for one output (named by where, e.g.
// "Microsoft Authenticator"), reporting each account the app would change:
// one whose codes would change is left out unless --allow-lossy, one the
// app cannot hold in any form is always left out, and one whose label
// only would change is written as the app will show it. When written is
// false (an app's own file), a label change is left to the app and the
// account is written unchanged.
func fitAccounts(e env, p target.Profile, via target.Carrier, accounts []otpmigrate.Account, allowLossy bool) fitted {
	var f fitted
	for i, a := range accounts {
		held, changes, ok := p.AdaptVia(via, a)
		if len(changes) == 0 {
			f.accounts = append(f.accounts, a)
			continue
		}
		what := fmt.Sprintf("%s: in %s %s", verify.Describe(i, a), p.App, target.Describe(changes))
		switch {
		case !ok:
			e.ui.warnf("%s: %s cannot hold it (%s); left out, even with --allow-lossy", verify.Describe(i, a), p.App, target.Describe(changes))
			f.left++
		case target.Lossy(changes) && !allowLossy:
			e.ui.warnf("%s; left out", what)
			f.left++
			f.lossy++
		case target.Lossy(changes):
			e.ui.warnf("%s; written as the app will hold it (--allow-lossy): its codes will differ from the site's", what)
			if via == target.File {
				// The app's own file carries the label as it is.
				held.Issuer, held.Name = a.Issuer, a.Name
			}
			f.accounts = append(f.accounts, held)
		case via == target.File:
			e.ui.warnf("%s", what)
			f.accounts = append(f.accounts, a)
		default:
			e.ui.warnf("%s; written so", what)
			f.accounts = append(f.accounts, held)
		}
	}
	return f
}

// leftOut sums up, over every output of one export, the accounts left
// out, so that the last line can say so and suggest --allow-lossy only
// where it would write some.
type leftOut struct {
	parts []string // "3 of 5 from the QR codes"
	n     int
	lossy int
}

// add counts f, the fitted accounts of the output named where.
func (l *leftOut) add(f fitted, total int, where string) {
	if f.left == 0 {
		return
	}
	l.parts = append(l.parts, fmt.Sprintf("%d of %d from %s", f.left, total, where))
	l.n += f.left
	l.lossy += f.lossy
}

// report warns about the accounts left out, if any.
func (l leftOut) report(e env) {
	switch {
	case l.n == 0:
	case l.lossy == 0:
		e.ui.warnf("left out: %s (named above)", strings.Join(l.parts, ", "))
	case l.lossy == l.n:
		e.ui.warnf("left out: %s (named above); --allow-lossy writes them as the app will hold them", strings.Join(l.parts, ", "))
	default:
		e.ui.warnf("left out: %s (named above); --allow-lossy writes %d of them as the app will hold them", strings.Join(l.parts, ", "), l.lossy)
	}
}

// noteUnchecked tells the user, when no --for was given, that some
// accounts use settings the Key URI format does not promise every app
// holds.
func noteUnchecked(e env, accounts []otpmigrate.Account) {
	generic, _ := target.Lookup("generic")
	n, example := 0, ""
	for _, a := range accounts {
		if _, changes, ok := generic.Adapt(a); !ok || target.Lossy(changes) {
			if n == 0 {
				example = target.Describe(changes)
			}
			n++
		}
	}
	if n > 0 {
		e.ui.infof("note: %d account(s) use settings not every app holds (in a plain Key URI app: %s); pass --for APP to check them against the app you import into (otpmigrate targets lists them)", n, example)
	}
}
