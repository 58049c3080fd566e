package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/urfave/cli/v2"
)

// passphraseEnv names the environment variable scripts can set instead of
// answering a prompt. There is deliberately no passphrase flag: arguments
// show up in ps and shell history.
const passphraseEnv = "OTPMIGRATE_PASSPHRASE"

// passphraseFlags are the flags of every command that may need a passphrase.
func passphraseFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "passphrase-file", Usage: "read the passphrase from the first line of `FILE` instead of the terminal"},
	}
}

// getPassphrase returns a passphrase from --passphrase-file, then
// $OTPMIGRATE_PASSPHRASE, then a prompt on the terminal (asked twice when
// confirm is set). prompt says what it is for, e.g. `passphrase for "2fa.age"`.
//
// TODO(backup): the terminal prompt is not implemented yet; see the backup
// issue (internal/term).
func getPassphrase(c *cli.Context, prompt string, confirm bool) ([]byte, error) {
	if f := c.String("passphrase-file"); f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, &opError{op: fmt.Sprintf("read passphrase file %q", f), err: plainErr(err)}
		}
		line, _, _ := bytes.Cut(data, []byte("\n"))
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 {
			return nil, &opError{op: fmt.Sprintf("read passphrase file %q", f), err: errors.New("the first line is empty")}
		}
		return line, nil
	}
	if p, ok := os.LookupEnv(passphraseEnv); ok {
		if p == "" {
			return nil, fmt.Errorf("$%s is set but empty", passphraseEnv)
		}
		return []byte(p), nil
	}
	return nil, fmt.Errorf("%s needed: pass --passphrase-file or set $%s", prompt, passphraseEnv)
}
