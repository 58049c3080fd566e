package qrscan

import "github.com/makiuchi-d/gozxing"

// meanThreshold binarises g against the mean of the (2r+1)² pixels around
// each: a window a few modules wide keeps a finder's one-module light gap
// light where the hybrid binarizer's 8-pixel blocks, averaged over 5×5
// blocks, merge it with the ring on a blurred far edge.
func meanThreshold(g Gray, r int) *gozxing.BitMatrix {
	w, h := g.W, g.H
	bm, err := gozxing.NewBitMatrix(w, h)
	if err != nil {
		return nil
	}
	sum := make([]int32, (w+1)*(h+1))
	for y := 0; y < h; y++ {
		var row int32
		for x := 0; x < w; x++ {
			row += int32(g.Pix[y*g.Stride+x])
			sum[(y+1)*(w+1)+x+1] = sum[y*(w+1)+x+1] + row
		}
	}
	for y := 0; y < h; y++ {
		y0, y1 := max(y-r, 0), min(y+r+1, h)
		for x := 0; x < w; x++ {
			x0, x1 := max(x-r, 0), min(x+r+1, w)
			s := sum[y1*(w+1)+x1] - sum[y0*(w+1)+x1] - sum[y1*(w+1)+x0] + sum[y0*(w+1)+x0]
			n := int32((y1 - y0) * (x1 - x0))
			if int32(g.Pix[y*g.Stride+x])*n < s-2*n {
				bm.Set(x, y)
			}
		}
	}
	return bm
}
