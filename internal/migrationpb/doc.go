// Package migrationpb holds the protobuf messages of Google Authenticator's
// "Transfer accounts" export, shared by the decoder and the encoder.
//
// migration.pb.go is generated; regenerate it after editing migration.proto
// (needs protoc and protoc-gen-go v1.36.12 on PATH). accounts.go is written
// by hand: it pairs the export's enums with the account model's values.
package migrationpb

//go:generate protoc --go_out=. --go_opt=paths=source_relative migration.proto
