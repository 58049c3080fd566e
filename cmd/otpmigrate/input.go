package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/urfave/cli/v2"
)

// inputFlags are the flags of every command that reads accounts.
func inputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "allow-partial", Usage: "use the codes given even when parts of a multi-QR export are missing"},
		&cli.BoolFlag{Name: "andotp", Usage: "read binary inputs nothing else recognises as andOTP encrypted backups (the old format, before andOTP 0.6.3, has no marker)"},
		&cli.StringFlag{Name: "passphrase-file", Usage: "read the passphrase (or an app backup's password) from the first line of `FILE` instead of the terminal"},
		&cli.StringSliceFlag{Name: "identity", Aliases: []string{"i"}, Usage: "open age-encrypted backups with the private keys in `FILE`: age keys, or an unencrypted SSH key; repeatable"},
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
}

func parseInputOptions(c *cli.Context) inputOptions {
	return inputOptions{
		command:        c.Command.Name,
		args:           c.Args().Slice(),
		allowPartial:   c.Bool("allow-partial"),
		assumeAndOTP:   c.Bool("andotp"),
		passphraseFile: c.String("passphrase-file"),
		identities:     c.StringSlice("identity"),
	}
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
	if len(in.args) == 0 {
		return nil, usagef("%s needs at least one input: a file, a folder, - for standard input, or an otpauth URL", in.command)
	}
	inputs, err := readInputs(in.args, e.stdin)
	if err != nil {
		return nil, err
	}
	opts := decode.Options{
		AllowPartial: in.allowPartial,
		AssumeAndOTP: in.assumeAndOTP,
		Password: func(input, format string) ([]byte, error) {
			return getPassphrase(in.passphraseFile, fmt.Sprintf("password of %s %q", format, input), false)
		},
		OpenAge:  func(d decode.Input) ([]otpmigrate.Account, error) { return openBackupInput(in, d) },
		Progress: e.ui.progress(),
	}
	res, err := decode.Decode(inputs, opts)
	if err != nil {
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

// readInputs turns arguments into inputs: "-" is standard input, an
// otpauth or otpauth-migration URL is taken literally, a folder contributes
// every image in it (recursively), and anything else is a file.
func readInputs(args []string, stdin io.Reader) ([]decode.Input, error) {
	var inputs []decode.Input
	stdinUsed := false
	for i, arg := range args {
		lower := strings.ToLower(strings.TrimSpace(arg))
		switch {
		case arg == "-":
			if stdinUsed {
				return nil, usagef("standard input (-) given more than once")
			}
			stdinUsed = true
			data, err := readCapped(stdin)
			if err != nil {
				return nil, &opError{op: "read standard input", err: err}
			}
			inputs = append(inputs, decode.Input{Name: "standard input", Data: data})
		case strings.HasPrefix(lower, "otpauth://") || strings.HasPrefix(lower, "otpauth-migration://"),
			(strings.Contains(arg, "://") || strings.HasPrefix(lower, "otpauth")) && !pathExists(arg):
			// Named by position: the text itself is a secret. Other
			// links and mistyped URLs go to the decoder too, which says
			// what they are without quoting them, as an error about a
			// missing file would.
			inputs = append(inputs, decode.Input{Name: fmt.Sprintf("argument %d", i+1), Data: []byte(arg)})
		default:
			more, err := readPath(arg)
			if err != nil {
				return nil, err
			}
			inputs = append(inputs, more...)
		}
	}
	return inputs, nil
}

// pathExists reports whether an input path names something readable; it
// follows links (os.Stat), unlike [exists], which guards outputs.
func pathExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func readPath(path string) ([]decode.Input, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, &opError{op: fmt.Sprintf("read %q", path), err: plainErr(err), hint: "check the path; to decode a URL, put it in single quotes"}
	}
	if !st.IsDir() {
		data, err := readFile(path)
		if err != nil {
			return nil, err
		}
		return []decode.Input{{Name: path, Data: data}}, nil
	}
	var inputs []decode.Input
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return &opError{op: fmt.Sprintf("read %q", p), err: plainErr(err)}
		}
		if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := readFile(p)
		if err != nil {
			return err
		}
		// A folder of screenshots holds other files too; only images
		// are taken from it.
		if decode.IsImage(data) {
			inputs = append(inputs, decode.Input{Name: p, Data: data})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(inputs) == 0 {
		return nil, &opError{op: fmt.Sprintf("read %q", path), err: errors.New("folder holds no images"),
			hint: "give the screenshots' folder, or the files themselves"}
	}
	return inputs, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &opError{op: fmt.Sprintf("read %q", path), err: plainErr(err)}
	}
	defer f.Close()
	data, err := readCapped(f)
	if err != nil {
		return nil, &opError{op: fmt.Sprintf("read %q", path), err: err}
	}
	return data, nil
}

func readCapped(r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, decode.MaxInputSize+1))
	if err != nil {
		return nil, plainErr(err)
	}
	if n > decode.MaxInputSize {
		return nil, fmt.Errorf("input is larger than %d MiB", decode.MaxInputSize>>20)
	}
	return buf.Bytes(), nil
}

// plainErr drops the path from an *fs.PathError: the caller names the file.
func plainErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
