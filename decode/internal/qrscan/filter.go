package qrscan

import "math"

// compact returns g with Stride == W, which the luminance source needs for
// rows to line up when a sub-image is given.
func compact(g Gray) Gray {
	if g.Stride == g.W {
		return g
	}
	out := Gray{W: g.W, H: g.H, Stride: g.W, Pix: make([]byte, g.W*g.H)}
	for y := 0; y < g.H; y++ {
		copy(out.Pix[y*g.W:(y+1)*g.W], g.Pix[y*g.Stride:y*g.Stride+g.W])
	}
	return out
}

func newGray(w, h int) Gray { return Gray{W: w, H: h, Stride: w, Pix: make([]byte, w*h)} }

// boxDown averages f×f blocks.
func boxDown(g Gray, f int) Gray {
	w, h := g.W/f, g.H/f
	out := newGray(w, h)
	sum := make([]int, w)
	for y := 0; y < h; y++ {
		clear(sum)
		for dy := 0; dy < f; dy++ {
			row := g.Pix[(y*f+dy)*g.Stride:]
			for x := 0; x < w; x++ {
				s := 0
				for _, v := range row[x*f : x*f+f] {
					s += int(v)
				}
				sum[x] += s
			}
		}
		o := out.Pix[y*w:]
		for x := range sum {
			o[x] = byte(sum[x] / (f * f))
		}
	}
	return out
}

func invert(g Gray) Gray {
	out := newGray(g.W, g.H)
	for i, v := range g.Pix[:g.W*g.H] {
		out.Pix[i] = 255 - v
	}
	return out
}

// catmullRom is the cubic convolution kernel with a = -0.5. Unlike
// bilinear it keeps module edges sharp when upscaling tiny codes.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return 1.5*x*x*x - 2.5*x*x + 1
	case x < 2:
		return -0.5*x*x*x + 2.5*x*x - 4*x + 2
	}
	return 0
}

// resize scales g to w×h: Catmull-Rom when enlarging, box-filtered
// Catmull-Rom when shrinking. It is separable: rows first, then columns.
func resize(g Gray, w, h int) Gray {
	if w < 1 || h < 1 {
		return newGray(0, 0)
	}
	tmp := make([]float32, w*g.H)
	wx := weights(g.W, w)
	for y := 0; y < g.H; y++ {
		row := g.Pix[y*g.Stride:]
		for x := 0; x < w; x++ {
			var s float32
			for _, t := range wx[x] {
				s += float32(row[t.i]) * t.w
			}
			tmp[y*w+x] = s
		}
	}
	out := newGray(w, h)
	wy := weights(g.H, h)
	// Row by row, each tap's row added whole: the same sums in the same
	// order as tap by tap per pixel, without striding down columns.
	acc := make([]float32, w)
	for y := 0; y < h; y++ {
		clear(acc)
		for _, t := range wy[y] {
			for x, v := range tmp[t.i*w : (t.i+1)*w] {
				acc[x] += v * t.w
			}
		}
		for x, v := range acc {
			out.Pix[y*w+x] = clamp(v)
		}
	}
	return out
}

type tap struct {
	i int
	w float32
}

func weights(in, out int) [][]tap {
	scale := float64(in) / float64(out)
	support := 2.0
	if scale > 1 {
		support *= scale
	}
	res := make([][]tap, out)
	for o := range res {
		c := (float64(o)+0.5)*scale - 0.5
		lo, hi := int(math.Floor(c-support))+1, int(math.Floor(c+support))
		var taps []tap
		var sum float64
		for i := lo; i <= hi; i++ {
			d := float64(i) - c
			if scale > 1 {
				d /= scale
			}
			wt := catmullRom(d)
			if wt == 0 {
				continue
			}
			taps = append(taps, tap{min(max(i, 0), in-1), float32(wt)})
			sum += wt
		}
		for k := range taps {
			taps[k].w /= float32(sum)
		}
		res[o] = taps
	}
	return res
}

func clamp(v float32) byte {
	switch {
	case v < 0:
		return 0
	case v > 255:
		return 255
	}
	return byte(v + 0.5)
}

