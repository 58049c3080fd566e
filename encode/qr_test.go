package encode_test

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// roundTripAccounts covers every type, algorithm and odd label the PNG
// output must carry unchanged.
func roundTripAccounts() []otpmigrate.Account {
	steam := otpmigrate.NewTOTP("Steam", "gaben", rfcSecret)
	steam.Type, steam.Digits = otpmigrate.Steam, otpmigrate.SteamDigits
	long := otpmigrate.NewTOTP("ACME Co", "carol+2fa@example.com", append(rfcSecret, rfcSecret...))
	long.Algorithm, long.Digits, long.Period = otpmigrate.SHA512, 8, 60
	md5 := otpmigrate.NewHOTP("Old VPN", "dave", rfcSecret, 1<<40)
	md5.Algorithm = otpmigrate.MD5
	return append(sampleAccounts(), steam, long, md5,
		otpmigrate.NewTOTP("Zürich Bank & Co", "Zoë: <b>", rfcSecret))
}

func TestAccountPNGRoundTrip(t *testing.T) {
	for _, level := range []encode.Level{0, encode.LevelLow, encode.LevelMedium, encode.LevelQuartile, encode.LevelHigh} {
		for _, a := range roundTripAccounts() {
			var buf bytes.Buffer
			if err := encode.WriteAccountPNG(&buf, a, level, 0); err != nil {
				t.Fatalf("%v %s: %v", level, a.Label(), err)
			}
			texts, err := decode.ScanImage(buf.Bytes())
			if err != nil || len(texts) != 1 {
				t.Fatalf("%v %s: scan: %v %d", level, a.Label(), err, len(texts))
			}
			got, err := otpmigrate.Parse(texts[0])
			if err != nil {
				t.Fatalf("%v %s: parse: %v", level, a.Label(), err)
			}
			if !got.Equal(a) {
				t.Errorf("%v: got %+v, want %+v", level, got, a)
			}
		}
	}
}

func TestPNGSize(t *testing.T) {
	q, err := encode.NewAccountQR(sampleAccounts()[0], encode.LevelMedium)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ size, want int }{
		{0, encode.DefaultImageSize},
		{300, 300},
		{10, q.Size() * encode.MinModulePixelsForTest}, // grows to stay scannable
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := q.WritePNG(&buf, tt.size); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != tt.want || b.Dy() != tt.want {
			t.Errorf("size %d: image is %v, want %d square", tt.size, b, tt.want)
		}
	}
}

func TestQuietZone(t *testing.T) {
	q, err := encode.NewQR("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP", encode.LevelLow)
	if err != nil {
		t.Fatal(err)
	}
	n := q.Size()
	for i := 0; i < n; i++ {
		for d := 0; d < encode.QuietZoneForTest; d++ {
			if q.Dark(i, d) || q.Dark(d, i) || q.Dark(i, n-1-d) || q.Dark(n-1-d, i) {
				t.Fatalf("module in the quiet zone at %d,%d", i, d)
			}
		}
	}
	if !q.Dark(encode.QuietZoneForTest, encode.QuietZoneForTest) {
		t.Error("finder pattern corner is not dark: quiet zone is not where expected")
	}
}

func TestNewQRErrors(t *testing.T) {
	if _, err := encode.NewQR(strings.Repeat("x", 5000), encode.LevelHigh); err == nil || strings.Contains(err.Error(), "xxx") {
		t.Errorf("too long text: err = %v", err)
	}
	bad := otpmigrate.NewTOTP("A", "b", nil)
	if _, err := encode.NewAccountQR(bad, 0); err == nil {
		t.Error("account without secret encoded")
	}
}

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in   string
		want encode.Level
		ok   bool
	}{
		{"L", encode.LevelLow, true}, {"m", encode.LevelMedium, true}, {"quartile", encode.LevelQuartile, true},
		{" H ", encode.LevelHigh, true}, {"x", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		got, err := encode.ParseLevel(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseLevel(%q) = %v, %v", tt.in, got, err)
		}
		if tt.ok && got.String() != strings.ToUpper(strings.TrimSpace(tt.in))[:1] {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
}

// TestZbarimg checks that a second, unrelated reader reads every kind of PNG
// the project writes to exactly the text encoded: account codes and Google
// Authenticator migration codes.
func TestZbarimg(t *testing.T) {
	zbarimg := testtool.Look(t, "zbarimg")
	dir := t.TempDir()
	var files, want []string
	for i, a := range roundTripAccounts() {
		var buf bytes.Buffer
		if err := encode.WriteAccountPNG(&buf, a, 0, 0); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, encode.FileNames([]otpmigrate.Account{a}, ".png")[0])
		os.WriteFile(p, buf.Bytes(), 0o600)
		files, want = append(files, p), append(want, roundTripAccounts()[i].URL())
	}
	many := manyAccounts(23)
	codes, err := encode.MigrationCodes(many, encode.MigrationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		q, err := encode.NewQR(c.URI, 0)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		q.WritePNG(&buf, 0)
		p := filepath.Join(dir, c.FileName())
		os.WriteFile(p, buf.Bytes(), 0o600)
		files, want = append(files, p), append(want, c.URI)
	}
	for i, f := range files {
		out, err := exec.Command(zbarimg, "--quiet", "--raw", f).Output()
		if err != nil {
			t.Errorf("zbarimg %s: %v", filepath.Base(f), err)
			continue
		}
		if got := strings.TrimSuffix(string(out), "\n"); got != want[i] {
			t.Errorf("zbarimg %s:\n got %q\nwant %q", filepath.Base(f), got, want[i])
		}
	}
}
