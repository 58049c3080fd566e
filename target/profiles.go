package target

import (
	"math"
	"slices"
	"strings"

	"github.com/otpmigrate/otpmigrate"
)

// Shorthands for the table.
const (
	totp   = otpmigrate.TOTP
	hotp   = otpmigrate.HOTP
	steam  = otpmigrate.Steam
	sha1   = otpmigrate.SHA1
	sha256 = otpmigrate.SHA256
	sha512 = otpmigrate.SHA512
	md5    = otpmigrate.MD5
)

var (
	sha = []otpmigrate.Algorithm{sha1, sha256, sha512}
	// maxInt32 is the counter limit of apps that store it in a Java or
	// Kotlin Int.
	maxInt32 uint64 = math.MaxInt32
	maxInt64 uint64 = math.MaxInt64
)

// The sources, cited beside each rule and in Rule.Source. Paths are in the
// repositories as of early 2026.
const (
	srcGAOld   = "google/google-authenticator-android: java/com/google/android/apps/authenticator/AuthenticatorActivity.java (parseSecret, validateAndGetUserInPath)"
	srcKeyURI  = "google/google-authenticator wiki: Key-Uri-Format (algorithm, digits and period \"ignored by the Google Authenticator implementations\")"
	srcGAProto = "beemdevelopment/Aegis: app/src/main/java/com/beemdevelopment/aegis/otp/GoogleAuthInfo.java (parseExportUri: MigrationPayload has no period; digits SIX or EIGHT)"
	srcIssue10 = "otpmigrate issue 10 (behaviour tried in the app)"
	srcFmarier = "fmarier.org, \"TOTP in 2025\" (tested: SHA256 is treated as SHA1 by Microsoft Authenticator and Authy)"
	srcMSDB    = "beemdevelopment/Aegis: app/src/main/java/com/beemdevelopment/aegis/importers/MicrosoftAuthImporter.java (the app's database: account_type 0 TOTP or 1 Microsoft; no algorithm, digits or period column)"
	srcAuthyDB = "beemdevelopment/Aegis: app/src/main/java/com/beemdevelopment/aegis/importers/AuthyImporter.java (the app's tokens: TOTP, digits stored, no algorithm, 30 s for third-party accounts)"
	src2fasAnd = "twofas/2fas-android: "
	src2fasIOS = "twofas/2fas-ios: "
	srcAegis   = "beemdevelopment/Aegis: app/src/main/java/com/beemdevelopment/aegis/otp/"
	srcEnte    = "ente-io/ente: mobile/apps/auth/lib/models/code.dart"
	srcProton  = "protonpass/proton-pass-common: proton-pass-common/src/"
	srcBW      = "bitwarden/sdk-internal: crates/bitwarden-vault/src/totp.rs (Totp::from_str, derive_otp)"
	srcFreeOTP = "freeotp/freeotp-android: mobile/src/main/java/org/fedorahosted/freeotp/"
	srcFOPlus  = "helloworld1/FreeOTPPlus: token-data/src/main/java/org/fedorahosted/freeotp/data/OtpTokenFactory.kt (createFromUri)"
	srcKPXC    = "keepassxreboot/keepassxc: src/core/Totp.cpp (parseSettings, generateTotp); older releases src/totp/totp.cpp"
)

// aliases are other names users type.
var aliases = map[string]string{
	"google":    "google-authenticator",
	"ga":        "google-authenticator",
	"microsoft": "microsoft-authenticator",
	"ms":        "microsoft-authenticator",
	"ente":      "ente-auth",
	"proton":    "proton-authenticator",
	"freeotp+":  "freeotp",
	"keepass":   "keepassxc",
}

