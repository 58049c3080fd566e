package appformat

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// 2FAS derives its backup key with PBKDF2-HMAC-SHA256, a fixed iteration
// count (the file does not record it, so it cannot be changed) and a
// random salt, and encrypts with AES-256-GCM. It also encrypts a fixed
// reference text, by which the app tells a wrong password from damage.
const (
	TwoFASIterations = 10_000
	// TwoFASSaltSize is the salt 2FAS draws; a reader takes the size from
	// the file.
	TwoFASSaltSize = 256
	// TwoFASReference is the text 2FAS encrypts as the backup's
	// "reference".
	TwoFASReference = "tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6m" +
		"tsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidX" +
		"QCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd"
	// TwoFASSchema is the schema of current 2FAS (5.x), with token types
	// HOTP and STEAM, and the newest one known.
	TwoFASSchema = 4
	// TwoFASDefaultIcon is 2FAS's generic icon collection.
	TwoFASDefaultIcon = "a5b3fb65-4ec5-43e6-8ec1-49e24ca9e7ad"
)

// TwoFASBackup is the whole file. Services is the JSON array of
// TwoFASService; an encrypted backup has an empty one and the array
// sealed in ServicesEncrypted.
type TwoFASBackup struct {
	Services          json.RawMessage `json:"services"`
	Groups            json.RawMessage `json:"groups"`
	UpdatedAt         int64           `json:"updatedAt"`
	SchemaVersion     int             `json:"schemaVersion"`
	AppVersionCode    int             `json:"appVersionCode"`
	AppVersionName    string          `json:"appVersionName"`
	AppOrigin         string          `json:"appOrigin"`
	ServicesEncrypted *string         `json:"servicesEncrypted,omitempty"`
	Reference         *string         `json:"reference,omitempty"`
}

// TwoFASService is one account.
type TwoFASService struct {
	// Name is what the app shows.
	Name      string          `json:"name"`
	Secret    string          `json:"secret"`
	UpdatedAt int64           `json:"updatedAt"`
	OTP       TwoFASOTP       `json:"otp"`
	Order     TwoFASOrder     `json:"order"`
	Icon      *TwoFASIcon     `json:"icon,omitempty"`
	GroupID   json.RawMessage `json:"groupId,omitempty"`
	Badge     *TwoFASBadge    `json:"badge,omitempty"`
}

// TwoFASOTP is a service's code. Schemas 1 and 2 have no TokenType.
type TwoFASOTP struct {
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

// TwoFASOrder is a service's place in the app's list.
type TwoFASOrder struct {
	Position int `json:"position"`
}

// TwoFASIcon is a service's icon: Selected is "Label" (letters on a
// colour) or "IconCollection".
type TwoFASIcon struct {
	Selected string `json:"selected"`
	Label    struct {
		Text            string `json:"text"`
		BackgroundColor string `json:"backgroundColor"`
	} `json:"label"`
	IconCollection struct {
		ID string `json:"id"`
	} `json:"iconCollection"`
}

// TwoFASBadge is a service's colour mark.
type TwoFASBadge struct {
	Color string `json:"color"`
}

// TwoFASKey derives the key of one salt.
func TwoFASKey(password, salt []byte, iterations int) ([]byte, error) {
	return pbkdf2.Key(sha256.New, string(password), salt, iterations, KeySize)
}

// TwoFASSeal encrypts plain under key as one encrypted field of a backup:
// "ciphertext:salt:iv", each part standard base64. The salt is the one the
// key was derived from; the nonce is read from r.
func TwoFASSeal(r io.Reader, key, salt, plain []byte) (string, error) {
	nonce, sealed, err := GCMSeal(r, key, plain)
	if err != nil {
		return "", err
	}
	b64 := base64.StdEncoding.EncodeToString
	return b64(sealed) + ":" + b64(salt) + ":" + b64(nonce), nil
}

// TwoFASField is one encrypted field, split.
type TwoFASField struct{ Sealed, Salt, IV []byte }

// ParseTwoFASField splits an encrypted field from a file and checks the
// sizes of its salt and IV.
func ParseTwoFASField(s string) (TwoFASField, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return TwoFASField{}, fmt.Errorf("encrypted field has %d parts, want 3 (data:salt:iv)", len(parts))
	}
	var out [3][]byte
	for i, p := range parts {
		b, err := base64.StdEncoding.DecodeString(p)
		if err != nil {
			return TwoFASField{}, fmt.Errorf("encrypted field part %d is not valid base64", i+1)
		}
		out[i] = b
	}
	if len(out[1]) == 0 || len(out[1]) > 1024 {
		return TwoFASField{}, fmt.Errorf("salt of %d bytes", len(out[1]))
	}
	if len(out[2]) != NonceSize {
		return TwoFASField{}, fmt.Errorf("iv of %d bytes, want 12", len(out[2]))
	}
	return TwoFASField{Sealed: out[0], Salt: out[1], IV: out[2]}, nil
}
