package qrscan

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	mdetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// Strong defocus (a Gaussian of σ ≥ 0.45 module) leaves a lone dark module
// at a third of the full contrast: on the wrong side of any pixel threshold,
// which no sharpening of the pixels restores without also amplifying the
// noise. Read on the module grid instead: the grey at each module's centre
// is, to a good approximation, a known mix of that module and its
// neighbours (the blur kernel integrated over each module). The function
// patterns, whose modules are known, give the blur's width and the dark
// and light levels; the data modules are then decided one at a time with
// their neighbours' share subtracted, as a decision-feedback equaliser
// does on a blurred signal.

// readEqualised reads the codes around the finder triples of bm, sampling the
// grey image g (the same pixel grid) instead of bm's bits.
func readEqualised(g Gray, bm *gozxing.BitMatrix, budget *int) []found {
	var infos []*detector.FinderPatternInfo
	mf := mdetector.NewMultiFinderPatternFinder(bm, nil)
	if multi, err := mf.FindMulti(tryHarder); err == nil {
		infos = append(infos, multi...)
	}
	if fps, err := mf.SelectBestPatterns(); err == nil {
		infos = append(infos, orderTriple(fps[0], fps[1], fps[2]))
	}
	sort.SliceStable(infos, func(i, j int) bool { return oddness(infos[i]) < oddness(infos[j]) })
	// A share of the budget, as readMatrix takes; what is left of it is
	// not given back, so that the steep-angle step after gets no more
	// than it did without this one (which has a budget of its own).
	local := min(*budget, sweepPerTry)
	*budget -= local
	budget = &local
	dec := decoder.NewDecoder()
	var codes []found
	for i, info := range infos {
		if i >= maxTriples || *budget <= 0 {
			break
		}
		if covered(codes, info) {
			continue
		}
		tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
		if !plausible(tl, tr, bl) || !confirmed(info) {
			continue
		}
		info = upright(info)
		tl, tr, bl = info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
		if meanModule(info) < minSweepModule {
			continue
		}
		for _, dim := range dimensions(bm, tl, tr, bl) {
			if *budget <= 0 {
				break
			}
			*budget--
			ver, err := decoder.Version_GetProvisionalVersionForDimension(dim)
			if err != nil {
				continue
			}
			tries := []*detector.AlignmentPattern{nil}
			if len(ver.GetAlignmentPatternCenters()) > 0 {
				if a := findAlignment(bm, tl, tr, bl, dim); a != nil {
					tries = []*detector.AlignmentPattern{a, nil}
				}
			}
			read := false
			for _, a := range tries {
				h, ok := zxingTransform(tl, tr, bl, a, dim)
				if !ok {
					continue
				}
				bits := equalise(g, h, ver)
				if bits == nil {
					continue
				}
				if res, err := dec.Decode(bits, nil); err == nil {
					side := (dist(tl, tr) + dist(tl, bl)) / 2 * float64(dim) / float64(dim-7)
					codes = append(codes, found{res: res, cx: (tr.GetX() + bl.GetX()) / 2, cy: (tr.GetY() + bl.GetY()) / 2, size: side, ms: side / float64(dim)})
					read = true
					break
				}
			}
			if read {
				break
			}
		}
	}
	return codes
}

