package decode

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
)

// twoPartExport is a 2-part export with batch_id 1217841385 (the one in
// the issue): part 1 holds a and b, part 2 holds c.
func twoPartExport(t *testing.T) (part1, part2 string, a, b, c otpmigrate.Account) {
	sa, sb, sc := []byte("secret-a-0123456789"), []byte("secret-b-0123456789"), []byte("secret-c-0123456789")
	part1 = migrationURI(t, batch(1217841385, 2, 0, otp("ACME", "a", sa), otp("ACME", "b", sb)))
	part2 = migrationURI(t, batch(1217841385, 2, 1, otp("Other", "c", sc)))
	return part1, part2, otpmigrate.NewTOTP("ACME", "a", sa), otpmigrate.NewTOTP("ACME", "b", sb), otpmigrate.NewTOTP("Other", "c", sc)
}

func text(name string, lines ...string) Input {
	return Input{Name: name, Data: []byte(strings.Join(lines, "\n") + "\n")}
}

func TestDecodeBatches(t *testing.T) {
	p1, p2, a, b, c := twoPartExport(t)
	single := otpmigrate.NewTOTP("Solo", "s", []byte("secret-s-0123456789"))
	singleURI := migrationURI(t, batch(1217841385, 1, 0, otp("Solo", "s", single.Secret))) // same ID, other export
	x1 := migrationURI(t, batch(-5, 3, 0, otp("X", "1", []byte("secret-x1-012345678"))))
	x2 := migrationURI(t, batch(-5, 3, 1, otp("X", "2", []byte("secret-x2-012345678"))))
	x3 := migrationURI(t, batch(-5, 3, 2, otp("X", "3", []byte("secret-x3-012345678"))))
	xs := []otpmigrate.Account{
		otpmigrate.NewTOTP("X", "1", []byte("secret-x1-012345678")),
		otpmigrate.NewTOTP("X", "2", []byte("secret-x2-012345678")),
		otpmigrate.NewTOTP("X", "3", []byte("secret-x3-012345678")),
	}
	plain := otpmigrate.NewTOTP("Plain", "p", hello)
	tests := []struct {
		name   string
		inputs []Input
		want   []otpmigrate.Account
		dups   int
	}{
		{"in order", []Input{text("t", p1, p2)}, []otpmigrate.Account{a, b, c}, 0},
		{"reversed", []Input{text("t", p2, p1)}, []otpmigrate.Account{a, b, c}, 0},
		{"across inputs", []Input{text("2.txt", p2), text("1.txt", p1)}, []otpmigrate.Account{a, b, c}, 0},
		{"part given twice", []Input{text("t", p1, p2, p1), text("u", p2)}, []otpmigrate.Account{a, b, c}, 0},
		{"several exports", []Input{text("t", x3, p2, singleURI, x1), text("u", p1, x2)}, []otpmigrate.Account{xs[0], xs[1], xs[2], a, b, c, single}, 0},
		{"plain URIs keep their place", []Input{text("t", plain.URL(), p2, p1)}, []otpmigrate.Account{plain, a, b, c}, 0},
		{"same account twice", []Input{text("t", p1, p2), text("u", a.URL())}, []otpmigrate.Account{a, b, c}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Decode(tt.inputs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !equalAccounts(res.Accounts, tt.want) {
				t.Errorf("accounts:\n%v\nwant\n%v", res.Accounts, tt.want)
			}
			if res.Duplicates != tt.dups || len(res.Incomplete) != 0 {
				t.Errorf("duplicates %d, incomplete %v", res.Duplicates, res.Incomplete)
			}
		})
	}
}

func TestDecodeIncomplete(t *testing.T) {
	p1, p2, a, b, _ := twoPartExport(t)
	x1 := migrationURI(t, batch(-5, 4, 0, otp("X", "1", []byte("secret-x1-012345678"))))
	x3 := migrationURI(t, batch(-5, 4, 2, otp("X", "3", []byte("secret-x3-012345678"))))
	tests := []struct {
		name   string
		inputs []Input
		want   string
	}{
		{"missing part 2", []Input{text("t", p1)}, "incomplete export: export 1217841385: have part 1 of 2, missing part 2"},
		{"missing part 1", []Input{text("t", p2)}, "incomplete export: export 1217841385: have part 2 of 2, missing part 1"},
		{"missing part 1 given twice", []Input{text("t", p2, p2)}, "incomplete export: export 1217841385: have part 2 of 2, missing part 1"},
		{"two exports incomplete", []Input{text("t", p1), text("u", x3, x1)},
			"incomplete export: export 1217841385: have part 1 of 2, missing part 2; export -5: have parts 1, 3 of 4, missing parts 2, 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.inputs, Options{})
			if err == nil || !errors.Is(err, ErrIncomplete) {
				t.Fatalf("err = %v, want ErrIncomplete", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error %q\nwant  %q", err, tt.want)
			}
			assertNoSecret(t, err.Error(), a.Secret, b.Secret)
		})
	}

	res, err := Decode([]Input{text("t", p1)}, Options{AllowPartial: true})
	if err != nil {
		t.Fatalf("AllowPartial: %v", err)
	}
	if !equalAccounts(res.Accounts, []otpmigrate.Account{a, b}) {
		t.Errorf("AllowPartial accounts = %v", res.Accounts)
	}
	if len(res.Incomplete) != 1 || res.Incomplete[0].String() != "export 1217841385: have part 1 of 2, missing part 2" {
		t.Errorf("AllowPartial incomplete = %v", res.Incomplete)
	}
}

