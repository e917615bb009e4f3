package provider

import (
	"fmt"
	"net/http"
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

// fixedWebhook stores a webhook with a known ID, so that faults can be
// queued for its test before Terraform runs; its request URL is on host.
func fixedWebhook(fake *apifytest.Server, id, host string) {
	fake.AddWebhook(fmt.Sprintf(`{"id": %q, "userId": %q, "isAdHoc": false, "eventTypes": ["ACTOR.RUN.FAILED"],
		"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}, "requestUrl": "https://%s/apify"}`, id, apifytest.UserID, host))
}

func testDispatchConfig(webhookID string, lines ...string) string {
	return fmt.Sprintf(`
resource "apify_webhook_test_dispatch" "test" {
  webhook_id = %q
  %s
}
`, webhookID, strings.Join(lines, "\n  "))
}

// testsFired counts the tests the fake was asked to fire for webhookID.
func testsFired(fake *apifytest.Server, webhookID string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == http.MethodPost && r.EscapedPath == "/v2/webhooks/"+webhookID+"/test" {
			n++
		}
	}
	return n
}

func expectTestsFired(fake *apifytest.Server, webhookID string, want int) func(*terraform.State) error {
	return func(*terraform.State) error {
		if got := testsFired(fake, webhookID); got != want {
			return fmt.Errorf("%d tests fired for webhook %s, want %d", got, webhookID, want)
		}
		return nil
	}
}

