package decode

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/capped"
)

// LastPass Authenticator's "export to another app" QR code holds
//
//	lpaauth-migration://offline?data=<base64 of gzip of JSON>
//
// where the JSON is {"version":3, "batchId", "batchIndex", "batchSize",
// "content"}, and content is the base64 of gzip of JSON {"a": [accounts]};
// an account has "s" (the base32 secret), "a" (the algorithm name), "d"
// (digits), "tS" (the period), "iN"/"uN" (issuer and name) and "oIN"/"oUN"
// (the original issuer and name). Only TOTP accounts are exported.
// Sources: twofas/2fas-ios TwoFAS/CodeSupport/Code+LastPass.swift
// (checkLastPass: version 3 only, fields a, iN, s, d, uN, tS), and a
// web tool's importer and exporter of the same format (pako inflate of both
// layers; the o-prefixed fields and the batch fields).
const lastPassPrefix = "lpaauth-migration://"

// lastPassMaxJSON caps each inflated layer: a QR code holds under 3 KB, and
// gzip of JSON does not expand a hundredfold, so anything larger is a
// decompression bomb, not an export.
const lastPassMaxJSON = 1 << 20

// lastPassVersion is the only format version known (2FAS iOS refuses any
// other).
const lastPassVersion = 3

type lastPassWrapper struct {
	Version    *int   `json:"version"`
	BatchIndex int    `json:"batchIndex"`
	BatchSize  int    `json:"batchSize"`
	Content    string `json:"content"`
}

type lastPassAccount struct {
	Secret         string `json:"s"`
	Algorithm      string `json:"a"`
	Digits         *int   `json:"d"`
	Period         *int   `json:"tS"`
	Issuer         string `json:"iN"`
	Name           string `json:"uN"`
	OriginalIssuer string `json:"oIN"`
	OriginalName   string `json:"oUN"`
}

// parseLastPassURI reads the accounts of a LastPass Authenticator export
// QR code. Errors never quote the data.
func parseLastPassURI(s string) ([]otpmigrate.Account, error) {
	s = dropLineBreaks(strings.TrimSpace(s))
	rest := s[len(lastPassPrefix):]
	host, query, _ := strings.Cut(rest, "?")
	if !strings.EqualFold(strings.TrimSuffix(strings.TrimSpace(host), "/"), "offline") {
		return nil, errors.New(`LastPass Authenticator export does not have the host "offline"`)
	}
	var data string
	found := false
	for _, kv := range strings.Split(query, "&") {
		if k, v, _ := strings.Cut(kv, "="); strings.TrimSpace(k) == "data" {
			data, found = v, true
		}
	}
	if !found {
		return nil, errors.New("LastPass Authenticator export has no data parameter")
	}
	outer, err := lastPassLayer(data, true)
	if err != nil {
		return nil, err
	}
	var w lastPassWrapper
	if err := json.Unmarshal(outer, &w); err != nil {
		return nil, fmt.Errorf("LastPass Authenticator export: %v", jsonError(err))
	}
	switch {
	case w.Version == nil:
		return nil, errors.New("LastPass Authenticator export has no version")
	case *w.Version != lastPassVersion:
		return nil, fmt.Errorf("LastPass Authenticator export is version %d; otpmigrate reads version %d", *w.Version, lastPassVersion)
	case w.BatchSize > 1:
		// How the content of several codes fits together is not known
		// from any source: better refuse than return part of it.
		return nil, fmt.Errorf("LastPass Authenticator export is code %d of %d; otpmigrate reads exports of one code only", w.BatchIndex+1, w.BatchSize)
	case w.Content == "":
		return nil, errors.New("LastPass Authenticator export has no content")
	}
	inner, err := lastPassLayer(w.Content, false)
	if err != nil {
		return nil, err
	}
	var c struct {
		Accounts *[]lastPassAccount `json:"a"`
	}
	if err := json.Unmarshal(inner, &c); err != nil {
		return nil, fmt.Errorf("LastPass Authenticator export content: %v", jsonError(err))
	}
	if c.Accounts == nil {
		return nil, errors.New("LastPass Authenticator export content has no accounts list")
	}
	if len(*c.Accounts) == 0 {
		return nil, errors.New("LastPass Authenticator export holds no accounts")
	}
	out := make([]otpmigrate.Account, 0, len(*c.Accounts))
	for i, la := range *c.Accounts {
		a, err := la.account()
		if err != nil {
			return nil, fmt.Errorf("LastPass Authenticator export: account %d: %v", i+1, err)
		}
		out = append(out, a)
	}
	return out, nil
}

func (la lastPassAccount) account() (otpmigrate.Account, error) {
	secret, err := otpmigrate.DecodeSecret(la.Secret)
	if err != nil {
		return otpmigrate.Account{}, err
	}
	issuer, name := la.Issuer, la.Name
	if issuer == "" {
		issuer = la.OriginalIssuer
	}
	if name == "" {
		name = la.OriginalName
	}
	a := otpmigrate.NewTOTP(strings.TrimSpace(issuer), strings.TrimSpace(name), secret)
	if la.Algorithm != "" {
		if a.Algorithm, err = otpmigrate.ParseAlgorithm(la.Algorithm); err != nil {
			return otpmigrate.Account{}, err
		}
	}
	if la.Digits != nil {
		a.Digits = *la.Digits
	}
	if la.Period != nil {
		a.Period = *la.Period
	}
	if err := a.Validate(); err != nil {
		return otpmigrate.Account{}, err
	}
	return a, nil
}

// lastPassLayer undoes one layer: base64 (the outer one also
// percent-encoded, or with '+' turned into spaces), then gzip.
func lastPassLayer(data string, outer bool) ([]byte, error) {
	what := "content"
	if outer {
		what = "data"
		if strings.Contains(data, "%") {
			u, err := url.PathUnescape(data)
			if err != nil {
				return nil, errors.New("LastPass Authenticator export data has bad percent-encoding")
			}
			data = u
		}
		data = strings.ReplaceAll(strings.TrimSpace(data), " ", "+")
	}
	data = strings.TrimRight(data, "=")
	if len(data) > base64.RawStdEncoding.EncodedLen(MaxLineLength) {
		return nil, fmt.Errorf("LastPass Authenticator export %s is larger than %d KiB", what, MaxLineLength>>10)
	}
	raw, err := base64.RawStdEncoding.DecodeString(data)
	if err != nil {
		return nil, fmt.Errorf("LastPass Authenticator export %s is not valid base64 (was it cut off when copying?)", what)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("LastPass Authenticator export %s is not gzip-compressed", what)
	}
	tooLarge := fmt.Errorf("LastPass Authenticator export %s inflates to more than %d KiB", what, lastPassMaxJSON>>10)
	out, err := capped.ReadAll(zr, lastPassMaxJSON, tooLarge)
	if err == tooLarge {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("LastPass Authenticator export %s is cut short or damaged (was it cut off when copying?)", what)
	}
	return out, nil
}
