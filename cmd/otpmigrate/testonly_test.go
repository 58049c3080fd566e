package main

import "time"

// testOnlySetup runs in the otpmigrate process of testscript tests before
// run: the place for test-only settings such as a lower scrypt work factor.
func testOnlySetup() {
	// The printed sheet's date, so that scripts can compare it.
	now = func() time.Time { return time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC) }
}
