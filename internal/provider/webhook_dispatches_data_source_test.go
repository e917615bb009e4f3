package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// listConfig reads data.apify_webhook_dispatches.test with the given
// attribute lines.
func listConfig(lines ...string) string {
	return fmt.Sprintf(`
data "apify_webhook_dispatches" "test" {
  %s
}
`, strings.Join(lines, "\n  "))
}

// expectIDs checks the IDs of the listed dispatches, in order.
func expectIDs(ids ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": str(id)})
	}
	return expectList(tfjsonpath.New("dispatches"), knownvalue.ListExact(checks))
}

func expectStatusCounts(counts map[string]int64) statecheck.StateCheck {
	checks := make(map[string]knownvalue.Check, len(counts))
	for status, n := range counts {
		checks[status] = knownvalue.Int64Exact(n)
	}
	return expectList(tfjsonpath.New("status_counts"), knownvalue.MapExact(checks))
}

func TestAccWebhookDispatches_paging(t *testing.T) {
	tests := []struct {
		name          string
		dispatches    int
		pageSize      int
		limit         int
		want          int
		wantTruncated bool
	}{
		{"2,500 dispatches across pages of 1000", 2500, 1000, 2500, 2500, false},
		{"page size smaller than limit", 30, 7, 20, 20, true},
		{"limit smaller than one page", 50, 1000, 3, 3, true},
		{"default limit of 100", 150, 1000, 0, 100, true},
		{"fewer dispatches than the default limit", 60, 1000, 0, 60, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			fake.SetMaxPageSize(tt.pageSize)
			ids := fake.AddGeneratedDispatches("hookPaging0000001", tt.dispatches)
			lines := []string{`webhook_id = "hookPaging0000001"`}
			wantLimit := int64(defaultListLimit)
			if tt.limit > 0 {
				lines = append(lines, fmt.Sprintf("limit = %d", tt.limit))
				wantLimit = int64(tt.limit)
			}
			dispatches := tfjsonpath.New("dispatches")
			runSteps(t, resource.TestStep{
				Config: providerConfig(fake) + listConfig(lines...),
				ConfigStateChecks: []statecheck.StateCheck{
					expectList(dispatches, knownvalue.ListSizeExact(tt.want)),
					// Newest first: the last generated comes first, and the
					// list ends want-1 dispatches further back.
					expectList(dispatches.AtSliceIndex(0).AtMapKey("id"), str(ids[len(ids)-1])),
					expectList(dispatches.AtSliceIndex(tt.want-1).AtMapKey("id"), str(ids[len(ids)-tt.want])),
					expectList(tfjsonpath.New("limit"), knownvalue.Int64Exact(wantLimit)),
					expectList(tfjsonpath.New("truncated"), knownvalue.Bool(tt.wantTruncated)),
					expectList(tfjsonpath.New("total"), knownvalue.Int64Exact(int64(tt.dispatches))),
				},
			})
		})
	}
}

// filterFixtures are five dispatches of one webhook, a day apart.
var filterFixtures = []string{
	`{"id": "filter1", "webhookId": "hookFilter", "createdAt": "2026-11-01T10:00:00.000Z", "status": "SUCCEEDED", "eventType": "ACTOR.RUN.SUCCEEDED"}`,
	`{"id": "filter2", "webhookId": "hookFilter", "createdAt": "2026-11-02T10:00:00.000Z", "status": "FAILED", "eventType": "ACTOR.RUN.FAILED"}`,
	`{"id": "filter3", "webhookId": "hookFilter", "createdAt": "2026-11-03T10:00:00.000Z", "status": "FAILED", "eventType": "ACTOR.BUILD.FAILED"}`,
	`{"id": "filter4", "webhookId": "hookFilter", "createdAt": "2026-11-04T10:00:00.000Z", "status": "ACTIVE", "eventType": "ACTOR.RUN.SUCCEEDED"}`,
	`{"id": "filter5", "webhookId": "hookFilter", "createdAt": "2026-11-05T10:00:00.000Z", "status": "SUCCEEDED", "eventType": "TEST"}`,
}

