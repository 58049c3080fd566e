package decode

import (
	"bytes"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

const andOTPFormat = "andOTP backup"

// andOTP's plain backup is a JSON array of entries. Its encrypted backups
// carry no marker: the new format is iterations (4 bytes, big endian),
// salt (12), nonce (12), ciphertext and GCM tag (16), keyed by
// PBKDF2-HMAC-SHA1; the old format is nonce, ciphertext and tag keyed by
// SHA-256 of the password.
const (
	andOTPSaltSize  = 12
	andOTPNonceSize = 12
	andOTPTagSize   = 16
	andOTPNewHeader = 4 + andOTPSaltSize + andOTPNonceSize
	// andOTPMinSealed is the smallest encrypted backup: nonce, "[]", tag.
	andOTPMinSealed = andOTPNonceSize + 2 + andOTPTagSize
)

type andOTPEntry struct {
	Secret    string          `json:"secret"`
	Issuer    *string         `json:"issuer"`
	Label     string          `json:"label"`
	Digits    int             `json:"digits"`
	Type      string          `json:"type"`
	Algorithm string          `json:"algorithm"`
	Period    int             `json:"period"`
	Counter   uint64          `json:"counter"`
	Thumbnail string          `json:"thumbnail"`
	Tags      json.RawMessage `json:"tags"`
	Note      string          `json:"note"`
}

// isAndOTPPlain reports whether a JSON array looks like andOTP's: objects
// with a secret and a label.
func isAndOTPPlain(data []byte) bool {
	var list []map[string]json.RawMessage
	if json.Unmarshal(data, &list) != nil || len(list) == 0 {
		return false
	}
	for _, e := range list {
		if !has(e, "secret") || !has(e, "label") {
			return false
		}
	}
	return true
}

// Magic numbers of binary files that are not andOTP backups, so that
// they are not mistaken for one and no password is asked for.
var notAndOTP = [][]byte{
	[]byte("PK\x03\x04"), []byte("%PDF"), []byte("\x7fELF"), []byte("\x1f\x8b"),
	[]byte("7z\xbc\xaf"), []byte("Rar!"), []byte("SQLite format 3\x00"), []byte("MZ"),
	[]byte("\xfd7zXZ"), []byte("BZh"), []byte("\x28\xb5\x2f\xfd"),
}

// isAndOTPEncrypted reports whether data could be an encrypted andOTP
// backup: binary, long enough, no known file signature, and as random as
// ciphertext is.
func isAndOTPEncrypted(data []byte) bool {
	if len(data) < andOTPMinSealed || (utf8.Valid(data) && bytes.IndexByte(data, 0) < 0) {
		return false
	}
	for _, m := range notAndOTP {
		if bytes.HasPrefix(data, m) {
			return false
		}
	}
	if len(data) < 64 {
		return true
	}
	var hist [256]int
	for _, c := range data {
		hist[c]++
	}
	var h float64
	n := float64(len(data))
	for _, c := range hist {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h >= math.Min(7, math.Log2(n)-1.5)
}

func readAndOTPPlain(name string, data []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	return parseAndOTP(name, data)
}

func readAndOTPEncrypted(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	iter := int64(binary.BigEndian.Uint32(data))
	newFormat := len(data) >= andOTPNewHeader+andOTPTagSize && iter >= 1 && iter <= pbkdf2IterationsCap
	pw, err := password(name, andOTPFormat, opts)
	if err != nil {
		return nil, nil, err
	}
	if newFormat {
		salt := data[4 : 4+andOTPSaltSize]
		key, err := pbkdf2.Key(sha1.New, string(pw), salt, int(iter), 32)
		if err == nil {
			if plain, err := appformat.GCMOpen(key, data[4+andOTPSaltSize:andOTPNewHeader], data[andOTPNewHeader:]); err == nil {
				return parseAndOTP(name, plain)
			}
		}
	}
	// The old format keys AES with SHA-256 of the password: no salt, no
	// cost. andOTP stopped writing it in 2019, but such backups remain.
	key := sha256.Sum256(pw)
	if plain, err := appformat.GCMOpen(key[:], data[:andOTPNonceSize], data[andOTPNonceSize:]); err == nil {
		return parseAndOTP(name, plain)
	}
	if !newFormat && iter > pbkdf2IterationsCap && iter < math.MaxInt32 {
		// The first bytes of an old-format backup are a random nonce,
		// so a large "iteration count" is not a sign of a bad file.
		return nil, nil, appError(name, "", fmt.Errorf("%w for %s read as the old format (as the new format, its PBKDF2 iteration count %d would be above the limit of %d; andOTP writes about 150000)",
			ErrWrongPassword, andOTPFormat, iter, pbkdf2IterationsCap), "give the password set in andOTP for backups")
	}
	return nil, nil, appError(name, "", fmt.Errorf("%w for %s (or the file is damaged, or not an andOTP backup)", ErrWrongPassword, andOTPFormat),
		"give the password set in andOTP for backups; the file was recognised as encrypted only because it is binary")
}

func parseAndOTP(name string, data []byte) ([]otpmigrate.Account, []string, error) {
	var list []andOTPEntry
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", andOTPFormat, jsonError(err)), "")
	}
	if len(list) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d entries, more than %d", andOTPFormat, len(list), maxAppEntries), "")
	}
	drop := dropped{}
	accounts := make([]otpmigrate.Account, 0, len(list))
	for i, e := range list {
		var issuer, label string
		if e.Issuer != nil {
			issuer, label = *e.Issuer, e.Label
		} else if before, after, ok := strings.Cut(e.Label, " - "); ok {
			// Old andOTP versions kept "Issuer - Label" in the label.
			issuer, label = before, after
		} else {
			label = e.Label
		}
		// Old versions also kept the URI's "Issuer:" prefix in the label.
		if issuer != "" {
			label = strings.TrimPrefix(label, issuer+":")
		}
		where := entryWhere(i, issuer)
		a := otpmigrate.Account{Issuer: issuer, Name: label, Digits: e.Digits, Algorithm: otpmigrate.SHA1}
		if e.Algorithm != "" {
			alg, err := otpmigrate.ParseAlgorithm(e.Algorithm)
			if err != nil {
				return nil, nil, appError(name, where, err, "")
			}
			a.Algorithm = alg
		}
		switch strings.ToUpper(e.Type) {
		case "TOTP":
			a.Type, a.Period = otpmigrate.TOTP, e.Period
		case "HOTP":
			a.Type, a.Counter = otpmigrate.HOTP, e.Counter
		case "STEAM":
			a.Type, a.Period = otpmigrate.Steam, e.Period
			if a.Period == 0 {
				a.Period = otpmigrate.DefaultPeriod
			}
		default:
			return nil, nil, appError(name, where, fmt.Errorf("unknown andOTP type %q", truncateASCII(e.Type, 16)), "")
		}
		var err error
		if a.Secret, err = otpmigrate.DecodeSecret(e.Secret); err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		drop.add("thumbnails", e.Thumbnail != "" && e.Thumbnail != "Default")
		drop.add("tags", nonEmptyJSON(e.Tags))
		drop.add("notes", e.Note != "")
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	if err != nil {
		return nil, nil, err
	}
	return accounts, drop.warning(name, andOTPFormat), nil
}
