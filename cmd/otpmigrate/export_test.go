package main

import (
	"path/filepath"
	"testing"
)

func TestExportExitCodes(t *testing.T) {
	dir := t.TempDir()
	url := "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"urls", []string{"export", "--urls", url}, exitOK},
		{"qr-dir", []string{"export", "--qr-dir", filepath.Join(dir, "qr"), url}, exitOK},
		{"no output", []string{"export", url}, exitUsage},
		{"two outputs", []string{"export", "--urls", "--terminal", url}, exitUsage},
		{"bad level", []string{"export", "--urls", "--level", "Z", url}, exitUsage},
		{"bad per-qr", []string{"export", "--urls", "--per-qr", "0", url}, exitUsage},
		{"no input", []string{"export", "--urls"}, exitUsage},
		{"exists", []string{"export", "--qr-dir", filepath.Join(dir, "qr"), url}, exitFailure},
		{"not a terminal", []string{"export", "--terminal", url}, exitFailure},
		{"no account for GA", []string{"export", "--google-authenticator", filepath.Join(dir, "ga"), "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&period=60"}, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkExit(t, tt.args, tt.want, "JBSWY3DPEHPK3PXP")
		})
	}
}
