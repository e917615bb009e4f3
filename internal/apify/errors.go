package apify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The errors a call returns, built here so that every one names what was
// asked, what the API or the network answered, and how often it was tried,
// with the request's secrets redacted: the provider turns them into
// diagnostics without looking inside the body again.

// APIError is an answer from the Apify API with a status other than 2xx.
// Type and Message come from the API's error envelope
// ({"error": {"type": ..., "message": ...}}); when the body is not such an
// envelope, Type is empty and Message holds an excerpt of the body.
type APIError struct {
	StatusCode int
	Type       string
	Message    string
	// Attempts is how many requests were made before giving up; more than
	// one when the status was retryable (429 or 5xx).
	Attempts int
	// RetryAfter is set when the API asked to wait longer than the read had
	// time left, so the client stopped without waiting.
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the Apify API answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Type != "" {
		fmt.Fprintf(&b, " (%s)", e.Type)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " [after %d attempts]", e.Attempts)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " [the API asked to retry after %s, longer than the time left for this read]", e.RetryAfter)
	}
	return b.String()
}

// ErrorTypeRecordNotFound is the API's error type for an object that does
// not exist. A 404 of any other type, such as "page-not-found" for a path
// the API does not serve, says nothing about the object.
const ErrorTypeRecordNotFound = "record-not-found"

// IsNoAnswer reports whether err is a request that got no answer from the
// API: the connection failed or an attempt timed out, after every retry.
func IsNoAnswer(err error) bool { return isType[*RequestError](err) }

// IsStopped reports whether err is a call or a wait that its context ended
// before it finished.
func IsStopped(err error) bool { return isType[*StoppedError](err) }

// IsUnexpectedResponse reports whether err is an answer the client cannot
// take as the API's: a body that does not decode, one too large, a
// redirect to another origin, or a list that is not newest first.
func IsUnexpectedResponse(err error) bool {
	return isType[*DecodeError](err) || isType[*ResponseTooLargeError](err) || isType[*RedirectError](err) ||
		isType[*OrderError](err)
}

// IsNotFound reports whether err is the API's answer that the object asked
// for does not exist: 404 with the type record-not-found.
func IsNotFound(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	return ok && apiErr.StatusCode == http.StatusNotFound && apiErr.Type == ErrorTypeRecordNotFound
}

// IsWrongEndpoint reports whether err is a 404 that is not about the
// object: the API, or something in front of it, does not serve the path,
// as when the base URL has a path prefix it should not have.
func IsWrongEndpoint(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	return ok && apiErr.StatusCode == http.StatusNotFound && apiErr.Type != ErrorTypeRecordNotFound
}

// StoppedError is a request or a wait that ended because its context did:
// Terraform canceled the operation, or the operation's time limit ran
// out. errors.Is finds context.Canceled or context.DeadlineExceeded in it.
type StoppedError struct {
	Err error
}

func (e *StoppedError) Error() string {
	if errors.Is(e.Err, context.DeadlineExceeded) {
		return "the operation's time limit ran out"
	}
	return "Terraform canceled the operation"
}

func (e *StoppedError) Unwrap() error { return e.Err }

// IsUnauthorized reports whether err is an API answer of 401 or 403: the
// token is missing, wrong, or lacks a permission.
func IsUnauthorized(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	return ok && (apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden)
}

// RequestError is a request that got no usable answer: the connection
// failed, was reset, or the attempt ran out of time.
type RequestError struct {
	Attempts int
	// Timeout is the per-attempt limit, set when the last attempt exceeded it.
	Timeout time.Duration
	Err     error
}

func (e *RequestError) Error() string {
	var b strings.Builder
	b.WriteString("no answer from the Apify API")
	if e.Timeout > 0 {
		// The transport's own words ("context deadline exceeded (Client.Timeout
		// exceeded while awaiting headers)") add nothing to this.
		fmt.Fprintf(&b, " within the request timeout of %s", e.Timeout)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.Timeout == 0 {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *RequestError) Unwrap() error { return e.Err }

// RedirectError is a redirect to another scheme or host, which the client
// does not follow: the request carries the token.
type RedirectError struct {
	From, To string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("the Apify API at %s redirected to %s; the provider follows redirects only within the same "+
		"scheme and host, so that the token is never sent elsewhere. Set base_url to the address that answers", e.From, e.To)
}

// DecodeError is a 2xx answer whose body is not the JSON the endpoint
// documents: an HTML page from a proxy, a truncated body, a field of the
// wrong type.
type DecodeError struct {
	StatusCode int
	// Excerpt is the start of the body, made printable.
	Excerpt string
	// Problem says what is wrong, naming the field at fault.
	Problem string
	// Err is the decoder's own error, if it gave one.
	Err error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("the Apify API answered %d %s with a body that could not be read: %s; the body starts with: %q",
		e.StatusCode, http.StatusText(e.StatusCode), e.Problem, e.Excerpt)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// ResponseTooLargeError is a body longer than MaxResponseBytes. The client
// stops reading at the limit rather than hold an unbounded body in memory.
type ResponseTooLargeError struct {
	Limit int64
}

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("the Apify API response is larger than the limit of %d MiB; the provider stopped reading it", e.Limit>>20)
}

const excerptBytes = 200

// excerpt returns the start of body as a single printable line, short
// enough for a diagnostic.
func excerpt(body []byte) string {
	cut := body
	if len(cut) > excerptBytes {
		cut = cut[:excerptBytes]
		// Back off to a rune boundary so no character is cut in half.
		for i := 0; i < utf8.UTFMax && len(cut) > 0 && !utf8.RuneStart(body[len(cut)]); i++ {
			cut = cut[:len(cut)-1]
		}
	}
	s := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(string(cut), "\uFFFD"))
	s = strings.TrimSpace(s)
	if len(cut) < len(body) {
		s += "…"
	}
	return s
}

func (c *Client) apiError(status int, body []byte, attempts int, secrets []string) *APIError {
	apiErr := &APIError{StatusCode: status, Attempts: attempts}
	var envelope struct {
		Error *struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &envelope) == nil && envelope.Error != nil {
		apiErr.Type = envelope.Error.Type
		apiErr.Message = c.redact(envelope.Error.Message, secrets)
	} else {
		apiErr.Message = c.redact(excerpt(body), secrets)
	}
	return apiErr
}

func isType[E error](err error) bool {
	_, ok := errors.AsType[E](err)
	return ok
}

func (c *Client) requestError(err error, attempts int) *RequestError {
	reqErr := &RequestError{Attempts: attempts, Err: err}
	if netErr, ok := errors.AsType[net.Error](err); ok && netErr.Timeout() {
		reqErr.Timeout = c.timeout
	}
	return reqErr
}
