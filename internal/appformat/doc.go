// Package appformat holds what the decoder and the encoder both need to know
// about other authenticator apps' backup files: the JSON schemas of Aegis
// vaults and 2FAS backups, the constants those apps fix, and their AES-GCM
// sealing. decode and encode must not import each other, so the one
// description of each format lives here.
//
// The structs carry every field either side uses. Fields only a reader looks
// at are omitempty, so that a writer that leaves them zero writes what the
// app itself writes.
package appformat
