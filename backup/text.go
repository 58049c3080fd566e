package backup

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate"
)

// Version is the plaintext format version [Seal] writes.
const Version = 1

const (
	magic         = "# otpmigrate backup v"
	createdPrefix = "# created: "
	countPrefix   = "# accounts: "
)

// Info describes an opened backup.
type Info struct {
	// Version is the format version, or 0 for a plain list of URIs.
	Version int
	// Plain is set for an age file holding a plain list of otpauth URIs
	// without the otpmigrate header.
	Plain bool
	// Created is when the backup was sealed; zero when unknown.
	Created time.Time
	// Passphrase is set when the backup is encrypted with a passphrase
	// rather than to public keys.
	Passphrase bool
	// Armored is set for an ASCII-armored backup.
	Armored bool
}

// MarshalText returns the plaintext of a backup of accounts made at created,
// in the format described in the package documentation.
func MarshalText(accounts []otpmigrate.Account, created time.Time) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s%d\n", magic, Version)
	if !created.IsZero() {
		fmt.Fprintf(&b, "%s%s\n", createdPrefix, created.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(&b, "%s%d\n", countPrefix, len(accounts))
	for _, a := range accounts {
		b.WriteString(a.URL())
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// ParseText reads the plaintext of a backup: the format described in the
// package documentation, or a plain list of otpauth URIs (one per line, "#"
// comments and blank lines allowed). Errors name a line, never its content,
// and wrap [ErrNotBackup] when the text is not a list of accounts.
func ParseText(text []byte) ([]otpmigrate.Account, Info, error) {
	var info Info
	if len(text) > MaxSize {
		return nil, info, ErrTooLarge
	}
	if !utf8.Valid(text) || bytes.IndexByte(text, 0) >= 0 {
		return nil, info, fmt.Errorf("%w: it holds binary data", ErrNotBackup)
	}
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(nil, MaxLineLength)
	var accounts []otpmigrate.Account
	count := -1
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		trimmed := strings.TrimSpace(line)
		if n == 1 {
			if v, ok := strings.CutPrefix(line, magic); ok {
				ver, err := strconv.Atoi(v)
				if err != nil || ver < 1 || v != strconv.Itoa(ver) {
					return nil, info, fmt.Errorf("%w: line 1: malformed format version", ErrMalformed)
				}
				if ver > Version {
					return nil, info, fmt.Errorf("%w: format version %d is newer than this program reads (%d)", ErrUnsupported, ver, Version)
				}
				info.Version = ver
				continue
			}
			info.Plain = true
		}
		switch {
		case trimmed == "":
			continue
		case strings.HasPrefix(trimmed, "#"):
			if info.Plain {
				continue
			}
			if v, ok := strings.CutPrefix(line, createdPrefix); ok && info.Created.IsZero() {
				t, err := time.Parse(time.RFC3339, v)
				if err != nil {
					return nil, info, fmt.Errorf("%w: line %d: malformed date", ErrMalformed, n)
				}
				info.Created = t
			} else if v, ok := strings.CutPrefix(line, countPrefix); ok && count < 0 {
				c, err := strconv.Atoi(v)
				if err != nil || c < 0 {
					return nil, info, fmt.Errorf("%w: line %d: malformed account count", ErrMalformed, n)
				}
				count = c
			}
			continue
		}
		if !strings.HasPrefix(strings.ToLower(trimmed), "otpauth://") {
			if n == 0 {
				return nil, info, fmt.Errorf("%w: it is empty", ErrNotBackup)
			}
			if info.Plain && len(accounts) == 0 {
				return nil, info, fmt.Errorf("%w: line %d is not an otpauth:// URI", ErrNotBackup, n)
			}
			return nil, info, fmt.Errorf("%w: line %d is not an otpauth:// URI", ErrMalformed, n)
		}
		a, err := otpmigrate.Parse(trimmed)
		if err != nil {
			// Parse's errors never hold the secret or the URI.
			return nil, info, fmt.Errorf("%w: line %d: %v", ErrMalformed, n, err)
		}
		accounts = append(accounts, a)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, info, fmt.Errorf("%w: line %d is longer than %d KiB", ErrMalformed, n+1, MaxLineLength>>10)
		}
		return nil, info, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if n == 0 {
		return nil, info, fmt.Errorf("%w: it is empty", ErrNotBackup)
	}
	if info.Plain && len(accounts) == 0 {
		return nil, info, fmt.Errorf("%w: it holds no otpauth:// URIs", ErrNotBackup)
	}
	if !info.Plain {
		if count < 0 {
			return nil, info, fmt.Errorf("%w: the %q line is missing", ErrMalformed, strings.TrimSpace(countPrefix))
		}
		if count != len(accounts) {
			return nil, info, fmt.Errorf("%w: header says %d account(s) but it holds %d", ErrMalformed, count, len(accounts))
		}
	}
	return accounts, info, nil
}
