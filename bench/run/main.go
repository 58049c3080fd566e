// Command run benchmarks otpmigrate's QR reader against zbar and OpenCV's
// WeChat decoder on the corpus written by bench/gen and on the shared
// real-world fixtures, printing per class the share of images fully read
// and the median time per image.
//
//	go run ./bench/run -corpus bench/corpus -shared ../shared/testdata-public
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/internal/synth"
)

type entry struct {
	File  string   `json:"file"`
	Class string   `json:"class"`
	Texts []string `json:"texts"`
	path  string
}

// others is what zbar and WeChat read in one file, and their times; nil
// when not run.
type others struct {
	Zbar    []string      `json:"zbar"`
	ZbarT   time.Duration `json:"zbar_ns"`
	Wechat  []string      `json:"wechat"`
	WechatT time.Duration `json:"wechat_ns"`
}

type stats struct {
	n, ours, zbar, wechat, oursWrong, zbarWrong, wechatWrong int
	oursT, zbarT, wechatT                                    []time.Duration
}

func main() {
	corpus := flag.String("corpus", "bench/corpus", "folder written by bench/gen")
	shared := flag.String("shared", "../shared/testdata-public", "real-world fixtures with EXPECTED-DECODES.json")
	noZbar := flag.Bool("nozbar", false, "skip zbar")
	noWechat := flag.Bool("nowechat", false, "skip OpenCV's WeChat decoder")
	python := flag.String("python", "/usr/bin/python3", "a python with cv2 (Debian python3-opencv)")
	cacheFile := flag.String("cache", "", "keep zbar's and WeChat's answers in this file (default: others.json in the corpus)")
	only := flag.String("class", "", "only this class")
	verbose := flag.Bool("v", false, "list every miss")
	urls := flag.Int("urls", 0, "instead, read back this many random otpauth URLs rendered by go-qrcode")
	flag.Parse()
	runtime.LockOSThread()
	if *urls > 0 {
		readBack(*urls)
		return
	}
	var entries []entry
	if b, err := os.ReadFile(filepath.Join(*corpus, "manifest.json")); err == nil {
		if err := json.Unmarshal(b, &entries); err != nil {
			log.Fatal(err)
		}
		for i := range entries {
			entries[i].path = filepath.Join(*corpus, entries[i].File)
		}
	}
	rw, known := realWorld(*shared)
	entries = append(entries, rw...)
	zbar := !*noZbar
	if _, err := exec.LookPath("zbarimg"); err != nil {
		zbar = false
	}
	var zbarStart time.Duration
	if zbar {
		zbarStart = startup()
	}
	var wc *wechat
	if !*noWechat {
		var err error
		if wc, err = startWechat(*python); err != nil {
			fmt.Fprintf(os.Stderr, "no WeChat column: %v\n", err)
			wc = nil
		} else {
			defer wc.close()
		}
	}
	if *cacheFile == "" {
		*cacheFile = filepath.Join(*corpus, "others.json")
	}
	cache := map[string]others{}
	if b, err := os.ReadFile(*cacheFile); err == nil {
		_ = json.Unmarshal(b, &cache) // a damaged cache is rebuilt
	}
	per := map[string]*stats{}
	var classes []string
	for _, e := range entries {
		if *only != "" && e.Class != *only {
			continue
		}
		data, err := os.ReadFile(e.path)
		if err != nil {
			log.Fatal(err)
		}
		s := per[e.Class]
		if s == nil {
			s = &stats{}
			per[e.Class] = s
			classes = append(classes, e.Class)
		}
		s.n++
		c0 := threadCPU()
		got, _ := decode.ScanImage(data)
		s.oursT = append(s.oursT, threadCPU()-c0)
		allowed := e.Texts
		if e.Class == "realworld" {
			allowed = known
		}
		ok, wrong := judge(e.Texts, allowed, got)
		if ok {
			s.ours++
		} else if *verbose {
			fmt.Printf("miss %s (%d of %d)\n", e.File, len(got), len(e.Texts))
		}
		if wrong {
			s.oursWrong++
			fmt.Printf("WRONG otpmigrate %s\n", e.File)
		}
		// The other readers' answers depend only on the file: they are
		// cached by its hash, so that tuning re-runs only otpmigrate.
		key := fmt.Sprintf("%x", sha256.Sum256(data))
		o, cached := cache[key]
		if zbar && o.Zbar == nil {
			cmd := exec.Command("zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", e.path)
			out, _ := cmd.Output()
			o.ZbarT = childCPU(cmd) - zbarStart
			o.Zbar = []string{}
			for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
				if l != "" {
					o.Zbar = append(o.Zbar, l)
				}
			}
			cached = false
		}
		if wc != nil && o.Wechat == nil {
			wt, d, err := wc.read(e.path)
			if err != nil {
				log.Fatal(err)
			}
			o.Wechat, o.WechatT = append([]string{}, wt...), d
			cached = false
		}
		if !cached {
			cache[key] = o
		}
		if zbar {
			s.zbarT = append(s.zbarT, o.ZbarT)
			ok, wrong := judge(e.Texts, allowed, o.Zbar)
			if ok {
				s.zbar++
			}
			if wrong {
				s.zbarWrong++
			}
		}
		if wc != nil {
			s.wechatT = append(s.wechatT, o.WechatT)
			ok, wrong := judge(e.Texts, allowed, o.Wechat)
			if ok {
				s.wechat++
			}
			if wrong {
				s.wechatWrong++
			}
		}
	}
	if *cacheFile != "" && (zbar || wc != nil) {
		if b, err := json.Marshal(cache); err == nil {
			_ = os.WriteFile(*cacheFile, b, 0o644)
		}
	}
	// A Markdown table, for bench/README.md as it is.
	fmt.Println("| class | images | otpmigrate read | median | zbar read | median | WeChat read | median |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	tot := &stats{}
	for _, c := range classes {
		s := per[c]
		row(c, s, zbar, wc != nil)
		tot.n += s.n
		tot.ours += s.ours
		tot.zbar += s.zbar
		tot.wechat += s.wechat
		tot.oursWrong += s.oursWrong
		tot.zbarWrong += s.zbarWrong
		tot.wechatWrong += s.wechatWrong
		tot.oursT = append(tot.oursT, s.oursT...)
		tot.zbarT = append(tot.zbarT, s.zbarT...)
		tot.wechatT = append(tot.wechatT, s.wechatT...)
	}
	row("**all**", tot, zbar, wc != nil)
	fmt.Printf("\nwrong texts: otpmigrate %d, zbar %d, WeChat %d\n", tot.oursWrong, tot.zbarWrong, tot.wechatWrong)
	var sum time.Duration
	for _, d := range tot.oursT {
		sum += d
	}
	fmt.Printf("otpmigrate CPU time over all images: %.2f s\n", sum.Seconds())
	fmt.Print("times are median CPU time per image, image decoding included")
	if zbar {
		fmt.Printf("; zbar's exclude its %.1f ms process start", ms(zbarStart))
	}
	if wc != nil {
		fmt.Print("; WeChat's are measured inside one long-lived python process")
	}
	fmt.Println()
}

