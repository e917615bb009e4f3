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

const taskAddress = "apify_actor_task.test"

// taskConfig is an apify_actor_task of the fake's Actor named name, with
// the attribute lines given and no others.
func taskConfig(name string, lines ...string) string {
	return taskConfigOf(apifytest.ActorID, name, lines...)
}

// taskConfigOf is taskConfig of the Actor actor.
func taskConfigOf(actor, name string, lines ...string) string {
	return fmt.Sprintf(`
resource "apify_actor_task" "test" {
  actor_id = %q
  name     = %q
  %s
}
`, actor, name, strings.Join(lines, "\n  "))
}

func expectTask(attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(taskAddress, tfjsonpath.New(attr), check)
}

// runTaskCase runs steps and checks, once Terraform has destroyed
// everything, that the fake holds no task.
func runTaskCase(t *testing.T, fake *apifytest.Server, steps ...resource.TestStep) {
	t.Helper()
	run(t, resource.TestCase{Steps: steps, CheckDestroy: func(*terraform.State) error {
		if names := fake.Tasks(); len(names) > 0 {
			return fmt.Errorf("tasks left after destroy: %v", names)
		}
		return nil
	}})
}

// storedTask returns the fake's task id as the API returns it.
func storedTask(t *testing.T, fake *apifytest.Server, id string) map[string]any {
	t.Helper()
	raw, ok := fake.Task(id)
	if !ok {
		t.Fatalf("the fake has no task %s", id)
	}
	var task map[string]any
	if err := json.Unmarshal([]byte(raw), &task); err != nil {
		t.Fatal(err)
	}
	return task
}

func taskID(s *terraform.State) string {
	return s.RootModule().Resources[taskAddress].Primary.ID
}

