package decode

import (
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"image/color"
	"io"

	"github.com/otpmigrate/otpmigrate/decode/internal/qrscan"
)

// pngGray decodes a non-interlaced PNG straight into grey levels, row by
// row: the colour image image/png would build (4 bytes a pixel, 8 for
// 16-bit files) is never made, nor a second pass over it. The grey levels
// are exactly those toGray gives for image/png's result (the fuzz test
// compares them), so the scan sees the same picture.
//
// ok is false for what it leaves to image/png: interlaced files and
// anything it does not understand. An error is returned only for a file
// image/png would refuse too: a bad checksum or truncated data.
func pngGray(data []byte) (g qrscan.Gray, ok bool, err error) {
	if len(data) < 8+25 || string(data[:8]) != "\x89PNG\r\n\x1a\n" || string(data[12:16]) != "IHDR" ||
		binary.BigEndian.Uint32(data[8:]) != 13 {
		return g, false, nil
	}
	h := data[16:29]
	w, ht := int(binary.BigEndian.Uint32(h[0:])), int(binary.BigEndian.Uint32(h[4:]))
	depth, ctype, interlace := int(h[8]), h[9], h[12]
	if h[10] != 0 || h[11] != 0 || interlace != 0 || w <= 0 || ht <= 0 || int64(w)*int64(ht) > MaxImagePixels {
		return g, false, nil
	}
	var channels int
	switch {
	case ctype == 0 && (depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16):
		channels = 1
	case ctype == 3 && (depth == 1 || depth == 2 || depth == 4 || depth == 8):
		channels = 1
	case ctype == 2 && (depth == 8 || depth == 16):
		channels = 3
	case ctype == 4 && (depth == 8 || depth == 16):
		channels = 2
	case ctype == 6 && (depth == 8 || depth == 16):
		channels = 4
	default:
		return g, false, nil
	}
	bitsPP := channels * depth
	bpp := max(1, bitsPP/8) // bytes a pixel, for the filters
	// At most MaxImagePixels×8 bytes a row: this fits an int even where
	// int is 32 bits, but w*bitsPP alone may not.
	rowLen := int((int64(w)*int64(bitsPP) + 7) / 8)

	// Chunks before the image data: PLTE and tRNS matter; the rest is
	// skipped.
	var (
		palette color.Palette
		trns    []byte
		idatAt  = -1
		p       = 8
	)
	for p+12 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[p:]))
		if n < 0 || n > len(data)-p-12 {
			return g, false, errDamaged
		}
		typ := string(data[p+4 : p+8])
		body := data[p+8 : p+8+n]
		if crc32.ChecksumIEEE(data[p+4:p+8+n]) != binary.BigEndian.Uint32(data[p+8+n:]) {
			return g, false, errDamaged
		}
		switch typ {
		case "PLTE":
			if ctype == 3 {
				if n%3 != 0 || n == 0 || n/3 > 1<<depth {
					return g, false, nil
				}
				palette = make(color.Palette, n/3)
				for i := range palette {
					palette[i] = color.RGBA{body[3*i], body[3*i+1], body[3*i+2], 0xff}
				}
			}
		case "tRNS":
			trns = body
		case "IDAT":
			idatAt = p
		case "IEND":
			return g, false, nil // no image data
		}
		if idatAt >= 0 {
			break
		}
		p += 12 + n
	}
	if idatAt < 0 || (ctype == 3 && palette == nil) {
		return g, false, nil
	}

	// A grey value per sample value and the transparent one, if any.
	var lut [256]byte
	hasTrns := false
	var tr [3]uint16
	switch ctype {
	case 3:
		if len(trns) > 256 {
			return g, false, nil
		}
		// As image/png: tRNS entries turn palette colours non-opaque,
		// and indices past the palette are opaque black.
		full := make(color.Palette, 256)
		for i := range full {
			full[i] = color.RGBA{0, 0, 0, 0xff}
		}
		copy(full, palette)
		for i, a := range trns {
			c := full[i].(color.RGBA)
			full[i] = color.NRGBA{c.R, c.G, c.B, a}
		}
		for i, c := range full {
			lut[i] = grayOnWhite(c)
		}
	case 0, 2:
		if trns != nil {
			if len(trns) != 2*channels {
				return g, false, nil
			}
			hasTrns = true
			// As image/png: 16-bit files compare whole samples, the
			// others the low byte, scaled as the samples are.
			for i := range channels {
				tr[i] = binary.BigEndian.Uint16(trns[2*i:])
				if depth < 16 {
					tr[i] = uint16(byte(tr[i]) * byte(0xff/(1<<depth-1)))
				}
			}
		}
	}

	// The zlib stream is inflated without its Adler-32 check: each IDAT
	// chunk's CRC-32 already covers the bytes, and the second checksum
	// cost a sixth of a screenshot's decoding.
	ir := &idatReader{data: data, p: idatAt}
	var hdr [2]byte
	if _, err := io.ReadFull(ir, hdr[:]); err != nil {
		return g, false, errDamaged
	}
	if hdr[0]&0x0f != 8 || hdr[0]>>4 > 7 || (uint16(hdr[0])<<8|uint16(hdr[1]))%31 != 0 || hdr[1]&0x20 != 0 {
		return g, false, errDamaged // not deflate, or a preset dictionary: image/png refuses both
	}
	zr := flate.NewReader(ir)
	g = qrscan.Gray{W: w, H: ht, Stride: w, Pix: make([]byte, w*ht)}
	cr, pr := make([]byte, rowLen+1), make([]byte, rowLen+1)
	for y := range ht {
		if _, err := io.ReadFull(zr, cr); err != nil {
			return qrscan.Gray{}, false, errDamaged
		}
		if !unfilter(cr[0], cr[1:], pr[1:], bpp) {
			return qrscan.Gray{}, false, errDamaged
		}
		grayRow(g.Pix[y*w:(y+1)*w], cr[1:], ctype, depth, &lut, hasTrns, tr)
		pr, cr = cr, pr
	}
	return g, true, nil
}

