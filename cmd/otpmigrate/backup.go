package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"filippo.io/age"
	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/backup"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/internal/input"
	"github.com/otpmigrate/otpmigrate/internal/safefile"
	"github.com/otpmigrate/otpmigrate/internal/term"
	"github.com/otpmigrate/otpmigrate/internal/verify"
	"github.com/urfave/cli/v2"
)

// Test-only settings, changed by testOnlySetup and the crash test.
var (
	// scryptWorkFactor of new passphrase backups; 0 is age's default.
	scryptWorkFactor = 0
	// testOnlyMidWrite, when set, runs halfway through writing a backup.
	testOnlyMidWrite func()
	// testOnlyAfterRead, when set, runs after --add has read the backup:
	// it widens the window in which another writer could interfere.
	testOnlyAfterRead func()
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
the new ones) or --force, and only if it is a regular file. Through a
symbolic link, --add updates the file the link points to. Two otpmigrate
writing one backup take turns (a lock on .FILE.lock beside it).

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
		Action: func(c *cli.Context) error {
			opts, err := parseBackupOptions(c)
			if err != nil {
				return err
			}
			return runBackup(opts, newEnv(c, u))
		},
	}
}

// backupOptions are the checked flags of the backup command.
type backupOptions struct {
	in              inputOptions
	output          string
	add, force      bool
	armor           bool
	recipients      []string // -r
	recipientsFiles []string // -R
}

func parseBackupOptions(c *cli.Context) (backupOptions, error) {
	o := backupOptions{in: parseInputOptions(c), output: c.String("output"), add: c.Bool("add"), force: c.Bool("force"),
		armor: c.Bool("armor"), recipients: c.StringSlice("recipient"), recipientsFiles: c.StringSlice("recipients-file")}
	switch {
	case o.output == "":
		return o, usagef("backup needs -o FILE: where to write the backup")
	case o.add && o.force:
		return o, usagef("--add and --force cannot be combined: --add keeps the accounts in %q, --force replaces them", o.output)
	case o.add && o.output == "-":
		return o, usagef("--add needs -o FILE, the backup to add to")
	case len(o.in.args) == 0 && !o.add:
		return o, usagef("backup needs at least one input: a file, a folder, - for standard input, or an otpauth URL")
	}
	return o, nil
}

