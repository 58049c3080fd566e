package verify

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/synth"
)

func randomAccounts(t testing.TB, n int) []otpmigrate.Account {
	r := rand.New(rand.NewPCG(5, 6))
	var out []otpmigrate.Account
	for range n {
		a, err := otpmigrate.Parse(synth.RandomOTPURL(r))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func accountPNG(a otpmigrate.Account) ([]byte, error) {
	var buf bytes.Buffer
	q, err := encode.NewQR(a.URL(), encode.DefaultLevel)
	if err == nil {
		err = q.WritePNG(&buf, 0)
	}
	return buf.Bytes(), err
}

// TestAccountPNGs checks that the PNGs returned are the ones made, in
// order, each read back, and that a failure is reported for the first
// account in order that failed, as a loop would, whatever the scheduling.
func TestAccountPNGs(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	accounts := randomAccounts(t, 24)
	made := make([][]byte, len(accounts))
	pngs, err := AccountPNGs(accounts, func(i int) ([]byte, error) {
		p, err := accountPNG(accounts[i])
		made[i] = p
		return p, err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range accounts {
		if !bytes.Equal(pngs[i], made[i]) || len(pngs[i]) == 0 {
			t.Fatalf("PNG %d is not the one made for account %d", i, i)
		}
	}

	failAt := func(i int) error { return fmt.Errorf("make %d failed", i) }
	for _, tc := range []struct {
		name      string
		render    func(i int) ([]byte, error)
		wantIndex int
		wantCheck bool
	}{
		{"make fails", func(i int) ([]byte, error) {
			if i == 7 || i == 19 {
				return nil, failAt(i)
			}
			return accountPNG(accounts[i])
		}, 7, false},
		{"wrong code", func(i int) ([]byte, error) {
			if i == 11 || i == 3 {
				return accountPNG(accounts[i+1])
			}
			if i == 20 {
				return nil, failAt(i)
			}
			return accountPNG(accounts[i])
		}, 3, true},
	} {
		_, err := AccountPNGs(accounts, tc.render)
		var ie *ItemError
		if !errors.As(err, &ie) || ie.Index != tc.wantIndex || ie.Check != tc.wantCheck {
			t.Errorf("%s: got %v (%+v), want account %d failing (check %v)", tc.name, err, ie, tc.wantIndex, tc.wantCheck)
		}
	}
}

// BenchmarkAccountPNGs is export --qr-dir without the files: making and
// reading back 100 account codes.
func BenchmarkAccountPNGs(b *testing.B) {
	accounts := randomAccounts(b, 100)
	for b.Loop() {
		if _, err := AccountPNGs(accounts, func(i int) ([]byte, error) { return accountPNG(accounts[i]) }); err != nil {
			b.Fatal(err)
		}
	}
}
