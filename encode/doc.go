// Package encode writes accounts out for people and apps: otpauth:// URL
// lists, JSON, CSV and tables, QR code images, QR codes drawn in a terminal,
// printable HTML sheets, Google Authenticator migration batches and other
// apps' backup files.
//
// Functions take [otpmigrate.Account] values and an [io.Writer]; they never
// touch files or the terminal themselves, so that the caller decides where
// secrets go.
package encode
