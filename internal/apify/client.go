// Package apify is a client for the parts of the Apify API v2 that the
// Terraform provider uses. It speaks the API's JSON and errors and knows
// nothing of Terraform. This file is the transport: the HTTP client, its
// retries and the one call every request goes through; baseurl.go,
// decode.go, errors.go, redact.go and logging.go hold the rest of what a
// call does.
package apify

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// Defaults and limits of the client. The provider documents them.
const (
	DefaultBaseURL        = "https://api.apify.com"
	DefaultMaxRetries     = 8
	DefaultRequestTimeout = 30 * time.Second
	DefaultRetryWaitMin   = 500 * time.Millisecond
	DefaultRetryWaitMax   = 10 * time.Second

	// MaxRetryAfter caps how long the client honours a Retry-After header,
	// so a misbehaving server cannot stall a plan for hours.
	MaxRetryAfter = 60 * time.Second

	// MaxResponseBytes caps a response body. A dispatch with many calls and
	// large response bodies is well below it.
	MaxResponseBytes = 16 << 20

	// Terraform reads up to 10 data sources at once by default; keeping more
	// idle connections than that lets every read reuse one.
	maxIdleConnsPerHost = 16
)

// Logger receives the client's log lines. The provider routes them to
// terraform-plugin-log, which masks the token.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

// Config configures a Client. Zero values select the defaults, except
// MaxRetries, where zero means no retry.
type Config struct {
	// BaseURL is the API's root, as returned by ParseBaseURL. Nil means
	// DefaultBaseURL.
	BaseURL        *url.URL
	Token          string
	UserAgent      string
	MaxRetries     int
	RequestTimeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between
	// attempts when the API gives no Retry-After.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	Logger       Logger
}

// Client calls the Apify API. It is safe for concurrent use and keeps one
// pool of connections for all its requests.
type Client struct {
	baseURL   string
	token     string
	userAgent string
	timeout   time.Duration
	// http retries every request that failed in a way it may retry;
	// refusedOnly, sharing its connections, retries only those the API
	// certainly did not act on (see retryRefusedOnly).
	http        *retryablehttp.Client
	refusedOnly *retryablehttp.Client
	logger      Logger
	secrets     webhookSecrets
}

// NewClient returns a client for cfg.
func NewClient(cfg Config) *Client {
	base := DefaultBaseURL
	if cfg.BaseURL != nil {
		base = strings.TrimRight(cfg.BaseURL.String(), "/")
	}
	c := &Client{
		baseURL:   base,
		token:     cfg.Token,
		userAgent: cmp.Or(cfg.UserAgent, "terraform-provider-apify"),
		timeout:   cmp.Or(cfg.RequestTimeout, DefaultRequestTimeout),
		logger:    cfg.Logger,
	}

	transport := cleanhttp.DefaultPooledTransport()
	transport.MaxIdleConnsPerHost = maxIdleConnsPerHost
	// http.Client.Timeout bounds each attempt, the body included.
	httpClient := &http.Client{
		Transport:     keepIdleConnections{transport},
		Timeout:       c.timeout,
		CheckRedirect: sameOriginRedirects,
	}
	c.http = c.newRetryingClient(cfg, httpClient, retryPolicy)
	c.refusedOnly = c.newRetryingClient(cfg, httpClient, retryRefusedOnly)
	return c
}

// newRetryingClient returns a retrying client over httpClient, whose pool
// of connections all of them share, with the given retry policy.
func (c *Client) newRetryingClient(cfg Config, httpClient *http.Client, policy retryablehttp.CheckRetry) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:      httpClient,
		RetryWaitMin:    cmp.Or(cfg.RetryWaitMin, DefaultRetryWaitMin),
		RetryWaitMax:    cmp.Or(cfg.RetryWaitMax, DefaultRetryWaitMax),
		RetryMax:        max(cfg.MaxRetries, 0),
		CheckRetry:      policy,
		Backoff:         backoff,
		ErrorHandler:    keepLastResponse,
		RequestLogHook:  c.logRequest,
		ResponseLogHook: c.logResponse,
	}
}

// keepIdleConnections is the client's transport, without the
// CloseIdleConnections that http.Client.CloseIdleConnections looks for.
// go-retryablehttp calls that whenever a request gives up, which under a
// rate-limit storm would make every other read in the plan open a new
// connection. The pool's own idle timeout still closes what is unused.
type keepIdleConnections struct {
	http.RoundTripper
}

// sameOriginRedirects follows a redirect only to the scheme and host of the
// original request, so that the token is never sent anywhere else, nor
// downgraded to plain http.
func sameOriginRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	from := via[0].URL
	if req.URL.Scheme != from.Scheme || req.URL.Host != from.Host {
		return &RedirectError{From: from.Scheme + "://" + from.Host, To: req.URL.Scheme + "://" + req.URL.Host}
	}
	return nil
}

