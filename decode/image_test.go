package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate/internal/synth"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// classImage makes one image of a distortion class from a fixed seed.
func classImage(t testing.TB, class string, seed uint64, accounts int) synth.Image {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	texts := []string{synth.ExportURI(r, accounts), synth.ExportURI(r, 1)}
	codes, err := synth.GoQRCodes(texts)
	if err != nil {
		t.Fatal(err)
	}
	return synth.Make(class, r, codes, texts)
}

// TestScanImageClasses reads a few generated images of every distortion
// class of the benchmark (bench/README.md), small and dense codes alike.
func TestScanImageClasses(t *testing.T) {
	for _, class := range synth.Classes {
		for _, tc := range []struct {
			seed     uint64
			accounts int
		}{{1, 1}, {2, 5}, {3, 10}} {
			if testing.Short() && tc.accounts > 1 {
				continue // -short: every class, one image each
			}
			name := fmt.Sprintf("%s/%d-accounts", class, tc.accounts)
			t.Run(name, func(t *testing.T) {
				img := classImage(t, class, tc.seed, tc.accounts)
				got, err := ScanImage(img.Data)
				if err != nil {
					t.Fatalf("ScanImage: %v", err)
				}
				if !slices.Equal(got, img.Texts) {
					t.Errorf("read %d codes, want %d in reading order (texts differ: %v)", len(got), len(img.Texts), !slices.Equal(got, img.Texts))
				}
			})
		}
	}
}

// TestScanImageQREncode reads codes made by another encoder, whose
// module placement differs from go-qrcode's.
func TestScanImageQREncode(t *testing.T) {
	testtool.Look(t, "qrencode")
	r := rand.New(rand.NewPCG(9, 9))
	for _, class := range []string{"clean", "rotation", "photo"} {
		texts := []string{synth.ExportURI(r, 10), synth.ExportURI(r, 1)}
		m, err := synth.QREncode(texts[0])
		if err != nil {
			t.Fatal(err)
		}
		img := synth.Make(class, r, []synth.Modules{m}, texts)
		got, err := ScanImage(img.Data)
		if err != nil || !slices.Equal(got, img.Texts) {
			t.Errorf("%s: read %d codes, err %v", class, len(got), err)
		}
	}
}

// TestScanImageRealWorld reads the public fixtures: every code that zbar
// or OpenCV reads must be read too.
func TestScanImageRealWorld(t *testing.T) {
	dir := testtool.SharedFixtures(t, "..")
	expected, err := synth.ReaderTexts(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range expected {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !IsImage(data) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			got, err := ScanImage(data)
			if len(want) == 0 {
				return // nothing to match; some of these hold no code at all
			}
			if err != nil {
				t.Fatalf("ScanImage: %v", err)
			}
			for _, s := range want {
				if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return r > 127 }) >= 0 {
					// Non-UTF-8 bytes that zbar decoded as Shift-JIS:
					// we return the bytes, which are not UTF-8.
					if len(got) != 1 || utf8.ValidString(got[0]) {
						t.Errorf("want one code of non-UTF-8 bytes, got %d codes", len(got))
					}
					continue
				}
				if !slices.Contains(got, s) {
					t.Errorf("missed a code that zbar or OpenCV reads (read %d)", len(got))
				}
			}
		})
	}
}

func TestScanImageErrors(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 400, 300))
	for i := range blank.Pix {
		blank.Pix[i] = 240
	}
	noise := image.NewGray(image.Rect(0, 0, 400, 300))
	r := rand.New(rand.NewPCG(5, 5))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(r.IntN(256))
	}
	clean := classImage(t, "clean", 1, 1).Data
	for _, tc := range []struct {
		name string
		data []byte
		want string
		hint bool
	}{
		{"blank", synth.PNG(blank), "no QR code found in image", true},
		{"noise", synth.PNG(noise), "no QR code found in image", true},
		{"truncated", clean[:len(clean)/2], "image is damaged or in an unsupported format", false},
		{"header only", clean[:30], "image is damaged or in an unsupported format", false},
		{"bomb", pngHeader(100_000, 100_000), "image is 100000×100000 pixels, more than the 50 megapixels allowed", true},
		{"zero", pngHeader(0, 10), "image is damaged or in an unsupported format", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ScanImage(tc.data)
			if err == nil {
				t.Fatalf("read %d codes, want error", len(got))
			}
			if err.Error() != tc.want && !strings.HasSuffix(err.Error(), ": "+tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			var e *Error
			if hint := errors.As(err, &e) && e.Advice != ""; hint != tc.hint {
				t.Errorf("hint given: %v, want %v", hint, tc.hint)
			}
			if tc.name == "blank" && !errors.Is(err, ErrNoQRCode) {
				t.Errorf("error does not wrap ErrNoQRCode")
			}
		})
	}
}