// The loop the docs show: a webhook declared, tested, and its delivery
// proved by a postcondition, in one apply.
func TestAccWebhookTestDispatch_deliveredInTheSameApply(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runCase(t, fake, resource.TestStep{
		Config: providerConfig(fake) + webhookConfig() + `
resource "apify_webhook_test_dispatch" "test" {
  webhook_id = apify_webhook.test.id

  lifecycle {
    postcondition {
      condition     = self.status == "SUCCEEDED"
      error_message = "The webhook did not deliver its test."
    }
  }
}

output "response_status" {
  value = apify_webhook_test_dispatch.test.calls[length(apify_webhook_test_dispatch.test.calls) - 1].response_status
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			expectTestDispatch("status", str("SUCCEEDED")),
			expectTestDispatch("event_type", str("TEST")),
			expectTestDispatch("event_data", null),
			expectTestDispatch("wait_for_final_status", knownvalue.Bool(true)),
			statecheck.CompareValuePairs(testDispatchAddress, tfjsonpath.New("webhook_id"), webhookAddress, tfjsonpath.New("id"), compare.ValuesSame()),
			statecheck.ExpectKnownOutputValue("response_status", knownvalue.Int64Exact(200)),
			statecheck.ExpectSensitiveValue(testDispatchAddress, tfjsonpath.New("webhook")),
		},
	})
}

func TestAccWebhookTestDispatch_failedDeliveryFailsThePostcondition(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fixedWebhook(fake, "failingHook00001", apifytest.FailingHost)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + testDispatchConfig("failingHook00001", `
  lifecycle {
    postcondition {
      condition     = self.status == "SUCCEEDED"
      error_message = "The webhook did not deliver its test."
    }
  }`),
		ExpectError: errorMatching("Resource postcondition failed", "The webhook did not deliver its test."),
	})
}

func TestAccWebhookTestDispatch_failedDeliveryIsRecorded(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fixedWebhook(fake, "unreachableHook1", apifytest.UnreachableHost)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + testDispatchConfig("unreachableHook1"),
		ConfigStateChecks: []statecheck.StateCheck{
			expectTestDispatch("status", str("FAILED")),
			expectTestDispatch("calls", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"error_message": str("Cannot send request: connect ECONNREFUSED"), "response_status": null,
			})})),
		},
	})
}

func TestAccWebhookTestDispatch_waitThatRunsOutNamesTheDispatch(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fixedWebhook(fake, "slowHook00000001", "hooks.example.com")
	fake.SetTestSettleReads(1 << 30)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + testDispatchConfig("slowHook00000001", "timeouts {\n    create = \"3s\"\n  }"),
		ExpectError: errorMatching("Webhook dispatch still ACTIVE", "The test was fired, but webhook dispatch",
			"did not settle within the create timeout of 3s", "Its ID is in the state"),
	})
	if n := len(fake.Dispatches("slowHook00000001")); n != 1 {
		t.Errorf("%d test dispatches, want 1", n)
	}
}

func TestAccWebhookTestDispatch_noWaitThenRefreshSeesItSettle(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fixedWebhook(fake, "refreshHook00001", "hooks.example.com")
	fake.SetTestSettleReads(2)
	config := providerConfig(fake) + testDispatchConfig("refreshHook00001", `wait_for_final_status = false`)
	runSteps(t,
		resource.TestStep{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectTestDispatch("status", str("ACTIVE")),
				expectTestDispatch("calls", knownvalue.ListSizeExact(0)),
			},
		},
		resource.TestStep{
			// Two refreshes later the platform has delivered it.
			RefreshState: true,
		},
		resource.TestStep{
			RefreshState: true,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(testDispatchAddress, "status", "SUCCEEDED"),
				resource.TestCheckResourceAttr(testDispatchAddress, "calls.#", "1"),
				expectTestsFired(fake, "refreshHook00001", 1),
			),
		},
	)
}

func TestAccWebhookTestDispatch_whatFiresANewTest(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fixedWebhook(fake, "hookA00000000001", "hooks.example.com")
	fixedWebhook(fake, "hookB00000000001", "hooks.example.com")
	step := func(webhookID string, lines []string, action plancheck.ResourceActionType, firedA, firedB int) resource.TestStep {
		return resource.TestStep{
			Config: providerConfig(fake) + testDispatchConfig(webhookID, lines...),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(testDispatchAddress, action),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				expectTestsFired(fake, "hookA00000000001", firedA), expectTestsFired(fake, "hookB00000000001", firedB)),
		}
	}
	v1 := []string{`triggers = { version = "1" }`}
	runSteps(t,
		step("hookA00000000001", v1, plancheck.ResourceActionCreate, 1, 0),
		step("hookA00000000001", []string{`triggers = { version = "2" }`}, plancheck.ResourceActionReplace, 2, 0),
		step("hookB00000000001", []string{`triggers = { version = "2" }`}, plancheck.ResourceActionReplace, 2, 1),
		step("hookB00000000001", []string{`triggers = { version = "2" }`, `wait_for_final_status = false`}, plancheck.ResourceActionUpdate, 2, 1),
		step("hookB00000000001", []string{`triggers = { version = "2" }`, `wait_for_final_status = false`, "timeouts {\n    create = \"1m\"\n  }"},
			plancheck.ResourceActionUpdate, 2, 1),
	)
}

func TestAccWebhookTestDispatch_dispatchGoneFromTheAPIStaysAsRead(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fixedWebhook(fake, "goneHook00000001", "hooks.example.com")
	config := providerConfig(fake) + testDispatchConfig("goneHook00000001")
	runSteps(t,
		resource.TestStep{Config: config},
		resource.TestStep{
			PreConfig: func() { fake.DeleteDispatch(fake.Dispatches("goneHook00000001")[0]) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(testDispatchAddress, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expectTestDispatch("status", str("SUCCEEDED"))},
			Check:             expectTestsFired(fake, "goneHook00000001", 1),
		},
	)
}

// The API refused the first request (429 with Retry-After): it certainly
// fired nothing, so it is fired again, once.
func TestAccWebhookTestDispatch_refusedRequestIsRetried(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fixedWebhook(fake, "busyHook00000001", "hooks.example.com")
	fake.QueueFaults(apifytest.TestWebhook.Of("busyHook00000001"), apifytest.RetryAfter(http.StatusTooManyRequests, "1"))
	runSteps(t, resource.TestStep{
		Config:            providerConfig(fake) + testDispatchConfig("busyHook00000001"),
		ConfigStateChecks: []statecheck.StateCheck{expectTestDispatch("status", str("SUCCEEDED"))},
		Check:             expectTestsFired(fake, "busyHook00000001", 2),
	})
	if n := len(fake.Dispatches("busyHook00000001")); n != 1 {
		t.Errorf("%d test dispatches, want 1", n)
	}
}

// The platform fired the test but the answer was lost: the create fails,
// saying a test may have been fired, and fires no second one.
func TestAccWebhookTestDispatch_lostAnswerFiresNoSecondTest(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fixedWebhook(fake, "lostHook00000001", "hooks.example.com")
	fake.DropAfterHandling(apifytest.TestWebhook.Of("lostHook00000001"))
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + testDispatchConfig("lostHook00000001"),
		ExpectError: errorMatching("No answer from the Apify API", `Firing a test of webhook "lostHook00000001" failed`,
			"a test may have been fired all the same", "does not fire it again"),
	})
	if n := testsFired(fake, "lostHook00000001"); n != 1 {
		t.Errorf("%d requests to fire a test, want 1", n)
	}
	if n := len(fake.Dispatches("lostHook00000001")); n != 1 {
		t.Errorf("%d test dispatches, want the 1 the lost request made", n)
	}
}

func TestAccWebhookTestDispatch_missingWebhookIsAnErrorOnWebhookID(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runSteps(t, resource.TestStep{
		Config:      providerConfig(fake) + testDispatchConfig("noSuchWebhook0001"),
		ExpectError: errorMatching("Webhook not found", `webhook_id = "noSuchWebhook0001"`),
	})
}

// A dispatch just created by a test may not be readable for a moment:
// the wait reads it again instead of failing (which would taint the
// resource and fire a second test on the next apply).
func TestAccWebhookTestDispatch_dispatchNotReadableAtFirst(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fixedWebhook(fake, "slowHook00000001", "hooks.example.com")
	fake.SetTestUnreadableFor(2)
	runSteps(t,
		resource.TestStep{
			Config:            providerConfig(fake) + testDispatchConfig("slowHook00000001"),
			ConfigStateChecks: []statecheck.StateCheck{expectTestDispatch("status", str("SUCCEEDED"))},
			Check:             expectTestsFired(fake, "slowHook00000001", 1),
		},
		resource.TestStep{
			Config: providerConfig(fake) + testDispatchConfig("slowHook00000001"),
			Check:  expectTestsFired(fake, "slowHook00000001", 1),
		},
	)
}
