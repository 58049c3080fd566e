package qrscan

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// found is one code read from a bit matrix, with its corners' centre and
// size in that matrix's pixels.
type found struct {
	res    *common.DecoderResult
	cx, cy float64
	size   float64
	ms     float64 // module size
}

var tryHarder = map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}

// maxTriples bounds the work on images full of finder-like noise.
const maxTriples = 8

// readMatrix finds every code in a binarised image. unexplained is the
// number of plausible finder triples that gave no code and lie outside
// every code read, a sign that the cascade should go on. qrLike tells
// whether some of them have timing patterns, worth filtering the image
// for: odd when one was counted, 2 or more when both were, alike.
//
// ms is the module size of the most plausible such triple with a timing
// pattern, corrected for its turn; else minus that of the confirmed lone
// finders (weaker evidence); or 0.
func readMatrix(bm *gozxing.BitMatrix, budget *int) (codes []found, unexplained, qrLike int, ms float64, failed []*detector.FinderPatternInfo, centers []*detector.FinderPattern) {
	// The single finder's rule picks another triple from the same
	// centres; it finds codes the multi finder's pairing drops. (Its own
	// scan would also stop early at a finder-like run in the data.)
	all, infos, best := finders(bm)
	if best != nil {
		infos = append(infos, best)
	}
	// When noise, glare or a finger spoils one finder, two are left:
	// complete each pair of similar finders to the triples it can belong
	// to. The decoder's error correction tells a right guess.
	if len(infos) == 0 {
		infos = completePairs(all)
	}
	// Most plausible triples first: the sweep budget goes to them.
	sort.SliceStable(infos, func(i, j int) bool { return oddness(infos[i]) < oddness(infos[j]) })
	// A share of the image's budget per binarised image, so that one
	// picture full of false finders leaves some for the later steps.
	local := min(*budget, sweepPerTry)
	*budget -= local
	defer func() { *budget += local }()
	dec := decoder.NewDecoder()
	for i, info := range infos {
		if i >= maxTriples {
			break
		}
		if covered(codes, info) {
			continue
		}
		tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
		if !plausible(tl, tr, bl) {
			continue
		}
		if f, ok := readTriple(bm, dec, info, &local, false); ok {
			codes = append(codes, f)
		} else {
			failed = append(failed, info)
		}
	}
	// The single finder's own scan refines centres over more rows; when
	// a plausible triple failed, its estimate may read where the multi
	// finder's did not.
	// Each failed triple's timing pattern counts, once: they decide the
	// single finder's second scan (worth it only for a code; a desk photo
	// or an app screen gives triples without one) and qrLike below.
	counts := make([][2]int, len(failed))
	timed := false
	for i, info := range failed {
		tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
		counts[i] = [2]int{timingDim(bm, tl, tr, bl), timingDim(bm, tl, bl, tr)}
		timed = timed || counts[i][0] > 0 || counts[i][1] > 0
	}
	if len(codes) == 0 && timed && len(all) <= maxCentres {
		if info, err := detector.NewFinderPatternFinder(bm, nil).Find(tryHarder); err == nil && plausible(info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()) {
			if f, ok := readTriple(bm, dec, info, &local, false); ok {
				codes = append(codes, f)
			}
		}
	}
	for i, info := range failed {
		if !covered(codes, info) {
			unexplained++
			// A timing pattern counted, and where both are, counted
			// alike: a code's, not a pattern in text or noise.
			d1, d2 := counts[i][0], counts[i][1]
			if meanModule(info) >= minSweepModule && confirmed(info) {
				switch {
				case d1 > 0 && d2 > 0 && d1-d2 <= 4 && d2-d1 <= 4:
					qrLike += 2
				case d1 > 0 || d2 > 0:
					qrLike |= 1
				}
				if ms == 0 && (d1 > 0 || d2 > 0) {
					ms = meanModule(upright(info))
				}
			}
		}
	}
	// Three confirmed finder patterns outside every code read are
	// likely another code the pairing missed.
	loose := 0
	for _, p := range all {
		if p.GetCount() >= 2 && !inside(codes, p) && similar(codes, p.GetEstimatedModuleSize()) {
			loose++
		}
	}
	if loose >= 2 {
		unexplained++
	}
	if ms == 0 && len(codes) == 0 {
		// No triple with a timing pattern: a confirmed finder on its
		// own still tells the module size a filter should work at.
		var lone []*detector.FinderPattern
		for _, p := range all {
			if p.GetCount() >= 2 && p.GetEstimatedModuleSize() >= minSweepModule {
				lone = append(lone, p)
			}
		}
		if len(lone) > 0 && len(lone) <= 6 && !inRow(lone) {
			sizes := make([]float64, len(lone))
			for i, p := range lone {
				sizes[i] = p.GetEstimatedModuleSize()
			}
			sort.Float64s(sizes)
			ms = -sizes[len(sizes)/2]
		}
	}
	return codes, unexplained, qrLike, ms, failed, all
}

