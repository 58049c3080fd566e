// Package otpmigrate is the account model shared by every part of otpmigrate:
// one-time-password accounts, their otpauth:// Key URIs and the codes they
// generate.
//
// An [Account] is the normalized form every input is decoded into and every
// output is encoded from. [Parse] reads an otpauth:// URI leniently, the way
// real authenticator apps write them, and [Account.URL] writes the canonical
// form, so that Parse(a.URL()) == a for every valid account.
//
// # Steam
//
// Steam Guard accounts are kept, not refused: they are [Steam] accounts (TOTP
// with SHA1, 30 s and five characters from Steam's own alphabet). They are read
// from otpauth://steam/… URIs and from otpauth://totp/… URIs with
// encoder=steam, and written as otpauth://steam/…, the form Aegis reads and
// writes.
//
// # Secrets
//
// Errors returned by this package never contain a secret or the URI they were
// parsed from: they may end up in logs and bug reports.
package otpmigrate

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Type is the kind of one-time password an account generates.
type Type uint8

const (
	// TOTP is a time-based one-time password (RFC 6238).
	TOTP Type = iota + 1
	// HOTP is a counter-based one-time password (RFC 4226).
	HOTP
	// Steam is Steam Guard's TOTP variant: SHA1, 30 s, five characters from
	// the alphabet 23456789BCDFGHJKMNPQRTVWXY.
	Steam
)

// String returns the otpauth:// URI host for the type: "totp", "hotp" or "steam".
func (t Type) String() string {
	switch t {
	case TOTP:
		return "totp"
	case HOTP:
		return "hotp"
	case Steam:
		return "steam"
	}
	return fmt.Sprintf("type(%d)", uint8(t))
}

// ParseType reads a type name such as "totp", case-insensitively.
func ParseType(s string) (Type, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "totp":
		return TOTP, nil
	case "hotp":
		return HOTP, nil
	case "steam":
		return Steam, nil
	}
	return 0, fmt.Errorf("unknown OTP type %s(want totp, hotp or steam)", quoted(s))
}

// Algorithm is the HMAC hash function of an account.
type Algorithm uint8

const (
	// SHA1 is the default and by far the most common algorithm.
	SHA1 Algorithm = iota + 1
	// SHA256 is HMAC-SHA-256.
	SHA256
	// SHA512 is HMAC-SHA-512.
	SHA512
	// MD5 is HMAC-MD5. Google Authenticator's export format defines it,
	// although hardly any site uses it.
	MD5
)

// String returns the algorithm's name as written in otpauth:// URIs: "SHA1",
// "SHA256", "SHA512" or "MD5".
func (a Algorithm) String() string {
	switch a {
	case SHA1:
		return "SHA1"
	case SHA256:
		return "SHA256"
	case SHA512:
		return "SHA512"
	case MD5:
		return "MD5"
	}
	return fmt.Sprintf("algorithm(%d)", uint8(a))
}

// ParseAlgorithm reads an algorithm name leniently: case does not matter, and
// "SHA-256", "HmacSHA256" and "Algorithm.sha256" (as some apps write it) are
// all SHA256.
func ParseAlgorithm(s string) (Algorithm, error) {
	n := strings.ToUpper(strings.TrimSpace(s))
	n = strings.TrimPrefix(n, "ALGORITHM.")
	n = strings.TrimPrefix(n, "HMAC")
	n = strings.TrimPrefix(n, "-")
	n = strings.ReplaceAll(n, "-", "")
	n = strings.ReplaceAll(n, "_", "")
	switch n {
	case "SHA1":
		return SHA1, nil
	case "SHA256":
		return SHA256, nil
	case "SHA512":
		return SHA512, nil
	case "MD5":
		return MD5, nil
	}
	return 0, fmt.Errorf("unknown algorithm %s(want SHA1, SHA256, SHA512 or MD5)", quoted(s))
}

// Limits on account fields. Apps in use generate 5 (Steam) to 8 digits;
// Aegis accepts up to 10, the most a 31-bit truncated HMAC can fill.
const (
	MinDigits       = 5
	MaxDigits       = 10
	DefaultDigits   = 6
	SteamDigits     = 5
	DefaultPeriod   = 30
	MaxPeriod       = 24 * 60 * 60 // a day; longer periods are typing mistakes
	MaxSecretLength = 1024         // bytes; real secrets are 10 to 64 bytes
	MaxLabelLength  = 1024         // bytes, for issuer and name each
)

