package qrscan

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	mdetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// gozxing's finders try every three of the finder centres a picture gives:
// its multi finder's pairing and its single finder's choice are cubic in
// their number, and a picture tiled with finder-like marks (a pattern, a
// sheet of small codes, noise at the wrong scale) gives hundreds: one of
// 356×356 pixels took 12 s. The row scan and both rules are gozxing's
// (Apache 2.0, ported from ZXing's MultiFinderPatternFinder and
// FinderPatternFinder), unchanged but for one bound: with more than
// maxCentres centres, only those seen on the most scan lines are paired.

// maxCentres bounds the centres paired into triples: a code's three
// finders are seen on many lines, the marks of a pattern on few.
const maxCentres = 40

// maxTriplesFound bounds the triples the multi rule returns.
const maxTriplesFound = 256

// finders scans bm for finder patterns. all is every centre seen; multi
// the triples of gozxing's multi rule and best that of its single rule
// (nil when none), both among the bounded centres.
func finders(bm *gozxing.BitMatrix) (all []*detector.FinderPattern, multi []*detector.FinderPatternInfo, best *detector.FinderPatternInfo) {
	return findersEvery(bm, detector.FinderPatternFinder_MIN_SKIP)
}

// findersEvery is finders scanning every iSkip-th row.
func findersEvery(bm *gozxing.BitMatrix, iSkip int) (all []*detector.FinderPattern, multi []*detector.FinderPatternInfo, best *detector.FinderPatternInfo) {
	mf := mdetector.NewMultiFinderPatternFinder(bm, nil)
	scanRows(mf, bm, iSkip)
	all = mf.GetPossibleCenters()
	sel := all
	if len(sel) > maxCentres {
		sel = append([]*detector.FinderPattern(nil), all...)
		sort.SliceStable(sel, func(i, j int) bool { return sel[i].GetCount() > sel[j].GetCount() })
		sel = sel[:maxCentres]
	}
	multi = selectMultiple(sel)
	if fps := selectBest(sel); fps != nil {
		best = orderTriple(fps[0], fps[1], fps[2])
	}
	return all, multi, best
}

// scanRows is the row scan of gozxing's FindMulti (with TRY_HARDER,
// iSkip is 3): every iSkip-th row, each black-white-black-white-black run
// of 1:1:3:1:1 handed to the finder's cross checks.
func scanRows(mf *mdetector.MultiFinderPatternFinder, bm *gozxing.BitMatrix, iSkip int) {
	maxI, maxJ := bm.GetHeight(), bm.GetWidth()
	stateCount := make([]int, 5)
	for i := iSkip - 1; i < maxI; i += iSkip {
		detector.FinderPatternFinder_doClearCounts(stateCount)
		currentState := 0
		for j := 0; j < maxJ; j++ {
			if bm.Get(j, i) {
				if currentState&1 == 1 {
					currentState++
				}
				stateCount[currentState]++
				continue
			}
			if currentState&1 == 1 {
				stateCount[currentState]++
				continue
			}
			if currentState != 4 {
				currentState++
				stateCount[currentState]++
				continue
			}
			if detector.FinderPatternFinder_foundPatternCross(stateCount) && mf.HandlePossibleCenter(stateCount, i, j) {
				currentState = 0
				detector.FinderPatternFinder_doClearCounts(stateCount)
			} else {
				detector.FinderPatternFinder_doShiftCounts2(stateCount)
				currentState = 3
			}
		}
		if detector.FinderPatternFinder_foundPatternCross(stateCount) {
			mf.HandlePossibleCenter(stateCount, i, maxJ)
		}
	}
}

// selectMultiple is gozxing's selectMultipleBestPatterns: triples of
// similar module size, a plausible module count, equal edges and a right
// angle. It sorts c by module size, largest first, as the original does.
func selectMultiple(c []*detector.FinderPattern) []*detector.FinderPatternInfo {
	size := len(c)
	if size < 3 {
		return nil
	}
	if size == 3 {
		return []*detector.FinderPatternInfo{orderTriple(c[0], c[1], c[2])}
	}
	sort.Slice(c, mdetector.ModuleSizeComparator(c))
	off := func(a, b *detector.FinderPattern) bool {
		ma, mb := a.GetEstimatedModuleSize(), b.GetEstimatedModuleSize()
		return math.Abs(ma-mb) > mdetector.DIFF_MODSIZE_CUTOFF && (ma-mb)/math.Min(ma, mb) >= mdetector.DIFF_MODSIZE_CUTOFF_PERCENT
	}
	var out []*detector.FinderPatternInfo
	for i1 := 0; i1 < size-2; i1++ {
		p1 := c[i1]
		for i2 := i1 + 1; i2 < size-1; i2++ {
			p2 := c[i2]
			if off(p1, p2) {
				break
			}
			for i3 := i2 + 1; i3 < size; i3++ {
				p3 := c[i3]
				if off(p2, p3) {
					break
				}
				info := orderTriple(p1, p2, p3)
				dA := gozxing.ResultPoint_Distance(info.GetTopLeft(), info.GetBottomLeft())
				dC := gozxing.ResultPoint_Distance(info.GetTopRight(), info.GetBottomLeft())
				dB := gozxing.ResultPoint_Distance(info.GetTopLeft(), info.GetTopRight())
				n := (dA + dB) / (p1.GetEstimatedModuleSize() * 2)
				if n > mdetector.MAX_MODULE_COUNT_PER_EDGE || n < mdetector.MIN_MODULE_COUNT_PER_EDGE {
					continue
				}
				if math.Abs((dA-dB)/math.Min(dA, dB)) >= 0.1 {
					continue
				}
				dCpy := math.Sqrt(dA*dA + dB*dB)
				if math.Abs((dC-dCpy)/math.Min(dC, dCpy)) >= 0.1 {
					continue
				}
				out = append(out, info)
				if len(out) >= maxTriplesFound {
					return out
				}
			}
		}
	}
	return out
}

// selectBest is gozxing's SelectBestPatterns: the three centres of module
// sizes within 1.4× of each other closest to an isosceles right triangle.
// It sorts c by module size, smallest first, as the original does.
func selectBest(c []*detector.FinderPattern) []*detector.FinderPattern {
	if len(c) < 3 {
		return nil
	}
	sort.Slice(c, func(i, j int) bool { return c[j].GetEstimatedModuleSize() > c[i].GetEstimatedModuleSize() })
	sq := func(a, b *detector.FinderPattern) float64 {
		x, y := a.GetX()-b.GetX(), a.GetY()-b.GetY()
		return x*x + y*y
	}
	distortion := math.MaxFloat64
	var best []*detector.FinderPattern
	for i := 0; i < len(c)-2; i++ {
		fpi := c[i]
		minModule := fpi.GetEstimatedModuleSize()
		for j := i + 1; j < len(c)-1; j++ {
			fpj := c[j]
			square0 := sq(fpi, fpj)
			for k := j + 1; k < len(c); k++ {
				fpk := c[k]
				if fpk.GetEstimatedModuleSize() > minModule*1.4 {
					continue
				}
				s := []float64{square0, sq(fpj, fpk), sq(fpi, fpk)}
				sort.Float64s(s)
				a, b, cc := s[0], s[1], s[2]
				// A right isosceles triangle has c² = 2a² = 2b².
				if d := math.Abs(cc-2*b) + math.Abs(cc-2*a); d < distortion {
					distortion = d
					best = []*detector.FinderPattern{fpi, fpj, fpk}
				}
			}
		}
	}
	return best
}
