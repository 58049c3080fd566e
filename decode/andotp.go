package decode

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strings"

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

// andOTP's encrypted backups carry no magic marker, so the new format is
// recognised by its one structural field: the PBKDF2 iteration count in
// the first four bytes, which andOTP draws from a narrow range. Released
// versions used 1000 to 5000 (v0.6.3 to v0.7.0) and 140000 to 160000
// (v0.7.1 on): andOTP/andOTP app/src/main/java/org/shadowice/flocke/andotp/
// Utilities/Constants.java (PBKDF2_MIN/MAX_BACKUP_ITERATIONS) and
// EncryptionHelper.generateRandomIterations. Random bytes fall in those
// ranges about once in 180,000 files; the old format (before v0.6.3:
// nonce, ciphertext, tag, nothing else) cannot be recognised at all and
// is read only when the caller says so ([Options.AssumeAndOTP]).
var andOTPIterationRanges = [][2]uint32{{1000, 5000}, {140_000, 160_000}}

// isAndOTPEncrypted reports whether data has the structure of an andOTP
// encrypted backup in the new format: long enough for the header, an
// encrypted "[]" and the tag, and an iteration count andOTP writes.
func isAndOTPEncrypted(data []byte) bool {
	if len(data) < andOTPNewHeader+2+andOTPTagSize {
		return false
	}
	iter := binary.BigEndian.Uint32(data)
	for _, r := range andOTPIterationRanges {
		if iter >= r[0] && iter <= r[1] {
			return true
		}
	}
	return false
}

func readAndOTPPlain(name string, data []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	return parseAndOTP(name, data)
}

func readAndOTPEncrypted(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	if len(data) < andOTPMinSealed {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %d bytes is too short for an encrypted backup", andOTPFormat, len(data)), "")
	}
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
	hint := "give the password set in andOTP for backups; the file was recognised only by its iteration count, as andOTP backups carry no marker"
	if opts.AssumeAndOTP {
		hint = "give the password set in andOTP for backups; the file was read as andOTP's only because it was declared one"
	}
	return nil, nil, appError(name, "", fmt.Errorf("%w for %s (or the file is damaged, or not an andOTP backup)", ErrWrongPassword, andOTPFormat), hint)
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
