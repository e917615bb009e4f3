package apify

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

func TestGetWebhookDispatch_decodesEveryField(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)

	d, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchFailed)
	if err != nil {
		t.Fatal(err)
	}
	checkString(t, "id", d.ID, apifytest.DispatchFailed)
	checkString(t, "userId", d.UserID, apifytest.UserID)
	checkString(t, "webhookId", d.WebhookID, apifytest.WebhookID)
	checkString(t, "createdAt", d.CreatedAt, "2026-11-21T14:02:47.530Z")
	checkString(t, "status", d.Status, "FAILED")
	checkString(t, "eventType", d.EventType, "ACTOR.RUN.FAILED")
	if d.EventData == nil {
		t.Fatal("eventData is nil")
	}
	checkString(t, "eventData.actorRunId", d.EventData.ActorRunID, "Pq2sDf7GhJk9LmN3b")
	if d.EventData.ActorBuildID != nil {
		t.Errorf("eventData.actorBuildId = %q, want nil (absent)", *d.EventData.ActorBuildID)
	}
	if d.Webhook == nil || d.Webhook.Condition == nil {
		t.Fatal("webhook or its condition is nil")
	}
	checkString(t, "webhook.requestUrl", d.Webhook.RequestURL, "https://hooks.example.com/apify/runs")
	if d.Webhook.IsAdHoc == nil || *d.Webhook.IsAdHoc {
		t.Errorf("webhook.isAdHoc = %v, want false", d.Webhook.IsAdHoc)
	}
	if len(d.Calls) != 3 {
		t.Fatalf("got %d calls, want 3", len(d.Calls))
	}
	if got := d.Calls[0].ResponseStatus; got == nil || *got != 500 {
		t.Errorf("calls[0].responseStatus = %v, want 500", got)
	}
	last := d.Calls[2]
	if last.ResponseStatus != nil || last.ResponseBody != nil {
		t.Errorf("calls[2] status/body = %v/%v, want nil/nil (JSON null)", last.ResponseStatus, last.ResponseBody)
	}
}

func TestGetWebhookDispatch_keepsNullsAndIgnoresUnknownFields(t *testing.T) {
	fake := apifytest.Start(t)
	// Beyond what the API description allows (required keys missing, null
	// where it says string, a status it does not list), so served as an
	// answer broken on purpose.
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of("sparse"), apifytest.Body(http.StatusOK, "application/json", `{"data": {"id": "sparse", "userId": null,
		"status": "PAUSED_BY_FUTURE_API", "eventData": null, "newTopLevelField": {"x": 1}}}`))
	client := newTestClient(t, fake)

	d, err := client.GetWebhookDispatch(t.Context(), "sparse")
	if err != nil {
		t.Fatal(err)
	}
	if d.UserID != nil || d.WebhookID != nil || d.EventData != nil || d.Webhook != nil {
		t.Errorf("null or absent fields decoded as values: %+v", d)
	}
	if d.Calls != nil {
		t.Errorf("absent calls decoded as %v, want nil", d.Calls)
	}
	checkString(t, "status", d.Status, "PAUSED_BY_FUTURE_API")
}

func TestGetWebhookDispatch_sendsHeadersAndKeepsTokenOutOfURL(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)

	if _, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded); err != nil {
		t.Fatal(err)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("got %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if got, want := r.Header.Get("Authorization"), "Bearer "+fake.Token; got != want {
		t.Errorf("Authorization = %q, want %q", got, want)
	}
	if got, want := r.Header.Get("User-Agent"), "terraform-provider-apify/test"; got != want {
		t.Errorf("User-Agent = %q, want %q", got, want)
	}
	if strings.Contains(r.EscapedPath+"?"+r.RawQuery, fake.Token) {
		t.Errorf("token appears in the URL %s?%s", r.EscapedPath, r.RawQuery)
	}
}

func TestGetWebhookDispatch_escapesIDAsOneSegment(t *testing.T) {
	tests := map[string]string{
		"a/b?c#d":  "/v2/webhook-dispatches/a%2Fb%3Fc%23d",
		"..":       "/v2/webhook-dispatches/%2E%2E",
		".":        "/v2/webhook-dispatches/%2E",
		"x y%z":    "/v2/webhook-dispatches/x%20y%25z",
		"../../v2": "/v2/webhook-dispatches/..%2F..%2Fv2",
	}
	for id, wantPath := range tests {
		t.Run(id, func(t *testing.T) {
			fake := apifytest.Start(t)
			client := newTestClient(t, fake)

			_, err := client.GetWebhookDispatch(t.Context(), id)
			// The fake's dispatch handler, not its catch-all, must answer.
			apiErr, ok := errors.AsType[*APIError](err)
			if !ok || apiErr.Type != "record-not-found" {
				t.Fatalf("error = %v, want the dispatch handler's record-not-found", err)
			}
			if got := fake.Requests()[0].EscapedPath; got != wantPath {
				t.Errorf("path = %q, want %q", got, wantPath)
			}
		})
	}
}

