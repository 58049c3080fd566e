package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/term"
	"github.com/otpmigrate/otpmigrate/internal/verify"
	"github.com/otpmigrate/otpmigrate/target"
	"github.com/urfave/cli/v2"
)

// testOnlyAegisScryptN and testOnlyBitwardenIterations lower the KDF
// cost of files written in tests; zero writes them as the apps do.
var (
	testOnlyAegisScryptN        int
	testOnlyBitwardenIterations int
)

// appExportFlags are the export command's flags that write other apps'
// import files (Aegis, 2FAS, Bitwarden, KeePassXC).
func appExportFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "aegis", Usage: "write an encrypted Aegis vault to `FILE` (Aegis: Import from file, Aegis)"},
		&cli.StringFlag{Name: "2fas", Usage: "write an encrypted 2FAS backup to `FILE` (2FAS: Settings, 2FAS Backup, Import)"},
		&cli.StringFlag{Name: "bitwarden", Usage: "write a password-protected Bitwarden JSON export to `FILE` (Bitwarden: Import data, Bitwarden (json))"},
		&cli.StringFlag{Name: "keepassxc", Usage: "write the CSV KeePassXC imports to `FILE` (KeePassXC: Database, Import, CSV File); it is never encrypted"},
		&cli.BoolFlag{Name: "unencrypted", Usage: "write the --aegis, --2fas and --bitwarden files without a password: anyone who can read them gets every secret"},
	}
}

// appTarget is one app backup file to write.
type appTarget struct {
	flag, path, format string
	write              func(w io.Writer, accounts []otpmigrate.Account, password []byte, plain bool, p target.Profile) error
	howto              string // how to import it, for the success message
	// alwaysPlain: the app imports this file only unencrypted
	// (KeePassXC's CSV); it takes no password.
	alwaysPlain bool
}

// profile is the app the file is for: --2fas takes --for 2fas-ios or
// 2fas-android, and the stricter of both without.
func (t appTarget) profile(o exportOptions) target.Profile {
	if t.flag != "--2fas" {
		p, _ := target.Lookup(strings.TrimPrefix(t.flag, "--"))
		return p
	}
	if o.twofas.Name != "" {
		return o.twofas
	}
	return target.TwoFAS
}

// appTargets returns the app backup files asked for, after the usage checks
// of their flags: export makes them before it writes any output.
func parseAppTargets(c *cli.Context) ([]appTarget, error) {
	var ts []appTarget
	for _, name := range []string{"aegis", "2fas", "bitwarden", "keepassxc"} {
		if c.IsSet(name) && c.String(name) == "" {
			return nil, usagef("--%s needs a path", name)
		}
	}
	if p := c.String("aegis"); p != "" {
		ts = append(ts, appTarget{flag: "--aegis", path: p, format: "Aegis vault",
			write: func(w io.Writer, a []otpmigrate.Account, pw []byte, plain bool, _ target.Profile) error {
				return encode.WriteAegis(w, a, pw, encode.AegisOptions{Plain: plain, ScryptN: testOnlyAegisScryptN})
			},
			howto: "in Aegis: Settings, Import & Export, Import from file, Aegis"})
	}
	if p := c.String("2fas"); p != "" {
		ts = append(ts, appTarget{flag: "--2fas", path: p, format: "2FAS backup",
			write: func(w io.Writer, a []otpmigrate.Account, pw []byte, plain bool, p target.Profile) error {
				return encode.WriteTwoFAS(w, a, pw, encode.TwoFASOptions{Plain: plain, For: p})
			},
			howto: "in 2FAS: Settings, 2FAS Backup, Import"})
	}
	if p := c.String("bitwarden"); p != "" {
		ts = append(ts, appTarget{flag: "--bitwarden", path: p, format: "Bitwarden export",
			write: func(w io.Writer, a []otpmigrate.Account, pw []byte, plain bool, _ target.Profile) error {
				return encode.WriteBitwarden(w, a, pw, encode.BitwardenOptions{Plain: plain, PBKDF2Iterations: testOnlyBitwardenIterations})
			},
			howto: "in Bitwarden: Tools (or Settings), Import data, format \"Bitwarden (json)\"; it asks for the file password"})
	}
	if p := c.String("keepassxc"); p != "" {
		ts = append(ts, appTarget{flag: "--keepassxc", path: p, format: "KeePassXC CSV", alwaysPlain: true,
			write: func(w io.Writer, a []otpmigrate.Account, _ []byte, _ bool, _ target.Profile) error {
				return encode.WriteKeePassXC(w, a)
			},
			howto: "in KeePassXC: Database, Import, CSV File (first line has field names), then save the new database"})
	}
	encrypted := false
	for _, t := range ts {
		encrypted = encrypted || !t.alwaysPlain
	}
	if !encrypted && c.Bool("unencrypted") {
		return nil, usagef("--unencrypted applies to --aegis, --2fas and --bitwarden, and none was given")
	}
	for i, t := range ts {
		if t.path == "-" {
			return nil, usagef("%s needs a file name; backups are not written to standard output", t.flag)
		}
		for _, o := range ts[:i] {
			if filepath.Clean(o.path) == filepath.Clean(t.path) {
				return nil, usagef("%s and %s name the same file %q", o.flag, t.flag, t.path)
			}
		}
	}
	return ts, nil
}

