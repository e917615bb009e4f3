package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/hashicorp/go-version"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
	"github.com/apify/terraform-provider-apify/internal/tfcli"
)

// actionsVersion is the first Terraform with actions.
var actionsVersion = version.Must(version.NewVersion("1.14.0"))

// runLoop runs the run loop of loopDir against a fake playground of its
// own: an apply that creates a task and a webhook and runs the task
// through an action, a plan whose check finds the run's dispatch
// delivered, and a destroy. It takes the first of terraforms that has
// actions, and says in one line that it skipped the loop when none has.
func runLoop(ctx context.Context, terraforms []string, providerDir, loopDir string, out io.Writer) error {
	terraform, found := "", []string{}
	for _, candidate := range terraforms {
		if candidate == "" {
			continue
		}
		v, err := terraformVersion(ctx, candidate)
		if err != nil {
			return err
		}
		if !v.LessThan(actionsVersion) {
			terraform = candidate
			break
		}
		found = append(found, v.String())
	}
	if terraform == "" {
		fmt.Fprintf(out, "\nSkipped the run loop (%s): it needs Terraform 1.14 or newer for actions, and the demo has %s; "+
			"set TERRAFORM_NEWEST to one.\n", loopDir, strings.Join(found, " and "))
		return nil
	}

	fake := apifytest.NewPlayground()
	defer fake.Close()
	dir, err := os.MkdirTemp("", "apify-run-loop-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ws, err := tfcli.NewWorkspace(dir, terraform, providerDir)
	if err != nil {
		return err
	}
	if err := ws.CopyConfig(loopDir); err != nil {
		return err
	}
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token, "APIFY_API_BASE_URL="+fake.URL)

	before := len(fake.Runs())
	fmt.Fprintf(out, "\nThe run loop (%s), on a fresh fake API:\n\nterraform apply:\n", loopDir)
	if err := runQuietly(ctx, ws, out, "apply"); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nterraform plan, whose check judges the run the apply started:")
	if err := runQuietly(ctx, ws, out, "plan"); err != nil {
		return err
	}
	runs := fake.Runs()[before:]
	if len(runs) != 1 {
		return fmt.Errorf("the run loop made %d runs, want the action's one", len(runs))
	}
	raw, _ := fake.Run(runs[0])
	var run struct {
		ID, Status, StatusMessage, StartedAt, FinishedAt string
	}
	if err := json.Unmarshal([]byte(raw), &run); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nThe action ran the task: run %s, %s (%q), from %s to %s.\n", run.ID, run.Status, run.StatusMessage,
		run.StartedAt, run.FinishedAt)

	fmt.Fprintln(out, "\nterraform destroy:")
	if err := runQuietly(ctx, ws, out, "destroy"); err != nil {
		return err
	}
	if violations := fake.Violations(); len(violations) > 0 {
		for _, v := range violations {
			fmt.Fprintln(os.Stderr, "fake Apify API:", v)
		}
		return fmt.Errorf("%d requests or answers of the run loop departed from the Apify API description", len(violations))
	}
	fmt.Fprintln(out, "Every request and answer of the run loop followed the Apify API description.")
	return nil
}

// terraformVersion is the version terraform says it is.
func terraformVersion(ctx context.Context, terraform string) (*version.Version, error) {
	var stdout bytes.Buffer
	cmd := exec.CommandContext(ctx, terraform, "version", "-json")
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s version: %w", terraform, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		return nil, fmt.Errorf("%s version -json: %w", terraform, err)
	}
	return version.NewVersion(v.Version)
}