func TestGetWebhookDispatch_refusesEmptyID(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)

	if _, err := client.GetWebhookDispatch(t.Context(), ""); err == nil {
		t.Fatal("no error for an empty ID")
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("sent %d requests for an empty ID, want 0", n)
	}
}

func TestGetWebhookDispatch_trailingSlashInBaseURL(t *testing.T) {
	fake := apifytest.Start(t)
	fake.URL += "/"
	client := newTestClient(t, fake)

	if _, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded); err != nil {
		t.Fatal(err)
	}
	if got, want := fake.Requests()[0].EscapedPath, "/v2/webhook-dispatches/"+apifytest.DispatchSucceeded; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
}

func TestGetWebhookDispatch_clientErrorsAreNotRetried(t *testing.T) {
	tests := []struct {
		status  int
		errType string
	}{
		{http.StatusBadRequest, "invalid-input"},
		{http.StatusUnauthorized, "invalid-token"},
		{http.StatusForbidden, "insufficient-permissions"},
		{http.StatusNotFound, "record-not-found"},
		{http.StatusMethodNotAllowed, "method-not-allowed"},
		{http.StatusConflict, "concurrent-update-detected"},
		{http.StatusNotImplemented, "not-implemented"},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			fake := apifytest.Start(t)
			fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Status(tt.status, tt.errType, "message from the API"))
			client := newTestClient(t, fake)

			_, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
			apiErr, ok := errors.AsType[*APIError](err)
			if !ok {
				t.Fatalf("error = %v (%T), want *APIError", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Type != tt.errType || apiErr.Message != "message from the API" {
				t.Errorf("got %+v", apiErr)
			}
			if n := len(fake.Requests()); n != 1 {
				t.Errorf("sent %d requests, want 1 (no retry)", n)
			}
		})
	}
}

func TestGetWebhookDispatch_errorClassifiers(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)

	_, err := client.GetWebhookDispatch(t.Context(), "missing")
	if !IsNotFound(err) || IsUnauthorized(err) {
		t.Errorf("404: IsNotFound=%v IsUnauthorized=%v", IsNotFound(err), IsUnauthorized(err))
	}
	client = newTestClient(t, fake, func(c *Config) { c.Token = "another-token" })
	_, err = client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
	if !IsUnauthorized(err) || IsNotFound(err) {
		t.Errorf("401: IsNotFound=%v IsUnauthorized=%v", IsNotFound(err), IsUnauthorized(err))
	}
}

func TestGetWebhookDispatch_retriesTransientFailures(t *testing.T) {
	tests := map[string]apifytest.Fault{
		"429":              apifytest.Status(http.StatusTooManyRequests, "rate-limit-exceeded", "slow down"),
		"500":              apifytest.Status(http.StatusInternalServerError, "internal-error", "oops"),
		"502 from a proxy": apifytest.Body(http.StatusBadGateway, "text/html", "<html>Bad Gateway</html>"),
		"503":              apifytest.Status(http.StatusServiceUnavailable, "server-busy", "busy"),
		"connection reset": apifytest.ResetConnection(),
	}
	for name, fault := range tests {
		t.Run(name, func(t *testing.T) {
			fake := apifytest.Start(t)
			fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), fault, fault)
			client := newTestClient(t, fake)

			d, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
			if err != nil {
				t.Fatal(err)
			}
			checkString(t, "id", d.ID, apifytest.DispatchSucceeded)
			if n := len(fake.Requests()); n != 3 {
				t.Errorf("sent %d requests, want 3 (two failures, then success)", n)
			}
		})
	}
}

func TestGetWebhookDispatch_namesLastStatusWhenRetriesRunOut(t *testing.T) {
	fake := apifytest.Start(t)
	for range testMaxRetries + 1 {
		fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Status(http.StatusServiceUnavailable, "server-busy", "The server is busy."))
	}
	client := newTestClient(t, fake)

	_, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		t.Fatalf("error = %v (%T), want *APIError", err, err)
	}
	if apiErr.StatusCode != http.StatusServiceUnavailable || apiErr.Type != "server-busy" || apiErr.Attempts != testMaxRetries+1 {
		t.Errorf("got %+v, want 503 server-busy after %d attempts", apiErr, testMaxRetries+1)
	}
	for _, want := range []string{"503", "server-busy", "The server is busy.", "after 4 attempts"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if n := len(fake.Requests()); n != testMaxRetries+1 {
		t.Errorf("sent %d requests, want %d", n, testMaxRetries+1)
	}
}

