package qrscan

import "github.com/makiuchi-d/gozxing"

// A blurred code next to its light quiet zone sits in mostly light blocks,
// so the hybrid binarizer's threshold, the blocks' mean, lies nearer the
// light level than the middle of an edge: dark runs come out fat and light
// ones thin. A camera's tone curve (gamma above 1) pushes the same way, and
// together they turn a finder's 4:4:12:4:4 pixels into 5:2:13:4:4, which
// ZXing's ratio check (each run within half a module) refuses: the code is
// never found. The middle between the darkest and lightest levels around a
// pixel does not depend on the mix of dark and light there, so only the
// tone curve's part of the shift is left.

// midBlock is the side of the blocks whose extremes are kept, in pixels;
// midReach is how many blocks on each side a pixel's threshold looks at.
const (
	midBlock = 8
	midReach = 3
	// midFlat is the least range, in grey levels, that is an edge and not
	// sensor noise on a flat area (which comes out light).
	midFlat = 24
)

// midrange binarises p at the middle of the local grey range.
func midrange(p Gray) *gozxing.BitMatrix {
	bw, bh := (p.W+midBlock-1)/midBlock, (p.H+midBlock-1)/midBlock
	lo, hi := make([]byte, bw*bh), make([]byte, bw*bh)
	for by := 0; by < bh; by++ {
		for bx := 0; bx < bw; bx++ {
			mn, mx := byte(255), byte(0)
			for y := by * midBlock; y < min((by+1)*midBlock, p.H); y++ {
				for _, v := range p.Pix[y*p.Stride+bx*midBlock : y*p.Stride+min((bx+1)*midBlock, p.W)] {
					mn, mx = min(mn, v), max(mx, v)
				}
			}
			lo[by*bw+bx], hi[by*bw+bx] = mn, mx
		}
	}
	// The extremes over each block's neighbourhood, rows first, then
	// columns: a separable min and max filter.
	span := func(src []byte, out []byte, less func(a, b byte) bool) {
		tmp := make([]byte, len(src))
		for by := 0; by < bh; by++ {
			for bx := 0; bx < bw; bx++ {
				v := src[by*bw+bx]
				for x := max(bx-midReach, 0); x <= min(bx+midReach, bw-1); x++ {
					if less(src[by*bw+x], v) {
						v = src[by*bw+x]
					}
				}
				tmp[by*bw+bx] = v
			}
		}
		for by := 0; by < bh; by++ {
			for bx := 0; bx < bw; bx++ {
				v := tmp[by*bw+bx]
				for y := max(by-midReach, 0); y <= min(by+midReach, bh-1); y++ {
					if less(tmp[y*bw+bx], v) {
						v = tmp[y*bw+bx]
					}
				}
				out[by*bw+bx] = v
			}
		}
	}
	nlo, nhi := make([]byte, bw*bh), make([]byte, bw*bh)
	span(lo, nlo, func(a, b byte) bool { return a < b })
	span(hi, nhi, func(a, b byte) bool { return a > b })
	bm, err := gozxing.NewBitMatrix(p.W, p.H)
	if err != nil {
		return nil
	}
	for by := 0; by < bh; by++ {
		for bx := 0; bx < bw; bx++ {
			mn, mx := int(nlo[by*bw+bx]), int(nhi[by*bw+bx])
			if mx-mn < midFlat {
				continue // flat: light
			}
			t := byte((mn + mx + 1) / 2)
			for y := by * midBlock; y < min((by+1)*midBlock, p.H); y++ {
				row := p.Pix[y*p.Stride:]
				for x := bx * midBlock; x < min((bx+1)*midBlock, p.W); x++ {
					if row[x] < t {
						bm.Set(x, y)
					}
				}
			}
		}
	}
	return bm
}
