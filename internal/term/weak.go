package term

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// minPassphrase is the length below which a passphrase gets a warning when
// encrypting. A backup can be attacked offline for as long as it exists;
// scrypt slows each guess to about a second on one core, which does not save
// a short or common passphrase.
const minPassphrase = 10

// Weak says why passphrase p is weak, or returns "". The check is crude on
// purpose: length, and a single character class.
func Weak(p []byte) string {
	if utf8.RuneCount(p) < minPassphrase {
		return fmt.Sprintf("it is shorter than %d characters", minPassphrase)
	}
	distinct := map[rune]bool{}
	for _, r := range string(p) {
		distinct[r] = true
	}
	if len(distinct) < 5 {
		return "it repeats very few characters"
	}
	allDigits := true
	for _, r := range string(p) {
		allDigits = allDigits && unicode.IsDigit(r)
	}
	if allDigits {
		return "it is only digits"
	}
	return ""
}
