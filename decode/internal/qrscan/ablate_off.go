//go:build !qrscanablate

package qrscan

// skip reports whether a step of the cascade is left out: never, unless
// built for the benchmark's ablation (ablate.go).
func skip(string) bool { return false }
