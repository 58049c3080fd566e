package qrscan

import (
	"math"
	"testing"
)

func TestFitHomography(t *testing.T) {
	want := [9]float64{23.1, -4.2, 812, 3.3, 19.8, 655, 0.0021, -0.0013, 1}
	var src, dst [][2]float64
	for _, p := range [][2]float64{{3.5, 3.5}, {173.5, 3.5}, {170.5, 170.5}, {3.5, 173.5}, {90, 40}} {
		x, y := project(want, p[0], p[1])
		src = append(src, p)
		dst = append(dst, [2]float64{x, y})
	}
	for _, n := range []int{4, 5} {
		h, ok := fitHomography(src[:n], dst[:n])
		if !ok {
			t.Fatalf("%d points: no fit", n)
		}
		for _, p := range [][2]float64{{0, 0}, {177, 177}, {60, 120}} {
			x0, y0 := project(want, p[0], p[1])
			x1, y1 := project(h, p[0], p[1])
			if math.Hypot(x1-x0, y1-y0) > 1e-6 {
				t.Errorf("%d points: %v maps to (%g, %g), want (%g, %g)", n, p, x1, y1, x0, y0)
			}
		}
	}
	// Three points: the affine map through them.
	h, ok := fitHomography(src[:3], dst[:3])
	if !ok {
		t.Fatal("affine: no fit")
	}
	for i := 0; i < 3; i++ {
		x, y := project(h, src[i][0], src[i][1])
		if math.Hypot(x-dst[i][0], y-dst[i][1]) > 1e-6 {
			t.Errorf("affine misses point %d", i)
		}
	}
}

func TestMedian3(t *testing.T) {
	g := newGray(50, 40)
	for i := range g.Pix {
		g.Pix[i] = byte(i * 7919 % 251)
	}
	m := median3(g)
	for y := 1; y < 39; y++ {
		for x := 1; x < 49; x++ {
			var w [9]byte
			k := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					w[k] = g.Pix[(y+dy)*50+x+dx]
					k++
				}
			}
			for i := 1; i < 9; i++ {
				for j := i; j > 0 && w[j] < w[j-1]; j-- {
					w[j], w[j-1] = w[j-1], w[j]
				}
			}
			if m.Pix[y*50+x] != w[4] {
				t.Fatalf("at %d,%d: %d, want %d", x, y, m.Pix[y*50+x], w[4])
			}
		}
	}
}

// TestBoxBlur compares the running-sum box blur with the mean it stands
// for, edges clamped, up to the radii the wide filter takes for large
// modules, where a division by multiply and shift could drift.
func TestBoxBlur(t *testing.T) {
	g := newGray(61, 47)
	for i := range g.Pix {
		g.Pix[i] = byte(i * 7919 % 251)
	}
	for _, r := range []int{1, 2, 5, 16, 30} {
		b := boxBlur(g, r)
		n := (2*r + 1) * (2*r + 1)
		for y := 0; y < g.H; y++ {
			for x := 0; x < g.W; x++ {
				s := 0
				for dy := -r; dy <= r; dy++ {
					for dx := -r; dx <= r; dx++ {
						xx, yy := min(max(x+dx, 0), g.W-1), min(max(y+dy, 0), g.H-1)
						s += int(g.Pix[yy*g.W+xx])
					}
				}
				if int(b[y*g.W+x]) != s/n {
					t.Fatalf("radius %d at %d,%d: %d, want %d", r, x, y, b[y*g.W+x], s/n)
				}
			}
		}
	}
}
