// Package qrscan finds and reads every QR code in a grey image.
//
// It is built on gozxing's finder, alignment and decoder, with a cascade of
// retries that make it read photos and screenshots that ZXing alone misses:
// the nearest code dimensions with and without the alignment pattern, every
// alignment pattern for large codes, an inverted copy, a global threshold,
// scaled copies, and median and unsharp filters. Cheap steps come first, so
// a clean screenshot costs one step and only hard images pay for all.
package qrscan

import (
	"math"
	"sort"
	"unicode/utf8"

	"github.com/makiuchi-d/gozxing"
)

// Gray is an 8-bit grey image, one byte per pixel, rows Stride apart.
type Gray struct {
	W, H, Stride int
	Pix          []byte
}

// Code is one QR code read.
type Code struct {
	// Text is the code's content. When the code holds bytes that are not
	// UTF-8, Text holds those bytes unchanged and Binary is set.
	Text   string
	Binary bool
	// X, Y and Size locate the code in the image given to Scan, in pixels.
	X, Y, Size float64
}

// maxWork is the pixel count above which an image is box-downscaled before
// scanning: at full size a photo's sensor noise makes false finders.
const maxWork = 4_000_000

// Scan returns every QR code found in g, in reading order (rows top to
// bottom, left to right within a row).
func Scan(g Gray) []Code {
	g = compact(g)
	s := &scanner{budget: sweepBudget, cheapFilters: g.W*g.H <= 1_000_000, blurMS: -1}
	base, scale := g, 1.0
	if g.W*g.H > maxWork {
		f := int(math.Ceil(math.Sqrt(float64(g.W*g.H) / maxWork)))
		base, scale = boxDown(g, f), float64(f)
	}
	// Derived images are made on first use and shared by later tries.
	lazy := func(f func() Gray) func() Gray {
		var g *Gray
		return func() Gray {
			if g == nil {
				v := f()
				g = &v
			}
			return *g
		}
	}
	inv := lazy(func() Gray { return invert(base) })
	// A light code on dark needs a dark picture around it: a dark-mode
	// screen. On a big, mostly light picture the inverted copies cost
	// two full scans for nothing.
	tryInverted := base.W*base.H <= 1_000_000 || darkShare(base) > 0.25
	long := max(g.W, g.H)
	fitScale := float64(long) / 1024
	fit := lazy(func() Gray { return resize(g, int(float64(g.W)/fitScale), int(float64(g.H)/fitScale)) })
	up2 := lazy(func() Gray { return resize(base, base.W*2, base.H*2) })
	up3 := lazy(func() Gray { return resize(base, base.W*3, base.H*3) })
	up4 := lazy(func() Gray { return resize(base, base.W*4, base.H*4) })
	var fsrc func() Gray // set below: what the filters work on
	med := lazy(func() Gray { return median3(fsrc()) })
	sharp := lazy(func() Gray { return unsharp(fsrc()) })

	// Fitting into 1024 px helps big codes at phone resolution, whose
	// blur and moiré vanish at a smaller scale; upscaling helps tiny
	// codes at 1.2–1.5 px per module, whose runs are too short for the
	// finder's ratios.
	bigImage := long > 1300
	smallImage := base.W*base.H <= 800_000
	tinyImage := base.W*base.H <= 300_000
	// Filters cost most on big pictures: those are filtered at the
	// 1024 px fit.
	fsrc = func() Gray { return base }
	fscale := scale
	bigPhoto := base.W*base.H > 1_200_000 && bigImage
	if bigPhoto {
		fsrc, fscale = fit, fitScale
	}
	s.plain = fsrc
	// Strong blur (σ 0.5 module and more) merges single modules and
	// the finders' rings; the unsharp mask above is too narrow for it.
	// This one is scaled to the module size some try saw.
	wide := lazy(func() Gray {
		ms := math.Abs(s.ms) / fscale
		return unsharpWide(fsrc(), max(int(math.Round(0.8*ms)), 1), 5, int(math.Round(0.25*ms)))
	})
	steps := []struct {
		name  string // for the benchmark's ablation (ablate.go)
		when  bool
		img   func() Gray
		scale float64
		b     binarizer
		// ifNone: only worth it when nothing was read yet
		ifNone bool
		// ifSeen: only worth it when some try saw a finder triple it
		// could not read; filters cannot make a code where none is.
		ifSeen bool
		// inverted: a copy with dark and light swapped
		inverted bool
		// needMS: only when some try saw a module size, which the
		// step's filter is scaled to
		needMS bool
		// sy, when set, maps p's rows to the original image's instead
		// of scale: a copy squeezed one way
		sy float64
		// budget: dimensions the step may sweep beyond what earlier
		// steps left
		budget int
	}{
		{"base", true, func() Gray { return base }, scale, hybrid, false, false, false, false, 0, 0},
		{"inv", true, inv, scale, hybrid, true, false, true, false, 0, 0},
		{"base-global", true, func() Gray { return base }, scale, global, false, false, false, false, 0, 0},
		// Blurred codes whose dark runs the mean threshold fattens
		// (midrange.go), with a sweep budget of its own: the filters
		// after it are for blur too. A big photo gets it below, after
		// its fit copy, and only when some try saw a finder: on a desk
		// photo with no code it cost a sixth of the give-up time.
		{"mid", !bigPhoto, fsrc, fscale, mid, false, false, false, false, 0, sweepPerTry},
		{"inv-global", true, inv, scale, global, true, false, true, false, 0, 0},
		{"fit", bigImage, fit, fitScale, hybrid, false, false, false, false, 0, 0},
		{"fit-global", bigImage, fit, fitScale, global, false, false, false, false, 0, 0},
		{"mid", bigPhoto, fsrc, fscale, mid, false, false, false, true, 0, sweepPerTry},
		{"up2", smallImage, up2, scale / 2, hybrid, false, false, false, false, 0, 0},
		{"up2-inv", smallImage, func() Gray { return invert(up2()) }, scale / 2, hybrid, true, false, true, false, 0, 0},
		{"grey", smallImage, func() Gray { return base }, scale, sampled, true, false, false, false, 0, 0},
		{"up3", tinyImage, up3, scale / 3, hybrid, false, false, false, false, 0, 0},
		{"up4", tinyImage, up4, scale / 4, hybrid, false, false, false, false, 0, 0},
		{"grey", true, func() Gray { return base }, scale, sampled, true, false, false, false, 0, 0},
		{"median", true, med, fscale, hybrid, false, true, false, false, 0, 0},
		{"median-global", true, med, fscale, global, false, true, false, false, 0, 0},
		{"median-inv", true, func() Gray { return invert(med()) }, fscale, hybrid, true, true, true, false, 0, 0},
		{"sharp", true, sharp, fscale, hybrid, false, true, false, false, 0, 0},
		{"sharp-global", true, sharp, fscale, global, false, true, false, false, 0, 0},
		// Not on a big photo: a desk photo with no code measures as
		// defocused, and the probe there cost a seventh of giving up.
		{"wide-probe", !bigPhoto, fsrc, fscale, probe, false, false, false, false, 0, 0},
		{"wide", true, wide, fscale, hybrid, false, false, false, true, 0, 0},
		{"wide-global", true, wide, fscale, global, false, false, false, true, 0, 0},
		{"wide-grey", true, wide, fscale, equalised, false, false, false, true, 0, sweepPerTry},
		{"grey-scan", tinyImage, func() Gray { return base }, scale, scanned, true, false, false, false, 0, 0},
	}
	// After the first code, a few more steps look for a second one when
	// finder patterns outside the codes read suggest it.
	extra := 0
	for _, st := range steps {
		// Checked first: the conditions below may compute a copy or a
		// measure of the whole picture (the fit copy, its sharpness)
		// that a picture already read does not need.
		if len(s.codes) > 0 && (!s.suspect || extra >= 3) {
			break
		}
		if !st.when || (st.ifNone && len(s.codes) > 0) || (st.ifSeen && !s.seen) || (st.inverted && !tryInverted) || (st.needMS && s.ms == 0) || (st.b == probe && s.ms != 0) || ((st.b == equalised || st.b == probe) && s.defocus(fsrc()) == 0) || skip(st.name) {
			continue
		}
		if len(s.codes) > 0 {
			if !s.suspect || extra >= 3 {
				break
			}
			extra++
		}
		s.budget += st.budget
		sy := st.sy
		if sy == 0 {
			sy = st.scale
		}
		if st.b == sampled {
			s.tryGrey(st.img(), st.scale)
			continue
		}
		if st.b == scanned {
			s.tryGreyScan(st.img(), st.scale)
			continue
		}
		s.try(st.img(), st.scale, sy, st.b, !st.ifNone)
	}
	// Last, as it costs most: finders pooled from stretched copies for
	// a code seen at a steep angle, with a sweep budget of its own on
	// top of what is left (the filters before may have spent the
	// picture's).
	// On a big photo it works on the filters' 1024 px copy: at full size
	// its thresholds and stretched copies cost half a second on a desk
	// photo whose lone finder-like marks start it.
	if len(s.codes) == 0 && s.ms != 0 && !skip("perspective") {
		budget := max(s.budget, 0) + 2*sweepPerTry
		if f, ok := readPerspective(fsrc(), math.Abs(s.ms)/fscale, []float64{1.3, 1.6}, &budget); ok {
			s.add(f, fscale, fscale)
		}
	}
	return s.sorted()
}

