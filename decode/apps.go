package decode

import "github.com/otpmigrate/otpmigrate"

// decodeApp recognises other apps' backup files by content and reads them.
// ok is false when the input is none of them. Each format adds itself here.
func decodeApp(in Input, opts Options) (accounts []otpmigrate.Account, warnings []string, ok bool, err error) {
	return nil, nil, false, nil
}
