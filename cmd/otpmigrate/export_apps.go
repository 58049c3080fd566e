package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/verify"
	"github.com/urfave/cli/v2"
)

// testOnlyAegisScryptN lowers the scrypt cost of Aegis vaults written in
// tests; zero writes them as Aegis does.
var testOnlyAegisScryptN int

// appExportFlags are the export command's flags that write other apps'
// backup files (Aegis, 2FAS).
func appExportFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "aegis", Usage: "write an encrypted Aegis vault to `FILE` (Aegis: Import from file, Aegis)"},
		&cli.StringFlag{Name: "2fas", Usage: "write an encrypted 2FAS backup to `FILE` (2FAS: Settings, 2FAS Backup, Import)"},
		&cli.BoolFlag{Name: "unencrypted", Usage: "write the --aegis and --2fas files without a password: anyone who can read them gets every secret"},
	}
}

// appTarget is one app backup file to write.
type appTarget struct {
	flag, path, format string
	write              func(w io.Writer, accounts []otpmigrate.Account, password []byte, plain bool) error
	howto              string // how to import it, for the success message
}

// appTargets returns the app backup files asked for, after the usage checks
// of their flags: export makes them before it writes any output.
func parseAppTargets(c *cli.Context) ([]appTarget, error) {
	var ts []appTarget
	for _, name := range []string{"aegis", "2fas"} {
		if c.IsSet(name) && c.String(name) == "" {
			return nil, usagef("--%s needs a path", name)
		}
	}
	if p := c.String("aegis"); p != "" {
		ts = append(ts, appTarget{flag: "--aegis", path: p, format: "Aegis vault",
			write: func(w io.Writer, a []otpmigrate.Account, pw []byte, plain bool) error {
				return encode.WriteAegis(w, a, pw, encode.AegisOptions{Plain: plain, ScryptN: testOnlyAegisScryptN})
			},
			howto: "in Aegis: Settings, Import & Export, Import from file, Aegis"})
	}
	if p := c.String("2fas"); p != "" {
		ts = append(ts, appTarget{flag: "--2fas", path: p, format: "2FAS backup",
			write: func(w io.Writer, a []otpmigrate.Account, pw []byte, plain bool) error {
				return encode.WriteTwoFAS(w, a, pw, encode.TwoFASOptions{Plain: plain})
			},
			howto: "in 2FAS: Settings, 2FAS Backup, Import"})
	}
	if len(ts) == 0 && c.Bool("unencrypted") {
		return nil, usagef("--unencrypted applies to --aegis and --2fas, and neither was given")
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

// runAppExports writes the app backup files asked for, if any. Each file
// is read back with decode and compared with accounts before success is
// reported, in memory and then as written; a file that does not read back
// is never put in place.
func runAppExports(o exportOptions, e env, accounts []otpmigrate.Account) error {
	if len(o.apps) == 0 {
		return nil
	}
	accounts, _ = otpmigrate.Dedup(accounts)
	var pw []byte
	if o.plain {
		for _, t := range o.apps {
			e.ui.warnf("writing %q unencrypted (--unencrypted): anyone who can read it gets every secret; delete it once imported", t.path)
		}
	} else {
		names := make([]string, len(o.apps))
		for i, t := range o.apps {
			names[i] = fmt.Sprintf("%s %q", t.format, t.path)
		}
		var err error
		pw, err = getPassphrase(o.in.passphraseFile, "password for the new "+strings.Join(names, " and "), true)
		if err != nil {
			return err
		}
		if why := weakPassphrase(pw); why != "" {
			e.ui.warnf("weak password: %s; anyone who gets the file can try passwords offline", why)
		}
	}
	for _, t := range o.apps {
		var buf bytes.Buffer
		if err := t.write(&buf, accounts, pw, o.plain); err != nil {
			return &opError{op: fmt.Sprintf("write %q", t.path), err: err}
		}
		check := func(data []byte) error { return verify.AppFile(t.path, data, accounts, pw) }
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
		if o.plain {
			state = "unencrypted"
		}
		e.ui.infof("wrote %q: %s %s, %d account(s), read back and checked; import it %s", t.path, state, t.format, len(accounts), t.howto)
	}
	return nil
}
