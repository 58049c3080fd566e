package target_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/target"
)

var secret = []byte("12345678901234567890")

func base() otpmigrate.Account { return otpmigrate.NewTOTP("GitHub", "alice@example.com", secret) }

func with(f func(*otpmigrate.Account)) otpmigrate.Account {
	a := base()
	f(&a)
	return a
}

func hotp(counter uint64) otpmigrate.Account {
	return otpmigrate.NewHOTP("GitHub", "alice", secret, counter)
}

func steam() otpmigrate.Account {
	return otpmigrate.Account{Type: otpmigrate.Steam, Issuer: "Steam", Name: "alice", Secret: secret,
		Algorithm: otpmigrate.SHA1, Digits: 5, Period: 30}
}

// TestRules checks each profile rule on an account that breaks it. Every
// row names the source of the rule it tests; the same source is cited
// beside the rule in profiles.go.
func TestRules(t *testing.T) {
	tests := []struct {
		profile string
		a       otpmigrate.Account
		want    string // Describe of the changes; "" for none
		ok      bool
		source  string
	}{
		// Google Authenticator, migration codes.
		{"google-authenticator", base(), "", true, "baseline"},
		{"google-authenticator", with(func(a *otpmigrate.Account) { a.Period = 60 }), "a 60 s period becomes 30 s", true,
			"Aegis GoogleAuthInfo.parseExportUri: MigrationPayload has no period"},
		{"google-authenticator", with(func(a *otpmigrate.Account) { a.Digits = 7 }), "7 digits become 6", true, "DIGIT_COUNT_SIX/EIGHT only"},
		{"google-authenticator", with(func(a *otpmigrate.Account) { a.Digits = 8; a.Algorithm = otpmigrate.SHA512 }), "", true, "EIGHT, SHA512 in the format"},
		{"google-authenticator", with(func(a *otpmigrate.Account) { a.Algorithm = otpmigrate.MD5 }), "MD5 becomes SHA1", true, "no MD5 accounts in the app (stricter)"},
		{"google-authenticator", with(func(a *otpmigrate.Account) { a.Name = "" }), "the empty name becomes the issuer", true, "issue 10: an empty name refuses the code"},
		{"google-authenticator", with(func(a *otpmigrate.Account) { a.Name = "GitHub:alice" }), "the issuer prefix is dropped from the name", true, "issuer prefix"},
		{"google-authenticator", steam(), "Steam becomes TOTP, 5 digits become 6", true, "types TOTP and HOTP"},
		{"google-authenticator", hotp(1 << 63), "counter 9223372036854775808 is more than it stores", false, "int64 counter"},
		{"google-authenticator", with(func(a *otpmigrate.Account) { a.Name = "al\xffice" }), "characters that are not UTF-8 are replaced", true, "protobuf strings are UTF-8"},
		// Google Authenticator, single codes.
		{"google-authenticator-qr", with(func(a *otpmigrate.Account) { a.Algorithm = otpmigrate.SHA256 }), "SHA256 becomes SHA1", true,
			"Key-Uri-Format wiki: algorithm ignored"},
		{"google-authenticator-qr", with(func(a *otpmigrate.Account) { a.Digits = 8 }), "8 digits become 6", true, "Key-Uri-Format wiki: digits ignored"},
		{"google-authenticator-qr", hotp(1 << 31), "counter 2147483648 is more than it stores", false, "AuthenticatorActivity.parseSecret: Integer.parseInt"},
		{"google-authenticator-qr", hotp(1<<31 - 1), "", true, "AuthenticatorActivity.parseSecret: Integer.parseInt"},
		{"google-authenticator-qr", with(func(a *otpmigrate.Account) { a.Name, a.Issuer = "", "" }), `the empty name becomes "Unnamed"`, true,
			"validateAndGetUserInPath: empty user is invalid"},
		// Microsoft Authenticator.
		{"microsoft-authenticator", with(func(a *otpmigrate.Account) { a.Digits = 8 }), "8 digits become 6", true, "issue 10: digits ignored"},
		{"microsoft-authenticator", with(func(a *otpmigrate.Account) { a.Algorithm = otpmigrate.SHA512 }), "SHA512 becomes SHA1", true, "fmarier.org TOTP in 2025"},
		{"microsoft-authenticator", hotp(3), "HOTP accounts are not held", false, "TOTP only"},
		// Authy.
		{"authy", with(func(a *otpmigrate.Account) { a.Period = 60 }), "a 60 s period becomes 30 s", true, "issue 10: no 60 s"},
		{"authy", with(func(a *otpmigrate.Account) { a.Algorithm = otpmigrate.SHA256 }), "SHA256 becomes SHA1", true, "fmarier.org TOTP in 2025"},
		{"authy", with(func(a *otpmigrate.Account) { a.Digits = 7 }), "", true, "AuthyImporter: digits stored"},
		{"authy", with(func(a *otpmigrate.Account) { a.Digits = 9 }), "9 digits become 6", true, "6 to 8 offered"},
		{"microsoft-authenticator", with(func(a *otpmigrate.Account) { a.Period = 60 }), "a 60 s period becomes 30 s", true, "MicrosoftAuthImporter: no period column"},
		// 2FAS Android.
		{"2fas-android", with(func(a *otpmigrate.Account) { a.Digits = 9 }), "9 digits become 6", true, "OtpAuthenticator.keyModulus 5..8"},
		{"2fas-android", with(func(a *otpmigrate.Account) { a.Digits = 5 }), "", true, "OtpAuthenticator.keyModulus 5..8"},
		{"2fas-android", with(func(a *otpmigrate.Account) { a.Period = 45 }), "a 45 s period becomes 30 s", true, "isServiceValid 10/30/60/90"},
		{"2fas-android", with(func(a *otpmigrate.Account) { a.Period = 90 }), "", true, "isServiceValid 10/30/60/90"},
		{"2fas-android", hotp(1 << 31), "counter 2147483648 is more than it stores", false, "BackupService.Otp.counter: Int"},
		{"2fas-android", with(func(a *otpmigrate.Account) { a.Algorithm = otpmigrate.MD5 }), "MD5 becomes SHA1", true, "Service.Algorithm has no MD5"},
		{"2fas-android", steam(), "", true, "AuthType STEAM"},
		// 2FAS iOS.
		{"2fas-ios", with(func(a *otpmigrate.Account) { a.Algorithm = otpmigrate.MD5 }), "", true, "Algorithm.swift has MD5"},
		{"2fas-ios", with(func(a *otpmigrate.Account) { a.Period = 120 }), "a 120 s period becomes 30 s", true, "Period.create defaults to 30"},
		{"2fas-ios", with(func(a *otpmigrate.Account) { a.Digits = 10 }), "10 digits become 6", true, "Digits.create defaults to 6"},
		{"2fas-ios", hotp(1 << 40), "", true, "counter: Swift Int"},
		{"2fas-ios", with(func(a *otpmigrate.Account) { a.Name = strings.Repeat("x", 51) }), "the name is cut to 50 characters", true, "sanitizeInfo: additionalInfoMaxLength 50"},
		{"2fas-ios", with(func(a *otpmigrate.Account) { a.Name = "https://example.com" }), `"https://" is removed from the name`, true, "sanitizeInfo"},
		{"2fas-ios", with(func(a *otpmigrate.Account) { a.Issuer = `a\b` }), `characters "\\" are dropped from the issuer`, true, "sanitazeName"},
		// 2FAS, the stricter of both.
		{"2fas", with(func(a *otpmigrate.Account) { a.Algorithm = otpmigrate.MD5 }), "MD5 becomes SHA1", true, "Android has no MD5"},
		{"2fas", hotp(1 << 31), "counter 2147483648 is more than it stores", false, "Android Int counter"},
		{"2fas", with(func(a *otpmigrate.Account) { a.Name = strings.Repeat("x", 60) }), "the name is cut to 50 characters", true, "iOS sanitizeInfo"},
		// Aegis.
		{"aegis", with(func(a *otpmigrate.Account) { a.Digits = 10 }), "", true, "OtpInfo.isDigitsValid 1..10"},
		{"aegis", with(func(a *otpmigrate.Account) { a.Algorithm = otpmigrate.MD5 }), "MD5 becomes SHA1", true, "OtpInfo.fromJson: MD5 becomes SHA1"},
		{"aegis", with(func(a *otpmigrate.Account) { a.Period = 86400 }), "", true, "TotpInfo.isPeriodValid"},
		{"aegis", hotp(1 << 62), "", true, "HotpInfo: long counter"},
		{"aegis", steam(), "", true, "SteamInfo"},
		// Ente Auth.
		{"ente-auth", with(func(a *otpmigrate.Account) { a.Algorithm = otpmigrate.MD5 }), "MD5 becomes SHA1", true, "code.dart _getAlgorithm"},
		{"ente-auth", with(func(a *otpmigrate.Account) { a.Digits = 10; a.Period = 600 }), "", true, "code.dart _getDigits/_getPeriod"},
		{"ente-auth", steam(), "", true, "code.dart _getType"},
		// Proton Authenticator.
		{"proton-authenticator", hotp(1), "HOTP accounts are not held", false, "totp.rs check_otp_type"},
		{"proton-authenticator", with(func(a *otpmigrate.Account) { a.Period = 70000 }), "a 70000 s period becomes 30 s", true, "queries.rs get_period: u16"},
		{"proton-authenticator", with(func(a *otpmigrate.Account) { a.Digits = 10 }), "10 digits become 6", true, "u32 10^digits"},
		{"proton-authenticator", steam(), "", true, "entry.rs: otpauth://steam"},
		// Bitwarden.
		{"bitwarden", hotp(1), "HOTP accounts are not held", false, "totp.rs from_str ignores the host"},
		{"bitwarden", with(func(a *otpmigrate.Account) { a.Digits = 10 }), "10 digits become 6", true, "10_u32.pow(10) overflows"},
		{"bitwarden", with(func(a *otpmigrate.Account) { a.Period = 3600 }), "", true, "period any"},
		// FreeOTP / FreeOTP+.
		{"freeotp", with(func(a *otpmigrate.Account) { a.Digits = 5 }), "5 digits become 6", true, "FreeOTP Code.Factory min 6"},
		{"freeotp", with(func(a *otpmigrate.Account) { a.Digits = 9 }), "9 digits become 6", true, "FreeOTP+ createFromUri 5..8"},
		{"freeotp", with(func(a *otpmigrate.Account) { a.Period = 4 }), "a 4 s period becomes 30 s", true, "FreeOTP Token(Uri): period < 5"},
		{"freeotp", with(func(a *otpmigrate.Account) { a.Name = "" }), "the empty name becomes the issuer", true, "FreeOTP+: Token path is empty"},
		{"freeotp", with(func(a *otpmigrate.Account) { a.Name = "a:b" }), "colons in the label are refused; they become '-'", true, "FreeOTP Token PATTERN"},
		{"freeotp", with(func(a *otpmigrate.Account) { a.Algorithm = otpmigrate.MD5 }), "MD5 becomes SHA1", true, "FreeOTP SAFE_ALGOS"},
		{"freeotp", steam(), "Steam accounts are not held", false, "totp, hotp only"},
		// KeePassXC.
		{"keepassxc", with(func(a *otpmigrate.Account) { a.Period = 90 }), "a 90 s period becomes 60 s", true, "totp.cpp qBound(1, step, 60)"},
		{"keepassxc", with(func(a *otpmigrate.Account) { a.Digits = 10 }), "10 digits become 6", true, "totp.cpp quint32 digitsPower"},
		{"keepassxc", hotp(1), "HOTP accounts are not held", false, "totp.cpp ignores the host"},
		{"keepassxc", steam(), "", true, "totp.cpp encoder=steam"},
		// The Key URI format.
		{"generic", with(func(a *otpmigrate.Account) { a.Digits = 7 }), "7 digits become 6", true, "Key-Uri-Format: 6 or 8"},
		{"generic", with(func(a *otpmigrate.Account) { a.Period = 60 }), "", true, "Key-Uri-Format: period"},
	}
	for _, tt := range tests {
		p, ok := target.Lookup(tt.profile)
		if !ok {
			t.Fatalf("no profile %q", tt.profile)
		}
		orig := tt.a
		origSecret := bytes.Clone(tt.a.Secret)
		got, changes, held := p.Adapt(tt.a)
		if d := target.Describe(changes); d != tt.want || held != tt.ok {
			t.Errorf("%s (%s): %q ok=%v, want %q ok=%v", tt.profile, tt.source, d, held, tt.want, tt.ok)
			continue
		}
		if !bytes.Equal(orig.Secret, origSecret) || !bytes.Equal(got.Secret, orig.Secret) {
			t.Errorf("%s (%s): secret changed", tt.profile, tt.source)
		}
		if !held {
			continue
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%s (%s): adapted account is invalid: %v", tt.profile, tt.source, err)
		}
		// Adapting twice changes nothing more: the result is what the app
		// holds.
		if again, more, _ := p.Adapt(got); len(more) != 0 || !again.Equal(got) {
			t.Errorf("%s (%s): adapting again changes %q", tt.profile, tt.source, target.Describe(more))
		}
		if (tt.want == "") != got.Equal(orig) {
			t.Errorf("%s (%s): account changed without a change reported, or the reverse", tt.profile, tt.source)
		}
	}
}