// idatReader reads the concatenated bodies of the IDAT chunks from p on,
// whose checksums pngGray has checked up to the first; later ones are
// checked here.
type idatReader struct {
	data []byte
	p    int // the current chunk
	off  int // read so far of its body
}

func (r *idatReader) Read(b []byte) (int, error) {
	for {
		if r.p+12 > len(r.data) {
			return 0, io.ErrUnexpectedEOF
		}
		n := int(binary.BigEndian.Uint32(r.data[r.p:]))
		if n < 0 || n > len(r.data)-r.p-12 || string(r.data[r.p+4:r.p+8]) != "IDAT" {
			return 0, io.ErrUnexpectedEOF
		}
		if r.off == 0 && crc32.ChecksumIEEE(r.data[r.p+4:r.p+8+n]) != binary.BigEndian.Uint32(r.data[r.p+8+n:]) {
			return 0, errDamaged
		}
		if r.off < n {
			k := copy(b, r.data[r.p+8+r.off:r.p+8+n])
			r.off += k
			return k, nil
		}
		r.p += 12 + n
		r.off = 0
	}
}

// unfilter undoes a row's PNG filter in place (PNG spec, section 9).
func unfilter(f byte, cur, prev []byte, bpp int) bool {
	switch f {
	case 0:
	case 1:
		for i := bpp; i < len(cur); i++ {
			cur[i] += cur[i-bpp]
		}
	case 2:
		for i, p := range prev {
			cur[i] += p
		}
	case 3:
		for i := 0; i < bpp && i < len(cur); i++ {
			cur[i] += prev[i] / 2
		}
		for i := bpp; i < len(cur); i++ {
			cur[i] += byte((int(cur[i-bpp]) + int(prev[i])) / 2)
		}
	case 4:
		for i := range cur {
			var a, c int
			if i >= bpp {
				a, c = int(cur[i-bpp]), int(prev[i-bpp])
			}
			b := int(prev[i])
			pa, pb, pc := abs(b-c), abs(a-c), abs(a+b-2*c)
			switch {
			case pa <= pb && pa <= pc:
				cur[i] += byte(a)
			case pb <= pc:
				cur[i] += byte(b)
			default:
				cur[i] += byte(c)
			}
		}
	default:
		return false
	}
	return true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// grayRow converts one unfiltered row to grey as toGray does with the
// image image/png makes of it: 16-bit samples by their high byte,
// transparency over white.
func grayRow(out, row []byte, ctype byte, depth int, lut *[256]byte, hasTrns bool, tr [3]uint16) {
	switch {
	case ctype == 3 || (ctype == 0 && depth < 8):
		// Samples are packed from the high bit; a table gives each
		// sample's grey (for grey files: scaled, and white when it is
		// the transparent value).
		if ctype == 0 {
			scale := byte(0xff / (1<<depth - 1))
			for v := range 1 << depth {
				g := byte(v) * scale
				if hasTrns && uint16(g) == tr[0] {
					g = 0xff
				}
				lut[v] = g
			}
		}
		x := 0
		for _, b := range row {
			for k := 0; k < 8 && x < len(out); k += depth {
				out[x] = lut[b>>(8-depth)]
				b <<= depth
				x++
			}
		}
	case ctype == 0 && depth == 8:
		copy(out, row)
		if hasTrns {
			for x, v := range out {
				if uint16(v) == tr[0] {
					out[x] = 0xff
				}
			}
		}
	case ctype == 0: // 16
		for x := range out {
			v := row[2*x]
			if hasTrns && binary.BigEndian.Uint16(row[2*x:]) == tr[0] {
				v = 0xff
			}
			out[x] = v
		}
	case ctype == 2 && depth == 8:
		for x := range out {
			p := row[3*x : 3*x+3]
			if hasTrns && uint16(p[0]) == tr[0] && uint16(p[1]) == tr[1] && uint16(p[2]) == tr[2] {
				out[x] = 0xff
				continue
			}
			out[x] = byte(luma(uint32(p[0]), uint32(p[1]), uint32(p[2])))
		}
	case ctype == 2: // 16
		for x := range out {
			p := row[6*x : 6*x+6]
			if hasTrns && binary.BigEndian.Uint16(p) == tr[0] && binary.BigEndian.Uint16(p[2:]) == tr[1] && binary.BigEndian.Uint16(p[4:]) == tr[2] {
				out[x] = 0xff
				continue
			}
			out[x] = byte(luma(uint32(p[0]), uint32(p[2]), uint32(p[4])))
		}
	case ctype == 4 && depth == 8:
		for x := range out {
			l, a := uint32(row[2*x]), uint32(row[2*x+1])
			out[x] = byte((l*a + 255*(255-a)) / 255)
		}
	case ctype == 4: // 16
		for x := range out {
			l, a := uint32(row[4*x]), uint32(row[4*x+2])
			out[x] = byte((l*a + 255*(255-a)) / 255)
		}
	case ctype == 6 && depth == 8:
		for x := range out {
			p := row[4*x : 4*x+4]
			l, a := luma(uint32(p[0]), uint32(p[1]), uint32(p[2])), uint32(p[3])
			out[x] = byte((l*a + 255*(255-a)) / 255)
		}
	case ctype == 6: // 16
		for x := range out {
			p := row[8*x : 8*x+8]
			l, a := luma(uint32(p[0]), uint32(p[2]), uint32(p[4])), uint32(p[6])
			out[x] = byte((l*a + 255*(255-a)) / 255)
		}
	}
}

// isDirectPNG reports whether data is a non-interlaced PNG, which
// [pngGray] decodes (unless it is damaged or unusual).
func isDirectPNG(data []byte) bool {
	return len(data) > 29 && string(data[:8]) == "\x89PNG\r\n\x1a\n" && string(data[12:16]) == "IHDR" && data[28] == 0
}
