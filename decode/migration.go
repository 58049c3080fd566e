package decode

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	pb "github.com/otpmigrate/otpmigrate/internal/migrationpb"
	"google.golang.org/protobuf/proto"
)

// MaxPayloadSize caps a decoded migration payload. The app puts at most ten
// accounts in one QR code (under 1 KiB); a generous cap still stops absurd
// input before protobuf decoding.
const MaxPayloadSize = 64 << 10

// Payload is one decoded otpauth-migration QR code: its accounts, and where
// it belongs in a multi-part export.
type Payload struct {
	Accounts   []otpmigrate.Account
	Version    int32
	BatchSize  int32 // number of QR codes in the export; 0 or 1 for a single one
	BatchIndex int32 // 0-based position of this code in the export
	BatchID    int32 // shared by all codes of one export; 0 when absent (version 2)
}

// ErrNotMigration is returned (wrapped) when a text is not an
// otpauth-migration URI at all, as opposed to a broken one.
var ErrNotMigration = errors.New("not an otpauth-migration URI")

const migrationPrefix = "otpauth-migration://"

// ParseMigrationURI decodes an otpauth-migration://offline?data=… URI as the
// app writes it, or as it arrives after copying and pasting: the data may be
// percent-encoded or not (with '+' already turned into a space), may lack
// base64 padding, and the URI may be broken over lines anywhere. Text that is
// not an otpauth-migration URI gets an error wrapping [ErrNotMigration] that
// says what it is instead.
func ParseMigrationURI(s string) (Payload, error) {
	s = dropLineBreaks(strings.TrimSpace(s))
	if len(s) < len(migrationPrefix) || !strings.EqualFold(s[:len(migrationPrefix)], migrationPrefix) {
		what := describe(s)
		if len(s) >= len("otpauth://") && strings.EqualFold(s[:len("otpauth://")], "otpauth://") {
			what = "an otpauth:// URI of a single account"
		}
		return Payload{}, fmt.Errorf("%w: the text is %s", ErrNotMigration, what)
	}
	rest := s[len(migrationPrefix):]
	host, query, _ := strings.Cut(rest, "?")
	if !strings.EqualFold(strings.TrimSuffix(strings.TrimSpace(host), "/"), "offline") {
		return Payload{}, errors.New(`otpauth-migration URI does not have the host "offline"`)
	}
	var data string
	found := false
	for _, kv := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if strings.TrimSpace(k) == "data" {
			data, found = v, true
		}
	}
	if !found {
		return Payload{}, errors.New("otpauth-migration URI has no data parameter")
	}
	raw, err := decodeData(data)
	if err != nil {
		return Payload{}, err
	}
	return DecodePayload(raw)
}

// decodeData turns the data parameter into payload bytes. Base64 has no '%'
// or space, so their presence says how the text was mangled: a '%' means
// percent-encoding (in which '+' is a real '+'); a space inside means a '+'
// that a URL decoder turned into a space.
func decodeData(data string) ([]byte, error) {
	data = dropLineBreaks(data)
	if strings.Contains(data, "%") {
		u, err := url.PathUnescape(data)
		if err != nil {
			return nil, errors.New("otpauth-migration data has bad percent-encoding")
		}
		data = u
	}
	data = strings.TrimSpace(data)
	data = strings.ReplaceAll(data, " ", "+")
	data = strings.TrimRight(data, "=")
	if len(data) > base64.RawStdEncoding.EncodedLen(MaxPayloadSize) {
		return nil, fmt.Errorf("otpauth-migration data is larger than %d KiB", MaxPayloadSize>>10)
	}
	// Some tools produce the URL-safe alphabet.
	enc := base64.RawStdEncoding
	if strings.ContainsAny(data, "-_") {
		enc = base64.RawURLEncoding
	}
	raw, err := enc.DecodeString(data)
	if err != nil {
		return nil, errors.New("otpauth-migration data is not valid base64 (was it cut off when copying?)")
	}
	if len(raw) == 0 {
		return nil, errors.New("otpauth-migration data is empty")
	}
	return raw, nil
}

