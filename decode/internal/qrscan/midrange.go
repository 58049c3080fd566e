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
	bm, err := gozxing.NewBitMatrix(p.W, p.H)
	if err != nil {
		return nil
	}
	for by := 0; by < bh; by++ {
		for bx := 0; bx < bw; bx++ {
			// The extremes over the block's neighbourhood: 49 blocks
			// each, a few hundred thousand compares for a megapixel.
			mn, mx := 255, 0
			for y := max(by-midReach, 0); y <= min(by+midReach, bh-1); y++ {
				for x := max(bx-midReach, 0); x <= min(bx+midReach, bw-1); x++ {
					mn, mx = min(mn, int(lo[y*bw+x])), max(mx, int(hi[y*bw+x]))
				}
			}
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
