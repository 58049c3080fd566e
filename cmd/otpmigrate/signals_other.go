//go:build !unix

package main

import "os"

var exitSignals = []os.Signal{os.Interrupt}

func isInterrupt(sig os.Signal) bool { return sig == os.Interrupt }

// exitBySignal exits with the status a Unix shell shows for SIGINT.
func exitBySignal(os.Signal) { os.Exit(130) }
