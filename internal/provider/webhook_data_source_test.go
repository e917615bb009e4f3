package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// slackWebhook is an integration that sends no HTTP request, with the
// nulls the API description allows.
const slackWebhook = `{"id": "slackHook0000001", "userId": "` + apifytest.UserID + `",
	"createdAt": "2026-10-01T10:00:00.000Z", "modifiedAt": "2026-10-02T10:00:00.000Z", "isAdHoc": null,
	"eventTypes": ["ACTOR.RUN.FAILED"], "condition": {"actorId": "vvE7iMKuMc5qTHHsR"}, "actionType": "SLACK_POST",
	"requestUrl": null, "ignoreSslErrors": false, "doNotRetry": null, "shouldInterpolateStrings": null,
	"lastDispatch": null, "stats": null}`

func TestAccWebhookDataSource_readsWhatTheResourceManages(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runCase(t, fake, resource.TestStep{
		Config: providerConfig(fake) + webhookConfig(`description = "described"`, `headers_template = "{ \"X\": \"1\" }"`) + `
data "apify_webhook" "test" {
  id = apify_webhook.test.id
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.CompareValuePairs(webhookAddress, tfjsonpath.New("event_types"),
				"data.apify_webhook.test", tfjsonpath.New("event_types"), compare.ValuesSame()),
			statecheck.CompareValuePairs(webhookAddress, tfjsonpath.New("request_url"),
				"data.apify_webhook.test", tfjsonpath.New("request_url"), compare.ValuesSame()),
			statecheck.CompareValuePairs(webhookAddress, tfjsonpath.New("modified_at"),
				"data.apify_webhook.test", tfjsonpath.New("modified_at"), compare.ValuesSame()),
			statecheck.ExpectKnownValue("data.apify_webhook.test", tfjsonpath.New("description"), str("described")),
			statecheck.ExpectKnownValue("data.apify_webhook.test", tfjsonpath.New("headers_template"), str(`{ "X": "1" }`)),
			statecheck.ExpectKnownValue("data.apify_webhook.test", tfjsonpath.New("condition"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"actor_id": str("vvE7iMKuMc5qTHHsR"), "actor_task_id": null, "actor_run_id": null,
			})),
			statecheck.ExpectKnownValue("data.apify_webhook.test", tfjsonpath.New("is_ad_hoc"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue("data.apify_webhook.test", tfjsonpath.New("last_dispatch"), null),
			statecheck.ExpectKnownValue("data.apify_webhook.test", tfjsonpath.New("stats"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"total_dispatches": knownvalue.Int64Exact(0),
			})),
			statecheck.ExpectSensitiveValue("data.apify_webhook.test", tfjsonpath.New("request_url")),
			statecheck.ExpectSensitiveValue("data.apify_webhook.test", tfjsonpath.New("headers_template")),
		},
	})
}

func TestAccWebhookDataSource_integrationWithoutRequestURL(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(slackWebhook)
	check := func(attr string, c knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.apify_webhook.test", tfjsonpath.New(attr), c)
	}
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + `
data "apify_webhook" "test" {
  id = "slackHook0000001"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			check("request_url", null),
			check("action_type", str("SLACK_POST")),
			check("is_ad_hoc", null),
			check("do_not_retry", knownvalue.Bool(false)),
			check("payload_template", null),
			check("last_dispatch", null),
			check("stats", null),
		},
	})
}