// inRow reports whether four or more finders lie on one line: a row of
// icons in an app, not a code, whose finders make a right angle.
func inRow(ps []*detector.FinderPattern) bool {
	if len(ps) < 4 {
		return false
	}
	a := ps[0]
	// The farthest finder from the first gives the line's direction.
	b := ps[1]
	for _, p := range ps[2:] {
		if dist(a, p) > dist(a, b) {
			b = p
		}
	}
	l := dist(a, b)
	for _, p := range ps {
		// distance from the line through a and b
		d := math.Abs((b.GetX()-a.GetX())*(a.GetY()-p.GetY())-(a.GetX()-p.GetX())*(b.GetY()-a.GetY())) / l
		if d > 3*p.GetEstimatedModuleSize() {
			return false
		}
	}
	return true
}

// inside reports whether p lies within a code read, at any rotation: the
// corners of a code are 0.71 of its side from the centre.
func inside(codes []found, p gozxing.ResultPoint) bool {
	for _, c := range codes {
		if math.Hypot(p.GetX()-c.cx, p.GetY()-c.cy) < c.size*0.75 {
			return true
		}
	}
	return false
}

// similar reports whether a finder's module size is near that of a code
// read: the codes of one export are drawn at one scale.
func similar(codes []found, ms float64) bool {
	for _, c := range codes {
		if r := ms / c.ms; r > 0.7 && r < 1.4 {
			return true
		}
	}
	return false
}

// covered reports whether a finder triple lies inside a code already read.
func covered(codes []found, info *detector.FinderPatternInfo) bool {
	for _, c := range codes {
		n := 0
		for _, p := range []*detector.FinderPattern{info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()} {
			if inside([]found{c}, p) {
				n++
			}
		}
		if n >= 2 {
			return true
		}
	}
	return false
}

// readTriple decodes the code around one finder triple: first as ZXing
// does, then over the nearest dimensions with and without the alignment
// pattern, and with every alignment pattern for large versions.
func readTriple(bm *gozxing.BitMatrix, dec *decoder.Decoder, info *detector.FinderPatternInfo, budget *int, trust bool) (found, bool) {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	mk := func(res *common.DecoderResult, dim int) found {
		// The centre is the mid-point of the diagonal from top-right to
		// bottom-left finder; size is the side of the code in pixels.
		side := (dist(tl, tr) + dist(tl, bl)) / 2 * float64(dim) / float64(dim-7)
		return found{res: res, cx: (tr.GetX() + bl.GetX()) / 2, cy: (tr.GetY() + bl.GetY()) / 2, size: side, ms: side / float64(dim)}
	}
	if r, err := detector.NewDetector(bm).ProcessFinderPatternInfo(info); err == nil {
		if res, err := dec.Decode(r.GetBits(), nil); err == nil {
			return mk(res, r.GetBits().GetWidth()), true
		}
	}
	info = upright(info)
	tl, tr, bl = info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	// Finders of about a pixel per module are what sensor noise makes;
	// a real code that small is read from the upscaled copy.
	if meanModule(info) < minSweepModule || !confirmed(info) {
		return found{}, false
	}
	counted := [2]int{timingDim(bm, tl, tr, bl), timingDim(bm, tl, bl, tr)}
	for i, c := range counted {
		if c > 0 {
			counted[i] = (c-17+2)/4*4 + 17
		}
	}
	for _, dim := range dimensions(bm, tl, tr, bl) {
		// The sweep is what a picture without a code pays for: its
		// false finder triples each try every dimension.
		if *budget <= 0 {
			break
		}
		*budget--
		ver, err := decoder.Version_GetProvisionalVersionForDimension(dim)
		if err != nil {
			continue
		}
		var align *detector.AlignmentPattern
		if len(ver.GetAlignmentPatternCenters()) > 0 {
			align = findAlignment(bm, tl, tr, bl, dim)
		}
		tries := []*detector.AlignmentPattern{align}
		if align != nil {
			tries = append(tries, nil)
		}
		for _, a := range tries {
			h, ok := zxingTransform(tl, tr, bl, a, dim)
			if !ok {
				continue
			}
			bits, err := sample(bm, dim, func(x, y float64) (float64, float64) { return project(h, x, y) })
			if err != nil {
				continue
			}
			if res, err := dec.Decode(bits, nil); err == nil {
				return mk(res, dim), true
			}
		}
		if ver.GetVersionNumber() >= 2 {
			if bits := sampleAllAlignments(bm, ver, info, trust || dim == counted[0] || dim == counted[1]); bits != nil {
				if res, err := dec.Decode(bits, nil); err == nil {
					return mk(res, dim), true
				}
			}
		}
	}
	return found{}, false
}

