package encode_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

var sheetDate = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

func sheetHTML(t testing.TB, accounts []otpmigrate.Account) []byte {
	t.Helper()
	var buf bytes.Buffer
	s, err := encode.NewSheet(accounts, encode.SheetOptions{Date: sheetDate})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSheetGolden(t *testing.T) {
	golden(t, "sheet.golden.html", sheetHTML(t, sampleAccounts()))
}

// TestSheetSelfContained checks what the page promises: nothing loaded from
// outside, no script, the header, and each account whole on a page.
func TestSheetSelfContained(t *testing.T) {
	html := string(sheetHTML(t, roundTripAccounts()))
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "href=", "javascript:"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("sheet contains %q", bad)
		}
	}
	// The only URL is SVG's namespace name, which is never fetched.
	for _, u := range regexp.MustCompile(`https?://[^"' ]*`).FindAllString(html, -1) {
		if u != "http://www.w3.org/2000/svg" {
			t.Errorf("sheet refers to %s", u)
		}
	}
	for _, want := range []string{
		"break-inside:avoid", "page-break-inside:avoid", "@media print",
		"Made 2026-01-02", "7 accounts", "holds the secrets",
		"GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
		"SHA512, 8 digits, 60 s", "MD5, 6 digits, counter 1099511627776", "STEAM",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("sheet lacks %q", want)
		}
	}
	if n := strings.Count(html, "<svg "); n != 7 {
		t.Errorf("%d QR codes, want 7", n)
	}
}

func TestSheetEscapes(t *testing.T) {
	evil := otpmigrate.NewTOTP(`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, rfcSecret)
	html := string(sheetHTML(t, []otpmigrate.Account{evil}))
	if strings.Contains(html, "<script>") || strings.Contains(html, "<img") {
		t.Errorf("account text reached the page unescaped:\n%s", html)
	}
	if !strings.Contains(html, "1 account</p>") {
		t.Error("singular count missing")
	}
}

func TestSheetCodes(t *testing.T) {
	accounts := roundTripAccounts()
	s, err := encode.NewSheet(accounts, encode.SheetOptions{Date: sheetDate})
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range s.Codes {
		if q.Text() != accounts[i].URL() {
			t.Errorf("code %d holds %q", i+1, q.Text())
		}
	}
	if _, err := encode.NewSheet([]otpmigrate.Account{otpmigrate.NewTOTP("A", "b", nil)}, encode.SheetOptions{}); err == nil || !strings.HasPrefix(err.Error(), "account 1: ") {
		t.Errorf("bad account: err = %v", err)
	}
}

// chromium runs Debian's headless chromium with no network, profile or
// extras; args add the output.
func chromium(t *testing.T, args ...string) {
	t.Helper()
	bin := testtool.Look(t, "chromium")
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	// A browser that hangs must fail the test, not stall it for ten minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
}

// TestSheetInChromium renders the sheet in a real browser, to a screenshot
// and to PDF, and reads every QR code back from the screenshot.
func TestSheetInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts a browser per sheet")
	}
	dir := t.TempDir()
	for _, tt := range []struct {
		name     string
		accounts []otpmigrate.Account
	}{
		{"sample", sampleAccounts()},
		{"mixed", roundTripAccounts()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := filepath.Join(dir, tt.name+".html")
			if err := os.WriteFile(page, sheetHTML(t, tt.accounts), 0o600); err != nil {
				t.Fatal(err)
			}
			shot := filepath.Join(dir, tt.name+".png")
			rows := (len(tt.accounts) + 1) / 2
			chromium(t, "--screenshot="+shot, fmt.Sprintf("--window-size=1100,%d", 220+rows*250), "file://"+page)
			img, err := os.ReadFile(shot)
			if err != nil {
				t.Fatal(err)
			}
			texts, err := decode.ScanImage(img)
			if err != nil {
				t.Fatalf("scan screenshot: %v", err)
			}
			var want []string
			for _, a := range tt.accounts {
				want = append(want, a.URL())
			}
			var got []string
			for _, s := range texts {
				a, err := otpmigrate.Parse(s)
				if err != nil {
					t.Fatalf("screenshot holds a code that is no account: %v", err)
				}
				got = append(got, a.URL())
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("screenshot codes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if tt.name == "sample" {
				writeDoc(t, "sheet.png", img)
			}

			pdf := filepath.Join(dir, tt.name+".pdf")
			chromium(t, "--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+page)
			data, err := os.ReadFile(pdf)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data, []byte("/Type /Page")) {
				t.Error("chromium wrote no PDF pages")
			}
		})
	}
}

// TestSheetPrintPages prints a sheet that needs several pages to PDF in
// chromium, rasterises each page with Ghostscript and reads the codes on
// it: every account's code is found exactly once and whole, so the print
// style kept each account on one page.
func TestSheetPrintPages(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: prints the sheet in a browser and splits it with Ghostscript")
	}
	gs := testtool.Look(t, "gs")
	dir := t.TempDir()
	accounts := manyAccounts(9)
	page := filepath.Join(dir, "sheet.html")
	if err := os.WriteFile(page, sheetHTML(t, accounts), 0o600); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "sheet.pdf")
	chromium(t, "--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+page)
	out, err := exec.Command(gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray", "-r150",
		"-sOutputFile="+filepath.Join(dir, "page-%d.png"), pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("gs: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pages) < 2 {
		t.Fatalf("%d pages, want several: the test needs page breaks", len(pages))
	}
	seen := map[string]int{}
	for _, p := range pages {
		img, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts, err := decode.ScanImage(img)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(p), err)
		}
		for _, s := range texts {
			seen[s]++
		}
	}
	for i, a := range accounts {
		if seen[a.URL()] != 1 {
			t.Errorf("account %d found %d times on the printed pages", i+1, seen[a.URL()])
		}
	}
}
