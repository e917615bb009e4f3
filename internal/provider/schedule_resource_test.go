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

const scheduleAddress = "apify_schedule.test"

// scheduleConfig is an apify_schedule named name that runs at cron, with
// the attribute lines given and no others.
func scheduleConfig(name, cron string, lines ...string) string {
	return fmt.Sprintf(`
resource "apify_schedule" "test" {
  name            = %q
  cron_expression = %q
  %s
}
`, name, cron, strings.Join(lines, "\n  "))
}

func expectSchedule(attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(scheduleAddress, tfjsonpath.New(attr), check)
}

func runScheduleCase(t *testing.T, fake *apifytest.Server, steps ...resource.TestStep) {
	t.Helper()
	run(t, resource.TestCase{Steps: steps, CheckDestroy: func(*terraform.State) error {
		if ids := fake.Schedules(); len(ids) > 0 {
			return fmt.Errorf("schedules left after destroy: %v", ids)
		}
		return nil
	}})
}

func storedSchedule(t *testing.T, fake *apifytest.Server) map[string]any {
	t.Helper()
	ids := fake.Schedules()
	if len(ids) != 1 {
		t.Fatalf("the fake has schedules %v, want one", ids)
	}
	raw, _ := fake.Schedule(ids[0])
	var schedule map[string]any
	if err := json.Unmarshal([]byte(raw), &schedule); err != nil {
		t.Fatal(err)
	}
	return schedule
}

