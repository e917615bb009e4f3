package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
	"github.com/apify/terraform-provider-apify/internal/tfcli"
)

// TestInterruptStopsRead sends Terraform an interrupt, as Ctrl-C does,
// while the provider is waiting on the network, sleeping between retries,
// or waiting for a dispatch to settle, and expects Terraform to exit at
// once rather than after the provider's long timeouts.
func TestInterruptStopsRead(t *testing.T) {
	type testCase struct {
		name    string
		prepare func(fake *apifytest.Server)
		extra   string
		// config, args and requests, when set, replace the plan that reads
		// a dispatch: what runs, and how many requests come before the
		// interrupt.
		config   string
		args     []string
		requests int
	}
	tests := []testCase{
		{
			name: "waiting on the network",
			prepare: func(fake *apifytest.Server) {
				fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchActive), apifytest.Hang())
			},
		},
		{
			name: "sleeping before a retry",
			prepare: func(fake *apifytest.Server) {
				fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchActive), apifytest.RetryAfter(http.StatusTooManyRequests, "60"))
			},
		},
		{
			name: "waiting for the dispatch to settle",
			prepare: func(fake *apifytest.Server) {
				fake.SettleAfter(apifytest.DispatchActive, 1<<30, "SUCCEEDED")
			},
			extra: "wait_for_final_status = true",
		},
		{
			name: "waiting for a webhook test to be delivered",
			prepare: func(fake *apifytest.Server) {
				fake.AddWebhook(`{"id": "waitedHook000001", "eventTypes": ["ACTOR.RUN.FAILED"],
					"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}, "requestUrl": "https://hooks.example.com/"}`)
				fake.SetTestSettleReads(1 << 30)
			},
			config: `
resource "apify_webhook_test_dispatch" "waited" {
  webhook_id = "waitedHook000001"
}
`,
			args:     []string{"apply", "-auto-approve", "-input=false", "-no-color"},
			requests: 2, // the test fired, and its dispatch read once
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			tt.prepare(fake)
			config := tt.config
			if config == "" {
				config = fmt.Sprintf(`
data "apify_webhook_dispatch" "slow" {
  id = %q
  %s
}
`, apifytest.DispatchActive, tt.extra)
			}
			ws := newWorkspace(t, fake, `
provider "apify" {
  request_timeout = "10m"
}
`+config)
			ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token)
			args := tt.args
			if args == nil {
				args = []string{"plan", "-input=false", "-no-color"}
			}

			output, group, exited := startInterruptible(t, ws, args...)

			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			if err := fake.WaitForRequests(ctx, max(tt.requests, 1)); err != nil {
				t.Fatalf("%v; output:\n%s", err, output.String())
			}
			if err := syscall.Kill(group, syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			// The provider would otherwise wait minutes: the request timeout
			// is 10m, the Retry-After 60s, the settling forever.
			select {
			case err := <-exited:
				if err == nil {
					t.Errorf("terraform %s succeeded although interrupted; output:\n%s", args[0], output.String())
				}
			case <-time.After(20 * time.Second):
				_ = syscall.Kill(group, syscall.SIGKILL)
				t.Fatalf("terraform still running 20 s after the interrupt; output:\n%s", output.String())
			}
			if !strings.Contains(output.String(), "canceled") {
				t.Errorf("the output does not say the read was canceled:\n%s", output.String())
			}
		})
	}
}

// startInterruptible starts terraform with args in ws in a process group
// of its own, so that an interrupt sent to the group reaches Terraform and
// the provider alike, as Ctrl-C in a terminal does. It returns the
// output, the group to signal, and what the command ended with.
func startInterruptible(t *testing.T, ws *tfcli.Workspace, args ...string) (*syncBuffer, int, <-chan error) {
	t.Helper()
	output := &syncBuffer{}
	cmd := ws.Command(t.Context(), args...)
	cmd.Stdout, cmd.Stderr = output, output
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	group := -cmd.Process.Pid
	t.Cleanup(func() { _ = syscall.Kill(group, syscall.SIGKILL) })
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	return output, group, exited
}

// syncBuffer is a bytes.Buffer that the command's output copier and the
// test can use at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// An interrupt while an action waits for a run stops the wait at once;
// the run, which goes on on the platform, is named.
func TestInterruptStopsActionWait(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.SetRunReads(1 << 30)
	ws := newWorkspace(t, fake, `
provider "apify" {}

action "apify_run_actor" "long" {
  config {
    actor_id = "`+apifytest.ActorID+`"
  }
}

resource "terraform_data" "trigger" {
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.apify_run_actor.long]
    }
  }
}
`)
	skipBelow(t, ws, "1.14.0")
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token)
	output, group, exited := startInterruptible(t, ws, "apply", "-auto-approve", "-input=false", "-no-color")

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	// The start, and three reads of the run.
	if err := fake.WaitForRequests(ctx, 4); err != nil {
		t.Fatalf("%v; output:\n%s", err, output.String())
	}
	if err := syscall.Kill(group, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		// Terraform 1.15 may report the interrupted action's error, or may
		// stop listening to it and finish the apply: either way the wait
		// stops.
		t.Logf("terraform apply ended: %v", err)
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(group, syscall.SIGKILL)
		t.Fatalf("terraform still running 20 s after the interrupt; output:\n%s", output.String())
	}
	runs := fake.Runs()
	if len(runs) != 1 {
		t.Fatalf("%d runs, want the one started", len(runs))
	}
	// The wait stopped: no read of the run after Terraform exited.
	reads := len(fake.Requests())
	time.Sleep(2 * time.Second)
	if n := len(fake.Requests()); n != reads {
		t.Errorf("%d more requests after Terraform exited, want none", n-reads)
	}
	// The run is named, by the progress Terraform printed and by the
	// error when Terraform shows it.
	folded := strings.Join(strings.Fields(output.String()), " ")
	if !strings.Contains(folded, "Started run "+runs[0]) {
		t.Errorf("the output does not name run %s:\n%s", runs[0], output.String())
	}
	if strings.Contains(folded, "Actor run not finished") && !strings.Contains(folded, "The run goes on on the platform") {
		t.Errorf("the error does not say the run goes on:\n%s", output.String())
	}
}
