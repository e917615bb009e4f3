package e2e

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
	"github.com/apify/terraform-provider-apify/internal/tfcli"
)

// The account a query adopts: a task with a secret input field, a
// schedule that runs it, and a webhook of its runs whose URL holds a
// token.
const (
	queriedTaskInput = `{"maxPages": 5, "apiKey": "s3cret-key-0042"}`
	queriedHookURL   = "https://hooks.example.com/apify?token=s3cret-url-0042"
)

func queriedAccount(fake *apifytest.Server) (task string) {
	task = fake.AddTask(`{"name": "weekly-report", "title": "Weekly report", "options": {"build": "beta", "memoryMbytes": 1024},
		"input": ` + queriedTaskInput + `}`)
	fake.AddSchedule(`{"name": "weekly", "cronExpression": "0 6 * * 1", "timezone": "Europe/Prague", "isEnabled": true,
		"actions": [{"id": "a1", "type": "RUN_ACTOR_TASK", "actorTaskId": "` + task + `", "input": {"maxPages": 2}}]}`)
	fake.AddWebhook(`{"id": "hookOfTheTask0001", "requestUrl": "` + queriedHookURL + `",
		"eventTypes": ["ACTOR.RUN.FAILED"], "condition": {"actorTaskId": "` + task + `"}}`)
	fake.AddWebhook(`{"id": "hookAdHoc00000001", "requestUrl": "https://hooks.example.com/apify", "isAdHoc": true}`)
	return task
}

const queryAll = `
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
`

// queryWorkspace is a workspace for terraform query (Terraform 1.14 and
// later; skipped before) against fake, with the list blocks of query.
func queryWorkspace(t *testing.T, fake *apifytest.Server, query string) *tfcli.Workspace {
	t.Helper()
	ws := newWorkspace(t, fake, `provider "apify" {}`)
	skipBelow(t, ws, "1.14.0")
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token)
	if err := ws.WriteFile("query.tfquery.hcl", query); err != nil {
		t.Fatal(err)
	}
	return ws
}

// runIn runs terraform with args in ws and returns its output, white space
// folded, and its error.
func runIn(t *testing.T, ws *tfcli.Workspace, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	flags := []string{"-no-color"}
	if args[0] != "query" {
		flags = append(flags, "-input=false")
	}
	err := ws.Run(t.Context(), &out, &out, append(args, flags...)...)
	return strings.Join(strings.Fields(out.String()), " "), err
}

