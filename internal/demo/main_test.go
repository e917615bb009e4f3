package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/tfcli"
)

// TestDemo runs the demo as `make demo` does, with its output going to a
// file, as in CI or a pipe: plain text, each result shown once.
func TestDemo(t *testing.T) {
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraform == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			t.Skip("no terraform CLI on PATH and TF_ACC_TERRAFORM_PATH is not set; `make test` provides one")
		}
		terraform = found
	}
	providerDir := t.TempDir()
	if _, err := tfcli.BuildProvider(t.Context(), filepath.Join("..", ".."), providerDir); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(t.Context(), terraform, providerDir, filepath.Join("..", "..", "examples", "demo"), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	if strings.Contains(got, "\x1b") {
		t.Errorf("the output has terminal escape codes:\n%q", got)
	}
	// Each dispatch's creation time shows in its table row, and only there.
	for _, createdAt := range []string{"2026-11-19T16:40:11.004Z", "2026-11-20T09:15:02.118Z", "2026-11-21T14:02:47.530Z",
		"2026-11-24T22:31:59.871Z", "2026-11-26T08:00:00.000Z"} {
		if n := strings.Count(got, createdAt); n != 1 {
			t.Errorf("%s shows %d times, want once:\n%s", createdAt, n, got)
		}
	}
	for _, want := range []string{"Apply complete!", "STATUS     DISPATCHES", "FAILED     14",
		"apify_webhook_test_dispatch.demo: Creation complete", ", SUCCEEDED, the receiver answered HTTP 200",
		"apify_webhook_dispatch read it back: SUCCEEDED", "counted 1 dispatch(es) of the webhook",
		"apify_actor found Actor vvE7iMKuMc5qTHHsR", "apify_schedule created schedule", "0 3 * * * (Europe/Prague), disabled",
		"on the task's runs", "Destroy complete! Resources: 4 destroyed.", "gone from the fake API again"} {
		if !strings.Contains(got, want) {
			t.Errorf("the output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Outputs:") || strings.Contains(got, "development overrides") {
		t.Errorf("the output repeats Terraform's outputs or notices:\n%s", got)
	}
	// The demo's configuration is one a user can keep: nothing in it
	// deserves a warning.
	if strings.Contains(got, "Warning:") {
		t.Errorf("the demo gives a warning:\n%s", got)
	}

	// The run loop, on the Terraform of TERRAFORM_NEWEST when that one has
	// actions: skipped in one line otherwise.
	out.Reset()
	loop := filepath.Join("..", "..", "examples", "run-loop")
	if err := runLoop(t.Context(), []string{terraform, os.Getenv("TERRAFORM_NEWEST")}, providerDir, loop, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got = out.String()
	if strings.HasPrefix(strings.TrimSpace(got), "Skipped the run loop") {
		if n := strings.Count(strings.TrimSpace(got), "\n"); n != 0 {
			t.Errorf("the skipped run loop says more than one line:\n%s", got)
		}
		t.Logf("run loop skipped: %s", strings.TrimSpace(got))
		return
	}
	for _, want := range []string{"Actions: 1 invoked.", "Started run", "The action ran the task: run", "SUCCEEDED",
		"Plan: 0 to add, 0 to change, 0 to destroy.", "Destroy complete! Resources: 3 destroyed."} {
		if !strings.Contains(got, want) {
			t.Errorf("the run loop's output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Warning:") {
		t.Errorf("the run loop gives a warning:\n%s", got)
	}
}
