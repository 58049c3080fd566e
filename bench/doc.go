// Package bench holds the QR reading benchmark: gen writes a corpus of
// distorted synthetic exports, run compares otpmigrate with zbar on it.
// See README.md; run.sh does everything.
package bench

//go:generate go run ./gen -n 3 -o corpus
