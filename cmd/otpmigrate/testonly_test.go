package main

// testOnlySetup runs in the otpmigrate process of testscript tests before
// run: the place for test-only settings such as a lower scrypt work factor.
func testOnlySetup() {
	scryptWorkFactor = 4 // age's default takes a second per run
}
