package decode

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

const twoFASFormat = "2FAS backup"

// The oldest 2FAS schema read; the newest is appformat.TwoFASSchema.
const twoFASMinSchema = 1

func readTwoFAS(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	var b appformat.TwoFASBackup
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", twoFASFormat, jsonError(err)), "")
	}
	if b.SchemaVersion < twoFASMinSchema || b.SchemaVersion > appformat.TwoFASSchema {
		return nil, nil, appError(name, "", fmt.Errorf("%w: %s schema version %d (otpmigrate reads %d to %d)",
			ErrUnsupportedBackup, twoFASFormat, b.SchemaVersion, twoFASMinSchema, appformat.TwoFASSchema), "update otpmigrate, or export the codes from 2FAS as a plain backup")
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
	var list []appformat.TwoFASService
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
			a.Type, a.Period = otpmigrate.HOTP, 0
			if s.OTP.Counter != nil {
				a.Counter = *s.OTP.Counter
			}
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
			drop.add("icons", ic.Selected != "Label" && ic.IconCollection.ID != "" && ic.IconCollection.ID != appformat.TwoFASDefaultIcon)
			drop.add("icon colours", ic.Selected == "Label" && ic.Label.BackgroundColor != "" && ic.Label.BackgroundColor != "Default")
		}
		drop.add("groups", nonEmptyJSON(s.GroupID))
		drop.add("badges", s.Badge != nil && s.Badge.Color != "" && s.Badge.Color != "Default")
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	if err != nil {
		return nil, nil, err
	}
	return accounts, drop.warning(name, twoFASFormat), nil
}

func openTwoFAS(name, servicesEncrypted string, reference *string, opts Options) ([]byte, error) {
	sealed, err := appformat.ParseTwoFASField(servicesEncrypted)
	if err != nil {
		return nil, appError(name, "", fmt.Errorf("%s: %v", twoFASFormat, err), "")
	}
	var ref *appformat.TwoFASField
	if reference != nil {
		r, err := appformat.ParseTwoFASField(*reference)
		if err != nil {
			return nil, appError(name, "", fmt.Errorf("%s reference: %v", twoFASFormat, err), "")
		}
		ref = &r
	}
	pw, err := password(name, twoFASFormat, opts)
	if err != nil {
		return nil, err
	}
	key, err := appformat.TwoFASKey(pw, sealed.Salt, twoFASKDFIterations)
	if err != nil {
		return nil, appError(name, "", fmt.Errorf("%s: pbkdf2: %v", twoFASFormat, err), "")
	}
	wrong := appError(name, "", fmt.Errorf("%w for %s", ErrWrongPassword, twoFASFormat),
		"give the password chosen in 2FAS when the backup was made")
	if ref != nil {
		refKey := key
		if string(ref.Salt) != string(sealed.Salt) {
			if refKey, err = appformat.TwoFASKey(pw, ref.Salt, twoFASKDFIterations); err != nil {
				return nil, wrong
			}
		}
		if _, err := appformat.GCMOpen(refKey, ref.IV, ref.Sealed); err != nil {
			return nil, wrong
		}
	}
	plain, err := appformat.GCMOpen(key, sealed.IV, sealed.Sealed)
	if err != nil {
		if ref != nil {
			return nil, appError(name, "", fmt.Errorf("%s: the password is right but the services fail authentication: the file is damaged or was modified", twoFASFormat), "")
		}
		return nil, wrong
	}
	return plain, nil
}