// functionModule returns the colour of a function-pattern module (finders, their
// separators, timing patterns, alignment patterns) and whether (x, y) is one.
func functionModule(ver *decoder.Version, dim, x, y int) (dark, ok bool) {
	finder := func(fx, fy int) (bool, bool) {
		dx, dy := x-fx, y-fy
		if dx < -1 || dx > 7 || dy < -1 || dy > 7 {
			return false, false
		}
		if dx < 0 || dx > 6 || dy < 0 || dy > 6 {
			return false, true // separator
		}
		r := max(iabs(dx-3), iabs(dy-3))
		return r != 2, true
	}
	for _, f := range [][2]int{{0, 0}, {dim - 7, 0}, {0, dim - 7}} {
		if d, ok := finder(f[0], f[1]); ok {
			return d, true
		}
	}
	c := ver.GetAlignmentPatternCenters()
	for i, cx := range c {
		for j, cy := range c {
			if (i == 0 && j == 0) || (i == 0 && j == len(c)-1) || (j == 0 && i == len(c)-1) {
				continue
			}
			if dx, dy := x-cx, y-cy; iabs(dx) <= 2 && iabs(dy) <= 2 {
				return max(iabs(dx), iabs(dy)) != 1, true
			}
		}
	}
	if y == 6 {
		return x%2 == 0, true
	}
	if x == 6 {
		return y%2 == 0, true
	}
	return false, false
}

// blurRadius is how many modules either side a module's blur reaches in
// the model; at σ = 0.8 module the next ring holds under 0.1%.
const blurRadius = 2

// equalise samples the module grid of a code of version ver through h and
// decides each module's colour against the blur its neighbours add.
func equalise(g Gray, h [9]float64, ver *decoder.Version) *gozxing.BitMatrix {
	dim := ver.GetDimensionForVersion()
	v := make([]float64, dim*dim)
	for y := 0; y < dim; y++ {
		for x := 0; x < dim; x++ {
			// Five points a fifth of a module apart average out the
			// sensor noise without reaching into the neighbours.
			var s float64
			for _, o := range [][2]float64{{0.5, 0.5}, {0.3, 0.5}, {0.7, 0.5}, {0.5, 0.3}, {0.5, 0.7}} {
				px, py := project(h, float64(x)+o[0], float64(y)+o[1])
				val, ok := inBounds(g, px, py)
				if !ok {
					return nil
				}
				s += val
			}
			v[y*dim+x] = s / 5
		}
	}
	known := make([]int8, dim*dim) // 1 dark, 0 light, -1 unknown
	for y := 0; y < dim; y++ {
		for x := 0; x < dim; x++ {
			known[y*dim+x] = -1
			if d, ok := functionModule(ver, dim, x, y); ok {
				known[y*dim+x] = 0
				if d {
					known[y*dim+x] = 1
				}
			}
		}
	}
	// Fit the blur's width and the two levels on the function modules
	// whose neighbourhood is all known.
	best, bestErr := -1.0, math.Inf(1)
	var bestLight, bestGain float64
	var bestK [2*blurRadius + 1]float64
	for _, sigma := range []float64{0.3, 0.4, 0.5, 0.6, 0.7} {
		k := kernel(sigma)
		var n, sp, sv, spp, spv, svv float64
		for y := 0; y < dim; y++ {
			for x := 0; x < dim; x++ {
				if known[y*dim+x] < 0 {
					continue
				}
				p, ok := predicted(known, dim, x, y, &k)
				if !ok {
					continue
				}
				val := v[y*dim+x]
				n++
				sp += p
				sv += val
				spp += p * p
				spv += p * val
				svv += val * val
			}
		}
		if n < 20 {
			return nil
		}
		// v ≈ light + gain·p, gain negative (dark is low grey)
		den := n*spp - sp*sp
		if den <= 0 {
			continue
		}
		gain := (n*spv - sp*sv) / den
		light := (sv - gain*sp) / n
		rss := svv - light*sv - gain*spv
		if rss < bestErr {
			best, bestErr, bestLight, bestGain, bestK = sigma, rss, light, gain, k
		}
	}
	// Too little contrast between the known dark and light modules:
	// not a code, or a wrong grid.
	if best < 0 || bestGain > -20 {
		return nil
	}
	// y is each module's darkness on the model's scale (0 light, 1 dark).
	y := make([]float64, dim*dim)
	b := make([]float64, dim*dim)
	for i, val := range v {
		y[i] = (val - bestLight) / bestGain
		switch {
		case known[i] >= 0:
			b[i] = float64(known[i])
		case y[i] > 0.5:
			b[i] = 1
		}
	}
	k := bestK
	c := k[blurRadius] * k[blurRadius]
	for range 4 {
		changed := false
		for yy := 0; yy < dim; yy++ {
			for xx := 0; xx < dim; xx++ {
				i := yy*dim + xx
				if known[i] >= 0 {
					continue
				}
				var s float64
				for dy := -blurRadius; dy <= blurRadius; dy++ {
					for dx := -blurRadius; dx <= blurRadius; dx++ {
						if dx == 0 && dy == 0 {
							continue
						}
						mx, my := xx+dx, yy+dy
						if mx < 0 || my < 0 || mx >= dim || my >= dim {
							continue // quiet zone: light
						}
						s += k[dx+blurRadius] * k[dy+blurRadius] * b[my*dim+mx]
					}
				}
				nb := 0.0
				if y[i]-s > c/2 {
					nb = 1
				}
				if nb != b[i] {
					b[i], changed = nb, true
				}
			}
		}
		if !changed {
			break
		}
	}
	bits, err := gozxing.NewSquareBitMatrix(dim)
	if err != nil {
		return nil
	}
	for i, d := range b {
		if d > 0 {
			bits.Set(i%dim, i/dim)
		}
	}
	return bits
}