// upright corrects the finders' module sizes for the code's turn. ZXing
// estimates a finder's module size from its horizontal run through the
// centre, which on a code turned by θ is 1/max(|cos θ|, |sin θ|) times too
// long: √2 at 45°, enough to send the dimension sweep and the timing count
// to the wrong versions.
func upright(info *detector.FinderPatternInfo) *detector.FinderPatternInfo {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	// The direction of both edges from the top-left finder, averaged
	// (the two are at right angles on a code seen straight on).
	f := func(a, b *detector.FinderPattern) float64 {
		dx, dy := math.Abs(b.GetX()-a.GetX()), math.Abs(b.GetY()-a.GetY())
		return max(dx, dy) / math.Hypot(dx, dy)
	}
	k := (f(tl, tr) + f(tl, bl)) / 2
	if k > 0.99 || math.IsNaN(k) || skip("upright") {
		return info
	}
	fix := func(p *detector.FinderPattern) *detector.FinderPattern {
		return detector.NewFinderPattern(p.GetX(), p.GetY(), p.GetEstimatedModuleSize()*k, p.GetCount())
	}
	return detector.NewFinderPatternInfo(fix(bl), fix(tl), fix(tr))
}

// completePairs proposes triples from pairs of confirmed finders of
// similar size: the pair as one edge of the code (either side) or as its
// diagonal.
func completePairs(centers []*detector.FinderPattern) []*detector.FinderPatternInfo {
	var good []*detector.FinderPattern
	for _, c := range centers {
		if c.GetCount() >= 2 {
			good = append(good, c)
		}
	}
	if len(good) > 6 {
		return nil // many finders and no triple: not a spoilt code
	}
	var out []*detector.FinderPatternInfo
	for i := 0; i < len(good); i++ {
		for j := i + 1; j < len(good); j++ {
			a, b := good[i], good[j]
			ms := (a.GetEstimatedModuleSize() + b.GetEstimatedModuleSize()) / 2
			if r := a.GetEstimatedModuleSize() / b.GetEstimatedModuleSize(); r < 0.7 || r > 1.4 || dist(a, b) < 14*ms {
				continue
			}
			ax, ay, bx, by := a.GetX(), a.GetY(), b.GetX(), b.GetY()
			dx, dy := bx-ax, by-ay
			mk := func(x, y float64) *detector.FinderPattern { return detector.NewFinderPattern(x, y, ms, 1) }
			// a and b on one edge: the third finder is beside a or b.
			for _, sgn := range []float64{1, -1} {
				ox, oy := -dy*sgn, dx*sgn
				out = append(out, orderTriple(a, b, mk(ax+ox, ay+oy)), orderTriple(a, b, mk(bx+ox, by+oy)))
			}
			// a and b on the diagonal: the third at the other corner.
			mx, my := (ax+bx)/2, (ay+by)/2
			for _, sgn := range []float64{1, -1} {
				out = append(out, orderTriple(a, b, mk(mx-dy/2*sgn, my+dx/2*sgn)))
			}
		}
	}
	return out
}

// orderTriple names three finders as ZXing does: the top-left is at the
// right angle, then the other two in clockwise order.
func orderTriple(p, q, r *detector.FinderPattern) *detector.FinderPatternInfo {
	bl, tl, tr := gozxing.ResultPoint_OrderBestPatterns(p, q, r)
	return detector.NewFinderPatternInfo(bl.(*detector.FinderPattern), tl.(*detector.FinderPattern), tr.(*detector.FinderPattern))
}

// minSweepModule is the smallest module, in pixels, worth a dimension sweep.
const minSweepModule = 1.3

// confirmed reports whether two of the three finders were seen on more
// than one scan line: noise makes finders that are seen once.
func confirmed(info *detector.FinderPatternInfo) bool {
	n := 0
	for _, p := range []*detector.FinderPattern{info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()} {
		if p.GetCount() >= 2 {
			n++
		}
	}
	return n >= 2
}

func meanModule(info *detector.FinderPatternInfo) float64 {
	return (info.GetTopLeft().GetEstimatedModuleSize() + info.GetTopRight().GetEstimatedModuleSize() +
		info.GetBottomLeft().GetEstimatedModuleSize()) / 3
}

// sweepPerTry is the most dimensions swept on one binarised image.
const sweepPerTry = 20

