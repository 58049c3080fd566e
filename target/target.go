// Package target knows what each destination app can hold: one [Profile]
// per app, each rule taken from that app's own import code or
// documentation (the source is named beside every rule in profiles.go).
//
// An export asks a profile what an account becomes in the app with
// [Profile.Adapt]: the account as the app will hold it, the [Change]s on the
// way, and whether the app can hold it at all. A change that alters the
// codes (a period the app reads as 30 s, say) means the account must be left
// out unless the user accepts the loss; a change of the label only (an
// empty name shown as the issuer) is announced but harmless.
//
// # Stricter rule
//
// Where two sources for one app disagree (2FAS on Android and on iOS, the
// old open-source Google Authenticator and the current app, FreeOTP and
// FreeOTP+), the profile takes the stricter rule, so that an account that
// passes is held exactly by every version named.
package target

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate"
)

// Carrier is the way accounts reach the app; some rules hold for one only.
type Carrier uint8

const (
	// KeyURI is an otpauth:// Key URI: a QR code, the terminal, the sheet
	// or a pasted URL.
	KeyURI Carrier = iota + 1
	// File is the app's own backup file (Aegis vault, .2fas).
	File
	// Migration is Google Authenticator's otpauth-migration:// codes.
	Migration
)

// Profile is what one destination app holds. The zero value of a limit
// means "no limit of its own"; [Profile.Adapt] still keeps every account
// within [otpmigrate.Account.Validate].
type Profile struct {
	// Name is the command-line name, e.g. "2fas-ios".
	Name string
	// App is the app's name as users know it, e.g. "2FAS (iOS)".
	App string
	// Carrier is how otpmigrate writes for the app: [KeyURI] unless the
	// app has its own file or migration format that otpmigrate writes.
	Carrier Carrier

	// Types the app holds.
	Types []otpmigrate.Type
	// SteamAs is the type a Steam account becomes where Steam is not held
	// (0: left out).
	SteamAs otpmigrate.Type
	// FileSteam: the app's own file holds Steam Guard although its Key
	// URI does not (Bitwarden's steam://SECRET).
	FileSteam bool
	// Algorithms the app holds; any other becomes SHA1, the default every
	// app falls back to.
	Algorithms []otpmigrate.Algorithm
	// Digits the app holds (nil: any within Validate); any other becomes
	// DigitsElse.
	Digits     []int
	DigitsElse int
	// Periods the app holds, as a set (nil: any from MinPeriod up to
	// MaxPeriod); any other becomes PeriodElse (0: 30 s).
	Periods    []int
	MinPeriod  int
	MaxPeriod  int
	PeriodElse int
	// MaxCounter is the highest HOTP counter the app stores (0: 2^64-1).
	// A higher counter cannot be held at all.
	MaxCounter uint64

	// NameRequired: the app refuses an empty account name; the issuer
	// is used instead.
	NameRequired bool
	// DropIssuerPrefix: the app reads a name "Issuer:rest" as issuer
	// and name, dropping the prefix (Google Authenticator).
	DropIssuerPrefix bool
	// Colons: how the app reads a ':' inside the issuer or the name of a
	// Key URI label (see [ColonRule]).
	Colons ColonRule
	// NameMax cuts the name to this many characters with "..." (0: no
	// cut); NameStripURL drops "https://" and "http://" from it.
	NameMax      int
	NameStripURL bool
	// IssuerDrop lists characters the app removes from the issuer.
	IssuerDrop string

	// PasswordASCII: the app's encrypted file takes an ASCII password
	// only.
	PasswordASCII bool
	// PerCode is the most accounts per QR code (0: one account per code).
	PerCode int
	// ExplicitParams: the app needs digits and period written even when
	// they are the defaults.
	ExplicitParams bool
	// SteamEncoder: the app reads Steam Guard from a totp Key URI with
	// encoder=steam, not from otpauth://steam/.
	SteamEncoder bool

	// Rules describe every limit above with its source, for
	// `otpmigrate targets`, docs/targets.md and the tests.
	Rules []Rule
}

// ColonRule is how an app reads colons inside a Key URI label's issuer or
// name. otpmigrate escapes them (%3A), but Android's Uri.getPath and most
// other readers decode the path before they split it.
type ColonRule uint8

const (
	// ColonsKept: the app splits at the first colon and matches the issuer
	// parameter, so colons survive.
	ColonsKept ColonRule = iota
	// ColonsSplitNoIssuer: without an issuer, a colon in the name splits
	// it into issuer and name (Ente, FreeOTP+).
	ColonsSplitNoIssuer
	// ColonsAegis: a label with more than one colon goes whole into the
	// name with no issuer, and a name with a colon and no issuer is split.
	ColonsAegis
	// ColonsRefused: the app refuses a label with a colon in the issuer or
	// the name (FreeOTP); they become '-'.
	ColonsRefused
)

