package decode

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/asn1"
	"testing"
)

// TestFreeOTPKeyParameters: the GCM nonce is read from either DER form
// Android's AlgorithmParameters.getEncoded writes (a SEQUENCE of the nonce
// and the tag length, or the nonce alone), and a tag length other than 16
// or malformed DER is refused.
func TestFreeOTPKeyParameters(t *testing.T) {
	key, nonce := fill(32, 30), fill(12, 31)
	b, _ := aes.NewCipher(key)
	g, _ := cipher.NewGCM(b)
	ct := g.Seal(nil, nonce, rfcSecret, []byte("HmacSHA1"))
	int8s := func(b []byte) []int8 {
		out := make([]int8, len(b))
		for i, c := range b {
			out[i] = int8(c)
		}
		return out
	}
	seq, _ := asn1.Marshal(struct {
		Nonce  []byte
		TagLen int
	}{nonce, 16})
	bare, _ := asn1.Marshal(nonce)
	tag12, _ := asn1.Marshal(struct {
		Nonce  []byte
		TagLen int
	}{nonce, 12})
	for name, tt := range map[string]struct {
		params []byte
		ok     bool
	}{
		"sequence":      {seq, true},
		"octet string":  {bare, true},
		"tag 12":        {tag12, false},
		"not DER":       {[]byte{0x30, 0x99}, false},
		"trailing data": {append(append([]byte(nil), bare...), 0), false},
	} {
		k := freeOTPEncryptedKey{Cipher: "AES/GCM/NoPadding", CipherText: int8s(ct), Parameters: int8s(tt.params), Token: "HmacSHA1"}
		got, err := k.open(key)
		if tt.ok && (err != nil || string(got) != string(rfcSecret)) {
			t.Errorf("%s: %v", name, err)
		}
		if !tt.ok && err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