// darkShare is the share of pixels darker than a quarter of the range,
// sampled on every fourth row.
func darkShare(g Gray) float64 {
	dark, n := 0, 0
	for y := 0; y < g.H; y += 4 {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+g.W] {
			if v < 64 {
				dark++
			}
		}
		n += g.W
	}
	return float64(dark) / float64(max(n, 1))
}

type binarizer int

const (
	hybrid binarizer = iota
	global
	// mid: at the middle of the local range (midrange.go)
	mid
	// sampled: no binarising; the finder triples earlier tries could
	// not read are read from the grey picture (grey.go)
	sampled
	// scanned: as sampled, with finders looked for in the grey picture
	scanned
	// equalised finds finders as hybrid does, then reads the modules
	// from the grey of the scanner's plain image (greyread.go). It and
	// probe run on a defocused picture only (scanner.defocus): on a
	// sharp one the pixels read as well as the grey.
	equalised
	// probe looks for a finder triple with a timing pattern in a local
	// threshold scaled to the blur's width, only to learn the module
	// size the wide filter needs; it reads nothing.
	probe
)

// sweepBudget caps the dimensions tried beyond ZXing's own estimate over a
// whole scan, so that a picture without a code gives up quickly.
const sweepBudget = 100

type scanner struct {
	codes   []Code
	budget  int
	suspect bool // the last try saw finder patterns no code explains
	seen    bool // some try saw a finder triple it could not read
	// ms is the module size, in the original image's pixels, of the
	// first triple that set seen
	ms float64
	// cheapFilters: the picture is small enough to filter on weaker
	// evidence
	cheapFilters bool
	// triples and finders the binarised tries could not read, for the
	// grey read; greyDone and greyFinders of them were tried already
	triples     []seenTriple
	finders     []greyFinder
	greyDone    int
	greyFinders int
	greyReads   int
	// plain is the unfiltered image, on the filters' pixel grid, that an
	// equalised try samples
	plain func() Gray
	// hybridBM is the hybrid binarisation of the copy whose pixels are
	// hybridOf (held, so that no later copy is allocated at that place)
	hybridOf []byte
	hybridBM *gozxing.BitMatrix
	// blurMS is the module size the picture's blur suggests (defocus);
	// -1 until measured
	blurMS float64
}

