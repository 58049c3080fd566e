// Command gen writes the benchmark corpus: synthetic authenticator exports
// in every distortion class, and manifest.json with the texts each holds.
//
//	go run ./bench/gen -n 3 -seed 2026 -o bench/corpus
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

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
	seed := flag.Uint64("seed", 1, "random seed: tune on one, report on another")
	only := flag.String("class", "", "only these classes (comma-separated)")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	// Each class draws from its own stream, so that adding a class or
	// changing -n for one leaves the others' images as they were.
	stream := func(class string) *rand.Rand {
		h := fnv.New64a()
		h.Write([]byte(class))
		return rand.New(rand.NewPCG(*seed, h.Sum64()))
	}
	encoders := []struct {
		name string
		enc  func(string, byte) (synth.Modules, error)
	}{{"goqrcode", synth.GoQRCodeLevel}, {"qrencode", synth.QREncodeLevel}}
	var manifest []Entry
	for _, class := range append(slices.Clone(synth.Classes), synth.HardClasses...) {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), class) {
			continue
		}
		r := stream(class)
		for _, accounts := range synth.ClassAccounts(class) {
			for _, e := range encoders {
				for i := 0; i < *n; i++ {
					texts := []string{synth.ExportURI(r, accounts), synth.ExportURI(r, 1+r.IntN(3))}
					var codes []synth.Modules
					for _, t := range texts {
						// Level M as Google Authenticator; the
						// largest single-code exports only fit at L.
						m, err := e.enc(t, 'M')
						if err != nil {
							m, err = e.enc(t, 'L')
						}
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
		if *only != "" && !slices.Contains(strings.Split(*only, ","), class) {
			continue
		}
		r := stream(class)
		for i := 0; i < *n*3; i++ {
			img := synth.Make(class, r, nil, nil)
			name := fmt.Sprintf("%s-%d.%s", class, i, img.Ext)
			if err := os.WriteFile(filepath.Join(*out, name), img.Data, 0o644); err != nil {
				log.Fatal(err)
			}
			manifest = append(manifest, Entry{File: name, Class: class})
		}
	}
	if *only == "" || slices.Contains(strings.Split(*only, ","), "photo12mp") {
		r := stream("photo12mp")
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
	}
	b, err := json.MarshalIndent(manifest, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "manifest.json"), b, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %d images to %s\n", len(manifest), *out)
}
