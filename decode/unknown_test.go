package decode

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomBytes returns n reproducible bytes as random as ciphertext.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		binary.LittleEndian.PutUint64(b[i:], r.Uint64())
	}
	return b
}

// ftyp builds the start of an ISO media file with the given brands.
func ftyp(major string, compatible ...string) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(16+4*len(compatible)))
	b = append(append(b, "ftyp"+major...), 0, 0, 0, 0)
	for _, c := range compatible {
		b = append(b, c...)
	}
	return append(b, randomBytes(4096, 9)...)
}

// TestUnknownBinary: high-entropy input that no format claims is refused
// as unknown without asking for a password (issue 11 item 8: it was taken
// for an encrypted andOTP backup and ended with "wrong password"). Only
// real markers or structure make an encrypted backup.
func TestUnknownBinary(t *testing.T) {
	png := append([]byte(nil), pngMagic...)
	png = append(png, randomBytes(2048, 3)...)
	corruptPNG := append([]byte("\x89PNX"), png[4:]...) // signature damaged
	andOTPLike := randomBytes(4096, 4)
	binary.BigEndian.PutUint32(andOTPLike, 150_000)
	tests := []struct {
		name     string
		data     []byte
		sentinel error  // nil: any error but these
		want     string // substring of the error
		asks     string // the format whose password is asked, or ""
	}{
		{"text with one NUL", []byte("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n\x00\n"), ErrUnknownFormat, "text with a NUL byte at offset 43", ""},
		{"random 4 KiB", randomBytes(4096, 1), ErrUnknownFormat, "binary data (tried PNG", ""},
		{"random 64 MiB", randomBytes(MaxInputSize, 2), ErrUnknownFormat, "binary data", ""},
		{"corrupted PNG", corruptPNG, ErrUnknownFormat, "binary data", ""},
		{"short binary", []byte{0xff, 0xfe, 0xfd}, ErrUnknownFormat, "binary data", ""},
		{"HEIC", ftyp("heic", "mif1", "heic"), nil, `a HEIC or AVIF photo (heic)`, ""},
		{"HEIC mif1 first", ftyp("mif1", "heic"), nil, `a HEIC or AVIF photo (mif1)`, ""},
		{"AVIF", ftyp("avif", "avif", "mif1", "miaf"), nil, `a HEIC or AVIF photo (avif)`, ""},
		{"MP4 video", ftyp("isom", "isom", "iso2", "mp41"), ErrUnknownFormat, `ISO media file (brand "isom")`, ""},
		// The structure andOTP writes, iteration count first, is the
		// only way to tell its backups: such a file is asked about.
		{"andOTP structure", andOTPLike, ErrWrongPassword, "wrong password for andOTP backup", andOTPFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked := ""
			_, err := Decode([]Input{{Name: "in", Data: tt.data}}, Options{Password: func(_, format string) ([]byte, error) {
				asked = format
				return []byte("pw"), nil
			}})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to contain %q", err, tt.want)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("err = %q does not wrap %v", err, tt.sentinel)
			}
			if tt.sentinel != ErrWrongPassword && errors.Is(err, ErrWrongPassword) {
				t.Errorf("err = %q claims a wrong password", err)
			}
			if asked != tt.asks {
				t.Errorf("password asked for %q, want %q", asked, tt.asks)
			}
		})
	}
}

// TestHEIFHint: the refusal of a phone photo says how to convert it.
func TestHEIFHint(t *testing.T) {
	_, err := Decode([]Input{{Name: "IMG_0001.HEIC", Data: ftyp("heic", "mif1", "heic")}}, Options{})
	var de *Error
	if !errors.As(err, &de) {
		t.Fatalf("err = %v", err)
	}
	for _, w := range []string{"Most Compatible", "sips -s format jpeg", "ImageMagick"} {
		if !strings.Contains(de.Hint(), w) {
			t.Errorf("hint %q does not mention %q", de.Hint(), w)
		}
	}
}

// TestAssumeAndOTP: an old-format andOTP backup (no marker) is read when
// the caller declares it, and only then.
func TestAssumeAndOTP(t *testing.T) {
	data := andOTPFile(t, "pw", 0, testAndOTP)
	pw := func(string, string) ([]byte, error) { return []byte("pw"), nil }
	if _, err := Decode([]Input{{Name: "in", Data: data}}, Options{Password: pw}); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("undeclared: err = %v, want unknown format", err)
	}
	res, err := Decode([]Input{{Name: "in", Data: data}}, Options{Password: pw, AssumeAndOTP: true})
	if err != nil || len(res.Accounts) != 1 {
		t.Errorf("declared: %v, %v", res.Accounts, err)
	}
	// Declaring does not change what text or known formats are.
	res, err = Decode([]Input{{Name: "in", Data: []byte("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n")}}, Options{AssumeAndOTP: true})
	if err != nil || len(res.Accounts) != 1 {
		t.Errorf("text with AssumeAndOTP: %v, %v", res.Accounts, err)
	}
}