// try reads p with one binarizer; scale and sy map p's columns and rows
// to the original image's. Only a try marked telling may set seen: an inverted copy of a
// dark app screen is full of triples that no filter turns into a code.
func (s *scanner) try(p Gray, scale, sy float64, b binarizer, telling bool) {
	if p.W < 21 || p.H < 21 {
		return
	}
	src, err := gozxing.NewPlanarYUVLuminanceSource(p.Pix, p.Stride, p.H, 0, 0, p.W, p.H, false)
	if err != nil {
		return
	}
	if b == probe {
		ms := s.defocus(p)
		if ms := probeModule(localThreshold(p, int(math.Round(0.25*ms)), max(int(math.Round(0.8*ms)), 1))); ms > 0 {
			s.ms, s.seen = ms*scale, true
		}
		return
	}
	var bm *gozxing.BitMatrix
	switch {
	case b == mid:
		if bm = midrange(p); bm == nil {
			return
		}
	case b == equalised && len(s.hybridOf) == len(p.Pix) && &p.Pix[0] == &s.hybridOf[0]:
		// equalised after hybrid on the same copy: the same bits
		bm = s.hybridBM
	case b == hybrid || b == equalised:
		if bm, err = gozxing.NewHybridBinarizer(src).GetBlackMatrix(); err == nil {
			s.hybridOf, s.hybridBM = p.Pix, bm
		}
	default:
		bm, err = gozxing.NewGlobalHistgramBinarizer(src).GetBlackMatrix()
	}
	if err != nil {
		return
	}
	if b == equalised {
		for _, f := range readEqualised(s.plain(), bm, &s.budget) {
			s.add(f, scale, sy)
		}
		return
	}
	found, unexplained, qrLike, ms, failed, centers := readMatrix(bm, &s.budget)
	for _, f := range found {
		s.add(f, scale, sy)
	}
	if len(found) == 0 && telling {
		for _, info := range failed {
			if confirmed(info) {
				s.note(info, scale, sy)
			}
		}
		for _, c := range centers {
			if c.GetCount() >= 2 {
				s.noteFinder(c, scale, sy)
			}
		}
	}
	s.suspect = unexplained > 0
	// On small pictures filters are cheap: one timing pattern is enough.
	seen := telling && (qrLike >= 2 || (qrLike > 0 && s.cheapFilters))
	if seen && s.ms <= 0 && ms > 0 {
		s.ms = ms * scale
	}
	if telling && s.ms == 0 && ms < 0 {
		s.ms = ms * scale
	}
	s.seen = s.seen || seen
}

