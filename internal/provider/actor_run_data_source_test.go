package provider

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

func expectRun(address, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.apify_actor_run."+address, tfjsonpath.New(attr), check)
}

// A run reads by its ID, and as the last run of a task or an Actor,
// optionally of a status; a run still going is waited for when asked.
func TestAccActorRunDataSource(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	task := fake.AddTask(`{"name": "crawl"}`)
	failed := fake.AddRun(`{"actorTaskId": "` + task + `", "startedAt": "2026-12-01T10:00:00.000Z",
		"finishedAt": "2026-12-01T10:05:00.000Z", "status": "FAILED", "statusMessage": "Cannot reach the start URL",
		"exitCode": 1, "usageTotalUsd": 0.25, "stats": {"runTimeSecs": 300.5, "computeUnits": 0.08, "restartCount": 0}}`)
	running := fake.AddRun(`{"actorTaskId": "` + task + `", "startedAt": "2026-12-01T11:00:00.000Z", "finishedAt": null,
		"status": "RUNNING", "exitCode": null}`)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + `
data "apify_actor_run" "by_id" {
  id = "` + failed + `"
}
data "apify_actor_run" "last_failed" {
  actor_task_id = "` + task + `"
  status        = "FAILED"
}
data "apify_actor_run" "last_of_the_actor" {
  actor_id              = "` + apifytest.ActorID + `"
  wait_for_final_status = true
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			expectRun("by_id", "status", str("FAILED")),
			expectRun("by_id", "status_message", str("Cannot reach the start URL")),
			expectRun("by_id", "exit_code", knownvalue.Int64Exact(1)),
			expectRun("by_id", "usage_total_usd", knownvalue.Float64Exact(0.25)),
			expectRun("by_id", "actor_task_id", str(task)),
			expectRun("by_id", "finished_at", str("2026-12-01T10:05:00.000Z")),
			expectRun("by_id", "origin", str("WEB")),
			expectRun("by_id", "build_number", null),
			expectRun("by_id", "stats", knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"run_time_secs": knownvalue.Float64Exact(300.5), "compute_units": knownvalue.Float64Exact(0.08),
				"restart_count": knownvalue.Int64Exact(0), "mem_max_bytes": null,
			})),
			expectRun("last_failed", "id", str(failed)),
			expectRun("last_of_the_actor", "id", str(running)),
			expectRun("last_of_the_actor", "status", str("SUCCEEDED")),
			expectRun("last_of_the_actor", "finished_at", knownvalue.NotNull()),
		},
	})
}

// What finds no run is an error on the attribute that named it, and a
// status that no run can have is refused before any request.
func TestAccActorRunDataSource_errors(t *testing.T) {
	for name, tt := range map[string]struct {
		config string
		want   *regexp.Regexp
	}{
		"no such run":      {`id = "noSuchRun00000001"`, errorMatching("Run not found", "noSuchRun00000001")},
		"no run of a task": {`actor_task_id = "TASK"`, errorMatching("Actor run not found", `task "`, "has no run")},
		"wrong case":       {`actor_id = "` + apifytest.ActorID + `"` + "\n" + `status = "succeeded"`, errorMatching("status", "SUCCEEDED")},
		"two ways":         {`id = "a"` + "\n" + `actor_id = "b"`, errorMatching("Invalid Attribute Combination")},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			task := fake.AddTask(`{"name": "crawl"}`)
			config := regexp.MustCompile(`TASK`).ReplaceAllString(tt.config, task)
			runSteps(t, resource.TestStep{
				Config:      providerConfig(fake) + "data \"apify_actor_run\" \"test\" {\n" + config + "\n}\n",
				ExpectError: tt.want,
			})
		})
	}
}

// Every attribute of a run is null exactly where the API sent null or
// nothing.
func TestRunValuesNullsExact(t *testing.T) {
	var empty apify.Run
	if err := json.Unmarshal([]byte(`{"id": "r", "options": {}, "stats": {}}`), &empty); err != nil {
		t.Fatal(err)
	}
	var diags diag.Diagnostics
	byName := runValues(&empty, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	for name, v := range byName {
		switch name {
		case "id", "options", "stats":
			if v.IsNull() {
				t.Errorf("%s is null, want the value sent", name)
			}
		default:
			if !v.IsNull() {
				t.Errorf("%s = %s, want null for a value the API did not send", name, v)
			}
		}
	}
	for _, object := range []string{"options", "stats"} {
		for attribute, v := range byName[object].(types.Object).Attributes() {
			if !v.IsNull() {
				t.Errorf("%s.%s = %s, want null", object, attribute, v)
			}
		}
	}
}
