package qrscan

import (
	"testing"
)

// tiledFinders draws n×n finder patterns of 3 px modules, 10 modules
// apart: every three at a right angle look like a code's.
func tiledFinders(n int) Gray {
	const m, pitch = 3, 10
	side := (n*pitch + 4) * m
	g := newGray(side, side)
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for fy := 0; fy < n; fy++ {
		for fx := 0; fx < n; fx++ {
			for my := 0; my < 7; my++ {
				for mx := 0; mx < 7; mx++ {
					if min(mx, my, 6-mx, 6-my) == 1 {
						continue
					}
					for y := 0; y < m; y++ {
						for x := 0; x < m; x++ {
							px := (2+fx*pitch+mx)*m + x
							py := (2+fy*pitch+my)*m + y
							g.Pix[py*g.Stride+px] = 0
						}
					}
				}
			}
		}
	}
	return g
}

func TestFindersBounded(t *testing.T) {
	g := tiledFinders(12)
	all, multi, best := finders(binarize(g))
	if len(all) < 100 {
		t.Fatalf("the scan saw %d of 144 finders", len(all))
	}
	if len(multi) > maxTriplesFound {
		t.Errorf("%d triples from %d centres, want at most %d", len(multi), len(all), maxTriplesFound)
	}
	if len(multi) == 0 || best == nil {
		t.Errorf("no triple among the bounded centres: multi %d, best %v", len(multi), best)
	}
}

// BenchmarkTiledFinders times a picture tiled with finder patterns, which
// made the cubic triple search of gozxing's finders take seconds.
func BenchmarkTiledFinders(b *testing.B) {
	g := tiledFinders(12)
	for b.Loop() {
		Scan(g)
	}
}
