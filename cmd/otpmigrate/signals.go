package main

import (
	"os"
	"os/signal"
	"sync/atomic"

	"github.com/otpmigrate/otpmigrate/internal/safefile"
	"github.com/otpmigrate/otpmigrate/internal/term"
)

// signalled is set once the handler has started ending the process.
var signalled atomic.Bool

// afterRun is what main does with run's exit status: exit with it, unless
// a signal is ending the process, whose handler then has the last word
// (run fails with safefile.ErrInterrupted once the handler has removed
// the temporary files, and must not exit first with its own status).
func afterRun(code int) {
	if signalled.Load() {
		select {}
	}
	os.Exit(code)
}

// interruptsClaimed is set while a command handles Ctrl-C itself as the
// normal way to end (code --watch): then the handler leaves SIGINT and
// SIGTERM to it.
var interruptsClaimed atomic.Bool

// claimInterrupts makes the process-wide handler leave SIGINT and SIGTERM
// to the caller until release is called.
func claimInterrupts() (release func()) {
	interruptsClaimed.Store(true)
	return func() { interruptsClaimed.Store(false) }
}

// handleSignals installs the process's one signal handler. On SIGINT,
// SIGTERM, SIGHUP or SIGQUIT, at any moment of any command, it removes
// every temporary file not yet in place (they hold secrets in the clear),
// puts the terminal back as it was if a passphrase prompt is up, and ends
// the process: killed by the same signal for INT, TERM and HUP, as shells
// expect (status 130, 143, 129), and with status 131 for QUIT, without
// the goroutine dump Go prints for it by default. main installs it; run
// does not, so that tests calling run keep their own process.
func handleSignals() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, exitSignals...)
	go func() {
		for sig := range sigs {
			if interruptsClaimed.Load() && isInterrupt(sig) {
				continue
			}
			signalled.Store(true)
			safefile.RemovePending()
			term.Restore()
			exitBySignal(sig)
		}
	}()
}
