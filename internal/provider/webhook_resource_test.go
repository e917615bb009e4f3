package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

func TestAccWebhook_lifecycle(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.SetStoredForms(normalisingForms)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	runCase(t, fake,
		resource.TestStep{
			Config: providerConfig(fake) + webhookConfig(),
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(webhookAddress, tfjsonpath.New("id")),
				expectWebhook("user_id", str(apifytest.UserID)),
				expectWebhook("event_types", knownvalue.SetExact([]knownvalue.Check{str("ACTOR.RUN.FAILED")})),
				expectWebhook("condition", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"actor_id": str("vvE7iMKuMc5qTHHsR"), "actor_task_id": null,
				})),
				expectWebhook("request_url", str("https://hooks.example.com/apify?token=s3cret")),
				expectWebhook("payload_template", null),
				expectWebhook("headers_template", null),
				expectWebhook("description", null),
				expectWebhook("ignore_ssl_errors", knownvalue.Bool(false)),
				expectWebhook("do_not_retry", knownvalue.Bool(false)),
				expectWebhook("should_interpolate_strings", knownvalue.Bool(false)),
				expectWebhook("created_at", knownvalue.NotNull()),
				expectWebhook("modified_at", knownvalue.NotNull()),
			},
		},
		resource.TestStep{
			// Every attribute changed at once, in place. The URL has no path
			// and the templates surrounding white space: the fake stores them
			// normalised, and the next plan stays empty.
			Config: providerConfig(fake) + webhookConfig(
				`event_types = ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.TIMED_OUT"]`,
				`condition = { actor_task_id = "zRLp8SDOZz2NyLg7K" }`,
				`request_url = "https://Hooks.Example.com"`,
				`payload_template = "\n{\n  \"runId\": {{resource.id}}\n}\n"`,
				`headers_template = "{ \"Authorization\": \"Bearer hunter2\" }  "`,
				`description = "Tell the CI when the task ends"`,
				`ignore_ssl_errors = true`,
				`do_not_retry = true`,
				`should_interpolate_strings = true`,
			),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(webhookAddress, tfjsonpath.New("id")),
				expectWebhook("condition", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"actor_id": null, "actor_task_id": str("zRLp8SDOZz2NyLg7K"),
				})),
				expectWebhook("request_url", str("https://Hooks.Example.com")),
				expectWebhook("payload_template", str("\n{\n  \"runId\": {{resource.id}}\n}\n")),
				expectWebhook("do_not_retry", knownvalue.Bool(true)),
			},
		},
		resource.TestStep{
			// Every optional attribute removed: cleared on the platform.
			Config: providerConfig(fake) + webhookConfig(),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				w := storedWebhook(t, fake)
				for _, name := range []string{"payloadTemplate", "headersTemplate", "description"} {
					if w[name] != nil {
						return fmt.Errorf("%s is %v on the platform, want it cleared", name, w[name])
					}
				}
				for _, name := range []string{"ignoreSslErrors", "doNotRetry", "shouldInterpolateStrings"} {
					if w[name] != false {
						return fmt.Errorf("%s is %v on the platform, want false", name, w[name])
					}
				}
				return nil
			},
		},
		resource.TestStep{
			ResourceName:      webhookAddress,
			ImportState:       true,
			ImportStateVerify: true,
		},
	)
}

// Each optional attribute on its own: set, then removed. After each apply
// the plan must be empty, which the test framework checks.
func TestAccWebhook_eachOptionalAttributeSetAndUnset(t *testing.T) {
	for name, line := range map[string]string{
		"payload_template":           `payload_template = "{ \"event\": {{eventType}} }"`,
		"headers_template":           `headers_template = "{ \"X-Secret\": \"abc\" }"`,
		"description":                `description = "a webhook"`,
		"ignore_ssl_errors":          `ignore_ssl_errors = true`,
		"do_not_retry":               `do_not_retry = true`,
		"should_interpolate_strings": `should_interpolate_strings = true`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			runCase(t, fake,
				resource.TestStep{Config: providerConfig(fake) + webhookConfig(line)},
				resource.TestStep{
					ResourceName: webhookAddress, ImportState: true, ImportStateVerify: true,
				},
				resource.TestStep{Config: providerConfig(fake) + webhookConfig()},
				resource.TestStep{
					Config: providerConfig(fake) + webhookConfig(line),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionUpdate),
					}},
				},
			)
		})
	}
}

