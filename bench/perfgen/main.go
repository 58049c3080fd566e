// Command perfgen writes the files that bench/perf.sh times the whole
// command on: a 12 MP colour phone photo with an EXIF orientation, a colour
// phone screenshot, code-less photos, a folder of 1000 screenshots of one
// account each, and eight 7000×7000 16-bit PNGs. They are made to measure
// speed and memory, not reading: bench/gen's corpus does that.
//
//	go run ./bench/perfgen -o bench/perf
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/otpmigrate/otpmigrate/internal/synth"
)

func main() {
	out := flag.String("o", "bench/perf", "output folder")
	seed := flag.Uint64("seed", 1, "random seed")
	screens := flag.Int("screens", 1000, "screenshots in the screens/ folder")
	flag.Parse()
	r := rand.New(rand.NewPCG(*seed, 7))
	for _, d := range []string{"", "screens", "png16"} {
		if err := os.MkdirAll(filepath.Join(*out, d), 0o755); err != nil {
			log.Fatal(err)
		}
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}

	// The 12 MP photo: bench/gen's phone photo of a 10-account export,
	// stored sideways with EXIF orientation 6 as a phone held upright
	// stores it.
	text := synth.ExportURI(r, 10)
	m, err := synth.GoQRCode(text)
	if err != nil {
		log.Fatal(err)
	}
	big := synth.Make("photo12mp", r, []synth.Modules{m}, []string{text})
	write("photo12mp.jpg", synth.WithOrientation(big.Data, 6))
	write("photo12mp.txt", []byte(text+"\n"))

	// A phone screenshot (1080×2400, RGB) of a 10-account export.
	text = synth.ExportURI(r, 10)
	write("screenshot.png", screenshot(r, text, 1080, 2400))
	write("screenshot.txt", []byte(text+"\n"))

	// Photos without a code: noise-like (gravel, foliage), the slowest
	// kind to give up on, and a desk.
	write("nocode-noise.jpg", synth.JPEG(noisePhoto(r, 1600, 1200), 85))
	write("nocode-desk.jpg", synth.Make("nocode-photo", r, nil, nil).Data)

	// 1000 accounts for export --qr-dir, one otpauth URL a line.
	var urls bytes.Buffer
	for i := 0; i < 1000; i++ {
		urls.WriteString(synth.RandomOTPURL(r) + "\n")
	}
	write("accounts1000.txt", urls.Bytes())

	for i := 0; i < *screens; i++ {
		write(fmt.Sprintf("screens/%04d.png", i), screenshot(r, synth.RandomOTPURL(r), 1080, 2400))
	}

	// Large, flat 16-bit PNGs: 3 MB on disk for eight, 294 MB of samples
	// each once decoded.
	text = synth.ExportURI(r, 1)
	m, err = synth.GoQRCode(text)
	if err != nil {
		log.Fatal(err)
	}
	for i := 0; i < 8; i++ {
		write(fmt.Sprintf("png16/%d.png", i), png16(synth.Code16(m, 7000)))
	}
	fmt.Printf("wrote %s\n", *out)
}

// screenshot draws an app screen in colour with text's code in the middle
// at a whole number of pixels per module, as a phone renders it.
func screenshot(r *rand.Rand, text string, w, h int) []byte {
	m, err := synth.GoQRCode(text)
	if err != nil {
		log.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := max(y0, 0); y < min(y1, h); y++ {
			for x := max(x0, 0); x < min(x1, w); x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	bg := color.RGBA{250, 250, 252, 255}
	fill(0, 0, w, h, bg)
	fill(0, 0, w, 90, color.RGBA{30, 30, 40, 255})     // status bar
	fill(0, 90, w, 260, color.RGBA{26, 115, 232, 255}) // app bar
	for i := 0; i < 6; i++ {                           // text lines
		y := 320 + i*60
		fill(80, y, 80+200+r.IntN(700), y+28, color.RGBA{60, 64, 67, 255})
	}
	ppm := (w - 200) / (len(m) + 8)
	if ppm > 12 {
		ppm = 12
	}
	side := len(m) * ppm
	x0, y0 := (w-side)/2, 720
	for y, row := range m {
		for x, dark := range row {
			if dark {
				fill(x0+x*ppm, y0+y*ppm, x0+(x+1)*ppm, y0+(y+1)*ppm, color.RGBA{0, 0, 0, 255})
			}
		}
	}
	// A picture under the code (a banner, a wallpaper): what makes real
	// screenshots 100–300 KB.
	for y := h - 700; y < h-420; y++ {
		for x := 0; x < w; x++ {
			v := 120 + 60*math.Sin(float64(x)/90) + 40*math.Cos(float64(y)/50)
			i := img.PixOffset(x, y)
			for c := 0; c < 3; c++ {
				img.Pix[i+c] = uint8(v + float64(30*c) + float64(r.IntN(9)-4))
			}
		}
	}
	fill(120, h-380, w-120, h-260, color.RGBA{26, 115, 232, 255}) // button
	fill(0, h-140, w, h, color.RGBA{240, 240, 245, 255})          // navigation bar
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

// noisePhoto is a colour picture of gravel: blobs of every size under
// strong sensor noise, no flat area for the finder search to skip.
func noisePhoto(r *rand.Rand, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := 0.5 + 0.2*math.Sin(float64(x)/7+math.Sin(float64(y)/11)) + 0.2*math.Sin(float64(y)/5+float64(x)/13)
			i := img.PixOffset(x, y)
			for c := 0; c < 3; c++ {
				s := v + r.NormFloat64()*0.15 + float64(c-1)*0.05
				img.Pix[i+c] = uint8(255 * math.Min(1, math.Max(0, s)))
			}
			img.Pix[i+3] = 255
		}
	}
	return img
}

// png16 encodes a 7000×7000 16-bit image as small as PNG allows: only its
// decoding is measured, and the folder of eight stays a few megabytes.
func png16(img image.Image) []byte {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}