func TestAccWebhookDataSource_lastDispatchAndStats(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "` + apifytest.WebhookID + `", "eventTypes": ["ACTOR.RUN.FAILED"],
		"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}, "requestUrl": "https://hooks.example.com/apify/runs"}`)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + fmt.Sprintf(`
data "apify_webhook" "test" {
  id = %q
}
`, apifytest.WebhookID),
		ConfigStateChecks: []statecheck.StateCheck{
			// The fixtures' newest dispatch of this webhook is the ACTIVE one.
			statecheck.ExpectKnownValue("data.apify_webhook.test", tfjsonpath.New("last_dispatch"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"status": str("ACTIVE"), "finished_at": null,
			})),
			statecheck.ExpectKnownValue("data.apify_webhook.test", tfjsonpath.New("stats"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"total_dispatches": knownvalue.Int64Exact(4),
			})),
		},
	})
}

func TestAccWebhookDataSource_notFoundIsAnErrorOnID(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + `
data "apify_webhook" "test" {
  id = "noSuchWebhook0001"
}
`,
		ExpectError: errorMatching("Webhook not found", `id = "noSuchWebhook0001"`, "record-not-found"),
	})
}

func webhooksConfig(lines ...string) string {
	return fmt.Sprintf(`
data "apify_webhooks" "test" {
  %s
}
`, strings.Join(lines, "\n  "))
}

func TestAccWebhooksDataSource_listsNewestFirstWithTruncation(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.SetMaxPageSize(4)
	for i := range 10 {
		actor := "actorA"
		if i%2 == 1 {
			actor = "actorB"
		}
		fake.AddWebhook(fmt.Sprintf(`{"id": "hook%02d", "createdAt": "2026-11-%02dT10:00:00.000Z",
			"eventTypes": ["ACTOR.RUN.FAILED"], "condition": {"actorId": %q}, "requestUrl": "https://example.com/%d",
			"payloadTemplate": "{}", "description": "only in a read of one"}`, i, i+1, actor, i))
	}
	list := func(attr string, c knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.apify_webhooks.test", tfjsonpath.New(attr), c)
	}
	runSteps(t,
		resource.TestStep{
			Config: providerConfig(fake) + webhooksConfig(),
			ConfigStateChecks: []statecheck.StateCheck{
				list("webhooks", knownvalue.ListSizeExact(10)),
				statecheck.ExpectKnownValue("data.apify_webhooks.test", tfjsonpath.New("webhooks").AtSliceIndex(0).AtMapKey("id"), str("hook09")),
				statecheck.ExpectKnownValue("data.apify_webhooks.test", tfjsonpath.New("webhooks").AtSliceIndex(9).AtMapKey("id"), str("hook00")),
				list("truncated", knownvalue.Bool(false)),
				list("total", knownvalue.Int64Exact(10)),
				list("limit", knownvalue.Int64Exact(100)),
				statecheck.ExpectSensitiveValue("data.apify_webhooks.test", tfjsonpath.New("webhooks").AtSliceIndex(0).AtMapKey("request_url")),
			},
		},
		resource.TestStep{
			Config: providerConfig(fake) + webhooksConfig(`limit = 3`),
			ConfigStateChecks: []statecheck.StateCheck{
				list("webhooks", knownvalue.ListSizeExact(3)),
				list("truncated", knownvalue.Bool(true)),
			},
		},
		resource.TestStep{
			Config: providerConfig(fake) + webhooksConfig(`actor_id = "actorB"`),
			ConfigStateChecks: []statecheck.StateCheck{
				list("webhooks", knownvalue.ListSizeExact(5)),
				statecheck.ExpectKnownValue("data.apify_webhooks.test", tfjsonpath.New("webhooks").AtSliceIndex(0).AtMapKey("condition"),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"actor_id": str("actorB"), "actor_task_id": null, "actor_run_id": null})),
			},
		},
	)
	for _, r := range fake.Requests() {
		if r.EscapedPath != "/v2/webhooks" && r.EscapedPath != "/v2/actors/actorB/webhooks" {
			t.Errorf("request to %s", r.EscapedPath)
		}
	}
}

func TestAccWebhooksDataSource_scopes(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "taskHook00000001", "createdAt": "2026-11-01T10:00:00.000Z", "eventTypes": ["TEST"],
		"condition": {"actorTaskId": "zRLp8SDOZz2NyLg7K"}, "requestUrl": "https://example.com/"}`)
	runSteps(t,
		resource.TestStep{
			Config:      providerConfig(fake) + webhooksConfig(`actor_id = "a"`, `actor_task_id = "t"`),
			ExpectError: errorMatching("Invalid Attribute Combination"),
		},
		resource.TestStep{
			Config:      providerConfig(fake) + webhooksConfig(`limit = 10001`),
			ExpectError: errorMatching("Invalid number", "limit must be a whole number from 1 to 10000, not 10001."),
		},
		resource.TestStep{
			Config: providerConfig(fake) + webhooksConfig(`actor_task_id = "zRLp8SDOZz2NyLg7K"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.apify_webhooks.test", tfjsonpath.New("webhooks").AtSliceIndex(0).AtMapKey("id"), str("taskHook00000001")),
			},
		},
	)
}
