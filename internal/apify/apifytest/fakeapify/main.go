// Command fakeapify runs a command against the fake Apify API: it starts
// the fake on loopback, runs the command with APIFY_API_BASE_URL and
// APIFY_TOKEN pointing at it (and APIFY_TEST_ACTOR_ID set, unless it is
// already), and stops the fake when the command ends, exiting with the
// command's status.
//
//	go run ./internal/apify/apifytest/fakeapify -- go test ./...
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// actorID is the Actor the fake's webhooks may watch.
const actorID = "vvE7iMKuMc5qTHHsR"

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: fakeapify -- command [args...]")
		os.Exit(2)
	}
	os.Exit(run(args))
}

func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fake := apifytest.NewServer()
	defer fake.Close()

	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "APIFY_API_BASE_URL="+fake.URL, "APIFY_TOKEN="+fake.Token)
	if os.Getenv("APIFY_TEST_ACTOR_ID") == "" {
		cmd.Env = append(cmd.Env, "APIFY_TEST_ACTOR_ID="+actorID)
	}
	fmt.Fprintf(os.Stderr, "fakeapify: fake Apify API at %s\n", fake.URL)
	err := cmd.Run()
	if exitErr, ok := errors.AsType[*exec.ExitError](err); ok {
		return exitErr.ExitCode()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeapify:", err)
		return 1
	}
	return 0
}
