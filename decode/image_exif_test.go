package decode

import (
	"image"
	"math"
	"testing"

	"github.com/otpmigrate/otpmigrate/internal/synth"
)

// FuzzJPEGOrientation feeds the EXIF reader arbitrary segments. FuzzScanImage
// reaches it only through JPEGs that decode, which mutations rarely leave
// intact, so the reader of outside bytes gets a target of its own.
func FuzzJPEGOrientation(f *testing.F) {
	plain := synth.JPEG(image.NewGray(image.Rect(0, 0, 8, 8)), 90)
	for o := uint16(0); o <= 9; o++ {
		f.Add(synth.WithOrientation(plain, o))
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
			checkOrientPoint(t, o)
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
		{"big-endian 6", synth.WithOrientation(plain, 6), 6},
		{"big-endian 8", synth.WithOrientation(plain, 8), 8},
		{"out of range", synth.WithOrientation(plain, 9), 0},
		{"little-endian 6", []byte("\xff\xd8\xff\xe1\x00\x22Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00\x00\x00\x00\x00\xff\xda"), 6},
		{"segment past the end", []byte("\xff\xd8\xff\xe1\x7f\xff"), 0},
		{"not a JPEG", []byte("\x89PNG"), 0},
	} {
		if got := jpegOrientation(tc.data); got != tc.want {
			t.Errorf("%s: jpegOrientation = %d, want %d", tc.name, got, tc.want)
		}
	}
	// orientation 6 (turn a quarter clockwise): in a 3×2 picture, which
	// becomes 2×3, the top-left pixel goes to the top right.
	if x, y := orientPoint(0.5, 0.5, 3, 2, 6); x != 1.5 || y != 0.5 {
		t.Errorf("orientPoint 6 of the top-left pixel = (%v, %v), want (1.5, 0.5)", x, y)
	}
	for o := 1; o <= 8; o++ {
		checkOrientPoint(t, o)
	}
}

// checkOrientPoint checks that orientation o maps the pixel centres of a
// 3×2 picture one to one onto those of the upright picture.
func checkOrientPoint(t *testing.T, o int) {
	t.Helper()
	w, h := 3.0, 2.0
	if o >= 5 {
		w, h = h, w
	}
	seen := map[[2]float64]bool{}
	for y := 0.5; y < 2; y++ {
		for x := 0.5; x < 3; x++ {
			nx, ny := orientPoint(x, y, 3, 2, o)
			if nx < 0 || ny < 0 || nx > w || ny > h || nx-math.Floor(nx) != 0.5 || ny-math.Floor(ny) != 0.5 || seen[[2]float64{nx, ny}] {
				t.Fatalf("orientation %d: (%v, %v) goes to (%v, %v) in %v×%v", o, x, y, nx, ny, w, h)
			}
			seen[[2]float64{nx, ny}] = true
		}
	}
}
