package qrscan

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
	"github.com/otpmigrate/otpmigrate/internal/synth"
)

// TestCornersSteep draws a code whose far edge is 55% of its near one and
// shorter in depth, as a phone held low sees it: the finders found by
// their rings, the corners of their outlines, and the code read from the
// twelve corners.
func TestCornersSteep(t *testing.T) {
	text := synth.ExportURI(rand.New(rand.NewPCG(7, 13)), 5)
	m, err := synth.GoQRCodeLevel(text, 'M')
	if err != nil {
		t.Fatal(err)
	}
	const quiet = 4
	n := float64(len(m) + 2*quiet)
	// Far edge on the right: 55% of the near one, 20% shorter in depth.
	q := synth.Quad{{60, 40}, {480, 150}, {480, 390}, {60, 500}}
	c := synth.NewCanvas(560, 560, 0.95)
	c.Draw(m, quiet, q, 0.1, 0.95)
	c.Blur(0.8)
	img := c.Gray()
	g := Gray{W: img.Rect.Dx(), H: img.Rect.Dy(), Stride: img.Stride, Pix: img.Pix}
	h, ok := fitHomography([][2]float64{{0, 0}, {n, 0}, {n, n}, {0, n}}, [][2]float64{q[0], q[1], q[2], q[3]})
	if !ok {
		t.Fatal("no fit")
	}
	bm := binarize(g)
	fs := ringFinders(bm)
	d := float64(len(m))
	var tri []*detector.FinderPattern
	for _, o := range [][2]float64{{0, 0}, {d - 7, 0}, {0, d - 7}} {
		x, y := project(h, quiet+o[0]+3.5, quiet+o[1]+3.5)
		var got *detector.FinderPattern
		for _, f := range fs {
			if math.Hypot(f.GetX()-x, f.GetY()-y) < 2 {
				got = f
			}
		}
		if got == nil {
			t.Fatalf("no finder found at (%.0f, %.0f) among %d", x, y, len(fs))
		}
		tri = append(tri, got)
		k, ok := finderCorners(bm, got)
		if !ok {
			t.Fatalf("no outline for the finder at (%.0f, %.0f)", x, y)
		}
		for _, p := range [][2]float64{{0, 0}, {7, 0}, {0, 7}, {7, 7}} {
			wx, wy := project(h, quiet+o[0]+p[0], quiet+o[1]+p[1])
			best := math.Inf(1)
			for _, kk := range k {
				best = min(best, math.Hypot(kk[0]-wx, kk[1]-wy))
			}
			if best > 1 {
				t.Errorf("finder at (%.0f, %.0f): corner (%.1f, %.1f) missed by %.2f px", x, y, wx, wy, best)
			}
		}
	}
	budget := 10
	f, ok := readCorners(bm, decoder.NewDecoder(), orderTriple(tri[0], tri[1], tri[2]), &budget, nil)
	if !ok || f.res.GetText() != text {
		t.Fatal("code not read from the finders' corners")
	}
	budget = 10
	if f, ok := readRings(g, 6, decoder.NewDecoder(), &budget); !ok || f.res.GetText() != text {
		t.Fatal("code not read from the finders' rings in a mean threshold")
	}
}
