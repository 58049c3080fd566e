package main

import (
	"os"
	"time"
)

// testOnlySetup runs in the otpmigrate process of testscript tests before
// run: the place for test-only settings such as a lower scrypt work factor.
func testOnlySetup() {
	// A fixed clock for the code command (RFC 3339), so that scripts
	// never depend on the wall clock.
	if s := os.Getenv("OTPMIGRATE_TEST_NOW"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic("OTPMIGRATE_TEST_NOW: " + err.Error())
		}
		now = func() time.Time { return t }
	}
	testOnlyAppsSetup()
}
