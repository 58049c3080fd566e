package migrationpb

import "testing"

// TestEnumsRoundTrip: every value the export defines is read, and every
// value but UNSPECIFIED is written back as itself, so that a value added
// to migration.proto cannot be forgotten here.
func TestEnumsRoundTrip(t *testing.T) {
	for v := range MigrationPayload_Algorithm_name {
		x := MigrationPayload_Algorithm(v)
		alg, ok := Algorithm(x)
		if !ok {
			t.Errorf("algorithm %v is not read", x)
			continue
		}
		if back, _ := AlgorithmOf(alg); back != x && x != MigrationPayload_ALGORITHM_UNSPECIFIED {
			t.Errorf("algorithm %v is written back as %v", x, back)
		}
	}
	for v := range MigrationPayload_DigitCount_name {
		x := MigrationPayload_DigitCount(v)
		n, ok := Digits(x)
		if !ok {
			t.Errorf("digit count %v is not read", x)
			continue
		}
		if back, _ := DigitsOf(n); back != x && x != MigrationPayload_DIGIT_COUNT_UNSPECIFIED {
			t.Errorf("digit count %v is written back as %v", x, back)
		}
	}
	for v := range MigrationPayload_OtpType_name {
		x := MigrationPayload_OtpType(v)
		typ, ok := Type(x)
		if !ok {
			t.Errorf("OTP type %v is not read", x)
			continue
		}
		if back, _ := TypeOf(typ); back != x && x != MigrationPayload_OTP_TYPE_UNSPECIFIED {
			t.Errorf("OTP type %v is written back as %v", x, back)
		}
	}
	if _, ok := Algorithm(99); ok {
		t.Error("an undefined algorithm value is read")
	}
}
