// Command gen writes the benchmark corpus: synthetic authenticator exports
// in every distortion class, and manifest.json with the texts each holds.
//
//	go run ./bench/gen -n 2 -o bench/corpus
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/otpmigrate/otpmigrate/internal/synth"
)

// Entry is one image of the corpus.
type Entry struct {
	File     string   `json:"file"`
	Class    string   `json:"class"`
	Accounts int      `json:"accounts"`
	Encoder  string   `json:"encoder"`
	Texts    []string `json:"texts"`
}

func main() {
	n := flag.Int("n", 2, "images per class, account count and encoder")
	out := flag.String("o", "bench/corpus", "output folder")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	r := rand.New(rand.NewPCG(*seed, 42))
	encoders := []struct {
		name string
		enc  func(string) (synth.Modules, error)
	}{{"goqrcode", synth.GoQRCode}, {"qrencode", synth.QREncode}}
	var manifest []Entry
	for _, class := range synth.Classes {
		for _, accounts := range []int{1, 5, 10} {
			for _, e := range encoders {
				for i := 0; i < *n; i++ {
					texts := []string{synth.ExportURI(r, accounts), synth.ExportURI(r, 1+r.IntN(3))}
					var codes []synth.Modules
					for _, t := range texts {
						m, err := e.enc(t)
						if err != nil {
							log.Fatalf("%s: %v", e.name, err)
						}
						codes = append(codes, m)
					}
					img := synth.Make(class, r, codes, texts)
					name := fmt.Sprintf("%s-%02d-%s-%d.%s", class, accounts, e.name, i, img.Ext)
					if err := os.WriteFile(filepath.Join(*out, name), img.Data, 0o644); err != nil {
						log.Fatal(err)
					}
					manifest = append(manifest, Entry{File: name, Class: class, Accounts: accounts, Encoder: e.name, Texts: img.Texts})
				}
			}
		}
	}
	// Pictures without a code, which must give up quickly, and one 12 MP
	// phone photo for the whole-command measurement.
	for _, class := range []string{"nocode", "nocode-photo"} {
		for i := 0; i < *n*3; i++ {
			img := synth.Make(class, r, nil, nil)
			name := fmt.Sprintf("%s-%d.%s", class, i, img.Ext)
			if err := os.WriteFile(filepath.Join(*out, name), img.Data, 0o644); err != nil {
				log.Fatal(err)
			}
			manifest = append(manifest, Entry{File: name, Class: class})
		}
	}
	text := synth.ExportURI(r, 10)
	m, err := synth.GoQRCode(text)
	if err != nil {
		log.Fatal(err)
	}
	big := synth.Make("photo12mp", r, []synth.Modules{m}, []string{text})
	if err := os.WriteFile(filepath.Join(*out, "photo12mp.jpg"), big.Data, 0o644); err != nil {
		log.Fatal(err)
	}
	manifest = append(manifest, Entry{File: "photo12mp.jpg", Class: "photo12mp", Accounts: 10, Encoder: "goqrcode", Texts: big.Texts})
	b, err := json.MarshalIndent(manifest, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "manifest.json"), b, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %d images to %s\n", len(manifest), *out)
}
