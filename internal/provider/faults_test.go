package provider

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// Faults as a user meets them: through Terraform, with the provider's
// default settings unless a case says otherwise.

func TestAccFaults_retryAfter(t *testing.T) {
	// The provider's own backoff waits 500 ms ±25% before the first retry:
	// a gap of about the time the API asked for proves the header was read.
	tests := map[string]struct {
		fault   func() apifytest.Fault
		minWait time.Duration
	}{
		"429 with seconds": {func() apifytest.Fault { return apifytest.RetryAfter(http.StatusTooManyRequests, "2") }, 2 * time.Second},
		"503 with seconds": {func() apifytest.Fault { return apifytest.RetryAfter(http.StatusServiceUnavailable, "2") }, 2 * time.Second},
		"503 with HTTP date": {func() apifytest.Fault {
			// The date is taken when the fault answers, three seconds on; an
			// HTTP date counts whole seconds, so at least two remain.
			return func(w http.ResponseWriter, r *http.Request) {
				date := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
				apifytest.RetryAfter(http.StatusServiceUnavailable, date)(w, r)
			}
		}, 2 * time.Second},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), tt.fault())
			runSteps(t, resource.TestStep{
				Config:            providerConfig(fake) + dispatchConfig(apifytest.DispatchSucceeded),
				ConfigStateChecks: []statecheck.StateCheck{expectDispatch("status", str("SUCCEEDED"))},
			})
			reqs := fake.Requests()
			if len(reqs) < 2 {
				t.Fatalf("the fake received %d requests, want a retry", len(reqs))
			}
			if gap := reqs[1].Received.Sub(reqs[0].Received); gap < tt.minWait-50*time.Millisecond {
				t.Errorf("the retry came %s after the answer, want at least the %s the API asked for", gap, tt.minWait)
			}
		})
	}
}

// A Retry-After date in the past asks for no wait at all: read as a wait
// longer than the read has left (the cap of 60 s, say), the read would
// fail at once rather than sleep into its deadline. The read succeeds on
// its one retry.
func TestAccFaults_retryAfterInThePast(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded),
		apifytest.RetryAfter(http.StatusTooManyRequests, "Mon, 02 Jan 2006 15:04:05 GMT"))
	runSteps(t, resource.TestStep{
		Config:            providerConfig(fake, `max_retries = 1`) + waitConfig(apifytest.DispatchSucceeded, `timeouts { read = "20s" }`),
		ConfigStateChecks: []statecheck.StateCheck{expectDispatch("status", str("SUCCEEDED"))},
	})
	expectAnswers(t, fake, http.StatusTooManyRequests, http.StatusOK)
}

func TestAccFaults_rateLimitStorm(t *testing.T) {
	t.Parallel()
	const reads = 200
	fake := apifytest.Start(t)
	ids := fake.AddGeneratedDispatches("hookStorm", reads)
	fake.SetRateLimitStorm(0.3, 1)

	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	runSteps(t, resource.TestStep{
		// The provider block sets nothing but where the API is: the
		// defaults must carry every read through the storm.
		Config: providerConfig(fake) + fmt.Sprintf(`
locals {
  ids = [%s]
}

data "apify_webhook_dispatch" "all" {
  count = length(local.ids)

  id = local.ids[count.index]
}

output "read" {
  value = length([for d in data.apify_webhook_dispatch.all : d.id if d.status != null])
}
`, strings.Join(quoted, ", ")),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("read", knownvalue.Int64Exact(reads)),
		},
	})
	// The storm must have happened, at about the rate asked for.
	limited, total := fake.RateLimited(), len(fake.Requests())
	t.Logf("the fake refused %d of %d requests", limited, total)
	if share := float64(limited) / float64(total); share < 0.2 || share > 0.4 {
		t.Errorf("the fake refused %d of %d requests (%.0f%%), want about 30%%", limited, total, share*100)
	}
}

