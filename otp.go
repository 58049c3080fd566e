package otpmigrate

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"hash"
	"time"
)

// steamAlphabet is the 26 characters Steam Guard codes are written in:
// digits and consonants that cannot be mistaken for each other.
const steamAlphabet = "23456789BCDFGHJKMNPQRTVWXY"

// pow10 holds 10^n for every digit count; a 31-bit truncated HMAC has at
// most 10 decimal digits, so 10^10 leaves a 10-digit code unreduced.
var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10}

// ErrNoCode is returned for the time steps or counters for which an MD5
// account has no code: RFC 4226's truncation picks four bytes at an offset
// of up to 15, past the end of a 16-byte HMAC-MD5 (3 in 16 of all steps).
var ErrNoCode = errors.New("HMAC-MD5 has no code for this step (RFC 4226 truncation reads past the 16-byte hash)")

// Code returns the code the account shows at time t: for TOTP and Steam the
// code of t's time step, for HOTP the code of the stored [Account.Counter]
// (t is not used). Codes keep their leading zeros.
//
// The clock is always passed in: the package never reads the time itself,
// so that callers can show the codes of any moment and tests are exact.
func (a Account) Code(t time.Time) (string, error) {
	if a.Type == HOTP {
		return a.CodeAt(a.Counter)
	}
	step, err := a.Step(t)
	if err != nil {
		return "", err
	}
	return a.CodeAt(step)
}

// CodeAt returns the code for one moving factor: for HOTP the counter, for
// TOTP and Steam the time step (see [Account.Step]). It is RFC 4226's HOTP
// function, with Steam's own encoding of the truncated value for Steam
// accounts.
func (a Account) CodeAt(counter uint64) (string, error) {
	if err := a.Validate(); err != nil {
		return "", err
	}
	var newHash func() hash.Hash
	switch a.Algorithm {
	case SHA1:
		newHash = sha1.New
	case SHA256:
		newHash = sha256.New
	case SHA512:
		newHash = sha512.New
	case MD5:
		newHash = md5.New
	default:
		// Validate has refused it; kept so that a new Algorithm cannot
		// index past the cases above.
		return "", errors.New("unknown algorithm")
	}
	mac := hmac.New(newHash, a.Secret)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)

	// Dynamic truncation (RFC 4226 section 5.3): the low nibble of the last
	// byte picks 4 bytes, of which the top bit is dropped.
	off := int(sum[len(sum)-1] & 0x0f)
	if off+4 > len(sum) {
		// Only HMAC-MD5 (16 bytes) gets here, for offsets 13 to 15: the RFC
		// is silent, and the apps that offer MD5 (Google Authenticator,
		// Aegis, FreeOTP) read past the hash and fail. Guessing a code
		// would send a user to a site with a code no app agrees on.
		return "", ErrNoCode
	}
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff

	if a.Type == Steam {
		var code [SteamDigits]byte
		for i := range code {
			code[i] = steamAlphabet[v%uint32(len(steamAlphabet))]
			v /= uint32(len(steamAlphabet))
		}
		return string(code[:]), nil
	}
	n := uint64(v) % pow10[a.Digits]
	var code [MaxDigits]byte
	for i := a.Digits - 1; i >= 0; i-- {
		code[i] = byte('0' + n%10)
		n /= 10
	}
	return string(code[:a.Digits]), nil
}

// Step returns the TOTP time step of t (RFC 6238's T, with T0 = 0): the
// number of whole periods since the Unix epoch. It is an error for HOTP
// accounts and for times before 1970, which no authenticator shows.
func (a Account) Step(t time.Time) (uint64, error) {
	if a.Type == HOTP {
		return 0, errors.New("HOTP accounts have no time step")
	}
	if a.Period < 1 {
		return 0, errors.New("period must be at least 1 s")
	}
	sec := t.Unix()
	if sec < 0 {
		return 0, errors.New("time is before 1970")
	}
	return uint64(sec) / uint64(a.Period), nil
}

// SecondsLeft returns how many seconds the code shown at t stays valid:
// from Period at the start of a time step down to 1 just before the next. It
// is 0 for HOTP accounts, whose codes do not expire, and for accounts
// without a period.
func (a Account) SecondsLeft(t time.Time) int {
	if a.Type == HOTP || a.Period < 1 {
		return 0
	}
	sec := t.Unix()
	p := int64(a.Period)
	// Go's % keeps the dividend's sign; fold times before 1970 back into
	// 0..p-1 so that the result is always 1..p.
	r := ((sec % p) + p) % p
	return int(p - r)
}
