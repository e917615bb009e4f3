package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// runActions runs steps that invoke actions (Terraform 1.14 and later;
// skipped before).
func runActions(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	run(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  steps,
	})
}

// triggered is a terraform_data that invokes action after it is created
// or its input changes.
func triggered(action, input string) string {
	return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %s
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [%s]
    }
  }
}
`, input, action)
}

// storedRun returns the fake's run id as the API returns it.
func storedRun(t *testing.T, fake *apifytest.Server, id string) map[string]any {
	t.Helper()
	raw, ok := fake.Run(id)
	if !ok {
		t.Fatalf("the fake has no run %s", id)
	}
	var run map[string]any
	if err := json.Unmarshal([]byte(raw), &run); err != nil {
		t.Fatal(err)
	}
	return run
}

// The loop a pipeline closes: a task, a webhook of its runs, the action
// that runs the task when it is created, and then the run and the
// dispatch it fired, read by the data sources.
func TestAccRunActorTask_closesTheLoop(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	config := providerConfig(fake) + taskConfig("crawl", `input = jsonencode({ maxPages = 10, startUrls = [] })`) + `
resource "apify_webhook" "runs" {
  event_types = ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED"]
  condition   = { actor_task_id = apify_actor_task.test.id }
  request_url = "https://hooks.example.com/apify"
}

action "apify_run_actor_task" "crawl" {
  config {
    actor_task_id = apify_actor_task.test.id
    input         = jsonencode({ maxPages = 1 })
    memory_mbytes = 2048
  }
}
` + triggered("action.apify_run_actor_task.crawl", "[apify_actor_task.test.modified_at, apify_webhook.runs.id]")
	runActions(t,
		resource.TestStep{
			Config: config,
			Check: func(*terraform.State) error {
				runs := fake.Runs()
				if len(runs) != 1 {
					return fmt.Errorf("%d runs on the platform, want the action's one", len(runs))
				}
				run := storedRun(t, fake, runs[0])
				options, _ := run["options"].(map[string]any)
				if run["status"] != "SUCCEEDED" || options["memoryMbytes"] != float64(2048) {
					return fmt.Errorf("the run is %v with options %v; want SUCCEEDED with 2048 MB", run["status"], options)
				}
				return nil
			},
		},
		resource.TestStep{
			Config: config + `
data "apify_actor_run" "last" {
  actor_task_id = apify_actor_task.test.id
}

data "apify_webhook_dispatches" "of_the_run" {
  webhook_id    = apify_webhook.runs.id
  event_types   = ["ACTOR.RUN.SUCCEEDED"]
  created_after = data.apify_actor_run.last.started_at
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.apify_actor_run.last", tfjsonpath.New("status"), str("SUCCEEDED")),
				statecheck.ExpectKnownValue("data.apify_actor_run.last", tfjsonpath.New("exit_code"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue("data.apify_webhook_dispatches.of_the_run", tfjsonpath.New("dispatches"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.apify_webhook_dispatches.of_the_run",
					tfjsonpath.New("dispatches").AtSliceIndex(0).AtMapKey("event_data").AtMapKey("actor_task_id"), knownvalue.NotNull()),
			},
		},
	)
}

// A run that does not succeed fails the action, naming the run, its
// status and its status message.
func TestAccRunActor_failedRunFailsTheAction(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runActions(t, resource.TestStep{
		Config: providerConfig(fake) + `
action "apify_run_actor" "scrape" {
  config {
    actor_id = "` + apifytest.ActorID + `"
    input    = jsonencode({ fakeRunOutcome = "FAILED" })
  }
}
` + triggered("action.apify_run_actor.scrape", `"once"`),
		ExpectError: errorMatching("Actor run FAILED", `of Actor "`+apifytest.ActorID+`" ended FAILED`,
			`"The Actor process exited with code 1`),
	})
}

// A start whose answer is lost is not sent again, and the error says a
// run may have started and where to find it.
func TestAccRunActorTask_lostStartIsNotRepeated(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	task := fake.AddTask(`{"name": "crawl"}`)
	fake.DropAfterHandling(apifytest.RunActorTask.Of(task))
	runActions(t, resource.TestStep{
		Config: providerConfig(fake) + `
action "apify_run_actor_task" "crawl" {
  config {
    actor_task_id = "` + task + `"
  }
}
` + triggered("action.apify_run_actor_task.crawl", `"once"`),
		ExpectError: errorMatching("a run may have started all the same", "the task's last run",
			`data "apify_actor_run" "last" { actor_task_id = "`+task+`" }`),
	})
	if n := requestsOf(fake, http.MethodPost); n != 1 {
		t.Errorf("%d starts sent, want 1", n)
	}
}

// wait = false starts the run and returns.
func TestAccRunActor_withoutWaiting(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runActions(t, resource.TestStep{
		Config: providerConfig(fake) + `
action "apify_run_actor" "scrape" {
  config {
    actor_id = "` + apifytest.ActorID + `"
    wait     = false
  }
}
` + triggered("action.apify_run_actor.scrape", `"once"`),
		Check: func(*terraform.State) error {
			runs := fake.Runs()
			if len(runs) != 1 || storedRun(t, fake, runs[0])["status"] != "READY" {
				return fmt.Errorf("runs %v, want one never read again", runs)
			}
			return nil
		},
	})
}

// A test the platform cannot deliver fails the action, quoting its last
// call; one it delivers passes.
func TestAccTestWebhook(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "deliveringHook001", "requestUrl": "https://hooks.example.com/apify"}`)
	fake.AddWebhook(`{"id": "failingHook000001", "requestUrl": "https://` + apifytest.FailingHost + `/apify"}`)
	action := func(id string) string {
		return providerConfig(fake) + `
action "apify_test_webhook" "hook" {
  config {
    webhook_id = "` + id + `"
  }
}
` + triggered("action.apify_test_webhook.hook", `"`+id+`"`)
	}
	runActions(t,
		resource.TestStep{Config: action("deliveringHook001"), Check: func(*terraform.State) error {
			if n := len(fake.Dispatches("deliveringHook001")); n != 1 {
				return fmt.Errorf("%d dispatches of the webhook, want the test", n)
			}
			return nil
		}},
		resource.TestStep{Config: action("failingHook000001"), ExpectError: errorMatching("Webhook test not delivered",
			`of webhook "failingHook000001" FAILED`, "got HTTP 500")},
	)
}
