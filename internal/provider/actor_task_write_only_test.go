package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

const (
	woInputSecret     = "WoInputSecret41d7e"
	woInputSecretNext = "WoNextInputSecret9b2"
)

// writeOnlyTaskConfig is apify_actor_task.test with a secret input field
// in sensitive_input_wo, fed from an ephemeral variable.
func writeOnlyTaskConfig(version int, title string) string {
	return `
variable "task_secrets" {
  type      = string
  ephemeral = true
  sensitive = true
}
` + taskConfig("crawl", `input = jsonencode({ maxPages = 5 })`, `sensitive_input_wo = var.task_secrets`,
		fmt.Sprintf("sensitive_input_wo_version = %d", version), fmt.Sprintf("title = %q", title))
}

func writeOnlyTaskValues(secret string) config.Variables {
	return config.Variables{"task_secrets": config.StringVariable(`{ "apiKey": "` + secret + `" }`)}
}

// The write-only input fields reach the task and never the plan or the
// state; a refresh leaves them out of input, and an update of anything
// else keeps them on the task.
func TestAccActorTask_writeOnlyInput(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	secrets := secretsAbsent{woInputSecret, woInputSecretNext}
	taskHas := func(apiKey string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			input, _ := storedTask(t, fake, taskID(s))["input"].(map[string]any)
			if input["apiKey"] != apiKey || fmt.Sprint(input["maxPages"]) != "5" {
				return fmt.Errorf("the task's input on the platform is %v, want apiKey %s merged in", input, apiKey)
			}
			return nil
		}
	}
	run(t, resource.TestCase{
		TerraformVersionChecks: writeOnlyEngines,
		Steps: []resource.TestStep{
			{
				Config:           providerConfig(fake) + writeOnlyTaskConfig(1, "first"),
				ConfigVariables:  writeOnlyTaskValues(woInputSecret),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{secrets}},
				ConfigStateChecks: []statecheck.StateCheck{secrets,
					expectTask("input", str(`{"maxPages":5}`)), expectTask("sensitive_input", null),
					expectTask("sensitive_input_wo", null), expectTask("sensitive_input_wo_version", knownvalue.Int64Exact(1)),
				},
				Check: taskHas(woInputSecret),
			},
			{
				// A refresh plans nothing: the field is not read back.
				Config:           providerConfig(fake) + writeOnlyTaskConfig(1, "first"),
				ConfigVariables:  writeOnlyTaskValues(woInputSecret),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// An update of the title sends the input whole, secret too.
				Config:            providerConfig(fake) + writeOnlyTaskConfig(1, "second"),
				ConfigVariables:   writeOnlyTaskValues(woInputSecret),
				ConfigStateChecks: []statecheck.StateCheck{secrets, expectTask("title", str("second"))},
				Check:             taskHas(woInputSecret),
			},
			{
				// A new value is sent when its version changes.
				Config:           providerConfig(fake) + writeOnlyTaskConfig(2, "second"),
				ConfigVariables:  writeOnlyTaskValues(woInputSecretNext),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{secrets}},
				ConfigStateChecks: []statecheck.StateCheck{secrets,
					expectTask("sensitive_input_wo_version", knownvalue.Int64Exact(2)),
				},
				Check: taskHas(woInputSecretNext),
			},
		},
	})
	if n := putsSending(fake, woInputSecret); n != 1 {
		t.Errorf("%d updates sent the first secret, want 1: the title's", n)
	}
	if n := putsSending(fake, woInputSecretNext); n != 1 {
		t.Errorf("%d updates sent the new secret, want 1: the version's", n)
	}
}

// A field in input and in the write-only input is refused before any
// request; so is sensitive_input beside sensitive_input_wo.
func TestAccActorTask_writeOnlyInputInvalid(t *testing.T) {
	for name, tt := range map[string]struct {
		lines []string
		want  string
	}{
		"field twice":  {[]string{`input = jsonencode({ apiKey = "x" })`}, `"apiKey" is in both input and sensitive_input_wo`},
		"both secrets": {[]string{`sensitive_input = jsonencode({ token = "x" })`}, "Invalid Attribute Combination"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			lines := append([]string{`sensitive_input_wo = jsonencode({ apiKey = "s3cret" })`, "sensitive_input_wo_version = 1"}, tt.lines...)
			run(t, resource.TestCase{
				TerraformVersionChecks: writeOnlyEngines,
				Steps:                  []resource.TestStep{{Config: providerConfig(fake) + taskConfig("crawl", lines...), ExpectError: errorMatching(tt.want)}},
			})
			if n := len(fake.Requests()); n != 0 {
				t.Errorf("the fake received %d requests, want none", n)
			}
		})
	}
}
