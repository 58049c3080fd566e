package qrscan

import (
	"math"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	mdetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
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
const maxTriples = 12

// readMatrix finds every code in a binarised image. unexplained is the
// number of finder triples that gave no code and lie outside every code
// read, a sign that the cascade should go on.
func readMatrix(bm *gozxing.BitMatrix) (codes []found, unexplained int) {
	var infos []*detector.FinderPatternInfo
	mf := mdetector.NewMultiFinderPatternFinder(bm, nil)
	if multi, err := mf.FindMulti(tryHarder); err == nil {
		infos = append(infos, multi...)
	}
	// The single finder picks the triple by another rule; it finds
	// codes the multi finder's pairing drops (and the reverse).
	if info, err := detector.NewFinderPatternFinder(bm, nil).Find(tryHarder); err == nil {
		infos = append(infos, info)
	}
	dec := decoder.NewDecoder()
	var failed []*detector.FinderPatternInfo
	for i, info := range infos {
		if i >= maxTriples {
			break
		}
		if covered(codes, info) {
			continue
		}
		if f, ok := readTriple(bm, dec, info); ok {
			codes = append(codes, f)
		} else {
			failed = append(failed, info)
		}
	}
	for _, info := range failed {
		if !covered(codes, info) {
			unexplained++
		}
	}
	// Three confirmed finder patterns outside every code read are
	// likely another code the pairing missed.
	loose := 0
	for _, p := range mf.GetPossibleCenters() {
		if p.GetCount() >= 2 && !inside(codes, p) && similar(codes, p.GetEstimatedModuleSize()) {
			loose++
		}
	}
	if loose >= 2 {
		unexplained++
	}
	return codes, unexplained
}

func inside(codes []found, p gozxing.ResultPoint) bool {
	for _, c := range codes {
		if math.Abs(p.GetX()-c.cx) < c.size*0.6 && math.Abs(p.GetY()-c.cy) < c.size*0.6 {
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
			if math.Abs(p.GetX()-c.cx) < c.size*0.6 && math.Abs(p.GetY()-c.cy) < c.size*0.6 {
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
func readTriple(bm *gozxing.BitMatrix, dec *decoder.Decoder, info *detector.FinderPatternInfo) (found, bool) {
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
	ms := (tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize() + bl.GetEstimatedModuleSize()) / 3
	if ms < 0.8 {
		return found{}, false
	}
	base := int(math.Round((dist(tl, tr)+dist(tl, bl))/2/ms)) + 7
	base = (base-17+2)/4*4 + 17 // nearest valid dimension 4v+17
	for _, d := range []int{0, -4, 4, -8, 8} {
		dim := base + d
		if dim < 21 || dim > 177 {
			continue
		}
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
			t := detector.Detector_createTransform(tl, tr, bl, a, dim)
			bits, err := sample(bm, dim, func(x, y float64) (float64, float64) { return apply(t, x, y) })
			if err != nil {
				continue
			}
			if res, err := dec.Decode(bits, nil); err == nil {
				return mk(res, dim), true
			}
			if ver.GetVersionNumber() >= 7 {
				if bits := sampleAllAlignments(bm, ver, t); bits != nil {
					if res, err := dec.Decode(bits, nil); err == nil {
						return mk(res, dim), true
					}
				}
			}
		}
	}
	return found{}, false
}

func dist(a, b gozxing.ResultPoint) float64 {
	return math.Hypot(a.GetX()-b.GetX(), a.GetY()-b.GetY())
}

func apply(t *common.PerspectiveTransform, x, y float64) (float64, float64) {
	p := []float64{x, y}
	t.TransformPoints(p)
	return p[0], p[1]
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
// transform, which follows the bending of a photographed screen that one
// transform for the whole code cannot. t is the whole-code transform used
// to predict where the patterns are.
func sampleAllAlignments(bm *gozxing.BitMatrix, ver *decoder.Version, t *common.PerspectiveTransform) *gozxing.BitMatrix {
	centers := ver.GetAlignmentPatternCenters()
	n := len(centers)
	dim := ver.GetDimensionForVersion()
	x0, y0 := apply(t, 0, 0)
	x1, y1 := apply(t, float64(dim), 0)
	ms := math.Hypot(x1-x0, y1-y0) / float64(dim)
	type pt struct{ x, y float64 }
	grid := make([][]pt, n)
	for j := range grid {
		grid[j] = make([]pt, n)
	}
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			mx, my := float64(centers[i])+0.5, float64(centers[j])+0.5
			px, py := apply(t, mx, my)
			// Predict from measured neighbours: the parallelogram rule
			// carries local distortion along.
			if i > 0 && j > 0 {
				px = grid[j][i-1].x + grid[j-1][i].x - grid[j-1][i-1].x
				py = grid[j][i-1].y + grid[j-1][i].y - grid[j-1][i-1].y
			}
			corner := (i == 0 && j == 0) || (i == 0 && j == n-1) || (j == 0 && i == n-1)
			if !corner {
				if a := alignmentNear(bm, px, py, ms, 3*ms); a != nil {
					px, py = a.GetX(), a.GetY()
				}
			}
			grid[j][i] = pt{px, py}
		}
	}
	cell := make([][]*common.PerspectiveTransform, n-1)
	for j := 0; j < n-1; j++ {
		cell[j] = make([]*common.PerspectiveTransform, n-1)
		for i := 0; i < n-1; i++ {
			ax, ay := float64(centers[i])+0.5, float64(centers[j])+0.5
			bx, by := float64(centers[i+1])+0.5, float64(centers[j+1])+0.5
			p00, p10, p11, p01 := grid[j][i], grid[j][i+1], grid[j+1][i+1], grid[j+1][i]
			cell[j][i] = common.PerspectiveTransform_QuadrilateralToQuadrilateral(
				ax, ay, bx, ay, bx, by, ax, by,
				p00.x, p00.y, p10.x, p10.y, p11.x, p11.y, p01.x, p01.y)
		}
	}
	index := func(v float64) int {
		k := 0
		for k < n-2 && v > float64(centers[k+1])+0.5 {
			k++
		}
		return k
	}
	bits, err := sample(bm, dim, func(x, y float64) (float64, float64) {
		return apply(cell[index(y)][index(x)], x, y)
	})
	if err != nil {
		return nil
	}
	return bits
}