func TestAccWebhookDispatches_filters(t *testing.T) {
	tests := []struct {
		name       string
		lines      []string
		wantIDs    []string
		wantCounts map[string]int64
	}{
		{
			name:       "no filter",
			wantIDs:    []string{"filter5", "filter4", "filter3", "filter2", "filter1"},
			wantCounts: map[string]int64{"SUCCEEDED": 2, "FAILED": 2, "ACTIVE": 1},
		},
		{
			name:       "statuses",
			lines:      []string{`statuses = ["FAILED"]`},
			wantIDs:    []string{"filter3", "filter2"},
			wantCounts: map[string]int64{"FAILED": 2},
		},
		{
			name:       "event types",
			lines:      []string{`event_types = ["ACTOR.RUN.SUCCEEDED", "TEST"]`},
			wantIDs:    []string{"filter5", "filter4", "filter1"},
			wantCounts: map[string]int64{"SUCCEEDED": 2, "ACTIVE": 1},
		},
		{
			name:       "created strictly after",
			lines:      []string{`created_after = "2026-11-03T10:00:00Z"`},
			wantIDs:    []string{"filter5", "filter4"},
			wantCounts: map[string]int64{"SUCCEEDED": 1, "ACTIVE": 1},
		},
		{
			name: "every filter at once",
			lines: []string{
				`statuses = ["FAILED", "SUCCEEDED"]`,
				`event_types = ["ACTOR.RUN.FAILED", "ACTOR.RUN.SUCCEEDED", "TEST"]`,
				`created_after = "2026-11-01T12:00:00+02:00"`,
			},
			wantIDs:    []string{"filter5", "filter2"},
			wantCounts: map[string]int64{"SUCCEEDED": 1, "FAILED": 1},
		},
		{
			name:       "without created_after, filters narrow the newest limit dispatches",
			lines:      []string{`limit = 2`, `statuses = ["FAILED"]`},
			wantIDs:    []string{},
			wantCounts: map[string]int64{},
		},
		{
			name:       "with created_after, the window is read to its end whatever the limit",
			lines:      []string{`limit = 4`, `statuses = ["FAILED"]`, `created_after = "2026-11-01T12:00:00Z"`},
			wantIDs:    []string{"filter3", "filter2"},
			wantCounts: map[string]int64{"FAILED": 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			for _, raw := range filterFixtures {
				fake.AddDispatch(raw)
			}
			runSteps(t, resource.TestStep{
				Config:            providerConfig(fake) + listConfig(append([]string{`webhook_id = "hookFilter"`}, tt.lines...)...),
				ConfigStateChecks: []statecheck.StateCheck{expectIDs(tt.wantIDs...), expectStatusCounts(tt.wantCounts)},
			})
		})
	}
}