func runBackup(o backupOptions, e env) error {
	out, add, force := o.output, o.add, o.force
	if out == "-" && !o.armor && isTerminal(e.stdout) {
		return &opError{op: "write backup", err: errors.New("refusing to write binary data to the terminal"),
			hint: "give -o FILE, or --armor for text"}
	}
	if out != "-" && !add {
		// Fail before any work or prompt.
		if err := checkOutput(out, force); err != nil {
			return err
		}
	}
	if add {
		// Through a link, --add updates the file the link points to
		// (written atomically beside it) and leaves the link as it is:
		// replacing the link with a new file would leave the real backup
		// stale while reporting success.
		real, err := addTarget(out)
		if err != nil {
			return err
		}
		if real != out {
			e.ui.infof("%q is a link: adding to %q, the file it points to", out, real)
		}
		out = real
	}
	if out != "-" {
		// Writers of one backup take turns: an --add reads the file,
		// adds to it and writes it back, and two at once would lose one's
		// accounts.
		unlock, err := safefile.Lock(out, func() {
			e.ui.infof("waiting for another otpmigrate writing %q to finish", out)
		})
		if err != nil {
			return &opError{op: fmt.Sprintf("lock %q", out), err: input.PlainErr(err),
				hint: fmt.Sprintf("otpmigrate locks %q beside the backup while it writes: the folder must be writable", safefile.LockName(out))}
		}
		defer unlock()
		if add && !exists(out) {
			return &opError{op: fmt.Sprintf("add to %q", out), err: errors.New("file does not exist"),
				hint: "it was removed while waiting for the lock"}
		}
	}
	recipients, err := readRecipients(o.recipients, o.recipientsFiles)
	if err != nil {
		return err
	}

	var old []otpmigrate.Account
	var oldPassphrase []byte
	if add {
		old, oldPassphrase, err = openForAdd(o.in, out)
		if err != nil {
			return err
		}
		if testOnlyAfterRead != nil {
			testOnlyAfterRead()
		}
		if oldPassphrase == nil && len(recipients) == 0 {
			return usageError{msg: fmt.Sprintf("%q is encrypted to public keys: give them again with -r or -R to add to it", out),
				hint: "the new backup is encrypted to the -r/-R keys given; age-keygen -y KEYFILE prints the public key of an age private key"}
		}
		if oldPassphrase != nil && len(recipients) > 0 {
			e.ui.warnf("%q was encrypted with a passphrase; the new one is encrypted to the -r/-R keys instead", out)
		}
	}
	var fresh []otpmigrate.Account
	if len(o.in.args) > 0 {
		if fresh, err = loadAccounts(o.in, e); err != nil {
			return err
		}
	}
	merged := otpmigrate.Merge(old, fresh)
	accounts, added, skipped := merged.Accounts, merged.Added, merged.Duplicates
	for _, c := range merged.Conflicts {
		// Conflicts among the new accounts were reported by decoding.
		if c.Earlier < len(old) {
			e.ui.warnf("%s (account %d was already in %q)", c, c.Earlier+1, out)
		}
	}
	if len(accounts) == 0 {
		return &opError{op: "backup", err: errors.New("no accounts to write")}
	}

	var checkIDs []age.Identity
	if len(recipients) == 0 {
		pass := oldPassphrase
		if pass == nil {
			if pass, err = getPassphrase(o.in.passphraseFile, fmt.Sprintf("passphrase for %q", displayName(out)), true); err != nil {
				return err
			}
			if why := term.Weak(pass); why != "" {
				e.ui.warnf("weak passphrase: %s; anyone who gets the file can try passphrases offline", why)
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
	sealed, err := backup.Seal(&buf, accounts, recipients, backup.SealOptions{Created: now(), Armor: o.armor})
	if err != nil {
		return &opError{op: "backup", err: err}
	}
	if out == "-" {
		_, err := e.stdout.Write(buf.Bytes())
		return err
	}
	if err := writeBackup(out, add || force, buf.Bytes(), sealed, checkIDs); err != nil {
		return err
	}
	switch {
	case add:
		e.ui.infof("wrote %q: kept %d, added %d, skipped %d already there", out, len(old), added, skipped)
	default:
		e.ui.infof("wrote %d account(s) to %q and checked it decrypts", len(accounts), out)
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
	fill := func(w io.Writer) error {
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
	}
	check := func(name string) error {
		// Sealing's scrypt buffer (256 MiB at age's work factor) is
		// garbage by now; without a collection the check's own would
		// come on top of it.
		runtime.GC()
		return checkBackupFile(name, sealed, ids)
	}
	const hint = "the disk may be failing or full; nothing was replaced: write the backup to another place"
	if err := writeChecked(path, replace, fill, check, hint); err != nil {
		return err
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
		return input.PlainErr(err)
	}
	defer f.Close()
	return verify.Backup(f, sealed, ids...)
}

// openForAdd opens the backup that --add adds to. It returns the passphrase
// that opened it (nil for a key-encrypted backup), to seal the new one with.
func openForAdd(in inputOptions, path string) ([]otpmigrate.Account, []byte, error) {
	data, err := input.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var pass []byte
	keys, err := backupKeys(in, path)
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
		return nil, nil, &opError{op: fmt.Sprintf("add to %q", path), err: err, hint: workFactorHint(err)}
	}
	if !info.Passphrase {
		pass = nil
	}
	return accounts, pass, nil
}

// openBackupInput is decode.Options.OpenAge: it opens an age file given as
// an input, with -i identities or a passphrase.
func openBackupInput(in inputOptions, d decode.Input) ([]otpmigrate.Account, error) {
	keys, err := backupKeys(in, d.Name)
	if err != nil {
		return nil, err
	}
	accounts, _, err := backup.Open(bytes.NewReader(d.Data), keys)
	if err != nil {
		var oe *opError
		if errors.As(err, &oe) {
			// From getting the passphrase: keep its hint. The prompt's
			// own name ("passphrase for …") repeats the input's and goes,
			// but "read passphrase file …" stays: without it a missing
			// passphrase file reads as a missing backup.
			inner := oe.err
			if strings.HasPrefix(oe.op, "read passphrase file") {
				inner = oe
			}
			return nil, &decode.Error{Input: d.Name, Err: inner, Advice: oe.hint}
		}
		return nil, &decode.Error{Input: d.Name, Err: err, Advice: workFactorHint(err)}
	}
	return accounts, nil
}

// workFactorHint names the flag that opens a backup whose scrypt work
// factor is above the cap, or returns "".
func workFactorHint(err error) string {
	var we *backup.WorkFactorError
	if !errors.As(err, &we) {
		return ""
	}
	return fmt.Sprintf("if you made it so on purpose and trust it, pass --max-scrypt-work-factor %d (opening it takes that much memory)", we.WorkFactor)
}

// addTarget is the file backup --add reads and rewrites: path itself, or
// the file a link at path points to, which must be a regular file.
func addTarget(path string) (string, error) {
	if !exists(path) {
		return "", &opError{op: fmt.Sprintf("add to %q", path), err: errors.New("file does not exist"),
			hint: "leave out --add to make a new backup"}
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", &opError{op: fmt.Sprintf("add to %q", path), err: fmt.Errorf("it is a link that leads nowhere: %v", input.PlainErr(err))}
	}
	if err := safefile.CheckTarget(real, true); err != nil {
		return "", &opError{op: fmt.Sprintf("add to %q", path), err: err, hint: "--add updates a backup file; give the path of one"}
	}
	return real, nil
}

func backupKeys(in inputOptions, name string) (backup.Keys, error) {
	if err := in.check(); err != nil {
		return backup.Keys{}, err
	}
	ids, err := input.ReadIdentities(in.identities)
	if err != nil {
		return backup.Keys{}, err
	}
	return backup.Keys{
		Identities: ids,
		Passphrase: func() ([]byte, error) {
			return getPassphrase(in.passphraseFile, fmt.Sprintf("passphrase for %q", name), false)
		},
		MaxWorkFactor: in.maxWorkFactor,
	}, nil
}

// readRecipients reads -r and -R.
func readRecipients(keys, files []string) ([]age.Recipient, error) {
	var recs []age.Recipient
	for i, s := range keys {
		r, err := backup.ParseRecipient(s)
		if err != nil {
			// The argument is public, but may be a private key pasted by
			// mistake: name it by position.
			return nil, usagef("-r %d: %v", i+1, err)
		}
		recs = append(recs, r)
	}
	rs, err := input.ReadRecipients(files)
	return append(recs, rs...), err
}

func displayName(out string) string {
	if out == "-" {
		return "standard output"
	}
	return out
}
