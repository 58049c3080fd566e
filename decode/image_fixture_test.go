package decode

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate/internal/synth"
)

// TestExampleImageFixture generates testdata/example-export.png, the
// screenshot the README decodes: the two QR codes of example-export.txt
// side by side, as the app shows them one after the other.
func TestExampleImageFixture(t *testing.T) {
	txt, err := os.ReadFile(filepath.Join("..", "testdata", "example-export.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, l := range strings.Split(string(txt), "\n") {
		if strings.HasPrefix(l, "otpauth-migration://") {
			uris = append(uris, l)
		}
	}
	codes, err := synth.GoQRCodes(uris)
	if err != nil {
		t.Fatal(err)
	}
	img := synth.Make("twocodes", rand.New(rand.NewPCG(2024, 1)), codes, uris)
	path := filepath.Join("..", "testdata", "example-export.png")
	if *update {
		if err := os.WriteFile(path, img.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./decode -update)", err)
	}
	// The fixture must hold the export of example-export.txt; its bytes
	// may differ from what the generator makes today (go-qrcode and
	// image/png change), which does not matter to anyone who scans it.
	texts, err := ScanImage(got)
	if err != nil || !slices.Equal(texts, uris) {
		t.Errorf("ScanImage read %d codes, err %v; if example-export.txt changed, run go test ./decode -run TestExampleImageFixture -update", len(texts), err)
	}
}