// Rule is one limit of an app with its source, for people.
type Rule struct {
	Field  string // "type", "algorithm", "digits", "period", "counter", "name", "issuer", "password", "per code", "params"
	Holds  string // what the app holds, e.g. "5 to 8"
	Else   string // what becomes of anything else, e.g. "the whole import fails"
	Source string // repository and path, or documentation
}

// Change is one difference between an account and the app's copy of it.
// It never holds a secret; the name appears only in From and To, and
// String does not print it (names are often email addresses).
type Change struct {
	Field    string // "type", "algorithm", "digits", "period", "counter", "name", "issuer"
	From, To string
	// Codes reports that the app's codes differ from the site's (or the
	// app refuses the account); false means only the label shown differs.
	Codes bool
	// Why says what happens to a name or an issuer, without quoting it.
	Why string
}

// String says what changes, e.g. "8 digits become 6" or "the empty name
// becomes the issuer"; names and issuers are not quoted.
func (c Change) String() string {
	if c.Why != "" {
		return c.Why
	}
	switch c.Field {
	case "type":
		if c.To == "nothing" {
			return fmt.Sprintf("%s accounts are not held", typeName(c.From))
		}
		return fmt.Sprintf("%s becomes %s", typeName(c.From), typeName(c.To))
	case "algorithm":
		return fmt.Sprintf("%s becomes %s", c.From, c.To)
	case "digits":
		return fmt.Sprintf("%s digits become %s", c.From, c.To)
	case "period":
		return fmt.Sprintf("a %s s period becomes %s s", c.From, c.To)
	case "counter":
		return fmt.Sprintf("counter %s is more than it stores", c.From)
	case "name":
		return "the name is shown differently"
	case "issuer":
		return "the issuer is shown differently"
	}
	return c.Field + " changes"
}

// typeName is how people write a type: "TOTP", "HOTP", "Steam".
func typeName(t string) string {
	if t == "steam" {
		return "Steam"
	}
	return strings.ToUpper(t)
}

// Lossy reports whether any change alters the codes.
func Lossy(changes []Change) bool {
	for _, c := range changes {
		if c.Codes {
			return true
		}
	}
	return false
}

// Describe joins the changes for a warning: "8 digits become 6, a 60 s
// period becomes 30 s".
func Describe(changes []Change) string {
	var s []string
	for _, c := range changes {
		// A name and an issuer changed for one reason say it once.
		if d := c.String(); !slices.Contains(s, d) {
			s = append(s, d)
		}
	}
	return strings.Join(s, ", ")
}

// Adapt returns a as the app holds it after import through p's own
// carrier, the changes on the way, and ok=false when the app cannot hold
// the account in any form (an HOTP account in a TOTP-only app, a counter
// beyond what it stores): such an account is left out even when losses are
// accepted. a itself is not modified.
func (p Profile) Adapt(a otpmigrate.Account) (adapted otpmigrate.Account, changes []Change, ok bool) {
	return p.AdaptVia(p.Carrier, a)
}

// AdaptVia is [Profile.Adapt] for a given carrier: the Key URI label
// rules do not apply to a backup file.
func (p Profile) AdaptVia(c Carrier, a otpmigrate.Account) (adapted otpmigrate.Account, changes []Change, ok bool) {
	g := a
	g.Secret = append([]byte(nil), a.Secret...)
	add := func(field, from, to string, codes bool) {
		changes = append(changes, Change{Field: field, From: from, To: to, Codes: codes})
	}
	held := slices.Contains(p.Types, g.Type) || c == File && p.FileSteam && g.Type == otpmigrate.Steam
	if !held {
		if g.Type != otpmigrate.Steam || p.SteamAs == 0 {
			return g, append(changes, Change{Field: "type", From: g.Type.String(), To: "nothing", Codes: true}), false
		}
		add("type", g.Type.String(), p.SteamAs.String(), true)
		g.Type = p.SteamAs
	}
	if g.Type == otpmigrate.HOTP {
		g.Period = 0
		if limit := p.maxCounter(); g.Counter > limit {
			return g, append(changes, Change{Field: "counter", From: strconv.FormatUint(g.Counter, 10),
				To: strconv.FormatUint(limit, 10), Codes: true}), false
		}
	} else {
		g.Counter = 0
	}
	if g.Type != otpmigrate.Steam {
		if !slices.Contains(p.Algorithms, g.Algorithm) {
			add("algorithm", g.Algorithm.String(), otpmigrate.SHA1.String(), true)
			g.Algorithm = otpmigrate.SHA1
		}
		if !p.digitsOK(g.Digits) {
			to := p.DigitsElse
			if to == 0 {
				to = otpmigrate.DefaultDigits
			}
			add("digits", strconv.Itoa(g.Digits), strconv.Itoa(to), true)
			g.Digits = to
		}
		if g.Type == otpmigrate.TOTP && !p.periodOK(g.Period) {
			to := p.PeriodElse
			if to == 0 {
				to = otpmigrate.DefaultPeriod
			}
			add("period", strconv.Itoa(g.Period), strconv.Itoa(to), true)
			g.Period = to
		}
	}
	p.adaptLabel(c, &g, &changes)
	return g, changes, true
}