// runAppExports writes the app backup files asked for, if any, each with
// the accounts its app can hold (see fitAccounts), and adds those left out
// to left. Each file is read back with decode and compared with its
// accounts before success is reported, in memory and then as written; a
// file that does not read back is never put in place.
func runAppExports(o exportOptions, e env, accounts []otpmigrate.Account, left *leftOut) error {
	if len(o.apps) == 0 {
		return nil
	}
	accounts, _ = otpmigrate.Dedup(accounts)
	// Fit first: what is left out is known before the password is asked.
	fits := make([]fitted, len(o.apps))
	for i, t := range o.apps {
		fits[i] = fitAccounts(e, t.profile(o), target.File, accounts, o.allowLossy)
		if len(fits[i].accounts) == 0 {
			hint := "export to another app (otpmigrate targets lists them)"
			if fits[i].lossy > 0 {
				hint = "pass --allow-lossy to write them as the app will hold them"
			}
			return &opError{op: fmt.Sprintf("write %q", t.path), err: fmt.Errorf("no account can go to %s", t.profile(o).App), hint: hint}
		}
		left.add(fits[i], len(accounts), strconv.Quote(t.path))
	}
	var pw []byte
	var names []string
	for _, t := range o.apps {
		switch {
		case t.alwaysPlain:
			e.ui.warnf("%q will hold every secret unencrypted (%s files cannot be encrypted): delete it once imported", t.path, t.format)
		case o.plain:
			e.ui.warnf("writing %q unencrypted (--unencrypted): anyone who can read it gets every secret; delete it once imported", t.path)
		default:
			names = append(names, fmt.Sprintf("%s %q", t.format, t.path))
		}
	}
	if len(names) > 0 {
		var err error
		pw, err = getPassphrase(o.in.passphraseFile, "password for the new "+strings.Join(names, " and "), true)
		if err != nil {
			return err
		}
		for _, t := range o.apps {
			if t.alwaysPlain {
				continue
			}
			if why := t.profile(o).PasswordProblem(pw); why != "" {
				return &opError{op: fmt.Sprintf("write %q", t.path), err: errors.New(why),
					hint: "choose a password of ASCII letters, digits and punctuation"}
			}
		}
		if why := term.Weak(pw); why != "" {
			e.ui.warnf("weak password: %s; anyone who gets the file can try passwords offline", why)
		}
	}
	for i, t := range o.apps {
		accounts := fits[i].accounts
		plain, filePW := o.plain || t.alwaysPlain, pw
		if plain {
			filePW = nil
		}
		var buf bytes.Buffer
		if err := t.write(&buf, accounts, filePW, plain, t.profile(o)); err != nil {
			return &opError{op: fmt.Sprintf("write %q", t.path), err: err}
		}
		check := func(data []byte) error { return verify.AppFile(t.path, data, accounts, filePW) }
		if err := check(buf.Bytes()); err != nil {
			return &opError{op: fmt.Sprintf("write %q", t.path), err: err}
		}
		err := writeChecked(t.path, o.force, func(w io.Writer) error {
			_, err := w.Write(buf.Bytes())
			return err
		}, func(tmp string) error {
			data, err := os.ReadFile(tmp)
			if err != nil {
				return err
			}
			return check(data)
		}, "the disk may be failing or full; nothing was written: write the file to another place")
		if err != nil {
			return err
		}
		state := "encrypted"
		if plain {
			state = "unencrypted"
		}
		e.ui.infof("wrote %q: %s %s, %d account(s), read back and checked; import it %s", t.path, state, t.format, len(accounts), t.howto)
	}
	return nil
}
