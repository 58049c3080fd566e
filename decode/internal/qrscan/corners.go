package qrscan

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// readCorners reads a code seen at a steep angle from the corners of its
// finders. Three finder centres and one guessed fourth point pin a
// perspective only roughly, and on a steep code the guess (the
// parallelogram's corner, or an alignment pattern looked for where that
// corner puts it) lands modules away. Each finder's outer dark square,
// though, shows its own four corners: twelve points that pin the
// perspective with the dimension as the only unknown. Every dimension is
// fitted, the fits whose timing patterns sample right are read, first
// as fitted and then refined by the alignment patterns found where the fit
// puts them.
//
// from, when not nil, names the binarised image each finder was found in,
// to take its corners from.
func readCorners(bm *gozxing.BitMatrix, dec *decoder.Decoder, info *detector.FinderPatternInfo, budget *int, from map[*detector.FinderPattern]*gozxing.BitMatrix) (found, bool) {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	// The code's axes in pixels, to tell each finder corner's place.
	ux, uy := tr.GetX()-tl.GetX(), tr.GetY()-tl.GetY()
	vx, vy := bl.GetX()-tl.GetX(), bl.GetY()-tl.GetY()
	det := ux*vy - uy*vx
	if math.Abs(det) < 1e-6 {
		return found{}, false
	}
	var q [3][4][2]float64
	for i, p := range []*detector.FinderPattern{tl, tr, bl} {
		fbm := bm
		if b, ok := from[p]; ok {
			fbm = b
		}
		c, ok := finderCorners(fbm, p)
		if !ok {
			return found{}, false
		}
		// Each corner's side of the finder's centre along both axes.
		seen := [4]bool{}
		for _, k := range c {
			dx, dy := k[0]-p.GetX(), k[1]-p.GetY()
			a := (dx*vy - dy*vx) / det
			b := (ux*dy - uy*dx) / det
			j := 0
			if a > 0 {
				j |= 1
			}
			if b > 0 {
				j |= 2
			}
			if seen[j] {
				return found{}, false
			}
			seen[j] = true
			q[i][j] = k
		}
	}
	type fit struct {
		dim   int
		h     [9]float64
		score float64
	}
	var fits []fit
	for dim := 21; dim <= 177; dim += 4 {
		d := float64(dim)
		var src, dst [][2]float64
		for i, o := range [3][2]float64{{0, 0}, {d - 7, 0}, {0, d - 7}} {
			for j := 0; j < 4; j++ {
				src = append(src, [2]float64{o[0] + 7*float64(j&1), o[1] + 7*float64(j>>1)})
				dst = append(dst, q[i][j])
			}
		}
		h, ok := fitHomography(src, dst)
		if !ok {
			continue
		}
		fits = append(fits, fit{dim, h, timing(bm, h, dim)})
	}
	sort.SliceStable(fits, func(i, j int) bool { return fits[i].score > fits[j].score })
	mk := func(res *common.DecoderResult, h [9]float64, dim int) found {
		d := float64(dim)
		x0, y0 := project(h, 0, 0)
		x1, y1 := project(h, d, 0)
		x2, y2 := project(h, 0, d)
		side := (math.Hypot(x1-x0, y1-y0) + math.Hypot(x2-x0, y2-y0)) / 2
		cx, cy := project(h, d/2, d/2)
		return found{res: res, cx: cx, cy: cy, size: side, ms: side / d}
	}
	for n, f := range fits {
		if n >= 3 || f.score < 0.7 || *budget <= 0 {
			break
		}
		*budget--
		ver, err := decoder.Version_GetVersionForNumber((f.dim - 17) / 4)
		if err != nil {
			continue
		}
		hs := [][9]float64{f.h}
		var cells *gozxing.BitMatrix
		if len(ver.GetAlignmentPatternCenters()) > 0 {
			var h2 [9]float64
			h2, cells = refineAlignments(bm, ver, f.h, q)
			hs = append(hs, h2)
		}
		for _, h := range hs {
			bits, err := sample(bm, f.dim, func(x, y float64) (float64, float64) { return project(h, x, y) })
			if err != nil {
				continue
			}
			if res, err := dec.Decode(bits, nil); err == nil {
				return mk(res, h, f.dim), true
			}
		}
		if cells != nil {
			if res, err := dec.Decode(cells, nil); err == nil {
				return mk(res, hs[len(hs)-1], f.dim), true
			}
		}
	}
	return found{}, false
}

