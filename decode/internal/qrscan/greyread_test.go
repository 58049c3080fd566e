package qrscan

import (
	"math"
	"testing"
)

// TestSharpness checks the blur measure on a light-to-dark edge blurred by
// a Gaussian of σ pixels: about 0.38/σ of the range per pixel, and a sharp
// edge far above the 0.2 under which a picture counts as defocused.
func TestSharpness(t *testing.T) {
	cdf := func(z float64) float64 { return 0.5 * (1 + math.Erf(z/math.Sqrt2)) }
	edge := func(sigma float64) Gray {
		g := newGray(200, 60)
		for y := 0; y < g.H; y++ {
			for x := 0; x < g.W; x++ {
				// stripes 40 px wide, edges at u = 0 and 40
				u := math.Mod(float64(x)+20, 80) - 20
				v := 0.0
				switch {
				case sigma > 0:
					v = cdf(u/sigma) - cdf((u-40)/sigma)
				case u >= 0 && u < 40:
					v = 1
				}
				g.Pix[y*g.W+x] = byte(30 + 200*v)
			}
		}
		return g
	}
	if sh := sharpness(edge(0)); sh < 0.3 {
		t.Errorf("sharp edge: sharpness %.3f, want ≥ 0.3", sh)
	}
	for _, sigma := range []float64{2, 3, 4} {
		if sh := sharpness(edge(sigma)); sh > 0.2 || math.Abs(sh*sigma-0.38) > 0.08 {
			t.Errorf("σ %g px: sharpness %.3f, want about %.3f", sigma, sh, 0.38/sigma)
		}
	}
}