func TestAccWebhookDispatches_emptyResultIsEmptyNotNull(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "hookWithoutDispatches"}`)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + listConfig(`webhook_id = "hookWithoutDispatches"`),
		ConfigStateChecks: []statecheck.StateCheck{
			expectList(tfjsonpath.New("dispatches"), knownvalue.ListSizeExact(0)),
			expectList(tfjsonpath.New("status_counts"), knownvalue.MapSizeExact(0)),
		},
	})
}

func TestAccWebhookDispatches_accountWideAndPerWebhook(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + listConfig() + fmt.Sprintf(`
data "apify_webhook_dispatches" "one_webhook" {
  webhook_id = %q
}
`, apifytest.WebhookID),
		ConfigStateChecks: []statecheck.StateCheck{
			expectIDs(apifytest.DispatchActive, apifytest.DispatchTaskTimedOut, apifytest.DispatchFailed,
				apifytest.DispatchSucceeded, apifytest.DispatchTest),
			expectStatusCounts(map[string]int64{"SUCCEEDED": 3, "FAILED": 1, "ACTIVE": 1}),
			statecheck.ExpectKnownValue("data.apify_webhook_dispatches.one_webhook", tfjsonpath.New("dispatches"),
				knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": str(apifytest.DispatchActive)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": str(apifytest.DispatchFailed)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": str(apifytest.DispatchSucceeded)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": str(apifytest.DispatchTest)}),
				})),
		},
	})
	for _, r := range dispatchRequests(fake) {
		if r.EscapedPath != "/v2/webhook-dispatches" && r.EscapedPath != "/v2/webhooks/"+apifytest.WebhookID+"/dispatches" {
			t.Errorf("unexpected request to %s", r.EscapedPath)
		}
	}
}

func TestAccWebhookDispatches_mapsDispatchesLikeTheSingleDataSource(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + listConfig(`statuses = ["FAILED"]`) + dispatchConfig(apifytest.DispatchFailed),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.CompareValuePairs(
				"data.apify_webhook_dispatches.test", tfjsonpath.New("dispatches").AtSliceIndex(0).AtMapKey("calls"),
				"data.apify_webhook_dispatch.test", tfjsonpath.New("calls"),
				compare.ValuesSame()),
			statecheck.CompareValuePairs(
				"data.apify_webhook_dispatches.test", tfjsonpath.New("dispatches").AtSliceIndex(0).AtMapKey("webhook"),
				"data.apify_webhook_dispatch.test", tfjsonpath.New("webhook"),
				compare.ValuesSame()),
			statecheck.CompareValuePairs(
				"data.apify_webhook_dispatches.test", tfjsonpath.New("dispatches").AtSliceIndex(0).AtMapKey("event_data"),
				"data.apify_webhook_dispatch.test", tfjsonpath.New("event_data"),
				compare.ValuesSame()),
		},
	})
}

func TestAccWebhookDispatches_errors(t *testing.T) {
	tests := []struct {
		name         string
		lines        []string
		wantError    *regexp.Regexp
		wantRequests int
	}{
		{
			name:         "missing webhook names it, on webhook_id",
			lines:        []string{`webhook_id = "noSuchWebhook0001"`},
			wantError:    errorMatching("Webhook not found", `webhook_id = "noSuchWebhook0001"`, `"noSuchWebhook0001"`, "record-not-found"),
			wantRequests: 1,
		},
		{
			name:  "invalid created_after",
			lines: []string{`created_after = "last tuesday"`},
			wantError: errorMatching("Invalid timestamp", `"last tuesday" is not an RFC 3339 timestamp. Write one such as "2026-11-01T00:00:00Z"`,
				`timeadd(plantimestamp(), "-24h")`),
		},
		{
			name:      "limit below 1",
			lines:     []string{`limit = 0`},
			wantError: errorMatching("Invalid number", "limit must be a whole number from 1 to 10000, not 0."),
		},
		{
			name:      "limit not a whole number",
			lines:     []string{`limit = 1.5`},
			wantError: errorMatching("Invalid number", "limit must be a whole number from 1 to 10000, not 1.5."),
		},
		{
			name:      "limit past the bound, and past a 32-bit int",
			lines:     []string{`limit = 4294967297`},
			wantError: errorMatching("Invalid number", "limit must be a whole number from 1 to 10000, not 4294967297."),
		},
		{
			name:      "status in lower case",
			lines:     []string{`statuses = ["failed"]`},
			wantError: errorMatching("Wrong case in dispatch status", `"failed" is not a dispatch status`, `never match. Write "FAILED".`),
		},
		{
			name:      "misspelt status",
			lines:     []string{`statuses = ["FAILD"]`},
			wantError: errorMatching("Unknown dispatch status", `"FAILD" is not a dispatch status. Use one of: ACTIVE, SUCCEEDED, FAILED.`),
		},
		{
			name:      "event type in lower case",
			lines:     []string{`event_types = ["actor.run.failed"]`},
			wantError: errorMatching("Wrong case in event type", `"actor.run.failed" is not an event type`, `Write "ACTOR.RUN.FAILED".`),
		},
		{
			name:      "zero read timeout",
			lines:     []string{`timeouts { read = "0s" }`},
			wantError: errorMatching("Invalid duration", `"0s" is not longer than zero.`),
		},
		{
			name:      "empty statuses",
			lines:     []string{`statuses = []`},
			wantError: errorMatching("Attribute statuses set must contain at least 1 elements"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			runSteps(t, resource.TestStep{
				Config:      providerConfig(fake) + listConfig(tt.lines...),
				ExpectError: tt.wantError,
			})
			if n := len(fake.Requests()); n != tt.wantRequests {
				t.Errorf("the fake received %d requests, want %d", n, tt.wantRequests)
			}
		})
	}
}

func TestAccWebhookDispatches_windowReadToItsEnd(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.SetMaxPageSize(50)
	// 400 dispatches a second apart; the window holds the newest 300, read
	// in pages of 50, and stops at the window's end, far from its limit.
	fake.AddGeneratedDispatches("hookWindow", 400)
	wantFailed := int64(0)
	for i := 100; i < 400; i++ {
		if apifytest.GeneratedStatus(i) == "FAILED" {
			wantFailed++
		}
	}
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + listConfig(`webhook_id = "hookWindow"`, `statuses = ["FAILED"]`,
			`created_after = "2026-01-01T00:01:39Z"`, `limit = 10000`),
		ConfigStateChecks: []statecheck.StateCheck{
			expectList(tfjsonpath.New("dispatches"), knownvalue.ListSizeExact(int(wantFailed))),
			expectStatusCounts(map[string]int64{"FAILED": wantFailed}),
			expectList(tfjsonpath.New("truncated"), knownvalue.Bool(false)),
			expectList(tfjsonpath.New("total"), knownvalue.Int64Exact(400)),
		},
	})
}

func TestAccWebhookDispatches_windowCutAtTheLimitIsFlagged(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddGeneratedDispatches("hookWindow", 400)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + listConfig(`webhook_id = "hookWindow"`, `limit = 50`,
			`created_after = "2026-01-01T00:01:39Z"`),
		ConfigStateChecks: []statecheck.StateCheck{
			expectList(tfjsonpath.New("dispatches"), knownvalue.ListSizeExact(50)),
			expectList(tfjsonpath.New("truncated"), knownvalue.Bool(true)),
		},
	})
}

// The README's check: it must fail on a window cut short, whatever the
// failures it saw.
func TestAccWebhookDispatches_readmeCheckFailsOnATruncatedWindow(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddGeneratedDispatches("hookWindow", 400)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + `
data "apify_webhook_dispatches" "failed_recently" {
  webhook_id    = "hookWindow"
  statuses      = ["FAILED"]
  created_after = "2026-01-01T00:01:39Z"
  limit         = 50
}