var profiles = []Profile{
	{
		Name: "google-authenticator", App: "Google Authenticator (migration codes)", Carrier: Migration,
		// The migration payload has TOTP and HOTP only, SHA1/256/512/MD5,
		// 6 or 8 digits and no period at all (GoogleAuthInfo.parseExportUri
		// in Aegis, which reads the app's format). The app has no MD5
		// accounts of its own: MD5 is treated as not held (stricter).
		Types: []otpmigrate.Type{totp, hotp}, SteamAs: totp,
		Algorithms: sha, Digits: []int{6, 8}, DigitsElse: 6,
		Periods:    []int{30},
		MaxCounter: maxInt64, // int64 counter field
		// An empty name makes the app refuse the whole code (issue 10);
		// "Issuer:Name" names lose their prefix.
		NameRequired: true, DropIssuerPrefix: true,
		PerCode: 10,
		Rules: []Rule{
			{"type", "TOTP, HOTP", "Steam becomes a 6-digit TOTP account (wrong codes)", srcGAProto},
			{"algorithm", "SHA1, SHA256, SHA512", "MD5 is not trusted: the app makes no MD5 accounts; it becomes SHA1", srcGAProto},
			{"digits", "6 or 8", "becomes 6", srcGAProto},
			{"period", "30 s only (the format has no period)", "read back as 30 s", srcGAProto},
			{"counter", "up to 2^63-1 (int64)", "left out", srcGAProto},
			{"name", "required", "an empty name makes the app refuse the whole code; the issuer is used instead", srcIssue10},
			{"name", "\"Issuer:Name\" is split", "the issuer prefix is dropped from the name", srcGAOld},
			{"per code", "at most 10 accounts, fitting at level M", "split into more codes", "Google Authenticator's own exports (10 per code)"},
		},
	},
	{
		Name: "google-authenticator-qr", App: "Google Authenticator (single codes)", Carrier: KeyURI,
		// The open-source app reads only the type, label, secret and
		// counter (parseSecret); the Key URI wiki says algorithm, digits
		// and period are ignored. The current app reads more, but the
		// stricter rule is kept: a code that passes works in every version.
		Types: []otpmigrate.Type{totp, hotp}, SteamAs: totp,
		Algorithms: []otpmigrate.Algorithm{sha1}, Digits: []int{6}, DigitsElse: 6,
		Periods:      []int{30},
		MaxCounter:   maxInt32, // Integer.parseInt(counter)
		NameRequired: true,     // validateAndGetUserInPath: empty user is an invalid code
		Rules: []Rule{
			{"type", "totp, hotp", "anything else is an invalid code; Steam becomes TOTP", srcGAOld},
			{"algorithm", "SHA1 (the parameter is ignored)", "codes computed with SHA1", srcKeyURI},
			{"digits", "6 (the parameter is ignored)", "6 digits shown", srcKeyURI},
			{"period", "30 s (the parameter is ignored)", "30 s used", srcKeyURI},
			{"counter", "up to 2^31-1 (Integer.parseInt)", "invalid code", srcGAOld},
			{"name", "required (the label must not be empty)", "invalid code; the issuer is used instead", srcGAOld},
		},
	},
	{
		Name: "microsoft-authenticator", App: "Microsoft Authenticator", Carrier: KeyURI,
		// Closed source. The app's own database (read by Aegis's importer)
		// has TOTP accounts with no algorithm, digits or period column: it
		// computes SHA1, 6 digits, 30 s for every third-party account.
		// Tested behaviour agrees: SHA256 is computed as SHA1 (fmarier),
		// the digits parameter is ignored (issue 10).
		Types: []otpmigrate.Type{totp}, SteamAs: totp,
		Algorithms: []otpmigrate.Algorithm{sha1}, Digits: []int{6}, DigitsElse: 6,
		Periods: []int{30},
		Rules: []Rule{
			{"type", "TOTP", "HOTP cannot be added; Steam becomes TOTP", srcMSDB},
			{"algorithm", "SHA1", "SHA256 and SHA512 are computed as SHA1 (wrong codes)", srcFmarier + "; " + srcMSDB},
			{"digits", "6", "the digits parameter is ignored: 6 shown (wrong codes)", srcIssue10 + "; " + srcMSDB},
			{"period", "30 s", "no period is stored: 30 s used", srcMSDB},
		},
	},
	{
		Name: "authy", App: "Authy (Twilio)", Carrier: KeyURI,
		// Closed source. The app's token store (read by Aegis's importer)
		// holds TOTP with a digit count and no algorithm; third-party
		// tokens use 30 s. 6 to 8 digits are the lengths the app offers;
		// nothing shows 5, 9 or 10 working.
		Types: []otpmigrate.Type{totp}, SteamAs: totp,
		Algorithms: []otpmigrate.Algorithm{sha1}, Digits: []int{6, 7, 8}, DigitsElse: 6,
		Periods: []int{30},
		Rules: []Rule{
			{"type", "TOTP", "HOTP cannot be added; Steam becomes TOTP", srcAuthyDB},
			{"algorithm", "SHA1", "SHA256 is treated as SHA1 (wrong codes)", srcFmarier + "; " + srcAuthyDB},
			{"digits", "6 to 8", "nothing shows other lengths working (stricter rule)", srcAuthyDB},
			{"period", "30 s", "a 60 s period cannot be held", srcIssue10 + "; " + srcAuthyDB},
		},
	},
	{
		Name: "2fas-android", App: "2FAS (Android)", Carrier: File,
		Types: []otpmigrate.Type{totp, hotp, steam},
		// enum class Algorithm { SHA1, SHA224, SHA256, SHA384, SHA512 }: no MD5.
		Algorithms: sha,
		// OtpAuthenticator.keyModulus has 5 to 8 only: other digits fail
		// the whole import.
		Digits: []int{5, 6, 7, 8}, DigitsElse: 6,
		// ServicesRepositoryImpl.isServiceValid takes 10, 30, 60, 90.
		Periods: []int{10, 30, 60, 90},
		// BackupService.Otp.counter is a Kotlin Int.
		MaxCounter: maxInt32,
		Rules: []Rule{
			{"type", "TOTP, HOTP, Steam", "", src2fasAnd + "core/common/src/main/java/com/twofasapp/common/domain/Service.kt (AuthType)"},
			{"algorithm", "SHA1, SHA224, SHA256, SHA384, SHA512", "MD5 is not held", src2fasAnd + "core/common/src/main/java/com/twofasapp/common/domain/Service.kt (Algorithm)"},
			{"digits", "5 to 8", "the whole import fails", src2fasAnd + "core/otp/src/main/java/com/twofasapp/otp/OtpAuthenticator.kt (keyModulus)"},
			{"period", "10, 30, 60 or 90 s", "the code is refused", src2fasAnd + "data/services/src/main/java/com/twofasapp/data/services/ServicesRepositoryImpl.kt (isServiceValid)"},
			{"counter", "up to 2^31-1 (Int)", "the file is rejected", src2fasAnd + "data/services/src/main/java/com/twofasapp/data/services/domain/BackupService.kt (Otp.counter)"},
		},
	},
	{
		Name: "2fas-ios", App: "2FAS (iOS)", Carrier: File,
		Types: []otpmigrate.Type{totp, hotp, steam},
		// The iOS Algorithm enum has MD5 too.
		Algorithms: []otpmigrate.Algorithm{sha1, sha256, sha512, md5},
		// Digits.create and Period.create turn anything else into the
		// default, silently: wrong codes.
		Digits: []int{5, 6, 7, 8}, DigitsElse: 6,
		Periods:    []int{10, 30, 60, 90},
		MaxCounter: maxInt64, // Swift Int
		// sanitizeInfo: "https://" and "http://" removed, more than 50
		// characters cut to 47 and "..."; sanitazeName drops backslashes.
		NameStripURL: true, NameMax: 50, IssuerDrop: `\`,
		// ExchangeFileEncryption.pbkdf2: password.data(using: .ascii).
		PasswordASCII: true,
		Rules: []Rule{
			{"type", "TOTP, HOTP, Steam", "", src2fasIOS + "TwoFAS/Common/Sources/Models/TokenType.swift"},
			{"algorithm", "SHA1, SHA224, SHA256, SHA384, SHA512, MD5", "", src2fasIOS + "TwoFAS/Common/Sources/Models/Algorithm.swift"},
			{"digits", "5 to 8", "silently 6 (wrong codes)", src2fasIOS + "TwoFAS/Common/Sources/Models/Digits.swift (Digits.create)"},
			{"period", "10, 30, 60 or 90 s", "silently 30 s (wrong codes)", src2fasIOS + "TwoFAS/Common/Sources/Models/Period.swift (Period.create)"},
			{"counter", "up to 2^63-1 (Int)", "", src2fasIOS + "TwoFAS/Common/Sources/Models/ServiceData.swift"},
			{"name", "at most 50 characters, no http(s)://", "cut to 47 and \"...\"; the scheme is removed", src2fasIOS + "TwoFAS/Common/Sources/Extensions/String+.swift (sanitizeInfo), TwoFAS/Common/Sources/Config/ServiceRules.swift"},
			{"issuer", "no backslash", "backslashes removed", src2fasIOS + "TwoFAS/Common/Sources/Extensions/String+.swift (sanitazeName)"},
			{"password", "ASCII only", "any other character: \"wrong password\"", src2fasIOS + "TwoFAS/Protection/ExchangeFileEncryption.swift (pbkdf2)"},
		},
	},
	{
		Name: "aegis", App: "Aegis", Carrier: File,
		Types: []otpmigrate.Type{totp, hotp, steam},
		// OtpInfo.fromJson turns MD5 into SHA1 for every non-mOTP entry.
		Algorithms: sha,
		// OtpInfo.isDigitsValid: 1 to 10.
		Digits:     nil,
		MaxPeriod:  math.MaxInt32 / 1000, // TotpInfo.isPeriodValid
		MaxCounter: maxInt64,             // HotpInfo: long >= 0
		Colons:     ColonsAegis,
		Rules: []Rule{
			{"type", "TOTP, HOTP, Steam (and mOTP, Yandex)", "", srcAegis + "GoogleAuthInfo.java (parseUri), OtpInfo.java (fromJson)"},
			{"algorithm", "SHA1, SHA256, SHA512", "MD5 becomes SHA1 when the vault is loaded", srcAegis + "OtpInfo.java (fromJson)"},
			{"digits", "1 to 10", "refused", srcAegis + "OtpInfo.java (isDigitsValid)"},
			{"period", "1 s to 2147483 s", "refused", srcAegis + "TotpInfo.java (isPeriodValid)"},
			{"counter", "0 to 2^63-1 (long)", "refused", srcAegis + "HotpInfo.java (isCounterValid)"},
			{"name", "Key URI label with exactly one colon", "more colons: the whole label becomes the name and the issuer is lost", srcAegis + "GoogleAuthInfo.java (parseUri)"},
		},
	},
	{
		Name: "ente-auth", App: "Ente Auth", Carrier: KeyURI,
		Types: []otpmigrate.Type{totp, hotp, steam},
		// _getAlgorithm: anything but sha256/sha512 is SHA1.
		Algorithms: sha,
		MaxCounter: maxInt64, // Dart int
		Colons:     ColonsSplitNoIssuer,
		Rules: []Rule{
			{"type", "totp, hotp, steam", "refused", srcEnte + " (_getType)"},
			{"algorithm", "SHA1, SHA256, SHA512", "MD5 silently becomes SHA1", srcEnte + " (_getAlgorithm)"},
			{"digits", "any", "", srcEnte + " (_getDigits)"},
			{"period", "any", "", srcEnte + " (_getPeriod)"},
			{"counter", "up to 2^63-1", "", srcEnte + " (_getCounter)"},
			{"name", "a colon with no issuer splits it", "the part before the colon becomes the issuer", srcEnte + " (_getIssuer, _getAccount)"},
		},
	},
	{
		Name: "proton-authenticator", App: "Proton Authenticator", Carrier: KeyURI,
		Types: []otpmigrate.Type{totp, steam},
		// Algorithm::new refuses anything else.
		Algorithms: sha,
		// 10^digits in a u32 overflows at 10.
		Digits:    []int{5, 6, 7, 8, 9},
		MaxPeriod: math.MaxUint16, // period: Option<u16>; more reads as none, i.e. 30 s
		Rules: []Rule{
			{"type", "totp, steam", "hotp refused", srcProton + "totp/totp.rs (check_otp_type), authenticator/entry.rs"},
			{"algorithm", "SHA1, SHA256, SHA512", "refused", srcProton + "totp/algorithm.rs"},
			{"digits", "up to 9", "10 overflows the code computation", srcProton + "totp/totp.rs (totp_rs new_unchecked)"},
			{"period", "up to 65535 s (u16)", "silently 30 s", srcProton + "totp/queries.rs (get_period)"},
		},
	},
	{
		Name: "bitwarden", App: "Bitwarden", Carrier: KeyURI,
		// from_str ignores the host: otpauth://hotp is read as TOTP.
		// Steam is held only as steam://SECRET, which is not a Key URI
		// but is what its JSON export (encode.WriteBitwarden) carries.
		Types: []otpmigrate.Type{totp}, SteamAs: totp, FileSteam: true,
		Algorithms: sha,
		// digits are clamped to 10, and 10_u32.pow(10) overflows.
		Digits: []int{5, 6, 7, 8, 9}, DigitsElse: 6,
		Rules: []Rule{
			{"type", "TOTP (Steam only as steam://)", "HOTP is read as TOTP (wrong codes)", srcBW},
			{"algorithm", "SHA1, SHA256, SHA512", "anything else silently SHA1", srcBW},
			{"digits", "up to 9", "10 overflows a u32", srcBW},
			{"period", "any", "", srcBW},
			{"name", "the whole key is lower-cased", "Bitwarden shows the item name, not the label", srcBW},
		},
	},
	{
		Name: "freeotp", App: "FreeOTP / FreeOTP+", Carrier: KeyURI,
		Types: []otpmigrate.Type{totp, hotp},
		// FreeOTP's Token.parse refuses MD5 as unsafe (SAFE_ALGOS);
		// FreeOTP+ takes any Mac name: stricter wins.
		Algorithms: sha,
		// FreeOTP: 6 to 9 (Code.Factory, RFC_MIN..Integer.MAX_VALUE);
		// FreeOTP+: 5 to 8. Stricter: 6 to 8.
		Digits: []int{6, 7, 8}, DigitsElse: 6,
		MinPeriod:  5, // Token(Uri): period < 5 is invalid
		MaxCounter: maxInt64,
		// FreeOTP+ refuses an empty path; FreeOTP's PATTERN refuses
		// colons in issuer or name.
		NameRequired: true, Colons: ColonsRefused,
		Rules: []Rule{
			{"type", "totp, hotp", "refused", srcFreeOTP + "Token.java (Token(Uri)); " + srcFOPlus},
			{"algorithm", "SHA1, SHA256, SHA512 (FreeOTP: MD5 unsafe)", "refused", srcFreeOTP + "Token.java (SAFE_ALGOS)"},
			{"digits", "6 to 8 (FreeOTP 6-9, FreeOTP+ 5-8: stricter)", "refused", srcFreeOTP + "Code.java (Factory); " + srcFOPlus},
			{"period", "5 s or more", "refused", srcFreeOTP + "Token.java (Token(Uri))"},
			{"name", "required, no colon", "refused; the issuer is used, colons become '-'", srcFOPlus + "; " + srcFreeOTP + "Token.java (PATTERN)"},
		},
	},
	{
		Name: "keepassxc", App: "KeePassXC", Carrier: File,
		// parseSettings reads encoder=steam, ignores the host (no HOTP).
		Types: []otpmigrate.Type{totp, steam},
		// getHashTypeByName: anything else is SHA1.
		Algorithms: sha,
		// generateTotp: quint32 digitsPower = 10^digits overflows at 10,
		// although parseSettings bounds digits to 1..10.
		Digits: []int{5, 6, 7, 8, 9}, DigitsElse: 6,
		// src/core/Totp.cpp bounds the step to 1..86400; older releases
		// (src/totp/totp.cpp) to 1..60: stricter wins.
		MinPeriod: 1, MaxPeriod: 60, PeriodElse: 60,
		// Older releases read a missing digits or period parameter as 0,
		// then bounded to 1; the current one uses the defaults.
		ExplicitParams: true,
		// parseSettings ignores the host and reads encoder=steam.
		SteamEncoder: true,
		Rules: []Rule{
			{"type", "TOTP, Steam (encoder=steam)", "HOTP is read as TOTP", srcKPXC},
			{"algorithm", "SHA1, SHA256, SHA512", "anything else silently SHA1", srcKPXC},
			{"digits", "up to 9", "10 overflows a 32-bit power (wrong codes)", srcKPXC},
			{"period", "1 to 60 s (older releases; 86400 s now)", "longer periods become 60 s in older releases", srcKPXC},
			{"params", "digits and period written", "older releases read a missing one as 1", srcKPXC},
		},
	},
	{
		Name: "generic", App: "any app (the Key URI format)", Carrier: KeyURI,
		Types: []otpmigrate.Type{totp, hotp}, SteamAs: totp,
		Algorithms: sha, Digits: []int{6, 8}, DigitsElse: 6,
		MaxCounter: maxInt64,
		Rules: []Rule{
			{"type", "totp, hotp", "Steam is not part of the format", srcKeyURI},
			{"algorithm", "SHA1, SHA256, SHA512", "", srcKeyURI},
			{"digits", "6 or 8", "", srcKeyURI},
			{"period", "any (default 30 s)", "", srcKeyURI},
		},
	},
}

// TwoFAS is the profile --2fas applies when no --for names one: the
// stricter of 2FAS on Android and on iOS.
var TwoFAS = Profile{
	Name: "2fas", App: "2FAS (Android and iOS)", Carrier: File,
	Types:      []otpmigrate.Type{totp, hotp, steam},
	Algorithms: sha,
	Digits:     []int{5, 6, 7, 8}, DigitsElse: 6,
	Periods:      []int{10, 30, 60, 90},
	MaxCounter:   maxInt32,
	NameStripURL: true, NameMax: 50, IssuerDrop: `\`,
	PasswordASCII: true,
}

func init() {
	// The combined 2FAS profile lists the rules of both, and is listed
	// after them.
	after := 0
	for i, p := range profiles {
		if p.Name == "2fas-android" || p.Name == "2fas-ios" {
			for _, r := range p.Rules {
				r.Holds = strings.TrimPrefix(p.App, "2FAS ") + " " + r.Holds
				TwoFAS.Rules = append(TwoFAS.Rules, r)
			}
			after = i + 1
		}
	}
	profiles = slices.Insert(profiles, after, TwoFAS)
}
