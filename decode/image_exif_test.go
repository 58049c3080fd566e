package decode

import (
	"bytes"
	"image"
	"testing"

	"github.com/otpmigrate/otpmigrate/decode/internal/qrscan"
	"github.com/otpmigrate/otpmigrate/internal/synth"
)

// FuzzJPEGOrientation feeds the EXIF reader arbitrary segments. FuzzScanImage
// reaches it only through JPEGs that decode, which mutations rarely leave
// intact, so the reader of outside bytes gets a target of its own.
func FuzzJPEGOrientation(f *testing.F) {
	plain := synth.JPEG(image.NewGray(image.Rect(0, 0, 8, 8)), 90)
	for o := uint16(0); o <= 9; o++ {
		f.Add(withOrientation(plain, o))
	}
	le := []byte("\xff\xd8\xff\xe1\x00\x22Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00\x00\x00\x00\x00\xff\xda")
	f.Add(le)
	f.Add(plain)
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		o := jpegOrientation(data)
		if o < 0 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
		if o > 1 {
			g := orient(synthGray(3, 2), o)
			if g.W*g.H != 6 || len(g.Pix) != 6 {
				t.Fatalf("orient %d: %d×%d", o, g.W, g.H)
			}
		}
	})
}

func TestJPEGOrientation(t *testing.T) {
	plain := synth.JPEG(image.NewGray(image.Rect(0, 0, 8, 8)), 90)
	for _, tc := range []struct {
		name string
		data []byte
		want int
	}{
		{"no EXIF", plain, 0},
		{"big-endian 6", withOrientation(plain, 6), 6},
		{"big-endian 8", withOrientation(plain, 8), 8},
		{"out of range", withOrientation(plain, 9), 0},
		{"little-endian 6", []byte("\xff\xd8\xff\xe1\x00\x22Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00\x00\x00\x00\x00\xff\xda"), 6},
		{"segment past the end", []byte("\xff\xd8\xff\xe1\x7f\xff"), 0},
		{"not a JPEG", []byte("\x89PNG"), 0},
	} {
		if got := jpegOrientation(tc.data); got != tc.want {
			t.Errorf("%s: jpegOrientation = %d, want %d", tc.name, got, tc.want)
		}
	}
	// orient 6 (turn a quarter clockwise): the 3×2 picture becomes 2×3,
	// and the top-left pixel goes to the top right.
	g := orient(synthGray(3, 2), 6)
	if g.W != 2 || g.H != 3 || !bytes.Equal(g.Pix, []byte{3, 0, 4, 1, 5, 2}) {
		t.Errorf("orient 6 = %d×%d %v", g.W, g.H, g.Pix)
	}
}

// synthGray is a w×h picture whose pixels count 0, 1, 2… row by row.
func synthGray(w, h int) qrscan.Gray {
	g := qrscan.Gray{W: w, H: h, Stride: w, Pix: make([]byte, w*h)}
	for i := range g.Pix {
		g.Pix[i] = byte(i)
	}
	return g
}
