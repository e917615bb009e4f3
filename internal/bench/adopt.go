package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
	"github.com/apify/terraform-provider-apify/internal/tfcli"
)

// What bringing an account under management costs: the refresh of tasks
// made in Apify Console and imported, and terraform query of a whole
// account (on the Terraform 1.14+ of -terraform-newest only).

// imported imports singleReads tasks made in Console, by username/name,
// into a configuration that matches them, then refreshes them: one
// request each, and a plan with no change.
func (b *bench) imported(ctx context.Context) ([]figure, error) {
	n := b.singleReads
	fake := apifytest.NewServer()
	defer fake.Close()
	fake.SkipValidation()
	var imports strings.Builder
	for i := range n {
		fake.AddTask(fmt.Sprintf(`{"name": "console-%d", "options": {"memoryMbytes": 1024}, "input": {"maxPages": %d}}`, i, i))
		fmt.Fprintf(&imports, "import {\n  to = apify_actor_task.each[%d]\n  id = \"%s/console-%d\"\n}\n", i, apifytest.Username, i)
	}
	ws, cleanup, err := b.workspace(b.terraform, fake, imports.String()+fmt.Sprintf(`
resource "apify_actor_task" "each" {
  count = %d

  actor_id        = "%s"
  name            = "console-${count.index}"
  options         = { memory_mbytes = 1024 }
  sensitive_input = jsonencode({ maxPages = count.index })
}
`, n, apifytest.ActorID))
	if err != nil {
		return nil, err
	}
	defer cleanup()
	if err := b.terraformRun(ctx, ws, "apply", "-auto-approve", "-input=false", fmt.Sprintf("-parallelism=%d", parallelism)); err != nil {
		return nil, err
	}
	plans, err := b.runPlans(ctx, ws, fake)
	if err != nil {
		return nil, err
	}
	exact := true
	for _, p := range plans {
		exact = exact && p.requests == n
	}
	empty := b.terraformRun(ctx, ws, "plan", "-detailed-exitcode", "-input=false", "-lock=false") == nil
	return []figure{
		{name: fmt.Sprintf("import: plan refreshing %d imported apify_actor_task (median of %d)", n, b.runs), value: seconds(median(plans, wallOf))},
		{
			name:  "import: HTTP requests per refreshed task, and the plan",
			value: fmt.Sprintf("%.2f, %s", float64(plans[len(plans)-1].requests)/float64(n), map[bool]string{true: "no change", false: "changes"}[empty]),
			bound: "exactly 1 in every run, no change", pass: exact && empty,
		},
	}, nil
}

// query runs terraform query of an account of queryObjects tasks, as many
// schedules and as many webhooks, each read whole (include_resource).
func (b *bench) query(ctx context.Context) ([]figure, error) {
	if b.terraformNewest == "" {
		return []figure{{name: "query: skipped, no Terraform 1.14 or newer (-terraform-newest)", value: "-"}}, nil
	}
	n := b.queryObjects
	fake := apifytest.NewServer()
	defer fake.Close()
	fake.SkipValidation()
	for i := range n {
		task := fake.AddTask(fmt.Sprintf(`{"name": "task-%d", "input": {"maxPages": %d}}`, i, i))
		fake.AddSchedule(fmt.Sprintf(`{"name": "schedule-%d", "cronExpression": "0 3 * * *",
			"actions": [{"id": "a%d", "type": "RUN_ACTOR_TASK", "actorTaskId": %q}]}`, i, i, task))
		fake.AddWebhook(fmt.Sprintf(`{"id": "hook%013d", "requestUrl": "https://hooks.example.com/%d", "condition": {"actorTaskId": %q}}`, i, i, task))
	}
	ws, cleanup, err := b.workspace(b.terraformNewest, fake, "")
	if err != nil {
		return nil, err
	}
	defer cleanup()
	var query strings.Builder
	for _, kind := range []string{"apify_actor_task", "apify_schedule", "apify_webhook"} {
		fmt.Fprintf(&query, "list %q \"all\" {\n  provider         = apify\n  include_resource = true\n  limit            = %d\n}\n", kind, n)
	}
	if err := ws.WriteFile("account.tfquery.hcl", query.String()); err != nil {
		return nil, err
	}
	var walls []time.Duration
	var last plan
	for run := range b.runs + 1 {
		requests := len(fake.Requests())
		watch := watchPeakRSS(ctx, b.providerPath)
		start := time.Now()
		err := b.terraformRun(ctx, ws, "query", "-no-color")
		wall, peak := time.Since(start), watch()
		if err != nil {
			return nil, err
		}
		if run > 0 { // the first warms the caches up
			walls = append(walls, wall)
		}
		last = plan{wall: wall, requests: len(fake.Requests()) - requests, peakRSS: max(last.peakRSS, peak)}
	}
	// Each list: its pages of MaxPageSize (one more request tells a full
	// page from the end), and one read of each object; the task list
	// asks for the account first.
	pages := 3*(n/apifytest.DefaultMaxPageSize+1) + 1
	want := pages + 3*n
	const rssBound = 96 << 20
	return []figure{
		{
			name:  fmt.Sprintf("query: terraform query of %d tasks, %d schedules and %d webhooks, each whole (median of %d)", n, n, n, b.runs),
			value: seconds(time.Duration(medianOf(walls, func(d time.Duration) float64 { return float64(d) }))),
		},
		{
			name:  "query: HTTP requests (list pages, and one read of each object)",
			value: strconv.Itoa(last.requests), bound: fmt.Sprintf("<= %d (%d pages, %d reads)", want, pages, 3*n),
			pass: last.requests <= want && last.requests >= 3*n,
		},
		{
			name:  fmt.Sprintf("memory: provider peak RSS, terraform query of %d objects (most of any run)", 3*n),
			value: mib(last.peakRSS), bound: "<= " + mib(rssBound),
			pass: last.peakRSS > 0 && last.peakRSS <= rssBound,
		},
	}, nil
}