func TestGetWebhookDispatch_zeroRetries(t *testing.T) {
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Status(http.StatusInternalServerError, "internal-error", "oops"))
	client := newTestClient(t, fake, func(c *Config) { c.MaxRetries = 0 })

	if _, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded); err == nil {
		t.Fatal("no error")
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("sent %d requests, want 1", n)
	}
}

func TestBackoff_bounds(t *testing.T) {
	minWait, maxWait := 500*time.Millisecond, 10*time.Second
	for attempt := range 8 {
		base := min(minWait<<attempt, maxWait)
		low, high := base*3/4, min(base*5/4, maxWait)
		for range 200 {
			if got := backoff(minWait, maxWait, attempt, nil); got < low || got > high {
				t.Fatalf("attempt %d: waited %s, want within [%s, %s]", attempt, got, low, high)
			}
		}
	}
}

func TestBackoff_jitterSpreadsWaits(t *testing.T) {
	seen := map[time.Duration]bool{}
	for range 50 {
		seen[backoff(500*time.Millisecond, 10*time.Second, 2, nil)] = true
	}
	if len(seen) < 10 {
		t.Errorf("50 waits took only %d distinct values; want jitter", len(seen))
	}
}

func TestBackoff_retryAfter(t *testing.T) {
	respWith := func(status int, value string) *http.Response {
		return &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {value}}}
	}
	tests := []struct {
		name string
		resp *http.Response
		want time.Duration
	}{
		{"429 seconds", respWith(429, "7"), 7 * time.Second},
		{"503 seconds", respWith(503, "3"), 3 * time.Second},
		{"capped", respWith(429, "3600"), MaxRetryAfter},
		{"zero", respWith(429, "0"), 0},
		{"date in the past", respWith(503, "Mon, 02 Jan 2006 15:04:05 GMT"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := backoff(500*time.Millisecond, 10*time.Second, 0, tt.resp); got != tt.want {
				t.Errorf("waited %s, want %s", got, tt.want)
			}
		})
	}
	// Retry-After on a status that does not define it is ignored.
	if got := backoff(500*time.Millisecond, 10*time.Second, 0, respWith(500, "30")); got > time.Second {
		t.Errorf("500 with Retry-After waited %s, want the normal backoff", got)
	}
}

func TestGetWebhookDispatch_timesOutEachAttempt(t *testing.T) {
	fake := apifytest.Start(t)
	for range testMaxRetries + 1 {
		fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Hang())
	}
	client := newTestClient(t, fake, func(c *Config) { c.RequestTimeout = 50 * time.Millisecond })

	_, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
	reqErr, ok := errors.AsType[*RequestError](err)
	if !ok {
		t.Fatalf("error = %v (%T), want *RequestError", err, err)
	}
	if reqErr.Timeout != 50*time.Millisecond || reqErr.Attempts != testMaxRetries+1 {
		t.Errorf("got timeout %s after %d attempts, want 50ms after %d", reqErr.Timeout, reqErr.Attempts, testMaxRetries+1)
	}
	if !strings.Contains(err.Error(), "within the request timeout of 50ms") {
		t.Errorf("error %q does not name the timeout", err)
	}
}

func TestGetWebhookDispatch_timeoutThenSuccess(t *testing.T) {
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Hang())
	client := newTestClient(t, fake, func(c *Config) { c.RequestTimeout = 50 * time.Millisecond })

	if _, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded); err != nil {
		t.Fatal(err)
	}
}

func TestGetWebhookDispatch_stopsWhenCanceled(t *testing.T) {
	tests := map[string]apifytest.Fault{
		"waiting for the answer":  apifytest.Hang(),
		"sleeping before a retry": apifytest.RetryAfter(http.StatusTooManyRequests, "30"),
	}
	for name, fault := range tests {
		t.Run(name, func(t *testing.T) {
			fake := apifytest.Start(t)
			fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), fault)
			client := newTestClient(t, fake)
			expectStopsWhenCanceled(t, fake, func(ctx context.Context) error {
				_, err := client.GetWebhookDispatch(ctx, apifytest.DispatchSucceeded)
				return err
			})
		})
	}
}

