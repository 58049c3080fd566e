package encode

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"

	"github.com/otpmigrate/otpmigrate"
	pb "github.com/otpmigrate/otpmigrate/internal/migrationpb"
	"github.com/otpmigrate/otpmigrate/target"
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
	// Level is the error-correction level each code must fit at; 0
	// means [DefaultLevel] (M).
	Level Level
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

// GoogleAuthenticatorProblems lists what Google Authenticator would change
// in a, as [target.Change] descriptions; none means the account goes
// through unchanged. The rules, with their sources, are the
// "google-authenticator" profile of package target.
func GoogleAuthenticatorProblems(a otpmigrate.Account) []string {
	_, changes, ok := googleAuthenticator().Adapt(a)
	var p []string
	for _, c := range changes {
		p = append(p, c.String())
	}
	if !ok && len(p) == 0 {
		p = append(p, "it cannot be held")
	}
	return p
}

// GoogleAuthenticatorForm returns a as Google Authenticator will hold it
// after importing a migration code: equal to a when
// [GoogleAuthenticatorProblems] reports nothing, otherwise with what the app
// cannot hold replaced by its defaults (its codes then differ from the
// site's), MD5 included: the payload says exactly what the app will hold.
// An account the app cannot hold in any form (a counter above 2^63-1) is
// returned unchanged; [MigrationCodes] refuses it.
func GoogleAuthenticatorForm(a otpmigrate.Account) otpmigrate.Account {
	g, _, ok := googleAuthenticator().Adapt(a)
	if !ok {
		return a
	}
	return g
}

func googleAuthenticator() target.Profile {
	p, ok := target.Lookup("google-authenticator")
	if !ok {
		panic("encode: no google-authenticator profile")
	}
	return p
}

// MigrationCodes splits accounts into otpauth-migration URIs for Google
// Authenticator's "Transfer accounts → Import", as the app itself writes
// them: version 1, one random batch ID shared by all codes, and batch size
// and index in each (index 0 written explicitly, as the app does). Accounts
// are written in [GoogleAuthenticatorForm]; callers decide beforehand what
// to do with those that have [GoogleAuthenticatorProblems]. Each code holds
// at most opts.PerCode accounts, and fewer where that many would not fit in
// one QR code at opts.Level: long names make codes too big well before ten.
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
	ga := googleAuthenticator()
	held := make([]otpmigrate.Account, len(accounts))
	for i, a := range accounts {
		if err := a.Validate(); err != nil {
			return nil, fmt.Errorf("account %d: %v", i+1, err)
		}
		g, changes, ok := ga.Adapt(a)
		if !ok {
			return nil, fmt.Errorf("account %d: Google Authenticator cannot hold it: %s", i+1, target.Describe(changes))
		}
		held[i] = g
	}
	id, err := batchID(opts.Rand)
	if err != nil {
		return nil, err
	}
	// Each code takes as many accounts as fit, up to per: most codes fit
	// at the first try, long names make fewer fit. The batch size and
	// index are one-byte varints whatever their value (a code never holds
	// 128 accounts' worth of codes), so a code that fits with placeholders
	// fits with the final values.
	var chunks [][]otpmigrate.Account
	for start := 0; start < len(held); {
		n := min(per, len(held)-start)
		for ; n > 0; n-- {
			uri, err := migrationURI(held[start:start+n], id, 1, 0)
			if err != nil {
				return nil, fmt.Errorf("account %d to %d: %v", start+1, start+n, err)
			}
			if fits(uri, opts.Level) {
				break
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("account %d: too long for a QR code even alone", start+1)
		}
		chunks = append(chunks, held[start:start+n])
		start += n
	}
	count := len(chunks)
	codes := make([]MigrationCode, 0, count)
	for i, chunk := range chunks {
		uri, err := migrationURI(chunk, id, count, i)
		if err != nil {
			return nil, fmt.Errorf("code %d: %v", i+1, err)
		}
		codes = append(codes, MigrationCode{
			URI:      uri,
			Index:    i + 1,
			Count:    count,
			BatchID:  id,
			Accounts: chunk,
		})
	}
	return codes, nil
}

// byteCapacity is how many bytes a version 40 QR code holds in byte mode,
// the least dense mode, at each level (ISO/IEC 18004, table 7).
var byteCapacity = map[Level]int{LevelLow: 2953, LevelMedium: 2331, LevelQuartile: 1663, LevelHigh: 1273}

// fits reports whether text fits in one QR code at level l. Text no longer
// than the byte-mode capacity always fits, which spares encoding a code
// only to throw it away; longer text may still fit in a denser mode.
func fits(text string, l Level) bool {
	if l == 0 {
		l = DefaultLevel
	}
	if len(text) <= byteCapacity[l] {
		return true
	}
	_, err := NewQR(text, l)
	return err == nil
}

// migrationURI encodes accounts, already in GoogleAuthenticatorForm, as
// code index (0-based) of count.
func migrationURI(accounts []otpmigrate.Account, id int32, count, index int) (string, error) {
	m := &pb.MigrationPayload{
		Version:    1,
		BatchSize:  int32(count),
		BatchIndex: proto.Int32(int32(index)),
		BatchId:    id,
	}
	for _, a := range accounts {
		m.OtpParameters = append(m.OtpParameters, otpParameters(a))
	}
	// Marshal fails for a name or issuer that is not valid UTF-8.
	raw, err := proto.Marshal(m)
	if err != nil {
		return "", errors.New("name or issuer is not valid UTF-8; the format cannot carry it")
	}
	// The app percent-encodes the base64 data ('+', '/', '=').
	return "otpauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(raw)), nil
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
