package encode

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
	"github.com/otpmigrate/otpmigrate/target"
)

// TwoFASOptions adjust [WriteTwoFAS].
type TwoFASOptions struct {
	// Plain writes the backup unencrypted: anyone who gets the file gets
	// every secret. The password is then ignored.
	Plain bool
	// Now stamps the backup and its services; zero means time.Now().
	Now time.Time
	// Rand is the source of salts and nonces; nil means crypto/rand.
	Rand io.Reader
	// For is the 2FAS app the file is for ("2fas-android" or "2fas-ios"
	// from package target); the zero Profile means [target.TwoFAS], the
	// stricter of both.
	For target.Profile
}

// WriteTwoFAS writes accounts as a 2FAS backup (.2fas), the file 2FAS
// imports (Settings, 2FAS Backup, Import). Unless opts.Plain, it is
// encrypted with password as 2FAS does it. An account the app would hold
// with other codes (MD5, 9 digits, a 45 s period, a counter beyond a
// 32-bit Int on Android: see the profiles in package target) is refused,
// and so is a password the app would read differently: callers adapt
// accounts with [target.Profile.Adapt] first.
func WriteTwoFAS(w io.Writer, accounts []otpmigrate.Account, password []byte, opts TwoFASOptions) error {
	if err := checkAccounts(accounts); err != nil {
		return err
	}
	if !opts.Plain && len(password) == 0 {
		return ErrEmptyPassword
	}
	p := opts.For
	if p.Name == "" {
		p = target.TwoFAS
	}
	if !opts.Plain {
		if why := p.PasswordProblem(password); why != "" {
			return errors.New(why)
		}
	}
	for i, a := range accounts {
		if _, changes, ok := p.AdaptVia(target.File, a); !ok || target.Lossy(changes) {
			return fmt.Errorf("account %d (%q): %s cannot hold it: %s", i+1, a.Issuer, p.App, target.Describe(changes))
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	ms := now.UnixMilli()
	services := make([]appformat.TwoFASService, 0, len(accounts))
	for i, a := range accounts {
		s := appformat.TwoFASService{Name: a.Issuer, Secret: otpmigrate.EncodeSecret(a.Secret), UpdatedAt: ms,
			OTP: appformat.TwoFASOTP{Label: a.Name, Account: a.Name, Issuer: a.Issuer, Digits: a.Digits,
				Algorithm: a.Algorithm.String(), Source: "Link"},
			Order: appformat.TwoFASOrder{Position: i}, Icon: &appformat.TwoFASIcon{Selected: "Label"}}
		if s.Name == "" {
			// The service name is what 2FAS shows; an account without
			// an issuer shows its name.
			s.Name = a.Name
		}
		switch a.Type {
		case otpmigrate.HOTP:
			c := a.Counter
			s.OTP.TokenType, s.OTP.Counter = "HOTP", &c
		case otpmigrate.Steam:
			s.OTP.TokenType, s.OTP.Period = "STEAM", a.Period
		default:
			s.OTP.TokenType, s.OTP.Period = "TOTP", a.Period
		}
		s.Icon.Label.Text = iconText(s.Name)
		s.Icon.Label.BackgroundColor = "Default"
		s.Icon.IconCollection.ID = appformat.TwoFASDefaultIcon
		services = append(services, s)
	}
	plain, err := json.Marshal(services)
	if err != nil {
		return err
	}
	f := appformat.TwoFASBackup{Services: plain, Groups: json.RawMessage("[]"), UpdatedAt: ms, SchemaVersion: appformat.TwoFASSchema,
		AppVersionCode: 5000009, AppVersionName: "5.1.0", AppOrigin: "android"}
	if !opts.Plain {
		r := randReader(opts.Rand)
		salt, err := appformat.RandomBytes(r, appformat.TwoFASSaltSize)
		if err != nil {
			return err
		}
		key, err := appformat.TwoFASKey(password, salt, appformat.TwoFASIterations)
		if err != nil {
			return fmt.Errorf("pbkdf2: %v", err)
		}
		enc, err := appformat.TwoFASSeal(r, key, salt, plain)
		if err != nil {
			return err
		}
		ref, err := appformat.TwoFASSeal(r, key, salt, []byte(appformat.TwoFASReference))
		if err != nil {
			return err
		}
		f.Services, f.ServicesEncrypted, f.Reference = json.RawMessage("[]"), &enc, &ref
	}
	out, err := json.Marshal(f)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// iconText is the two letters 2FAS shows in a label icon.
func iconText(name string) string {
	var b strings.Builder
	for _, r := range name {
		if b.Len() >= 2*utf8.UTFMax || utf8.RuneCountInString(b.String()) == 2 {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}
