package contact

import (
	"errors"
	"fmt"
)

// Error codes. Only the HTTP layer maps them to statuses (contacthttp.status),
// so the domain and the stores never think in HTTP.
const (
	EINVALID     = "invalid"     // the inquiry fails validation (per-field messages in Fields)
	EMALFORMED   = "malformed"   // the body cannot be parsed, or is not UTF-8
	ETOOLARGE    = "too_large"   // the body is over the size limit
	EUNSUPPORTED = "unsupported" // the content type is not one we parse
	EFORBIDDEN   = "forbidden"   // a cross-site post from an origin not allowed
	ENOTFOUND    = "not_found"   // no such path or record
	EMETHOD      = "method"      // the HTTP method is not allowed on the path
	ECONFLICT    = "conflict"    // the request clashes with stored state
	EGONE        = "gone"        // what the request is about is over: expired, answered, deleted
	ERATELIMIT   = "rate_limit"  // the client posts too often
	EINTERNAL    = "internal"    // anything else: a bug or an outage, logged
)

// Error is the one error type of the contact capability. Message is safe to
// show to the person who posted; internal errors carry a generic one.
type Error struct {
	Code    string
	Message string
	// Fields maps a form field to the key of its problem (see FieldRequired
	// etc.), for EINVALID; the HTTP layer turns keys into words per language.
	Fields map[string]string
	// RetryAfter is how long a rate-limited client should wait, in seconds.
	RetryAfter int
	// Text, if set, is the theme string that words Message for a reader
	// in a site language, with Args (a time.Time among them is written as
	// the language writes it). Message stays for logs and the command line,
	// where no language is at hand.
	Text string
	Args []any
}

// Worded sets the theme string and arguments that word e for a reader.
func (e *Error) Worded(text string, args ...any) *Error {
	e.Text, e.Args = text, args
	return e
}

// Error implements error.
func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("contact error: code=%s message=%s fields=%v", e.Code, e.Message, e.Fields)
	}
	return fmt.Sprintf("contact error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the *Error in err's chain, EINTERNAL for any
// other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the human message of the *Error in err's chain, and a
// generic one for any other error, so internals never leak to clients.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// Wrap adds context to *errp once per function (pkgsite derrors style:
// `defer contact.Wrap(&err, "save %s", id)`), leaving *Error values untouched
// so their codes and client-safe messages survive.
func Wrap(errp *error, format string, args ...any) {
	var e *Error
	if *errp != nil && !errors.As(*errp, &e) {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