func TestAccWebhook_changesOutsideTerraformArePlannedBack(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	config := providerConfig(fake) + webhookConfig(`description = "managed"`)
	runCase(t, fake,
		resource.TestStep{Config: config},
		resource.TestStep{
			PreConfig: func() {
				fake.ChangeWebhook(fake.Webhooks()[0], `{"description": "changed in Console", "doNotRetry": true,
					"eventTypes": ["ACTOR.RUN.SUCCEEDED"], "requestUrl": "https://elsewhere.example.com/",
					"headersTemplate": "{}"}`)
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				w := storedWebhook(t, fake)
				if w["description"] != "managed" || w["doNotRetry"] != false || w["headersTemplate"] != nil ||
					w["requestUrl"] != "https://hooks.example.com/apify?token=s3cret" {
					return fmt.Errorf("the platform's webhook was not set back: %v", w)
				}
				return nil
			},
		},
	)
}

func TestAccWebhook_deletedOutsideTerraformIsCreatedAgain(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	config := providerConfig(fake) + webhookConfig()
	var firstID string
	runCase(t, fake,
		resource.TestStep{
			Config: config,
			Check: func(s *terraform.State) error {
				firstID = s.RootModule().Resources[webhookAddress].Primary.ID
				return nil
			},
		},
		resource.TestStep{
			PreConfig: func() { fake.DeleteWebhook(firstID) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionCreate),
			}},
			Check: func(s *terraform.State) error {
				if id := s.RootModule().Resources[webhookAddress].Primary.ID; id == firstID {
					return fmt.Errorf("the webhook kept the ID %s of the deleted one", id)
				}
				return nil
			},
		},
	)
}

func TestAccWebhook_importBlock(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "existingHook00001", "userId": "` + apifytest.UserID + `",
		"createdAt": "2026-11-01T10:00:00.000Z", "modifiedAt": "2026-11-02T10:00:00.000Z", "isAdHoc": false,
		"eventTypes": ["ACTOR.RUN.FAILED"], "condition": {"actorId": "vvE7iMKuMc5qTHHsR", "actorTaskId": null},
		"requestUrl": "https://hooks.example.com/apify?token=s3cret", "payloadTemplate": "", "headersTemplate": null,
		"description": null, "ignoreSslErrors": false, "doNotRetry": null, "shouldInterpolateStrings": false}`)
	runCase(t, fake,
		resource.TestStep{
			Config: providerConfig(fake) + webhookConfig() + `
import {
  to = apify_webhook.test
  id = "existingHook00001"
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectWebhook("id", str("existingHook00001")),
				// "" and null from the API both read as not set.
				expectWebhook("payload_template", null),
				expectWebhook("do_not_retry", knownvalue.Bool(false)),
			},
		},
	)
}

