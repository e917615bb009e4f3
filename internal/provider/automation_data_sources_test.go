package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// An Actor is found by ID and by each form of its name; the bare name is
// looked for in the token's own account.
func TestAccActorDataSource_byIDAndByName(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	expect := func(name, attr string, check knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.apify_actor."+name, tfjsonpath.New(attr), check)
	}
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + `
data "apify_actor" "by_id" {
  id = "` + apifytest.StoreActorID + `"
}
data "apify_actor" "by_slash" {
  name = "apify/web-scraper"
}
data "apify_actor" "by_tilde" {
  name = "apify~web-scraper"
}
data "apify_actor" "own" {
  name = "` + apifytest.ActorName + `"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			expect("by_id", "name", str("apify/web-scraper")),
			expect("by_id", "actor_name", str("web-scraper")),
			expect("by_id", "username", str("apify")),
			expect("by_id", "title", str("Web Scraper")),
			expect("by_id", "is_public", knownvalue.Bool(true)),
			expect("by_id", "default_build", str("latest")),
			expect("by_id", "default_memory_mbytes", knownvalue.Int64Exact(1024)),
			expect("by_id", "description", null),
			expect("by_slash", "id", str(apifytest.StoreActorID)),
			expect("by_slash", "name", str("apify/web-scraper")),
			expect("by_tilde", "id", str(apifytest.StoreActorID)),
			expect("own", "id", str(apifytest.ActorID)),
			expect("own", "username", str(apifytest.Username)),
		},
	})
}

// An Actor the token cannot see is an error on the attribute that names
// the account the token belongs to.
func TestAccActorDataSource_notFoundNamesTheAccount(t *testing.T) {
	t.Parallel()
	for name, config := range map[string]string{
		"full name": `name = "apify/web-scraperr"`,
		"bare name": `name = "my-scraperr"`,
		"ID":        `id = "noSuchActor000000"`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			runSteps(t, resource.TestStep{
				Config:      providerConfig(fake) + "data \"apify_actor\" \"test\" {\n  " + config + "\n}\n",
				ExpectError: errorMatching("Actor not found", `the token (of account "`+apifytest.Username+`") can see`),
			})
		})
	}
}

func TestAccActorDataSource_needsIDOrName(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runSteps(t, resource.TestStep{
		Config:      providerConfig(fake) + `data "apify_actor" "test" {}`,
		ExpectError: errorMatching("Missing Attribute Configuration", "id", "name"),
	})
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake received %d requests, want none", n)
	}
}

// The task and schedule data sources read what the resources manage, the
// task also by each of its names, the schedule by its name; the task's
// input is sensitive as a whole.
func TestAccTaskAndScheduleDataSources(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	task := fake.AddTask(`{"name": "crawl", "title": "Crawl", "options": {"build": "beta", "memoryMbytes": 512},
		"input": {"apiKey": "s3cret-key"}}`)
	schedule := fake.AddSchedule(`{"name": "nightly", "cronExpression": "0 3 * * *", "timezone": "Europe/Prague",
		"isEnabled": true, "isExclusive": true, "nextRunAt": "2026-12-02T02:00:00.000Z",
		"actions": [{"id": "a1", "type": "RUN_ACTOR_TASK", "actorTaskId": "` + task + `"}]}`)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + `
data "apify_actor_task" "by_id" {
  id = "` + task + `"
}
data "apify_actor_task" "by_name" {
  name = "crawl"
}
data "apify_actor_task" "by_account_and_name" {
  username = "` + apifytest.Username + `"
  name     = "crawl"
}
data "apify_actor_task" "by_full_name" {
  name = "` + apifytest.Username + `~crawl"
}
data "apify_actor_task" "by_console_name" {
  name = "` + apifytest.Username + `/crawl"
}
data "apify_schedule" "test" {
  id = "` + schedule + `"
}
data "apify_schedule" "by_name" {
  name = "nightly"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.apify_actor_task.by_id", tfjsonpath.New("title"), str("Crawl")),
			statecheck.ExpectKnownValue("data.apify_actor_task.by_id", tfjsonpath.New("options").AtMapKey("memory_mbytes"), knownvalue.Int64Exact(512)),
			statecheck.ExpectKnownValue("data.apify_actor_task.by_id", tfjsonpath.New("input"), str(`{"apiKey":"s3cret-key"}`)),
			statecheck.ExpectSensitiveValue("data.apify_actor_task.by_id", tfjsonpath.New("input")),
			statecheck.ExpectKnownValue("data.apify_actor_task.by_id", tfjsonpath.New("name"), str("crawl")),
			statecheck.ExpectKnownValue("data.apify_actor_task.by_name", tfjsonpath.New("id"), str(task)),
			statecheck.ExpectKnownValue("data.apify_actor_task.by_name", tfjsonpath.New("username"), str(apifytest.Username)),
			statecheck.ExpectKnownValue("data.apify_actor_task.by_account_and_name", tfjsonpath.New("id"), str(task)),
			statecheck.ExpectKnownValue("data.apify_actor_task.by_full_name", tfjsonpath.New("id"), str(task)),
			statecheck.ExpectKnownValue("data.apify_actor_task.by_console_name", tfjsonpath.New("id"), str(task)),
			statecheck.ExpectKnownValue("data.apify_actor_task.by_console_name", tfjsonpath.New("username"), str(apifytest.Username)),
			statecheck.ExpectKnownValue("data.apify_schedule.by_name", tfjsonpath.New("id"), str(schedule)),
			statecheck.ExpectKnownValue("data.apify_schedule.by_name", tfjsonpath.New("cron_expression"), str("0 3 * * *")),
			statecheck.ExpectSensitiveValue("data.apify_schedule.test", tfjsonpath.New("actions").AtSliceIndex(0).AtMapKey("input")),
			statecheck.ExpectKnownValue("data.apify_schedule.test", tfjsonpath.New("next_run_at"), str("2026-12-02T02:00:00.000Z")),
			statecheck.ExpectKnownValue("data.apify_schedule.test", tfjsonpath.New("actions"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"actor_task_id": str(task), "actor_id": null, "input": null, "run_options": null,
				}),
			})),
		},
	})
}

// A name that finds nothing, or that names the account twice, is an
// error on the attribute that says what to check.
func TestAccTaskAndScheduleDataSources_namesThatFindNothing(t *testing.T) {
	for name, tt := range map[string]struct {
		config string
		want   *regexp.Regexp
	}{
		"schedule": {`data "apify_schedule" "test" {
  name = "nightlyy"
}`, errorMatching("Schedule not found", `no schedule named "nightlyy"`)},
		"task in another account": {`data "apify_actor_task" "test" {
  name = "someone/crawl"
}`, errorMatching("Task not found", `Account "someone" has no task named "crawl"`)},
		"task with its account twice": {`data "apify_actor_task" "test" {
  name     = "janedoe~crawl"
  username = "janedoe"
}`, errorMatching("Account named twice", "set username only with a bare name")},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			fake.AddSchedule(`{"name": "nightly", "cronExpression": "@daily"}`)
			fake.AddTask(`{"name": "crawl"}`)
			runSteps(t, resource.TestStep{Config: providerConfig(fake) + tt.config, ExpectError: tt.want})
		})
	}
}