// TestAegisColons checks Aegis's split of a Key URI label
// (GoogleAuthInfo.parseUri: label.split(":"), two parts or the whole label
// in the name); a vault file carries the fields apart.
func TestAegisColons(t *testing.T) {
	p, _ := target.Lookup("aegis")
	tests := []struct{ issuer, name, wantIssuer, wantName string }{
		{"GitHub", "alice", "GitHub", "alice"},
		{"", "alice", "", "alice"},
		{"GitHub", "", "GitHub", ""}, // empty label, issuer parameter
		{"GitHub", "a:b", "", "GitHub:a:b"},
		{"", "a:b", "a", "b"},
		{"a:b", "c", "", "a:b:c"},
	}
	for _, tt := range tests {
		a := otpmigrate.NewTOTP(tt.issuer, tt.name, secret)
		got, changes, _ := p.AdaptVia(target.KeyURI, a)
		if got.Issuer != tt.wantIssuer || got.Name != tt.wantName {
			t.Errorf("%q/%q: Aegis holds %q/%q, want %q/%q", tt.issuer, tt.name, got.Issuer, got.Name, tt.wantIssuer, tt.wantName)
		}
		if target.Lossy(changes) {
			t.Errorf("%q/%q: a label change is reported as changing codes", tt.issuer, tt.name)
		}
		if file, changes, _ := p.AdaptVia(target.File, a); len(changes) != 0 || !file.Equal(a) {
			t.Errorf("%q/%q: the vault file changes the label", tt.issuer, tt.name)
		}
	}
}