// dropLineBreaks removes line breaks and tabs together with the spaces
// around them (indentation, trailing blanks), which pasting adds. A space
// elsewhere is kept: it is a '+' that a URL decoder turned into a space.
func dropLineBreaks(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return s
	}
	var b strings.Builder
	for s != "" {
		i := strings.IndexAny(s, " \n\r\t")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := 0
		for j < len(s) && strings.IndexByte(" \n\r\t", s[j]) >= 0 {
			j++
		}
		if run := s[:j]; !strings.ContainsAny(run, "\n\r\t") {
			b.WriteString(run)
		}
		s = s[j:]
	}
	return b.String()
}

// MaxBatchSize caps the number of QR codes an export may claim to span. The
// app puts ten accounts in each; a thousand codes is beyond any real
// export, and the cap bounds the work of listing missing parts.
const MaxBatchSize = 1000

// DecodePayload decodes the protobuf MigrationPayload bytes. Unknown fields
// are ignored; an enum value the format does not define is an error that
// names the account's position, never a guess.
func DecodePayload(b []byte) (Payload, error) {
	if len(b) > MaxPayloadSize {
		return Payload{}, fmt.Errorf("migration payload is larger than %d KiB", MaxPayloadSize>>10)
	}
	var m pb.MigrationPayload
	if err := proto.Unmarshal(b, &m); err != nil {
		// The protobuf error can quote field contents; keep it out.
		if strings.Contains(err.Error(), "UTF-8") {
			return Payload{}, errors.New("otpauth-migration data has an account name or issuer that is not valid UTF-8")
		}
		return Payload{}, errors.New("otpauth-migration data is not a Google Authenticator export payload (was it cut off or changed when copying?)")
	}
	p := Payload{
		Version:    m.GetVersion(),
		BatchSize:  m.GetBatchSize(),
		BatchIndex: m.GetBatchIndex(),
		BatchID:    m.GetBatchId(),
	}
	if p.BatchSize > MaxBatchSize {
		return Payload{}, fmt.Errorf("export claims to span %d QR codes, more than the %d allowed", p.BatchSize, MaxBatchSize)
	}
	if p.BatchSize < 0 || p.BatchIndex < 0 || (p.BatchSize > 0 && p.BatchIndex >= p.BatchSize) ||
		(p.BatchSize == 0 && p.BatchIndex > 0) {
		return Payload{}, fmt.Errorf("export part %d of %d is out of range", int64(p.BatchIndex)+1, p.BatchSize)
	}
	for i, o := range m.GetOtpParameters() {
		a, err := accountFromParams(o)
		if err != nil {
			return Payload{}, fmt.Errorf("account %d: %v", i+1, err)
		}
		p.Accounts = append(p.Accounts, a)
	}
	if len(p.Accounts) == 0 {
		return Payload{}, errors.New("export holds no accounts")
	}
	return p, nil
}

func accountFromParams(o *pb.MigrationPayload_OtpParameters) (otpmigrate.Account, error) {
	a := otpmigrate.Account{
		Issuer: strings.TrimSpace(o.GetIssuer()),
		Name:   strings.TrimSpace(o.GetName()),
		Secret: o.GetSecret(),
	}
	// The app stores "Issuer:Name" as the name when it came so in the
	// enrolment URI; writing the issuer again would double it.
	if n := len(a.Issuer); n > 0 && len(a.Name) > n && a.Name[n] == ':' && strings.EqualFold(a.Name[:n], a.Issuer) {
		a.Name = strings.TrimSpace(a.Name[n+1:])
	}
	var ok bool
	if a.Algorithm, ok = pb.Algorithm(o.GetAlgorithm()); !ok {
		return a, fmt.Errorf("unknown algorithm value %d", int32(o.GetAlgorithm()))
	}
	if a.Digits, ok = pb.Digits(o.GetDigits()); !ok {
		return a, fmt.Errorf("unknown digits value %d", int32(o.GetDigits()))
	}
	if a.Type, ok = pb.Type(o.GetType()); !ok {
		return a, fmt.Errorf("unknown OTP type value %d", int32(o.GetType()))
	}
	if a.Type == otpmigrate.HOTP {
		if o.GetCounter() < 0 {
			return a, errors.New("negative HOTP counter")
		}
		a.Counter = uint64(o.GetCounter())
	} else {
		// The export has no period: the app uses 30 s for every code.
		a.Period = otpmigrate.DefaultPeriod
	}
	if err := a.Validate(); err != nil {
		return a, err
	}
	return a, nil
}