func TestAccSchedule_lifecycle(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	task := fake.AddTask(`{"name": "crawl"}`)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	runScheduleCase(t, fake,
		resource.TestStep{
			Config: providerConfig(fake) + scheduleConfig("nightly", "@daily"),
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(scheduleAddress, tfjsonpath.New("id")),
				expectSchedule("timezone", str("UTC")),
				expectSchedule("is_enabled", knownvalue.Bool(true)),
				expectSchedule("is_exclusive", knownvalue.Bool(false)),
				expectSchedule("actions", null),
				expectSchedule("title", null), expectSchedule("description", null),
				expectSchedule("next_run_at", knownvalue.NotNull()),
				expectSchedule("last_run_at", null),
				expectSchedule("user_id", str(apifytest.UserID)),
			},
		},
		resource.TestStep{
			// Every attribute changed, in place.
			Config: providerConfig(fake) + scheduleConfig("nightly-2", "0 30 3 * * 1-5",
				`title        = "Nightly"`,
				`description  = "Runs the crawl at night"`,
				`timezone     = "Europe/Prague"`,
				`is_enabled   = false`,
				`is_exclusive = true`,
				`actions = [
    { actor_task_id = "`+task+`", input = jsonencode({ maxPages = 5 }) },
    { actor_id = "`+apifytest.ActorID+`", input = jsonencode({ url = "https://example.com" }), run_options = { build = "beta", memory_mbytes = 512 } },
  ]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(scheduleAddress, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(scheduleAddress, tfjsonpath.New("id")),
				expectSchedule("cron_expression", str("0 30 3 * * 1-5")),
				expectSchedule("next_run_at", null),
				expectSchedule("actions", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"actor_task_id": str(task), "actor_id": null, "input": str(`{"maxPages":5}`), "run_options": null,
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"actor_id": str(apifytest.ActorID), "actor_task_id": null, "input": str(`{"url":"https://example.com"}`),
						"run_options": knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"build": str("beta"), "memory_mbytes": knownvalue.Int64Exact(512), "timeout_secs": null,
						}),
					}),
				})),
			},
			Check: func(*terraform.State) error {
				actions, _ := storedSchedule(t, fake)["actions"].([]any)
				actor, _ := actions[1].(map[string]any)
				runInput, _ := actor["runInput"].(map[string]any)
				if actor["type"] != "RUN_ACTOR" || runInput["body"] != `{"url":"https://example.com"}` {
					return fmt.Errorf("the Actor's action on the platform is %v, want its input as the body", actor)
				}
				return nil
			},
		},
		resource.TestStep{
			// With its actions and their options, the import reads back
			// what the resource holds.
			ResourceName:            scheduleAddress,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"next_run_at"},
		},
		resource.TestStep{
			// Every optional attribute removed: back to the defaults, the
			// actions and texts cleared.
			Config: providerConfig(fake) + scheduleConfig("nightly-2", "@daily"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectSchedule("timezone", str("UTC")), expectSchedule("is_enabled", knownvalue.Bool(true)),
				expectSchedule("actions", null),
			},
			Check: func(*terraform.State) error {
				s := storedSchedule(t, fake)
				if actions, _ := s["actions"].([]any); len(actions) != 0 || s["title"] != nil || s["description"] != nil {
					return fmt.Errorf("on the platform: actions %v, title %v, description %v; want them cleared", s["actions"], s["title"], s["description"])
				}
				return nil
			},
		},
		resource.TestStep{
			ResourceName:            scheduleAddress,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"next_run_at"},
		},
	)
}

// An import block of a schedule made in Console, with actions, plans no
// change when the configuration matches it.
func TestAccSchedule_importBlockOfAScheduleMadeElsewhere(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	task := fake.AddTask(`{"name": "crawl"}`)
	id := fake.AddSchedule(`{"name": "made-in-console", "cronExpression": "0 3 * * *", "timezone": "Europe/Prague",
		"isEnabled": true, "isExclusive": false, "actions": [
			{"id": "a1", "type": "RUN_ACTOR_TASK", "actorTaskId": "` + task + `", "input": {"maxPages": 2}},
			{"id": "a2", "type": "RUN_ACTOR", "actorId": "` + apifytest.ActorID + `", "runOptions": {"build": "beta"}}]}`)
	runScheduleCase(t, fake, resource.TestStep{
		Config: providerConfig(fake) + `
import {
  to = apify_schedule.test
  id = "` + id + `"
}
` + scheduleConfig("made-in-console", "0 3 * * *", `timezone = "Europe/Prague"`, `actions = [
    { actor_task_id = "`+task+`", input = jsonencode({ maxPages = 2 }) },
    { actor_id = "`+apifytest.ActorID+`", run_options = { build = "beta" } },
  ]`),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(scheduleAddress, plancheck.ResourceActionNoop),
		}},
		ConfigStateChecks: []statecheck.StateCheck{expectSchedule("id", str(id))},
	})
}

func TestAccSchedule_changesOutsideTerraformArePlannedBack(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	config := providerConfig(fake) + scheduleConfig("nightly", "@daily", `timezone = "Europe/Prague"`,
		`actions = [{ actor_id = "`+apifytest.ActorID+`", run_options = { timeout_secs = 60 } }]`)
	runScheduleCase(t, fake,
		resource.TestStep{Config: config},
		resource.TestStep{
			PreConfig: func() {
				fake.ChangeSchedule(fake.Schedules()[0], `{"cronExpression": "@hourly", "isEnabled": false,
					"actions": [{"id": "a1", "type": "RUN_ACTOR", "actorId": "`+apifytest.ActorID+`", "runOptions": {"timeoutSecs": 10, "build": "beta"}}]}`)
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(scheduleAddress, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectSchedule("cron_expression", str("@daily")),
				expectSchedule("is_enabled", knownvalue.Bool(true)),
			},
			Check: func(*terraform.State) error {
				actions, _ := storedSchedule(t, fake)["actions"].([]any)
				options, _ := actions[0].(map[string]any)["runOptions"].(map[string]any)
				if fmt.Sprint(options["timeoutSecs"]) != "60" || options["build"] != nil {
					return fmt.Errorf("the action's run options on the platform are %v, want only the timeout of 60", options)
				}
				return nil
			},
		},
	)
}

func TestAccSchedule_deletedOutsideTerraformIsCreatedAgain(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	config := providerConfig(fake) + scheduleConfig("nightly", "@daily")
	runScheduleCase(t, fake,
		resource.TestStep{Config: config},
		resource.TestStep{
			PreConfig: func() { fake.DeleteSchedule(fake.Schedules()[0]) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(scheduleAddress, plancheck.ResourceActionCreate),
			}},
		},
	)
}

func TestAccSchedule_invalidConfiguration(t *testing.T) {
	tests := map[string]struct {
		cron  string
		lines []string
		want  *regexp.Regexp
	}{
		"four cron fields":      {"0 3 * *", nil, errorMatching("Invalid cron expression", `"0 3 * *"`, "it has 4 fields, not 5 or 6")},
		"minute out of range":   {"61 3 * * *", nil, errorMatching("Invalid cron expression", `the minute (0-59) field "61"`)},
		"unknown descriptor":    {"@fortnightly", nil, errorMatching("Invalid cron expression", "@fortnightly")},
		"day of week 8":         {"0 3 * * 8", nil, errorMatching("Invalid cron expression", "the day-of-week", `field "8" is not one it takes`)},
		"time zone not IANA":    {"@daily", []string{`timezone = "CEST"`}, errorMatching("Invalid time zone", `"CEST" is not an IANA time zone`)},
		"time zone of the host": {"@daily", []string{`timezone = "Local"`}, errorMatching("Invalid time zone")},
		"action of both":        {"@daily", []string{`actions = [{ actor_id = "a", actor_task_id = "t" }]`}, errorMatching("Invalid schedule action", "actions[0] sets both")},
		"action of neither":     {"@daily", []string{`actions = [{ input = "{}" }]`}, errorMatching("Invalid schedule action", "actions[0] sets neither")},
		"run options of a task": {"@daily", []string{`actions = [{ actor_task_id = "t", run_options = { build = "beta" } }]`}, errorMatching("Run options of a task's action", "take the task's own options")},
		"input not an object":   {"@daily", []string{`actions = [{ actor_id = "a", input = "[]" }]`}, errorMatching("Invalid JSON object")},
		"no actions":            {"@daily", []string{`actions = []`}, errorMatching("list must contain at least 1 elements")},
		"Actor by name":         {"@daily", []string{`actions = [{ actor_id = "apify/web-scraper" }]`}, errorMatching("must be the ID of the Actor", "not its name")},
		"task by name":          {"@daily", []string{`actions = [{ actor_task_id = "janedoe~crawl" }]`}, errorMatching("must be the ID of the task", "apify_actor_task.<name>.id")},
		"eleven Actors":         {"@daily", []string{"actions = [" + strings.Repeat(`{ actor_id = "a" }, `, 11) + "]"}, errorMatching("Too many schedule actions", "11 Actors and 0 tasks")},
		"every":                 {"@every 1h", nil, errorMatching("Invalid cron expression", "@every is not one of the descriptors")},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			runSteps(t, resource.TestStep{Config: providerConfig(fake) + scheduleConfig("nightly", tt.cron, tt.lines...), ExpectError: tt.want})
			if n := len(fake.Requests()); n != 0 {
				t.Errorf("the fake received %d requests, want none before the configuration is valid", n)
			}
		})
	}
}

func TestAccSchedule_lostCreateAnswerAdoptsTheSchedule(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.DropAfterHandling(apifytest.CreateSchedule.Of(""))
	runScheduleCase(t, fake, resource.TestStep{
		Config: providerConfig(fake) + scheduleConfig("nightly", "@daily", `actions = [{ actor_id = "`+apifytest.ActorID+`" }]`),
		Check: func(*terraform.State) error {
			if ids := fake.Schedules(); len(ids) != 1 || requestsOf(fake, http.MethodPost) != 1 {
				return fmt.Errorf("schedules %v after %d creates, want one after one", ids, requestsOf(fake, http.MethodPost))
			}
			return nil
		},
	})
}

// An action's input written otherwise plans nothing, however often the
// plan runs (what only the API sets is kept too).
func TestAccSchedule_reformattedActionInputPlansNothing(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	action := func(input string) string {
		return scheduleConfig("nightly", "@daily", `actions = [{ actor_id = "`+apifytest.ActorID+`", input = `+input+` }]`)
	}
	runScheduleCase(t, fake,
		resource.TestStep{Config: providerConfig(fake) + action(`jsonencode({ maxPages = 5, url = "https://example.com" })`)},
		resource.TestStep{
			Config:           providerConfig(fake) + action(`"{\n  \"url\": \"https://example.com\",\n  \"maxPages\": 5\n}"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	)
}

// A lost answer with another schedule of that name on the platform is an
// error that names it, and creates nothing more.
func TestAccSchedule_lostCreateAnswerWithAnotherScheduleOfTheName(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	other := fake.AddSchedule(`{"name": "nightly", "cronExpression": "@hourly"}`)
	fake.QueueFaults(apifytest.CreateSchedule.Of(""), apifytest.ResetConnection())
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + scheduleConfig("nightly", "@daily"),
		ExpectError: errorMatching("No answer from the Apify API", `a schedule named "nightly" (ID `+other+`)`,
			"import {", "to = apify_schedule.<address above>", `id = "`+other+`"`),
	})
	if ids := fake.Schedules(); len(ids) != 1 {
		t.Errorf("schedules on the platform: %v, want only the one made before", ids)
	}
}

