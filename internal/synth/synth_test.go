package synth

import (
	"math/rand/v2"
	"os"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := os.Getenv("SYNTH_OUT")
	if dir == "" {
		t.Skip("set SYNTH_OUT to look at samples")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, cl := range Classes {
		u1, u2 := ExportURI(r, 10), ExportURI(r, 1)
		m1, _ := GoQRCode(u1)
		m2, _ := GoQRCode(u2)
		img := Make(cl, r, []Modules{m1, m2}, []string{u1, u2})
		os.WriteFile(dir+"/"+cl+"."+img.Ext, img.Data, 0o644)
	}
}
