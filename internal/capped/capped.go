// Package capped reads untrusted input into memory up to a limit: every
// reader of outside bytes (input files, standard input, backups, key files)
// goes through [ReadAll], so that a huge or endless input (/dev/zero, a
// pipe) fails with a clear error instead of filling the memory.
package capped

import (
	"bytes"
	"io"
)

// ReadAll reads all of r. Past limit bytes it stops and returns tooLarge,
// the caller's own error naming the limit.
func ReadAll(r io.Reader, limit int64, tooLarge error) ([]byte, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, limit+1))
	if n > limit {
		return nil, tooLarge
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
