package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"filippo.io/age"
	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/backup"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/internal/safefile"
	"github.com/urfave/cli/v2"
)

// exitWrongPassphrase is the exit status for a wrong passphrase, so that a
// script can ask again; restic uses the same number.
const exitWrongPassphrase = 12

// Test-only settings, changed by testOnlySetup and the crash test.
var (
	// scryptWorkFactor of new passphrase backups; 0 is age's default.
	scryptWorkFactor = 0
	// testOnlyMidWrite, when set, runs halfway through writing a backup.
	testOnlyMidWrite func()
)

func newBackupCommand(u *ui) *cli.Command {
	return &cli.Command{
		Name:      "backup",
		Usage:     "write the accounts to an encrypted backup that age can open",
		ArgsUsage: "<input>...",
		Description: `Writes an age-encrypted file (https://age-encryption.org) holding one
otpauth:// URL per account. It is encrypted with a passphrase, asked twice
on the terminal, unless -r or -R give public keys. Recover it with
otpmigrate decode, or with the age command alone: age -d 2fa.age

The file is written atomically with mode 0600, then read back and checked.
An existing file is replaced only with --add (keep its accounts and add
the new ones) or --force.

Examples:
  otpmigrate backup -o 2fa.age export-1.png export-2.png
  otpmigrate backup -o 2fa.age --add new-site.png
  otpmigrate backup -o team.age -r age1... -R admins.pub *.png
  otpmigrate backup --armor -o 2fa.txt export.png`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the backup to `FILE` (- for standard output)"},
			&cli.BoolFlag{Name: "add", Usage: "add the accounts to the existing -o backup, keeping every account in it"},
			&cli.BoolFlag{Name: "force", Usage: "replace the -o file if it exists"},
			&cli.StringSliceFlag{Name: "recipient", Aliases: []string{"r"}, Usage: "encrypt to public key `KEY` (age1..., ssh-ed25519 or ssh-rsa); repeatable"},
			&cli.StringSliceFlag{Name: "recipients-file", Aliases: []string{"R"}, Usage: "encrypt to the public keys in `FILE`, one per line as for age -R; repeatable"},
			&cli.BoolFlag{Name: "armor", Aliases: []string{"a"}, Usage: "write ASCII text (PEM style) instead of binary, e.g. to print it"},
		}, inputFlags()...),
		Action: func(c *cli.Context) error { return runBackup(c, u) },
	}
}

func runBackup(c *cli.Context, u *ui) error {
	out := c.String("output")
	add, force := c.Bool("add"), c.Bool("force")
	switch {
	case out == "":
		return usagef("backup needs -o FILE: where to write the backup")
	case add && force:
		return usagef("--add and --force cannot be combined: --add keeps the accounts in %q, --force replaces them", out)
	case add && out == "-":
		return usagef("--add needs -o FILE, the backup to add to")
	case c.NArg() == 0 && !add:
		return usagef("backup needs at least one input: a file, a folder, - for standard input, or an otpauth URL")
	}
	if out == "-" && !c.Bool("armor") && isTerminal(c.App.Writer) {
		return &opError{op: "write backup", err: errors.New("refusing to write binary data to the terminal"),
			hint: "give -o FILE, or --armor for text"}
	}
	if out != "-" && !add && !force && exists(out) {
		// Fail before any work or prompt.
		return existsError(out)
	}
	if add && !exists(out) {
		return &opError{op: fmt.Sprintf("add to %q", out), err: errors.New("file does not exist"),
			hint: "leave out --add to make a new backup"}
	}
	recipients, err := readRecipients(c)
	if err != nil {
		return err
	}

	var old []otpmigrate.Account
	var oldPassphrase []byte
	if add {
		old, oldPassphrase, err = openForAdd(c, out)
		if err != nil {
			return err
		}
		if oldPassphrase == nil && len(recipients) == 0 {
			return usagef("%q is encrypted to public keys: give them again with -r or -R to add to it", out)
		}
		if oldPassphrase != nil && len(recipients) > 0 {
			u.warnf("%q was encrypted with a passphrase; the new one is encrypted to the -r/-R keys instead", out)
		}
	}
	var fresh []otpmigrate.Account
	if c.NArg() > 0 {
		if fresh, err = loadAccounts(c, u); err != nil {
			return err
		}
	}
	merged := otpmigrate.Merge(old, fresh)
	accounts, added, skipped := merged.Accounts, merged.Added, merged.Duplicates
	for _, c := range merged.Conflicts {
		// Conflicts among the new accounts were reported by decoding.
		if c.Earlier < len(old) {
			u.warnf("%s (account %d was already in %q)", c, c.Earlier+1, out)
		}
	}
	if len(accounts) == 0 {
		return &opError{op: "backup", err: errors.New("no accounts to write")}
	}

	var checkIDs []age.Identity
	if len(recipients) == 0 {
		pass := oldPassphrase
		if pass == nil {
			if pass, err = getPassphrase(c, fmt.Sprintf("passphrase for %q", displayName(out)), true); err != nil {
				return err
			}
			if why := weakPassphrase(pass); why != "" {
				u.warnf("weak passphrase: %s; anyone who gets the file can try passphrases offline", why)
			}
		}
		r, err := backup.NewPassphraseRecipient(pass, scryptWorkFactor)
		if err != nil {
			return &opError{op: "backup", err: err}
		}
		recipients = []age.Recipient{r}
		id, err := backup.NewPassphraseIdentity(pass)
		if err != nil {
			return &opError{op: "backup", err: err}
		}
		checkIDs = append(checkIDs, id)
	}

	// Opening a backup (the --add target or an input) left a scrypt buffer
	// of up to 256 MiB behind; collect it before sealing allocates another.
	runtime.GC()
	var buf bytes.Buffer
	sealed, err := backup.Seal(&buf, accounts, recipients, backup.SealOptions{Created: now(), Armor: c.Bool("armor")})
	if err != nil {
		return &opError{op: "backup", err: err}
	}
	if out == "-" {
		_, err := c.App.Writer.Write(buf.Bytes())
		return err
	}
	if err := writeBackup(out, add || force, buf.Bytes(), sealed, checkIDs); err != nil {
		return err
	}
	switch {
	case add:
		u.infof("wrote %q: kept %d, added %d, skipped %d already there", out, len(old), added, skipped)
	default:
		u.infof("wrote %d account(s) to %q and checked it decrypts", len(accounts), out)
	}
	return nil
}

