package synth

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ReaderTexts reads EXPECTED-DECODES.json in the shared fixtures folder dir
// and returns, for each file, the QR texts that zbar or OpenCV read in it,
// without repeats. A reader's entry is a list of texts, or a note such as
// "<wechat: …>" when it could not run; notes are left out. Files that
// neither reader read map to an empty list.
func ReaderTexts(dir string) (map[string][]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "EXPECTED-DECODES.json"))
	if err != nil {
		return nil, err
	}
	var exp struct {
		Files map[string]struct {
			Zbar   json.RawMessage `json:"zbarimg"`
			Wechat json.RawMessage `json:"wechat"`
		} `json:"files"`
	}
	if err := json.Unmarshal(b, &exp); err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(exp.Files))
	for name, f := range exp.Files {
		var z, w []string
		_ = json.Unmarshal(f.Zbar, &z) // a note instead of a list: the reader failed
		_ = json.Unmarshal(f.Wechat, &w)
		want := []string{}
		for _, s := range append(z, w...) {
			if !strings.HasPrefix(s, "<") && !slices.Contains(want, s) {
				want = append(want, s)
			}
		}
		out[name] = want
	}
	return out, nil
}

// GoQRCodes renders each text with go-qrcode, as [GoQRCode] does.
func GoQRCodes(texts []string) ([]Modules, error) {
	codes := make([]Modules, 0, len(texts))
	for _, s := range texts {
		m, err := GoQRCode(s)
		if err != nil {
			return nil, err
		}
		codes = append(codes, m)
	}
	return codes, nil
}
