// Package bench holds the QR reading benchmark: gen writes a corpus of
// distorted synthetic exports, run compares otpmigrate with zbar and OpenCV's
// WeChat decoder on it.
// See README.md; run.sh does everything.
package bench

//go:generate go run ./gen -n 3 -seed 2026 -o corpus/seed-2026
