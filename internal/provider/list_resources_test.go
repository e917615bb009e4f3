package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// runQuery runs the list blocks of query through `terraform query`
// (Terraform 1.14 and later; skipped before) against fake, with checks of
// what it found.
func runQuery(t *testing.T, fake *apifytest.Server, query string, checks ...querycheck.QueryResultCheck) {
	t.Helper()
	run(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			// terraform query needs a configuration to initialise; its provider
			// block configures the query too.
			{Config: providerConfig(fake)},
			{Query: true, Config: query, QueryResultChecks: checks},
		},
	})
}

func byID(id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": str(id)})
}

// Each list resource lists every object of the account, every page of
// them, each once, with its identity and a name people know it by; the
// tasks of other accounts and the webhooks apify_webhook cannot manage are
// left out.
func TestAccListResources_listEveryObjectOnce(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	var tasks []string
	for i := range 1005 {
		tasks = append(tasks, fake.AddTask(fmt.Sprintf(`{"name": "task-%04d", "createdAt": "2026-01-01T%02d:%02d:%02d.000Z"}`,
			i, i/3600, i/60%60, i%60)))
	}
	fake.AddTask(`{"name": "used-task", "userId": "ZscMwFR5H7eCtWtyh", "username": "someone"}`)
	schedule := fake.AddSchedule(`{"name": "nightly", "cronExpression": "0 3 * * *"}`)
	fake.AddWebhook(`{"id": "hookOfTheTask0001", "requestUrl": "https://hooks.example.com/apify?token=s3cret",
		"eventTypes": ["ACTOR.RUN.FAILED", "ACTOR.RUN.TIMED_OUT"], "condition": {"actorTaskId": "` + tasks[0] + `"}}`)
	fake.AddWebhook(`{"id": "hookOfTheActor001", "requestUrl": "https://hooks.example.com/apify"}`)
	fake.AddWebhook(`{"id": "hookAdHoc00000001", "requestUrl": "https://hooks.example.com/apify", "isAdHoc": true}`)
	runQuery(t, fake, `
list "apify_actor_task" "all" {
  provider = apify
  limit    = 2000
}
list "apify_schedule" "all" {
  provider = apify
}
list "apify_webhook" "all" {
  provider = apify
}
list "apify_webhook" "of_task" {
  provider = apify
  config {
    actor_task_id = "`+tasks[0]+`"
  }
}
`,
		querycheck.ExpectLength("apify_actor_task.all", 1005),
		querycheck.ExpectIdentity("apify_actor_task.all", map[string]knownvalue.Check{"id": str(tasks[1004])}),
		querycheck.ExpectResourceDisplayName("apify_actor_task.all", byID(tasks[0]), str("janedoe~task-0000")),
		querycheck.ExpectLength("apify_schedule.all", 1),
		querycheck.ExpectResourceDisplayName("apify_schedule.all", byID(schedule), str("nightly")),
		querycheck.ExpectLength("apify_webhook.all", 2),
		querycheck.ExpectResourceDisplayName("apify_webhook.all", byID("hookOfTheTask0001"),
			str("ACTOR.RUN.FAILED, ACTOR.RUN.TIMED_OUT of task "+tasks[0])),
		querycheck.ExpectResourceDisplayName("apify_webhook.all", byID("hookOfTheActor001"),
			str("ACTOR.RUN.SUCCEEDED of Actor "+apifytest.ActorID)),
		querycheck.ExpectLength("apify_webhook.of_task", 1),
	)
}

// With include_resource, each object comes whole, as an import reads it:
// a task's input in sensitive_input, every option it has.
func TestAccListResources_includeResource(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	task := fake.AddTask(`{"name": "weekly-report", "title": "Weekly report", "options": {"build": "beta"},
		"input": {"maxPages": 5}}`)
	schedule := fake.AddSchedule(`{"name": "nightly", "cronExpression": "0 3 * * *", "timezone": "Europe/Prague",
		"actions": [{"id": "a1", "type": "RUN_ACTOR_TASK", "actorTaskId": "` + task + `", "input": {"maxPages": 2}}]}`)
	fake.AddWebhook(`{"id": "hookOfTheTask0001", "requestUrl": "https://hooks.example.com/apify",
		"condition": {"actorTaskId": "` + task + `"}}`)
	runQuery(t, fake, `
list "apify_actor_task" "all" {
  provider         = apify
  include_resource = true
}
list "apify_schedule" "all" {
  provider         = apify
  include_resource = true
}
list "apify_webhook" "all" {
  provider         = apify
  include_resource = true
}
`,
		querycheck.ExpectResourceKnownValues("apify_actor_task.all", byID(task), []querycheck.KnownValueCheck{
			{Path: tfjsonpath.New("name"), KnownValue: str("weekly-report")},
			{Path: tfjsonpath.New("title"), KnownValue: str("Weekly report")},
			{Path: tfjsonpath.New("options").AtMapKey("build"), KnownValue: str("beta")},
			{Path: tfjsonpath.New("input"), KnownValue: null},
		}),
		querycheck.ExpectResourceKnownValues("apify_schedule.all", byID(schedule), []querycheck.KnownValueCheck{
			{Path: tfjsonpath.New("timezone"), KnownValue: str("Europe/Prague")},
			{Path: tfjsonpath.New("actions").AtSliceIndex(0).AtMapKey("actor_task_id"), KnownValue: str(task)},
		}),
		querycheck.ExpectResourceKnownValues("apify_webhook.all", byID("hookOfTheTask0001"), []querycheck.KnownValueCheck{
			{Path: tfjsonpath.New("condition").AtMapKey("actor_task_id"), KnownValue: str(task)},
		}),
	)
}