// refineAlignments follows the alignment patterns from the top-left
// corner out, each found where the fit so far puts it (and checked to be
// one: alignAt) refining the fit from the finders' corners q for the next.
// It returns the refined fit and a grid read with one perspective per
// cell between four neighbouring patterns, which follows a bend one fit
// for the whole code cannot; nil when no pattern was found.
func refineAlignments(bm *gozxing.BitMatrix, ver *decoder.Version, h [9]float64, q [3][4][2]float64) ([9]float64, *gozxing.BitMatrix) {
	centers := ver.GetAlignmentPatternCenters()
	d := float64(ver.GetDimensionForVersion())
	var src, dst [][2]float64
	for i, o := range [3][2]float64{{0, 0}, {d - 7, 0}, {0, d - 7}} {
		for j := 0; j < 4; j++ {
			src = append(src, [2]float64{o[0] + 7*float64(j&1), o[1] + 7*float64(j>>1)})
			dst = append(dst, q[i][j])
		}
	}
	h, grid, found := walkAlignments(centers, h, src, dst, fitHomography, alignFinder(bm))
	if found == 0 {
		return h, nil
	}
	at, ok := cellMap(centers, grid)
	if !ok {
		return h, nil
	}
	bits, err := sample(bm, int(d), at)
	if err != nil {
		return h, nil
	}
	return h, bits
}

