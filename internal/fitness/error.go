package fitness

import (
	"errors"
	"fmt"
	"sort"
)

// Error codes. Every error a service returns to an adapter carries one.
const (
	EInvalid      = "invalid"      // bad input; Fields says which and why
	ENotFound     = "not_found"    // does not exist, or the asker may not see it
	EConflict     = "conflict"     // stale version or duplicate
	EForbidden    = "forbidden"    // the asker may see it but not do this
	EUnauthorized = "unauthorized" // not signed in
	EInternal     = "internal"     // anything else; details are logged, not shown
)

// Error is an error with a code and a message safe to show to the person
// who caused it. Fields holds field-level messages for EInvalid.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := fmt.Sprintf("%s: %s", e.Code, e.Message)
	for _, k := range keys {
		s += fmt.Sprintf("; %s: %s", k, e.Fields[k])
	}
	return s
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, or EInternal if err is not an *Error.
// It returns "" for a nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the safe message of err, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Sorry, something went wrong. Try again later."
}

// ErrorFields returns the field-level messages of err, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// FieldErrors collects field-level validation messages.
type FieldErrors map[string]string

// Add records msg for field unless the field already has a message.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns an EInvalid *Error when any field has a message, else nil.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: "There is a problem with what you entered", Fields: map[string]string(f)}
}
