package decode

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/zipcrypt"
)

const raivoFormat = "Raivo OTP export"

// Raivo OTP's export (raivo-otp/ios-application Raivo/Features/
// DataExportFeature.swift) is raivo-otp-export.zip, made by SSZipArchive
// with the user's password (WinZip AES-256), holding raivo-otp-export.html
// and raivo-otp-export.json: a JSON array of every password's export
// fields, all strings (Raivo/Features/DataImportFeature.swift's
// PasswordJson: issuer, account, secret, algorithm, digits, kind TOTP or
// HOTP, timer, counter, pinned, iconType, iconValue). Ente Auth reads the
// same JSON (ente-io/ente mobile/apps/auth/lib/ui/settings/data/import/
// raivo_plain_text_import.dart), which is also read here when unpacked.
const raivoEntry = "raivo-otp-export.json"

// raivoString is a JSON value Raivo writes as a string; a number is
// taken too, as a hand-edited file may hold one.
type raivoString string

func (s *raivoString) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err == nil {
		*s = raivoString(str)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*s = raivoString(n)
	return nil
}

type raivoPassword struct {
	Issuer    raivoString `json:"issuer"`
	Account   raivoString `json:"account"`
	Secret    raivoString `json:"secret"`
	Algorithm raivoString `json:"algorithm"`
	Digits    raivoString `json:"digits"`
	Kind      raivoString `json:"kind"`
	Timer     raivoString `json:"timer"`
	Counter   raivoString `json:"counter"`
	Pinned    raivoString `json:"pinned"`
	IconType  raivoString `json:"iconType"`
	IconValue raivoString `json:"iconValue"`
}

// isRaivoJSON reports whether a JSON array is Raivo's: objects with kind,
// secret and timer.
func isRaivoJSON(data []byte) bool {
	var list []map[string]json.RawMessage
	if json.Unmarshal(data, &list) != nil || len(list) == 0 {
		return false
	}
	for _, e := range list {
		if !has(e, "kind") || !has(e, "secret") || !has(e, "timer") {
			return false
		}
	}
	return true
}

// raivoZIPEntry returns the export's JSON entry in a ZIP archive, if any.
func raivoZIPEntry(zr *zip.Reader) *zip.File {
	for _, f := range zr.File {
		if f.Name == raivoEntry || strings.HasSuffix(f.Name, "/"+raivoEntry) {
			return f
		}
	}
	return nil
}

func readRaivoZIP(name string, f *zip.File, opts Options) ([]otpmigrate.Account, []string, error) {
	if !zipcrypt.Encrypted(f) {
		rc, err := f.Open()
		if err != nil {
			return nil, nil, appError(name, "", fmt.Errorf("%s: %v", raivoFormat, err), "copy the file again; it is damaged")
		}
		defer rc.Close()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(io.LimitReader(rc, maxZipEntry+1)); err != nil {
			return nil, nil, appError(name, "", fmt.Errorf("%s: %v", raivoFormat, err), "copy the file again; it is damaged")
		}
		if buf.Len() > maxZipEntry {
			return nil, nil, appError(name, "", fmt.Errorf("%s: %s is more than %d MiB", raivoFormat, raivoEntry, maxZipEntry>>20), "")
		}
		return readRaivoJSON(name, buf.Bytes(), opts)
	}
	pw, err := password(name, raivoFormat, opts)
	if err != nil {
		return nil, nil, err
	}
	data, err := zipcrypt.ReadFile(f, pw, maxZipEntry)
	if errors.Is(err, zipcrypt.ErrPassword) {
		return nil, nil, appError(name, "", fmt.Errorf("%w for %s", ErrWrongPassword, raivoFormat),
			"give the password typed in Raivo when the export was made")
	}
	if err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", raivoFormat, err), "copy the file again; it is damaged")
	}
	return readRaivoJSON(name, data, opts)
}

func readRaivoJSON(name string, data []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	var list []raivoPassword
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", raivoFormat, jsonError(err)), "")
	}
	if len(list) == 0 {
		return nil, nil, appError(name, "", fmt.Errorf("%s holds no accounts", raivoFormat), "")
	}
	if len(list) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d entries, more than %d", raivoFormat, len(list), maxAppEntries), "")
	}
	num := func(s raivoString, field string) (int64, error) {
		n, err := strconv.ParseInt(strings.TrimSpace(string(s)), 10, 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%s %s is not a number", raivoFormat, field)
		}
		return n, nil
	}
	drop := dropped{}
	accounts := make([]otpmigrate.Account, 0, len(list))
	for i, p := range list {
		where := entryWhere(i, string(p.Issuer))
		secret, err := otpmigrate.DecodeSecret(string(p.Secret))
		if err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		a := otpmigrate.Account{Issuer: string(p.Issuer), Name: string(p.Account), Secret: secret, Algorithm: otpmigrate.SHA1}
		if p.Algorithm != "" {
			if a.Algorithm, err = otpmigrate.ParseAlgorithm(string(p.Algorithm)); err != nil {
				return nil, nil, appError(name, where, err, "")
			}
		}
		digits, err := num(p.Digits, "digits")
		if err != nil || digits > 10 {
			return nil, nil, appError(name, where, fmt.Errorf("%s digits is not a number from 1 to 10", raivoFormat), "")
		}
		a.Digits = int(digits)
		switch strings.ToUpper(string(p.Kind)) {
		case "TOTP":
			period, err := num(p.Timer, "timer")
			if err != nil || period > 1<<20 {
				return nil, nil, appError(name, where, fmt.Errorf("%s timer is not a period in seconds", raivoFormat), "")
			}
			a.Type, a.Period = otpmigrate.TOTP, int(period)
		case "HOTP":
			counter, err := num(p.Counter, "counter")
			if err != nil {
				return nil, nil, appError(name, where, err, "")
			}
			a.Type, a.Counter = otpmigrate.HOTP, uint64(counter)
		default:
			return nil, nil, appError(name, where, fmt.Errorf("unknown %s kind %q", raivoFormat, truncateASCII(string(p.Kind), 16)), "")
		}
		drop.add("icons", p.IconType != "" && p.IconValue != "")
		drop.add("pins", p.Pinned == "true" || p.Pinned == "1")
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	if err != nil {
		return nil, nil, err
	}
	return accounts, drop.warning(name, raivoFormat), nil
}
