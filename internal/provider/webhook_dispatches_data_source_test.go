package provider

import (
	"fmt"
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

func expectList(path tfjsonpath.Path, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.apify_webhook_dispatches.test", path, check)
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
		name       string
		dispatches int
		pageSize   int
		limit      int
		want       int
	}{
		{"2,500 dispatches across pages of 1000", 2500, 1000, 2500, 2500},
		{"page size smaller than limit", 30, 7, 20, 20},
		{"limit smaller than one page", 50, 1000, 3, 3},
		{"default limit of 100", 150, 1000, 0, 100},
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
			name:       "filters narrow the newest limit dispatches, not search further back",
			lines:      []string{`limit = 2`, `statuses = ["FAILED"]`},
			wantIDs:    []string{},
			wantCounts: map[string]int64{},
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
	fake.AddWebhook("hookWithoutDispatches")
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
	for _, r := range fake.Requests() {
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
			name:         "missing webhook names it",
			lines:        []string{`webhook_id = "noSuchWebhook0001"`},
			wantError:    errorMatching("Webhook not found", `"noSuchWebhook0001"`, "record-not-found"),
			wantRequests: 1,
		},
		{
			name:      "invalid created_after",
			lines:     []string{`created_after = "last tuesday"`},
			wantError: errorMatching("Invalid RFC3339 String Value", "last tuesday"),
		},
		{
			name:      "limit below 1",
			lines:     []string{`limit = 0`},
			wantError: errorMatching("Attribute limit value must be at least 1"),
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