// pngHeader is the start of a PNG that declares w×h pixels: enough for
// image.DecodeConfig, with no pixel data.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 17)
	copy(ihdr, "IHDR")
	binary.BigEndian.PutUint32(ihdr[4:], w)
	binary.BigEndian.PutUint32(ihdr[8:], h)
	ihdr[12], ihdr[13] = 8, 0 // 8-bit grey
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(ihdr)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(ihdr))
	return b.Bytes()
}

// TestScanImagePixelFormats reads the same code from the image types
// decoders return: 16-bit grey and colour PNGs, paletted, and a code drawn
// on a transparent background.
func TestScanImagePixelFormats(t *testing.T) {
	src := classImage(t, "clean", 4, 5)
	img, err := png.Decode(bytes.NewReader(src.Data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	g16 := image.NewGray16(b)
	rgba64 := image.NewNRGBA64(b)
	transparent := image.NewNRGBA(b)
	pal := image.NewPaletted(b, color.Palette{color.Black, color.White, color.Gray{128}})
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			v := img.(*image.Gray).GrayAt(x, y).Y
			g16.SetGray16(x, y, color.Gray16{Y: uint16(v) * 257})
			rgba64.SetNRGBA64(x, y, color.NRGBA64{R: uint16(v) * 257, G: uint16(v) * 257, B: uint16(v) * 257, A: 0xffff})
			// Dark modules opaque black, light ones fully transparent.
			transparent.SetNRGBA(x, y, color.NRGBA{A: 255 - v})
			pal.Set(x, y, color.Gray{Y: v})
		}
	}
	for name, m := range map[string]image.Image{"gray16": g16, "nrgba64": rgba64, "transparent": transparent, "paletted": pal} {
		got, err := ScanImage(synth.PNG(m))
		if err != nil || !slices.Equal(got, src.Texts) {
			t.Errorf("%s: read %d codes, err %v", name, len(got), err)
		}
	}
}

// TestScanImageEXIF checks that a JPEG's EXIF orientation decides the
// reading order: the same pixels turned or mirrored swap two codes or not.
func TestScanImageEXIF(t *testing.T) {
	src := classImage(t, "twocodes", 5, 1)
	img, err := png.Decode(bytes.NewReader(src.Data))
	if err != nil {
		t.Fatal(err)
	}
	plain := synth.JPEG(img, 95)
	got, err := ScanImage(plain)
	if err != nil || !slices.Equal(got, src.Texts) {
		t.Fatalf("without EXIF: read %d codes in order %v, err %v", len(got), slices.Equal(got, src.Texts), err)
	}
	// The codes are side by side: turned upright, the left one comes
	// first when it ends up on the top or still on the left.
	rev := []string{src.Texts[1], src.Texts[0]}
	for o, want := range map[uint16][]string{1: src.Texts, 2: rev, 3: rev, 4: src.Texts, 5: src.Texts, 6: src.Texts, 7: rev, 8: rev} {
		got, err = ScanImage(synth.WithOrientation(plain, o))
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("orientation %d: read %d codes, err %v; in the order wanted: %v", o, len(got), err, slices.Equal(got, want))
		}
	}
	if o := jpegOrientation(synth.WithOrientation(plain, 6)); o != 6 {
		t.Errorf("jpegOrientation = %d, want 6", o)
	}
}

// TestDecodeImagesInOrder decodes several images at once: they are
// scanned in parallel, but accounts come out in input order.
func TestDecodeImagesInOrder(t *testing.T) {
	var inputs []Input
	var want []string
	for i := 0; i < 6; i++ {
		img := classImage(t, "clean", uint64(20+i), 1)
		inputs = append(inputs, Input{Name: fmt.Sprintf("shot%d.png", i), Data: img.Data})
		p, err := ParseMigrationURI(img.Texts[0])
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, p.Accounts[0].Name)
	}
	var calls []int
	res, err := Decode(inputs, Options{Progress: func(done, total int) {
		if total != len(inputs) {
			t.Errorf("progress total %d, want %d", total, len(inputs))
		}
		calls = append(calls, done)
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Accounts {
		got = append(got, a.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("accounts out of input order")
	}
	if !slices.Equal(calls, []int{1, 2, 3, 4, 5, 6}) {
		t.Errorf("progress calls %v", calls)
	}
}

// TestScanImageRandomURLs reads back otpauth URLs of random lengths
// rendered by go-qrcode; bench/ runs the same for 3,000.
func TestScanImageRandomURLs(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	for i := 0; i < 40; i++ {
		u := synth.RandomOTPURL(r)
		data, err := synth.GoQRCodePNG(u)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ScanImage(data)
		if err != nil || len(got) != 1 || got[0] != u {
			t.Errorf("URL %d (%d chars): read %d codes, err %v", i, len(u), len(got), err)
		}
	}
}

func FuzzScanImage(f *testing.F) {
	f.Add(classImage(f, "clean", 1, 1).Data)
	f.Add(classImage(f, "jpeg30", 1, 1).Data)
	f.Add(pngHeader(100, 100))
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	f.Fuzz(func(t *testing.T, data []byte) {
		texts, err := ScanImage(data)
		if err == nil && len(texts) == 0 {
			t.Error("no error and no code")
		}
	})
}
