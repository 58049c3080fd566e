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
	return append([]cli.Flag{
		&cli.BoolFlag{Name: "allow-partial", Usage: "use the codes given even when parts of a multi-QR export are missing"},
	}, append(passphraseFlags(), identityFlags()...)...)
}

// loadAccounts reads every input argument and decodes it into accounts,
// reporting warnings, duplicates and partial exports on stderr.
func loadAccounts(c *cli.Context, u *ui) ([]otpmigrate.Account, error) {
	if c.NArg() == 0 {
		return nil, usagef("%s needs at least one input: a file, a folder, - for standard input, or an otpauth URL", c.Command.Name)
	}
	inputs, err := readInputs(c.Args().Slice(), c.App.Reader)
	if err != nil {
		return nil, err
	}
	opts := decode.Options{
		AllowPartial: c.Bool("allow-partial"),
		Password: func(input, format string) ([]byte, error) {
			return getPassphrase(c, fmt.Sprintf("password of %s %q", format, input), false)
		},
		OpenAge:  func(in decode.Input) ([]otpmigrate.Account, error) { return openBackupInput(c, in) },
		Progress: u.progress(),
	}
	res, err := decode.Decode(inputs, opts)
	if err != nil {
		if errors.Is(err, decode.ErrIncomplete) {
			return nil, &opError{op: "decode", err: errors.New(strings.TrimPrefix(err.Error(), decode.ErrIncomplete.Error()+": ")),
				hint: "give every QR code of the export (the app numbers them \"1 of N\"), or pass --allow-partial"}
		}
		return nil, &opError{op: "decode", err: err}
	}
	for _, w := range res.Warnings {
		u.warnf("%s", w)
	}
	for _, in := range res.Incomplete {
		u.warnf("%s; decoding the parts given (--allow-partial)", in)
	}
	if res.Duplicates > 0 {
		u.infof("note: %d account(s) given more than once were output once", res.Duplicates)
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