func TestGetWebhookDispatch_malformedBodies(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		wantInErr []string
	}{
		{"HTML from a proxy", "<!DOCTYPE html><html><body>Gateway login</body></html>", []string{"200 OK", "<!DOCTYPE html>"}},
		{"truncated JSON", `{"data": {"id": "Zib4xbZsmvZeK55ua", "calls": [`, []string{`the body ends before its JSON does`, `{\"data\"`}},
		{"empty body", ``, []string{"the body ends before its JSON does"}},
		{"not JSON after a good start", `{"data": {"id": x}}`, []string{"the body is not valid JSON (at byte 17)"}},
		{"data null", `{"data": null}`, []string{`"data" field is missing or null`}},
		{"data missing", `{"items": []}`, []string{`"data" field is missing or null`}},
		{"number as string", `{"data": {"id": "x", "calls": [{"responseStatus": "200"}]}}`, []string{`the field "data.calls.responseStatus" holds a JSON string where the API documents a number`}},
		{"object for a list", `{"data": {"id": "x", "calls": {"startedAt": null}}}`, []string{`the field "data.calls" holds a JSON object where the API documents a list`}},
		{"string for an object", `{"data": {"id": "x", "eventData": "Unknown Type: object,null"}}`, []string{`the field "data.eventData" holds a JSON string where the API documents an object`}},
		{"number for true or false", `{"data": {"id": "x", "webhook": {"isAdHoc": 1}}}`, []string{`the field "data.webhook.isAdHoc" holds a JSON number where the API documents true or false`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := apifytest.Start(t)
			fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Body(http.StatusOK, "application/json", tt.body))
			client := newTestClient(t, fake)

			_, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
			if _, ok := errors.AsType[*DecodeError](err); !ok {
				t.Fatalf("error = %v (%T), want *DecodeError", err, err)
			}
			for _, want := range tt.wantInErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
}

func TestGetWebhookDispatch_errorBodyThatIsNotJSON(t *testing.T) {
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Body(http.StatusForbidden, "text/html", "<html>\n<h1>Blocked by firewall</h1></html>"))
	client := newTestClient(t, fake)

	_, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		t.Fatalf("error = %v (%T), want *APIError", err, err)
	}
	if apiErr.Type != "" || apiErr.Message != "<html> <h1>Blocked by firewall</h1></html>" {
		t.Errorf("got type %q message %q", apiErr.Type, apiErr.Message)
	}
}

func TestGetWebhookDispatch_refusesOversizedBody(t *testing.T) {
	fake := apifytest.Start(t)
	huge := `{"data": {"id": "x", "calls": [{"responseBody": "` + strings.Repeat("a", MaxResponseBytes) + `"}]}}`
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Body(http.StatusOK, "application/json", huge))
	client := newTestClient(t, fake)

	_, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
	if _, ok := errors.AsType[*ResponseTooLargeError](err); !ok {
		t.Fatalf("error = %v (%T), want *ResponseTooLargeError", err, err)
	}
	if !strings.Contains(err.Error(), "16 MiB") {
		t.Errorf("error %q does not name the limit", err)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("sent %d requests, want 1 (an oversized body is not retried)", n)
	}
}

func TestGetWebhookDispatch_redactsTokenEchoedByServer(t *testing.T) {
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Status(http.StatusBadRequest, "invalid-input", "bad header: Bearer "+fake.Token))
	client := newTestClient(t, fake)

	_, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
	if err == nil || strings.Contains(err.Error(), fake.Token) {
		t.Errorf("error %v contains the token", err)
	}
}

