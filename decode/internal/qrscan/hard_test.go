package qrscan

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg"
	_ "image/png"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing/qrcode/detector"
	"github.com/otpmigrate/otpmigrate/internal/synth"
)

// grey decodes a generated image to the grey levels Scan takes.
func grey(t testing.TB, data []byte) Gray {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return Gray{W: g.Rect.Dx(), H: g.Rect.Dy(), Stride: g.Stride, Pix: g.Pix}
}

// hardImage draws one image of a class of the benchmark's issue-13 set.
func hardImage(t testing.TB, class string, seed uint64, accounts int) synth.Image {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 13))
	text := synth.ExportURI(r, accounts)
	m, err := synth.GoQRCodeLevel(text, 'M')
	if err != nil {
		m, err = synth.GoQRCodeLevel(text, 'L')
	}
	if err != nil {
		t.Fatal(err)
	}
	return synth.Make(class, r, []synth.Modules{m}, []string{text})
}

// TestScanHardClasses reads images of the classes each later step of the
// cascade is for (bench/README.md has what each step gains over the whole
// benchmark): a 45° turn needs the turn-corrected module size, strong
// blur the wide unsharp mask, 1.2 px per module the 4× copy, a steep angle
// the pooled finders of stretched copies, and dense codes all of it.
func TestScanHardClasses(t *testing.T) {
	for _, tc := range []struct {
		class    string
		seed     uint64
		accounts int
	}{
		{"turn45", 1, 10}, {"turn45", 2, 11},
		{"blur-strong", 1, 5}, {"blur-strong", 2, 10},
		// Read only on the grey module grid (wide-grey); only after the
		// blur's width told the module size (wide-probe); both.
		{"blur-strong", 5, 10}, {"blur-strong", 12, 5}, {"blur-strong", 4, 10},
		{"tiny", 1, 10}, {"tiny", 2, 9},
		{"perspective-strong", 1, 5}, {"perspective-strong", 3, 10}, {"perspective-strong", 17, 10},
		{"dense-screen", 1, 30}, {"dense-small", 1, 22}, {"dense-photo", 1, 15},
		// The dimension only the version blocks give, and alignment
		// patterns only the 5×5 check tells from look-alikes in data.
		{"dense-photo", 21, 22}, {"dense-photo", 25, 22},
	} {
		t.Run(fmt.Sprintf("%s/%d", tc.class, tc.seed), func(t *testing.T) {
			img := hardImage(t, tc.class, tc.seed, tc.accounts)
			codes := Scan(grey(t, img.Data))
			if len(codes) != 1 || codes[0].Text != img.Texts[0] {
				t.Fatalf("read %d codes, want the one drawn", len(codes))
			}
		})
	}
}

// TestUpright checks the turn correction of finder module sizes: ZXing's
// horizontal run through a finder turned 45° is √2 modules per module.
func TestUpright(t *testing.T) {
	const m = 4.0
	for _, deg := range []float64{0, 30, 45, 135, 200} {
		// A code of side 100 px turned by deg: top-left at the origin.
		c, s := cosSin(deg)
		run := m / max(abs(c), abs(s))
		tl := detector.NewFinderPattern(0, 0, run, 3)
		tr := detector.NewFinderPattern(100*c, 100*s, run, 3)
		bl := detector.NewFinderPattern(-100*s, 100*c, run, 3)
		info := upright(detector.NewFinderPatternInfo(bl, tl, tr))
		if got := meanModule(info); abs(got-m) > 0.01 {
			t.Errorf("turned %g°: module %.3f px, want %g", deg, got, m)
		}
	}
}

func cosSin(deg float64) (float64, float64) {
	a := deg * math.Pi / 180
	return math.Cos(a), math.Sin(a)
}

func abs(x float64) float64 { return math.Abs(x) }
