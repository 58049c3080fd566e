package qrscan

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// A code shrunk to 1.2 pixels per module has almost no pixel that holds
// one module alone: most are a mix of two or four. Binarising an upscaled
// copy turns each mix into a whole dark or light run at a place that
// depends on the threshold: ZXing's run-length finder misses one or two of
// the three finders, pairs the rest with a false one, and the grid read
// from the runs is off by a part of a module, which over 110 modules is a
// whole one. Here the finders the upscaled copies saw only start the
// search: the missing finders are looked for in the grey picture (beside
// a pair, or along a lone finder's row and column), the grid is fitted to
// the grey picture pattern by pattern, and each module is read as the
// grey level at its centre, corrected for what its neighbours add to it.

// seenTriple is a finder triple a binarised try saw and could not read,
// in the original image's pixels.
type seenTriple struct {
	p  [3][2]float64 // top-left, top-right, bottom-left centres
	ms float64       // module size
}

// maxSeen bounds the triples kept for the grey read: a picture full of
// finder-like noise would otherwise pay for each.
const maxSeen = 4

// note keeps a triple for the grey read unless one at the same place is
// kept already (each upscaled copy sees the same code's finders).
func (s *scanner) note(info *detector.FinderPatternInfo, scale, sy float64) {
	if len(s.triples) >= maxSeen {
		return
	}
	info = upright(info)
	var t seenTriple
	for i, p := range []*detector.FinderPattern{info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()} {
		t.p[i] = [2]float64{p.GetX() * scale, p.GetY() * sy}
	}
	t.ms = meanModule(info) * max(scale, sy)
	for _, o := range s.triples {
		if math.Hypot(o.p[0][0]-t.p[0][0], o.p[0][1]-t.p[0][1]) < 2*t.ms &&
			math.Hypot(o.p[1][0]-t.p[1][0], o.p[1][1]-t.p[1][1]) < 2*t.ms {
			return
		}
	}
	s.triples = append(s.triples, t)
}

// tryGrey reads the code of a triple or of the finders the binarised
// tries saw from the grey picture g, whose pixels are scale of the
// original's. Only what was noted since the last call is tried.
func (s *scanner) tryGrey(g Gray, scale float64) {
	// read reports whether to stop: a code was read, or the image's
	// grey reads are spent (a picture full of small finder-like marks
	// pairs into many triples).
	read := func(t seenTriple) bool {
		if s.greyReads >= maxGreyReads {
			return true
		}
		s.greyReads++
		f, ok := readGrey(g, t, &s.budget)
		if ok {
			s.add(f, scale, scale)
		}
		return ok
	}
	for ; s.greyDone < len(s.triples); s.greyDone++ {
		t := s.triples[s.greyDone]
		for i := range t.p {
			t.p[i][0] /= scale
			t.p[i][1] /= scale
		}
		t.ms /= scale
		if read(t) {
			return
		}
	}
	fs := make([]greyFinder, len(s.finders))
	for i, f := range s.finders {
		fs[i] = greyFinder{f.x / scale, f.y / scale, f.m / scale}
	}
	old := s.greyFinders
	s.greyFinders = len(fs)
	if pairTriples(g, fs, old, read) {
		return
	}
	// Often a binarised copy found one finder alone: the others lie
	// along its rows and columns.
	n := len(fs)
	for i := old; i < n; i++ {
		for _, f := range lineFinders(g, fs[i]) {
			near := false
			for _, o := range fs {
				near = near || math.Hypot(o.x-f.x, o.y-f.y) < 3*o.m
			}
			if !near {
				fs = append(fs, f)
			}
		}
	}
	pairTriples(g, fs, n, read)
}

// maxGreyReads bounds the triples an image's grey reads try.
const maxGreyReads = 12

