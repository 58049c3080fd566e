package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/otpmigrate/otpmigrate/internal/input"
	"github.com/otpmigrate/otpmigrate/internal/term"
)

// passphraseEnv names the environment variable scripts can set instead of
// answering a prompt. There is deliberately no passphrase flag: arguments
// show up in ps and shell history.
const passphraseEnv = "OTPMIGRATE_PASSPHRASE"

// getPassphrase returns a passphrase from --passphrase-file, then
// $OTPMIGRATE_PASSPHRASE, then a prompt on the terminal (asked twice when
// confirm is set). prompt says what it is for, e.g. `passphrase for "2fa.age"`.
// An empty passphrase is refused.
func getPassphrase(file, prompt string, confirm bool) ([]byte, error) {
	if f := file; f != "" {
		data, err := readFirstLine(f)
		if err != nil {
			return nil, &opError{op: fmt.Sprintf("read passphrase file %q", f), err: input.PlainErr(err),
				hint: "--passphrase-file names the file holding the passphrase (its first line), not the backup"}
		}
		line, _, _ := bytes.Cut(data, []byte("\n"))
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 {
			return nil, &opError{op: fmt.Sprintf("read passphrase file %q", f), err: errors.New("the first line is empty")}
		}
		if len(line) > term.MaxPassphrase {
			return nil, &opError{op: fmt.Sprintf("read passphrase file %q", f), err: fmt.Errorf("the first line is longer than %d KiB", term.MaxPassphrase>>10)}
		}
		return line, nil
	}
	if p, ok := os.LookupEnv(passphraseEnv); ok {
		// One trailing line ending is dropped, as from a passphrase file:
		// $(cat file) keeps none, but a value read with a line ending
		// (read -r in a script run with CRLF, say) would otherwise make a
		// backup that typing the passphrase cannot open.
		p = trimLineEnding(p)
		if p == "" {
			return nil, fmt.Errorf("$%s is set but empty", passphraseEnv)
		}
		return []byte(p), nil
	}
	noTerm := func() error {
		return &opError{op: prompt, err: errors.New("no terminal to ask for the passphrase on"),
			hint: fmt.Sprintf("pass --passphrase-file FILE or set $%s", passphraseEnv)}
	}
	p, err := term.ReadPassphrase("Enter " + prompt)
	if errors.Is(err, term.ErrNoTerminal) {
		return nil, noTerm()
	}
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		return nil, &opError{op: prompt, err: errors.New("empty passphrase refused"),
			hint: "a backup is only as safe as its passphrase: pick several words"}
	}
	if confirm {
		again, err := term.ReadPassphrase("Confirm " + prompt)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(p, again) {
			return nil, &opError{op: prompt, err: errors.New("the two passphrases differ"), hint: "run the command again and type the same passphrase twice"}
		}
	}
	return p, nil
}

// trimLineEnding removes one trailing "\r\n", "\n" or "\r".
func trimLineEnding(s string) string {
	if t, ok := strings.CutSuffix(s, "\r\n"); ok {
		return t
	}
	if t, ok := strings.CutSuffix(s, "\n"); ok {
		return t
	}
	t, _ := strings.CutSuffix(s, "\r")
	return t
}

// readFirstLine reads name up to its first newline, and at most a little
// more than the longest passphrase: the file may be a pipe, a device or
// something huge given by mistake (/dev/zero must not fill the memory).
func readFirstLine(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf []byte
	chunk := make([]byte, 4096)
	for len(buf) <= term.MaxPassphrase+1 {
		n, err := f.Read(chunk)
		buf = append(buf, chunk[:n]...)
		if bytes.IndexByte(chunk[:n], '\n') >= 0 || err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return buf, nil
}