func TestAssemble(t *testing.T) {
	acc := func(n string) otpmigrate.Account { return otpmigrate.NewTOTP("A", n, []byte("secret-"+n)) }
	part := func(id, size, index int32, names ...string) Part {
		p := Payload{Version: 1, BatchID: id, BatchSize: size, BatchIndex: index}
		for _, n := range names {
			p.Accounts = append(p.Accounts, acc(n))
		}
		return Part{Source: fmt.Sprintf("in: QR code %d", index+1), Payload: p}
	}
	parts := []Part{part(9, 3, 2, "5"), part(1, 1, 0, "s"), part(9, 3, 0, "1", "2"), part(9, 3, 0, "1", "2"), part(9, 3, 1, "3", "4")}
	got, incomplete, err := Assemble(parts, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []otpmigrate.Account{acc("1"), acc("2"), acc("3"), acc("4"), acc("5"), acc("s")}
	if !equalAccounts(got, want) || len(incomplete) != 0 {
		t.Errorf("Assemble = %v, %v", got, incomplete)
	}

	got, incomplete, _ = Assemble(parts[:2], false)
	if !equalAccounts(got, []otpmigrate.Account{acc("s")}) || len(incomplete) != 1 {
		t.Fatalf("Assemble incomplete = %v, %v", got, incomplete)
	}
	in := incomplete[0]
	if in.String() != "export 9: have part 3 of 3, missing parts 1, 2" || in.Sources[0] != "in: QR code 3" {
		t.Errorf("incomplete = %q, sources %q", in, in.Sources)
	}
	got, _, _ = Assemble(parts[:2], true)
	if !equalAccounts(got, []otpmigrate.Account{acc("5"), acc("s")}) {
		t.Errorf("Assemble allowPartial = %v", got)
	}

	// Two different codes that both claim part 1 of export 9 come from
	// two exports: an error naming both, not a silent mix.
	other := part(9, 3, 0, "other")
	other.Source = "b.png"
	for _, allow := range []bool{false, true} {
		_, _, err = Assemble(append(slices.Clone(parts), other), allow)
		if !errors.Is(err, ErrConflictingParts) || !strings.Contains(err.Error(), `"in: QR code 1" and "b.png" both claim to be part 1 of 3 of export 9`) {
			t.Errorf("conflicting parts (allowPartial %v): %v", allow, err)
		}
	}
	part1, part2, _, _, _ := twoPartExport(t)
	impostor := migrationURI(t, batch(1217841385, 2, 0, otp("Evil", "x", []byte("secret-x-0123456789"))))
	_, err = Decode([]Input{text("a.txt", part1, part2), text("b.txt", impostor)}, Options{AllowPartial: true})
	if !errors.Is(err, ErrConflictingParts) || !strings.Contains(err.Error(), `"a.txt: line 1" and "b.txt: line 1" both claim to be part 1 of 2`) {
		t.Errorf("Decode of conflicting parts: %v", err)
	}
}

func TestIncompleteString(t *testing.T) {
	tests := []struct {
		in   Incomplete
		want string
	}{
		{Incomplete{BatchID: 1217841385, Size: 2, Have: []int32{0}}, "export 1217841385: have part 1 of 2, missing part 2"},
		{Incomplete{BatchID: -1, Size: 3, Have: []int32{1}}, "export -1: have part 2 of 3, missing parts 1, 3"},
		{Incomplete{BatchID: 5, Size: 40, Have: []int32{0, 5}}, "export 5: have parts 1, 6 of 40, missing parts 2-5, 7-40"},
		{Incomplete{BatchID: 5, Size: 6, Have: []int32{0, 1, 2, 5}}, "export 5: have parts 1-3, 6 of 6, missing parts 4, 5"},
		{Incomplete{BatchID: 5, Size: MaxBatchSize, Have: []int32{MaxBatchSize - 1}}, "export 5: have part 1000 of 1000, missing parts 1-999"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("String = %q\nwant     %q", got, tt.want)
		}
	}
}