// lineFinders looks for finders along the four directions of the image's
// rows and columns from finder f: where the profile along that line shows
// a finder's cross-section (light, dark, light, three dark, light, dark,
// light modules), confirmed by the whole pattern. A code's finders share
// their rows and columns when the code is upright, as a shrunk screenshot
// is; along a line the profile needs no threshold and no run lengths,
// which a pixel and a fraction per module breaks.
func lineFinders(g Gray, f greyFinder) []greyFinder {
	x, y, c0 := finderAt(g, f.x, f.y, 1, 0, f.m, 0.5)
	if c0 < 12 {
		return nil
	}
	const step = 4 // samples per module
	var out []greyFinder
	for _, d := range [][2]float64{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
		// profile from 10 to 180 modules away
		lo, hi := 10*step, 180*step
		prof := make([]float64, 0, hi-lo+1)
		for k := lo; k <= hi; k++ {
			t := float64(k) / step * f.m
			px, py := x+t*d[0], y+t*d[1]
			if px < 0 || py < 0 || px >= float64(g.W) || py >= float64(g.H) {
				break
			}
			prof = append(prof, bilinear(g, px, py))
		}
		type peak struct {
			k int
			s float64
		}
		var peaks []peak
		for k := 4 * step; k+4*step < len(prof); k++ {
			var light, dark float64
			for o := -4; o <= 4; o++ {
				if v := prof[k+o*step]; finderDark(iabs(o)) {
					dark += v / 5
				} else {
					light += v / 4
				}
			}
			if sc := light - dark; sc > 0.5*c0 {
				peaks = append(peaks, peak{k, sc})
			}
		}
		sort.Slice(peaks, func(i, j int) bool { return peaks[i].s > peaks[j].s })
		var kept []int
		for _, p := range peaks {
			if len(kept) >= 2 {
				break
			}
			dup := false
			for _, k := range kept {
				dup = dup || iabs(k-p.k) < 8*step
			}
			if dup {
				continue
			}
			kept = append(kept, p.k)
			t := float64(p.k+lo) / step * f.m
			fx, fy, c := finderAt(g, x+t*d[0], y+t*d[1], 1, 0, f.m, 1)
			if c >= 0.5*c0 {
				out = append(out, greyFinder{fx, fy, f.m})
			}
		}
	}
	return out
}

// maxGreyModule is the largest module, in pixels, the grey read is for:
// from 2 pixels on the binarised copies read codes (dense-small's 1.6–2.4
// px ones all), and larger finders are in photos that pay for nothing.
const maxGreyModule = 2.0