func (s *scanner) add(f found, scale, sy float64) {
	c := Code{Text: f.res.GetText(), X: f.cx * scale, Y: f.cy * sy, Size: f.size * max(scale, sy)}
	if segs := f.res.GetByteSegments(); len(segs) > 0 {
		var raw []byte
		for _, seg := range segs {
			raw = append(raw, seg...)
		}
		if !utf8.Valid(raw) {
			c.Text, c.Binary = string(raw), true
		}
	}
	for _, o := range s.codes {
		if o.Text == c.Text && math.Abs(o.X-c.X) < o.Size/2 && math.Abs(o.Y-c.Y) < o.Size/2 {
			return
		}
	}
	s.codes = append(s.codes, c)
}

// sorted returns the codes in reading order.
func (s *scanner) sorted() []Code {
	InReadingOrder(s.codes)
	return s.codes
}

// InReadingOrder sorts codes in reading order: rows top to bottom, left to
// right within a row; two codes are on one row when the centre of one is
// level with the other code. The caller of [Scan] uses it again after
// turning the codes' positions upright (EXIF orientation).
func InReadingOrder(c []Code) {
	sort.SliceStable(c, func(i, j int) bool {
		if math.Abs(c[i].Y-c[j].Y) < math.Max(c[i].Size, c[j].Size)/2 {
			return c[i].X < c[j].X
		}
		return c[i].Y < c[j].Y
	})
}