// oddness scores how far a triple is from a code seen straight on: unequal
// finder sizes, unequal edges and a skewed corner.
func oddness(info *detector.FinderPatternInfo) float64 {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	a, b, c := tl.GetEstimatedModuleSize(), tr.GetEstimatedModuleSize(), bl.GetEstimatedModuleSize()
	e1, e2 := dist(tl, tr), dist(tl, bl)
	ux, uy := tr.GetX()-tl.GetX(), tr.GetY()-tl.GetY()
	vx, vy := bl.GetX()-tl.GetX(), bl.GetY()-tl.GetY()
	cos := (ux*vx + uy*vy) / (e1*e2 + 1e-9)
	return max(a, b, c)/min(a, b, c) + max(e1, e2)/(min(e1, e2)+1e-9) + 2*math.Abs(cos)
}

// plausible rejects finder triples no photo of a code makes: finders of
// very different sizes, or edges far from square. Noise and text make many
// such triples, and each would cost a dimension sweep.
func plausible(tl, tr, bl *detector.FinderPattern) bool {
	ms := []float64{tl.GetEstimatedModuleSize(), tr.GetEstimatedModuleSize(), bl.GetEstimatedModuleSize()}
	if max(ms[0], ms[1], ms[2]) > 1.8*min(ms[0], ms[1], ms[2]) {
		return false
	}
	a, b := dist(tl, tr), dist(tl, bl)
	if a > 2*b || b > 2*a {
		return false
	}
	// The angle at the top-left finder: 90° straight on; perspective
	// and shear move it, but not beyond 45°–135°.
	ux, uy := tr.GetX()-tl.GetX(), tr.GetY()-tl.GetY()
	vx, vy := bl.GetX()-tl.GetX(), bl.GetY()-tl.GetY()
	cos := (ux*vx + uy*vy) / (a * b)
	return math.Abs(cos) < 0.71
}

