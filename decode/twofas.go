package decode

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/otpmigrate/otpmigrate"
)

const twoFASFormat = "2FAS backup"

// 2FAS encrypts with a key from PBKDF2-HMAC-SHA256 over the password and a
// random salt, with a fixed iteration count the file does not record, and
// AES-256-GCM. Both the services and a fixed reference text are encrypted
// with that key, so that the app can tell a wrong password from damage.
const (
	// twoFASIterations is the PBKDF2 iteration count 2FAS uses.
	twoFASIterations = 10_000
	// twoFASReference is the text 2FAS encrypts as the backup's
	// "reference" to check a password.
	twoFASReference = "tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6m" +
		"tsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidX" +
		"QCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd"
	// twoFASDefaultIcon is 2FAS's generic icon.
	twoFASDefaultIcon = "a5b3fb65-4ec5-43e6-8ec1-49e24ca9e7ad"
	twoFASMinSchema   = 1
	twoFASMaxSchema   = 4
)

type twoFASBackup struct {
	SchemaVersion     int             `json:"schemaVersion"`
	Services          json.RawMessage `json:"services"`
	ServicesEncrypted *string         `json:"servicesEncrypted"`
	Reference         *string         `json:"reference"`
	Groups            json.RawMessage `json:"groups"`
}

type twoFASService struct {
	Name   string `json:"name"`
	Secret string `json:"secret"`
	OTP    struct {
		Label     string `json:"label"`
		Account   string `json:"account"`
		Issuer    string `json:"issuer"`
		Digits    int    `json:"digits"`
		Period    int    `json:"period"`
		Algorithm string `json:"algorithm"`
		Counter   uint64 `json:"counter"`
		TokenType string `json:"tokenType"`
	} `json:"otp"`
	Icon *struct {
		Selected string `json:"selected"`
		Label    struct {
			BackgroundColor string `json:"backgroundColor"`
		} `json:"label"`
		IconCollection struct {
			ID string `json:"id"`
		} `json:"iconCollection"`
	} `json:"icon"`
	GroupID json.RawMessage `json:"groupId"`
	Badge   struct {
		Color string `json:"color"`
	} `json:"badge"`
}

func readTwoFAS(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	var b twoFASBackup
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", twoFASFormat, jsonError(err)), "")
	}
	if b.SchemaVersion < twoFASMinSchema || b.SchemaVersion > twoFASMaxSchema {
		return nil, nil, appError(name, "", fmt.Errorf("%w: %s schema version %d (otpmigrate reads %d to %d)",
			ErrUnsupportedBackup, twoFASFormat, b.SchemaVersion, twoFASMinSchema, twoFASMaxSchema), "update otpmigrate, or export the codes from 2FAS as a plain backup")
	}
	services := []byte(b.Services)
	if b.ServicesEncrypted == nil {
		// Without these checks a damaged key name would read as an
		// empty backup.
		if b.Reference != nil {
			return nil, nil, appError(name, "", fmt.Errorf("%s has a password reference but no encrypted services: the file is damaged", twoFASFormat), "")
		}
		if !nonEmptyJSON(b.Services) && string(b.Services) != "[]" {
			return nil, nil, appError(name, "", fmt.Errorf("%s has no services", twoFASFormat), "")
		}
	} else {
		plain, err := openTwoFAS(name, *b.ServicesEncrypted, b.Reference, opts)
		if err != nil {
			return nil, nil, err
		}
		services = plain
	}
	var list []twoFASService
	if err := json.Unmarshal(services, &list); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s services: %v", twoFASFormat, jsonError(err)), "")
	}
	if len(list) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d services, more than %d", twoFASFormat, len(list), maxAppEntries), "")
	}
	drop := dropped{}
	var accounts []otpmigrate.Account
	for i, s := range list {
		issuer := s.OTP.Issuer
		if issuer == "" && s.Name != s.OTP.Account {
			// The service name is what the app shows; it stands in for
			// an issuer the code did not carry.
			issuer = s.Name
		}
		where := entryWhere(i, issuer)
		a := otpmigrate.Account{Issuer: issuer, Name: s.OTP.Account, Algorithm: otpmigrate.SHA1,
			Digits: otpmigrate.DefaultDigits, Period: otpmigrate.DefaultPeriod}
		if a.Name == "" && s.OTP.Label != "" {
			_, a.Name, _ = strings.Cut(s.OTP.Label, ":")
			if !strings.Contains(s.OTP.Label, ":") {
				a.Name = s.OTP.Label
			}
		}
		if s.OTP.Digits != 0 {
			a.Digits = s.OTP.Digits
		}
		if s.OTP.Period != 0 {
			a.Period = s.OTP.Period
		}
		if s.OTP.Algorithm != "" {
			alg, err := otpmigrate.ParseAlgorithm(s.OTP.Algorithm)
			if err != nil {
				return nil, nil, appError(name, where, err, "")
			}
			a.Algorithm = alg
		}
		// Schemas 1 and 2 have no token type: 2FAS then only made TOTP.
		switch strings.ToUpper(s.OTP.TokenType) {
		case "", "TOTP":
			a.Type = otpmigrate.TOTP
		case "HOTP":
			a.Type, a.Period, a.Counter = otpmigrate.HOTP, 0, s.OTP.Counter
		case "STEAM":
			a.Type = otpmigrate.Steam
		default:
			return nil, nil, appError(name, where, fmt.Errorf("unknown 2FAS token type %q", truncateASCII(s.OTP.TokenType, 16)), "")
		}
		var err error
		if a.Secret, err = otpmigrate.DecodeSecret(s.Secret); err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		if ic := s.Icon; ic != nil {
			// 2FAS picks an icon from the service name by itself; only a
			// choice the user made is worth a warning.
			drop.add("icons", ic.Selected != "Label" && ic.IconCollection.ID != "" && ic.IconCollection.ID != twoFASDefaultIcon)
			drop.add("icon colours", ic.Selected == "Label" && ic.Label.BackgroundColor != "" && ic.Label.BackgroundColor != "Default")
		}
		drop.add("groups", nonEmptyJSON(s.GroupID))
		drop.add("badges", s.Badge.Color != "" && s.Badge.Color != "Default")
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	if err != nil {
		return nil, nil, err
	}
	return accounts, drop.warning(name, twoFASFormat), nil
}

