package synth

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Classes are the distortion classes of the benchmark, in report order.
var Classes = []string{
	"clean", "rotation", "mirror", "perspective", "blur", "noise", "lowcontrast",
	"jpeg30", "glare", "noquiet", "inverted", "small", "ui", "twocodes", "photo",
}

// Image is one generated picture and the texts it holds.
type Image struct {
	Data  []byte
	Ext   string // "png" or "jpg"
	Texts []string
}

// Make draws the codes (one, or two for "twocodes") in class's conditions,
// a class of [Classes] or of [HardClasses].
// The randomness comes from r only, so a seed reproduces an image.
func Make(class string, r *rand.Rand, codes []Modules, texts []string) Image {
	if slices.Contains(HardClasses, class) {
		return makeHard(class, r, codes[0], texts[0])
	}
	if class == "nocode-photo" {
		// A photo of a desk: soft shapes, a gradient, sensor noise.
		c := NewCanvas(1600, 1200, 0.5)
		c.Map(func(x, y int, v float64) float64 { return 0.3 + 0.4*float64(x)/1600 + 0.1*math.Sin(float64(y)/90) })
		for i := 0; i < 12; i++ {
			x, y := r.IntN(1500), r.IntN(1100)
			c.Rect(x, y, x+50+r.IntN(400), y+50+r.IntN(300), r.Float64())
		}
		c.Blur(2)
		c.Noise(r, 0.04)
		return Image{Data: JPEG(c.Gray(), 80), Ext: "jpg"}
	}
	if class == "nocode" {
		// An app screen without a code: text, buttons and finder-like
		// icons, with sensor noise.
		c := NewCanvas(720, 1440, 0.96)
		drawUI(c, r)
		c.Noise(r, 0.03)
		return Image{Data: PNG(c.Gray()), Ext: "png"}
	}
	m := codes[0]
	n := float64(len(m) + 8) // with a 4-module quiet zone
	uniform := func(a, b float64) float64 { return a + r.Float64()*(b-a) }
	// Screenshot scale: 3–6 px per module, not whole pixels, like a
	// phone's display scaling.
	ppm := uniform(3, 6)
	side := n * ppm
	pad := uniform(20, 80)
	W, H := int(side+2*pad), int(side+2*pad)
	c := NewCanvas(W, H, 1)
	place := Square(pad, pad, side, 0)
	dark, light := 0.0, 1.0
	img := Image{Ext: "png", Texts: texts[:1]}
	quiet := 4
	switch class {
	case "rotation":
		W, H = int(side*1.5+2*pad), int(side*1.5+2*pad)
		c = NewCanvas(W, H, 1)
		place = Square(float64(W)/2-side/2, float64(H)/2-side/2, side, uniform(5, 355))
	case "mirror":
		place = Quad{place[1], place[0], place[3], place[2]}
	case "perspective":
		// Top edge 65–85% of the bottom, some sideways lean.
		k := uniform(0.65, 0.85)
		inset := side * (1 - k) / 2
		lean := uniform(-0.08, 0.08) * side
		place[0][0] += inset + lean
		place[1][0] -= inset - lean
		if r.IntN(2) == 0 { // sometimes tilted the other way: rotate the quad
			place = Quad{place[3], place[0], place[1], place[2]}
		}
	case "noquiet":
		quiet = 0
		W, H = int(float64(len(m))*ppm), int(float64(len(m))*ppm)
		c = NewCanvas(W, H, 1)
		place = Square(0, 0, float64(W), 0)
	case "small":
		// 1.6–2.2 px per module in a 1600×1200 screenshot.
		ppm = uniform(1.6, 2.2)
		side = n * ppm
		W, H = 1600, 1200
		c = NewCanvas(W, H, 0.97)
		place = Square(uniform(0, float64(W)-side), uniform(0, float64(H)-side), side, 0)
	case "ui":
		W, H = int(side*1.3), int(side*2.4)
		c = NewCanvas(W, H, 0.96)
		drawUI(c, r)
		place = Square((float64(W)-side)/2, float64(H)*0.35, side, 0)
	case "twocodes":
		side2 := float64(len(codes[1])+8) * ppm
		W, H = int(side+side2+3*pad), int(math.Max(side, side2)+2*pad+40)
		c = NewCanvas(W, H, 1)
		img.Texts = texts[:2]
	case "photo", "photo12mp":
		ppm = uniform(4, 8)
		side = n * ppm
		W, H = int(side*1.6), int(side*1.6)
		if class == "photo12mp" {
			W, H = 4000, 3000
			side = 1900
			ppm = side / n
		}
		c = NewCanvas(W, H, 0.25) // the phone's bezel and the desk
		// The screen: a lit rectangle, then the code on it, both
		// under the same perspective.
		k := uniform(0.8, 0.95)
		q := Square(float64(W)/2-side*0.62, float64(H)/2-side*0.62, side*1.24, uniform(-12, 12))
		c.Draw(Modules{{false}}, 0, q, 0.9, 0.9)
		place = Square(float64(W)/2-side/2, float64(H)/2-side/2, side, 0)
		for i := range place {
			place[i][0] = float64(W)/2 + (place[i][0]-float64(W)/2)*(1-(1-k)*float64(i/2))
		}
		a := uniform(-12, 12) * math.Pi / 180
		for i := range place {
			x, y := place[i][0]-float64(W)/2, place[i][1]-float64(H)/2
			place[i] = [2]float64{float64(W)/2 + x*math.Cos(a) - y*math.Sin(a), float64(H)/2 + x*math.Sin(a) + y*math.Cos(a)}
		}
		light, dark = 0.88, 0.12
	}
	if class == "twocodes" {
		c.Draw(codes[0], quiet, Square(pad, pad+40, side, 0), dark, light)
		m2 := codes[1]
		side2 := float64(len(m2)+8) * ppm
		c.Draw(m2, quiet, Square(2*pad+side, pad+40, side2, 0), dark, light)
	} else {
		c.Draw(m, quiet, place, dark, light)
	}
	switch class {
	case "blur":
		c.Blur(uniform(0.25, 0.45) * ppm)
	case "noise":
		c.Noise(r, uniform(0.12, 0.22))
	case "lowcontrast":
		lo := uniform(0.35, 0.55)
		c.Map(func(_, _ int, v float64) float64 { return lo + v*0.2 })
	case "jpeg30":
		img.Data, img.Ext = JPEG(c.Gray(), 30), "jpg"
		return img
	case "glare":
		c.Glare(uniform(0.2, 0.8)*float64(W), uniform(0.2, 0.8)*float64(H), uniform(0.2, 0.4)*float64(W), uniform(0.5, 0.8))
	case "inverted":
		c.Map(func(_, _ int, v float64) float64 { return 0.1 + (1-v)*0.8 })
	case "photo", "photo12mp":
		c.Blur(uniform(0.15, 0.3) * ppm)
		// Moiré of the screen's subpixels, vignetting, sensor noise.
		f := uniform(0.3, 0.5)
		c.Map(func(x, y int, v float64) float64 {
			dx, dy := float64(x)/float64(W)-0.5, float64(y)/float64(H)-0.5
			return v*(1-0.5*(dx*dx+dy*dy)) + 0.04*math.Sin(float64(x)*f+float64(y)*f*0.7)
		})
		c.Noise(r, 0.04)
		img.Data, img.Ext = JPEG(c.RGB([3]float64{1, 0.97, 0.9}), 85), "jpg"
		return img
	}
	img.Data = PNG(c.Gray())
	return img
}

// drawUI draws an app screen around where the code goes: a title bar,
// text lines, buttons and square icons (finder-like shapes included).
func drawUI(c *Canvas, r *rand.Rand) {
	c.Rect(0, 0, c.W, c.H/12, 0.2)
	for i := 0; i < 5; i++ {
		y := c.H/8 + i*c.H/40
		c.Rect(c.W/10, y, c.W/10+r.IntN(c.W*7/10), y+c.H/90, 0.3)
	}
	by := c.H * 82 / 100
	c.Rect(c.W/10, by, c.W*9/10, by+c.H/16, 0.25)
	for i := 0; i < 4; i++ {
		x := c.W/10 + i*c.W/5
		s := c.W / 14
		y := c.H * 93 / 100
		c.Rect(x, y, x+s, y+s, 0.1)
		c.Rect(x+s/7, y+s/7, x+s-s/7, y+s-s/7, 0.96)
		c.Rect(x+2*s/7, y+2*s/7, x+s-2*s/7, y+s-2*s/7, 0.1)
	}
}
