package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// plan runs terraform plan (or the command of args) in a workspace holding
// config against a new fake, made ready by prepare when it is set, and
// returns what Terraform printed, with runs of white space folded, since
// Terraform wraps long diagnostics.
func plan(t *testing.T, prepare func(*apifytest.Server), config string, args ...string) (string, error) {
	t.Helper()
	fake := apifytest.Start(t)
	if prepare != nil {
		prepare(fake)
	}
	ws := newWorkspace(t, fake, config)
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token)
	if len(args) == 0 {
		args = []string{"plan"}
	}
	var out bytes.Buffer
	err := ws.Run(t.Context(), &out, &out, append(args, "-input=false", "-no-color")...)
	return strings.Join(strings.Fields(out.String()), " "), err
}

// Warnings do not fail a plan, so only Terraform's output shows them.
func TestWarnings(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(fake *apifytest.Server)
		config  string
		args    []string
		want    []string
		absent  []string
	}{
		{
			name: "event type the provider does not know",
			config: `
data "apify_webhook_dispatches" "new_event" {
  event_types = ["ACTOR.RUN.EXPLODED"]
}`,
			want: []string{"Warning: Unknown event type", `"ACTOR.RUN.EXPLODED" is not one of the event types the provider knows:`,
				"ACTOR.BUILD.ABORTED,", "TEST. If the Apify API added it recently, ignore this warning"},
		},
		{
			name:    "window cut at the limit",
			prepare: func(fake *apifytest.Server) { fake.AddGeneratedDispatches("hookWindow", 400) },
			config: `
data "apify_webhook_dispatches" "window" {
  webhook_id    = "hookWindow"
  created_after = "2026-01-01T00:01:39Z"
  limit         = 50
}`,
			want: []string{"Warning: Webhook dispatches not read to the end of the window",
				"The read stopped at its limit of 50 dispatches before it reached created_after (2026-01-01T00:01:39Z).",
				"The oldest dispatch read was created at 2026-01-01T00:05:50.000Z;",
				"truncated is true. Raise limit (at most 10000) to read the whole window."},
		},
		{
			name: "import of a task into a configuration that names some of its input fields",
			prepare: func(fake *apifytest.Server) {
				fake.AddTask(`{"name": "made-in-console", "options": {"build": "beta", "memoryMbytes": 2048},
					"input": {"startUrls": [{"url": "https://shop.example.com"}],
					"maxPages": 500, "proxyConfiguration": {"useApifyProxy": true}, "apiKey": "s3cret-key-0042"}}`)
			},
			config: `
import {
  to = apify_actor_task.crawl
  id = "janedoe/made-in-console"
}

resource "apify_actor_task" "crawl" {
  actor_id = "` + apifytest.ActorID + `"
  name     = "made-in-console"
  input    = jsonencode({ startUrls = [{ url = "https://shop.example.com" }], maxPages = 500 })
}`,
			want: []string{"Warning: Task input fields removed", `This plan removes the input fields "apiKey", "proxyConfiguration" from the task`,
				"To keep a field, add it to input, or to sensitive_input if it is secret.",
				"Warning: Task run options removed", "This plan clears the task's run options build, memory_mbytes"},
			absent: []string{"s3cret-key-0042", "useApifyProxy"},
		},
		{
			name: "dispatches arriving as fast as pages are read",
			prepare: func(fake *apifytest.Server) {
				fake.SetMaxPageSize(5)
				fake.AddGeneratedDispatches("hookStorm", 100)
				fake.ArriveWhileListed("hookStorm", 5, 50)
			},
			config: `
data "apify_webhook_dispatches" "storm" {
  webhook_id = "hookStorm"
  limit      = 500
}`,
			want: []string{"Warning: Webhook dispatches not read to the end", "the last 3 pages held only dispatches already read",
				"with 5 read", "truncated is true"},
		},
		{
			name: "a task an interrupted apply left, adopted",
			prepare: func(fake *apifytest.Server) {
				fake.AddTask(`{"id": "orphanTask0000001", "name": "crawl", "input": {"maxPages": 1}}`)
			},
			config: `
resource "apify_actor_task" "crawl" {
  actor_id = "` + apifytest.ActorID + `"
  name     = "crawl"
  input    = jsonencode({ maxPages = 1 })
}`,
			args: []string{"apply", "-auto-approve"},
			want: []string{"Warning: Task adopted", `The account already had a task named "crawl" (ID orphanTask0000001)`,
				"managed here from now on", "1 added"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := plan(t, tt.prepare, tt.config, tt.args...)
			if err != nil {
				t.Fatalf("plan failed: %v\n%s", err, out)
			}
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("the output lacks %q:\n%s", want, out)
				}
			}
			for _, secret := range tt.absent {
				if strings.Contains(out, secret) {
					t.Errorf("the output shows %q:\n%s", secret, out)
				}
			}
		})
	}
}