// TestBitwardenSteam: Bitwarden's JSON export holds Steam Guard as
// steam://SECRET (sdk-internal totp.rs), its Key URI does not.
func TestBitwardenSteam(t *testing.T) {
	p, _ := target.Lookup("bitwarden")
	if got, changes, ok := p.AdaptVia(target.File, steam()); !ok || len(changes) != 0 || !got.Equal(steam()) {
		t.Errorf("Bitwarden file: Steam becomes %v (%v, %v), want it held", got, target.Describe(changes), ok)
	}
	if got, changes, ok := p.AdaptVia(target.KeyURI, steam()); !ok || !target.Lossy(changes) || got.Type != otpmigrate.TOTP {
		t.Errorf("Bitwarden Key URI: Steam becomes %v (%v, %v), want TOTP with other codes", got.Type, target.Describe(changes), ok)
	}
	if _, _, ok := p.AdaptVia(target.File, hotp(1)); ok {
		t.Error("Bitwarden file holds HOTP")
	}
}

// TestEnteColons: Ente's _getIssuer/_getAccount split a name with a colon
// when there is no issuer.
func TestEnteColons(t *testing.T) {
	p, _ := target.Lookup("ente")
	got, _, _ := p.Adapt(otpmigrate.NewTOTP("", "a:b", secret))
	if got.Issuer != "a" || got.Name != "b" {
		t.Errorf("Ente holds %q/%q, want a/b", got.Issuer, got.Name)
	}
	got, changes, _ := p.Adapt(otpmigrate.NewTOTP("x", "a:b", secret))
	if len(changes) != 0 || got.Name != "a:b" {
		t.Errorf("with an issuer the name is changed: %q", got.Name)
	}
}

