// Command demo runs the demo configuration in examples/demo against the
// bundled fake Apify API, offline: it starts the fake on loopback, points
// Terraform at the freshly built provider through dev_overrides, runs
// terraform apply, prints the dispatches it read as a table, and cleans
// up. `make demo` builds the provider and runs it.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
	"github.com/apify/terraform-provider-apify/internal/tfcli"
)

func main() {
	terraform := flag.String("terraform", "terraform", "Terraform CLI to run")
	providerDir := flag.String("provider-dir", "bin", "directory holding the built terraform-provider-apify binary")
	configDir := flag.String("config", "examples/demo", "directory of the demo configuration")
	loopDir := flag.String("run-loop", "examples/run-loop", "directory of the run loop's configuration, which needs Terraform 1.14")
	newest := flag.String("terraform-newest", "", "Terraform 1.14 or newer for the run loop, when -terraform is older")
	flag.Parse()

	if err := runWithInterrupt(*terraform, *newest, *providerDir, *configDir, *loopDir); err != nil {
		fmt.Fprintln(os.Stderr, "demo failed:", err)
		os.Exit(1)
	}
}

// runWithInterrupt runs the demo, and then the run loop, until they end
// or Ctrl-C stops them; either way the fake API and the working
// directories are cleaned up.
func runWithInterrupt(terraform, newest, providerDir, configDir, loopDir string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, terraform, providerDir, configDir, os.Stdout); err != nil {
		return err
	}
	return runLoop(ctx, []string{terraform, newest}, providerDir, loopDir, os.Stdout)
}

func run(ctx context.Context, terraform, providerDir, configDir string, out io.Writer) error {
	fake := apifytest.NewPlayground()
	defer fake.Close()
	fmt.Fprintf(out, "Fake Apify API listening on %s\n\n", fake.URL)

	dir, err := os.MkdirTemp("", "apify-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ws, err := tfcli.NewWorkspace(dir, terraform, providerDir)
	if err != nil {
		return fmt.Errorf("%w (run `make build` first)", err)
	}
	if err := ws.CopyConfig(configDir); err != nil {
		return err
	}
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token, "APIFY_API_BASE_URL="+fake.URL)

	// Under dev_overrides Terraform needs no `terraform init`. Terraform's
	// machine-readable output is printed as plain lines, without colour
	// and without the outputs, which the tables below show.
	fmt.Fprintln(out, "terraform apply:")
	if err := runQuietly(ctx, ws, out, "apply"); err != nil {
		return err
	}
	var outputs bytes.Buffer
	if err := ws.Run(ctx, &outputs, os.Stderr, "output", "-json"); err != nil {
		return err
	}
	loop, err := printSummary(out, outputs.Bytes())
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "\nterraform destroy:")
	if err := runQuietly(ctx, ws, out, "destroy"); err != nil {
		return err
	}
	_, webhookLeft := fake.Webhook(loop.WebhookID)
	_, taskLeft := fake.Task(loop.TaskID)
	_, scheduleLeft := fake.Schedule(loop.ScheduleID)
	if webhookLeft || taskLeft || scheduleLeft {
		return fmt.Errorf("the demo's webhook %s, task %s or schedule %s is still on the fake API after destroy",
			loop.WebhookID, loop.TaskID, loop.ScheduleID)
	}
	fmt.Fprintln(out, "\nThe demo's task, schedule and webhook are gone from the fake API again.")
	if violations := fake.Violations(); len(violations) > 0 {
		for _, v := range violations {
			fmt.Fprintln(os.Stderr, "fake Apify API:", v)
		}
		return fmt.Errorf("%d requests or answers departed from the Apify API description", len(violations))
	}
	fmt.Fprintln(out, "Every request and answer followed the Apify API description.")
	return nil
}

// uiMessage is one line of Terraform's machine-readable UI output.
type uiMessage struct {
	Level      string `json:"@level"`
	Message    string `json:"@message"`
	Type       string `json:"type"`
	Diagnostic *struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
	} `json:"diagnostic"`
}

