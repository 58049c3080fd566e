//go:build qrscanablate

package qrscan

import (
	"os"
	"slices"
	"strings"
)

// The benchmark measures what each step of the cascade gains and costs by
// leaving it out: built with -tags qrscanablate, the steps named in
// OTPMIGRATE_QRSCAN_SKIP (comma-separated) are skipped. Release builds
// read no environment (ablate_off.go).
var skipped = strings.Split(os.Getenv("OTPMIGRATE_QRSCAN_SKIP"), ",")

func skip(step string) bool { return slices.Contains(skipped, step) }
