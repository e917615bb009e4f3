package apify

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The retry policy in one place: which answers are retried, how long to
// wait between attempts, and what is returned when attempts run out.

// retryPolicy retries 429, 5xx (but 501) and transport failures, including
// a body cut off mid-read, and stops at once when the context ends. An
// oversized body is refused, not retried: it would be as large next time.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if _, ok := errors.AsType[*ResponseTooLargeError](err); ok {
		return false, err
	}
	return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
}

// backoff honours Retry-After on 429 and 503 (in seconds or as an HTTP
// date) up to MaxRetryAfter. Otherwise it waits minWait doubling with each
// attempt up to maxWait, spread by ±25% so that parallel reads hitting the
// same fault do not retry in lockstep.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if hasRetryAfter(resp) {
		return min(retryablehttp.DefaultBackoff(minWait, MaxRetryAfter, attempt, resp), MaxRetryAfter)
	}
	wait := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, nil)
	jittered := wait*3/4 + rand.N(wait/2+1)
	return min(jittered, maxWait)
}

func hasRetryAfter(resp *http.Response) bool {
	return resp != nil &&
		(resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) &&
		resp.Header.Get("Retry-After") != ""
}

// gaveUpError carries the number of attempts out of retryablehttp when it
// stops without success. err is nil when the last answer was a retryable
// status; the response then comes with it.
type gaveUpError struct {
	attempts int
	err      error
}

func (e *gaveUpError) Error() string {
	if e.err == nil {
		return "gave up after retries"
	}
	return e.err.Error()
}

func (e *gaveUpError) Unwrap() error { return e.err }

// keepLastResponse is retryablehttp's ErrorHandler: it hands back the last
// response, so that the error can quote the API's own status and message.
func keepLastResponse(resp *http.Response, err error, attempts int) (*http.Response, error) {
	return resp, &gaveUpError{attempts: attempts, err: err}
}