// A name the account already uses for another schedule is an error that
// names it and gives the import block that takes it over.
func TestAccSchedule_nameTakenSaysToImport(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	other := fake.AddSchedule(`{"name": "nightly", "cronExpression": "@hourly"}`)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + scheduleConfig("nightly", "@daily"),
		ExpectError: errorMatching("Schedule name taken", `a schedule named "nightly" (ID `+other+`)`,
			"import {", "to = apify_schedule.<address above>", `id = "`+other+`"`),
	})
}

// A schedule that an interrupted apply made, the same as the
// configuration, is adopted by the next apply with a warning that names
// it; nothing is planned after.
func TestAccSchedule_nameTakenBySameScheduleAdoptsIt(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	orphan := fake.AddSchedule(`{"name": "nightly", "cronExpression": "@daily", "timezone": "UTC", "isEnabled": true}`)
	config := providerConfig(fake) + scheduleConfig("nightly", "@daily")
	runScheduleCase(t, fake,
		resource.TestStep{Config: config, ConfigStateChecks: []statecheck.StateCheck{expectSchedule("id", str(orphan))}},
		resource.TestStep{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	)
}

// A schedule imports by its name as well as by its ID.
func TestAccSchedule_importByName(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	id := fake.AddSchedule(`{"name": "made-in-console", "cronExpression": "0 3 * * *", "timezone": "Europe/Prague", "isEnabled": true}`)
	runScheduleCase(t, fake, resource.TestStep{
		Config: providerConfig(fake) + importBlock(scheduleAddress, "made-in-console") +
			scheduleConfig("made-in-console", "0 3 * * *", `timezone = "Europe/Prague"`),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(scheduleAddress, plancheck.ResourceActionNoop),
		}},
		ConfigStateChecks: []statecheck.StateCheck{expectSchedule("id", str(id))},
	})
}
