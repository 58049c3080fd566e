package encode

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/otpmigrate/otpmigrate"
	"golang.org/x/text/unicode/norm"
)

// maxNameBytes caps the stem of a file name; with a suffix such as "-12.png"
// the name stays far below every file system's 255-byte limit.
const maxNameBytes = 64

// FileNames returns one file name per account, made of issuer and name and
// ending in ext (e.g. ".png"): "github-alice.png", and "github-alice-2.png"
// for a second account that would get the same name. Names hold only
// lower-case ASCII letters, digits, '-', '_' and '.', never start with a
// dot, are never a name Windows reserves, and are unique ignoring case, so
// they are safe on every common file system and cannot point outside the
// folder they are written to.
func FileNames(accounts []otpmigrate.Account, ext string) []string {
	names := make([]string, len(accounts))
	used := make(map[string]bool, len(accounts))
	for i, a := range accounts {
		stem := fileStem(a.Issuer, a.Name)
		name := stem
		for n := 2; used[name]; n++ {
			name = stem + "-" + strconv.Itoa(n)
		}
		used[name] = true
		names[i] = name + ext
	}
	return names
}

// fileStem folds issuer and name to portable characters: accents are
// dropped ("Zürich" → "zurich"), anything else outside [a-z0-9._] becomes a
// dash, and runs of dashes and dots collapse.
func fileStem(issuer, name string) string {
	var b strings.Builder
	dash := false
	put := func(r rune) {
		if r == '-' {
			dash = b.Len() > 0
			return
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	for _, part := range []string{issuer, name} {
		if part == "" {
			continue
		}
		put('-')
		for _, r := range norm.NFKD.String(part) {
			switch {
			case unicode.Is(unicode.Mn, r):
				// A combining accent left by NFKD: drop it.
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
				put(r)
			case r >= 'A' && r <= 'Z':
				put(r + 'a' - 'A')
			case r == '.' && b.Len() > 0 && !dash && !strings.HasSuffix(b.String(), "."):
				put(r)
			default:
				put('-')
			}
		}
	}
	s := b.String()
	if len(s) > maxNameBytes {
		s = s[:maxNameBytes]
	}
	s = strings.Trim(s, "-.")
	if s == "" {
		return "account"
	}
	if reservedOnWindows(s) {
		s += "-account"
	}
	return s
}

// reservedOnWindows reports whether Windows refuses s as a file name, with
// any extension: CON, PRN, AUX, NUL, COM1-9 and LPT1-9.
func reservedOnWindows(s string) bool {
	base, _, _ := strings.Cut(s, ".")
	switch base {
	case "con", "prn", "aux", "nul":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "com") || strings.HasPrefix(base, "lpt")) && base[3] >= '1' && base[3] <= '9' {
		return true
	}
	return false
}
