package qrscan

import (
	"math"

	"github.com/makiuchi-d/gozxing"
)

// walkAlignments visits the alignment patterns at the module centres
// centers × centers (a version's), nearest the top-left finder first, and
// skips the three that finders take. find looks for one where the fit so
// far puts it; each found is added to src and dst, the point pairs fit
// maps to the next fit. It returns the last fit, every pattern's place
// (those not found where the last fit puts them) and how many were found.
// Three readers use it: the binarised grid (sampleAllAlignments), the
// steep code's corner fit (refineAlignments) and the grey read (fitGrid);
// they differ in how a pattern is found and how the fit weighs few points.
func walkAlignments(centers []int, h [9]float64, src, dst [][2]float64,
	fit func(src, dst [][2]float64) ([9]float64, bool),
	find func(h [9]float64, mx, my float64) (x, y float64, ok bool)) ([9]float64, [][][2]float64, int) {
	n := len(centers)
	grid := make([][][2]float64, n)
	got := make([][]bool, n)
	for j := range grid {
		grid[j] = make([][2]float64, n)
		got[j] = make([]bool, n)
	}
	found := 0
	for s := 0; s <= 2*(n-1); s++ {
		for i := 0; i < n; i++ {
			j := s - i
			if j < 0 || j >= n || (i == 0 && j == 0) || (i == 0 && j == n-1) || (j == 0 && i == n-1) {
				continue
			}
			mx, my := float64(centers[i])+0.5, float64(centers[j])+0.5
			x, y, ok := find(h, mx, my)
			if !ok {
				continue
			}
			grid[j][i], got[j][i] = [2]float64{x, y}, true
			src = append(src, [2]float64{mx, my})
			dst = append(dst, [2]float64{x, y})
			found++
			if h2, ok := fit(src, dst); ok {
				h = h2
			}
		}
	}
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			if !got[j][i] {
				x, y := project(h, float64(centers[i])+0.5, float64(centers[j])+0.5)
				grid[j][i] = [2]float64{x, y}
			}
		}
	}
	return h, grid, found
}

// cellMap maps module coordinates to pixels with one perspective per cell
// between four neighbouring alignment patterns (grid, from
// walkAlignments), which follows a bend or an uneven scale that one
// transform for the whole code cannot. ok is false when a cell has no
// perspective (three of its corners on a line).
func cellMap(centers []int, grid [][][2]float64) (moduleMap, bool) {
	n := len(centers)
	cell := make([][][9]float64, n-1)
	for j := 0; j < n-1; j++ {
		cell[j] = make([][9]float64, n-1)
		for i := 0; i < n-1; i++ {
			ax, ay := float64(centers[i])+0.5, float64(centers[j])+0.5
			bx, by := float64(centers[i+1])+0.5, float64(centers[j+1])+0.5
			var ok bool
			if cell[j][i], ok = fitHomography(
				[][2]float64{{ax, ay}, {bx, ay}, {bx, by}, {ax, by}},
				[][2]float64{grid[j][i], grid[j][i+1], grid[j+1][i+1], grid[j+1][i]}); !ok {
				return nil, false
			}
		}
	}
	index := func(v float64) int {
		k := 0
		for k < n-2 && v > float64(centers[k+1])+0.5 {
			k++
		}
		return k
	}
	return func(x, y float64) (float64, float64) {
		return project(cell[index(y)][index(x)], x, y)
	}, true
}

// alignFinder is walkAlignments' find for a binarised picture: alignAt
// with the module size the fit gives at that place.
func alignFinder(bm *gozxing.BitMatrix) func(h [9]float64, mx, my float64) (float64, float64, bool) {
	return func(h [9]float64, mx, my float64) (float64, float64, bool) {
		px, py := project(h, mx, my)
		qx, qy := project(h, mx+1, my)
		return alignAt(bm, h, mx, my, math.Hypot(qx-px, qy-py))
	}
}
