package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"

	"github.com/otpmigrate/otpmigrate/backup"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "devel"

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes, documented in doc.go and README.md.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError marks a mistake in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// commandLike matches what a mistyped command looks like. Anything else in
// the command's place is shown to nobody: it is most often an input given
// without a command, and inputs (URLs, secrets) never appear in messages.
var commandLike = regexp.MustCompile(`^[a-z][a-z-]{0,19}$`)

func unknownCommand(name string) error {
	if commandLike.MatchString(name) {
		return usagef("unknown command %q", name)
	}
	return usagef("the first argument is not a command: give one of decode, code, export, backup or compare before the inputs")
}

// exitCoder lets an error choose its own exit status.
type exitCoder interface{ ExitCode() int }

// run is main without os.Exit, so that tests can call it and deferred calls
// run.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ui := &ui{stderr: stderr}
	app := &cli.App{
		Name:      "otpmigrate",
		Usage:     "move one-time-password (2FA) accounts between phones, offline",
		UsageText: "otpmigrate <command> [options] <input>...",
		Version:   version,
		Reader:    stdin,
		Writer:    stdout,
		ErrWriter: stderr,
		Suggest:   true,
		// urfave/cli exits inside Run for cli.Exit errors by default,
		// skipping deferred calls; run maps errors to exit codes itself.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err.Error()}
		},
		HideHelpCommand: true,
		Description:     appDescription,
		Commands:        commands(ui),
		CommandNotFound: func(c *cli.Context, name string) {
			ui.notFound = name
		},
	}
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	err := app.Run(args)
	if ui.notFound != "" && err == nil {
		err = unknownCommand(ui.notFound)
	}
	if err == nil {
		return exitOK
	}
	var ue usageError
	var ec exitCoder
	switch {
	case errors.As(err, &ue):
		ui.errorf("%s", ue.msg)
		ui.hint("run 'otpmigrate --help' for usage and examples")
		return exitUsage
	case errors.Is(err, backup.ErrWrongPassphrase), errors.Is(err, decode.ErrWrongPassword):
		ui.report(err)
		return exitWrongPassphrase
	case errors.As(err, &ec):
		ui.report(err)
		return ec.ExitCode()
	}
	ui.report(err)
	return exitFailure
}