// runQuietly runs terraform apply, destroy or plan and prints what it
// does, a line per event, indented, leaving out the outputs and the
// notice that dev_overrides are in effect.
func runQuietly(ctx context.Context, ws *tfcli.Workspace, out io.Writer, command string) error {
	args := []string{command, "-input=false", "-json"}
	if command != "plan" {
		args = append(args, "-auto-approve")
	}
	cmd := ws.Command(ctx, args...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for lines.Scan() {
		var m uiMessage
		if json.Unmarshal(lines.Bytes(), &m) != nil {
			fmt.Fprintln(out, "  "+lines.Text())
			continue
		}
		switch {
		case m.Type == "version" || m.Type == "outputs":
		case m.Diagnostic != nil && strings.Contains(m.Diagnostic.Summary, "development overrides"):
		case m.Diagnostic != nil:
			fmt.Fprintf(out, "  %s: %s\n", capitalize(m.Diagnostic.Severity), m.Diagnostic.Summary)
			for _, line := range strings.Split(m.Diagnostic.Detail, "\n") {
				fmt.Fprintln(out, "    "+line)
			}
		default:
			fmt.Fprintln(out, "  "+m.Message)
		}
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("terraform %s: %w", command, err)
	}
	return lines.Err()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

type dispatchSummary struct {
	EventType          *string `json:"event_type"`
	Status             *string `json:"status"`
	CreatedAt          *string `json:"created_at"`
	Calls              int     `json:"calls"`
	LastResponseStatus *int64  `json:"last_response_status"`
	LastError          *string `json:"last_error"`
}

// printSummary prints the demo's outputs: the dispatches read as a table,
// the statuses counted, and the webhook loop, which it returns.
func printSummary(out io.Writer, outputsJSON []byte) (*webhookLoop, error) {
	var outputs struct {
		Dispatches struct {
			Value map[string]dispatchSummary `json:"value"`
		} `json:"dispatches"`
		RecentStatusCounts struct {
			Value map[string]int `json:"value"`
		} `json:"recent_status_counts"`
		WebhookLoop struct {
			Value *webhookLoop `json:"value"`
		} `json:"webhook_loop"`
	}
	if err := json.Unmarshal(outputsJSON, &outputs); err != nil {
		return nil, fmt.Errorf("reading terraform output: %w", err)
	}
	dispatches := outputs.Dispatches.Value
	if len(dispatches) == 0 {
		return nil, errors.New("the demo read no dispatches")
	}
	ids := make([]string, 0, len(dispatches))
	for id := range dispatches {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		return deref(dispatches[ids[i]].CreatedAt) < deref(dispatches[ids[j]].CreatedAt)
	})

	fmt.Fprintf(out, "\nWebhook dispatches read through the provider, oldest first:\n\n")
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "DISPATCH\tCREATED\tEVENT\tSTATUS\tCALLS\tLAST CALL")
	for _, id := range ids {
		d := dispatches[id]
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\n", id, deref(d.CreatedAt), deref(d.EventType), deref(d.Status), d.Calls, lastCall(d))
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}

	counts := outputs.RecentStatusCounts.Value
	statuses := make([]string, 0, len(counts))
	total := 0
	for status, n := range counts {
		statuses = append(statuses, status)
		total += n
	}
	sort.Strings(statuses)
	fmt.Fprintf(out, "\nStatuses of the webhook's %d newest dispatches (apify_webhook_dispatches):\n\n", total)
	w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "STATUS\tDISPATCHES")
	for _, status := range statuses {
		fmt.Fprintf(w, "%s\t%d\n", status, counts[status])
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}

	loop := outputs.WebhookLoop.Value
	if loop == nil {
		return nil, errors.New("the demo made no webhook_loop output")
	}
	response := "no response"
	if loop.TestResponseStatus != nil {
		response = fmt.Sprintf("HTTP %d", *loop.TestResponseStatus)
	}
	fmt.Fprintf(out, "\nThe pipeline's loop, in the same apply:\n\n")
	fmt.Fprintf(out, "  1. apify_actor found Actor %s; apify_actor_task created task %s of it\n", loop.ActorID, loop.TaskID)
	fmt.Fprintf(out, "  2. apify_schedule created schedule %s, %s, disabled\n", loop.ScheduleID, loop.ScheduleCron)
	fmt.Fprintf(out, "  3. apify_webhook created webhook %s on the task's runs\n", loop.WebhookID)
	fmt.Fprintf(out, "  4. apify_webhook_test_dispatch fired a TEST event: dispatch %s, %s, the receiver answered %s\n",
		loop.TestDispatchID, loop.TestStatus, response)
	fmt.Fprintf(out, "  5. apify_webhook_dispatch read it back: %s\n", loop.ReadBackStatus)
	fmt.Fprintf(out, "  6. apify_webhook_dispatches counted %d dispatch(es) of the webhook\n", loop.DispatchesCounted)
	return loop, nil
}

type webhookLoop struct {
	ActorID            string `json:"actor_id"`
	TaskID             string `json:"task_id"`
	ScheduleID         string `json:"schedule_id"`
	ScheduleCron       string `json:"schedule_cron"`
	WebhookID          string `json:"webhook_id"`
	TestDispatchID     string `json:"test_dispatch_id"`
	TestStatus         string `json:"test_status"`
	TestResponseStatus *int64 `json:"test_response_status"`
	ReadBackStatus     string `json:"read_back_status"`
	DispatchesCounted  int    `json:"dispatches_counted"`
}

func lastCall(d dispatchSummary) string {
	var parts []string
	if d.LastResponseStatus != nil {
		parts = append(parts, fmt.Sprintf("HTTP %d", *d.LastResponseStatus))
	}
	if d.LastError != nil {
		parts = append(parts, *d.LastError)
	}
	switch {
	case d.Calls == 0:
		return "-"
	case len(parts) == 0:
		return "in flight"
	}
	return strings.Join(parts, ", ")
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}
