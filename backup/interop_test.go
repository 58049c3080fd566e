package backup

import (
	"io/fs"

	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	agetest "c2sp.org/CCTV/age"

	"filippo.io/age"
	"filippo.io/age/armor"
	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// ageTTY runs the age command with input typed on a terminal: age reads
// passphrases only from a terminal, so the command runs under script(1),
// which gives it a pseudo-terminal fed from our standard input.
func ageTTY(t *testing.T, dir, typed string, args ...string) {
	t.Helper()
	agePath := testtool.Look(t, "age")
	scriptPath := testtool.Look(t, "script")
	cmdline := shellQuote(agePath)
	for _, a := range args {
		cmdline += " " + shellQuote(a)
	}
	cmd := exec.Command(scriptPath, "-qec", cmdline, "/dev/null")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(typed)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("age %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func ageCmd(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(testtool.Look(t, "age"), args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("age %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAgeDecryptsOurs: the stock age command recovers a backup without
// otpmigrate, by passphrase and by key, binary and armored.
func TestAgeDecryptsOurs(t *testing.T) {
	dir := t.TempDir()
	accounts := shapes()
	want := MarshalText(accounts, created)

	t.Run("passphrase", func(t *testing.T) {
		for _, armored := range []bool{false, true} {
			data := seal(t, accounts, []age.Recipient{passphraseRecipient(t, "tr0ub4dor&3 horse")}, SealOptions{Created: created, Armor: armored})
			writeFile(t, filepath.Join(dir, "pass.age"), data)
			os.Remove(filepath.Join(dir, "pass.txt"))
			ageTTY(t, dir, "tr0ub4dor&3 horse\n", "-d", "-o", "pass.txt", "pass.age")
			if got := readFile(t, filepath.Join(dir, "pass.txt")); !bytes.Equal(got, want) {
				t.Errorf("armor %v: age -d gave %d bytes, want %d", armored, len(got), len(want))
			}
		}
	})
	t.Run("age-keygen key", func(t *testing.T) {
		keygen := testtool.Look(t, "age-keygen")
		key := filepath.Join(dir, "key.txt")
		os.Remove(key)
		if out, err := exec.Command(keygen, "-o", key).CombinedOutput(); err != nil {
			t.Fatalf("age-keygen: %v\n%s", err, out)
		}
		ids, err := ParseIdentities(bytes.NewReader(readFile(t, key)))
		if err != nil {
			t.Fatal(err)
		}
		rec := ids[0].(*age.X25519Identity).Recipient()
		for _, armored := range []bool{false, true} {
			writeFile(t, filepath.Join(dir, "key.age"), seal(t, accounts, []age.Recipient{rec}, SealOptions{Created: created, Armor: armored}))
			if got := ageCmd(t, dir, "-d", "-i", "key.txt", "key.age"); !bytes.Equal(got, want) {
				t.Errorf("armor %v: age -d -i gave other bytes", armored)
			}
		}
	})
	for _, kind := range []string{"ed25519", "rsa"} {
		t.Run("ssh-"+kind, func(t *testing.T) {
			keygen := testtool.Look(t, "ssh-keygen")
			key := filepath.Join(dir, "id_"+kind)
			os.Remove(key)
			os.Remove(key + ".pub")
			if out, err := exec.Command(keygen, "-q", "-t", kind, "-N", "", "-C", "test@example", "-f", key).CombinedOutput(); err != nil {
				t.Fatalf("ssh-keygen: %v\n%s", err, out)
			}
			recs, err := ParseRecipients(bytes.NewReader(readFile(t, key+".pub")))
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "ssh.age"), seal(t, accounts, recs, SealOptions{Created: created}))
			if got := ageCmd(t, dir, "-d", "-i", "id_"+kind, "ssh.age"); !bytes.Equal(got, want) {
				t.Errorf("age -d -i %s gave other bytes", key)
			}
			// ssh-keygen's private key opens both our backup and one that
			// age -R made.
			ids, err := ParseIdentities(bytes.NewReader(readFile(t, key)))
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := Open(bytes.NewReader(readFile(t, filepath.Join(dir, "ssh.age"))), Keys{Identities: ids})
			if err != nil {
				t.Fatal(err)
			}
			sameAccounts(t, got, accounts)
			writeFile(t, filepath.Join(dir, "plain.txt"), want)
			ageCmd(t, dir, "-R", key+".pub", "-o", "by-age.age", "plain.txt")
			got, _, err = Open(bytes.NewReader(readFile(t, filepath.Join(dir, "by-age.age"))), Keys{Identities: ids})
			if err != nil {
				t.Fatalf("open what age -R made: %v", err)
			}
			sameAccounts(t, got, accounts)
			os.Remove(filepath.Join(dir, "by-age.age"))
		})
	}
}

// TestWeOpenAges: otpmigrate opens what the age command made from a text
// file of URIs, by passphrase and by key.
func TestWeOpenAges(t *testing.T) {
	dir := t.TempDir()
	text := "# exported by hand\notpauth://totp/GitHub:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub\n" +
		"otpauth://steam/Steam:gaben?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Steam\n"
	writeFile(t, filepath.Join(dir, "codes.txt"), []byte(text))

	t.Run("age -p", func(t *testing.T) {
		if testing.Short() {
			t.Skip("-short: age -p seals at age's full scrypt cost (about 10 s here)")
		}
		ageTTY(t, dir, "a long passphrase\na long passphrase\n", "-p", "-o", "p.age", "codes.txt")
		got, info, err := Open(bytes.NewReader(readFile(t, filepath.Join(dir, "p.age"))), passphraseKeys("a long passphrase"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[1].Type != otpmigrate.Steam || !info.Plain || !info.Passphrase {
			t.Errorf("got %d accounts, info %+v", len(got), info)
		}
	})
	t.Run("age -r -a", func(t *testing.T) {
		x, _ := age.GenerateX25519Identity()
		ageCmd(t, dir, "-r", x.Recipient().String(), "-a", "-o", "r.age", "codes.txt")
		got, info, err := Open(bytes.NewReader(readFile(t, filepath.Join(dir, "r.age"))), Keys{Identities: []age.Identity{x}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !info.Armored || info.Passphrase {
			t.Errorf("got %d accounts, info %+v", len(got), info)
		}
	})
}

// TestCCTV opens the C2SP CCTV age vectors (module c2sp.org/CCTV/age, as
// age's own tests take them) that use a passphrase through Open: those that
// must succeed hold arbitrary bytes, not a backup, so they must get as far
// as ErrNotBackup (the decryption worked); the others must fail before
// that.
func TestCCTV(t *testing.T) {
	files, err := fs.ReadDir(agetest.Vectors, ".")
	if err != nil || len(files) == 0 {
		t.Fatalf("no CCTV vectors: %v", err)
	}
	passphrase := 0
	for _, f := range files {
		data, err := fs.ReadFile(agetest.Vectors, f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("\npassphrase: ")) {
			passphrase++
		}
		t.Run(f.Name(), func(t *testing.T) {
			hdr, body := parseVector(t, data)
			pass := hdr["passphrase"]
			if pass == "" {
				t.Skip("not a passphrase vector")
			}
			var plain []byte
			_, _, err := Open(bytes.NewReader(body), Keys{Passphrase: func() ([]byte, error) { return []byte(pass), nil }})
			switch hdr["expect"] {
			case "success":
				if !errors.Is(err, ErrNotBackup) && err != nil {
					t.Fatalf("Open: %v, want a successful decryption", err)
				}
				// The payload hash proves the decryption itself.
				id, _ := age.NewScryptIdentity(pass)
				src := bytes.NewReader(body)
				var r io.Reader = src
				if bytes.HasPrefix(body, []byte("-----BEGIN")) {
					r = armor.NewReader(src)
				}
				dr, err := age.Decrypt(r, id)
				if err != nil {
					t.Fatal(err)
				}
				plain, _ = readCapped(dr)
				sum := sha256.Sum256(plain)
				if hex.EncodeToString(sum[:]) != hdr["payload"] {
					t.Errorf("payload hash differs")
				}
			case "no match":
				if !errors.Is(err, ErrWrongPassphrase) && !errors.Is(err, ErrNoIdentity) {
					t.Errorf("Open: %v, want ErrWrongPassphrase or ErrNoIdentity", err)
				}
			default:
				if err == nil || errors.Is(err, ErrNotBackup) {
					t.Errorf("Open: %v, want a failure before decryption (%s)", err, hdr["expect"])
				}
			}
		})
	}
	if passphrase < 10 {
		t.Errorf("only %d passphrase vectors", passphrase)
	}
}

func parseVector(t *testing.T, data []byte) (map[string]string, []byte) {
	hdr := map[string]string{}
	r := bufio.NewReader(bytes.NewReader(data))
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal("vector without a blank line")
		}
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			break
		}
		k, v, _ := strings.Cut(line, ": ")
		hdr[k] = v
	}
	body, _ := readCapped(r)
	return hdr, body
}