func TestParseBaseURL(t *testing.T) {
	// Each valid input and the root the client then appends /v2/... to.
	valid := map[string]string{
		"https://api.apify.com":              "https://api.apify.com",
		"https://api.apify.com/":             "https://api.apify.com",
		"https://api.apify.com/v2":           "https://api.apify.com",
		"https://api.apify.com/v2/":          "https://api.apify.com",
		"https://proxy.example.com/apify/":   "https://proxy.example.com/apify",
		"https://proxy.example.com/apify/v2": "https://proxy.example.com/apify",
		"https://proxy.example.com/v2x":      "https://proxy.example.com/v2x",
		"http://localhost:8080":              "http://localhost:8080",
		"http://127.0.0.1:41234":             "http://127.0.0.1:41234",
		"http://127.0.0.2":                   "http://127.0.0.2",
		"http://[::1]:8080":                  "http://[::1]:8080",
	}
	// As pasted from a file or a shell variable.
	valid["\thttps://api.apify.com/v2\n"] = "https://api.apify.com"
	for raw, want := range valid {
		u, err := ParseBaseURL(raw)
		if err != nil {
			t.Errorf("ParseBaseURL(%q) = %v, want no error", raw, err)
			continue
		}
		if got := NewClient(Config{BaseURL: u}).baseURL; got != want {
			t.Errorf("ParseBaseURL(%q) gives the root %q, want %q", raw, got, want)
		}
	}
	noScheme := "has no scheme; give an absolute URL such as https://api.apify.com"
	invalid := map[string]string{
		"api.apify.com":                     noScheme,
		"api.apify.com/v2":                  noScheme,
		"127.0.0.1:8080":                    noScheme,
		"localhost:8080":                    noScheme,
		"/v2":                               noScheme,
		"":                                  noScheme,
		"ftp://api.apify.com":               "not an absolute http(s) URL",
		"https://":                          "not an absolute http(s) URL",
		"https://api.apify.com/%zz":         "not an absolute http(s) URL",
		"https://api.apify.com?token=x":     "query",
		"https://api.apify.com/#frag":       "fragment",
		"http://api.apify.com":              "clear text",
		"http://10.0.0.1:8080":              "clear text",
		"https://user:secret@api.apify.com": "credentials",
	}
	for raw, want := range invalid {
		_, err := ParseBaseURL(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseBaseURL(%q) = %v, want an error saying %q", raw, err, want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("é", 150) // 300 bytes
	got := excerpt([]byte(long))
	if !strings.HasSuffix(got, "…") || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("excerpt cut a character in half or lost the ellipsis: %q", got)
	}
	if got := excerpt([]byte("a\r\nb\x00c")); got != "a  b c" {
		t.Errorf("control characters kept: %q", got)
	}
}

// waitForRequests blocks until fake has received n requests; a deadline
// keeps a broken test from hanging.
func waitForRequests(t *testing.T, fake *apifytest.Server, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := fake.WaitForRequests(ctx, n); err != nil {
		t.Fatal(err)
	}
}

func TestClient_reusesConnectionsAcrossParallelReads(t *testing.T) {
	const parallelism, rounds = 10, 10
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)

	// Rounds of parallel reads, as Terraform runs its graph: every
	// connection of one round goes idle before the next round starts, so
	// all of them must stay in the pool to be reused.
	for range rounds {
		errs := make(chan error, parallelism)
		var wg sync.WaitGroup
		for range parallelism {
			wg.Go(func() {
				_, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := fake.Connections(); n > parallelism {
		t.Errorf("%d rounds of %d parallel reads opened %d connections; want at most %d", rounds, parallelism, n, parallelism)
	}
}

// go-retryablehttp closes every idle connection of the client's pool when
// a request gives up: under a rate-limit storm, each read that runs out of
// retries would make every other read open a new connection.
func TestClient_keepsConnectionsWhenReadsGiveUp(t *testing.T) {
	const parallelism, reads = 10, 300
	fake := apifytest.Start(t)
	ids := fake.AddGeneratedDispatches("hookStorm", reads)
	fake.SetRateLimitStorm(0.5, 7)
	client := newTestClient(t, fake, func(c *Config) { c.MaxRetries = 1 })

	gaveUp := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan string)
	for range parallelism {
		wg.Go(func() {
			for id := range next {
				if _, err := client.GetWebhookDispatch(t.Context(), id); err != nil {
					mu.Lock()
					gaveUp++
					mu.Unlock()
				}
			}
		})
	}
	for _, id := range ids {
		next <- id
	}
	close(next)
	wg.Wait()

	// Half the requests refused and one retry each: about a quarter of the
	// reads give up.
	if gaveUp < reads/10 {
		t.Fatalf("only %d of %d reads gave up; the storm did not happen", gaveUp, reads)
	}
	if n := fake.Connections(); n > parallelism+2 {
		t.Errorf("%d parallel reads, %d of which gave up, opened %d connections; want at most %d",
			reads, gaveUp, n, parallelism+2)
	}
}

func TestRedactMasksWebhookSecretFields(t *testing.T) {
	c := NewClient(Config{Token: "tok"})
	for in, want := range map[string]string{
		`{"data": {"requestUrl": "https://h/x?token=abc", "id": "1"}}`: `{"data": {"requestUrl": "[redacted]", "id": "1"}}`,
		`{"headersTemplate":"{\"A\": \"Bearer s3\"}","x":1}`:           `{"headersTemplate":"[redacted]","x":1}`,
		`{"data": {"id": "1", "requestUrl": "https://h/x?token=ab…`:    `{"data": {"id": "1", "requestUrl": "[redacted]"`,
		`the API answered with tok in it`:                              `the API answered with [redacted] in it`,
	} {
		if got := c.redact(in, nil); got != want {
			t.Errorf("redact(%s) = %s, want %s", in, got, want)
		}
	}
}