output "all_delivered" {
  value = data.apify_webhook_dispatches.failed_recently.truncated == false && length(data.apify_webhook_dispatches.failed_recently.dispatches) == 0
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("all_delivered", knownvalue.Bool(false)),
		},
	})
}

func TestAccWebhookDispatches_dispatchPushedToTheNextPageIsCountedOnce(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.SetMaxPageSize(10)
	fake.AddGeneratedDispatches("hookBusy", 30)
	// Two dispatches arrive between the first and the second page: the
	// second page repeats the last two of the first.
	fake.After(apifytest.ListWebhookDispatchesOfWebhook.Of("hookBusy"), 1, func() {
		fake.AddDispatch(`{"id": "late1", "webhookId": "hookBusy", "createdAt": "2026-06-01T00:00:01Z", "status": "FAILED"}`)
		fake.AddDispatch(`{"id": "late2", "webhookId": "hookBusy", "createdAt": "2026-06-01T00:00:02Z", "status": "FAILED"}`)
	})
	want := map[string]int64{}
	for i := range 30 {
		want[apifytest.GeneratedStatus(i)]++
	}
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + listConfig(`webhook_id = "hookBusy"`),
		ConfigStateChecks: []statecheck.StateCheck{
			expectList(tfjsonpath.New("dispatches"), knownvalue.ListSizeExact(30)),
			expectStatusCounts(want),
		},
	})
}