// dimensions lists the code dimensions worth trying for a finder triple,
// nearest to the estimate first. ZXing estimates once from the mean module
// size; perspective and uneven module widths push that off by a version or
// two, so the estimates along each edge and their neighbours follow.
func dimensions(bm *gozxing.BitMatrix, tl, tr, bl *detector.FinderPattern) []int {
	mtl, mtr, mbl := tl.GetEstimatedModuleSize(), tr.GetEstimatedModuleSize(), bl.GetEstimatedModuleSize()
	ms := (mtl + mtr + mbl) / 3
	if ms < 0.8 {
		return nil
	}
	mean := (dist(tl, tr)+dist(tl, bl))/2/ms + 7
	h := dist(tl, tr)/((mtl+mtr)/2) + 7
	v := dist(tl, bl)/((mtl+mbl)/2) + 7
	valid := func(d float64) int { return int(math.Round((d-17)/4))*4 + 17 }
	var out []int
	seen := map[int]bool{}
	add := func(d int) {
		if d >= 21 && d <= 177 && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	base := valid(mean)
	// From version 7 on, the version is written twice beside the
	// finders, and read right it beats every other estimate.
	var weak []int
	if mean >= 40 {
		var strong []int
		strong, weak = versionDims(bm, tl, tr, bl)
		for _, d := range strong {
			add(d)
		}
	}
	// Counting the timing pattern's modules beats every estimate from
	// distances when it works: perspective does not change the count.
	for _, d := range []int{timingDim(bm, tl, tr, bl), timingDim(bm, tl, bl, tr)} {
		if d > 0 {
			add(valid(float64(d)))
		}
	}
	add(base)
	add(valid(h))
	add(valid(v))
	add(valid((h + v) / 2))
	for _, d := range []int{-4, 4, -8, 8, -12, 12} {
		add(base + d)
	}
	for _, d := range weak {
		add(d)
	}
	return out
}

func dist(a, b gozxing.ResultPoint) float64 {
	return math.Hypot(a.GetX()-b.GetX(), a.GetY()-b.GetY())
}

// zxingTransform is ZXing's module-to-pixel transform: the three finder
// centres and the alignment pattern, or without it the fourth corner of the
// parallelogram.
func zxingTransform(tl, tr, bl gozxing.ResultPoint, a *detector.AlignmentPattern, dim int) ([9]float64, bool) {
	d := float64(dim)
	brx, bry := tr.GetX()-tl.GetX()+bl.GetX(), tr.GetY()-tl.GetY()+bl.GetY()
	sbr := d - 3.5
	if a != nil {
		brx, bry, sbr = a.GetX(), a.GetY(), d-6.5
	}
	return fitHomography(
		[][2]float64{{3.5, 3.5}, {d - 3.5, 3.5}, {sbr, sbr}, {3.5, d - 3.5}},
		[][2]float64{{tl.GetX(), tl.GetY()}, {tr.GetX(), tr.GetY()}, {brx, bry}, {bl.GetX(), bl.GetY()}})
}

// findAlignment looks for the bottom-right alignment pattern where a code
// of dimension dim would have it, as ZXing's detector does.
func findAlignment(bm *gozxing.BitMatrix, tl, tr, bl gozxing.ResultPoint, dim int) *detector.AlignmentPattern {
	between := float64(dim - 7)
	ms := (dist(tl, tr) + dist(tl, bl)) / 2 / between
	brX := tr.GetX() - tl.GetX() + bl.GetX()
	brY := tr.GetY() - tl.GetY() + bl.GetY()
	c := 1 - 3/between
	ex := tl.GetX() + c*(brX-tl.GetX())
	ey := tl.GetY() + c*(brY-tl.GetY())
	for f := 4.0; f <= 16; f *= 2 {
		if a := alignmentNear(bm, ex, ey, ms, f*ms); a != nil {
			return a
		}
	}
	return nil
}

// alignmentNear searches a square of half-side allow around (x, y).
func alignmentNear(bm *gozxing.BitMatrix, x, y, ms, allow float64) *detector.AlignmentPattern {
	left := max(0, int(x-allow))
	right := min(bm.GetWidth()-1, int(x+allow))
	top := max(0, int(y-allow))
	bottom := min(bm.GetHeight()-1, int(y+allow))
	if float64(right-left) < ms*3 || float64(bottom-top) < ms*3 {
		return nil
	}
	a, err := detector.NewAlignmentPatternFinder(bm, left, top, right-left, bottom-top, ms, nil).Find()
	if err != nil {
		return nil
	}
	return a
}

// sample reads a dim×dim module grid through a mapping from module
// coordinates to pixels.
func sample(bm *gozxing.BitMatrix, dim int, at func(x, y float64) (float64, float64)) (*gozxing.BitMatrix, error) {
	bits, err := gozxing.NewSquareBitMatrix(dim)
	if err != nil {
		return nil, err
	}
	w, h := bm.GetWidth(), bm.GetHeight()
	outside := 0
	for y := 0; y < dim; y++ {
		for x := 0; x < dim; x++ {
			px, py := at(float64(x)+0.5, float64(y)+0.5)
			ix, iy := int(math.Floor(px)), int(math.Floor(py))
			if ix < 0 || iy < 0 || ix >= w || iy >= h {
				// A pixel or two outside happens on codes at the
				// image edge; clamp like ZXing's nudge, but not far.
				if ix < -2 || iy < -2 || ix >= w+2 || iy >= h+2 {
					return nil, errOutside
				}
				outside++
				ix, iy = min(max(ix, 0), w-1), min(max(iy, 0), h-1)
			}
			if bm.Get(ix, iy) {
				bits.Set(x, y)
			}
		}
	}
	return bits, nil
}

type scanError string

func (e scanError) Error() string { return string(e) }

const errOutside = scanError("grid outside image")

// sampleAllAlignments samples a large code with every alignment pattern:
// each cell between four neighbouring patterns gets its own perspective
// transform, which follows distortions one transform for the whole code
// cannot. The patterns are searched nearest the top-left finder first, and
// each one found refines the homography that predicts the next, so strong
// perspective, which the one-alignment transform gets wrong, is followed.
// t is the whole-code transform from the finders; only its finder corners
// are trusted.
func sampleAllAlignments(bm *gozxing.BitMatrix, ver *decoder.Version, info *detector.FinderPatternInfo, counted bool) *gozxing.BitMatrix {
	centers := ver.GetAlignmentPatternCenters()
	dim := ver.GetDimensionForVersion()
	d := float64(dim)
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	src := [][2]float64{{3.5, 3.5}, {d - 3.5, 3.5}, {3.5, d - 3.5}}
	dst := [][2]float64{{tl.GetX(), tl.GetY()}, {tr.GetX(), tr.GetY()}, {bl.GetX(), bl.GetY()}}
	// Seed the perspective from the finders' module sizes: a finder
	// nearer the camera has larger modules, so the modules between two
	// finders do not lie evenly on the line joining them.
	vsrc := [][2]float64{{d / 2, 3.5}, {3.5, d / 2}}
	vdst := [][2]float64{edgePoint(tl, tr), edgePoint(tl, bl)}
	fit := func(src, dst [][2]float64) ([9]float64, bool) {
		if len(src) < 6 {
			return fitHomography(append(append([][2]float64{}, src...), vsrc...), append(append([][2]float64{}, dst...), vdst...))
		}
		return fitHomography(src, dst)
	}
	h, ok := fit(src, dst)
	if !ok || (!counted && timing(bm, h, dim) < 0.6) {
		// Searching every alignment pattern costs; a wrong dimension
		// or a false triple shows in the timing patterns first, unless
		// the dimension is the timing pattern's own count.
		return nil
	}
	_, grid, _ := walkAlignments(centers, h, src, dst, fit, alignFinder(bm))
	at, ok := cellMap(centers, grid)
	if !ok {
		return nil
	}
	bits, err := sample(bm, dim, at)
	if err != nil {
		return nil
	}
	return bits
}

// alignAt finds the alignment pattern whose centre h puts near module
// (mx, my). In a dense code the data around it holds many dark-light-dark
// runs, and ZXing's finder takes the first that passes its cross-check:
// one wrong pattern bends the cells on all four sides of it. So a pattern
// counts only when the 5×5 modules around it, sampled along h's local
// axes, are the pattern's rings; when the finder's pick is not, the
// position is searched for the best such match.
func alignAt(bm *gozxing.BitMatrix, h [9]float64, mx, my, lms float64) (float64, float64, bool) {
	px, py := project(h, mx, my)
	ux, uy := project(h, mx+1, my)
	vx, vy := project(h, mx, my+1)
	ux, uy, vx, vy = ux-px, uy-py, vx-px, vy-py
	for _, allow := range []float64{3, 5} {
		if a := alignmentNear(bm, px, py, lms, allow*lms); a != nil && alignScore(bm, a.GetX(), a.GetY(), ux, uy, vx, vy) >= alignGood {
			return a.GetX(), a.GetY(), true
		}
	}
	if skip("aligncheck") {
		return 0, 0, false
	}
	best, bx, by := 0, 0.0, 0.0
	const r, step = 3.0, 0.5
	for dy := -r; dy <= r; dy += step {
		for dx := -r; dx <= r; dx += step {
			x, y := px+dx*ux+dy*vx, py+dx*uy+dy*vy
			if sc := alignScore(bm, x, y, ux, uy, vx, vy); sc > best || (sc == best && math.Hypot(dx, dy) < math.Hypot((bx-px), (by-py))/lms) {
				best, bx, by = sc, x, y
			}
		}
	}
	return bx, by, best >= alignGood
}

// alignGood is the fewest of an alignment pattern's 25 modules that must
// read right: two wrong are a blurred corner, more a look-alike in data.
const alignGood = 23

// alignScore counts the modules of a 5×5 alignment pattern centred at
// (x, y), with module axes u and v in pixels, that bm reads right.
func alignScore(bm *gozxing.BitMatrix, x, y, ux, uy, vx, vy float64) int {
	w, ht := bm.GetWidth(), bm.GetHeight()
	n := 0
	for j := -2; j <= 2; j++ {
		for i := -2; i <= 2; i++ {
			sx := x + float64(i)*ux + float64(j)*vx
			sy := y + float64(i)*uy + float64(j)*vy
			ix, iy := int(math.Floor(sx)), int(math.Floor(sy))
			if ix < 0 || iy < 0 || ix >= w || iy >= ht {
				continue
			}
			dark := max(i, -i, j, -j) != 1
			if bm.Get(ix, iy) == dark {
				n++
			}
		}
	}
	return n
}

// versionDims reads the version information blocks, 3×6 modules beside the
// top-right and bottom-left finders, and returns the dimensions they give,
// most trusted first. Where a module lies is measured from the finder the
// block is beside, so it holds on codes whose estimated module size is off
// by a sixth or more (blur, ink spread, perspective), where the distance
// estimates and the timing count fail; a few module sizes around the
// finder's estimate are tried. The 18-bit BCH code corrects three errors,
// so a block read at a wrong scale gives no version, not a wrong one.
func versionDims(bm *gozxing.BitMatrix, tl, tr, bl *detector.FinderPattern) (strong, weak []int) {
	if skip("version") {
		return nil, nil
	}
	unit := func(a, b *detector.FinderPattern) (float64, float64) {
		dx, dy := b.GetX()-a.GetX(), b.GetY()-a.GetY()
		l := math.Hypot(dx, dy)
		return dx / l, dy / l
	}
	// The row through the top finders and the column through the left
	// ones are lines of the code even in perspective.
	rx, ry := unit(tl, tr)
	cx, cy := unit(tl, bl)
	w, h := bm.GetWidth(), bm.GetHeight()
	read := func(p *detector.FinderPattern, ms float64, topRight bool) int {
		bits := 0
		for a := 5; a >= 0; a-- {
			for b := -5; b >= -7; b-- {
				// top-right block: columns 5–7 modules left of the
				// finder's centre, rows 3 above to 2 below; the
				// bottom-left block is its transpose.
				du, dv := float64(b), float64(a-3)
				if !topRight {
					du, dv = dv, du
				}
				x := p.GetX() + ms*(du*rx+dv*cx)
				y := p.GetY() + ms*(du*ry+dv*cy)
				ix, iy := int(math.Floor(x)), int(math.Floor(y))
				if ix < 0 || iy < 0 || ix >= w || iy >= h {
					return -1
				}
				bits <<= 1
				if bm.Get(ix, iy) {
					bits |= 1
				}
			}
		}
		return bits
	}
	nearest := func(bits int) (int, int) {
		best, diff := 0, 4
		for i, v := range decoder.VERSION_DECODE_INFO {
			if d := decoder.FormatInformation_NumBitsDiffering(uint(bits), uint(v)); d < diff {
				best, diff = i+7, d
			}
		}
		return best, diff
	}
	// A random block lies within three bits of some version one time in
	// eight, and a false triple must not cost a sweep try per scale: a
	// version is sure when one block reads it within a bit, or both read
	// it at one scale; one block three bits off is tried last.
	score := map[int]int{}
	sure := map[int]bool{}
	for _, f := range []float64{1, 0.95, 1.05, 0.9, 0.85, 1.1, 0.8} {
		var v [2]int
		var diff [2]int
		for k, p := range []*detector.FinderPattern{tr, bl} {
			if bits := read(p, p.GetEstimatedModuleSize()*f, k == 0); bits >= 0 {
				v[k], diff[k] = nearest(bits)
			}
		}
		for k := range v {
			if v[k] > 0 {
				d := 4*v[k] + 17
				score[d] += 4 - diff[k]
				sure[d] = sure[d] || diff[k] <= 1 || v[k] == v[1-k]
			}
		}
	}
	for d := range score {
		if sure[d] {
			strong = append(strong, d)
		} else {
			weak = append(weak, d)
		}
	}
	by := func(l []int) {
		sort.Slice(l, func(i, j int) bool { return score[l[i]] > score[l[j]] || (score[l[i]] == score[l[j]] && l[i] < l[j]) })
	}
	by(strong)
	by(weak)
	return strong, weak
}

// timingDim counts the modules of the timing pattern that runs from
// finder a to finder b, three modules inside the code towards finder c:
// dark finder edge, alternating modules, dark finder edge. It returns the
// dimension that count gives, or 0.
func timingDim(bm *gozxing.BitMatrix, a, b, c *detector.FinderPattern) int {
	ma, mb := a.GetEstimatedModuleSize(), b.GetEstimatedModuleSize()
	px, py := c.GetX()-a.GetX(), c.GetY()-a.GetY()
	l := math.Hypot(px, py)
	if l == 0 {
		return 0
	}
	px, py = px/l, py/l
	x0, y0 := a.GetX()+3*ma*px, a.GetY()+3*ma*py
	x1, y1 := b.GetX()+3*mb*px, b.GetY()+3*mb*py
	n := int(4 * math.Hypot(x1-x0, y1-y0))
	if n < 40 {
		return 0
	}
	// Runs shorter than a third of a module are noise.
	minRun := max(1, int(4*min(ma, mb)/3))
	w, h := bm.GetWidth(), bm.GetHeight()
	transitions, run := 0, 0
	state := true // starts in the dark finder edge
	pending := 0  // samples seen of the other colour
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		x, y := int(x0+t*(x1-x0)), int(y0+t*(y1-y0))
		if x < 0 || y < 0 || x >= w || y >= h {
			return 0
		}
		if bm.Get(x, y) == state {
			pending = 0
			run++
			continue
		}
		pending++
		if pending >= minRun {
			state = !state
			transitions++
			run, pending = pending, 0
		}
	}
	if !state || transitions < 8 {
		return 0
	}
	return transitions + 13
}

