package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/otpmigrate/otpmigrate/backup"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/internal/safefile"
	"github.com/otpmigrate/otpmigrate/internal/term"
	"github.com/urfave/cli/v2"
)

// version, when set at build time with -ldflags "-X main.version=…",
// replaces the version from the build info (see [buildVersion]).
var version = ""

func main() {
	handleSignals()
	afterRun(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// usageError marks a mistake in the command line (exit status 2). hint,
// when set, replaces the general pointer to --help.
type usageError struct{ msg, hint string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{msg: fmt.Sprintf(format, args...)} }

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

// maxShownFlag is the longest unknown flag name a usage error shows, unless
// it is a near miss of a real flag. Secrets are 16 characters and more
// (80 bits in base32); a secret typed where a flag goes ("decode
// --JBSWY3DPEHPK3PXP") must not come back on the screen and into logs.
const maxShownFlag = 15

var (
	undefinedFlag = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	invalidValue  = regexp.MustCompile(`^invalid value "(?:[^"\\]|\\.)*" for flag (-\S+?):? (.*)$`)
	flagLike      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)
)

// hideFlagInput rewrites the flag package's usage errors so that they show
// no value and no unknown flag that could be a secret typed in the wrong
// place: an unknown flag is named only when it is short or one or two
// letters away from a real one, and an invalid value is never quoted.
func hideFlagInput(msg string) string {
	if m := undefinedFlag.FindStringSubmatch(msg); m != nil {
		name := m[1]
		if flagLike.MatchString(name) && (len(name) <= maxShownFlag || nearFlag(name)) {
			return fmt.Sprintf("unknown flag --%s", name)
		}
		return "unknown flag (not shown: it is no flag of otpmigrate, and it could be a secret typed in the wrong place)"
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("invalid value for flag -%s: %s", strings.TrimLeft(m[1], "-"), m[2])
	}
	return msg
}

// nearFlag reports whether name is at most two edits from a flag of some
// command: a typo worth showing back.
func nearFlag(name string) bool {
	for _, f := range allFlagNames() {
		if editDistance(strings.ToLower(name), f) <= 2 {
			return true
		}
	}
	return false
}

func allFlagNames() []string {
	var names []string
	for _, c := range commands(&ui{stderr: io.Discard}) {
		for _, f := range c.Flags {
			names = append(names, f.Names()...)
		}
	}
	return names
}

// editDistance is Levenshtein's distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
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
		Version:   buildVersion(version),
		Reader:    stdin,
		Writer:    stdout,
		ErrWriter: stderr,
		Suggest:   true,
		// The shell completion scripts ask for the words that may come
		// next with --generate-bash-completion (see manual.go).
		EnableBashCompletion: true,
		// urfave/cli exits inside Run for cli.Exit errors by default,
		// skipping deferred calls; run maps errors to exit codes itself.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{msg: hideFlagInput(err.Error())}
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
	case errors.Is(err, safefile.ErrInterrupted), errors.Is(err, term.ErrEnded):
		// A signal is ending the process; its handler says nothing
		// either.
		return exitFailure
	case errors.As(err, &ue):
		ui.errorf("%s", ue.msg)
		if ue.hint == "" {
			ue.hint = "run 'otpmigrate --help' for usage and examples"
		}
		ui.hint("%s", ue.hint)
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