func TestAccWebhookDispatches_listNotNewestFirstFails(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "hookOrder"}`)
	fake.QueueFaults(apifytest.ListWebhookDispatchesOfWebhook.Of("hookOrder"), apifytest.Body(http.StatusOK, "application/json",
		`{"data": {"total": 2, "offset": 0, "limit": 101, "desc": false, "count": 2, "items": [`+
			`{"id": "a", "createdAt": "2026-01-01T00:00:00Z"}, {"id": "b", "createdAt": "2026-01-02T00:00:00Z"}]}}`))
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + listConfig(`webhook_id = "hookOrder"`),
		ExpectError: errorMatching("Unexpected response from the Apify API", "did not list the items newest first",
			`(desc=1): the page says "desc": false.`),
	})
}

func TestAccWebhookDispatches_readTimeoutBoundsTheWholeRead(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "hookSlow"}`)
	faults := make([]apifytest.Fault, 100)
	for i := range faults {
		faults[i] = apifytest.Hang()
	}
	fake.QueueFaults(apifytest.ListWebhookDispatchesOfWebhook.Of("hookSlow"), faults...)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake, `max_retries = 100`, `request_timeout = "1s"`) +
			listConfig(`webhook_id = "hookSlow"`, `timeouts { read = "3s" }`),
		ExpectError: errorMatching("Read timed out", `the dispatches of webhook "hookSlow" did not finish within its time limit of 3s`,
			"raise the time limit in the timeouts block."),
	})
	// Each attempt hangs for its request timeout, then waits to retry: only
	// the read's own limit ends that within seconds.
	if n := len(fake.Requests()); n < 2 {
		t.Errorf("the fake received %d requests, want the retries that fit in 3s", n)
	}
}

func TestAccWebhookDispatches_requestURLIsSensitive(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runSteps(t,
		resource.TestStep{
			Config: providerConfig(fake) + listConfig(`webhook_id = "`+apifytest.WebhookID+`"`) + dispatchConfig(apifytest.DispatchSucceeded) + `
output "list" {
  value = data.apify_webhook_dispatches.test.dispatches
}
`,
			ExpectError: errorMatching("Output refers to sensitive values"),
		},
		resource.TestStep{
			Config: providerConfig(fake) + dispatchConfig(apifytest.DispatchSucceeded) + `
output "one" {
  value = data.apify_webhook_dispatch.test.webhook
}
`,
			ExpectError: errorMatching("Output refers to sensitive values"),
		},
		resource.TestStep{
			Config: providerConfig(fake) + listConfig(`webhook_id = "`+apifytest.WebhookID+`"`) + dispatchConfig(apifytest.DispatchSucceeded) + `
output "statuses" {
  value = [for d in data.apify_webhook_dispatches.test.dispatches : d.status]
}

output "status" {
  value = data.apify_webhook_dispatch.test.status
}

output "whole" {
  value     = data.apify_webhook_dispatch.test
  sensitive = true
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("status", str("SUCCEEDED")),
				statecheck.ExpectSensitiveValue("data.apify_webhook_dispatch.test", tfjsonpath.New("webhook").AtMapKey("request_url")),
			},
		},
	)
}

func TestAccWebhookDispatches_retriesAPageThenSucceeds(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.SetMaxPageSize(10)
	fake.AddGeneratedDispatches("hookRetry", 25)
	// The second page of the first read fails twice.
	fake.After(apifytest.ListWebhookDispatchesOfWebhook.Of("hookRetry"), 1, func() {
		fake.QueueFaults(apifytest.ListWebhookDispatchesOfWebhook.Of("hookRetry"),
			apifytest.Status(http.StatusServiceUnavailable, "server-busy", "Busy."),
			apifytest.Status(http.StatusBadGateway, "bad-gateway", "Upstream failed."))
	})
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + listConfig(`webhook_id = "hookRetry"`),
		ConfigStateChecks: []statecheck.StateCheck{
			expectList(tfjsonpath.New("dispatches"), knownvalue.ListSizeExact(25)),
		},
	})
	expectAnswers(t, fake, http.StatusOK, http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusOK, http.StatusOK)
}