// writeBackup writes data to path through safefile. The temporary file is
// read back and checked against sealed (and, for a passphrase backup,
// unwrapped with ids: one more scrypt run) before it replaces anything, so
// that a failed check leaves an existing backup untouched; after the rename
// the file at path is read once more with the file key only, since what
// counts is what a restore will find. For public-key backups, whose private
// halves we do not hold, the file key kept from sealing decrypts and
// authenticates every byte, and age's header parser checks the recipient
// stanzas.
func writeBackup(path string, replace bool, data []byte, sealed *backup.Sealed, ids []age.Identity) error {
	if !replace && exists(path) {
		return existsError(path)
	}
	p, err := safefile.PrepareFunc(path, func(w io.Writer) error {
		d := data
		if testOnlyMidWrite != nil {
			if _, err := w.Write(d[:len(d)/2]); err != nil {
				return err
			}
			testOnlyMidWrite()
			d = d[len(d)/2:]
		}
		_, err := w.Write(d)
		return err
	})
	if err != nil {
		return &opError{op: fmt.Sprintf("write %q", path), err: err}
	}
	// Sealing's scrypt buffer (256 MiB at age's work factor) is garbage by
	// now; without a collection the check's own would come on top of it.
	runtime.GC()
	if err := checkBackupFile(p.TempName(), sealed, ids); err != nil {
		p.Abort()
		return &opError{op: fmt.Sprintf("check %q", path), err: fmt.Errorf("the written file does not read back: %v", err),
			hint: "the disk may be failing or full; nothing was replaced: write the backup to another place"}
	}
	if err := p.Commit(replace); err != nil {
		p.Abort()
		if errors.Is(err, safefile.ErrExists) {
			return existsError(path)
		}
		return &opError{op: fmt.Sprintf("write %q", path), err: err}
	}
	if err := checkBackupFile(path, sealed, nil); err != nil {
		return &opError{op: fmt.Sprintf("check %q", path), err: fmt.Errorf("the written file does not read back: %v", err),
			hint: "the disk may be failing or full; write the backup to another place"}
	}
	return nil
}

func checkBackupFile(path string, sealed *backup.Sealed, ids []age.Identity) error {
	f, err := os.Open(path)
	if err != nil {
		return plainErr(err)
	}
	defer f.Close()
	return sealed.Verify(f, ids...)
}