// readBack renders random otpauth URLs with go-qrcode's PNG writer and
// reads each back: a clean code must always be read.
func readBack(n int) {
	r := rand.New(rand.NewPCG(3000, 1))
	ok := 0
	var d []time.Duration
	for i := 0; i < n; i++ {
		u := synth.RandomOTPURL(r)
		data, err := synth.GoQRCodePNG(u)
		if err != nil {
			log.Fatal(err)
		}
		c0 := threadCPU()
		got, err := decode.ScanImage(data)
		d = append(d, threadCPU()-c0)
		if err == nil && len(got) == 1 && got[0] == u {
			ok++
		} else {
			fmt.Printf("miss URL %d (%d chars)\n", i, len(u))
		}
	}
	fmt.Printf("random otpauth URLs read back: %d of %d, median %.1f ms\n", ok, n, ms(median(d)))
}

func row(c string, s *stats, zbar, wechat bool) {
	z, zt, w, wt := "-", "-", "-", "-"
	if zbar {
		z = fmt.Sprintf("%.1f%%", pct(s.zbar, s.n))
		zt = fmt.Sprintf("%.1f ms", ms(median(s.zbarT)))
	}
	if wechat {
		w = fmt.Sprintf("%.1f%%", pct(s.wechat, s.n))
		wt = fmt.Sprintf("%.1f ms", ms(median(s.wechatT)))
	}
	fmt.Printf("| %s | %d | %.1f%% | %.1f ms | %s | %s | %s | %s |\n", c, s.n, pct(s.ours, s.n), ms(median(s.oursT)), z, zt, w, wt)
}

// judge reports whether every expected text was read and whether any text
// read is not expected. A code holding non-UTF-8 bytes counts as read when
// the reader returned bytes for it: readers decode such bytes differently.
func judge(want, allowed, got []string) (ok, wrong bool) {
	ok = true
	for _, w := range want {
		found := slices.Contains(got, w)
		if !found && !isASCII(w) {
			for _, g := range got {
				if !utf8.ValidString(g) || !isASCII(g) {
					found = true
				}
			}
		}
		ok = ok && found
	}
	for _, g := range got {
		if !slices.Contains(allowed, g) && isASCII(g) && utf8.ValidString(g) {
			wrong = true
		}
	}
	return ok, wrong
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func childCPU(cmd *exec.Cmd) time.Duration {
	if cmd.ProcessState == nil {
		return 0
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

func pct(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// startup measures zbarimg's process start on a blank image, so that its
// times are comparable with an in-process call.
func startup() time.Duration {
	f := filepath.Join(os.TempDir(), "otpmigrate-bench-blank.pgm")
	if err := os.WriteFile(f, append([]byte("P5 8 8 255\n"), bytes.Repeat([]byte{255}, 64)...), 0o644); err != nil {
		return 0
	}
	defer os.Remove(f)
	var d []time.Duration
	for i := 0; i < 9; i++ {
		cmd := exec.Command("zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", f)
		_ = cmd.Run()
		d = append(d, childCPU(cmd))
	}
	return median(d)
}

// realWorld lists the shared fixtures whose codes zbar or OpenCV read, with
// those texts as expected, and every text any fixture is known to hold (a
// reader may read a code in a small copy that zbar and OpenCV only read in
// the large one).
func realWorld(dir string) ([]entry, []string) {
	expected, err := synth.ReaderTexts(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		log.Fatal(err)
	}
	var out []entry
	var known []string
	for name, want := range expected {
		known = append(known, want...)
		if len(want) == 0 || !decode.IsImage(must(os.ReadFile(filepath.Join(dir, name)))) {
			continue
		}
		out = append(out, entry{File: name, Class: "realworld", Texts: want, path: filepath.Join(dir, name)})
	}
	slices.SortFunc(out, func(a, b entry) int { return strings.Compare(a.File, b.File) })
	return out, known
}

func must(b []byte, err error) []byte {
	if err != nil {
		return nil
	}
	return b
}
