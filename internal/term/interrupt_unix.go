//go:build unix

package term

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"
)

// restoreOnInterrupt makes Ctrl-C during the prompt leave the terminal as it
// was (echo on) before the process dies of the signal as usual. The
// returned func stops watching.
func restoreOnInterrupt(fd int) (stop func()) {
	state, err := term.GetState(fd)
	if err != nil {
		return func() {}
	}
	sigs := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-sigs:
			term.Restore(fd, state)
			signal.Reset(sig)
			// Die of the signal, as the shell expects.
			syscall.Kill(os.Getpid(), sig.(syscall.Signal))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}
