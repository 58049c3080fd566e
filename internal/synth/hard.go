package synth

import (
	"image"
	"math"
	"math/rand/v2"
)

// HardClasses are the classes of issue 13, at the levels where readers
// part ways. They are drawn by a renderer unlike [Canvas.Draw]'s exact
// module lookup, so that the cascade tuned on [Classes] meets pixels it
// was not fitted to: the code is first rasterised at whole pixels per
// module with a random quiet zone and module colours, as a screen shows it,
// and that raster is then resampled bilinearly through the placement, as
// a scaler or a camera does. Photos add a lit screen, a colour cast,
// gamma, vignetting, sensor noise and JPEG at a random quality.
var HardClasses = []string{
	"blur-strong", "perspective-strong", "turn45", "tiny",
	"dense-screen", "dense-small", "dense-photo",
}

// ClassAccounts lists the account counts the benchmark draws a class
// with: 1, 5 and 10 (versions 6–25) unless the class is about one size of
// code.
func ClassAccounts(class string) []int {
	switch class {
	case "turn45", "tiny":
		return []int{9, 10, 11} // version 23–25
	case "dense-screen", "dense-small", "dense-photo":
		return []int{15, 22, 30} // versions 27–40, one code per export
	}
	return []int{1, 5, 10}
}

// Raster draws m at s whole pixels per module with quiet modules of
// quiet zone: a screen's own pixels.
func Raster(m Modules, quiet, s int, dark, light float64) *Canvas {
	n := (len(m) + 2*quiet) * s
	c := NewCanvas(n, n, light)
	for y, row := range m {
		for x, on := range row {
			if on {
				c.Rect((x+quiet)*s, (y+quiet)*s, (x+quiet+1)*s, (y+quiet+1)*s, dark)
			}
		}
	}
	return c
}

// Warp draws the square src onto c through the perspective that maps its
// corners to q, sampling src bilinearly at ss×ss points per pixel; ss 0
// picks enough for a downscale to average like a good scaler's, ss 1 is a
// cheap scaler's one sample per pixel.
func (c *Canvas) Warp(src *Canvas, q Quad, ss int) {
	inv := invert3(homography(q, float64(src.W)))
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range q {
		minX, minY = math.Min(minX, p[0]), math.Min(minY, p[1])
		maxX, maxY = math.Max(maxX, p[0]), math.Max(maxY, p[1])
	}
	// Source pixels per destination pixel, at the largest.
	shrink := 0.0
	for i := range q {
		j := (i + 1) % 4
		shrink = math.Max(shrink, float64(src.W)/math.Hypot(q[j][0]-q[i][0], q[j][1]-q[i][1]))
	}
	if ss == 0 {
		ss = min(8, max(2, int(math.Ceil(shrink))))
	}
	at := func(u, v float64) (float64, bool) {
		if u < 0 || v < 0 || u >= float64(src.W) || v >= float64(src.H) {
			return 0, false
		}
		u, v = u-0.5, v-0.5
		x0, y0 := int(math.Floor(u)), int(math.Floor(v))
		fx, fy := u-float64(x0), v-float64(y0)
		px := func(x, y int) float64 {
			return src.Pix[min(max(y, 0), src.H-1)*src.W+min(max(x, 0), src.W-1)]
		}
		return (px(x0, y0)*(1-fx)+px(x0+1, y0)*fx)*(1-fy) + (px(x0, y0+1)*(1-fx)+px(x0+1, y0+1)*fx)*fy, true
	}
	for y := max(0, int(minY)); y < min(c.H, int(maxY)+1); y++ {
		for x := max(0, int(minX)); x < min(c.W, int(maxX)+1); x++ {
			var sum float64
			inside := 0
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					u, v := project(inv, float64(x)+(float64(sx)+0.5)/float64(ss), float64(y)+(float64(sy)+0.5)/float64(ss))
					if val, ok := at(u, v); ok {
						sum += val
						inside++
					} else {
						sum += c.Pix[y*c.W+x]
					}
				}
			}
			if inside > 0 {
				c.Pix[y*c.W+x] = sum / float64(ss*ss)
			}
		}
	}
}

// Duotone maps grey levels onto the line from colour dark to colour light
// (RGB, 0–1): a coloured code, a tinted screen.
func (c *Canvas) Duotone(dark, light [3]float64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, c.W, c.H))
	for i, v := range c.Pix {
		for k := 0; k < 3; k++ {
			img.Pix[4*i+k] = uint8(math.Round(255 * math.Min(1, math.Max(0, dark[k]+v*(light[k]-dark[k])))))
		}
		img.Pix[4*i+3] = 255
	}
	return img
}

// rotateQuad turns q by deg degrees about (cx, cy).
func rotateQuad(q Quad, cx, cy, deg float64) Quad {
	a := deg * math.Pi / 180
	for i := range q {
		x, y := q[i][0]-cx, q[i][1]-cy
		q[i] = [2]float64{cx + x*math.Cos(a) - y*math.Sin(a), cy + x*math.Sin(a) + y*math.Cos(a)}
	}
	return q
}