// kernel is the share of a module at each offset in the grey at a module
// centre, along one axis, for a Gaussian blur of sigma modules.
func kernel(sigma float64) [2*blurRadius + 1]float64 {
	var k [2*blurRadius + 1]float64
	cdf := func(t float64) float64 { return 0.5 * (1 + math.Erf(t/(sigma*math.Sqrt2))) }
	for d := -blurRadius; d <= blurRadius; d++ {
		k[d+blurRadius] = cdf(float64(d)+0.5) - cdf(float64(d)-0.5)
	}
	return k
}

// predicted is the darkness the model gives the centre of module (x, y)
// from its known neighbours, or false when one is unknown.
func predicted(known []int8, dim, x, y int, k *[2*blurRadius + 1]float64) (float64, bool) {
	var s float64
	for dy := -blurRadius; dy <= blurRadius; dy++ {
		for dx := -blurRadius; dx <= blurRadius; dx++ {
			mx, my := x+dx, y+dy
			if mx < 0 || my < 0 || mx >= dim || my >= dim {
				continue
			}
			kn := known[my*dim+mx]
			if kn < 0 {
				return 0, false
			}
			s += k[dx+blurRadius] * k[dy+blurRadius] * float64(kn)
		}
	}
	return s, true
}

// bilinear is g's grey at (x, y), a pixel's centre at +0.5.
func inBounds(g Gray, x, y float64) (float64, bool) {
	x -= 0.5
	y -= 0.5
	// NaN from a degenerate transform fails every comparison: test it.
	if !(x >= -1 && y >= -1 && x <= float64(g.W) && y <= float64(g.H)) {
		return 0, false
	}
	x = min(max(x, 0), float64(g.W-1))
	y = min(max(y, 0), float64(g.H-1))
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, g.W-1), min(y0+1, g.H-1)
	fx, fy := x-float64(x0), y-float64(y0)
	p := func(x, y int) float64 { return float64(g.Pix[y*g.Stride+x]) }
	top := p(x0, y0)*(1-fx) + p(x1, y0)*fx
	bot := p(x0, y1)*(1-fx) + p(x1, y1)*fx
	return top*(1-fy) + bot*fy, true
}

