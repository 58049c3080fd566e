package main

import (
	"fmt"
	"os"

	"github.com/otpmigrate/otpmigrate/internal/safefile"
)

// exists reports whether an output path is taken. It does not follow links
// (os.Lstat): a dangling link counts as taken, so that a write never goes
// through a link planted where the output should be.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// existsError is the refusal to replace a file without --force.
func existsError(path string) error {
	return &opError{op: fmt.Sprintf("write %q", path), err: safefile.ErrExists,
		hint: "choose another output path, or pass --force to replace it"}
}
