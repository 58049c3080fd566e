package migrationpb

import "github.com/otpmigrate/otpmigrate"

// The export's enums paired with the account model's values, for the
// decoder and the encoder alike. Not generated: keep this file when
// regenerating migration.pb.go.

type pair[P, A comparable] struct {
	pb P
	a  A
}

// UNSPECIFIED is read as the app reads it (SHA1, 6 digits, TOTP) and never
// written: each value written is the explicit one, listed first.
var (
	algorithms = []pair[MigrationPayload_Algorithm, otpmigrate.Algorithm]{
		{MigrationPayload_ALGORITHM_SHA1, otpmigrate.SHA1},
		{MigrationPayload_ALGORITHM_SHA256, otpmigrate.SHA256},
		{MigrationPayload_ALGORITHM_SHA512, otpmigrate.SHA512},
		{MigrationPayload_ALGORITHM_MD5, otpmigrate.MD5},
		{MigrationPayload_ALGORITHM_UNSPECIFIED, otpmigrate.SHA1},
	}
	digitCounts = []pair[MigrationPayload_DigitCount, int]{
		{MigrationPayload_DIGIT_COUNT_SIX, 6},
		{MigrationPayload_DIGIT_COUNT_EIGHT, 8},
		{MigrationPayload_DIGIT_COUNT_UNSPECIFIED, 6},
	}
	otpTypes = []pair[MigrationPayload_OtpType, otpmigrate.Type]{
		{MigrationPayload_OTP_TYPE_TOTP, otpmigrate.TOTP},
		{MigrationPayload_OTP_TYPE_HOTP, otpmigrate.HOTP},
		{MigrationPayload_OTP_TYPE_UNSPECIFIED, otpmigrate.TOTP},
	}
)

func toModel[P, A comparable](pairs []pair[P, A], v P) (A, bool) {
	for _, p := range pairs {
		if p.pb == v {
			return p.a, true
		}
	}
	var zero A
	return zero, false
}

func fromModel[P, A comparable](pairs []pair[P, A], v A) (P, bool) {
	for _, p := range pairs {
		if p.a == v {
			return p.pb, true
		}
	}
	var zero P
	return zero, false
}

// Algorithm returns the account algorithm of x; ok is false for a value
// the export format does not define.
func Algorithm(x MigrationPayload_Algorithm) (alg otpmigrate.Algorithm, ok bool) {
	return toModel(algorithms, x)
}

// Digits returns the code length of x; ok is false for a value the export
// format does not define.
func Digits(x MigrationPayload_DigitCount) (n int, ok bool) { return toModel(digitCounts, x) }

// Type returns the account type of x; ok is false for a value the export
// format does not define.
func Type(x MigrationPayload_OtpType) (t otpmigrate.Type, ok bool) { return toModel(otpTypes, x) }

// AlgorithmOf returns the export's value for alg; ok is false when the
// export has none.
func AlgorithmOf(alg otpmigrate.Algorithm) (MigrationPayload_Algorithm, bool) {
	return fromModel(algorithms, alg)
}

// DigitsOf returns the export's value for n digits; ok is false when the
// export has none (only 6 and 8 exist).
func DigitsOf(n int) (MigrationPayload_DigitCount, bool) { return fromModel(digitCounts, n) }

// TypeOf returns the export's value for t; ok is false when the export has
// none (Steam).
func TypeOf(t otpmigrate.Type) (MigrationPayload_OtpType, bool) { return fromModel(otpTypes, t) }
