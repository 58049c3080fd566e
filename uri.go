package otpmigrate

import (
	"encoding/base32"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// MaxURILength caps the otpauth:// URIs [Parse] accepts. Real ones are under
// 300 bytes; the cap keeps a pasted file from being parsed as one huge URI.
const MaxURILength = 8 << 10

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// EncodeSecret returns secret as unpadded upper-case base32, the form every
// app accepts for manual entry.
func EncodeSecret(secret []byte) string { return b32.EncodeToString(secret) }

// DecodeSecret reads a base32 secret leniently: lower case, '=' padding,
// and spaces or dashes between groups (as sites print them) are accepted.
func DecodeSecret(s string) ([]byte, error) {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '-', '=':
			return -1
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
	if clean == "" {
		return nil, errors.New("empty secret")
	}
	// Go's decoder drops a lone trailing character; a secret with a typo
	// must fail rather than give wrong codes. 1, 3 or 6 characters past a
	// multiple of 8 is never whole bytes.
	switch len(clean) % 8 {
	case 1, 3, 6:
		return nil, errors.New("secret is not valid base32 (its length is wrong: is a character missing or extra?)")
	}
	b, err := b32.DecodeString(clean)
	if err != nil {
		// The position and character would leak part of the secret.
		return nil, errors.New("secret is not valid base32")
	}
	return b, nil
}

// URL returns the account as a canonical otpauth:// Key URI: label
// "Issuer:Name" with both parts percent-encoded (space as %20), or an empty
// label when the name is empty, then secret,
// issuer, and algorithm, digits, period and counter where they differ from
// the defaults (HOTP always carries its counter).
func (a Account) URL() string {
	var b strings.Builder
	b.WriteString("otpauth://")
	b.WriteString(a.Type.String())
	b.WriteByte('/')
	// With an empty name the label is empty too: "Issuer:" would be read
	// by Aegis (GoogleAuthInfo.parseUri) as the name "Issuer:" with no
	// issuer, and "Issuer" alone as the name "Issuer"; an empty label and
	// the issuer parameter are read back exactly by Aegis, Ente Auth,
	// 2FAS, Bitwarden and Proton. Apps that refuse an empty label (Google
	// Authenticator, FreeOTP+) get a name from package target first.
	if a.Issuer != "" && a.Name != "" {
		b.WriteString(escape(a.Issuer))
		b.WriteByte(':')
	}
	b.WriteString(escape(a.Name))
	b.WriteString("?secret=")
	b.WriteString(EncodeSecret(a.Secret))
	if a.Issuer != "" {
		b.WriteString("&issuer=")
		b.WriteString(escape(a.Issuer))
	}
	if a.Algorithm != SHA1 {
		b.WriteString("&algorithm=")
		b.WriteString(a.Algorithm.String())
	}
	defDigits := DefaultDigits
	if a.Type == Steam {
		defDigits = SteamDigits
	}
	if a.Digits != defDigits {
		b.WriteString("&digits=")
		b.WriteString(strconv.Itoa(a.Digits))
	}
	if a.Type != HOTP && a.Period != DefaultPeriod {
		b.WriteString("&period=")
		b.WriteString(strconv.Itoa(a.Period))
	}
	if a.Type == HOTP {
		b.WriteString("&counter=")
		b.WriteString(strconv.FormatUint(a.Counter, 10))
	}
	return b.String()
}

// String returns the account's label, never its secret, so that printing an
// Account by mistake does not leak it.
func (a Account) String() string {
	return fmt.Sprintf("%s account %q", a.Type, a.Label())
}

// escape percent-encodes everything but RFC 3986's unreserved characters, so
// that ':' '/' '&' '#' '?' '=' '%' '+' and space can never be misread.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// ErrNotOTPAuth is returned (wrapped) by [Parse] when the text is not an
// otpauth:// URI at all, as opposed to a broken one.
var ErrNotOTPAuth = errors.New("not an otpauth:// URI")

// Parse reads an otpauth:// Key URI as written by sites and apps, leniently:
//   - the issuer may be in the label ("Issuer:Name"), in the issuer
//     parameter, or both; a label prefix equal to the issuer (in any case)
//     is dropped, and one that differs stays in the name; an escaped
//     separator ("Issuer%3AName") counts only when the issuer parameter
//     confirms it, since names contain colons too;
//   - white space around the issuer and the name is dropped;
//   - the secret may be lower case, padded, or split by spaces;
//   - '+' in the label is read as a space, except inside an email address
//     (alice+2fa@example.com), since apps write both;
//   - algorithm values like "sha256", "SHA-256" or "Algorithm.SHA256";
//   - otpauth://steam/… and encoder=steam are Steam accounts.
//
// Missing parameters take their defaults (SHA1, 6 digits, 30 s). The result
// is validated. Errors never include the secret or the URI.
func Parse(uri string) (Account, error) {
	if len(uri) > MaxURILength {
		return Account{}, fmt.Errorf("otpauth URI is %d bytes, more than the %d allowed", len(uri), MaxURILength)
	}
	s := strings.TrimSpace(uri)
	const scheme = "otpauth://"
	if len(s) < len(scheme) || !strings.EqualFold(s[:len(scheme)], scheme) {
		return Account{}, ErrNotOTPAuth
	}
	s = s[len(scheme):]
	host, rest, _ := strings.Cut(s, "/")
	var query string
	if i := strings.IndexByte(host, '?'); i >= 0 { // otpauth://totp?secret=… (no label)
		host, query, rest = host[:i], host[i+1:], ""
	} else {
		rest, query, _ = strings.Cut(rest, "?")
	}
	if i := strings.IndexByte(query, '#'); i >= 0 {
		query = query[:i]
	}
	typ, err := ParseType(host)
	if err != nil {
		return Account{}, err
	}
	a := Account{Type: typ, Algorithm: SHA1, Digits: DefaultDigits, Period: DefaultPeriod}

	var issuerParam, secret string
	haveIssuer, haveSecret := false, false
	digits := ""
	for _, kv := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		key := strings.ToLower(strings.TrimSpace(k))
		switch key {
		case "secret", "issuer", "algorithm", "digits", "period", "counter", "encoder":
		default:
			// Unknown parameters (image=, color=…) are ignored, and never
			// quoted: in a malformed URI a key can hold the secret.
			continue
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return Account{}, fmt.Errorf("bad percent-encoding in the %s parameter", key)
		}
		switch key {
		case "secret":
			secret, haveSecret = val, true
		case "issuer":
			issuerParam, haveIssuer = strings.TrimSpace(val), true
		case "algorithm":
			if a.Algorithm, err = ParseAlgorithm(val); err != nil {
				return Account{}, err
			}
		case "digits":
			digits = val
		case "period":
			p, err := strconv.Atoi(strings.TrimSpace(val))
			if err != nil {
				return Account{}, fmt.Errorf("period %sis not a number", quoted(val))
			}
			a.Period = p
		case "counter":
			c, err := strconv.ParseUint(strings.TrimSpace(val), 10, 64)
			if err != nil {
				return Account{}, fmt.Errorf("counter %sis not a number", quoted(val))
			}
			a.Counter = c
		case "encoder":
			if strings.EqualFold(strings.TrimSpace(val), "steam") {
				a.Type = Steam
			}
		}
	}
	if !haveSecret {
		return Account{}, errors.New("otpauth URI has no secret parameter")
	}
	if a.Secret, err = DecodeSecret(secret); err != nil {
		return Account{}, err
	}
	if a.Type == Steam {
		a.Digits = SteamDigits
	}
	if digits != "" {
		d, err := strconv.Atoi(strings.TrimSpace(digits))
		if err != nil {
			return Account{}, fmt.Errorf("digits %sis not a number", quoted(digits))
		}
		a.Digits = d
	}
	// The Key URI format requires a counter for HOTP, but apps start at 0
	// when it is missing; fields that do not apply to the type are zeroed so
	// that equal accounts compare equal.
	if a.Type == HOTP {
		a.Period = 0
	} else {
		a.Counter = 0
	}
	if err := a.parseLabel(rest, issuerParam, haveIssuer); err != nil {
		return Account{}, err
	}
	if err := a.Validate(); err != nil {
		return Account{}, err
	}
	return a, nil
}

