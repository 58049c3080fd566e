package encode

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

// ErrEmptyPassword is returned when an encrypted backup is asked for with
// an empty password.
var ErrEmptyPassword = errors.New("empty password")

func randReader(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}

// uuid4 returns a random (version 4) UUID, as the apps give entries.
func uuid4(r io.Reader) (string, error) { return appformat.RandomUUID(r) }

// checkAccounts validates accounts before they are written, naming a bad
// one by position and issuer, never by name or secret.
func checkAccounts(accounts []otpmigrate.Account) error {
	for i, a := range accounts {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("account %d (%q): %v", i+1, a.Issuer, err)
		}
	}
	return nil
}
