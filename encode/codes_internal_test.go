package encode

import "testing"

func TestGroupCode(t *testing.T) {
	tests := map[string]string{
		"":           "-",
		"C2F47":      "C2F47", // Steam and other 5-character codes
		"12345":      "12345",
		"492039":     "492 039",
		"0123456":    "0123 456",
		"00828826":   "0082 8826",
		"123456789":  "123 456 789",
		"0082162583": "00821 62583",
	}
	for in, want := range tests {
		if got := groupCode(in); got != want {
			t.Errorf("groupCode(%q) = %q, want %q", in, got, want)
		}
	}
}
