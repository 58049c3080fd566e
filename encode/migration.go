package encode

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	pb "github.com/otpmigrate/otpmigrate/internal/migrationpb"
	"google.golang.org/protobuf/proto"
)

// MaxPerMigrationCode is the most accounts Google Authenticator puts in one
// migration QR code, and so the most this package puts in one: more makes
// a code too dense to scan reliably from a screen.
const MaxPerMigrationCode = 10

// MigrationOptions adjust [MigrationCodes].
type MigrationOptions struct {
	// PerCode is the number of accounts per QR code, 1 to
	// [MaxPerMigrationCode]; 0 means the maximum. Fewer accounts make
	// smaller codes that are easier to scan.
	PerCode int
	// Rand is the source of the batch ID; nil means crypto/rand.
	Rand io.Reader
}

// MigrationCode is one otpauth-migration QR code of an export.
type MigrationCode struct {
	URI      string               // otpauth-migration://offline?data=…
	Index    int                  // 1-based position in the export
	Count    int                  // number of codes in the export
	BatchID  int32                // shared by every code of the export
	Accounts []otpmigrate.Account // as Google Authenticator will hold them
}

// FileName returns "google-authenticator-1-of-3.png" for the first of three
// codes.
func (c MigrationCode) FileName() string {
	return fmt.Sprintf("google-authenticator-%d-of-%d.png", c.Index, c.Count)
}

// GoogleAuthenticatorProblems lists the settings of a that Google
// Authenticator cannot hold; none means the account goes through unchanged.
// The app's export format has no field for the period (every TOTP account
// is read back as 30 s) and knows only 6 or 8 digits and TOTP or HOTP, so
// Steam and other periods and lengths cannot go through. The format names
// MD5, but the app offers no MD5 accounts of its own, so MD5 is reported
// too rather than trusted.
func GoogleAuthenticatorProblems(a otpmigrate.Account) []string {
	var p []string
	if a.Type == otpmigrate.Steam {
		p = append(p, "Steam Guard codes")
	}
	if a.Type == otpmigrate.TOTP && a.Period != otpmigrate.DefaultPeriod {
		p = append(p, fmt.Sprintf("a period of %d s (only 30 s)", a.Period))
	}
	if a.Algorithm == otpmigrate.MD5 {
		p = append(p, "the MD5 algorithm")
	}
	if a.Type != otpmigrate.Steam && a.Digits != 6 && a.Digits != 8 {
		p = append(p, fmt.Sprintf("%d digits (only 6 or 8)", a.Digits))
	}
	if a.Counter > math.MaxInt64 {
		p = append(p, "an HOTP counter above 2^63")
	}
	if a.Issuer != "" && strings.HasPrefix(a.Name, a.Issuer+":") {
		// The app reads such a name as "Issuer:Name" and drops the prefix.
		p = append(p, "a name that starts with the issuer and a colon")
	}
	return p
}

// GoogleAuthenticatorForm returns a as Google Authenticator will hold it
// after importing a migration code: equal to a when
// [GoogleAuthenticatorProblems] reports nothing, otherwise with the settings
// the app cannot hold replaced by its defaults (its codes then differ from
// the site's). MD5 is kept: the format can carry it.
func GoogleAuthenticatorForm(a otpmigrate.Account) otpmigrate.Account {
	g := a
	g.Secret = append([]byte(nil), a.Secret...)
	if g.Type == otpmigrate.Steam {
		g.Type = otpmigrate.TOTP
	}
	if g.Type == otpmigrate.TOTP {
		g.Period = otpmigrate.DefaultPeriod
	}
	if g.Digits != 8 {
		g.Digits = 6
	}
	if g.Counter > math.MaxInt64 {
		g.Counter = math.MaxInt64
	}
	if g.Issuer != "" && strings.HasPrefix(g.Name, g.Issuer+":") {
		g.Name = strings.TrimSpace(g.Name[len(g.Issuer)+1:])
	}
	return g
}

// MigrationCodes splits accounts into otpauth-migration URIs for Google
// Authenticator's "Transfer accounts → Import", as the app itself writes
// them: version 1, one random batch ID shared by all codes, and batch size
// and index in each (index 0 written explicitly, as the app does). Accounts
// are written in [GoogleAuthenticatorForm]; callers decide beforehand what
// to do with those that have [GoogleAuthenticatorProblems].
func MigrationCodes(accounts []otpmigrate.Account, opts MigrationOptions) ([]MigrationCode, error) {
	per := opts.PerCode
	if per == 0 {
		per = MaxPerMigrationCode
	}
	if per < 1 || per > MaxPerMigrationCode {
		return nil, fmt.Errorf("%d accounts per code is outside 1 to %d", per, MaxPerMigrationCode)
	}
	if len(accounts) == 0 {
		return nil, errors.New("no accounts to export")
	}
	for i, a := range accounts {
		if err := a.Validate(); err != nil {
			return nil, fmt.Errorf("account %d: %v", i+1, err)
		}
	}
	id, err := batchID(opts.Rand)
	if err != nil {
		return nil, err
	}
	count := (len(accounts) + per - 1) / per
	codes := make([]MigrationCode, 0, count)
	for i := 0; i < count; i++ {
		chunk := accounts[i*per : min((i+1)*per, len(accounts))]
		m := &pb.MigrationPayload{
			Version:    1,
			BatchSize:  int32(count),
			BatchIndex: proto.Int32(int32(i)),
			BatchId:    id,
		}
		held := make([]otpmigrate.Account, len(chunk))
		for j, a := range chunk {
			held[j] = GoogleAuthenticatorForm(a)
			m.OtpParameters = append(m.OtpParameters, otpParameters(held[j]))
		}
		raw, err := proto.Marshal(m)
		if err != nil {
			return nil, fmt.Errorf("code %d: encode payload: %v", i+1, err)
		}
		codes = append(codes, MigrationCode{
			// The app percent-encodes the base64 data ('+', '/', '=').
			URI:      "otpauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(raw)),
			Index:    i + 1,
			Count:    count,
			BatchID:  id,
			Accounts: held,
		})
	}
	return codes, nil
}

// otpParameters takes an account in GoogleAuthenticatorForm, for which
// the export has every value.
func otpParameters(a otpmigrate.Account) *pb.MigrationPayload_OtpParameters {
	alg, _ := pb.AlgorithmOf(a.Algorithm)
	digits, _ := pb.DigitsOf(a.Digits)
	typ, _ := pb.TypeOf(a.Type)
	o := &pb.MigrationPayload_OtpParameters{Secret: a.Secret, Name: a.Name, Issuer: a.Issuer,
		Algorithm: alg, Digits: digits, Type: typ}
	if a.Type == otpmigrate.HOTP {
		o.Counter = int64(a.Counter)
	}
	return o
}

// batchID draws a random non-zero int32: readers treat 0 as "no batch ID".
func batchID(r io.Reader) (int32, error) {
	if r == nil {
		r = rand.Reader
	}
	var b [4]byte
	for {
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return 0, fmt.Errorf("draw a batch ID: %v", err)
		}
		if id := int32(binary.BigEndian.Uint32(b[:])); id != 0 {
			return id, nil
		}
	}
}
