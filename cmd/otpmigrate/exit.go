package main

import (
	"fmt"
	"strings"
)

// Exit codes. exitStatuses describes them; the help shows that text, and
// TestExitStatusDocumented keeps README.md and doc.go equal to it.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	// exitWrongPassphrase lets a script ask again; restic uses the same
	// number.
	exitWrongPassphrase = 12
)

// exitStatuses is the one description of otpmigrate's exit statuses.
var exitStatuses = []struct {
	status  string
	meaning string
}{
	{fmt.Sprint(exitOK), "success"},
	{fmt.Sprint(exitFailure), "the operation failed: unreadable or unrecognised input, an incomplete export, an I/O error, a file that exists without --force, compare finding an account missing or changed"},
	{fmt.Sprint(exitUsage), "usage error: unknown command or flag, missing argument"},
	{fmt.Sprint(exitWrongPassphrase), "wrong passphrase or password for a backup (otpmigrate's, or another app's); nothing was written"},
	{"130, 143, 129", "interrupted by Ctrl-C (SIGINT), SIGTERM or SIGHUP, as a shell shows a process the signal ended (131 for Ctrl-\\); unfinished files are removed"},
}

// exitStatusText is exitStatuses for the help: "  0  success" lines.
func exitStatusText() string {
	var b strings.Builder
	for _, s := range exitStatuses {
		fmt.Fprintf(&b, "  %-13s %s\n", s.status, s.meaning)
	}
	return b.String()
}

// exitStatusMarkdown is exitStatuses as the README's table.
func exitStatusMarkdown() string {
	var b strings.Builder
	b.WriteString("| status | meaning |\n|---|---|\n")
	for _, s := range exitStatuses {
		fmt.Fprintf(&b, "| %s | %s |\n", s.status, s.meaning)
	}
	return b.String()
}

// exitStatusDoc is exitStatuses as doc.go's list, without the comment
// marks and indent.
func exitStatusDoc() string {
	var b strings.Builder
	for _, s := range exitStatuses {
		fmt.Fprintf(&b, "- %s: %s\n", s.status, s.meaning)
	}
	return b.String()
}
