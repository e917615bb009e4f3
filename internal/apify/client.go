// Package apify is a client for the parts of the Apify API v2 that the
// Terraform provider reads. It speaks the API's JSON and errors and knows
// nothing of Terraform.
package apify

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
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

// ParseBaseURL checks a configured API root. It must be an absolute http(s)
// URL with no query, fragment or credentials, and plain http is allowed
// only for loopback hosts: anywhere else the token would cross the network
// in clear text. Apify's documentation gives the root as
// https://api.apify.com/v2, so a trailing /v2 is taken off: the client
// appends it to every path itself.
func ParseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	// Without "://" url.Parse reads "api.apify.com" as a path and
	// "127.0.0.1:8080" as a scheme and fails; either way the fix is the same.
	if !strings.Contains(raw, "://") {
		return nil, fmt.Errorf("%q has no scheme; give an absolute URL such as https://api.apify.com", raw)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL; give one such as https://api.apify.com", raw)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("%q has a query or fragment; give only the scheme, host and an optional path prefix", raw)
	}
	if u.User != nil {
		return nil, errors.New("the URL has credentials in it; give the token in the provider's token attribute or APIFY_TOKEN instead")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("%q uses plain http, so the API token would travel in clear text; use https:// (plain http is accepted only for localhost and loopback addresses)", raw)
	}
	u.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), "/v2")
	u.RawPath = ""
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// pathSegment escapes s as exactly one path segment, so that an ID such as
// "a/b?c#d" can never reach another endpoint. "." and ".." are encoded as
// well: HTTP stacks would otherwise resolve them as relative references.
func pathSegment(s string) string {
	if s == "." || s == ".." {
		return strings.ReplaceAll(s, ".", "%2E")
	}
	return url.PathEscape(s)
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

// DecodeWebhookDispatch decodes the body of a 200 answer to
// GET /v2/webhook-dispatches/{dispatchId}.
func DecodeWebhookDispatch(body []byte) (*WebhookDispatch, error) {
	return decodeData[WebhookDispatch](http.StatusOK, body)
}

// decodeData decodes the "data" member of a response envelope with the
// standard library, which is as lenient as the API's clients have always
// been: invalid UTF-8 becomes U+FFFD, a repeated key keeps its last value,
// and unknown keys are ignored. A body that is not JSON, has a field of
// the wrong type, or lacks "data" is a *DecodeError naming what is wrong.
//
// encoding/json/v2 would decode faster, but by too little of a read to be
// worth a dependency (DESIGN.md, "Performance history", has the figures).
func decodeData[T any](status int, body []byte) (*T, error) {
	var envelope struct {
		Data *T `json:"data"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return nil, &DecodeError{StatusCode: status, Excerpt: excerpt(body), Problem: decodeProblem(err, len(body)), Err: err}
	}
	if envelope.Data == nil {
		return nil, &DecodeError{StatusCode: status, Excerpt: excerpt(body), Problem: `the "data" field is missing or null`}
	}
	return envelope.Data, nil
}

// decodeProblem says in a few words what made a body of n bytes fail to
// decode, naming the field at fault.
func decodeProblem(err error, n int) string {
	if typeErr, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return fmt.Sprintf("the field %q holds a JSON %s where the API documents %s", typeErr.Field, typeErr.Value, describeType(typeErr.Type))
	}
	if syntaxErr, ok := errors.AsType[*json.SyntaxError](err); ok {
		if syntaxErr.Offset >= int64(n) {
			return "the body ends before its JSON does"
		}
		return fmt.Sprintf("the body is not valid JSON (at byte %d)", syntaxErr.Offset)
	}
	return err.Error()
}

// describeType names a Go type of the API model as the API's description
// would: a string, a number, an object, a list.
func describeType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	default:
		return "an object"
	}
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

// secretFields matches the JSON string values of the fields a webhook
// keeps its secrets in, to the end of the text if an excerpt cut one off.
var secretFields = regexp.MustCompile(`("(?:requestUrl|headersTemplate)"\s*:\s*)"(?:[^"\\]|\\.)*"?`)

// redact removes the token, the request's secrets, and the values of a
// webhook's secret fields from text that came from the network: a body
// quoted in an error, or a message that echoes the request back.
func (c *Client) redact(s string, secrets []string) string {
	s = secretFields.ReplaceAllString(s, `$1"[redacted]"`)
	// Longest first, so that a secret is not cut up by one inside it.
	all := append([]string{c.token}, secrets...)
	slices.SortFunc(all, func(a, b string) int { return len(b) - len(a) })
	for _, secret := range all {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

func (c *Client) logRequest(_ retryablehttp.Logger, req *http.Request, retry int) {
	if c.logger == nil {
		return
	}
	fields := map[string]any{"method": req.Method, "url": req.URL.Redacted(), "attempt": retry + 1}
	if retry == 0 {
		c.logger.Debug(req.Context(), "Sending Apify API request", fields)
		return
	}
	c.logger.Warn(req.Context(), "Retrying Apify API request", fields)
}

func (c *Client) logResponse(_ retryablehttp.Logger, resp *http.Response) {
	if c.logger == nil {
		return
	}
	c.logger.Debug(resp.Request.Context(), "Received Apify API response", map[string]any{
		"method": resp.Request.Method,
		"url":    resp.Request.URL.Redacted(),
		"status": resp.StatusCode,
	})
}