// TestPassword: 2FAS iOS encodes the password as ASCII
// (ExchangeFileEncryption.pbkdf2); Android takes any.
func TestPassword(t *testing.T) {
	ios, _ := target.Lookup("2fas-ios")
	android, _ := target.Lookup("2fas-android")
	both := target.TwoFAS
	for _, tt := range []struct {
		p    target.Profile
		pw   string
		fail bool
	}{
		{ios, "correct horse", false}, {ios, "pässword", true}, {android, "pässword", false}, {both, "pässword", true}, {both, "plain", false},
	} {
		if got := tt.p.PasswordProblem([]byte(tt.pw)) != ""; got != tt.fail {
			t.Errorf("%s %q: problem %v, want %v", tt.p.Name, tt.pw, got, tt.fail)
		}
	}
}

// TestTable checks that every profile can be found by name, has a rule for
// each kind of limit it sets, and cites a source for every rule.
func TestTable(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range target.All() {
		if seen[p.Name] {
			t.Errorf("profile %q twice", p.Name)
		}
		seen[p.Name] = true
		if q, ok := target.Lookup(strings.ToUpper(p.Name)); !ok || q.Name != p.Name {
			t.Errorf("Lookup(%q) fails", p.Name)
		}
		if p.App == "" || p.Carrier == 0 || len(p.Types) == 0 || len(p.Algorithms) == 0 {
			t.Errorf("%s: incomplete profile", p.Name)
		}
		fields := map[string]bool{}
		for _, r := range p.Rules {
			fields[r.Field] = true
			if r.Source == "" || r.Holds == "" {
				t.Errorf("%s: rule %q without holds or source", p.Name, r.Field)
			}
		}
		for _, f := range []string{"type", "algorithm", "digits", "period"} {
			if !fields[f] {
				t.Errorf("%s: no %s rule", p.Name, f)
			}
		}
		if p.PasswordASCII && !fields["password"] {
			t.Errorf("%s: password limit without a rule", p.Name)
		}
	}
	for _, want := range []string{"google-authenticator", "google-authenticator-qr", "microsoft-authenticator", "authy",
		"2fas-android", "2fas-ios", "2fas", "aegis", "ente-auth", "proton-authenticator", "bitwarden", "freeotp", "keepassxc", "generic"} {
		if !seen[want] {
			t.Errorf("no profile %q", want)
		}
	}
	for alias, want := range map[string]string{"ms": "microsoft-authenticator", "freeotp+": "freeotp", "ente": "ente-auth"} {
		if p, ok := target.Lookup(alias); !ok || p.Name != want {
			t.Errorf("Lookup(%q) = %q, want %q", alias, p.Name, want)
		}
	}
	if _, ok := target.Lookup("nokia"); ok {
		t.Error("an unknown app was found")
	}
}

