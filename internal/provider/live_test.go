package provider

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccLive manages a webhook and reads a real dispatch of it end to
// end: it creates a webhook with apify_webhook on the account of
// APIFY_TOKEN, updates and imports it, fires a TEST event with
// apify_webhook_test_dispatch (waiting until it is delivered), lists and
// reads that dispatch, creates a task of the Actor and a disabled
// schedule that would run it, imports both, and destroys all of it, also
// when a step fails.
//
// It runs only with TF_ACC=1, APIFY_TOKEN and APIFY_TEST_ACTOR_ID (the
// Actor the webhook watches and the task is of; nothing runs it). APIFY_API_BASE_URL points it
// at another API, such as the fake one `make testacc-live-fake` starts.
func TestAccLive(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skip("live test: set TF_ACC=1, APIFY_TOKEN and APIFY_TEST_ACTOR_ID to run it")
	}
	token, actorID := os.Getenv(envToken), os.Getenv("APIFY_TEST_ACTOR_ID")
	if token == "" || actorID == "" {
		t.Skip("live test: APIFY_TOKEN and APIFY_TEST_ACTOR_ID must both be set")
	}
	webhook := func(description string) string {
		return fmt.Sprintf(`
provider "apify" {}

resource "apify_webhook" "test" {
  event_types = ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED"]
  condition   = { actor_id = %q }
  request_url = "https://example.com/terraform-provider-apify-acceptance-test"
  description = %q
}
`, actorID, description)
	}
	dispatches := webhook("terraform-provider-apify acceptance test; destroyed when the test ends") + `
resource "apify_webhook_test_dispatch" "test" {
  webhook_id = apify_webhook.test.id

  timeouts {
    create = "5m"
  }
}

data "apify_webhook_dispatches" "test" {
  webhook_id = apify_webhook.test.id

  depends_on = [apify_webhook_test_dispatch.test]
}

data "apify_webhook_dispatch" "test" {
  id = apify_webhook_test_dispatch.test.id
}
`

	// A task of the Actor and a disabled schedule that would run it,
	// named so that parallel runs on one account never clash.
	suffix := acctest.RandStringFromCharSet(8, "abcdefghijklmnopqrstuvwxyz0123456789")
	automation := webhook("terraform-provider-apify acceptance test; destroyed when the test ends") + fmt.Sprintf(`
resource "apify_actor_task" "test" {
  actor_id = %[1]q
  name     = "tf-acc-%[2]s"
  title    = "terraform-provider-apify acceptance test"
  options  = { timeout_secs = 60 }
  input    = jsonencode({ acceptanceTest = true })
}

resource "apify_schedule" "test" {
  name            = "tf-acc-%[2]s"
  cron_expression = "0 3 1 1 *"
  is_enabled      = false
  description     = "terraform-provider-apify acceptance test; never enabled, destroyed when the test ends"
  actions         = [{ actor_task_id = apify_actor_task.test.id }]
}
`, actorID, suffix)

	skipWithoutTerraform(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: webhook("terraform-provider-apify acceptance test"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectWebhook("condition", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"actor_id": str(actorID), "actor_task_id": null,
					})),
				},
			},
			{
				Config: webhook("terraform-provider-apify acceptance test; destroyed when the test ends"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectWebhook("description", str("terraform-provider-apify acceptance test; destroyed when the test ends")),
				},
			},
			{
				ResourceName:      webhookAddress,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config: dispatches,
				ConfigStateChecks: []statecheck.StateCheck{
					expectTestDispatch("event_type", str("TEST")),
					expectTestDispatch("status", knownvalue.StringRegexp(settled)),
					expectDispatch("event_type", str("TEST")),
					statecheck.CompareValuePairs("data.apify_webhook_dispatch.test", tfjsonpath.New("webhook_id"),
						webhookAddress, tfjsonpath.New("id"), compare.ValuesSame()),
					expectDispatch("status", knownvalue.StringRegexp(settled)),
					expectList(tfjsonpath.New("dispatches"), knownvalue.ListSizeExact(1)),
				},
			},
			{
				Config: automation,
				ConfigStateChecks: []statecheck.StateCheck{
					expectTask("name", str("tf-acc-"+suffix)),
					expectTask("input", str(`{"acceptanceTest":true}`)),
					expectSchedule("is_enabled", knownvalue.Bool(false)),
					statecheck.CompareValuePairs(scheduleAddress, tfjsonpath.New("actions").AtSliceIndex(0).AtMapKey("actor_task_id"),
						taskAddress, tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
			{
				// An import cannot know which input fields are secret, and
				// reads the whole input into sensitive_input, nor which
				// options the platform filled in, and reads them all (the
				// resource's docs say so): those are compared as read.
				ResourceName: taskAddress, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"input", "sensitive_input", "options"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					attrs := states[0].Attributes
					if attrs["sensitive_input"] != `{"acceptanceTest":true}` || attrs["options.timeout_secs"] != "60" {
						return fmt.Errorf("imported sensitive_input = %s, options.timeout_secs = %s; want the task's whole input and 60",
							attrs["sensitive_input"], attrs["options.timeout_secs"])
					}
					return nil
				},
			},
			{ResourceName: scheduleAddress, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"next_run_at"}},
		},
	})
}

var settled = regexp.MustCompile(`^(SUCCEEDED|FAILED)$`)