// Diagnostics read as sentences: no doubled full stop, no Go error jargon
// left unexplained, no Go time layouts, no escaped line breaks, and no
// negative duration offered as an example.
func TestDiagnosticsReadAsSentences(t *testing.T) {
	hang := func(fake *apifytest.Server) {
		fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Hang(), apifytest.Hang(), apifytest.Hang())
	}
	tests := []struct {
		name    string
		prepare func(fake *apifytest.Server)
		config  string
	}{
		{"not found", nil, `data "apify_webhook_dispatch" "x" { id = "noSuchDispatch01" }`},
		{"API message ending in a full stop", func(fake *apifytest.Server) {
			fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Status(http.StatusBadRequest, "invalid-input", "Invalid input."))
		}, fmt.Sprintf(`data "apify_webhook_dispatch" "x" { id = %q }`, apifytest.DispatchSucceeded)},
		{"read timeout", hang, fmt.Sprintf(`
data "apify_webhook_dispatch" "x" {
  id = %q
  timeouts { read = "1s" }
}`, apifytest.DispatchSucceeded)},
		{"request timeout", hang, fmt.Sprintf(`
provider "apify" {
  request_timeout = "200ms"
  max_retries     = 2
}
data "apify_webhook_dispatch" "x" { id = %q }`, apifytest.DispatchSucceeded)},
		{"wait that runs out", func(fake *apifytest.Server) {
			fake.SettleAfter(apifytest.DispatchActive, 1<<30, "SUCCEEDED")
		}, fmt.Sprintf(`
data "apify_webhook_dispatch" "x" {
  id                    = %q
  wait_for_final_status = true
  timeouts { read = "2s" }
}`, apifytest.DispatchActive)},
		{"invalid durations and timestamp", nil, `
provider "apify" {
  request_timeout = "soon"
}
data "apify_webhook_dispatches" "x" {
  created_after = "yesterday"
  timeouts { read = "-1m" }
}`},
		{"base URL without a scheme", nil, `
provider "apify" {
  base_url = "api.apify.com"
}
data "apify_webhook_dispatches" "x" {}`},
	}
	// Two full stops, not Terraform's three in "Reading...".
	unwanted := regexp.MustCompile(`(^|[^.])\.\.([^.]|$)|context deadline exceeded|context canceled|2006-01-02|15:04:05Z07:00|\\n|"-1\.5h"`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := plan(t, tt.prepare, tt.config)
			if err == nil {
				t.Fatalf("plan succeeded, want a failure:\n%s", out)
			}
			if !strings.Contains(out, "Error: ") {
				t.Fatalf("no diagnostic in the output:\n%s", out)
			}
			if bad := unwanted.FindString(out); bad != "" {
				t.Errorf("the output has %q:\n%s", bad, out)
			}
		})
	}
}

// Every example the docs show, pasted into an empty directory with
// APIFY_TOKEN exported (and, for the write-only one, the ephemeral
// variable it says to export), plans without asking for a variable.
func TestExamplesPlanAsPasted(t *testing.T) {
	examples, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*", "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	examples = append(examples, more...)
	if len(examples) < 3 {
		t.Fatalf("found only %v", examples)
	}
	for _, example := range examples {
		t.Run(example, func(t *testing.T) {
			t.Parallel()
			config, err := os.ReadFile(example)
			if err != nil {
				t.Fatal(err)
			}
			fake := apifytest.Track(t, apifytest.NewPlayground())
			// No -input=false: Terraform asks on standard input for a
			// variable without a value, and gets nothing from it.
			ws := newWorkspace(t, fake, string(config))
			ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token)
			if strings.Contains(string(config), "\naction \"") {
				// Actions need Terraform 1.14.
				skipBelow(t, ws, "1.14.0")
			}
			if strings.Contains(string(config), "ephemeral = true") {
				// The write-only example takes its secret from the
				// pipeline, as its comment says, on the engines that can.
				skipBelow(t, ws, "1.11.0")
				ws.Env = append(ws.Env, "TF_VAR_webhook_url=https://hooks.example.com/deploy?token=s3cret",
					"TF_VAR_proxy_password=s3cret-pass")
			}
			var out bytes.Buffer
			cmd := ws.Command(t.Context(), "plan", "-no-color")
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				t.Fatalf("plan failed: %v\n%s", err, tail(out.String()))
			}
			if strings.Contains(out.String(), "Enter a value") {
				t.Errorf("plan asked for a variable:\n%s", tail(out.String()))
			}
		})
	}
}