// TestURL checks the Key URI forms apps need: KeePassXC reads Steam Guard
// from encoder=steam and (before 2.7) a missing digits or period as 1
// (src/core/Totp.cpp, src/totp/totp.cpp); each form parses back unchanged.
func TestURL(t *testing.T) {
	kp, _ := target.Lookup("keepassxc")
	aegis, _ := target.Lookup("aegis")
	tests := []struct {
		p    target.Profile
		a    otpmigrate.Account
		want string
	}{
		{aegis, base(), base().URL()},
		{aegis, steam(), steam().URL()},
		{kp, base(), "otpauth://totp/GitHub:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub&digits=6&period=30"},
		{kp, steam(), "otpauth://totp/Steam:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Steam&digits=5&period=30&encoder=steam"},
		{kp, with(func(a *otpmigrate.Account) { a.Digits, a.Period = 8, 60 }), "otpauth://totp/GitHub:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub&digits=8&period=60"},
	}
	for _, tt := range tests {
		got := tt.p.URL(tt.a)
		if got != tt.want {
			t.Errorf("%s: %s\nwant %s", tt.p.Name, got, tt.want)
		}
		back, err := otpmigrate.Parse(got)
		if err != nil || !back.Equal(tt.a) {
			t.Errorf("%s: %s parses back as %v (%v)", tt.p.Name, got, back, err)
		}
	}
}