func TestAccActorTask_lifecycle(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	everything := []string{
		`title       = "Nightly crawl"`,
		`description = "Crawls the shop every night"`,
		`options = { build = "0.1.2", timeout_secs = 600, memory_mbytes = 2048, max_items = 100, max_total_charge_usd = 2.5, restart_on_error = true }`,
		`input = jsonencode({ startUrls = [{ url = "https://shop.example.com" }], maxPages = 10 })`,
		`sensitive_input = jsonencode({ apiKey = "s3cret-key" })`,
	}
	runTaskCase(t, fake,
		resource.TestStep{
			Config: providerConfig(fake) + taskConfig("nightly-crawl"),
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(taskAddress, tfjsonpath.New("id")),
				expectTask("actor_id", str(apifytest.ActorID)),
				expectTask("name", str("nightly-crawl")),
				expectTask("username", str(apifytest.Username)),
				expectTask("user_id", str(apifytest.UserID)),
				expectTask("title", null), expectTask("description", null), expectTask("options", null),
				expectTask("input", null), expectTask("sensitive_input", null),
				expectTask("created_at", knownvalue.NotNull()),
			},
		},
		resource.TestStep{
			// Every attribute set, in place.
			Config: providerConfig(fake) + taskConfig("nightly-crawl-2", everything...),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(taskAddress, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(taskAddress, tfjsonpath.New("id")),
				expectTask("name", str("nightly-crawl-2")),
				expectTask("options", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"build": str("0.1.2"), "timeout_secs": knownvalue.Int64Exact(600), "memory_mbytes": knownvalue.Int64Exact(2048),
					"max_items": knownvalue.Int64Exact(100), "max_total_charge_usd": knownvalue.Float64Exact(2.5),
					"restart_on_error": knownvalue.Bool(true),
				})),
				expectTask("input", str(`{"maxPages":10,"startUrls":[{"url":"https://shop.example.com"}]}`)),
				expectTask("sensitive_input", str(`{"apiKey":"s3cret-key"}`)),
			},
			Check: func(s *terraform.State) error {
				input, _ := storedTask(t, fake, taskID(s))["input"].(map[string]any)
				if input["apiKey"] != "s3cret-key" || input["maxPages"] == nil {
					return fmt.Errorf("the task's input on the platform is %v, want both inputs merged", input)
				}
				return nil
			},
		},
		resource.TestStep{
			// An import reads the whole input into sensitive_input, since
			// it cannot know which fields are secret; the rest, options
			// included, reads back as the resource holds it.
			ResourceName:            taskAddress,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"input", "sensitive_input"},
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				want := `{"apiKey":"s3cret-key","maxPages":10,"startUrls":[{"url":"https://shop.example.com"}]}`
				if got := states[0].Attributes["sensitive_input"]; got != want || states[0].Attributes["input"] != "" {
					return fmt.Errorf("imported sensitive_input = %s, input = %s; want %s and none", got, states[0].Attributes["input"], want)
				}
				return nil
			},
		},
		resource.TestStep{
			// The same input written otherwise plans nothing.
			Config: providerConfig(fake) + taskConfig("nightly-crawl-2", append(everything[:3:3],
				`input = "{\n  \"maxPages\": 10,\n  \"startUrls\": [ { \"url\": \"https://shop.example.com\" } ]\n}"`,
				`sensitive_input = jsonencode({ apiKey = "s3cret-key" })`)...),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		resource.TestStep{
			// One option removed, the others kept.
			Config: providerConfig(fake) + taskConfig("nightly-crawl-2", everything[0], everything[1],
				`options = { build = "0.1.2" }`, everything[3]),
			ConfigStateChecks: []statecheck.StateCheck{
				expectTask("options", knownvalue.ObjectPartial(map[string]knownvalue.Check{"build": str("0.1.2"), "memory_mbytes": null})),
				expectTask("sensitive_input", null),
			},
			Check: func(s *terraform.State) error {
				task := storedTask(t, fake, taskID(s))
				options, _ := task["options"].(map[string]any)
				input, _ := task["input"].(map[string]any)
				if options["memoryMbytes"] != nil || options["build"] != "0.1.2" || input["apiKey"] != nil {
					return fmt.Errorf("on the platform: options %v, input %v; want only the build and no apiKey", options, input)
				}
				// The options removed are sent as null, to clear them
				// whether the platform merges options or replaces them.
				sent := lastPut(t, fake)["options"]
				for _, name := range []string{"memoryMbytes", "timeoutSecs", "maxItems", "maxTotalChargeUsd", "restartOnError"} {
					if v, ok := sent.(map[string]any)[name]; !ok || v != nil {
						return fmt.Errorf("the update sent options %v, want %s as null", sent, name)
					}
				}
				return nil
			},
		},
		resource.TestStep{
			// Every optional attribute removed: cleared on the platform.
			Config: providerConfig(fake) + taskConfig("nightly-crawl-2"),
			Check: func(s *terraform.State) error {
				task := storedTask(t, fake, taskID(s))
				for _, name := range []string{"title", "description", "input"} {
					if task[name] != nil {
						return fmt.Errorf("%s is %v on the platform, want it cleared", name, task[name])
					}
				}
				// The options the task had are sent as null.
				options, _ := task["options"].(map[string]any)
				for name, v := range options {
					if v != nil {
						return fmt.Errorf("option %s is %v on the platform, want it cleared", name, v)
					}
				}
				return nil
			},
		},
		resource.TestStep{
			ResourceName:      taskAddress,
			ImportState:       true,
			ImportStateVerify: true,
		},
		resource.TestStep{
			// By username~task-name, too.
			ResourceName:      taskAddress,
			ImportState:       true,
			ImportStateId:     apifytest.Username + "~nightly-crawl-2",
			ImportStateVerify: true,
		},
		resource.TestStep{
			// Another Actor replaces the task.
			Config: providerConfig(fake) + taskConfigOf(apifytest.StoreActorID, "nightly-crawl-2"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(taskAddress, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expectTask("actor_id", str(apifytest.StoreActorID))},
		},
	)
}

// The secret input never shows in a plan, and the configuration keeps
// each field in one of the two inputs.
func TestAccActorTask_sensitiveInput(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runTaskCase(t, fake,
		resource.TestStep{
			Config: providerConfig(fake) + taskConfig("crawl", `input = jsonencode({ maxPages = 1 })`,
				`sensitive_input = jsonencode({ apiKey = "s3cret-key" })`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectSensitiveValue(taskAddress, tfjsonpath.New("sensitive_input")),
			}},
		},
	)
}

// A secret input that is not JSON is refused without the value in the
// message.
func TestAccActorTask_secretInputNotJSONIsNotQuoted(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + `
variable "secrets" {
  type      = string
  sensitive = true
  default   = "{proxyPassword: Sup3rSecret11}"
}
` + taskConfig("crawl", `sensitive_input = var.secrets`),
		ExpectError: regexp.MustCompile(`(?s)Invalid JSON object.*sensitive_input must be a JSON object`),
	})
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake received %d requests, want none", n)
	}
}

// A field in both inputs is refused before any request.
func TestAccActorTask_fieldInBothInputs(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + taskConfig("crawl", `input = jsonencode({ apiKey = "x", maxPages = 1 })`,
			`sensitive_input = jsonencode({ apiKey = "s3cret-key" })`),
		ExpectError: errorMatching("Input field set twice", `The field "apiKey" is in both input and sensitive_input`),
	})
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake received %d requests, want none", n)
	}
}

