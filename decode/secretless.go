package decode

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNoSecret is returned (wrapped) by [Decode] for a code that enrols a
// device with a sign-in service, such as a Microsoft work or school
// account's phonefactor:// code, instead of holding a one-time-password
// secret. Such a code cannot be exported or moved: the account has to be
// enrolled again on the new phone. The error says what the code is and
// its [Error.Hint] how to enrol again.
var ErrNoSecret = errors.New("it holds no one-time-password secret that can be exported or moved")

// secretless is a kind of enrolment code that holds no OTP secret.
type secretless struct {
	what string // what the code is, for "…: the QR code is <what>"
	hint string // how to get the account onto the new phone
}

var (
	// Microsoft Authenticator's work or school account enrolment: the QR
	// code of "Set up Microsoft Authenticator" on a sign-in page holds
	// phonefactor://activate_account?code=…&url=… (an activation code
	// and the server to activate it with), or a login.microsoftonline.com
	// …activateAccount… link. What the app then holds is a device key for
	// push approval, and Microsoft's own app does not export it.
	msEnrolment = secretless{
		what: "a Microsoft work or school account enrolment code (Microsoft Authenticator push sign-in)",
		hint: `enrol the new phone again: sign in at https://mysignins.microsoft.com/security-info and add a sign-in method, ` +
			`or ask your admin to "require re-register MFA" if the old phone is gone; choose "I want to use a different ` +
			`authenticator app" to get a standard code that otpmigrate can read and keep`,
	}
	// Authy's own registration (authy://account?token=<JWT>), which
	// sites using Twilio's Authy API show: it links the Authy app to the
	// site's account, and the codes come from Twilio's servers, not from
	// a secret in the code.
	authyRegistration = secretless{
		what: "an Authy registration code (authy://)",
		hint: "enrol the new phone again in the site's security settings; where the site offers a standard " +
			"authenticator app (a QR code for any app), choose that to get a code otpmigrate can read and keep",
	}
)

// findSecretless reports whether text holds a secret-less enrolment code,
// anywhere in it (a pasted note, a link). It never returns any part of the
// text: the activation code in it can be as sensitive as a password.
func findSecretless(text string) (secretless, bool) {
	lower := strings.ToLower(text)
	switch {
	case strings.Contains(lower, "phonefactor://"):
		return msEnrolment, true
	case strings.Contains(lower, "authy://"):
		return authyRegistration, true
	}
	for _, host := range []string{"login.microsoftonline.com/", "mobileappcommunicator.auth.microsoft.com/"} {
		if i := strings.Index(lower, host); i >= 0 {
			rest := lower[i+len(host):]
			if end := strings.IndexAny(rest, " \t\r\n\"'<>"); end >= 0 {
				rest = rest[:end]
			}
			if strings.Contains(rest, "activate") {
				return msEnrolment, true
			}
		}
	}
	return secretless{}, false
}

// secretlessError is what classify returns for a secret-less code; the
// caller makes an [Error] of it, naming the input.
type secretlessError struct{ s secretless }

func (e secretlessError) Error() string { return fmt.Sprintf("this is %s; %v", e.s.what, ErrNoSecret) }
func (e secretlessError) Unwrap() error { return ErrNoSecret }

// inputError returns the decoding error for the code found in input at
// where.
func (s secretless) inputError(input, where string) *Error {
	return &Error{Input: input, Where: where, Err: secretlessError{s}, Advice: s.hint}
}
