package qrscan

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	mdetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// binarize thresholds p with the hybrid binarizer.
func binarize(p Gray) *gozxing.BitMatrix {
	src, err := gozxing.NewPlanarYUVLuminanceSource(p.Pix, p.Stride, p.H, 0, 0, p.W, p.H, false)
	if err != nil {
		return nil
	}
	bm, err := gozxing.NewHybridBinarizer(src).GetBlackMatrix()
	if err != nil {
		return nil
	}
	return bm
}

// centres returns the finder patterns ZXing's finder sees in bm.
func centres(bm *gozxing.BitMatrix) []*detector.FinderPattern {
	mf := mdetector.NewMultiFinderPatternFinder(bm, nil)
	scanRows(mf, bm, detector.FinderPatternFinder_MIN_SKIP)
	return mf.GetPossibleCenters()
}

// readPerspective reads a code photographed at a steep angle. Its far
// finders are squashed across the viewing direction, and ZXing's finder
// drops a pattern whose height and width differ by 40% or more; it never
// sees the three finders of one code in one picture. So the finders are
// looked for also in copies stretched along rows and along columns (which
// make the far ones square and the near ones oblong), mapped back, pooled
// with the picture's own, and every triple of the pool that could be a
// code seen in perspective is read from the picture's own threshold.
// First, as it costs least, the finders found by their rings in mean
// thresholds scaled to ms, the module size some try saw (readRings).
func readPerspective(base Gray, ms float64, stretches []float64, budget *int) (found, bool) {
	if !skip("meanrings") {
		if f, ok := readRings(base, ms, decoder.NewDecoder(), budget); ok {
			return f, true
		}
	}
	bm := binarize(base)
	if bm == nil {
		return found{}, false
	}
	pool := keep(centres(bm), 2)
	for i := 0; i < 2*len(stretches); i++ {
		rows, stretch := i%2 == 0, stretches[i/2]
		w, h := base.W, base.H
		if rows {
			h = int(float64(h) * stretch)
		} else {
			w = int(float64(w) * stretch)
		}
		sb := binarize(resize(base, w, h))
		if sb == nil {
			continue
		}
		for _, c := range keep(centres(sb), 1) {
			x, y := c.GetX(), c.GetY()
			if rows {
				y /= stretch
			} else {
				x /= stretch
			}
			pool = append(pool, detector.NewFinderPattern(x, y, c.GetEstimatedModuleSize(), c.GetCount()))
		}
	}
	pool = distinct(pool)
	if len(pool) < 3 {
		return found{}, false
	}
	// The finders seen on most lines, and then the biggest: junk
	// from the data modules is seen once, and small.
	sort.SliceStable(pool, func(i, j int) bool {
		a, b := pool[i], pool[j]
		if min(a.GetCount(), 3) != min(b.GetCount(), 3) {
			return a.GetCount() > b.GetCount()
		}
		return a.GetEstimatedModuleSize() > b.GetEstimatedModuleSize()
	})
	pool = pool[:min(len(pool), maxPool)]
	var infos []*detector.FinderPatternInfo
	for i := 0; i < len(pool); i++ {
		for j := i + 1; j < len(pool); j++ {
			for k := j + 1; k < len(pool); k++ {
				info := orderTriple(pool[i], pool[j], pool[k])
				if steep(info) && confirmed(info) {
					infos = append(infos, info)
				}
			}
		}
	}
	sort.SliceStable(infos, func(i, j int) bool { return oddness(infos[i]) < oddness(infos[j]) })
	infos = infos[:min(len(infos), maxTriples)]
	dec := decoder.NewDecoder()
	for _, info := range infos {
		if *budget <= 0 {
			break
		}
		if f, ok := readTriple(bm, dec, info, budget, true); ok {
			return f, true
		}
	}
	// The far modules of a small picture are two pixels or less: read
	// again from a threshold of a 2× copy.
	if base.W*base.H > upPerspective {
		return found{}, false
	}
	bm2 := binarize(resize(base, 2*base.W, 2*base.H))
	if bm2 == nil {
		return found{}, false
	}
	up := func(p *detector.FinderPattern) *detector.FinderPattern {
		return detector.NewFinderPattern(2*p.GetX(), 2*p.GetY(), 2*p.GetEstimatedModuleSize(), p.GetCount())
	}
	for _, info := range infos {
		if *budget <= 0 {
			break
		}
		info2 := detector.NewFinderPatternInfo(up(info.GetBottomLeft()), up(info.GetTopLeft()), up(info.GetTopRight()))
		if f, ok := readTriple(bm2, dec, info2, budget, true); ok {
			f.cx, f.cy, f.size, f.ms = f.cx/2, f.cy/2, f.size/2, f.ms/2
			return f, true
		}
	}
	return found{}, false
}

// upPerspective is the largest picture read again at 2× for a steep code.
const upPerspective = 1_000_000

// maxPool bounds the finders pooled: 8 make 56 triples.
const maxPool = 8

// keep returns the finders seen on at least n scan lines, of a module of
// at least a pixel.
func keep(ps []*detector.FinderPattern, n int) []*detector.FinderPattern {
	var out []*detector.FinderPattern
	for _, p := range ps {
		if p.GetCount() >= n && p.GetEstimatedModuleSize() >= 1 {
			out = append(out, p)
		}
	}
	return out
}

// distinct merges finders seen in more than one copy: centres within two
// modules are one finder, the one seen on more lines kept.
func distinct(ps []*detector.FinderPattern) []*detector.FinderPattern {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].GetCount() > ps[j].GetCount() })
	var out []*detector.FinderPattern
	for _, p := range ps {
		dup := false
		for _, q := range out {
			if dist(p, q) < 2*math.Max(p.GetEstimatedModuleSize(), q.GetEstimatedModuleSize()) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

// steep is plausible's rule for a code seen at a steep angle: the far
// finders' modules may be half the near one's, and the edges unequal.
func steep(info *detector.FinderPatternInfo) bool {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	ms := []float64{tl.GetEstimatedModuleSize(), tr.GetEstimatedModuleSize(), bl.GetEstimatedModuleSize()}
	if max(ms[0], ms[1], ms[2]) > 3.2*min(ms[0], ms[1], ms[2]) {
		return false
	}
	a, b := dist(tl, tr), dist(tl, bl)
	if a > 2.5*b || b > 2.5*a || min(a, b) < 14*min(ms[0], ms[1], ms[2]) {
		return false
	}
	ux, uy := tr.GetX()-tl.GetX(), tr.GetY()-tl.GetY()
	vx, vy := bl.GetX()-tl.GetX(), bl.GetY()-tl.GetY()
	return math.Abs((ux*vx+uy*vy)/(a*b)) < 0.71
}