// timing returns the share of timing-pattern modules (row and column 6,
// alternating dark and light between the finders) that h samples right.
func timing(bm *gozxing.BitMatrix, h [9]float64, dim int) float64 {
	good, all := 0, 0
	w, ht := bm.GetWidth(), bm.GetHeight()
	for k := 8; k < dim-8; k++ {
		want := k%2 == 0
		for _, p := range [][2]float64{{float64(k) + 0.5, 6.5}, {6.5, float64(k) + 0.5}} {
			x, y := project(h, p[0], p[1])
			all++
			if ix, iy := int(x), int(y); x >= 0 && y >= 0 && ix < w && iy < ht && bm.Get(ix, iy) == want {
				good++
			}
		}
	}
	return float64(good) / float64(max(all, 1))
}

// edgePoint is where the module halfway between the centres of finders a
// and b lies, by a one-dimensional perspective whose scale changes from
// a's module size to b's.
func edgePoint(a, b *detector.FinderPattern) [2]float64 {
	c := math.Sqrt(a.GetEstimatedModuleSize()/b.GetEstimatedModuleSize()) - 1
	f := (1 + c) * 0.5 / (1 + c*0.5)
	return [2]float64{a.GetX() + f*(b.GetX()-a.GetX()), a.GetY() + f*(b.GetY()-a.GetY())}
}