func TestAccActorTask_changesOutsideTerraformArePlannedBack(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	config := providerConfig(fake) + taskConfig("crawl", `title = "Crawl"`, `options = { memory_mbytes = 1024 }`,
		`input = jsonencode({ maxPages = 1 })`)
	runTaskCase(t, fake,
		resource.TestStep{Config: config},
		resource.TestStep{
			PreConfig: func() {
				fake.ChangeTask(fake.Tasks()[0], `{"title": "Changed in Console", "options": {"memoryMbytes": 4096, "build": "beta"},
					"input": {"maxPages": 99}}`)
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(taskAddress, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectTask("title", str("Crawl")),
				expectTask("input", str(`{"maxPages":1}`)),
				expectTask("options", knownvalue.ObjectPartial(map[string]knownvalue.Check{"memory_mbytes": knownvalue.Int64Exact(1024)})),
			},
			Check: func(s *terraform.State) error {
				options, _ := storedTask(t, fake, taskID(s))["options"].(map[string]any)
				if fmt.Sprint(options["memoryMbytes"]) != "1024" {
					return fmt.Errorf("the task's options on the platform are %v, want the memory set back to 1024", options)
				}
				return nil
			},
		},
	)
}

func TestAccActorTask_deletedOutsideTerraformIsCreatedAgain(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	config := providerConfig(fake) + taskConfig("crawl")
	var first string
	runTaskCase(t, fake,
		resource.TestStep{Config: config, Check: func(s *terraform.State) error { first = taskID(s); return nil }},
		resource.TestStep{
			PreConfig: func() { fake.DeleteTask(first) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(taskAddress, plancheck.ResourceActionCreate),
			}},
			Check: func(s *terraform.State) error {
				if taskID(s) == first {
					return fmt.Errorf("the task kept the ID %s of the one deleted", first)
				}
				return nil
			},
		},
	)
}

// An import block of a task made in Console, by username~task-name,
// plans no change when the configuration matches what an import reads:
// the whole input in sensitive_input.
func TestAccActorTask_importBlockOfATaskMadeElsewhere(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	id := fake.AddTask(`{"name": "made-in-console", "title": "Made in Console", "options": {"build": "latest"},
		"input": {"maxPages": 3, "startUrls": [{"url": "https://shop.example.com"}]}}`)
	runTaskCase(t, fake,
		resource.TestStep{
			Config: providerConfig(fake) + importBlock(taskAddress, apifytest.Username+"~made-in-console") +
				taskConfig("made-in-console", `title = "Made in Console"`, `options = { build = "latest" }`,
					`sensitive_input = jsonencode({ startUrls = [{ url = "https://shop.example.com" }], maxPages = 3 })`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(taskAddress, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expectTask("id", str(id))},
		},
	)
}

// A task whose secret field the platform returns encrypted imports with
// its encrypted text; a configuration with the plain fields in input and
// the secret in sensitive_input plans the one update that sends them,
// and nothing after.
func TestAccActorTask_importOfAnEncryptedSecretField(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddTask(`{"name": "made-in-console", "input": {"maxPages": 3, "password": "ENCRYPTED_VALUE:Hw/uqRMR==:VfQd2Zb"}}`)
	config := taskConfig("made-in-console", `input = jsonencode({ maxPages = 3 })`,
		`sensitive_input = jsonencode({ password = "s3cret-pass" })`)
	runTaskCase(t, fake,
		resource.TestStep{
			Config: providerConfig(fake) + importBlock(taskAddress, apifytest.Username+"~made-in-console") + config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(taskAddress, plancheck.ResourceActionUpdate),
				plancheck.ExpectSensitiveValue(taskAddress, tfjsonpath.New("sensitive_input")),
			}},
			Check: func(s *terraform.State) error {
				input, _ := storedTask(t, fake, taskID(s))["input"].(map[string]any)
				if input["password"] != "s3cret-pass" {
					return fmt.Errorf("the task's input on the platform is %v, want the password sent", input)
				}
				return nil
			},
		},
		resource.TestStep{
			Config:           providerConfig(fake) + config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	)
}

// importBlock is an import block of the resource at address by id.
func importBlock(address, id string) string {
	return fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", address, id)
}

