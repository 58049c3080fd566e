package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/safefile"
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
func appTargets(c *cli.Context) ([]appTarget, error) {
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

// runAppExports writes the app backup files of targets, if any. Each file
// is read back with decode and compared with accounts before success is
// reported; a file that does not read back is removed.
func runAppExports(c *cli.Context, u *ui, targets []appTarget, accounts []otpmigrate.Account) error {
	if len(targets) == 0 {
		return nil
	}
	plain, force := c.Bool("unencrypted"), c.Bool("force")
	accounts, _ = otpmigrate.Dedup(accounts)
	var pw []byte
	if plain {
		for _, t := range targets {
			u.warnf("writing %q unencrypted (--unencrypted): anyone who can read it gets every secret; delete it once imported", t.path)
		}
	} else {
		names := make([]string, len(targets))
		for i, t := range targets {
			names[i] = fmt.Sprintf("%s %q", t.format, t.path)
		}
		var err error
		pw, err = getPassphrase(c, "password for the new "+strings.Join(names, " and "), true)
		if err != nil {
			return err
		}
		if why := weakPassphrase(pw); why != "" {
			u.warnf("weak password: %s; anyone who gets the file can try passwords offline", why)
		}
	}
	for _, t := range targets {
		if err := writeAppBackup(t, accounts, pw, plain, force); err != nil {
			return err
		}
		state := "encrypted"
		if plain {
			state = "unencrypted"
		}
		u.infof("wrote %q: %s %s, %d account(s), read back and checked; import it %s", t.path, state, t.format, len(accounts), t.howto)
	}
	return nil
}

// writeAppBackup encodes, checks, writes and checks again one backup.
func writeAppBackup(t appTarget, accounts []otpmigrate.Account, pw []byte, plain, force bool) error {
	op := fmt.Sprintf("write %q", t.path)
	var buf bytes.Buffer
	if err := t.write(&buf, accounts, pw, plain); err != nil {
		return &opError{op: op, err: err}
	}
	// Check the bytes, then the file as written to disk, before it
	// replaces anything.
	if err := verifyAppBackup(t, buf.Bytes(), accounts, pw, plain); err != nil {
		return &opError{op: op, err: err}
	}
	if !force && exists(t.path) {
		return existsError(t.path)
	}
	p, err := safefile.Prepare(t.path, buf.Bytes())
	if err != nil {
		return &opError{op: op, err: plainErr(err)}
	}
	data, err := os.ReadFile(p.TempName())
	if err == nil {
		err = verifyAppBackup(t, data, accounts, pw, plain)
	}
	if err != nil {
		p.Abort()
		return &opError{op: op, err: fmt.Errorf("%v; nothing was written", plainErr(err))}
	}
	if err := p.Commit(force); err != nil {
		p.Abort()
		if errors.Is(err, safefile.ErrExists) {
			return existsError(t.path)
		}
		return &opError{op: op, err: plainErr(err)}
	}
	return nil
}

// verifyAppBackup reads data back as the new phone's app would and
// compares it with the accounts written.
func verifyAppBackup(t appTarget, data []byte, want []otpmigrate.Account, pw []byte, plain bool) error {
	opts := decode.Options{Password: func(string, string) ([]byte, error) {
		if plain {
			return nil, errors.New("asks for a password, but was written unencrypted")
		}
		return pw, nil
	}}
	res, err := decode.Decode([]decode.Input{{Name: t.path, Data: data}}, opts)
	if err != nil {
		return fmt.Errorf("reading it back failed: %v", err)
	}
	if len(res.Accounts) != len(want) {
		return fmt.Errorf("read back %d accounts, want %d", len(res.Accounts), len(want))
	}
	for i, a := range res.Accounts {
		if !a.Equal(want[i]) {
			return fmt.Errorf("account %d (%q) reads back different from what was written", i+1, want[i].Issuer)
		}
	}
	return nil
}