// makeHard draws one code of a [HardClasses] class.
func makeHard(class string, r *rand.Rand, m Modules, text string) Image {
	uniform := func(a, b float64) float64 { return a + r.Float64()*(b-a) }
	// Apps draw codes with 1–6 quiet modules, not always black on white.
	quiet := 1 + r.IntN(6)
	dark, light := uniform(0, 0.3), uniform(0.82, 1)
	n := float64(len(m) + 2*quiet)
	img := Image{Ext: "png", Texts: []string{text}}
	var c *Canvas
	photo := false
	screen := Raster(m, quiet, 1+r.IntN(3), dark, light)
	switch class {
	case "blur-strong", "turn45", "dense-screen":
		ppm := uniform(3, 6)
		deg := 0.0
		switch class {
		case "blur-strong":
			ppm = uniform(4, 7)
		case "turn45":
			ppm = uniform(4, 5)
			deg = float64(45 + 90*r.IntN(4))
		}
		side := n * ppm
		pad := uniform(10, 60)
		W := int(side*math.Abs(math.Cos(deg*math.Pi/180)) + side*math.Abs(math.Sin(deg*math.Pi/180)) + 2*pad)
		c = NewCanvas(W, W, light)
		c.Warp(screen, Square(float64(W)/2-side/2, float64(W)/2-side/2, side, deg), 0)
		if class == "blur-strong" {
			c.Blur(uniform(0.45, 0.6) * ppm)
		}
		c.Noise(r, uniform(0, 0.03))
	case "tiny", "dense-small":
		// A screenshot shrunk by a chat app or a thumbnailer.
		ppm := uniform(1.15, 1.25)
		if class == "dense-small" {
			ppm = uniform(1.6, 2.4)
		}
		side := n * ppm
		W, H := int(side+uniform(40, 400)), int(side+uniform(40, 400))
		c = NewCanvas(W, H, uniform(0.9, 1))
		x, y := uniform(0, float64(W)-side), uniform(0, float64(H)-side)
		ss := 0
		if r.IntN(2) == 0 {
			ss = 1 // a cheap scaler: sharper, aliased
		}
		c.Warp(Raster(m, quiet, 4, dark, light), Square(x, y, side, 0), ss)
		// Shrunk for a chat app, and then compressed; a thumbnail of
		// a code at 1.2 px per module is only readable as a PNG.
		if class == "dense-small" && r.IntN(2) == 0 {
			img.Data, img.Ext = JPEG(c.Gray(), 70+r.IntN(26)), "jpg"
			return img
		}
	case "perspective-strong", "dense-photo":
		photo = true
		ppm := uniform(4, 7) // at the near edge
		side := n * ppm
		W, H := int(side*1.5), int(side*1.5)
		cx, cy := float64(W)/2, float64(H)/2
		c = NewCanvas(W, H, uniform(0.15, 0.4))
		c.Map(func(x, _ int, v float64) float64 { return v + 0.15*float64(x)/float64(W) })
		// The code's near edge at the bottom, the far one at the top,
		// k of its length; then the whole turned so that the far edge
		// is any side, and tilted a little.
		k := uniform(0.5, 0.65)
		if class == "dense-photo" {
			k = uniform(0.8, 0.95)
		}
		code := Square(cx-side/2, cy-side/2, side, 0)
		code[0][0] += side * (1 - k) / 2
		code[1][0] -= side * (1 - k) / 2
		lean := uniform(-0.06, 0.06) * side
		code[0][0] += lean
		code[1][0] += lean
		// The far edge looks shorter also in depth.
		code[0][1] += side * (1 - k) / 3
		code[1][1] += side * (1 - k) / 3
		deg := float64(90*r.IntN(4)) + uniform(-8, 8)
		code = rotateQuad(code, cx, cy, deg)
		lit := Quad{}
		for i := range code {
			// the screen around the code: 25% larger about its centre
			lit[i] = [2]float64{cx + (code[i][0]-cx)*1.25, cy + (code[i][1]-cy)*1.25}
		}
		c.Draw(Modules{{false}}, 0, lit, light, light)
		c.Warp(screen, code, 0)
		c.Blur(uniform(0.1, 0.3) * ppm * k)
		gamma := uniform(0.8, 1.25)
		vig := uniform(0.2, 0.5)
		c.Map(func(x, y int, v float64) float64 {
			dx, dy := float64(x)/float64(W)-0.5, float64(y)/float64(H)-0.5
			return math.Pow(math.Max(v, 0), gamma) * (1 - vig*(dx*dx+dy*dy))
		})
		c.Noise(r, uniform(0.015, 0.045))
	}
	if photo || r.IntN(4) == 0 {
		// A coloured code or a screen's colour cast.
		tint := [3]float64{uniform(0.85, 1), uniform(0.85, 1), uniform(0.8, 1)}
		d := [3]float64{uniform(0, 0.25), uniform(0, 0.25), uniform(0, 0.45)}
		rgb := c.Duotone(d, tint)
		if photo {
			img.Data, img.Ext = JPEG(rgb, 65+r.IntN(28)), "jpg"
		} else {
			img.Data = PNG(rgb)
		}
		return img
	}
	img.Data = PNG(c.Gray())
	return img
}