// openForAdd opens the backup that --add adds to. It returns the passphrase
// that opened it (nil for a key-encrypted backup), to seal the new one with.
func openForAdd(c *cli.Context, path string) ([]otpmigrate.Account, []byte, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, nil, err
	}
	var pass []byte
	keys, err := backupKeys(c, path)
	if err != nil {
		return nil, nil, err
	}
	get := keys.Passphrase
	keys.Passphrase = func() ([]byte, error) {
		p, err := get()
		pass = p
		return p, err
	}
	accounts, info, err := backup.Open(bytes.NewReader(data), keys)
	if err != nil {
		return nil, nil, backupError(fmt.Sprintf("add to %q", path), err, len(keys.Identities) > 0)
	}
	if !info.Passphrase {
		pass = nil
	}
	return accounts, pass, nil
}

// openBackupInput is decode.Options.OpenAge: it opens an age file given as
// an input, with -i identities or a passphrase.
func openBackupInput(c *cli.Context, in decode.Input) ([]otpmigrate.Account, error) {
	keys, err := backupKeys(c, in.Name)
	if err != nil {
		return nil, err
	}
	accounts, _, err := backup.Open(bytes.NewReader(in.Data), keys)
	if err != nil {
		var oe *opError
		if errors.As(err, &oe) {
			// From the passphrase prompt: keep its hint.
			return nil, &decode.Error{Input: in.Name, Err: oe.err, Hint: oe.hint}
		}
		e := backupError("", err, len(keys.Identities) > 0).(*opError)
		return nil, &decode.Error{Input: in.Name, Err: e.err, Hint: e.hint}
	}
	return accounts, nil
}

func backupKeys(c *cli.Context, name string) (backup.Keys, error) {
	ids, err := readIdentities(c)
	if err != nil {
		return backup.Keys{}, err
	}
	return backup.Keys{
		Identities: ids,
		Passphrase: func() ([]byte, error) {
			return getPassphrase(c, fmt.Sprintf("passphrase for %q", name), false)
		},
	}, nil
}

// backupError adds a hint to an error from backup.Open. (run gives a wrong
// passphrase its own exit status.)
func backupError(op string, err error, haveIdentities bool) error {
	e := &opError{op: op, err: err}
	switch {
	case errors.Is(err, backup.ErrWrongPassphrase):
		e.hint = "type the passphrase used when the backup was made"
	case errors.Is(err, backup.ErrNoIdentity) && !haveIdentities:
		e.hint = "give the private key with -i FILE (as for age -d -i)"
	case errors.Is(err, backup.ErrNoIdentity):
		e.hint = "give the private key that matches one of the backup's recipients with -i FILE"
	case errors.Is(err, backup.ErrNotBackup):
		e.hint = "see what it holds with: age -d FILE"
	case errors.Is(err, backup.ErrTruncated), errors.Is(err, backup.ErrCorrupt):
		e.hint = "use another copy of the backup"
	}
	return e
}

// readRecipients reads -r and -R.
func readRecipients(c *cli.Context) ([]age.Recipient, error) {
	var recs []age.Recipient
	for i, s := range c.StringSlice("recipient") {
		r, err := backup.ParseRecipient(s)
		if err != nil {
			// The argument is public, but may be a private key pasted by
			// mistake: name it by position.
			return nil, usagef("-r %d: %v", i+1, err)
		}
		recs = append(recs, r)
	}
	for _, name := range c.StringSlice("recipients-file") {
		f, err := os.Open(name)
		if err != nil {
			return nil, &opError{op: fmt.Sprintf("read recipients file %q", name), err: plainErr(err)}
		}
		rs, err := backup.ParseRecipients(f)
		f.Close()
		if err != nil {
			return nil, &opError{op: fmt.Sprintf("read recipients file %q", name), err: err}
		}
		recs = append(recs, rs...)
	}
	return recs, nil
}

// identityFlags are the input flags for key-encrypted backups.
func identityFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "identity", Aliases: []string{"i"}, Usage: "open age-encrypted backups with the private keys in `FILE`: age keys, or an unencrypted SSH key; repeatable"},
	}
}

func readIdentities(c *cli.Context) ([]age.Identity, error) {
	var ids []age.Identity
	for _, name := range c.StringSlice("identity") {
		f, err := os.Open(name)
		if err != nil {
			return nil, &opError{op: fmt.Sprintf("read identity file %q", name), err: plainErr(err)}
		}
		is, err := backup.ParseIdentities(f)
		f.Close()
		if err != nil {
			op := &opError{op: fmt.Sprintf("read identity file %q", name), err: err}
			if errors.Is(err, backup.ErrEncryptedSSHKey) {
				op.hint = fmt.Sprintf("decrypt with age instead: age -d -i %s FILE | otpmigrate decode -", name)
			}
			return nil, op
		}
		ids = append(ids, is...)
	}
	return ids, nil
}

func displayName(out string) string {
	if out == "-" {
		return "standard output"
	}
	return out
}