// readGrey reads the code at finder triple t from the grey picture g.
func readGrey(g Gray, t seenTriple, budget *int) (found, bool) {
	if t.ms > maxGreyModule || t.ms <= 0 {
		return found{}, false
	}
	tl, tr, bl := t.p[0], t.p[1], t.p[2]
	e1 := math.Hypot(tr[0]-tl[0], tr[1]-tl[1])
	e2 := math.Hypot(bl[0]-tl[0], bl[1]-tl[1])
	est := (e1+e2)/2/t.ms + 7
	base := int(math.Round((est-17)/4))*4 + 17
	// The finder's module size is a rough guess at this scale; the
	// timing patterns, sampled on the grid each dimension gives, tell
	// the right one.
	type cand struct {
		dim   int
		h     [9]float64
		score float64
	}
	var cands []cand
	// The finders are placed once, on the estimate's grid: a version
	// more or less changes the module size by a few per cent.
	fp, ok := finderGrid(g, tl, tr, bl, min(max(base, 21), 177))
	if !ok {
		return found{}, false
	}
	for _, d := range []int{base, base - 4, base + 4, base - 8, base + 8, base - 12, base + 12} {
		if d < 21 || d > 177 {
			continue
		}
		f := float64(d)
		h, ok := fitHomography([][2]float64{{3.5, 3.5}, {f - 3.5, 3.5}, {3.5, f - 3.5}}, fp)
		if !ok {
			continue
		}
		fc := finderContrast(g, h, d)
		if fc <= 8 {
			continue
		}
		cands = append(cands, cand{d, h, timingContrast(g, h, d) / fc})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	dec := decoder.NewDecoder()
	for i, c := range cands {
		// Right dimensions show a timing pattern near the finders'
		// contrast; a wrong one averages out to nothing.
		if i >= 2 || c.score < 0.25 || *budget <= 0 {
			break
		}
		*budget--
		ver, err := decoder.Version_GetProvisionalVersionForDimension(c.dim)
		if err != nil {
			continue
		}
		for _, grid := range fitGrid(g, c.h, ver) {
			for _, bits := range readModules(g, grid, c.dim) {
				if res, err := dec.Decode(bits, nil); err == nil {
					side := (e1 + e2) / 2 * float64(c.dim) / float64(c.dim-7)
					return found{res: res, cx: (tr[0] + bl[0]) / 2, cy: (tr[1] + bl[1]) / 2, size: side, ms: side / float64(c.dim)}, true
				}
			}
		}
	}
	return found{}, false
}

// bilinear is g's grey level at (x, y), with pixel centres at half
// pixels.
func bilinear(g Gray, x, y float64) float64 {
	x, y = x-0.5, y-0.5
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	px := func(i, j int) float64 {
		i, j = min(max(i, 0), g.W-1), min(max(j, 0), g.H-1)
		return float64(g.Pix[j*g.Stride+i])
	}
	return (px(x0, y0)*(1-fx)+px(x0+1, y0)*fx)*(1-fy) + (px(x0, y0+1)*(1-fx)+px(x0+1, y0+1)*fx)*fy
}

// ringContrast is the mean grey of the light modules of a square pattern
// of radius r centred on module (cx, cy) minus that of its dark ones: the
// ring at r-1 is light, the rest dark (a finder with its separator is
// r 4 read as light at 4 and 2; see ringDark).
func ringContrast(g Gray, h [9]float64, cx, cy float64, r int, dark func(c int) bool) float64 {
	var sd, sl float64
	var nd, nl int
	for j := -r; j <= r; j++ {
		for i := -r; i <= r; i++ {
			x, y := project(h, cx+float64(i), cy+float64(j))
			v := bilinear(g, x, y)
			if dark(max(iabs(i), iabs(j))) {
				sd += v
				nd++
			} else {
				sl += v
				nl++
			}
		}
	}
	return sl/float64(nl) - sd/float64(nd)
}

func iabs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// finderDark: a finder is dark at rings 3, 1 and 0, and its separator
// (or the quiet zone) light at ring 4.
func finderDark(c int) bool { return c == 3 || c <= 1 }

// alignDark: an alignment pattern is dark at rings 2 and 0.
func alignDark(c int) bool { return c != 1 }

// refine moves the pattern at module (cx, cy) by up to span modules to
// where its contrast is highest, first in half modules, then around the
// best place in quarters, eighths and sixteenths; it returns the offset
// and that contrast.
func refine(g Gray, h [9]float64, cx, cy float64, r int, dark func(int) bool, span float64) (ox, oy, best float64) {
	best = math.Inf(-1)
	search := func(x0, y0, step float64, n int) {
		bx, by := x0, y0
		for j := -n; j <= n; j++ {
			for i := -n; i <= n; i++ {
				x, y := x0+float64(i)*step, y0+float64(j)*step
				if c := ringContrast(g, h, cx+x, cy+y, r, dark); c > best {
					best, bx, by = c, x, y
				}
			}
		}
		ox, oy = bx, by
	}
	search(0, 0, 0.5, int(math.Round(span/0.5)))
	for step := 0.25; step >= 0.0625; step /= 2 {
		search(ox, oy, step, 1)
	}
	return ox, oy, best
}

// finderGrid moves the three finder centres to where their patterns fit
// the grey picture best, on the affine grid of a dim-module code through
// them.
func finderGrid(g Gray, tl, tr, bl [2]float64, dim int) ([][2]float64, bool) {
	d := float64(dim)
	src := [][2]float64{{3.5, 3.5}, {d - 3.5, 3.5}, {3.5, d - 3.5}}
	dst := [][2]float64{tl, tr, bl}
	h, ok := fitHomography(src, dst)
	if !ok {
		return nil, false
	}
	for k := range src {
		ox, oy, _ := refine(g, h, src[k][0], src[k][1], 4, finderDark, 0.5)
		x, y := project(h, src[k][0]+ox, src[k][1]+oy)
		dst[k] = [2]float64{x, y}
	}
	return dst, true
}

func finderContrast(g Gray, h [9]float64, dim int) float64 {
	d := float64(dim)
	c := 0.0
	for _, p := range [][2]float64{{3.5, 3.5}, {d - 3.5, 3.5}, {3.5, d - 3.5}} {
		c += ringContrast(g, h, p[0], p[1], 4, finderDark)
	}
	return c / 3
}

// timingContrast is the mean grey of the timing patterns' light modules
// minus that of their dark ones.
func timingContrast(g Gray, h [9]float64, dim int) float64 {
	var sd, sl float64
	n := 0
	for k := 8; k < dim-8; k++ {
		for _, p := range [][2]float64{{float64(k) + 0.5, 6.5}, {6.5, float64(k) + 0.5}} {
			x, y := project(h, p[0], p[1])
			v := bilinear(g, x, y)
			if k%2 == 0 {
				sd += v
			} else {
				sl += v
			}
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return (sl - sd) / float64(n/2)
}

// moduleMap maps module coordinates to pixels.
type moduleMap func(x, y float64) (float64, float64)

// fitGrid places every alignment pattern of version ver in the grey
// picture, nearest the top-left finder first, each found one refining
// the homography that predicts the next. It returns the grids to read
// with: one homography through all patterns found, and for codes with
// more than one alignment pattern a homography per cell between four
// neighbouring patterns, which follows a bent or unevenly scaled picture.
func fitGrid(g Gray, h [9]float64, ver *decoder.Version) []moduleMap {
	dim := ver.GetDimensionForVersion()
	d := float64(dim)
	whole := func(h [9]float64) moduleMap {
		return func(x, y float64) (float64, float64) { return project(h, x, y) }
	}
	centers := ver.GetAlignmentPatternCenters()
	n := len(centers)
	if n == 0 {
		return []moduleMap{whole(h)}
	}
	fc := finderContrast(g, h, dim)
	src := [][2]float64{{3.5, 3.5}, {d - 3.5, 3.5}, {3.5, d - 3.5}}
	dst := make([][2]float64, 3)
	for i, p := range src {
		x, y := project(h, p[0], p[1])
		dst[i] = [2]float64{x, y}
	}
	h, grid, _ := walkAlignments(centers, h, src, dst, fitGridPoints, func(h [9]float64, mx, my float64) (float64, float64, bool) {
		ox, oy, c := refine(g, h, mx, my, 2, alignDark, 0.75)
		if c < 0.6*fc {
			return 0, 0, false
		}
		x, y := project(h, mx+ox, my+oy)
		return x, y, true
	})
	out := []moduleMap{whole(h)}
	if n < 3 {
		return out
	}
	if at, ok := cellMap(centers, grid); ok {
		out = append(out, at)
	}
	return out
}

// fitGridPoints fits the module-to-pixel map to pattern centres: an
// affine map until the points span the code, as a few points near one
// edge leave a homography's perspective free to swing the far side.
func fitGridPoints(src, dst [][2]float64) ([9]float64, bool) {
	if len(src) >= 8 {
		return fitHomography(src, dst)
	}
	return fitAffine(src, dst)
}

// fitAffine fits x' = ax+by+c, y' = dx+ey+f by least squares.
func fitAffine(src, dst [][2]float64) ([9]float64, bool) {
	ns, ts := normalize(src)
	var a [3][3]float64
	var bx, by [3]float64
	for i, p := range ns {
		f := [3]float64{p[0], p[1], 1}
		for r := 0; r < 3; r++ {
			for c := 0; c < 3; c++ {
				a[r][c] += f[r] * f[c]
			}
			bx[r] += f[r] * dst[i][0]
			by[r] += f[r] * dst[i][1]
		}
	}
	sx, ok1 := solve3(a, bx)
	sy, ok2 := solve3(a, by)
	if !ok1 || !ok2 {
		return [9]float64{}, false
	}
	hn := [9]float64{sx[0], sx[1], sx[2], sy[0], sy[1], sy[2], 0, 0, 1}
	tsm := [9]float64{ts[0], 0, ts[1], 0, ts[0], ts[2], 0, 0, 1}
	return mul3(hn, tsm), true
}

// solve3 solves a 3×3 linear system by Cramer's rule.
func solve3(a [3][3]float64, b [3]float64) ([3]float64, bool) {
	det := func(m [3][3]float64) float64 {
		return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) - m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) + m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	}
	d := det(a)
	if math.Abs(d) < 1e-12 {
		return b, false
	}
	var x [3]float64
	for c := 0; c < 3; c++ {
		m := a
		for r := 0; r < 3; r++ {
			m[r][c] = b[r]
		}
		x[c] = det(m) / d
	}
	return x, true
}

// readModules samples each module's centre and thresholds it against the
// mean of the modules around it, as the picture's light may vary; a
// second reading thresholds at one level for the whole code, and a third
// corrects the first for the neighbours (equalize).
func readModules(g Gray, at moduleMap, dim int) []*gozxing.BitMatrix {
	v := make([]float64, dim*dim)
	phase := make([]int, dim*dim)
	for y := 0; y < dim; y++ {
		for x := 0; x < dim; x++ {
			px, py := at(float64(x)+0.5, float64(y)+0.5)
			if px < -1 || py < -1 || px > float64(g.W)+1 || py > float64(g.H)+1 {
				return nil
			}
			v[y*dim+x] = bilinear(g, px, py)
			fx, fy := px-0.5-math.Floor(px-0.5), py-0.5-math.Floor(py-0.5)
			phase[y*dim+x] = min(int(fx*phases), phases-1)*phases + min(int(fy*phases), phases-1)
		}
	}
	// Running sums over a (2r+1)² window of modules.
	const r = 3
	sum := make([]float64, (dim+1)*(dim+1))
	for y := 0; y < dim; y++ {
		for x := 0; x < dim; x++ {
			sum[(y+1)*(dim+1)+x+1] = v[y*dim+x] + sum[y*(dim+1)+x+1] + sum[(y+1)*(dim+1)+x] - sum[y*(dim+1)+x]
		}
	}
	local, _ := gozxing.NewSquareBitMatrix(dim)
	var all float64
	for y := 0; y < dim; y++ {
		y0, y1 := max(y-r, 0), min(y+r+1, dim)
		for x := 0; x < dim; x++ {
			x0, x1 := max(x-r, 0), min(x+r+1, dim)
			s := sum[y1*(dim+1)+x1] - sum[y0*(dim+1)+x1] - sum[y1*(dim+1)+x0] + sum[y0*(dim+1)+x0]
			if v[y*dim+x] < s/float64((y1-y0)*(x1-x0)) {
				local.Set(x, y)
			}
			all += v[y*dim+x]
		}
	}
	mean := all / float64(dim*dim)
	flat, _ := gozxing.NewSquareBitMatrix(dim)
	for y := 0; y < dim; y++ {
		for x := 0; x < dim; x++ {
			if v[y*dim+x] < mean {
				flat.Set(x, y)
			}
		}
	}
	return []*gozxing.BitMatrix{local, flat, equalize(v, phase, dim, local)}
}

// phases is the number of sub-pixel positions per axis, of a module's
// centre between pixel centres, that equalize fits apart.
const phases = 4

// equalize corrects each module's level for its neighbours': a module
// lies across two or three pixels, so a light module between dark ones
// reads darker, by how much depending on where its centre falls between
// pixel centres. For each such position it fits the level as a linear
// function of the module's bit and its neighbours' bits (starting from
// bits), then re-decides each bit as the one that fits its level better
// given the neighbours', a few times over.
func equalize(v []float64, phase []int, dim int, bits *gozxing.BitMatrix) *gozxing.BitMatrix {
	const k = 7
	b := make([]float64, dim*dim)
	for y := 0; y < dim; y++ {
		for x := 0; x < dim; x++ {
			if bits.Get(x, y) {
				b[y*dim+x] = 1
			}
		}
	}
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= dim || y >= dim {
			return 0 // the quiet zone is light
		}
		return b[y*dim+x]
	}
	feat := func(x, y int, own float64) [k]float64 {
		return [k]float64{1, own, at(x-1, y), at(x+1, y), at(x, y-1), at(x, y+1),
			at(x-1, y-1) + at(x+1, y-1) + at(x-1, y+1) + at(x+1, y+1)}
	}
	for iter := 0; iter < 3; iter++ {
		var coef [phases * phases][k]float64
		var ata [phases * phases][k][k]float64
		var atb [phases * phases][k]float64
		for y := 0; y < dim; y++ {
			for x := 0; x < dim; x++ {
				i := y*dim + x
				f := feat(x, y, b[i])
				c := phase[i]
				for r := 0; r < k; r++ {
					for q := 0; q < k; q++ {
						ata[c][r][q] += f[r] * f[q]
					}
					atb[c][r] += f[r] * v[i]
				}
			}
		}
		for c := range coef {
			var ok bool
			if coef[c], ok = solve7(ata[c], atb[c]); !ok {
				return bits
			}
		}
		for y := 0; y < dim; y++ {
			for x := 0; x < dim; x++ {
				i := y*dim + x
				c := &coef[phase[i]]
				f0, f1 := feat(x, y, 0), feat(x, y, 1)
				var p0, p1 float64
				for r := 0; r < k; r++ {
					p0 += c[r] * f0[r]
					p1 += c[r] * f1[r]
				}
				if math.Abs(v[i]-p1) < math.Abs(v[i]-p0) {
					b[i] = 1
				} else {
					b[i] = 0
				}
			}
		}
	}
	out, _ := gozxing.NewSquareBitMatrix(dim)
	for y := 0; y < dim; y++ {
		for x := 0; x < dim; x++ {
			if b[y*dim+x] == 1 {
				out.Set(x, y)
			}
		}
	}
	return out
}