// sharpness is the steepest rise of the grey per pixel (the 99.9th
// percentile) over the grey range: at most 1/(σ√(2π)) of the range on a
// picture blurred by a Gaussian of σ pixels. Measured on 3×3 means, three
// pixels apart, as sensor noise makes steep single-pixel steps.
func sharpness(g Gray) float64 {
	var steps, levels [256]int
	n := 0
	m := make([]int, g.W)
	// every third band of three rows: enough edges, a third of the cost
	for y := 0; y+3 <= g.H; y += 9 {
		r0, r1, r2 := g.Pix[y*g.Stride:], g.Pix[(y+1)*g.Stride:], g.Pix[(y+2)*g.Stride:]
		for x := range m {
			m[x] = int(r0[x]) + int(r1[x]) + int(r2[x])
		}
		// 3×3 sums centred on x and x+3
		for x := 1; x+4 < g.W; x++ {
			a := m[x-1] + m[x] + m[x+1]
			b := m[x+2] + m[x+3] + m[x+4]
			d := (b - a) / 27 // per pixel, over the 9 pixels
			steps[min(max(d, -d), 255)]++
			levels[a/9]++
			n++
		}
	}
	at := func(h *[256]int, q float64) int {
		k := int(q * float64(n))
		for v, c := range h {
			if k -= c; k < 0 {
				return v
			}
		}
		return 255
	}
	r := at(&levels, 0.99) - at(&levels, 0.01)
	return float64(at(&steps, 0.999)) / float64(max(r, 1))
}

// defocus returns the module size a strong blur of p suggests, or 0 when p
// is too sharp for that; p is measured once per scan.
func (s *scanner) defocus(p Gray) float64 {
	if s.blurMS < 0 {
		s.blurMS = 0
		// A Gaussian blur of σ pixels rises by at most about 0.38/σ of
		// the range per pixel in sharpness's measure. Below 0.2 (σ of
		// 2 px and more) the picture is defocused; the wide filter is for
		// a blur of half a module or more, where a module measures about
		// 0.57/sharpness pixels (on synthetic codes blurred by 0.45–0.6
		// module; the filter brings out finders from 0.7 to 1.4 times the
		// size it is scaled to).
		if sh := sharpness(p); sh < 0.2 {
			s.blurMS = 0.57 / max(sh, 0.01)
		}
	}
	return s.blurMS
}

// probeModule returns the module size of the most plausible finder triple
// of bm with a timing pattern, or 0.
func probeModule(bm *gozxing.BitMatrix) float64 {
	// Not every third row: the probe's finders are a blur's, several
	// pixels per module, and every scanned row costs on a photo without
	// a code.
	_, infos, best := findersEvery(bm, max(3*bm.GetHeight()/(4*detector.FinderPatternFinder_MAX_MODULES), detector.FinderPatternFinder_MIN_SKIP))
	if best != nil {
		infos = append(infos, best)
	}
	sort.SliceStable(infos, func(i, j int) bool { return oddness(infos[i]) < oddness(infos[j]) })
	for i, info := range infos {
		if i >= maxTriples {
			break
		}
		tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
		if !plausible(tl, tr, bl) || !confirmed(info) || meanModule(info) < minSweepModule {
			continue
		}
		d1, d2 := timingDim(bm, tl, tr, bl), timingDim(bm, tl, bl, tr)
		if d1 > 0 || d2 > 0 {
			return meanModule(upright(info))
		}
	}
	return 0
}

// localThreshold binarises g for the probe: a pixel, smoothed over radius
// rs, is dark when below the mean over radius r around it.
func localThreshold(g Gray, rs, r int) *gozxing.BitMatrix {
	sm := g
	if rs > 0 {
		sm = Gray{W: g.W, H: g.H, Stride: g.W, Pix: boxBlur(g, rs)}
	}
	mean := boxBlur(sm, r)
	bm, _ := gozxing.NewBitMatrix(g.W, g.H)
	for y := 0; y < g.H; y++ {
		row := sm.Pix[y*sm.Stride : y*sm.Stride+g.W]
		m := mean[y*g.W : (y+1)*g.W]
		for x, v := range row {
			if v < m[x] {
				bm.Set(x, y)
			}
		}
	}
	return bm
}
