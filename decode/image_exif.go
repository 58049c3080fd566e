package decode

import (
	"encoding/binary"

	"github.com/otpmigrate/otpmigrate/decode/internal/qrscan"
)

// jpegOrientation returns the EXIF orientation (1–8) of a JPEG, or 0. Phone
// cameras store the picture as the sensor saw it and record the rotation
// here; reading order of several codes depends on it.
func jpegOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return 0
	}
	p := 2
	for p+4 <= len(data) {
		if data[p] != 0xff {
			return 0
		}
		marker := data[p+1]
		if marker == 0xda || marker == 0xd9 { // start of scan: no more headers
			return 0
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			return 0
		}
		seg := data[p+4 : p+2+n]
		if marker == 0xe1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		p += 2 + n
	}
	return 0
}

func tiffOrientation(t []byte) int {
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 0
	}
	n := int(bo.Uint16(t[ifd:]))
	for i := 0; i < n; i++ {
		e := ifd + 2 + 12*i
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 0
		}
	}
	return 0
}

// orient turns g upright for EXIF orientation o.
func orient(g qrscan.Gray, o int) qrscan.Gray {
	w, h := g.W, g.H
	ow, oh := w, h
	if o >= 5 {
		ow, oh = h, w
	}
	out := qrscan.Gray{W: ow, H: oh, Stride: ow, Pix: make([]byte, ow*oh)}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var nx, ny int
			switch o {
			case 2:
				nx, ny = w-1-x, y
			case 3:
				nx, ny = w-1-x, h-1-y
			case 4:
				nx, ny = x, h-1-y
			case 5:
				nx, ny = y, x
			case 6:
				nx, ny = h-1-y, x
			case 7:
				nx, ny = h-1-y, w-1-x
			case 8:
				nx, ny = y, w-1-x
			default:
				nx, ny = x, y
			}
			out.Pix[ny*ow+nx] = g.Pix[y*g.Stride+x]
		}
	}
	return out
}
