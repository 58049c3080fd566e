package safetext

import (
	"strings"
	"testing"
)

func TestHideInputs(t *testing.T) {
	for in, want := range map[string]string{
		`read "shot.png": no such file`:                 `read "shot.png": no such file`,
		`--at "2026-01-01T00:00:00Z" is not valid`:      `--at "2026-01-01T00:00:00Z" is not valid`,
		`value "otpauth://totp/a?secret=X" for flag -x`: `value "…" for flag -x`,
		`"OTPAUTH-MIGRATION:x" and "data=abc" and "b"`:  `"…" and "…" and "b"`,
		`value "a \"otpauth://x\" b" here`:              `value "…" here`,
		`no quotes at all`:                              `no quotes at all`,
		// Every quoted value is capped (issue 11): a long name or value
		// from a file must not make a message of hundreds of KB.
		`read "` + strings.Repeat("é", 200) + `": x`: `read "` + strings.Repeat("é", 57) + `…": x`,
		`a "` + strings.Repeat(`\`, 200) + `" b`:     `a "` + strings.Repeat(`\`, 114) + `…" b`,
	} {
		if got := hideInputs(in); got != want {
			t.Errorf("hideInputs(%q) = %q, want %q", in, got, want)
		}
	}
}