// fitHomography fits x' = (ax+by+c)/(gx+hy+1), y' = (dx+ey+f)/(gx+hy+1)
// to point pairs by least squares; with three pairs it fits an affine map.
func fitHomography(src, dst [][2]float64) ([9]float64, bool) {
	// Solve in normalised coordinates (centred, unit spread), as pixel
	// coordinates squared would leave the normal equations ill-conditioned.
	ns, ts := normalize(src)
	nd, td := normalize(dst)
	hn, ok := solveHomography(ns, nd)
	if !ok {
		return hn, false
	}
	// H = td⁻¹ · hn · ts
	inv := [9]float64{1 / td[0], 0, -td[1] / td[0], 0, 1 / td[0], -td[2] / td[0], 0, 0, 1}
	tsm := [9]float64{ts[0], 0, ts[1], 0, ts[0], ts[2], 0, 0, 1}
	h := mul3(inv, mul3(hn, tsm))
	if h[8] == 0 {
		return h, false
	}
	for i := range h {
		h[i] /= h[8]
	}
	return h, true
}

// normalize maps points to mean 0 and mean distance √2; t is the scale and
// offset: p' = t[0]·p + (t[1], t[2]).
func normalize(p [][2]float64) ([][2]float64, [3]float64) {
	var mx, my float64
	for _, q := range p {
		mx += q[0]
		my += q[1]
	}
	mx /= float64(len(p))
	my /= float64(len(p))
	var d float64
	for _, q := range p {
		d += math.Hypot(q[0]-mx, q[1]-my)
	}
	d /= float64(len(p))
	if d == 0 {
		d = 1
	}
	s := math.Sqrt2 / d
	out := make([][2]float64, len(p))
	for i, q := range p {
		out[i] = [2]float64{(q[0] - mx) * s, (q[1] - my) * s}
	}
	return out, [3]float64{s, -mx * s, -my * s}
}

