package encode

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate"
)

// 2FAS derives its backup key with PBKDF2-HMAC-SHA256, a fixed iteration
// count (the file does not record it, so it cannot be changed) and a
// 256-byte random salt, and encrypts with AES-256-GCM. It also encrypts a
// fixed reference text, by which the app checks the password.
const (
	twoFASIterations = 10_000
	twoFASSaltSize   = 256
	twoFASReference  = "tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6m" +
		"tsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidX" +
		"QCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd"
	// twoFASSchema is the backup schema of current 2FAS (5.x), with token
	// types HOTP and STEAM.
	twoFASSchema = 4
	// twoFASDefaultIcon is 2FAS's generic icon collection.
	twoFASDefaultIcon = "a5b3fb65-4ec5-43e6-8ec1-49e24ca9e7ad"
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
}

type twoFASFile struct {
	Services          []twoFASService `json:"services"`
	Groups            []struct{}      `json:"groups"`
	UpdatedAt         int64           `json:"updatedAt"`
	SchemaVersion     int             `json:"schemaVersion"`
	AppVersionCode    int             `json:"appVersionCode"`
	AppVersionName    string          `json:"appVersionName"`
	AppOrigin         string          `json:"appOrigin"`
	ServicesEncrypted string          `json:"servicesEncrypted,omitempty"`
	Reference         string          `json:"reference,omitempty"`
}

type twoFASService struct {
	Name      string     `json:"name"`
	Secret    string     `json:"secret"`
	UpdatedAt int64      `json:"updatedAt"`
	OTP       twoFASOTP  `json:"otp"`
	Order     twoFASPos  `json:"order"`
	Icon      twoFASIcon `json:"icon"`
}

type twoFASOTP struct {
	Label     string  `json:"label"`
	Account   string  `json:"account"`
	Issuer    string  `json:"issuer"`
	Digits    int     `json:"digits"`
	Period    int     `json:"period,omitempty"`
	Algorithm string  `json:"algorithm"`
	Counter   *uint64 `json:"counter,omitempty"`
	TokenType string  `json:"tokenType"`
	Source    string  `json:"source"`
}

type twoFASPos struct {
	Position int `json:"position"`
}

type twoFASIcon struct {
	Selected string `json:"selected"`
	Label    struct {
		Text            string `json:"text"`
		BackgroundColor string `json:"backgroundColor"`
	} `json:"label"`
	IconCollection struct {
		ID string `json:"id"`
	} `json:"iconCollection"`
}

// WriteTwoFAS writes accounts as a 2FAS backup (.2fas), the file 2FAS
// imports (Settings, 2FAS Backup, Import). Unless opts.Plain, it is
// encrypted with password as 2FAS does it. 2FAS has no MD5: such accounts
// are refused.
func WriteTwoFAS(w io.Writer, accounts []otpmigrate.Account, password []byte, opts TwoFASOptions) error {
	if err := checkAccounts(accounts); err != nil {
		return err
	}
	if !opts.Plain && len(password) == 0 {
		return ErrEmptyPassword
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	ms := now.UnixMilli()
	services := make([]twoFASService, 0, len(accounts))
	for i, a := range accounts {
		if a.Algorithm == otpmigrate.MD5 {
			return fmt.Errorf("account %d (%q): 2FAS has no MD5 codes", i+1, a.Issuer)
		}
		s := twoFASService{Name: a.Issuer, Secret: otpmigrate.EncodeSecret(a.Secret), UpdatedAt: ms,
			OTP: twoFASOTP{Label: a.Name, Account: a.Name, Issuer: a.Issuer, Digits: a.Digits,
				Algorithm: a.Algorithm.String(), Source: "Link"},
			Order: twoFASPos{Position: i}}
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
		s.Icon.Selected = "Label"
		s.Icon.Label.Text = iconText(s.Name)
		s.Icon.Label.BackgroundColor = "Default"
		s.Icon.IconCollection.ID = twoFASDefaultIcon
		services = append(services, s)
	}
	f := twoFASFile{Services: services, Groups: []struct{}{}, UpdatedAt: ms, SchemaVersion: twoFASSchema,
		AppVersionCode: 5000009, AppVersionName: "5.1.0", AppOrigin: "android"}
	if !opts.Plain {
		plain, err := json.Marshal(services)
		if err != nil {
			return err
		}
		r := randReader(opts.Rand)
		salt, err := randomBytes(r, twoFASSaltSize)
		if err != nil {
			return err
		}
		key, err := pbkdf2.Key(sha256.New, string(password), salt, twoFASIterations, 32)
		if err != nil {
			return fmt.Errorf("pbkdf2: %v", err)
		}
		seal := func(data []byte) (string, error) {
			nonce, sealed, err := gcmSeal(r, key, data)
			if err != nil {
				return "", err
			}
			b64 := base64.StdEncoding.EncodeToString
			return b64(sealed) + ":" + b64(salt) + ":" + b64(nonce), nil
		}
		if f.ServicesEncrypted, err = seal(plain); err != nil {
			return err
		}
		if f.Reference, err = seal([]byte(twoFASReference)); err != nil {
			return err
		}
		f.Services = []twoFASService{}
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