// solve7 solves a 7×7 linear system by Gaussian elimination with partial
// pivoting.
func solve7(a [7][7]float64, b [7]float64) ([7]float64, bool) {
	const n = 7
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-9 {
			return b, false
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := 0; r < n; r++ {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for q := c; q < n; q++ {
				a[r][q] -= f * a[c][q]
			}
			b[r] -= f * b[c]
		}
	}
	for c := 0; c < n; c++ {
		b[c] /= a[c][c]
	}
	return b, true
}

// greyFinder is a finder pattern's centre and module size.
type greyFinder struct{ x, y, m float64 }

// maxFinders bounds the finders kept for pairing: pairs grow as their
// square.
const maxFinders = 8

// noteFinder keeps a confirmed finder centre a binarised try saw, in the
// original image's pixels, for pairing in the grey read.
func (s *scanner) noteFinder(p *detector.FinderPattern, scale, sy float64) {
	s.addFinder(greyFinder{p.GetX() * scale, p.GetY() * sy, p.GetEstimatedModuleSize() * max(scale, sy)})
}

func (s *scanner) addFinder(f greyFinder) {
	if f.m > maxGreyModule || len(s.finders) >= maxFinders {
		return
	}
	for _, o := range s.finders {
		if math.Hypot(o.x-f.x, o.y-f.y) < 3*max(o.m, f.m) {
			return
		}
	}
	s.finders = append(s.finders, f)
}