func TestAccFaults_connectionResetMidBodyIsRetried(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.ResetMidBody(), apifytest.ResetConnection())
	runSteps(t, resource.TestStep{
		Config:            providerConfig(fake) + dispatchConfig(apifytest.DispatchSucceeded),
		ConfigStateChecks: []statecheck.StateCheck{expectDispatch("status", str("SUCCEEDED"))},
	})
}

func TestAccFaults_failures(t *testing.T) {
	body := `{"data": {"id": "Zib4xbZsmvZeK55ua", "status": "SUCCEEDED"}}`
	tests := []struct {
		name      string
		settings  []string
		faults    []apifytest.Fault
		wantError []string
	}{
		{
			name:      "a body slower than request_timeout",
			settings:  []string{`max_retries = 1`, `request_timeout = "300ms"`},
			faults:    []apifytest.Fault{apifytest.Trickle(body, 50*time.Millisecond), apifytest.Trickle(body, 50*time.Millisecond)},
			wantError: []string{"No answer from the Apify API", "within the request timeout of 300ms after 2 attempts"},
		},
		{
			name:      "a connection reset on every attempt",
			settings:  []string{`max_retries = 1`},
			faults:    []apifytest.Fault{apifytest.ResetMidBody(), apifytest.ResetMidBody()},
			wantError: []string{"No answer from the Apify API", "after 2 attempts", "reading the response body"},
		},
		{
			name: "an oversized body",
			faults: []apifytest.Fault{apifytest.Body(http.StatusOK, "application/json",
				`{"data": {"id": "x", "calls": [{"responseBody": "`+strings.Repeat("a", apify.MaxResponseBytes)+`"}]}}`)},
			wantError: []string{"Unexpected response from the Apify API", "larger than the limit of 16 MiB"},
		},
		{
			name: "a number where a string belongs",
			faults: []apifytest.Fault{apifytest.Body(http.StatusOK, "application/json",
				`{"data": {"id": "x", "status": 200}}`)},
			wantError: []string{"Unexpected response from the Apify API", `the field "data.status" holds a JSON number where the API documents a string`},
		},
		{
			name: "an object where a list belongs",
			faults: []apifytest.Fault{apifytest.Body(http.StatusOK, "application/json",
				`{"data": {"id": "x", "calls": {"startedAt": null}}}`)},
			wantError: []string{"Unexpected response from the Apify API", `the field "data.calls" holds a JSON object where the API documents a list`},
		},
		{
			name:      "data missing",
			faults:    []apifytest.Fault{apifytest.Body(http.StatusOK, "application/json", `{"dispatch": {}}`)},
			wantError: []string{"Unexpected response from the Apify API", `the "data" field is missing or null`},
		},
		{
			name:      "Retry-After beyond the read timeout",
			settings:  []string{},
			faults:    []apifytest.Fault{apifytest.RetryAfter(http.StatusTooManyRequests, "45")},
			wantError: []string{"Apify API unavailable", "429", "asked to retry after 45s, longer than the time left"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), tt.faults...)
			config := dispatchConfig(apifytest.DispatchSucceeded)
			if strings.HasPrefix(tt.name, "Retry-After") {
				config = waitConfig(apifytest.DispatchSucceeded, `timeouts { read = "10s" }`)
			}
			runSteps(t, resource.TestStep{
				Config:      providerConfig(fake, tt.settings...) + config,
				ExpectError: errorMatching(tt.wantError...),
			})
		})
	}
}

func TestAccFaults_redirectToAnotherHost(t *testing.T) {
	t.Parallel()
	listener, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address on this machine: %v", err)
	}
	other := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the other host received a request for %s", r.URL)
	}))
	other.Listener = listener
	other.Start()
	defer other.Close()

	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Redirect(other.URL+"/steal"))
	runSteps(t, resource.TestStep{
		Config:      providerConfig(fake) + dispatchConfig(apifytest.DispatchSucceeded),
		ExpectError: errorMatching("Unexpected response from the Apify API", "redirected to", "127.0.0.2", "never sent elsewhere"),
	})
}
