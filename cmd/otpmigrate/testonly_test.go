package main

import (
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/otpmigrate/otpmigrate/internal/safefile"
)

// testOnlySetup runs in the otpmigrate process of testscript tests before
// run: the place for test-only settings such as a lower scrypt work factor.
func testOnlySetup() {
	// A fixed clock (RFC 3339 in OTPMIGRATE_TEST_NOW, else a fixed date for
	// the printed sheet), so that scripts never depend on the wall clock.
	fixed := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	if s := os.Getenv("OTPMIGRATE_TEST_NOW"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic("OTPMIGRATE_TEST_NOW: " + err.Error())
		}
		fixed = t
	}
	now = func() time.Time { return fixed }
	testOnlyAppsSetup()
	scryptWorkFactor = 4 // age's default takes a second per run
	// For the tests that run several otpmigrate processes or signal one:
	// a pause after backup --add has read the backup, and a marker file
	// written (then a long pause) halfway through writing a backup.
	if d, err := time.ParseDuration(os.Getenv("OTPMIGRATE_TEST_ADD_PAUSE")); err == nil {
		testOnlyAfterRead = func() { time.Sleep(d) }
	}
	// OTPMIGRATE_TEST_WRITEALL=N:MARKER pauses a set of files once N of
	// them are in place (0: all prepared, none in place).
	if at, marker, ok := strings.Cut(os.Getenv("OTPMIGRATE_TEST_WRITEALL"), ":"); ok {
		n, _ := strconv.Atoi(at)
		safefile.TestHookWriteAll = func(committed int) {
			if committed == n {
				os.WriteFile(marker, nil, 0o600)
				time.Sleep(time.Minute)
			}
		}
	}
	if marker := os.Getenv("OTPMIGRATE_TEST_FILLED"); marker != "" {
		testOnlyFilled = func() {
			os.WriteFile(marker, nil, 0o600)
			time.Sleep(time.Minute)
		}
	}
	if marker := os.Getenv("OTPMIGRATE_TEST_MID_WRITE"); marker != "" {
		testOnlyMidWrite = func() {
			os.WriteFile(marker, nil, 0o600)
			time.Sleep(time.Minute)
		}
	}
}