func TestAccWebhook_importsThatMustFail(t *testing.T) {
	tests := map[string]struct {
		raw  string
		want string
	}{
		"Slack integration": {
			`{"id": "slackHook0000001", "eventTypes": ["ACTOR.RUN.FAILED"], "condition": {"actorId": "a1"},
				"requestUrl": null, "actionType": "SLACK_POST"}`,
			"sends no HTTP request",
		},
		"ad-hoc webhook": {
			`{"id": "adHocHook0000001", "isAdHoc": true, "eventTypes": ["ACTOR.RUN.FAILED"],
				"condition": {"actorRunId": "r1"}, "requestUrl": "https://example.com/"}`,
			"is an ad-hoc webhook",
		},
		"condition on a run": {
			`{"id": "runHook000000001", "isAdHoc": false, "eventTypes": ["ACTOR.RUN.FAILED"],
				"condition": {"actorRunId": "r1"}, "requestUrl": "https://example.com/"}`,
			"watches an Actor run",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			fake.AddWebhook(tt.raw)
			var raw map[string]any
			_ = json.Unmarshal([]byte(tt.raw), &raw)
			runSteps(t, resource.TestStep{
				Config: providerConfig(fake) + webhookConfig() + fmt.Sprintf(`
import {
  to = apify_webhook.test
  id = %q
}
`, raw["id"]),
				ExpectError: errorMatching("Webhook cannot be managed by apify_webhook", tt.want, "apify_webhook data source"),
			})
		})
	}
}

func TestAccWebhook_invalidConfiguration(t *testing.T) {
	tests := map[string]struct {
		lines []string
		want  *regexp.Regexp
	}{
		"both Actor and task": {
			[]string{`condition = { actor_id = "a1", actor_task_id = "t1" }`},
			errorMatching("Invalid Attribute Combination", "condition.actor_id", "condition.actor_task_id"),
		},
		"neither Actor nor task": {
			[]string{`condition = {}`},
			errorMatching("Missing Attribute Configuration", "Exactly one of these attributes must be configured",
				"condition.actor_id,condition.actor_task_id"),
		},
		"event type in lower case": {
			[]string{`event_types = ["actor.run.failed"]`},
			errorMatching("Wrong case in event type", `Write "ACTOR.RUN.FAILED".`),
		},
		"no event type": {
			[]string{`event_types = []`},
			errorMatching("event_types set must contain at least 1 elements"),
		},
		"relative request URL": {
			[]string{`request_url = "hooks.example.com/s3cret"`},
			errorMatching("Invalid request URL", "must be an absolute http:// or https:// URL"),
		},
		"port out of range": {
			[]string{`request_url = "https://hooks.example.com:99999/s3cret"`},
			errorMatching("Invalid request URL", "a port from 1 to 65535"),
		},
		"empty event type": {
			[]string{`event_types = [""]`},
			errorMatching("Empty event type", "An empty value is not an event type"),
		},
		"payload template of only white space": {
			[]string{`payload_template = "\n"`},
			errorMatching("Empty template", "payload_template", "Leave the attribute out for the platform's default"),
		},
		"headers template of only white space": {
			[]string{`headers_template = "  "`},
			errorMatching("Empty template", "headers_template"),
		},
		"header the platform sets itself": {
			[]string{`headers_template = "{ \"content-type\": \"text/plain\", \"X-Token\": \"hunter2\" }"`},
			errorMatching("Header the platform sets itself", `"content-type"`, "rewrites to its own value"),
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			runSteps(t, resource.TestStep{
				Config:      providerConfig(fake) + webhookConfig(tt.lines...),
				ExpectError: tt.want,
			})
			if n := len(fake.Requests()); n != 0 {
				t.Errorf("the fake received %d requests, want none before the configuration is valid", n)
			}
		})
	}
}

// A create whose answer is lost after the platform stored the webhook is
// retried with the same idempotency key: one webhook, not two.
func TestAccWebhook_createRetriedAfterADroppedConnectionCreatesOne(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.DropAfterHandling(apifytest.CreateWebhook.Of(""))
	runCase(t, fake, resource.TestStep{
		Config: providerConfig(fake) + webhookConfig(),
		Check: func(*terraform.State) error {
			if ids := fake.Webhooks(); len(ids) != 1 {
				return fmt.Errorf("the fake holds webhooks %v, want exactly one", ids)
			}
			var creates int
			for _, r := range fake.Requests() {
				if r.Method == http.MethodPost && r.EscapedPath == "/v2/webhooks" {
					creates++
				}
			}
			if creates != 2 {
				return fmt.Errorf("%d create requests, want the dropped one and its retry", creates)
			}
			return nil
		},
	})
}