// finderAt moves a finder expected at (x, y), with modules m pixels
// along unit direction (ux, uy) and its normal, by up to span modules to
// where the finder's rings fit best, and returns it and its contrast.
func finderAt(g Gray, x, y, ux, uy, m, span float64) (float64, float64, float64) {
	h := [9]float64{m * ux, -m * uy, x, m * uy, m * ux, y, 0, 0, 1}
	ox, oy, c := refine(g, h, 0, 0, 4, finderDark, span)
	px, py := project(h, ox, oy)
	return px, py, c
}

// pairTriples proposes triples from pairs of finders: a pair as one edge
// of the code (the third finder beside either, on either side) or as its
// diagonal; one of each pair is from fs[from:]. Each triple goes to
// each, until it returns true; pairTriples returns whether it did. At a pixel a module the binarised copies often find one or
// two of a code's finders and pair them with a false one; the missing
// finder is looked for in the grey picture where the pair puts it.
func pairTriples(g Gray, fs []greyFinder, from int, each func(seenTriple) bool) bool {
	for i := 0; i < len(fs); i++ {
		for j := max(i+1, from); j < len(fs); j++ {
			a, b := fs[i], fs[j]
			m := (a.m + b.m) / 2
			l := math.Hypot(b.x-a.x, b.y-a.y)
			if r := a.m / b.m; r < 0.7 || r > 1.4 || l < 14*m {
				continue
			}
			ux, uy := (b.x-a.x)/l, (b.y-a.y)/l
			ax, ay, ca := finderAt(g, a.x, a.y, ux, uy, m, 0.75)
			bx, by, cb := finderAt(g, b.x, b.y, ux, uy, m, 0.75)
			if min(ca, cb) < 12 {
				continue
			}
			dx, dy := bx-ax, by-ay
			type guess struct{ x, y, ux, uy float64 }
			var gs []guess
			for _, sg := range []float64{1, -1} {
				ox, oy := -dy*sg, dx*sg
				gs = append(gs, guess{ax + ox, ay + oy, ux, uy}, guess{bx + ox, by + oy, ux, uy})
				// on the diagonal the code's edges are at 45°
				gs = append(gs, guess{(ax + bx - ox) / 2, (ay + by - oy) / 2, (ux - uy) / math.Sqrt2, (uy + ux) / math.Sqrt2})
			}
			for _, q := range gs {
				cx, cy, cc := finderAt(g, q.x, q.y, q.ux, q.uy, m, 1)
				if cc < 0.5*min(ca, cb) {
					continue
				}
				mk := func(x, y float64) *detector.FinderPattern { return detector.NewFinderPattern(x, y, m, 2) }
				info := orderTriple(mk(ax, ay), mk(bx, by), mk(cx, cy))
				var t seenTriple
				for k, p := range []*detector.FinderPattern{info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()} {
					t.p[k] = [2]float64{p.GetX(), p.GetY()}
				}
				t.ms = m
				if each(t) {
					return true
				}
			}
		}
	}
	return false
}