// parseLabel sets Issuer and Name from the label and the issuer parameter.
// Both are trimmed of surrounding white space (the Key URI format allows
// spaces after the colon, and they arrive percent-encoded as often as not),
// so that the account is in normal form and Parse(a.URL()) == a.
func (a *Account) parseLabel(raw, issuerParam string, haveIssuer bool) error {
	prefix, name, hasColon := strings.Cut(raw, ":")
	if !hasColon {
		prefix, name = "", raw
	}
	var err error
	if name, err = unescapeLabel(name); err != nil {
		return err
	}
	if hasColon {
		if prefix, err = unescapeLabel(prefix); err != nil {
			return err
		}
		prefix = strings.TrimSpace(prefix)
	}
	a.Name = name
	switch {
	case haveIssuer:
		a.Issuer = issuerParam
		if hasColon && !strings.EqualFold(prefix, issuerParam) {
			// A label prefix that disagrees with the issuer parameter is
			// kept in the name rather than silently dropped.
			a.Name = prefix + ":" + name
		}
		if !hasColon && issuerParam != "" && len(name) > len(issuerParam) &&
			name[len(issuerParam)] == ':' && strings.EqualFold(name[:len(issuerParam)], issuerParam) {
			// "Issuer%3AName": the separator was escaped. Without an
			// issuer parameter to confirm it, an escaped colon is part of
			// the name ("encoding: ¿äÄéÉ? (demo)").
			a.Name = name[len(issuerParam)+1:]
		}
	case hasColon:
		a.Issuer = prefix
	}
	a.Issuer = strings.TrimSpace(a.Issuer)
	a.Name = strings.TrimSpace(a.Name)
	return nil
}

// unescapeLabel undoes percent-encoding; '+' becomes a space except in a part
// that looks like an email address, where it is plus addressing.
func unescapeLabel(s string) (string, error) {
	if strings.Contains(s, "+") && !strings.Contains(s, "@") && !strings.Contains(s, "%40") {
		s = strings.ReplaceAll(s, "+", "%20")
	}
	out, err := url.PathUnescape(s)
	if err != nil {
		return "", errors.New("bad percent-encoding in label")
	}
	return out, nil
}