// Account is one one-time-password account in normalized form: Algorithm
// and Digits always hold real values (never zero for "default"), Period is
// set for TOTP and Steam and zero for HOTP, Counter is zero unless HOTP, and
// Issuer and Name have no surrounding white space. [Parse] and the decoders
// return accounts in this form; for them Parse(a.URL()) == a.
type Account struct {
	Type      Type
	Issuer    string // the service, e.g. "GitHub"; may be empty
	Name      string // the account at that service, e.g. "alice@example.com"
	Secret    []byte // the raw HMAC key (not base32)
	Algorithm Algorithm
	Digits    int
	Period    int    // seconds; TOTP and Steam only, else 0
	Counter   uint64 // HOTP only: the next counter value, else 0
}

// NewHOTP returns an HOTP account with SHA1 and six digits.
func NewHOTP(issuer, name string, secret []byte, counter uint64) Account {
	return Account{Type: HOTP, Issuer: issuer, Name: name, Secret: secret,
		Algorithm: SHA1, Digits: DefaultDigits, Counter: counter}
}

// NewTOTP returns a TOTP account with the defaults most sites use: SHA1, six
// digits, 30 seconds.
func NewTOTP(issuer, name string, secret []byte) Account {
	return Account{Type: TOTP, Issuer: issuer, Name: name, Secret: secret,
		Algorithm: SHA1, Digits: DefaultDigits, Period: DefaultPeriod}
}

// Validate reports the first problem that would make the account unusable.
// The error names the field, never the secret.
func (a Account) Validate() error {
	switch a.Type {
	case TOTP, HOTP:
	case Steam:
		if a.Digits != SteamDigits || a.Algorithm != SHA1 || a.Period != DefaultPeriod {
			return errors.New("steam account must use SHA1, 5 digits and a 30 second period")
		}
	default:
		return fmt.Errorf("unknown OTP type %d", a.Type)
	}
	if len(a.Secret) == 0 {
		return errors.New("empty secret")
	}
	if len(a.Secret) > MaxSecretLength {
		return fmt.Errorf("secret is %d bytes, more than the %d any app uses", len(a.Secret), MaxSecretLength)
	}
	switch a.Algorithm {
	case SHA1, SHA256, SHA512, MD5:
	default:
		return fmt.Errorf("unknown algorithm %d", a.Algorithm)
	}
	if a.Digits < MinDigits || a.Digits > MaxDigits {
		return fmt.Errorf("%d digits is outside what apps use (%d to %d)", a.Digits, MinDigits, MaxDigits)
	}
	if a.Type != HOTP && (a.Period < 1 || a.Period > MaxPeriod) {
		return fmt.Errorf("period %d s is outside 1 s to %d s", a.Period, MaxPeriod)
	}
	if len(a.Issuer) > MaxLabelLength || len(a.Name) > MaxLabelLength {
		return fmt.Errorf("issuer or name longer than %d bytes", MaxLabelLength)
	}
	return nil
}

// Equal reports whether a and b are the same account with the same settings.
func (a Account) Equal(b Account) bool {
	return a.Type == b.Type && a.Issuer == b.Issuer && a.Name == b.Name &&
		bytes.Equal(a.Secret, b.Secret) && a.Algorithm == b.Algorithm &&
		a.Digits == b.Digits && a.Period == b.Period && a.Counter == b.Counter
}

// Label returns "Issuer: Name" for display, or just the one that is set.
func (a Account) Label() string {
	switch {
	case a.Issuer == "":
		return a.Name
	case a.Name == "":
		return a.Issuer
	}
	return a.Issuer + ": " + a.Name
}

// quoted returns s in quotes and a space, for an error message, when it
// is short and plainly a value; otherwise nothing. In a malformed URI
// ("algorithm=SHA1secret=JBSW…", a missing '&') a value can run into the
// secret, and errors must never show it.
func quoted(s string) string {
	if len(s) > 20 || strings.ContainsAny(s, "=&?/:%") {
		return ""
	}
	return fmt.Sprintf("%q ", s)
}