// median3 is a 3×3 median filter: it removes salt-and-pepper noise and
// JPEG ringing that break the finder's run-length ratios. Each column's
// three pixels are sorted once; the median of nine is then the median of
// the largest low, the middle middle and the smallest high.
func median3(g Gray) Gray {
	out := newGray(g.W, g.H)
	copy(out.Pix, g.Pix[:g.W*g.H])
	lo := make([]byte, g.W)
	mid := make([]byte, g.W)
	hi := make([]byte, g.W)
	for y := 1; y < g.H-1; y++ {
		r0, r1, r2 := g.Pix[(y-1)*g.Stride:], g.Pix[y*g.Stride:], g.Pix[(y+1)*g.Stride:]
		for x := 0; x < g.W; x++ {
			a, b, c := r0[x], r1[x], r2[x]
			if a > b {
				a, b = b, a
			}
			if b > c {
				b, c = c, b
			}
			if a > b {
				a, b = b, a
			}
			lo[x], mid[x], hi[x] = a, b, c
		}
		o := out.Pix[y*g.W:]
		for x := 1; x < g.W-1; x++ {
			o[x] = med3(max(lo[x-1], lo[x], lo[x+1]), med3(mid[x-1], mid[x], mid[x+1]), min(hi[x-1], hi[x], hi[x+1]))
		}
	}
	return out
}

func med3(a, b, c byte) byte {
	return max(min(a, b), min(max(a, b), c))
}

// unsharp sharpens with amount 1.5 over a 5×5 box blur, which restores
// module edges of a slightly defocused photo before thresholding.
func unsharp(g Gray) Gray {
	blur := boxBlur(g, 2)
	out := newGray(g.W, g.H)
	for y := 0; y < g.H; y++ {
		src := g.Pix[y*g.Stride : y*g.Stride+g.W]
		b := blur[y*g.W : (y+1)*g.W]
		o := out.Pix[y*g.W : (y+1)*g.W]
		for x, v := range src {
			// v + 1.5(v - b) in fixed point
			n := (5*int(v) - 3*int(b[x])) / 2
			o[x] = byte(min(max(n, 0), 255))
		}
	}
	return out
}

// boxBlur averages (2r+1)² neighbourhoods with running sums, clamping at
// the edges.
func boxBlur(g Gray, r int) []byte {
	w, h := g.W, g.H
	n := 2*r + 1
	tmp := make([]int32, w*h)
	// Each row padded with its edge pixels, so the running sum needs no
	// clamping per pixel.
	pad := make([]int32, w+2*r+1)
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		for i := range pad {
			pad[i] = int32(row[min(max(i-r, 0), w-1)])
		}
		var s int32
		for _, v := range pad[:n] {
			s += v
		}
		t := tmp[y*w : (y+1)*w]
		for x := range t {
			t[x] = s
			s += pad[x+n] - pad[x]
		}
	}
	out := make([]byte, w*h)
	col := make([]int32, w)
	at := func(y int) []int32 { y = min(max(y, 0), h-1); return tmp[y*w : (y+1)*w] }
	for y := -r; y <= r; y++ {
		for x, v := range at(y) {
			col[x] += v
		}
	}
	// Dividing by n² as a multiply and shift: the sums stay below
	// 255·n², so in 64 bits with a 32-bit shift the product is off by
	// less than 255·n²/2³² of a level.
	inv := int64(1<<32)/int64(n*n) + 1
	for y := 0; y < h; y++ {
		o := out[y*w : (y+1)*w]
		add, sub := at(y+r+1), at(y-r)
		add, sub, c := add[:len(o)], sub[:len(o)], col[:len(o)]
		for x := range o {
			o[x] = byte(min(int64(c[x])*inv>>32, 255))
			c[x] += add[x] - sub[x]
		}
	}
	return out
}

// unsharpWide sharpens with amount a over a box blur of radius r, after a
// box blur of radius rs (0: none) that keeps the mask from amplifying
// sensor noise: a difference of two blurs, scaled to the module size.
func unsharpWide(g Gray, r int, a float64, rs int) Gray {
	if rs > 0 {
		g = Gray{W: g.W, H: g.H, Stride: g.W, Pix: boxBlur(g, rs)}
	}
	blur := boxBlur(g, r)
	out := newGray(g.W, g.H)
	k := int(a * 256)
	for y := 0; y < g.H; y++ {
		src := g.Pix[y*g.Stride : y*g.Stride+g.W]
		b := blur[y*g.W : (y+1)*g.W]
		o := out.Pix[y*g.W : (y+1)*g.W]
		for x, v := range src {
			n := int(v) + (k*(int(v)-int(b[x])))>>8
			o[x] = byte(min(max(n, 0), 255))
		}
	}
	return out
}
