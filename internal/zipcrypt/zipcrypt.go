// Package zipcrypt reads files from password-protected ZIP archives, which
// archive/zip does not decrypt: the traditional PKWARE encryption
// ("ZipCrypto", APPNOTE.TXT section 6.1, which Authenticator Plus's
// backup uses) and WinZip's AES encryption (AE-1 and AE-2,
// https://www.winzip.com/en/support/aes-encryption/, which Raivo's export
// uses). archive/zip still parses the archive; this package only decrypts
// and inflates one entry, with its size capped before any work.
package zipcrypt

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/aes"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// ErrPassword is returned when the password does not open the entry. The
// traditional encryption cannot tell a wrong password from a damaged
// entry; its errors say so.
var ErrPassword = errors.New("wrong password")

// ErrNotEncrypted is returned for an entry stored without encryption.
var ErrNotEncrypted = errors.New("the entry is not encrypted")

const (
	methodAES     = 99     // WinZip AES
	extraAES      = 0x9901 // its extra field
	aesIterations = 1000   // PBKDF2-HMAC-SHA1, fixed by the format
	aesMACSize    = 10
)

// Encrypted reports whether f is encrypted.
func Encrypted(f *zip.File) bool { return f.Flags&1 != 0 }

// ReadFile decrypts and inflates f with password; the result is at most
// max bytes, else an error.
func ReadFile(f *zip.File, password []byte, max int64) ([]byte, error) {
	if !Encrypted(f) {
		return nil, ErrNotEncrypted
	}
	if f.UncompressedSize64 > uint64(max) || f.CompressedSize64 > uint64(max)+1024 {
		return nil, fmt.Errorf("the entry is %d bytes, more than %d", f.UncompressedSize64, max)
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(raw, int64(f.CompressedSize64)))
	if err != nil {
		return nil, errors.New("the archive ends early: it is truncated")
	}
	if uint64(len(data)) != f.CompressedSize64 {
		return nil, errors.New("the archive ends early: it is truncated")
	}
	method, checkCRC := f.Method, true
	var plain []byte
	if f.Method == methodAES {
		var strength int
		var vendor uint16
		if method, strength, vendor, err = aesExtra(f.Extra); err != nil {
			return nil, err
		}
		// AE-2 leaves the CRC zero: the MAC authenticates instead.
		checkCRC = vendor == 1
		if plain, err = openAES(data, password, strength); err != nil {
			return nil, err
		}
	} else {
		check := byte(f.CRC32 >> 24)
		if f.Flags&8 != 0 {
			// With a data descriptor the check byte is the high byte of
			// the DOS modification time.
			check = byte(f.ModifiedTime >> 8)
		}
		if plain, err = openZipCrypto(data, password, check); err != nil {
			return nil, err
		}
	}
	var out []byte
	switch method {
	case zip.Store:
		out = plain
	case zip.Deflate:
		r := flate.NewReader(bytes.NewReader(plain))
		out, err = io.ReadAll(io.LimitReader(r, max+1))
		if err != nil {
			return nil, fmt.Errorf("%w (or the entry is damaged: it does not inflate)", ErrPassword)
		}
	default:
		return nil, fmt.Errorf("compression method %d is not supported", method)
	}
	if int64(len(out)) > max {
		return nil, fmt.Errorf("the entry inflates to more than %d bytes", max)
	}
	if checkCRC && crc32.ChecksumIEEE(out) != f.CRC32 {
		return nil, fmt.Errorf("%w (or the entry is damaged: its CRC does not match)", ErrPassword)
	}
	return out, nil
}

// aesExtra reads WinZip's AES extra field: vendor version (1 = AE-1,
// 2 = AE-2), "AE", key strength (1, 2, 3 for AES-128, -192, -256) and the
// real compression method.
func aesExtra(extra []byte) (method uint16, strength int, vendor uint16, err error) {
	for len(extra) >= 4 {
		id, size := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		if len(extra) < 4+size {
			break
		}
		body := extra[4 : 4+size]
		extra = extra[4+size:]
		if id != extraAES || size < 7 {
			continue
		}
		vendor = binary.LittleEndian.Uint16(body)
		if string(body[2:4]) != "AE" || (vendor != 1 && vendor != 2) || body[4] < 1 || body[4] > 3 {
			return 0, 0, 0, errors.New("malformed AES extra field")
		}
		return binary.LittleEndian.Uint16(body[5:]), int(body[4]), vendor, nil
	}
	return 0, 0, 0, errors.New("AES-encrypted entry without its AES extra field")
}

// openAES checks the password verifier and the MAC, then decrypts:
// salt, 2-byte verifier, data, 10-byte HMAC-SHA1 of the data; AES-CTR
// with a little-endian counter from 1 (cipher.NewCTR counts big-endian).
func openAES(data, password []byte, strength int) ([]byte, error) {
	keyLen := 8 + 8*strength // 16, 24, 32
	saltLen := keyLen / 2
	if len(data) < saltLen+2+aesMACSize {
		return nil, errors.New("the entry is too short for AES")
	}
	salt, verifier := data[:saltLen], data[saltLen:saltLen+2]
	body, mac := data[saltLen+2:len(data)-aesMACSize], data[len(data)-aesMACSize:]
	k, err := pbkdf2.Key(sha1.New, string(password), salt, aesIterations, 2*keyLen+2)
	if err != nil {
		return nil, err
	}
	if !hmac.Equal(k[2*keyLen:], verifier) {
		return nil, ErrPassword
	}
	h := hmac.New(sha1.New, k[keyLen:2*keyLen])
	h.Write(body)
	if !hmac.Equal(h.Sum(nil)[:aesMACSize], mac) {
		return nil, errors.New("the entry fails authentication: it is damaged or was modified")
	}
	block, err := aes.NewCipher(k[:keyLen])
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(body))
	var ctr, ks [aes.BlockSize]byte
	for off := 0; off < len(body); off += aes.BlockSize {
		for i := range ctr { // little-endian increment
			ctr[i]++
			if ctr[i] != 0 {
				break
			}
		}
		block.Encrypt(ks[:], ctr[:])
		end := min(off+aes.BlockSize, len(body))
		for i := off; i < end; i++ {
			out[i] = body[i] ^ ks[i-off]
		}
	}
	return out, nil
}

// openZipCrypto decrypts the traditional PKWARE way: three keys updated
// with CRC-32, a 12-byte encrypted header whose last byte is check.
func openZipCrypto(data, password []byte, check byte) ([]byte, error) {
	if len(data) < 12 {
		return nil, errors.New("the entry is too short for its encryption header")
	}
	k := [3]uint32{0x12345678, 0x23456789, 0x34567890}
	update := func(c byte) {
		k[0] = crc32.IEEETable[byte(k[0])^c] ^ (k[0] >> 8)
		k[1] = (k[1]+k[0]&0xff)*134775813 + 1
		k[2] = crc32.IEEETable[byte(k[2])^byte(k[1]>>24)] ^ (k[2] >> 8)
	}
	for _, c := range password {
		update(c)
	}
	out := make([]byte, len(data))
	for i, c := range data {
		t := k[2] | 2
		p := c ^ byte((t*(t^1))>>8)
		update(p)
		out[i] = p
	}
	if out[11] != check {
		return nil, ErrPassword
	}
	return out[12:], nil
}