func TestAccActorTask_invalidConfiguration(t *testing.T) {
	tests := map[string]struct {
		actor, name string
		lines       []string
		want        *regexp.Regexp
	}{
		"name with capitals":  {apifytest.ActorID, "Nightly", nil, errorMatching("must be a valid task name", "lower-case letters")},
		"name too short":      {apifytest.ActorID, "ab", nil, errorMatching("must be a valid task name", "3 to 63 characters")},
		"name ends in hyphen": {apifytest.ActorID, "crawl-", nil, errorMatching("must be a valid task name")},
		"input not an object": {apifytest.ActorID, "crawl", []string{`input = jsonencode([1, 2])`}, errorMatching("Invalid JSON object", "input")},
		"input not JSON": {apifytest.ActorID, "crawl", []string{`input = "{maxPages: 1}"`},
			errorMatching("Invalid JSON object", "input must be a JSON object")},
		"memory not a power of 2": {apifytest.ActorID, "crawl", []string{`options = { memory_mbytes = 1000 }`},
			errorMatching("Invalid memory", "options.memory_mbytes", "power of 2, at least 128")},
		"negative timeout": {apifytest.ActorID, "crawl", []string{`options = { timeout_secs = -1 }`}, errorMatching("options.timeout_secs", "at least 0")},
		"empty title":      {apifytest.ActorID, "crawl", []string{`title = ""`}, errorMatching("title", "at least 1")},
		"Actor by name":    {"apify/web-scraper", "crawl", nil, errorMatching("must be the ID of the Actor", "not its name")},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			config := taskConfigOf(tt.actor, tt.name, tt.lines...)
			runSteps(t, resource.TestStep{Config: providerConfig(fake) + config, ExpectError: tt.want})
			if n := len(fake.Requests()); n != 0 {
				t.Errorf("the fake received %d requests, want none before the configuration is valid", n)
			}
		})
	}
}

// A create whose answer is lost after the platform stored the task
// adopts it: one task, not two, and no name clash.
func TestAccActorTask_lostCreateAnswerAdoptsTheTask(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.DropAfterHandling(apifytest.CreateActorTask.Of(""))
	runTaskCase(t, fake, resource.TestStep{
		Config: providerConfig(fake) + taskConfig("crawl", `input = jsonencode({ maxPages = 1 })`),
		Check: func(*terraform.State) error {
			if names := fake.Tasks(); len(names) != 1 {
				return fmt.Errorf("tasks on the platform: %v, want one", names)
			}
			if n := requestsOf(fake, http.MethodPost); n != 1 {
				return fmt.Errorf("%d creates sent, want 1", n)
			}
			return nil
		},
	})
}

// A lost answer with another task of that name on the platform is an
// error that names it.
func TestAccActorTask_lostCreateAnswerWithAnotherTaskOfTheName(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	other := fake.AddTask(`{"name": "crawl", "title": "Made in Console"}`)
	fake.QueueFaults(apifytest.CreateActorTask.Of(""), apifytest.ResetConnection())
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + taskConfig("crawl"),
		ExpectError: errorMatching("No answer from the Apify API", `a task named "crawl" (ID `+other+`)`,
			"differs from the one sent", "import {", "to = apify_actor_task.<address above>", `id = "`+other+`"`),
	})
	if names := fake.Tasks(); len(names) != 1 {
		t.Errorf("tasks on the platform: %v, want only the one made before", names)
	}
}

// An empty input, plain or secret, applies and plans nothing after, as
// jsonencode of an empty map makes it.
func TestAccActorTask_emptyInputs(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	config := providerConfig(fake) + taskConfig("crawl", `input = jsonencode({})`, `sensitive_input = jsonencode({})`)
	runTaskCase(t, fake,
		resource.TestStep{Config: config, ConfigStateChecks: []statecheck.StateCheck{
			expectTask("input", str("{}")), expectTask("sensitive_input", str("{}")),
		}},
		resource.TestStep{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	)
}

// An input field the Actor's input schema marks secret comes back
// encrypted; the configured value stays in the state, and nothing is
// planned.
func TestAccActorTask_encryptedSecretField(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	config := providerConfig(fake) + taskConfig("crawl", `input = jsonencode({ maxPages = 1 })`,
		`sensitive_input = jsonencode({ password = "s3cret-pass" })`)
	runTaskCase(t, fake,
		resource.TestStep{Config: config},
		resource.TestStep{
			PreConfig: func() {
				fake.ChangeTask(fake.Tasks()[0], `{"input": {"maxPages": 1, "password": "ENCRYPTED_VALUE:Hw/uqRMRNHmx==:VfQd2ZbU"}}`)
			},
			Config:            config,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{expectTask("sensitive_input", str(`{"password":"s3cret-pass"}`))},
		},
	)
}

// A name the account already uses for another task is an error that
// names it and gives the import block that takes it over, with a word on
// create_before_destroy.
func TestAccActorTask_nameTakenSaysToImport(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	other := fake.AddTask(`{"name": "crawl", "title": "Made in Console"}`)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + taskConfig("crawl"),
		ExpectError: errorMatching("Task name taken", `a task named "crawl" (ID `+other+`)`, "import {",
			"to = apify_actor_task.<address above>", `id = "`+other+`"`, "create_before_destroy"),
	})
}