func mul3(a, b [9]float64) [9]float64 {
	var c [9]float64
	for r := 0; r < 3; r++ {
		for k := 0; k < 3; k++ {
			c[3*r+k] = a[3*r]*b[k] + a[3*r+1]*b[3+k] + a[3*r+2]*b[6+k]
		}
	}
	return c
}

func solveHomography(src, dst [][2]float64) ([9]float64, bool) {
	k := 8
	if len(src) < 4 {
		k = 6
	}
	var ata [8][8]float64
	var atb [8]float64
	addRow := func(row [8]float64, b float64) {
		for r := 0; r < k; r++ {
			for c := 0; c < k; c++ {
				ata[r][c] += row[r] * row[c]
			}
			atb[r] += row[r] * b
		}
	}
	for i := range src {
		x, y := src[i][0], src[i][1]
		u, v := dst[i][0], dst[i][1]
		addRow([8]float64{x, y, 1, 0, 0, 0, -x * u, -y * u}, u)
		addRow([8]float64{0, 0, 0, x, y, 1, -x * v, -y * v}, v)
	}
	// Gaussian elimination with partial pivoting.
	for c := 0; c < k; c++ {
		p := c
		for r := c + 1; r < k; r++ {
			if math.Abs(ata[r][c]) > math.Abs(ata[p][c]) {
				p = r
			}
		}
		if math.Abs(ata[p][c]) < 1e-12 {
			return [9]float64{}, false
		}
		ata[c], ata[p] = ata[p], ata[c]
		atb[c], atb[p] = atb[p], atb[c]
		for r := 0; r < k; r++ {
			if r == c {
				continue
			}
			f := ata[r][c] / ata[c][c]
			for cc := c; cc < k; cc++ {
				ata[r][cc] -= f * ata[c][cc]
			}
			atb[r] -= f * atb[c]
		}
	}
	var sol [8]float64
	for c := 0; c < k; c++ {
		sol[c] = atb[c] / ata[c][c]
	}
	return [9]float64{sol[0], sol[1], sol[2], sol[3], sol[4], sol[5], sol[6], sol[7], 1}, true
}

func project(h [9]float64, x, y float64) (float64, float64) {
	w := h[6]*x + h[7]*y + h[8]
	return (h[0]*x + h[1]*y + h[2]) / w, (h[3]*x + h[4]*y + h[5]) / w
}
