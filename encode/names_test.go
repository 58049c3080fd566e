package encode_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
)

func TestFileNames(t *testing.T) {
	tests := []struct {
		issuer, name string
		want         string
	}{
		{"GitHub", "alice", "github-alice.png"},
		{"GitHub", "alice", "github-alice-2.png"},
		{"GitHub", "alice@example.com", "github-alice-example.com.png"},
		{"", "alice", "alice.png"},
		{"Zürich Bank", "Zoë", "zurich-bank-zoe.png"},
		{"../../etc", "passwd", "etc-passwd.png"},
		{"..", "..", "account.png"},
		{"", "", "account-2.png"},
		{"a/b\\c:d", "e*f?g", "a-b-c-d-e-f-g.png"},
		{"CON", "", "con-account.png"},
		{"lpt1", "", "lpt1-account.png"},
		{".hidden", "x.", "hidden-x.png"},
		{"Юникод", "", "account-3.png"},
		{"GitHub", "alice-2", "github-alice-2-2.png"},
		{"A" + strings.Repeat("b", 100), "", "a" + strings.Repeat("b", 63) + ".png"},
		{"GITHUB", "ALICE", "github-alice-3.png"},
	}
	accounts := make([]otpmigrate.Account, len(tests))
	for i, tt := range tests {
		accounts[i] = otpmigrate.NewTOTP(tt.issuer, tt.name, rfcSecret)
	}
	got := encode.FileNames(accounts, ".png")
	for i, tt := range tests {
		if got[i] != tt.want {
			t.Errorf("FileNames(%q, %q) = %q, want %q", tt.issuer, tt.name, got[i], tt.want)
		}
	}
}

// FuzzFileNames checks the promises of FileNames for any issuer and name:
// a plain, portable name inside the folder, and no two alike.
func FuzzFileNames(f *testing.F) {
	f.Add("GitHub", "alice@example.com", "GitHub", "alice@example.com")
	f.Add("..", "/", "CON", "nul.txt")
	f.Add("Zürich", "x", "zurich", "X")
	f.Fuzz(func(t *testing.T, i1, n1, i2, n2 string) {
		accounts := []otpmigrate.Account{
			otpmigrate.NewTOTP(i1, n1, rfcSecret),
			otpmigrate.NewTOTP(i2, n2, rfcSecret),
			otpmigrate.NewTOTP(i1, n1, rfcSecret),
		}
		names := encode.FileNames(accounts, ".png")
		seen := map[string]bool{}
		for _, n := range names {
			stem := strings.TrimSuffix(n, ".png")
			if stem == "" || strings.HasPrefix(n, ".") || strings.Contains(n, "..") || filepath.Base(n) != n || len(n) > 100 {
				t.Fatalf("unsafe name %q", n)
			}
			for _, r := range stem {
				if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
					t.Fatalf("name %q has %q", n, r)
				}
			}
			if seen[strings.ToLower(n)] {
				t.Fatalf("name %q twice in %q", n, names)
			}
			seen[strings.ToLower(n)] = true
		}
	})
}