// Tasks that an interrupted apply made, the same as the configuration,
// are adopted by the next apply with a warning that names each; one that
// differs is named in an error. Nothing is created twice.
func TestAccActorTask_interruptedApplyConverges(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	orphans := map[string]string{}
	for _, name := range []string{"crawl-1", "crawl-2"} {
		orphans[name] = fake.AddTask(`{"name": "` + name + `", "input": {"maxPages": 1}}`)
	}
	config := providerConfig(fake) + `
resource "apify_actor_task" "test" {
  count    = 3
  actor_id = "` + apifytest.ActorID + `"
  name     = "crawl-${count.index + 1}"
  input    = jsonencode({ maxPages = 1 })
}
`
	runTaskCase(t, fake,
		resource.TestStep{Config: config, Check: func(s *terraform.State) error {
			managed := map[string]bool{}
			for _, r := range s.RootModule().Resources {
				managed[r.Primary.ID] = true
			}
			if n := len(fake.Tasks()); n != 3 || len(managed) != 3 || !managed[orphans["crawl-1"]] || !managed[orphans["crawl-2"]] {
				return fmt.Errorf("%d tasks on the platform, %v managed; want 3, the two made before among them", n, managed)
			}
			return nil
		}},
		resource.TestStep{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
	)
}

// An import of a task that does not exist says which IDs import takes.
func TestAccActorTask_importOfNoTask(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runSteps(t, resource.TestStep{
		Config:      providerConfig(fake) + importBlock(taskAddress, apifytest.Username+"/crawl") + taskConfig("crawl"),
		ExpectError: errorMatching("Task not found", `no task "janedoe/crawl"`, "username/task-name", "the bare task-name"),
	})
}

// A task imports by each of its names, and keeps its ID.
func TestAccActorTask_importByEachName(t *testing.T) {
	for _, ref := range []string{"id", apifytest.Username + "~made-in-console", apifytest.Username + "/made-in-console", "made-in-console"} {
		t.Run(ref, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			id := fake.AddTask(`{"name": "made-in-console", "input": {"maxPages": 3}}`)
			if ref == "id" {
				ref = id
			}
			runTaskCase(t, fake, resource.TestStep{
				Config: providerConfig(fake) + importBlock(taskAddress, ref) +
					taskConfig("made-in-console", `sensitive_input = jsonencode({ maxPages = 3 })`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(taskAddress, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectTask("id", str(id))},
			})
		})
	}
}

// An import into a configuration that sets no input at all, as a
// generated configuration does, fails before any request and names the
// fields to fill in. (TestWarnings in internal/e2e checks the warning of
// one that names only some of them.)
func TestAccActorTask_importNamesTheInputFieldsItWouldRemove(t *testing.T) {
	t.Parallel()
	const input = `{"startUrls": [{"url": "https://shop.example.com"}], "maxPages": 500, "proxyConfiguration": {"useApifyProxy": true}}`
	t.Run("no input", func(t *testing.T) {
		t.Parallel()
		fake := apifytest.Start(t)
		id := fake.AddTask(`{"name": "made-in-console", "input": ` + input + `}`)
		runSteps(t, resource.TestStep{
			Config: providerConfig(fake) + importBlock(taskAddress, "made-in-console") + taskConfig("made-in-console",
				`input = null`, `sensitive_input = null`),
			ExpectError: errorMatching("Task input not configured", `fields "maxPages", "proxyConfiguration", "startUrls"`,
				"input = jsonencode({})"),
		})
		if got := storedTask(t, fake, id)["input"]; !strings.Contains(fmt.Sprint(got), "useApifyProxy") {
			t.Errorf("the task's input is now %v, want it untouched", got)
		}
		if n := requestsOf(fake, http.MethodPut); n != 0 {
			t.Errorf("%d updates sent, want none", n)
		}
	})
}

// lastPut is the body of the last update the fake received.
func lastPut(t *testing.T, fake *apifytest.Server) map[string]any {
	t.Helper()
	var body map[string]any
	requests := fake.Requests()
	for i := len(requests) - 1; i >= 0; i-- {
		if requests[i].Method == http.MethodPut {
			if err := json.Unmarshal(requests[i].Body, &body); err != nil {
				t.Fatal(err)
			}
			return body
		}
	}
	t.Fatal("the fake received no update")
	return nil
}
