package main

import (
	"fmt"
	"io"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/backup"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/internal/input"
	"github.com/urfave/cli/v2"
)

// inputFlags are the flags of every command that reads accounts.
func inputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "allow-partial", Usage: "use the codes given even when parts of a multi-QR export are missing"},
		&cli.BoolFlag{Name: "andotp", Usage: "read binary inputs nothing else recognises as andOTP encrypted backups (the old format, before andOTP 0.6.3, has no marker)"},
		&cli.StringFlag{Name: "passphrase-file", Usage: "read the passphrase (or an app backup's password) from the first line of `FILE` instead of the terminal"},
		&cli.StringSliceFlag{Name: "identity", Aliases: []string{"i"}, Usage: "open age-encrypted backups with the private keys in `FILE`: age keys, or an unencrypted SSH key; repeatable"},
		&cli.IntFlag{Name: "max-scrypt-work-factor", Value: backup.DefaultMaxWorkFactor, Usage: "open passphrase backups whose scrypt work factor is up to 2^`N` (20 needs 1 GiB of memory, each step doubles it; age allows up to 22)"},
	}
}

// inputOptions are what every command that reads accounts takes: the
// inputs and how to open them.
type inputOptions struct {
	command        string // for messages: "decode", "export", …
	args           []string
	allowPartial   bool
	assumeAndOTP   bool     // --andotp: unrecognised binary is an andOTP backup
	passphraseFile string   // "" asks on the terminal (or reads the environment)
	identities     []string // -i files
	maxWorkFactor  int      // scrypt cap for age inputs, log2
}

func parseInputOptions(c *cli.Context) inputOptions {
	return inputOptions{
		command:        c.Command.Name,
		args:           c.Args().Slice(),
		allowPartial:   c.Bool("allow-partial"),
		assumeAndOTP:   c.Bool("andotp"),
		passphraseFile: c.String("passphrase-file"),
		identities:     c.StringSlice("identity"),
		maxWorkFactor:  c.Int("max-scrypt-work-factor"),
	}
}

// check refuses option values that parsing cannot.
func (in inputOptions) check() error {
	if in.maxWorkFactor < 1 || in.maxWorkFactor > backup.MaxWorkFactorLimit {
		return usagef("--max-scrypt-work-factor must be from 1 to %d (age's own limit)", backup.MaxWorkFactorLimit)
	}
	return nil
}

// env is what a command works with besides its options, so that run
// functions can be called without a cli.App.
type env struct {
	ui     *ui
	stdin  io.Reader
	stdout io.Writer
}

func newEnv(c *cli.Context, u *ui) env { return env{ui: u, stdin: c.App.Reader, stdout: c.App.Writer} }

// loadAccounts reads every input argument and decodes it into accounts,
// reporting warnings, duplicates and partial exports on stderr.
func loadAccounts(in inputOptions, e env) ([]otpmigrate.Account, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	if len(in.args) == 0 {
		return nil, usagef("%s needs at least one input: a file, a folder, - for standard input, or an otpauth URL", in.command)
	}
	dashes := 0
	for _, a := range in.args {
		if a == "-" {
			dashes++
		}
	}
	if dashes > 1 {
		return nil, usagef("standard input (-) given more than once")
	}
	inputs, err := input.Read(in.args, e.stdin)
	if err != nil {
		return nil, err
	}
	opts := decode.Options{
		AllowPartial: in.allowPartial,
		AssumeAndOTP: in.assumeAndOTP,
		Password: func(name, format string) ([]byte, error) {
			return getPassphrase(in.passphraseFile, fmt.Sprintf("password of %s %q", format, name), false)
		},
		OpenAge:  func(d decode.Input) ([]otpmigrate.Account, error) { return openBackupInput(in, d) },
		Progress: e.ui.progress(),
	}
	res, err := decode.Decode(inputs, opts)
	if err != nil {
		if _, ok := err.(*input.Error); ok { // a file read when its turn came
			return nil, err
		}
		return nil, &opError{op: "decode", err: err}
	}
	for _, w := range res.Warnings {
		e.ui.warnf("%s", w)
	}
	for _, inc := range res.Incomplete {
		e.ui.warnf("%s; decoding the parts given (--allow-partial)", inc)
	}
	if res.Duplicates > 0 {
		e.ui.infof("note: %d account(s) given more than once were output once", res.Duplicates)
	}
	return res.Accounts, nil
}