func (p Profile) maxCounter() uint64 {
	if p.MaxCounter == 0 {
		return math.MaxUint64
	}
	return p.MaxCounter
}

func (p Profile) digitsOK(d int) bool {
	if p.Digits == nil {
		return true
	}
	return slices.Contains(p.Digits, d)
}

func (p Profile) periodOK(s int) bool {
	if p.Periods != nil {
		return slices.Contains(p.Periods, s)
	}
	return s >= max(p.MinPeriod, 1) && (p.MaxPeriod == 0 || s <= p.MaxPeriod)
}

// adaptLabel applies the label rules; they change what is shown, never
// the codes.
func (p Profile) adaptLabel(c Carrier, g *otpmigrate.Account, out *[]Change) {
	var changes []Change
	setName := func(n, why string) {
		if n != g.Name {
			changes = append(changes, Change{Field: "name", From: g.Name, To: n, Why: why})
			g.Name = n
		}
	}
	setIssuer := func(s, why string) {
		if s != g.Issuer {
			changes = append(changes, Change{Field: "issuer", From: g.Issuer, To: s, Why: why})
			g.Issuer = s
		}
	}
	defer func() { *out = append(*out, changes...) }()
	if c == Migration {
		// Protocol buffer strings are UTF-8: bytes that are not cannot be
		// carried, and the app would show replacement characters.
		const why = "characters that are not UTF-8 are replaced"
		setIssuer(strings.ToValidUTF8(g.Issuer, "\uFFFD"), why)
		setName(strings.ToValidUTF8(g.Name, "\uFFFD"), why)
	}
	if p.IssuerDrop != "" {
		// ReplaceAll, not strings.Map: Map would turn bytes that are not
		// UTF-8 into three-byte replacement characters.
		iss := g.Issuer
		for _, r := range p.IssuerDrop {
			iss = strings.ReplaceAll(iss, string(r), "")
		}
		setIssuer(strings.TrimSpace(iss), "characters "+strconv.Quote(p.IssuerDrop)+" are dropped from the issuer")
	}
	if p.DropIssuerPrefix && g.Issuer != "" && strings.HasPrefix(g.Name, g.Issuer+":") {
		setName(strings.TrimSpace(g.Name[len(g.Issuer)+1:]), "the issuer prefix is dropped from the name")
	}
	if c == KeyURI {
		switch p.Colons {
		case ColonsSplitNoIssuer:
			if g.Issuer == "" && strings.Contains(g.Name, ":") {
				iss, name, _ := strings.Cut(g.Name, ":")
				const why = "a colon splits the name into issuer and name"
				setName(name, why)
				setIssuer(iss, why)
			}
		case ColonsAegis:
			// GoogleAuthInfo.parseUri splits the decoded label with
			// String.split(":"): exactly two parts make issuer and name,
			// anything else goes whole into the name, and the issuer
			// parameter is then ignored.
			label := g.Name
			if g.Issuer != "" && g.Name != "" {
				label = g.Issuer + ":" + g.Name
			}
			if strings.Contains(label, ":") {
				const why = "colons in the label mix up issuer and name"
				parts := strings.Split(strings.TrimRight(label, ":"), ":")
				if len(parts) == 2 {
					setName(parts[1], why)
					setIssuer(parts[0], why)
				} else {
					setName(label, why)
					setIssuer("", why)
				}
			}
		case ColonsRefused:
			const why = "colons in the label are refused; they become '-'"
			setIssuer(strings.ReplaceAll(g.Issuer, ":", "-"), why)
			setName(strings.ReplaceAll(g.Name, ":", "-"), why)
		}
	}
	if p.NameStripURL {
		setName(strings.TrimSpace(strings.NewReplacer("https://", "", "http://", "").Replace(g.Name)), "\"https://\" is removed from the name")
	}
	if p.NameMax > 0 && utf8.RuneCountInString(g.Name) > p.NameMax {
		// Cut at a byte offset, so that bytes that are not UTF-8 stay as
		// they are rather than grow into replacement characters.
		cut, n := len(g.Name), 0
		for i := range g.Name {
			if n == p.NameMax-3 {
				cut = i
				break
			}
			n++
		}
		setName(g.Name[:cut]+"...", fmt.Sprintf("the name is cut to %d characters", p.NameMax))
	}
	if p.NameRequired && g.Name == "" {
		n, why := g.Issuer, "the empty name becomes the issuer"
		if n == "" {
			n, why = "Unnamed", "the empty name becomes \"Unnamed\""
		}
		setName(n, why)
	}
}