// tryGreyScan looks for finders in the grey picture g itself, for when no
// binarised copy saw any, and reads the code they belong to. A code some
// try saw with larger modules is not one this can read (a blurred one,
// read by later filters).
func (s *scanner) tryGreyScan(g Gray, scale float64) {
	if math.Abs(s.ms) > maxGreyModule {
		return
	}
	for _, f := range scanFinders(g) {
		s.addFinder(greyFinder{f.x * scale, f.y * scale, f.m * scale})
	}
	s.tryGrey(g, scale)
}

// scanFinders finds finder patterns of 1 to 2 pixels a module in g by
// their cross-section along every other row, sampled to half a pixel:
// the dark core and outer ring against the light ring and separator, by
// mean grey level, where run lengths of a binarised copy lose the
// one-module light ring. Each is then checked along its column and as a
// whole pattern.
func scanFinders(g Gray) []greyFinder {
	w := g.W
	half := make([]float64, 2*w)
	type scored struct {
		f greyFinder
		c float64
	}
	var cands []scored
	for _, m := range []float64{1.0, 1.2, 1.45, 1.75} {
		r := int(math.Ceil(4.5*m)) + 1
		for y := r; y < g.H-r; y += 2 {
			row := g.Pix[y*g.Stride : y*g.Stride+w]
			// half[k] is the row's level at x = k/2 + 0.25, a quarter
			// pixel from the pixel centres either side
			for k := range half {
				i := k / 2
				if k%2 == 0 {
					half[k] = (3*float64(row[i]) + float64(row[max(i-1, 0)])) / 4
				} else {
					half[k] = (3*float64(row[i]) + float64(row[min(i+1, w-1)])) / 4
				}
			}
			at := func(k int, o float64) float64 { return half[k+int(math.Round(2*o*m))] }
			best, bestK := 0.0, -1
			for k := 2 * r; k < 2*(w-r); k++ {
				c := half[k]
				// quick rejects: the core darker than the light ring
				if c >= at(k, -2) || c >= at(k, 2) {
					if bestK >= 0 {
						cands = append(cands, scored{greyFinder{float64(bestK)/2 + 0.25, float64(y) + 0.5, m}, best})
						best, bestK = 0, -1
					}
					continue
				}
				var light, dark float64
				for o := -4; o <= 4; o++ {
					if finderDark(iabs(o)) {
						dark += at(k, float64(o)) / 5
					} else {
						light += at(k, float64(o)) / 4
					}
				}
				if sc := light - dark; sc >= 24 && sc > best {
					best, bestK = sc, k
				}
			}
			if bestK >= 0 {
				cands = append(cands, scored{greyFinder{float64(bestK)/2 + 0.25, float64(y) + 0.5, m}, best})
			}
		}
	}
	// A row through data often looks like a finder's; its column
	// rarely does as well.
	for i, c := range cands {
		v := 0.0
		for dy := -1.0; dy <= 1; dy += 0.5 {
			var light, dark float64
			for o := -4; o <= 4; o++ {
				if l := bilinear(g, c.f.x, c.f.y+dy+float64(o)*c.f.m); finderDark(iabs(o)) {
					dark += l / 5
				} else {
					light += l / 4
				}
			}
			v = max(v, light-dark)
		}
		cands[i].c = min(c.c, v)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].c > cands[j].c })
	var ok []scored
	for i, sc := range cands {
		if i >= 20*maxFinders {
			break
		}
		c := sc.f
		near := false
		for _, o := range ok {
			near = near || math.Hypot(o.f.x-c.x, o.f.y-c.y) < 3*c.m
		}
		if near {
			continue
		}
		x, y, con := finderAt(g, c.x, c.y, 1, 0, c.m, 0.75)
		if con >= 24 {
			ok = append(ok, scored{greyFinder{x, y, c.m}, con})
		}
		if len(ok) >= 3*maxFinders {
			break
		}
	}
	sort.SliceStable(ok, func(i, j int) bool { return ok[i].c > ok[j].c })
	var out []greyFinder
	for _, o := range ok[:min(len(ok), maxFinders)] {
		out = append(out, o.f)
	}
	return out
}