// terraformRun runs terraform with args in ws, its output discarded but
// for an error's.
func (b *bench) terraformRun(ctx context.Context, ws *tfcli.Workspace, args ...string) error {
	var stderr bytes.Buffer
	cmd := ws.Command(ctx, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && args[0] == "plan" && exit.ExitCode() == 2 {
			return fmt.Errorf("terraform plan found changes")
		}
		return fmt.Errorf("terraform %s: %w\n%s", args[0], err, stderr.String())
	}
	return nil
}

// action applies an apify_run_actor_task action that waits for a run of
// actionPolls reads: one request per poll, and memory that does not grow
// with them.
func (b *bench) action(ctx context.Context) ([]figure, error) {
	if b.terraformNewest == "" {
		return []figure{{name: "action: skipped, no Terraform 1.14 or newer (-terraform-newest)", value: "-"}}, nil
	}
	polls := b.actionPolls
	fake := apifytest.NewServer()
	defer fake.Close()
	fake.SkipValidation()
	// READY, then RUNNING for the reads but the two that start and end it.
	fake.SetRunReads(polls - 2)
	task := fake.AddTask(`{"name": "crawl"}`)
	ws, cleanup, err := b.workspace(b.terraformNewest, fake, fmt.Sprintf(`
action "apify_run_actor_task" "crawl" {
  config {
    actor_task_id = %q
  }
}

resource "terraform_data" "trigger" {
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.apify_run_actor_task.crawl]
    }
  }
}
`, task))
	if err != nil {
		return nil, err
	}
	defer cleanup()
	watch := watchPeakRSS(ctx, b.providerPath)
	start := time.Now()
	err = b.terraformRun(ctx, ws, "apply", "-auto-approve", "-input=false")
	wall, peak := time.Since(start), watch()
	if err != nil {
		return nil, err
	}
	reads := 0
	for _, r := range fake.Requests() {
		if r.Method == http.MethodGet && strings.HasPrefix(r.EscapedPath, "/v2/actor-runs/") {
			reads++
		}
	}
	const rssBound = 64 << 20
	return []figure{
		{name: fmt.Sprintf("action: apply whose apify_run_actor_task waits for a run of %d polls", polls), value: seconds(wall)},
		{
			name:  "action: HTTP requests per poll",
			value: strconv.FormatFloat(float64(reads)/float64(polls), 'f', 2, 64), bound: "exactly 1",
			pass: reads == polls,
		},
		{
			name:  fmt.Sprintf("memory: provider peak RSS, an action waiting for %d polls", polls),
			value: mib(peak), bound: "<= " + mib(rssBound),
			pass: peak > 0 && peak <= rssBound,
		},
	}, nil
}