// A create that ends in a 5xx may have been stored before the error: the
// message says so, rather than only to try again.
func TestAccWebhook_serverErrorOnCreateSaysItMayExist(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.CreateWebhook.Of(""), apifytest.Status(http.StatusBadGateway, "bad-gateway", "Upstream failed."))
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake, `max_retries = 0`) + webhookConfig(),
		ExpectError: errorMatching("Apify API unavailable", "Creating the webhook failed", "502 Bad Gateway",
			"try again later", "The webhook may have been created all the same", "terraform import"),
	})
}

// The API description does not forbid an event type twice in a
// webhook's eventTypes, so a webhook made through the API or Console may
// have it: every read takes it once.
func TestAccWebhook_eventTypeTwiceInTheAPI(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "doubledEvents001", "eventTypes": ["ACTOR.RUN.FAILED", "TEST", "ACTOR.RUN.FAILED"],
		"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}, "requestUrl": "https://hooks.example.com/apify?token=s3cret"}`)
	eventTypes := knownvalue.SetExact([]knownvalue.Check{str("ACTOR.RUN.FAILED"), str("TEST")})
	config := providerConfig(fake) + webhookConfig(`event_types = ["ACTOR.RUN.FAILED", "TEST"]`) + `
data "apify_webhook" "one" {
  id = "doubledEvents001"
}

data "apify_webhooks" "all" {}
`
	runCase(t, fake,
		resource.TestStep{
			Config: config + `
import {
  to = apify_webhook.test
  id = "doubledEvents001"
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectWebhook("event_types", eventTypes),
				statecheck.ExpectKnownValue("data.apify_webhook.one", tfjsonpath.New("event_types"), eventTypes),
				statecheck.ExpectKnownValue("data.apify_webhooks.all", tfjsonpath.New("webhooks").AtSliceIndex(0).AtMapKey("event_types"), eventTypes),
			},
		},
		// A refresh reads it again, and plans nothing.
		resource.TestStep{RefreshState: true},
		resource.TestStep{Config: config, PlanOnly: true},
	)
}

// Whatever the platform does with a template it stores (keeps it, trims
// it, drops its CR LF line ends, stores its default payload for none) and
// with a URL (lower-case host, "/" for an empty path), the apply succeeds
// and the next plan is empty.
func TestAccWebhook_formsThePlatformMayStore(t *testing.T) {
	withCRLF := `payload_template = "{\r\n  \"note\": \"line one\r\nline two\"\r\n}\r\n"`
	tests := map[string]struct {
		forms apifytest.StoredForms
		lines []string
	}{
		"stored as sent":             {apifytest.StoredForms{}, []string{withCRLF}},
		"normalised":                 {normalisingForms, []string{withCRLF, `request_url = "https://Hooks.Example.com?token=s3cret"`}},
		"default payload for none":   {apifytest.StoredForms{DefaultPayload: defaultPayloadTemplate}, nil},
		"templates without CR LF":    {apifytest.StoredForms{Template: func(s string) any { return strings.ReplaceAll(s, "\r\n", "\n") }}, []string{withCRLF}},
		"templates with white space": {apifytest.StoredForms{Template: func(s string) any { return "\n" + s + "  " }}, []string{`headers_template = "{\"X-Token\": \"hunter2\"}"`}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			fake.SetStoredForms(tt.forms)
			// The test framework fails a step whose apply is inconsistent, or
			// after which a plan is not empty.
			runCase(t, fake, resource.TestStep{Config: providerConfig(fake) + webhookConfig(tt.lines...)})
		})
	}
}

// An import of a webhook stored in another form than the configuration's
// (the URL's host in capitals and a trailing "/", the template formatted
// otherwise) plans no update. (terraform import leads to the same plan,
// from the same state; the test framework cannot run it here without a
// registry.)
func TestAccWebhook_importOfAnEquivalentFormPlansNothing(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "formsHook0000001", "eventTypes": ["ACTOR.RUN.FAILED"],
		"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}, "requestUrl": "https://HOOKS.example.com/?token=s3cret",
		"payloadTemplate": "{\n  \"runId\": {{resource.id}}\n}"}`)
	runCase(t, fake, resource.TestStep{
		Config: providerConfig(fake) + webhookConfig(`request_url = "https://hooks.example.com?token=s3cret"`,
			`payload_template = "{ \"runId\": {{resource.id}} }"`) + `
import {
  to = apify_webhook.test
  id = "formsHook0000001"
}
`,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionNoop),
		}},
	})
	if puts := requestsOf(fake, http.MethodPut); puts != 0 {
		t.Errorf("sent %d updates, want none", puts)
	}
}

