// Command demo runs the demo configuration in examples/demo against the
// bundled fake Apify API, offline: it starts the fake on loopback, points
// Terraform at the freshly built provider through dev_overrides, runs
// terraform apply, prints the dispatches it read as a table, and cleans
// up. `make demo` builds the provider and runs it.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

func main() {
	terraform := flag.String("terraform", "terraform", "Terraform CLI to run")
	providerDir := flag.String("provider-dir", "bin", "directory holding the built terraform-provider-apify binary")
	configDir := flag.String("config", "examples/demo", "directory of the demo configuration")
	flag.Parse()

	if err := runWithInterrupt(*terraform, *providerDir, *configDir); err != nil {
		fmt.Fprintln(os.Stderr, "demo failed:", err)
		os.Exit(1)
	}
}

// runWithInterrupt runs the demo until it ends or Ctrl-C stops it; either
// way the fake API and the working directory are cleaned up.
func runWithInterrupt(terraform, providerDir, configDir string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return run(ctx, terraform, providerDir, configDir, os.Stdout)
}

func run(ctx context.Context, terraform, providerDir, configDir string, out io.Writer) error {
	providerDir, err := filepath.Abs(providerDir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(providerDir, "terraform-provider-apify")); err != nil {
		return fmt.Errorf("no provider binary in %s (run `make build` first): %w", providerDir, err)
	}

	fake := apifytest.NewServer()
	defer fake.Close()
	// A history of older dispatches, for the list data source to count.
	fake.AddGeneratedDispatches(apifytest.WebhookID, 300)
	fmt.Fprintf(out, "Fake Apify API listening on %s\n\n", fake.URL)

	work, err := os.MkdirTemp("", "apify-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := copyConfig(configDir, work); err != nil {
		return err
	}
	cliConfig := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(cliConfig, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "apify/apify" = %q
  }
  direct {}
}
`, providerDir), 0o600); err != nil {
		return err
	}

	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"APIFY_TOKEN="+fake.Token,
		"APIFY_API_BASE_URL="+fake.URL,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	)
	tf := func(stdout io.Writer, args ...string) error {
		cmd := exec.CommandContext(ctx, terraform, args...)
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = work, env, stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("terraform %s: %w", args[0], err)
		}
		return nil
	}

	// Under dev_overrides Terraform needs no `terraform init`.
	if err := tf(out, "apply", "-auto-approve", "-input=false", "-compact-warnings"); err != nil {
		return err
	}
	var outputs bytes.Buffer
	if err := tf(&outputs, "output", "-json"); err != nil {
		return err
	}
	return printSummary(out, outputs.Bytes())
}

func copyConfig(from, to string) error {
	files, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no .tf files in %s", from)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}

type dispatchSummary struct {
	EventType          *string `json:"event_type"`
	Status             *string `json:"status"`
	CreatedAt          *string `json:"created_at"`
	Calls              int     `json:"calls"`
	LastResponseStatus *int64  `json:"last_response_status"`
	LastError          *string `json:"last_error"`
}

// printSummary prints the demo's "dispatches" output as a table.
func printSummary(out io.Writer, outputsJSON []byte) error {
	var outputs struct {
		Dispatches struct {
			Value map[string]dispatchSummary `json:"value"`
		} `json:"dispatches"`
		RecentStatusCounts struct {
			Value map[string]int `json:"value"`
		} `json:"recent_status_counts"`
	}
	if err := json.Unmarshal(outputsJSON, &outputs); err != nil {
		return fmt.Errorf("reading terraform output: %w", err)
	}
	dispatches := outputs.Dispatches.Value
	if len(dispatches) == 0 {
		return errors.New("the demo read no dispatches")
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
		return err
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
	return w.Flush()
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