// twoFASSealed is one "ciphertext:salt:iv" field of an encrypted backup,
// each part standard base64.
type twoFASSealed struct{ ct, salt, iv []byte }

func parseTwoFASSealed(s string) (twoFASSealed, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return twoFASSealed{}, fmt.Errorf("encrypted field has %d parts, want 3 (data:salt:iv)", len(parts))
	}
	var out [3][]byte
	for i, p := range parts {
		b, err := base64.StdEncoding.DecodeString(p)
		if err != nil {
			return twoFASSealed{}, fmt.Errorf("encrypted field part %d is not valid base64", i+1)
		}
		out[i] = b
	}
	if len(out[1]) == 0 || len(out[1]) > 1024 {
		return twoFASSealed{}, fmt.Errorf("salt of %d bytes", len(out[1]))
	}
	if len(out[2]) != 12 {
		return twoFASSealed{}, fmt.Errorf("iv of %d bytes, want 12", len(out[2]))
	}
	return twoFASSealed{ct: out[0], salt: out[1], iv: out[2]}, nil
}

func openTwoFAS(name, servicesEncrypted string, reference *string, opts Options) ([]byte, error) {
	sealed, err := parseTwoFASSealed(servicesEncrypted)
	if err != nil {
		return nil, appError(name, "", fmt.Errorf("%s: %v", twoFASFormat, err), "")
	}
	var ref *twoFASSealed
	if reference != nil {
		r, err := parseTwoFASSealed(*reference)
		if err != nil {
			return nil, appError(name, "", fmt.Errorf("%s reference: %v", twoFASFormat, err), "")
		}
		ref = &r
	}
	pw, err := password(name, twoFASFormat, opts)
	if err != nil {
		return nil, err
	}
	key, err := pbkdf2.Key(sha256.New, string(pw), sealed.salt, twoFASKDFIterations, 32)
	if err != nil {
		return nil, appError(name, "", fmt.Errorf("%s: pbkdf2: %v", twoFASFormat, err), "")
	}
	wrong := appError(name, "", fmt.Errorf("%w for %s", ErrWrongPassword, twoFASFormat),
		"give the password chosen in 2FAS when the backup was made")
	if ref != nil {
		refKey := key
		if string(ref.salt) != string(sealed.salt) {
			if refKey, err = pbkdf2.Key(sha256.New, string(pw), ref.salt, twoFASKDFIterations, 32); err != nil {
				return nil, wrong
			}
		}
		if _, err := gcmOpen(refKey, ref.iv, ref.ct); err != nil {
			return nil, wrong
		}
	}
	plain, err := gcmOpen(key, sealed.iv, sealed.ct)
	if err != nil {
		if ref != nil {
			return nil, appError(name, "", fmt.Errorf("%s: the password is right but the services fail authentication: the file is damaged or was modified", twoFASFormat), "")
		}
		return nil, wrong
	}
	return plain, nil
}
