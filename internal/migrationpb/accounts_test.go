package migrationpb

import "testing"

// TestEnumsRoundTrip: every value the export defines is read, and every
// value but UNSPECIFIED is written back as itself, so that a value added
// to migration.proto cannot be forgotten here.
func TestEnumsRoundTrip(t *testing.T) {
	checkEnum(t, "algorithm", MigrationPayload_Algorithm_name, MigrationPayload_ALGORITHM_UNSPECIFIED, Algorithm, AlgorithmOf)
	checkEnum(t, "digit count", MigrationPayload_DigitCount_name, MigrationPayload_DIGIT_COUNT_UNSPECIFIED, Digits, DigitsOf)
	checkEnum(t, "OTP type", MigrationPayload_OtpType_name, MigrationPayload_OTP_TYPE_UNSPECIFIED, Type, TypeOf)
	if _, ok := Algorithm(99); ok {
		t.Error("an undefined algorithm value is read")
	}
}

func checkEnum[P ~int32, A comparable](t *testing.T, what string, names map[int32]string, unspecified P, read func(P) (A, bool), write func(A) (P, bool)) {
	t.Helper()
	for v := range names {
		x := P(v)
		a, ok := read(x)
		if !ok {
			t.Errorf("%s %v is not read", what, x)
			continue
		}
		if back, _ := write(a); back != x && x != unspecified {
			t.Errorf("%s %v is written back as %v", what, x, back)
		}
	}
}