// apiRequest is one call of the API.
type apiRequest struct {
	method string
	path   string
	query  url.Values
	// body, when set, is sent as JSON.
	body any
	// refusedOnly retries the request only when the API certainly did not
	// act on it: for a write that is not idempotent.
	refusedOnly bool
	// secrets are values of the request, such as a webhook's URL, that an
	// error message echoing them must not show.
	secrets []string
}

// getData performs a GET and decodes the "data" member of the API's
// response envelope.
func getData[T any](ctx context.Context, c *Client, path string, query url.Values) (*T, error) {
	return callData[T](ctx, c, apiRequest{method: http.MethodGet, path: path, query: query})
}

// getByID reads the kind's object id, such as a "webhook", from
// collection, such as "/v2/webhooks".
func getByID[T any](ctx context.Context, c *Client, kind, collection, id string) (*T, error) {
	if id == "" {
		return nil, fmt.Errorf("the %s ID is empty", kind)
	}
	return getData[T](ctx, c, collection+"/"+pathSegment(id), nil)
}

// deleteByID deletes the kind's object id from collection.
func (c *Client) deleteByID(ctx context.Context, kind, collection, id string) error {
	if id == "" {
		return fmt.Errorf("the %s ID is empty", kind)
	}
	_, _, err := c.call(ctx, apiRequest{method: http.MethodDelete, path: collection + "/" + pathSegment(id)})
	return err
}

// callData performs req and decodes the "data" member of the response.
func callData[T any](ctx context.Context, c *Client, req apiRequest) (*T, error) {
	status, body, err := c.call(ctx, req)
	if err != nil {
		return nil, err
	}
	data, err := decodeData[T](status, body)
	if decodeErr, ok := errors.AsType[*DecodeError](err); ok {
		decodeErr.Excerpt = c.redact(decodeErr.Excerpt, req.secrets)
	}
	return data, err
}

// call performs req with retries and returns the body of a 2xx answer.
// Any other answer becomes an *APIError, a failed exchange a
// *RequestError.
func (c *Client) call(ctx context.Context, r apiRequest) (int, []byte, error) {
	target := c.baseURL + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	var payload any
	if r.body != nil {
		encoded, err := json.Marshal(r.body)
		if err != nil {
			return 0, nil, fmt.Errorf("encoding the request for %s: %w", r.path, err)
		}
		payload = encoded
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, target, payload)
	if err != nil {
		return 0, nil, fmt.Errorf("building the request for %s: %w", r.path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	// The body is read inside the retry loop so that a connection reset in
	// the middle of it is retried like any other transport failure.
	var body []byte
	var bodyOf *http.Response
	req.SetResponseHandler(func(resp *http.Response) error {
		var err error
		body, err = readBody(resp)
		bodyOf = resp
		return err
	})

	client := c.http
	if r.refusedOnly {
		client = c.refusedOnly
	}
	resp, err := client.Do(req)
	if resp != nil {
		defer resp.Body.Close()
	}
	attempts := 1
	if gaveUp, ok := errors.AsType[*gaveUpError](err); ok {
		attempts, err = gaveUp.attempts, gaveUp.err
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return 0, nil, &StoppedError{Err: ctxErr}
	}
	// The API asked to wait longer than the read has left: fail now with
	// its answer rather than sleep into the deadline.
	tooLong, retryAfterTooLong := errors.AsType[*retryAfterTooLongError](err)
	switch {
	case retryAfterTooLong && resp != nil:
	case isType[*ResponseTooLargeError](err), isType[*RedirectError](err):
		return 0, nil, err
	case err != nil:
		return 0, nil, c.requestError(err, attempts)
	}
	if bodyOf != resp {
		// Retries stopped on a retryable status: the response handler did
		// not run for this last answer.
		if body, err = readBody(resp); err != nil {
			return 0, nil, c.requestError(err, attempts)
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := c.apiError(resp.StatusCode, body, attempts, r.secrets)
		if retryAfterTooLong {
			apiErr.RetryAfter = tooLong.wait
		}
		return 0, nil, apiErr
	}
	return resp.StatusCode, body, nil
}

// readBody reads a whole body, refusing one above MaxResponseBytes without
// reading the rest of it.
func readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > MaxResponseBytes {
		return nil, &ResponseTooLargeError{Limit: MaxResponseBytes}
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		// Room for the final read that finds EOF, so the buffer never grows
		// (and copies) at the end.
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response body: %w", err)
	}
	if n > MaxResponseBytes {
		return nil, &ResponseTooLargeError{Limit: MaxResponseBytes}
	}
	return buf.Bytes(), nil
}
