package apify

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// Faults beyond plain error statuses: broken connections, slow bodies,
// Retry-After beyond the deadline, and redirects.

func TestGetWebhookDispatch_connectionResetMidBody(t *testing.T) {
	t.Run("retried", func(t *testing.T) {
		fake := apifytest.Start(t)
		fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.ResetMidBody())
		client := newTestClient(t, fake)

		d, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
		if err != nil {
			t.Fatal(err)
		}
		checkString(t, "status", d.Status, "SUCCEEDED")
		if n := len(fake.Requests()); n != 2 {
			t.Errorf("sent %d requests, want 2", n)
		}
	})
	t.Run("every attempt", func(t *testing.T) {
		fake := apifytest.Start(t)
		for range testMaxRetries + 1 {
			fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.ResetMidBody())
		}
		client := newTestClient(t, fake)

		_, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
		reqErr, ok := errors.AsType[*RequestError](err)
		if !ok || reqErr.Attempts != testMaxRetries+1 {
			t.Fatalf("error = %v (%T), want a *RequestError after %d attempts", err, err, testMaxRetries+1)
		}
		if !strings.Contains(err.Error(), "reading the response body") {
			t.Errorf("error %q does not say the body was cut off", err)
		}
	})
}

func TestGetWebhookDispatch_bodySlowerThanTimeout(t *testing.T) {
	body := `{"data": {"id": "Zib4xbZsmvZeK55ua", "status": "SUCCEEDED"}}`
	fake := apifytest.Start(t)
	for range testMaxRetries + 1 {
		fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Trickle(body, 20*time.Millisecond))
	}
	client := newTestClient(t, fake, func(c *Config) { c.RequestTimeout = 200 * time.Millisecond })

	_, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
	reqErr, ok := errors.AsType[*RequestError](err)
	if !ok || reqErr.Timeout != 200*time.Millisecond || reqErr.Attempts != testMaxRetries+1 {
		t.Fatalf("error = %v (%T), want a timeout of 200ms after %d attempts", err, err, testMaxRetries+1)
	}
}

func TestGetWebhookDispatch_slowBodyWithinTimeout(t *testing.T) {
	body := `{"data": {"id": "Zib4xbZsmvZeK55ua", "status": "SUCCEEDED"}}`
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Trickle(body, time.Millisecond))
	client := newTestClient(t, fake, func(c *Config) { c.RequestTimeout = 10 * time.Second })

	d, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
	if err != nil {
		t.Fatal(err)
	}
	checkString(t, "status", d.Status, "SUCCEEDED")
}

func TestGetWebhookDispatch_retryAfterOnBothStatusesAndForms(t *testing.T) {
	tests := map[string]struct {
		status int
		value  func() string
	}{
		"429 seconds": {http.StatusTooManyRequests, func() string { return "1" }},
		"503 seconds": {http.StatusServiceUnavailable, func() string { return "1" }},
		"429 date":    {http.StatusTooManyRequests, func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) }},
		"503 date":    {http.StatusServiceUnavailable, func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) }},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.RetryAfter(tt.status, tt.value()))
			client := newTestClient(t, fake)

			if _, err := client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded); err != nil {
				t.Fatal(err)
			}
			reqs := fake.Requests()
			if len(reqs) != 2 {
				t.Fatalf("sent %d requests, want 2", len(reqs))
			}
			// The test client's own backoff is at most 5 ms; a gap of most of a
			// second can only come from the header. (An HTTP date has whole
			// seconds, so "2 s from now" is between 1 and 2 s away.)
			if gap := reqs[1].Received.Sub(reqs[0].Received); gap < 900*time.Millisecond {
				t.Errorf("retried after %s, want about 1 s as Retry-After said", gap)
			}
		})
	}
}

func TestGetWebhookDispatch_retryAfterBeyondDeadlineFailsAtOnce(t *testing.T) {
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.RetryAfter(http.StatusTooManyRequests, "30"))
	client := newTestClient(t, fake)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()

	_, err := client.GetWebhookDispatch(ctx, apifytest.DispatchSucceeded)
	// Had the client slept, the error would be the context's deadline.
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok || apiErr.StatusCode != http.StatusTooManyRequests || apiErr.RetryAfter != 30*time.Second {
		t.Fatalf("error = %v (%T), want the 429 with its Retry-After of 30s", err, err)
	}
	if ctx.Err() != nil {
		t.Error("the client waited until the deadline")
	}
	if !strings.Contains(err.Error(), "asked to retry after 30s, longer than the time left") {
		t.Errorf("error %q does not explain why it did not wait", err)
	}
}

func TestGetWebhookDispatch_redirects(t *testing.T) {
	t.Run("to another host: not followed, token not sent", func(t *testing.T) {
		var otherHostRequests atomic.Int32
		other := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			otherHostRequests.Add(1)
			if r.Header.Get("Authorization") != "" {
				t.Errorf("the other host received an Authorization header")
			}
		}))
		listener, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.2:0")
		if err != nil {
			t.Skipf("no second loopback address on this machine: %v", err)
		}
		other.Listener = listener
		other.Start()
		defer other.Close()

		fake := apifytest.Start(t)
		fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Redirect(other.URL+"/v2/webhook-dispatches/"+apifytest.DispatchSucceeded))
		client := newTestClient(t, fake)

		_, err = client.GetWebhookDispatch(t.Context(), apifytest.DispatchSucceeded)
		if _, ok := errors.AsType[*RedirectError](err); !ok {
			t.Fatalf("error = %v (%T), want a *RedirectError", err, err)
		}
		if !strings.Contains(err.Error(), "127.0.0.2") {
			t.Errorf("error %q does not name the other host", err)
		}
		if n := otherHostRequests.Load(); n != 0 {
			t.Errorf("the other host received %d requests, want 0", n)
		}
		if n := len(fake.Requests()); n != 1 {
			t.Errorf("sent %d requests to the API, want 1 (a refused redirect is not retried)", n)
		}
	})
	t.Run("within the same host: followed with the token", func(t *testing.T) {
		fake := apifytest.Start(t)
		fake.QueueFaults(apifytest.GetWebhookDispatch.Of("moved"), apifytest.Redirect(fake.URL+"/v2/webhook-dispatches/"+apifytest.DispatchSucceeded))
		client := newTestClient(t, fake)

		d, err := client.GetWebhookDispatch(t.Context(), "moved")
		if err != nil {
			t.Fatal(err)
		}
		checkString(t, "id", d.ID, apifytest.DispatchSucceeded)
	})
	t.Run("to plain http: not followed", func(t *testing.T) {
		if err := sameOriginRedirects(
			&http.Request{URL: mustParse(t, "http://api.apify.com/v2/x")},
			[]*http.Request{{URL: mustParse(t, "https://api.apify.com/v2/x")}},
		); !isType[*RedirectError](err) {
			t.Errorf("https to http redirect: error = %v, want a *RedirectError", err)
		}
	})
}
