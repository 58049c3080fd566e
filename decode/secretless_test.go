package decode

import (
	"errors"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate/internal/synth"
)

// Enrolment codes as sites show them. The activation codes and tokens are
// made up; none of them, nor the URLs, may appear in a message.
const (
	phonefactor   = "phonefactor://activate_account?code=518227904&url=https%3a%2f%2fmobileappcommunicator.auth.microsoft.com%2factivate%2f987654321%2fWEU"
	msActivate    = "https://login.microsoftonline.com/common/activateAccount?code=518227904&tenant=contoso"
	msCommunicate = "https://mobileappcommunicator.auth.microsoft.com/activate/987654321/WEU"
	authyToken    = "authy://account?token=eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJzZWNyZXQtdG9rZW4ifQ.c2lnbmF0dXJl"
	plainOTP      = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"
)

func TestDecodeSecretless(t *testing.T) {
	png := func(text string) []byte {
		data, err := synth.GoQRCodePNG(text)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	tests := []struct {
		name  string
		data  []byte
		what  string // in the error
		where string
	}{
		{"phonefactor text", []byte(phonefactor), "Microsoft work or school account enrolment", "line 1"},
		{"phonefactor in a note", []byte("# from IT\nscan this: <" + phonefactor + ">\n"), "Microsoft work or school", "line 2"},
		{"activateAccount link", []byte(msActivate + "\n"), "Microsoft work or school", "line 1"},
		{"communicator link", []byte(msCommunicate), "Microsoft work or school", "line 1"},
		{"upper case", []byte(strings.ToUpper(phonefactor[:14]) + phonefactor[14:]), "Microsoft work or school", "line 1"},
		{"authy text", []byte(authyToken), "Authy registration", "line 1"},
		{"phonefactor PNG", png(phonefactor), "Microsoft work or school", ""},
		{"activateAccount PNG", png(msActivate), "Microsoft work or school", ""},
		{"authy PNG", png(authyToken), "Authy registration", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]Input{{Name: "in", Data: tt.data}}, Options{})
			var e *Error
			if !errors.Is(err, ErrNoSecret) || !errors.As(err, &e) {
				t.Fatalf("err = %v, want ErrNoSecret in an *Error", err)
			}
			msg := err.Error()
			if e.Input != "in" || e.Where != tt.where || !strings.Contains(msg, tt.what) || !strings.Contains(msg, "no one-time-password secret") {
				t.Errorf("error %q (where %q)", msg, e.Where)
			}
			if !strings.Contains(e.Advice, "enrol the new phone again") || !strings.Contains(e.Advice, "otpmigrate can read and keep") {
				t.Errorf("hint %q", e.Advice)
			}
			if strings.Contains(tt.what, "Microsoft") && !strings.Contains(e.Advice, "require re-register MFA") {
				t.Errorf("hint %q does not name the admin's way", e.Advice)
			}
			for _, s := range []string{"518227904", "987654321", "eyJ", "c2lnbmF0dXJl", "contoso", "activate_account", "account?token", "microsoftonline"} {
				if strings.Contains(msg, s) {
					t.Errorf("error %q quotes the code (%q)", msg, s)
				}
			}
		})
	}
}

// TestDecodeSecretlessBeside: next to real accounts, an enrolment code is
// skipped with a warning, in text and in an image with several codes.
func TestDecodeSecretlessBeside(t *testing.T) {
	res, err := Decode([]Input{{Name: "notes.txt", Data: []byte(phonefactor + "\n" + plainOTP + "\n")}}, Options{})
	if err != nil || len(res.Accounts) != 1 {
		t.Fatalf("Decode = %v, %v", res.Accounts, err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `"notes.txt": line 1 is a Microsoft work or school`) ||
		!strings.Contains(res.Warnings[0], "skipped") || strings.Contains(res.Warnings[0], "518227904") {
		t.Errorf("warnings %q", res.Warnings)
	}

	items, warns, err := decodeQRTexts(Input{Name: "shot.png"}, []string{plainOTP, authyToken})
	if err != nil || len(items) != 1 || len(warns) != 1 || !strings.Contains(warns[0], "QR code 2 is an Authy registration code") ||
		strings.Contains(warns[0], "eyJ") {
		t.Errorf("decodeQRTexts = %d items, %q, %v", len(items), warns, err)
	}
}

// TestFindSecretlessNot: links and URIs that merely look alike are not
// taken for enrolment codes.
func TestFindSecretlessNot(t *testing.T) {
	for _, text := range []string{
		"https://login.microsoftonline.com/common/oauth2/authorize",
		"https://example.com/activate",
		"see login.microsoftonline.com/ for activation help", // "activation" is past the link
		"otpauth-migration://offline?data=",
		"phonefactor", "authy",
	} {
		if s, ok := findSecretless(text); ok {
			t.Errorf("findSecretless(%q) = %q", text, s.what)
		}
	}
}
