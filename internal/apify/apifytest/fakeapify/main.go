// Command fakeapify runs the fake Apify API on loopback.
//
// With no arguments it serves the playground (see apifytest.NewPlayground)
// until Ctrl-C, and prints its base URL, its token and the lines to export
// so that Terraform configurations use it:
//
//	go run ./internal/apify/apifytest/fakeapify
//
// With a command after "--" it runs that command with APIFY_API_BASE_URL
// and APIFY_TOKEN pointing at a fresh fake (and APIFY_TEST_ACTOR_ID set,
// unless it is already), stops the fake when the command ends, and exits
// with the command's status:
//
//	go run ./internal/apify/apifytest/fakeapify -- go test ./...
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch {
	case len(args) == 0:
		serve(ctx, os.Stdout)
		return 0
	case args[0] == "--" && len(args) > 1:
		return runCommand(ctx, args[1:])
	default:
		fmt.Fprintln(os.Stderr, "usage: fakeapify            serve the fake Apify API until Ctrl-C\n"+
			"       fakeapify -- command  run a command against a fresh fake Apify API")
		return 2
	}
}

// serve runs the playground until ctx ends.
func serve(ctx context.Context, out io.Writer) {
	fake := apifytest.NewPlayground()
	defer fake.Close()
	fake.OnViolation(func(v apifytest.Violation) { fmt.Fprintln(os.Stderr, "fake Apify API:", v) })
	fmt.Fprintf(out, `Fake Apify API listening on %[1]s
Token: %[2]s

In another shell, point Terraform at it:

  export APIFY_API_BASE_URL=%[1]s
  export APIFY_TOKEN=%[2]s

It serves these webhook dispatches:
  %[3]s  SUCCEEDED  ACTOR.RUN.SUCCEEDED
  %[4]s  FAILED     ACTOR.RUN.FAILED
  %[5]s  ACTIVE     ACTOR.BUILD.SUCCEEDED (delivered after %[6]d reads: try wait_for_final_status)
  %[7]s  SUCCEEDED  TEST
  %[8]s  SUCCEEDED  ACTOR.RUN.TIMED_OUT
and 300 older dispatches of webhook %[9]s. The token's account is %[10]q.
Actors: %[10]s/%[11]s (%[12]s) and apify/web-scraper (%[13]s); a task
%[10]s~weekly-report (%[14]s) and a schedule %[15]s, and any tasks and
schedules you create. A run of a task or an Actor (POST .../runs, or the
apify_run_actor_task and apify_run_actor actions) goes READY, RUNNING and
then SUCCEEDED over a few reads, firing the webhooks that watch it; an
input field "fakeRunOutcome" of FAILED, TIMED-OUT or ABORTED ends it so
instead. Every request and answer is checked against Apify's
API description; what departs from it is printed to standard error.
Press Ctrl-C to stop.
`, fake.URL, fake.Token, apifytest.DispatchSucceeded, apifytest.DispatchFailed, apifytest.DispatchActive,
		apifytest.PlaygroundSettleReads, apifytest.DispatchTest, apifytest.DispatchTaskTimedOut, apifytest.WebhookID,
		apifytest.Username, apifytest.ActorName, apifytest.ActorID, apifytest.StoreActorID, apifytest.PlaygroundTaskID,
		apifytest.PlaygroundScheduleID)
	<-ctx.Done()
	fmt.Fprintln(out, "\nFake Apify API stopped.")
}

func runCommand(ctx context.Context, args []string) int {
	fake := apifytest.NewServer()
	defer fake.Close()

	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "APIFY_API_BASE_URL="+fake.URL, "APIFY_TOKEN="+fake.Token)
	if os.Getenv("APIFY_TEST_ACTOR_ID") == "" {
		cmd.Env = append(cmd.Env, "APIFY_TEST_ACTOR_ID="+apifytest.ActorID)
	}
	fmt.Fprintf(os.Stderr, "fakeapify: fake Apify API at %s\n", fake.URL)
	err := cmd.Run()
	violations := fake.Violations()
	for _, v := range violations {
		fmt.Fprintln(os.Stderr, "fake Apify API:", v)
	}
	if exitErr, ok := errors.AsType[*exec.ExitError](err); ok {
		return exitErr.ExitCode()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeapify:", err)
		return 1
	}
	if len(violations) > 0 {
		fmt.Fprintf(os.Stderr, "fakeapify: %d requests or answers departed from the Apify API description\n", len(violations))
		return 1
	}
	return 0
}
