package qrscan

import (
	"math"
	"testing"
)

// blurredFinder draws a finder pattern of 4 px modules in a light quiet
// zone, blurred by about a third of a module and darkened in the mid-tones
// as a camera's tone curve does (gamma 1.2): the hybrid binarizer's mean
// threshold reads its centre row as 5:2:13:4:4 pixels, which ZXing's
// finder refuses.
func blurredFinder() (Gray, int) {
	const n, m, at = 120, 4, 40
	g := newGray(n, n)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			v := byte(235)
			mx, my := (x-at)/m, (y-at)/m
			if x >= at && y >= at && mx < 7 && my < 7 {
				ring := min(mx, my, 6-mx, 6-my)
				if ring != 1 {
					v = 35
				}
			}
			g.Pix[y*n+x] = v
		}
	}
	for range 3 {
		g = Gray{W: n, H: n, Stride: n, Pix: boxBlur(g, 1)}
	}
	for i, v := range g.Pix {
		g.Pix[i] = byte(255 * math.Pow(float64(v)/255, 1.2))
	}
	return g, at + 7*m/2
}

// runs returns the lengths of the runs of one colour along row y.
func runs(get func(x, y int) bool, w, y int) []int {
	var out []int
	cur, n := false, 0
	for x := 0; x < w; x++ {
		if b := get(x, y); b != cur {
			if cur || n > 0 {
				out = append(out, n)
			}
			cur, n = b, 0
		}
		n++
	}
	return append(out, n)
}

func TestMidrangeKeepsRunWidths(t *testing.T) {
	g, c := blurredFinder()
	bm := midrange(g)
	// The centre row: quiet zone, then dark 4, light 4, dark 12, light
	// 4, dark 4 pixels.
	r := runs(bm.Get, g.W, c)
	if len(r) < 6 {
		t.Fatalf("centre row runs %v: no finder", r)
	}
	want := []int{4, 4, 12, 4, 4}
	for i, w := range want {
		if d := r[1+i] - w; d < -1 || d > 1 {
			t.Errorf("centre row runs %v, want quiet zone then %v within a pixel", r, want)
			break
		}
	}
	found := false
	for _, p := range centres(bm) {
		if math.Abs(p.GetX()-float64(c)) < 2 && math.Abs(p.GetY()-float64(c)) < 2 {
			found = true
		}
	}
	if !found {
		t.Errorf("ZXing's finder does not see the pattern in the midrange threshold")
	}
	t.Logf("hybrid threshold's centre row: %v", runs(binarize(g).Get, g.W, c))
}

func TestMidrangeFlatIsLight(t *testing.T) {
	g := newGray(64, 64)
	for i := range g.Pix {
		g.Pix[i] = byte(100 + i*7%11) // noise of 11 levels
	}
	bm := midrange(g)
	for y := 0; y < g.H; y++ {
		for x := 0; x < g.W; x++ {
			if bm.Get(x, y) {
				t.Fatalf("flat noisy area has a dark pixel at %d,%d", x, y)
			}
		}
	}
}
