package apify

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The retry policy in one place: which answers are retried, how long to
// wait between attempts, and what is returned when attempts run out.

// retryPolicy retries 429, 5xx (but 501) and transport failures, including
// a body cut off mid-read, and stops at once when the context ends. An
// oversized body is refused, not retried: it would be as large next time.
//
// A Retry-After longer than the context has left stops the retries at
// once: sleeping into the deadline would only hide the API's answer.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if isType[*ResponseTooLargeError](err) || isType[*RedirectError](err) {
		return false, err
	}
	retry, checkErr := retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	if wait, ok := retryAfter(resp); retry && ok {
		if deadline, has := ctx.Deadline(); has && time.Until(deadline) < wait {
			return false, &retryAfterTooLongError{wait: wait}
		}
	}
	return retry, checkErr
}

// retryRefusedOnly retries a request that is not idempotent only when the
// API certainly did not act on it: 429, or 503 with Retry-After, answers
// by which the API refuses a request before handling it. A connection
// that fails or times out after the request was sent may have reached the
// API, so it is not retried.
func retryRefusedOnly(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil || resp == nil {
		return false, err
	}
	refused := resp.StatusCode == http.StatusTooManyRequests ||
		(resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "")
	if !refused {
		return false, nil
	}
	return retryPolicy(ctx, resp, err)
}

// backoff honours Retry-After on 429 and 503 (in seconds or as an HTTP
// date) up to MaxRetryAfter. Otherwise it waits minWait doubling with each
// attempt up to maxWait, spread by ±25% so that parallel reads hitting the
// same fault do not retry in lockstep.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if wait, ok := retryAfter(resp); ok {
		return wait
	}
	wait := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, nil)
	jittered := wait*3/4 + rand.N(wait/2+1)
	return min(jittered, maxWait)
}

// retryAfter reads the Retry-After of a 429 or 503, in seconds or as an
// HTTP date, capped at MaxRetryAfter. A date in the past means now.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0, false
	}
	value := resp.Header.Get("Retry-After")
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil && seconds >= 0 {
		// Capped before converting, so that a huge value cannot overflow.
		return time.Duration(min(seconds, int64(MaxRetryAfter/time.Second))) * time.Second, true
	}
	if date, err := http.ParseTime(value); err == nil {
		return min(max(time.Until(date), 0), MaxRetryAfter), true
	}
	return 0, false
}

// retryAfterTooLongError stops the retries when the API asks for a wait
// longer than the request's context has left.
type retryAfterTooLongError struct {
	wait time.Duration
}

func (e *retryAfterTooLongError) Error() string {
	return "the API asked to retry after " + e.wait.String() + ", longer than the time left"
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