// finderCorners returns the four outer corners of the finder pattern
// around p: the dark ring is the dark region met going out from the dark
// core through the light gap, and its convex hull's largest inscribed
// quadrilateral is the finder's outline.
func finderCorners(bm *gozxing.BitMatrix, p *detector.FinderPattern) ([4][2]float64, bool) {
	var none [4][2]float64
	ms := p.GetEstimatedModuleSize()
	r := int(math.Ceil(8 * ms))
	cx, cy := int(p.GetX()), int(p.GetY())
	x0, y0 := cx-r, cy-r
	n := 2*r + 1
	w, h := bm.GetWidth(), bm.GetHeight()
	in := func(x, y int) bool {
		return x >= x0 && y >= y0 && x < x0+n && y < y0+n && x >= 0 && y >= 0 && x < w && y < h
	}
	if !in(cx, cy) || !bm.Get(cx, cy) {
		return none, false
	}
	mark := make([]uint8, n*n)
	// fill marks the 4-connected region of colour dark from (x, y) with
	// m; it fails when the region reaches the window's edge.
	var stack [][2]int
	fill := func(x, y int, dark bool, m uint8) bool {
		stack = append(stack[:0], [2]int{x, y})
		mark[(y-y0)*n+x-x0] = m
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				x, y := c[0]+d[0], c[1]+d[1]
				if !in(x, y) {
					return false
				}
				i := (y-y0)*n + x - x0
				if mark[i] != 0 || bm.Get(x, y) != dark {
					continue
				}
				mark[i] = m
				stack = append(stack, [2]int{x, y})
			}
		}
		return true
	}
	if !fill(cx, cy, true, 1) {
		return none, false
	}
	// Out from the core to the right: the gap, then the ring.
	x := cx
	for in(x, cy) && mark[(cy-y0)*n+x-x0] == 1 {
		x++
	}
	if !in(x, cy) || !fill(x, cy, false, 2) {
		return none, false
	}
	for in(x, cy) && mark[(cy-y0)*n+x-x0] == 2 {
		x++
	}
	if !in(x, cy) || !fill(x, cy, true, 3) {
		return none, false
	}
	// The ring's row extents, as pixel corners, make its hull.
	var pts [][2]float64
	for y := 0; y < n; y++ {
		lo, hi := -1, -1
		for x := 0; x < n; x++ {
			if mark[y*n+x] == 3 {
				if lo < 0 {
					lo = x
				}
				hi = x
			}
		}
		if lo >= 0 {
			fx0, fx1, fy := float64(x0+lo), float64(x0+hi+1), float64(y0+y)
			pts = append(pts, [2]float64{fx0, fy}, [2]float64{fx0, fy + 1}, [2]float64{fx1, fy}, [2]float64{fx1, fy + 1})
		}
	}
	hull := convexHull(pts)
	if len(hull) < 4 {
		return none, false
	}
	q := largestQuad(hull)
	// A finder fills its outline, 24 of its 49 modules² being the
	// ring's: a loop of data modules that passed for one does not.
	var area [4]int
	for _, m := range mark {
		area[m]++
	}
	quad := 0.0
	for i := range q {
		j := (i + 1) % 4
		quad += q[i][0]*q[j][1] - q[j][0]*q[i][1]
	}
	quad = math.Abs(quad) / 2
	all := float64(area[1] + area[2] + area[3])
	if all < 0.85*quad || all > 1.15*quad || float64(area[3]) < 0.35*all || float64(area[3]) > 0.65*all || float64(area[1]) < 0.08*all || float64(area[1]) > 0.3*all {
		return none, false
	}
	// Blur rounds the outline's corners, which the quadrilateral cuts
	// off: each corner is where the straight middles of its two sides
	// meet.
	ring := func(x, y float64) bool {
		ix, iy := int(math.Floor(x)), int(math.Floor(y))
		return in(ix, iy) && mark[(iy-y0)*n+ix-x0] == 3
	}
	var lines [4][4]float64 // a point and a direction
	for i := range q {
		a, b := q[i], q[(i+1)%4]
		ex, ey := b[0]-a[0], b[1]-a[1]
		l := math.Hypot(ex, ey)
		if l < 4 {
			return none, false
		}
		ex, ey = ex/l, ey/l
		// The normal away from the centre.
		nx, ny := -ey, ex
		if nx*(a[0]-float64(cx))+ny*(a[1]-float64(cy)) < 0 {
			nx, ny = -nx, -ny
		}
		var pts [][2]float64
		for k := 1; k < 10; k++ {
			t := 0.15 + 0.7*float64(k)/10
			px, py := a[0]+t*(b[0]-a[0])+2*nx, a[1]+t*(b[1]-a[1])+2*ny
			for s := 0; s < 24; s++ {
				if ring(px, py) {
					pts = append(pts, [2]float64{px + 0.125*nx, py + 0.125*ny})
					break
				}
				px, py = px-0.25*nx, py-0.25*ny
			}
		}
		lines[i] = [4]float64{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, ex, ey}
		if len(pts) >= 5 {
			lines[i] = fitLine(pts)
		}
	}
	var out [4][2]float64
	for i := range q {
		p, ok := meet(lines[(i+3)%4], lines[i])
		if !ok || math.Hypot(p[0]-q[i][0], p[1]-q[i][1]) > 3+0.1*math.Sqrt(quad) {
			return none, false
		}
		out[i] = p
	}
	return out, true
}