// A webhook changed in Console into one the resource cannot represent is
// a warning on refresh that says how to get out; apply sets it back to the
// configuration, and destroy works throughout. What makes it so need not
// show in an attribute (an ad-hoc flag, a run in the condition).
func TestAccWebhook_changedInConsoleBeyondWhatItRepresents(t *testing.T) {
	for name, change := range map[string]string{
		"both an Actor and a task": `{"condition": {"actorId": "vvE7iMKuMc5qTHHsR", "actorTaskId": "zRLp8SDOZz2NyLg7K"}}`,
		"ad hoc":                   `{"isAdHoc": true}`,
		"a run in the condition":   `{"condition": {"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": "Wb4nM7qErT2yUi8Op"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			config := providerConfig(fake) + webhookConfig()
			changeInConsole := func() { fake.ChangeWebhook(fake.Webhooks()[0], change) }
			runCase(t, fake,
				resource.TestStep{Config: config},
				resource.TestStep{
					PreConfig: changeInConsole,
					Config:    config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionUpdate),
					}},
					Check: func(*terraform.State) error {
						stored := storedWebhook(t, fake)
						condition, _ := stored["condition"].(map[string]any)
						if condition["actorTaskId"] != nil || condition["actorRunId"] != nil || stored["isAdHoc"] != false {
							return fmt.Errorf("after apply the platform holds condition %v, isAdHoc %v", condition, stored["isAdHoc"])
						}
						return nil
					},
				},
				// Changed again, then destroyed: the refresh before the destroy
				// must not stop it.
				resource.TestStep{PreConfig: changeInConsole, Config: config, Destroy: true},
			)
		})
	}
}

// An imported webhook whose headers template the configuration leaves
// out, as a generated one does, fails before any request and names the
// attribute; set, it plans no change.
func TestAccWebhook_importKeepsTheHeadersTemplate(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "importedHook00001", "eventTypes": ["ACTOR.RUN.FAILED"], "condition": {"actorId": "vvE7iMKuMc5qTHHsR"},
		"requestUrl": "https://hooks.example.com/apify", "headersTemplate": "{\"X-Token\": \"s3cret-header\"}"}`)
	lines := []string{`event_types = ["ACTOR.RUN.FAILED"]`, `request_url = "https://hooks.example.com/apify"`}
	runSteps(t,
		resource.TestStep{
			Config:      providerConfig(fake) + importBlock(webhookAddress, "importedHook00001") + webhookConfig(lines...),
			ExpectError: errorMatching("Webhook headers template not configured", "headers_template_wo"),
		},
		resource.TestStep{
			Config: providerConfig(fake) + importBlock(webhookAddress, "importedHook00001") +
				webhookConfig(append(lines, `headers_template = jsonencode({ "X-Token" = "s3cret-header" })`)...),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionNoop),
			}},
		},
	)
	if n := requestsOf(fake, http.MethodPut); n != 0 {
		t.Errorf("%d updates sent, want none", n)
	}
}