// URL returns a's otpauth:// Key URI in the form the app reads: the
// canonical [otpmigrate.Account.URL], with digits and period written out
// when the app needs them (ExplicitParams), and Steam Guard as a totp URI
// with encoder=steam when the app reads it so (SteamEncoder). Every form
// parses back to a with [otpmigrate.Parse].
func (p Profile) URL(a otpmigrate.Account) string {
	t := a
	suffix := ""
	if p.SteamEncoder && a.Type == otpmigrate.Steam {
		t.Type = otpmigrate.TOTP
		suffix = "&encoder=steam"
	}
	u := t.URL()
	if p.ExplicitParams {
		if !strings.Contains(u, "&digits=") {
			u += "&digits=" + strconv.Itoa(t.Digits)
		}
		if t.Type != otpmigrate.HOTP && !strings.Contains(u, "&period=") {
			u += "&period=" + strconv.Itoa(t.Period)
		}
	}
	return u + suffix
}

// PasswordProblem says why the app cannot open a file encrypted with pw,
// or "" when it can.
func (p Profile) PasswordProblem(pw []byte) string {
	if !p.PasswordASCII {
		return ""
	}
	for _, b := range pw {
		if b >= 0x80 {
			return p.App + " reads the password as ASCII only, so a password with other characters is reported wrong"
		}
	}
	return ""
}

// Lookup returns the profile named name ("2fas-ios"), case-insensitively,
// and whether there is one.
func Lookup(name string) (Profile, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, p := range profiles {
		if p.Name == n {
			return p, true
		}
	}
	for alias, to := range aliases {
		if alias == n {
			return Lookup(to)
		}
	}
	return Profile{}, false
}

// All returns every profile in the order `otpmigrate targets` lists them.
func All() []Profile { return slices.Clone(profiles) }

// Names returns the profile names, for usage messages.
func Names() []string {
	n := make([]string, len(profiles))
	for i, p := range profiles {
		n[i] = p.Name
	}
	return n
}

// Holds is a profile's limits in words, one per column of
// `otpmigrate targets`.
type Holds struct {
	Types, Algorithms, Digits, Periods, Counter, Labels string
}

// Holds describes p's limits in words.
func (p Profile) Holds() Holds {
	var h Holds
	types := make([]string, len(p.Types))
	for i, t := range p.Types {
		types[i] = typeName(t.String())
	}
	h.Types = strings.Join(types, ", ")
	algs := make([]string, len(p.Algorithms))
	for i, a := range p.Algorithms {
		algs[i] = a.String()
	}
	h.Algorithms = strings.Join(algs, ", ")
	h.Digits = intSet(p.Digits, "any")
	switch {
	case p.Periods != nil:
		h.Periods = intSet(p.Periods, "") + " s"
	case p.MaxPeriod > 0:
		h.Periods = fmt.Sprintf("%d-%d s", max(p.MinPeriod, 1), p.MaxPeriod)
	case p.MinPeriod > 1:
		h.Periods = fmt.Sprintf("%d s or more", p.MinPeriod)
	default:
		h.Periods = "any"
	}
	switch {
	case !slices.Contains(p.Types, otpmigrate.HOTP):
		h.Counter = "-"
	case p.MaxCounter == math.MaxInt32:
		h.Counter = "2^31-1"
	case p.MaxCounter == math.MaxInt64:
		h.Counter = "2^63-1"
	default:
		h.Counter = strconv.FormatUint(p.maxCounter(), 10)
	}
	var labels []string
	if p.NameRequired {
		labels = append(labels, "name required")
	}
	switch p.Colons {
	case ColonsSplitNoIssuer, ColonsAegis:
		labels = append(labels, "colons split")
	case ColonsRefused:
		labels = append(labels, "no colons")
	}
	if p.NameMax > 0 {
		labels = append(labels, fmt.Sprintf("name ≤ %d", p.NameMax))
	}
	if p.PasswordASCII {
		labels = append(labels, "ASCII password")
	}
	if p.PerCode > 0 {
		labels = append(labels, fmt.Sprintf("≤ %d per code", p.PerCode))
	}
	h.Labels = strings.Join(labels, ", ")
	if h.Labels == "" {
		h.Labels = "-"
	}
	return h
}

// intSet writes 5, 6, 7, 8 as "5-8" and 6, 8 as "6, 8".
func intSet(s []int, none string) string {
	if len(s) == 0 {
		return none
	}
	if len(s) > 2 && s[len(s)-1]-s[0] == len(s)-1 {
		return fmt.Sprintf("%d-%d", s[0], s[len(s)-1])
	}
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}
