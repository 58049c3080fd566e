package decode

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/otpmigrate/otpmigrate"
)

const keePassFormat = "KeePass CSV export"

// KeePassXC's CSV export (keepassxreboot/keepassxc, src/format/
// CsvExporter.cpp) has the columns Group, Title, Username, Password, URL,
// Notes, TOTP, Icon, Last Modified and Created; its TOTP column holds what
// Totp::writeSettings writes (src/core/Totp.cpp): an otpauth URI, or
// KeeOTP's "key=SECRET&size=6&step=30&otpHashMode=…". KeePass 2 keeps its
// own TOTP in fields (TimeOtp-Secret-Base32, TimeOtp-Length,
// TimeOtp-Period, TimeOtp-Algorithm; HmacOtp-Secret-Base32,
// HmacOtp-Counter; each secret also as -Secret, -Secret-Hex or
// -Secret-Base64), which exports with those fields have as columns.

// keePassHeader returns the columns of data's first line, lower case, if
// it is the header of a KeePass or KeePassXC CSV with a TOTP column.
func keePassHeader(data []byte) map[string]int {
	line, _, _ := bytes.Cut(data[:min(len(data), 4096)], []byte("\n"))
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return nil
	}
	col := map[string]int{}
	for i, h := range rec {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	_, title := col["title"]
	_, totp := col["totp"]
	if title && totp {
		return col
	}
	for k := range col {
		if strings.HasPrefix(k, "timeotp-secret") || strings.HasPrefix(k, "hmacotp-secret") {
			return col
		}
	}
	return nil
}

func isKeePassCSV(data []byte) bool { return keePassHeader(data) != nil }

func readKeePassCSV(name string, data []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	col := keePassHeader(data)
	r := csv.NewReader(bytes.NewReader(data))
	// Every row has the header's columns, as in KeePassXC's export: a
	// row cut short is an error, not an entry missing its last fields.
	r.FieldsPerRecord = 0
	if _, err := r.Read(); err != nil {
		return nil, nil, appError(name, "line 1", fmt.Errorf("%s: malformed CSV header", keePassFormat), "")
	}
	get := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var items []bitwardenItem
	drop := dropped{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := len(items) + 2
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, nil, appError(name, fmt.Sprintf("line %d", line), fmt.Errorf("%s: malformed CSV", keePassFormat),
				"export again from KeePassXC (Database, Export, CSV File)")
		}
		if len(items) >= maxAppEntries {
			return nil, nil, appError(name, "", fmt.Errorf("%s has more than %d entries", keePassFormat, maxAppEntries), "")
		}
		title := get(rec, "title")
		user := get(rec, "username")
		if user == "" {
			user = get(rec, "user name") // KeePass 2
		}
		it := bitwardenItem{name: title, username: user}
		totp, err := keePassTOTP(get, rec)
		if err != nil {
			return nil, nil, appError(name, entryWhere(len(items), title), err, "")
		}
		if totp != nil {
			// Build the URI with the entry's labels, as KeePassXC's
			// own writer does, so that the item's title and username
			// fill what the fields leave out.
			totp.Issuer, totp.Name = title, user
			it.totp = totp.URL()
		} else {
			it.totp = strings.TrimSpace(get(rec, "totp"))
		}
		if it.totp != "" {
			drop.add("passwords", get(rec, "password") != "")
			drop.add("URLs", get(rec, "url") != "")
			drop.add("notes", get(rec, "notes") != "")
		}
		items = append(items, it)
	}
	return bitwardenAccounts(name, keePassFormat, items, drop)
}

// keePassTOTP reads the KeeOTP form of a TOTP column and KeePass 2's own
// TOTP fields; nil when the entry has neither.
func keePassTOTP(get func([]string, string) string, rec []string) (*otpmigrate.Account, error) {
	if cell := strings.TrimSpace(get(rec, "totp")); strings.HasPrefix(cell, "key=") {
		q, err := url.ParseQuery(cell)
		if err != nil {
			return nil, errors.New("TOTP field in KeeOTP form is malformed")
		}
		secret, err := otpmigrate.DecodeSecret(q.Get("key"))
		if err != nil {
			return nil, err
		}
		a := otpmigrate.Account{Type: otpmigrate.TOTP, Secret: secret}
		return keePassSettings(&a, q.Get("size"), q.Get("step"), q.Get("otphashmode")+q.Get("otpHashMode"))
	}
	for _, kind := range []string{"timeotp", "hmacotp"} {
		secret, err := keePassSecret(get, rec, kind)
		if err != nil {
			return nil, err
		}
		if secret == nil {
			continue
		}
		if kind == "hmacotp" {
			a := otpmigrate.NewHOTP("", "", secret, 0)
			if c := strings.TrimSpace(get(rec, "hmacotp-counter")); c != "" {
				if a.Counter, err = strconv.ParseUint(c, 10, 64); err != nil {
					return nil, errors.New("HmacOtp-Counter is not a number")
				}
			}
			return &a, nil
		}
		a := otpmigrate.Account{Type: otpmigrate.TOTP, Secret: secret}
		return keePassSettings(&a, get(rec, "timeotp-length"), get(rec, "timeotp-period"), get(rec, "timeotp-algorithm"))
	}
	return nil, nil
}

// keePassSecret reads the secret of KeePass 2's TimeOtp or HmacOtp fields
// in whichever encoding the entry has.
func keePassSecret(get func([]string, string) string, rec []string, kind string) ([]byte, error) {
	if s := strings.TrimSpace(get(rec, kind+"-secret-base32")); s != "" {
		return otpmigrate.DecodeSecret(s)
	}
	var b []byte
	var err error
	switch {
	case strings.TrimSpace(get(rec, kind+"-secret-hex")) != "":
		b, err = hex.DecodeString(strings.TrimSpace(get(rec, kind+"-secret-hex")))
	case strings.TrimSpace(get(rec, kind+"-secret-base64")) != "":
		b, err = base64.StdEncoding.DecodeString(strings.TrimSpace(get(rec, kind+"-secret-base64")))
	case get(rec, kind+"-secret") != "":
		b = []byte(get(rec, kind+"-secret"))
	default:
		return nil, nil
	}
	if err != nil || len(b) == 0 {
		return nil, fmt.Errorf("the %s secret is malformed", kind)
	}
	// Through base32, so that DecodeSecret's length checks apply.
	return otpmigrate.DecodeSecret(base32.StdEncoding.EncodeToString(b))
}

// keePassSettings sets digits, period and algorithm, each defaulting as
// KeePass does (6, 30 s, SHA1).
func keePassSettings(a *otpmigrate.Account, digits, period, alg string) (*otpmigrate.Account, error) {
	a.Digits, a.Period, a.Algorithm = otpmigrate.DefaultDigits, otpmigrate.DefaultPeriod, otpmigrate.SHA1
	var err error
	if d := strings.TrimSpace(digits); d != "" {
		if a.Digits, err = strconv.Atoi(d); err != nil {
			return nil, errors.New("TOTP length is not a number")
		}
	}
	if p := strings.TrimSpace(period); p != "" {
		if a.Period, err = strconv.Atoi(p); err != nil {
			return nil, errors.New("TOTP period is not a number")
		}
	}
	if s := strings.TrimSpace(alg); s != "" {
		if a.Algorithm, err = otpmigrate.ParseAlgorithm(s); err != nil {
			return nil, err
		}
	}
	return a, nil
}
