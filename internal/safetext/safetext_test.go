package safetext

import (
	"encoding/json"
	"testing"
)

func TestLine(t *testing.T) {
	for in, want := range map[string]string{
		"GitHub":                "GitHub",
		"Evil\x1b]0;pwned\x07":  "Evil ]0;pwned ",
		"a\u009b31mb":           "a?31mb",
		"\u202egnp.exe":         "?gnp.exe",
		"two\nlines\ttab":       "two lines tab",
		"bad\xffutf8":           "bad?utf8",
		"ünïcödé ☃ 日本":          "ünïcödé ☃ 日本",
		"iso\u2066late\u2069":   "iso?late?",
		"sep\u2028line\u200fmk": "sep?line?mk",
	} {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
	if Cell("") != "-" {
		t.Error(`Cell("") is not "-"`)
	}
}

func TestEscapeJSONLossless(t *testing.T) {
	in := "Evil\x1b]0;pwned\x07 a\u009b31m \u202egnp.exe \u2066x ünï"
	js, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := EscapeJSON(js)
	for _, r := range string(out) {
		if unsafe(r) {
			t.Fatalf("raw %U in %s", r, out)
		}
	}
	var back string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back != in {
		t.Errorf("round trip %q, want %q", back, in)
	}
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1":                "'+1",
		"-1+2":              "'-1+2",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tx":               "'\tx",
		"a\tb\nc\rd":        "a\tb\nc d",
		"\rx":               "' x",
		"GitHub":            "GitHub",
		"a=b":               "a=b",
		"Evil\x1b]0;x\x07":  "Evil ]0;x ",
		"":                  "",
	} {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}
