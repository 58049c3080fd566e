package input

import (
	"errors"
	"fmt"
	"os"

	"filippo.io/age"
	"github.com/otpmigrate/otpmigrate/backup"
)

// ReadRecipients reads the public keys in each file (-R), one per line as
// age -R reads them.
func ReadRecipients(files []string) ([]age.Recipient, error) {
	var recs []age.Recipient
	for _, name := range files {
		op := fmt.Sprintf("read recipients file %q", name)
		f, err := os.Open(name)
		if err != nil {
			return nil, &Error{Op: op, Err: PlainErr(err)}
		}
		rs, err := backup.ParseRecipients(f)
		f.Close()
		if err != nil {
			return nil, &Error{Op: op, Err: err}
		}
		recs = append(recs, rs...)
	}
	return recs, nil
}

// ReadIdentities reads the private keys in each file (-i): age identities
// or an unencrypted SSH key.
func ReadIdentities(files []string) ([]age.Identity, error) {
	var ids []age.Identity
	for _, name := range files {
		op := fmt.Sprintf("read identity file %q", name)
		f, err := os.Open(name)
		if err != nil {
			return nil, &Error{Op: op, Err: PlainErr(err)}
		}
		is, err := backup.ParseIdentities(f)
		f.Close()
		if err != nil {
			e := &Error{Op: op, Err: err}
			if errors.Is(err, backup.ErrEncryptedSSHKey) {
				e.Advice = fmt.Sprintf("decrypt with age instead: age -d -i %s FILE | otpmigrate decode -", name)
			}
			return nil, e
		}
		ids = append(ids, is...)
	}
	return ids, nil
}
