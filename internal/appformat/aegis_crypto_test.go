package appformat

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"
)

// TestAegisSealOpen: what SealAegis writes opens with the same password,
// and not with another; a changed db fails authentication.
func TestAegisSealOpen(t *testing.T) {
	db := []byte(`{"version":3,"entries":[],"groups":[]}`)
	h, sealed, err := SealAegis(rand.Reader, db, []byte("pw"), 1<<4)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Slots) != 1 || h.Slots[0].Type != AegisSlotPassword || h.Slots[0].N != 1<<4 || h.Slots[0].R != AegisScryptR {
		t.Fatalf("header %+v", h)
	}
	slot, err := ParseAegisSlot(h.Slots[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := slot.Open([]byte("other")); !errors.Is(err, ErrAegisSlotKey) {
		t.Errorf("wrong password: %v", err)
	}
	master, err := slot.Open([]byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseAegisDB(h.Params, sealed)
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.Open(master)
	if err != nil || !bytes.Equal(got, db) {
		t.Fatalf("opened %q, %v", got, err)
	}
	d.Sealed[0] ^= 1
	if _, err := d.Open(master); err == nil {
		t.Error("a changed db opened")
	}
	if _, err := ParseAegisDB(nil, sealed); err == nil {
		t.Error("a db without params parsed")
	}
	bad := h.Slots[0]
	bad.Salt = ""
	if _, err := ParseAegisSlot(bad); err == nil {
		t.Error("a slot without salt parsed")
	}
}