// `terraform query -generate-config-out` writes the import blocks and the
// configuration of every object the account holds. Its plan fails before
// any request, naming what an import cannot know (the task's input, the
// webhook's URL); once those are filled in, it applies without changing
// anything, and the next plan is empty. No secret reaches the output.
func TestQueryGeneratesConfigurationThatConverges(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	task := queriedAccount(fake)
	ws := queryWorkspace(t, fake, queryAll)

	out, err := runIn(t, ws, "query", "-generate-config-out=generated.tf")
	if err != nil {
		t.Fatalf("terraform query: %v\n%s", err, out)
	}
	for _, want := range []string{"janedoe~weekly-report", "weekly", "ACTOR.RUN.FAILED of task " + task,
		"Warning: Webhooks apify_webhook cannot manage", "1 webhook left out"} {
		if !strings.Contains(out, want) {
			t.Errorf("the query's output lacks %q:\n%s", want, out)
		}
	}
	generated, err := os.ReadFile(filepath.Join(ws.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(generated), "import {"); n != 3 {
		t.Errorf("generated.tf has %d import blocks, want 3:\n%s", n, generated)
	}

	// Each plan fails before any write, naming what to fill in: first the
	// webhook's URL, which validation asks for, then the task's input.
	for _, step := range []struct {
		want            []string
		attribute, fill string
	}{
		{[]string{"Missing Attribute Configuration", "request_url"}, "request_url", `"` + queriedHookURL + `"`},
		{[]string{"Task input not configured", `The imported task has the input fields "apiKey", "maxPages"`},
			"sensitive_input", `jsonencode({ maxPages = 5, apiKey = "s3cret-key-0042" })`},
	} {
		out, err = runIn(t, ws, "plan")
		if err == nil {
			t.Fatalf("the plan passed, want it to name %s to fill in:\n%s", step.attribute, out)
		}
		for _, want := range step.want {
			if !strings.Contains(out, want) {
				t.Errorf("the plan's output lacks %q:\n%s", want, out)
			}
		}
		generated = []byte(fillIn(string(generated), step.attribute, step.fill))
		if err := os.WriteFile(filepath.Join(ws.Dir, "generated.tf"), generated, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range fake.Requests() {
		if r.Method != http.MethodGet {
			t.Fatalf("the failing plans sent %s %s, want reads only", r.Method, r.EscapedPath)
		}
	}
	if out, err = runIn(t, ws, "apply", "-auto-approve"); err != nil {
		t.Fatalf("apply of the filled-in configuration: %v\n%s\n%s", err, out, generated)
	}
	if !strings.Contains(out, "3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply did not just import the three objects:\n%s", out)
	}
	out, err = runIn(t, ws, "plan", "-detailed-exitcode")
	if err != nil {
		t.Fatalf("the plan after the import is not empty: %v\n%s", err, out)
	}
	for _, secret := range []string{"s3cret-key-0042", "s3cret-url-0042"} {
		if strings.Contains(out, secret) {
			t.Errorf("the output shows %q", secret)
		}
	}
}

// A query cut at its limit says so.
func TestQueryCutAtItsLimitSaysSo(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	for _, name := range []string{"crawl-1", "crawl-2", "crawl-3"} {
		fake.AddTask(`{"name": "` + name + `"}`)
	}
	ws := queryWorkspace(t, fake, "list \"apify_actor_task\" \"all\" {\n  provider = apify\n  limit = 2\n}\n")
	out, err := runIn(t, ws, "query")
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	for _, want := range []string{"Warning: Not every task listed",
		"The account has 3 tasks; the query lists the newest 2, its limit. Raise limit in the list block"} {
		if !strings.Contains(out, want) {
			t.Errorf("the query's output lacks %q:\n%s", want, out)
		}
	}
}

// fillIn sets the attribute that the generated configuration writes as
// null to expression.
func fillIn(generated, attribute, expression string) string {
	line := regexp.MustCompile(`(?m)^(\s*` + attribute + `\s*=\s*)null\b.*$`)
	return line.ReplaceAllString(generated, "${1}"+strings.ReplaceAll(expression, "$", "$$"))
}

// A task deleted between the list and its read whole is left out with a
// warning that names it, and the rest are listed.
func TestQueryOfATaskDeletedMeanwhile(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	gone := fake.AddTask(`{"name": "crawl-1"}`)
	fake.AddTask(`{"name": "crawl-2"}`)
	fake.QueueFaults(apifytest.GetActorTask.Of(gone), apifytest.Status(http.StatusNotFound, "record-not-found", "Actor task was not found."))
	ws := queryWorkspace(t, fake, "list \"apify_actor_task\" \"all\" {\n  provider = apify\n  include_resource = true\n}\n")
	out, err := runIn(t, ws, "query")
	if err != nil {
		t.Fatalf("terraform query: %v\n%s", err, out)
	}
	for _, want := range []string{"Warning: Task gone", `The task "` + gone + `" (janedoe~crawl-1) was deleted while the query ran.`, "janedoe~crawl-2"} {
		if !strings.Contains(out, want) {
			t.Errorf("the query's output lacks %q:\n%s", want, out)
		}
	}
}

// The run loop of examples/run-loop applies against the playground: the
// action runs the task and the run fires the webhook; the plan after it
// changes nothing, runs nothing, and its check finds the run's
// ACTOR.RUN.SUCCEEDED dispatch delivered.
func TestRunLoopExample(t *testing.T) {
	t.Parallel()
	config, err := os.ReadFile(filepath.Join("..", "..", "examples", "run-loop", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	fake := apifytest.Track(t, apifytest.NewPlayground())
	ws := newWorkspace(t, fake, string(config))
	skipBelow(t, ws, "1.14.0")
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token)
	before := len(fake.Runs())
	out, err := runIn(t, ws, "apply", "-auto-approve")
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Started run") {
		t.Errorf("the apply's output does not show the run's progress:\n%s", out)
	}
	runs := fake.Runs()[before:]
	if len(runs) != 1 {
		t.Fatalf("%d runs, want the action's one", len(runs))
	}
	out, err = runIn(t, ws, "plan")
	if err != nil {
		t.Fatalf("the plan after the apply: %v\n%s", err, out)
	}
	if !strings.Contains(out, "0 to add, 0 to change, 0 to destroy") || strings.Contains(out, "Warning: Check block assertion failed") {
		t.Errorf("the plan after the apply changes something, or its check failed:\n%s", out)
	}
	if n := len(fake.Runs()) - before; n != 1 {
		t.Errorf("%d runs after the plan, want still the one", n)
	}
	if want := runs[0] + ` = "SUCCEEDED"`; !strings.Contains(out, want) {
		t.Errorf("the plan's succeeded_dispatches lacks %q:\n%s", want, out)
	}
}

// A query whose reads of whole objects fail stops at the first failure,
// rather than try every other object.
func TestQueryStopsAtAFailedRead(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	var ids []string
	for _, name := range []string{"crawl-1", "crawl-2", "crawl-3"} {
		id := fake.AddTask(`{"name": "` + name + `"}`)
		fake.QueueFaults(apifytest.GetActorTask.Of(id), apifytest.Status(http.StatusForbidden, "permission-denied", "Not allowed."))
		ids = append(ids, id)
	}
	ws := queryWorkspace(t, fake, "list \"apify_actor_task\" \"all\" {\n  provider = apify\n  include_resource = true\n}\n")
	out, err := runIn(t, ws, "query")
	if err == nil || !strings.Contains(out, "Apify API refused the token") {
		t.Fatalf("terraform query = %v, want the refusal:\n%s", err, out)
	}
	reads := 0
	for _, r := range fake.Requests() {
		for _, id := range ids {
			if r.EscapedPath == "/v2/actor-tasks/"+id {
				reads++
			}
		}
	}
	if reads != 1 {
		t.Errorf("%d reads of whole tasks, want the one that failed", reads)
	}
}
