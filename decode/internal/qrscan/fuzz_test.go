package qrscan

import (
	"math"
	"testing"
)

// FuzzScan feeds the cascade grey pictures of any content: every step
// samples pixels through geometry fitted to what it found (finder corners,
// alignment patterns, grids fitted to grey levels), and a false find near
// the picture's edge must not index outside it.
func FuzzScan(f *testing.F) {
	for _, tc := range []struct {
		class    string
		seed     uint64
		accounts int
	}{{"clean", 1, 1}, {"tiny", 1, 5}, {"perspective-strong", 1, 1}, {"blur-strong", 1, 1}} {
		img := hardImage(f, tc.class, tc.seed, tc.accounts)
		g := grey(f, img.Data)
		// Small pictures keep each run short: a crop of the code's
		// corner and a box-downscaled whole.
		for _, p := range []Gray{crop(g, 160), boxDown(g, max(g.W/160, 1))} {
			f.Add(uint16(p.W), compact(p).Pix)
		}
	}
	f.Fuzz(func(t *testing.T, w uint16, pix []byte) {
		if w == 0 || int(w) > len(pix) || len(pix) > 1<<16 {
			return
		}
		g := Gray{W: int(w), H: len(pix) / int(w), Stride: int(w), Pix: pix}
		for _, c := range Scan(g) {
			// Reading order and the caller's EXIF turn need real
			// positions.
			if math.IsNaN(c.X+c.Y+c.Size) || math.IsInf(c.X+c.Y+c.Size, 0) || c.Size <= 0 {
				t.Errorf("code at %v,%v size %v", c.X, c.Y, c.Size)
			}
		}
	})
}

// crop returns the top-left n×n pixels of g (or less).
func crop(g Gray, n int) Gray {
	return Gray{W: min(g.W, n), H: min(g.H, n), Stride: g.Stride, Pix: g.Pix}
}
