package main

import (
	"strings"
	"testing"
)

// TestUsageErrorsHideInputs puts inputs where a command or a flag value
// belongs: the usage error must not quote them back, since they hold
// secrets, while a mistyped command or value is still shown.
func TestUsageErrorsHideInputs(t *testing.T) {
	const uri = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME"
	const migration = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC"
	tests := []struct {
		name string
		args []string
		want string // the error line
	}{
		{"uri as command", []string{uri}, "the first argument is not a command: give one of decode, code, export, backup or compare before the inputs"},
		{"migration uri as command", []string{migration}, "the first argument is not a command: give one of decode, code, export, backup or compare before the inputs"},
		{"secret as command", []string{"JBSWY3DPEHPK3PXP"}, "the first argument is not a command: give one of decode, code, export, backup or compare before the inputs"},
		{"lower-case secret as command", []string{"jbswy3dpehpk3pxp"}, "the first argument is not a command: give one of decode, code, export, backup or compare before the inputs"},
		{"mistyped command", []string{"decod", "x"}, `unknown command "decod"`},
		{"uri as --format", []string{"decode", "-f", uri, "x"}, `unknown --format "…" (want urls, json, table or csv)`},
		{"plain --format", []string{"decode", "-f", "xml", "x"}, `unknown --format "xml" (want urls, json, table or csv)`},
		{"uri as code --format", []string{"code", "--format", migration, "x"}, `unknown --format "…" (want table, plain or json)`},
		{"uri as --size", []string{"export", "--qr-dir", "qr", "--size", uri, "x"}, `invalid value for flag -size: parse error`},
		{"uri as --per-qr", []string{"export", "--google-authenticator", "ga", "--per-qr=" + migration, "x"}, `invalid value for flag -per-qr: parse error`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runArgs(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if stdout != "" {
				t.Errorf("stdout: %q", stdout)
			}
			if line, _, _ := strings.Cut(stderr, "\n"); line != "otpmigrate: error: "+tt.want {
				t.Errorf("stderr %q\nwant    %q", line, "otpmigrate: error: "+tt.want)
			}
			for _, secret := range []string{"JBSWY3DP", "jbswy3dp", "CjEKCkhl", "secret=", "data="} {
				if strings.Contains(stderr, secret) {
					t.Errorf("stderr shows %q:\n%s", secret, stderr)
				}
			}
		})
	}
}

// TestHideFlagInput: the flag package's usage errors never show a value,
// nor an unknown flag that could be a secret; short unknown flags and near
// misses of real ones are shown.
func TestHideFlagInput(t *testing.T) {
	const hidden = "unknown flag (not shown: it is no flag of otpmigrate, and it could be a secret typed in the wrong place)"
	for in, want := range map[string]string{
		"flag provided but not defined: -nope":                         "unknown flag --nope",
		"flag provided but not defined: -FORCE":                        "unknown flag --FORCE",
		"flag provided but not defined: -JBSWY3DPEHPK3PXP":             hidden,
		"flag provided but not defined: -jbswy3dpehpk3pxp":             hidden,
		"flag provided but not defined: -google-authenticatr":          "unknown flag --google-authenticatr",
		"flag provided but not defined: -max-scrypt-work-factr":        "unknown flag --max-scrypt-work-factr",
		"flag provided but not defined: -a=b":                          hidden,
		`invalid value "JBSWY3DPEHPK3PXP" for flag -size: parse error`: "invalid value for flag -size: parse error",
		`invalid value "a \"b\" c" for flag -per-qr: parse error`:      "invalid value for flag -per-qr: parse error",
		"some other usage error":                                       "some other usage error",
	} {
		if got := hideFlagInput(in); got != want {
			t.Errorf("hideFlagInput(%q) = %q, want %q", in, got, want)
		}
	}
}
