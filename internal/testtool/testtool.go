// Package testtool lets tests use outside programs (zbarimg, age, oathtool,
// chromium…): a test skips with a reason when the program is missing, and
// fails instead when OTPMIGRATE_REQUIRE_TOOLS=1, which CI sets after
// installing them, so that a green CI run means the check really ran.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Look returns the path of program name, or skips (or fails) t.
func Look(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if Required() {
		t.Fatalf("%s is not installed, and OTPMIGRATE_REQUIRE_TOOLS=1 requires it (.ci/run installs it)", name)
	}
	t.Skipf("%s is not installed; skipping (set OTPMIGRATE_REQUIRE_TOOLS=1 to make this a failure)", name)
	return ""
}

// Required reports whether missing tools must fail tests.
func Required() bool { return os.Getenv("OTPMIGRATE_REQUIRE_TOOLS") == "1" }

// SharedFixtures returns the folder of public fixtures from other projects
// (../shared/testdata-public from the repository root), or skips t when it
// is absent: those fixtures are not in this repository.
func SharedFixtures(t testing.TB, repoRoot string) string {
	t.Helper()
	dir := repoRoot + "/../shared/testdata-public"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared fixtures folder %s is absent; skipping the compatibility suite", dir)
	}
	return dir
}