// fitLine fits a line to points by total least squares: their mean and
// principal direction.
func fitLine(p [][2]float64) [4]float64 {
	var mx, my float64
	for _, q := range p {
		mx += q[0]
		my += q[1]
	}
	mx /= float64(len(p))
	my /= float64(len(p))
	var sxx, sxy, syy float64
	for _, q := range p {
		dx, dy := q[0]-mx, q[1]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	a := 0.5 * math.Atan2(2*sxy, sxx-syy)
	return [4]float64{mx, my, math.Cos(a), math.Sin(a)}
}

// meet intersects two lines given as a point and a direction.
func meet(a, b [4]float64) ([2]float64, bool) {
	den := a[2]*b[3] - a[3]*b[2]
	if math.Abs(den) < 0.2 {
		return [2]float64{}, false
	}
	t := ((b[0]-a[0])*b[3] - (b[1]-a[1])*b[2]) / den
	return [2]float64{a[0] + t*a[2], a[1] + t*a[3]}, true
}

// convexHull is Andrew's monotone chain, counter-clockwise.
func convexHull(p [][2]float64) [][2]float64 {
	sort.Slice(p, func(i, j int) bool {
		if p[i][0] != p[j][0] {
			return p[i][0] < p[j][0]
		}
		return p[i][1] < p[j][1]
	})
	cross := func(o, a, b [2]float64) float64 {
		return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
	}
	var h [][2]float64
	for _, q := range p {
		for len(h) >= 2 && cross(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	lower := len(h) + 1
	for i := len(p) - 2; i >= 0; i-- {
		q := p[i]
		for len(h) >= lower && cross(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	return h[:len(h)-1]
}

// largestQuad returns the quadrilateral of largest area with its corners
// on the hull.
func largestQuad(h [][2]float64) [4][2]float64 {
	n := len(h)
	area := func(a, b, c [2]float64) float64 {
		return math.Abs((b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0]))
	}
	best, bi := -1.0, [4]int{}
	for i := 0; i < n; i++ {
		for j := i + 2; j < n; j++ {
			l, lk := -1.0, -1
			for k := i + 1; k < j; k++ {
				if a := area(h[i], h[j], h[k]); a > l {
					l, lk = a, k
				}
			}
			r, rk := -1.0, -1
			for k := j + 1; k < n+i; k++ {
				if a := area(h[i], h[j], h[k%n]); a > r {
					r, rk = a, k%n
				}
			}
			if lk >= 0 && rk >= 0 && l+r > best {
				best, bi = l+r, [4]int{i, lk, j, rk}
			}
		}
	}
	return [4][2]float64{h[bi[0]], h[bi[1]], h[bi[2]], h[bi[3]]}
}

// ringFinders finds finder patterns by their shape, as quirc does: a row
// crossing dark, light, dark, light, dark in about 1:1:3:1:1, whose outer
// dark runs are one region (the ring) and the middle run another (the
// stone) of about a third of the ring's area. ZXing's finder also wants
// the pattern as tall as it is wide, which a finder foreshortened on a
// steep code is not; the shape's topology survives any perspective.
func ringFinders(bm *gozxing.BitMatrix) []*detector.FinderPattern {
	w, h := bm.GetWidth(), bm.GetHeight()
	labels := make([]int32, w*h)
	type region struct {
		area   int
		sx, sy float64
		edge   bool // reaches the image's edge
		hits   int  // rows that saw it as a stone
		ring   int32
	}
	regions := []region{{}}
	var stack []int32
	label := func(x, y int) int32 {
		i := y*w + x
		if labels[i] != 0 {
			return labels[i]
		}
		id := int32(len(regions))
		dark := bm.Get(x, y)
		r := region{}
		labels[i] = id
		stack = append(stack[:0], int32(i))
		for len(stack) > 0 {
			j := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			px, py := j%w, j/w
			r.area++
			r.sx += float64(px)
			r.sy += float64(py)
			if px == 0 || py == 0 || px == w-1 || py == h-1 {
				r.edge = true
			}
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				qx, qy := px+d[0], py+d[1]
				if qx < 0 || qy < 0 || qx >= w || qy >= h {
					continue
				}
				k := qy*w + qx
				if labels[k] == 0 && bm.Get(qx, qy) == dark {
					labels[k] = id
					stack = append(stack, int32(k))
				}
			}
		}
		regions = append(regions, r)
		return id
	}
	var runs [6]int // run lengths, the last being the current one
	var starts [6]int
	for y := 0; y < h; y++ {
		for i := range runs {
			runs[i], starts[i] = 0, 0
		}
		prev := bm.Get(0, y)
		for x := 0; x <= w; x++ {
			cur := x < w && bm.Get(x, y)
			if x < w && cur == prev {
				runs[5]++
				continue
			}
			// A run of colour prev ended at x.
			if x > 0 {
				copy(runs[:5], runs[1:])
				copy(starts[:5], starts[1:])
				runs[4] = runs[5]
				starts[4] = x - runs[5]
			}
			if prev && runs[0] > 0 && bm.Get(starts[0], y) {
				a, b, c, d, e := float64(runs[0]), float64(runs[1]), float64(runs[2]), float64(runs[3]), float64(runs[4])
				avg := (a + b + d + e) / 4
				tol := avg * 3 / 4
				if math.Abs(a-avg) <= tol && math.Abs(b-avg) <= tol && math.Abs(d-avg) <= tol && math.Abs(e-avg) <= tol &&
					math.Abs(c-3*avg) <= 3*tol && avg >= 1 {
					ring := label(starts[0], y)
					if label(starts[4], y) == ring {
						stone := label(starts[2], y)
						if stone != ring {
							regions[stone].hits++
							regions[stone].ring = ring
						}
					}
				}
			}
			runs[5] = 1
			prev = cur
		}
	}
	var out []*detector.FinderPattern
	for id := 1; id < len(regions); id++ {
		s := regions[id]
		if s.hits == 0 {
			continue
		}
		r := regions[s.ring]
		// The stone is 9 modules², the ring 24.
		if r.edge || s.edge || s.area*100 < r.area*10 || s.area*100 > r.area*70 {
			continue
		}
		ms := math.Sqrt(float64(r.area) / 24)
		p := detector.NewFinderPattern(s.sx/float64(s.area)+0.5, s.sy/float64(s.area)+0.5, ms, min(s.hits, 3))
		// The module size is the outline's, measured out from the
		// stone: a dark loop of data around a finder can pass for the
		// ring of a bigger one around its whole outline.
		if q, ok := finderCorners(bm, p); ok {
			a := 0.0
			for i := range q {
				j := (i + 1) % 4
				a += q[i][0]*q[j][1] - q[j][0]*q[i][1]
			}
			out = append(out, detector.NewFinderPattern(p.GetX(), p.GetY(), math.Sqrt(math.Abs(a)/2)/7, p.GetCount()))
		}
	}
	return out
}

// readRings reads a steep code from finders found by their rings in
// thresholds against the mean of a window (ms is the module size some try
// saw). The far finders of a blurred steep code are a little over two
// pixels a module, and their light gap, one module wide, survives a
// window of a few modules where the hybrid binarizer's 8-pixel blocks,
// averaged over 5×5 blocks, merge it with the ring or the core. A finder
// survives windows of radius about 1.2 to 5 of its modules; as the far
// modules are down to 0.4 of the near ones and the module size seen may be
// either, windows of three widths are pooled; each finder's corners are
// taken from the threshold it was found in, and the modules read from one
// whose window is wider than the code's biggest module.
func readRings(base Gray, ms float64, dec *decoder.Decoder, budget *int) (found, bool) {
	thresholds := map[int]*gozxing.BitMatrix{}
	threshold := func(r int) *gozxing.BitMatrix {
		r = min(max(r, 3), 40)
		if bm, ok := thresholds[r]; ok {
			return bm
		}
		bm := meanThreshold(base, r)
		thresholds[r] = bm
		return bm
	}
	from := map[*detector.FinderPattern]*gozxing.BitMatrix{}
	var fs []*detector.FinderPattern
	for _, k := range []float64{1, 2, 3.5} {
		bm := threshold(int(math.Round(k * ms)))
		if bm == nil {
			return found{}, false
		}
		for _, p := range ringFinders(bm) {
			if _, ok := from[p]; !ok {
				from[p] = bm
				fs = append(fs, p)
			}
		}
	}
	fs = distinct(fs)
	// The biggest first: a code's finders are bigger than the specks
	// of its data that pass for one.
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].GetEstimatedModuleSize() > fs[j].GetEstimatedModuleSize() })
	fs = fs[:min(len(fs), maxPool)]
	var infos []*detector.FinderPatternInfo
	for i := 0; i < len(fs); i++ {
		for j := i + 1; j < len(fs); j++ {
			for k := j + 1; k < len(fs); k++ {
				if info := orderTriple(fs[i], fs[j], fs[k]); steep(info) {
					infos = append(infos, info)
				}
			}
		}
	}
	sort.SliceStable(infos, func(i, j int) bool { return oddness(infos[i]) < oddness(infos[j]) })
	for n, info := range infos {
		if n >= maxTriples || *budget <= 0 {
			break
		}
		big := max(info.GetTopLeft().GetEstimatedModuleSize(), info.GetTopRight().GetEstimatedModuleSize(), info.GetBottomLeft().GetEstimatedModuleSize())
		bm := threshold(int(math.Round(1.5 * big)))
		if f, ok := readCorners(bm, dec, info, budget, from); ok {
			return f, true
		}
	}
	return found{}, false
}
