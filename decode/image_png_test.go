package decode

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image/png"
	"math/rand/v2"
	"testing"
)

// pngFile writes a PNG by hand, so that every colour type, bit depth,
// filter and transparency image/png reads is covered (its encoder writes
// only a few). The filtered rows are random bytes: whatever they unfilter
// to is a valid picture.
func pngFile(r *rand.Rand, w, h int, ctype byte, depth int, plte, trns []byte) []byte {
	chunk := func(b *bytes.Buffer, typ string, body []byte) {
		binary.Write(b, binary.BigEndian, uint32(len(body)))
		c := append([]byte(typ), body...)
		b.Write(c)
		binary.Write(b, binary.BigEndian, crc32.ChecksumIEEE(c))
	}
	channels := map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
	rowLen := (w*channels*depth + 7) / 8
	var raw bytes.Buffer
	for range h {
		raw.WriteByte(byte(r.IntN(5)))
		for range rowLen {
			// Mostly runs of a few values, so that transparent colours
			// and palette ends are met.
			raw.WriteByte([]byte{0, 1, 0xff, byte(r.IntN(256))}[r.IntN(4)])
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = byte(depth), ctype
	chunk(&b, "IHDR", ihdr)
	if plte != nil {
		chunk(&b, "PLTE", plte)
	}
	if trns != nil {
		chunk(&b, "tRNS", trns)
	}
	// Two IDAT chunks: the image data may be split anywhere.
	zb := z.Bytes()
	cut := len(zb) / 3
	chunk(&b, "IDAT", zb[:cut])
	chunk(&b, "IDAT", zb[cut:])
	chunk(&b, "IEND", nil)
	return b.Bytes()
}

// pngCases is one file of every kind image/png reads without interlacing.
func pngCases(r *rand.Rand) map[string][]byte {
	out := map[string][]byte{}
	rnd := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return b
	}
	for _, c := range []struct {
		ctype  byte
		depths []int
	}{{0, []int{1, 2, 4, 8, 16}}, {2, []int{8, 16}}, {3, []int{1, 2, 4, 8}}, {4, []int{8, 16}}, {6, []int{8, 16}}} {
		for _, d := range c.depths {
			w, h := 1+r.IntN(40), 1+r.IntN(20)
			switch c.ctype {
			case 3:
				n := 1 + r.IntN(1<<d)
				out[fmt.Sprintf("P%d", d)] = pngFile(r, w, h, 3, d, rnd(3*n), nil)
				out[fmt.Sprintf("P%d short palette, tRNS", d)] = pngFile(r, w, h, 3, d, rnd(3*max(1, n/2)), rnd(r.IntN(n+1)))
			case 0, 2:
				out[fmt.Sprintf("type %d depth %d", c.ctype, d)] = pngFile(r, w, h, c.ctype, d, nil, nil)
				ch := map[byte]int{0: 1, 2: 3}[c.ctype]
				tr := make([]byte, 2*ch)
				for i := 0; i < ch; i++ {
					// A value the rows hold often; a high byte
					// image/png ignores below 16 bits.
					tr[2*i], tr[2*i+1] = []byte{0, 0xff, 7}[r.IntN(3)], []byte{0, 1, 0xff}[r.IntN(3)]
				}
				out[fmt.Sprintf("type %d depth %d tRNS", c.ctype, d)] = pngFile(r, w, h, c.ctype, d, nil, tr)
			default:
				out[fmt.Sprintf("type %d depth %d", c.ctype, d)] = pngFile(r, w, h, c.ctype, d, nil, nil)
			}
		}
	}
	return out
}

// checkPNGGray compares pngGray with image/png and toGray on data.
func checkPNGGray(t *testing.T, name string, data []byte) {
	g, ok, err := pngGray(data)
	img, perr := png.Decode(bytes.NewReader(data))
	if err != nil && perr == nil {
		t.Fatalf("%s: pngGray refused a file image/png reads: %v", name, err)
	}
	if !ok || perr != nil {
		return
	}
	want := toGray(img)
	if g.W != want.W || g.H != want.H {
		t.Fatalf("%s: %d×%d, image/png %d×%d", name, g.W, g.H, want.W, want.H)
	}
	for y := 0; y < g.H; y++ {
		a, b := g.Pix[y*g.Stride:y*g.Stride+g.W], want.Pix[y*want.Stride:y*want.Stride+want.W]
		if !bytes.Equal(a, b) {
			t.Fatalf("%s (%T): row %d differs:\n got %v\nwant %v", name, img, y, a, b)
		}
	}
}

func TestPNGGrayMatchesImagePNG(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		for name, data := range pngCases(r) {
			if _, ok, err := pngGray(data); !ok || err != nil {
				t.Fatalf("%s: not decoded directly (%v)", name, err)
			}
			checkPNGGray(t, name, data)
		}
	}
	// Interlaced files are left to image/png.
	p := pngFile(r, 4, 4, 0, 8, nil, nil)
	p[28] = 1
	if _, ok, _ := pngGray(p); ok {
		t.Error("an interlaced file was decoded directly")
	}
}

// FuzzPNGGray checks the direct PNG decoder against image/png on mutated
// files: the same grey levels whenever both read a file, and no refusal of
// a file image/png reads.
func FuzzPNGGray(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, data := range pngCases(r) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkPNGGray(t, "fuzzed", data)
	})
}

// TestPNGGrayRefusesHugeHeader: pngGray caps the declared size itself,
// before it allocates the grey image, so a file claiming 10 gigapixels
// with a valid start of image data is left to the header check
// (imageConfig) rather than allocated and then found short.
func TestPNGGrayRefusesHugeHeader(t *testing.T) {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 64))
	zw.Close()
	idat := append([]byte("IDAT"), z.Bytes()...)
	var b bytes.Buffer
	b.Write(pngHeader(100_000, 100_000))
	binary.Write(&b, binary.BigEndian, uint32(len(idat)-4))
	b.Write(idat)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(idat))
	g, ok, err := pngGray(b.Bytes())
	if ok || err != nil || g.Pix != nil {
		t.Errorf("pngGray of a 100000×100000 header: ok %v, err %v, %d bytes allocated; want it left alone", ok, err, len(g.Pix))
	}
}
