package main

import (
	"fmt"
	"os"

	"github.com/otpmigrate/otpmigrate/internal/safefile"
)

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// existsError is the refusal to replace a file without --force.
func existsError(path string) error {
	return &opError{op: fmt.Sprintf("write %q", path), err: safefile.ErrExists,
		hint: "choose another output path, or pass --force to replace it"}
}
