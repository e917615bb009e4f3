package apify

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// A task's run starts with the task's input and the options sent, goes
// through the platform's statuses as it is waited for, each change told
// to Progress, and its events fire the task's webhooks.
func TestRun_ofATaskStartsAndIsWaitedFor(t *testing.T) {
	fake := apifytest.Start(t)
	task := fake.AddTask(`{"name": "crawl", "input": {"maxPages": 5, "startUrls": []}}`)
	fake.AddWebhook(`{"id": "hookOfTheTask0001", "requestUrl": "https://hooks.example.com/apify",
		"eventTypes": ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED"], "condition": {"actorTaskId": "` + task + `"}}`)
	client := newTestClient(t, fake)
	run, err := client.StartRun(t.Context(), RunScope{ActorTaskID: task},
		RunStart{Input: json.RawMessage(`{"maxPages": 1}`), MemoryMbytes: new(int64(2048)), Build: new("beta")})
	if err != nil {
		t.Fatal(err)
	}
	if deref(run.Status) != "READY" || deref(run.ActorTaskID) != task || deref(run.Options.MemoryMbytes) != 2048 || deref(run.Options.Build) != "beta" {
		t.Fatalf("started run = %+v, want READY of the task with 2048 MB and build beta", run)
	}
	var seen []string
	done, err := client.WaitForRun(t.Context(), run, RunWaitOptions{Progress: func(r *Run) { seen = append(seen, deref(r.Status)) }})
	if err != nil {
		t.Fatal(err)
	}
	if deref(done.Status) != "SUCCEEDED" || done.FinishedAt == nil || deref(done.ExitCode) != 0 {
		t.Errorf("finished run = %s, finished at %v, exit code %v; want SUCCEEDED, a time and 0", deref(done.Status), done.FinishedAt, done.ExitCode)
	}
	if want := []string{"RUNNING", "RUNNING", "RUNNING", "SUCCEEDED"}; strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Errorf("progress = %v, want %v", seen, want)
	}
	for _, r := range fake.Requests() {
		if r.Method == http.MethodGet && strings.HasPrefix(r.EscapedPath, "/v2/actor-runs/") && !strings.Contains(r.RawQuery, "waitForFinish=") {
			t.Errorf("a read of the run without waitForFinish: %s?%s", r.EscapedPath, r.RawQuery)
		}
	}
	dispatches := fake.Dispatches("hookOfTheTask0001")
	if len(dispatches) != 1 {
		t.Fatalf("the task's webhook has %d dispatches, want the run's ACTOR.RUN.SUCCEEDED", len(dispatches))
	}
	last, err := client.GetLastRun(t.Context(), RunScope{ActorTaskID: task}, "SUCCEEDED")
	if err != nil || deref(last.ID) != deref(run.ID) {
		t.Errorf("last SUCCEEDED run = %v, %v; want %s", last, err, deref(run.ID))
	}
	if _, err := client.GetLastRun(t.Context(), RunScope{ActorTaskID: task}, "FAILED"); !IsNotFound(err) {
		t.Errorf("last FAILED run: %v, want not found", err)
	}
}

// A start whose answer is lost is not sent again: the run may have
// started. One the API refused with 429 is.
func TestRun_startIsRetriedOnlyWhenRefused(t *testing.T) {
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.RunActor.Of(apifytest.ActorID), apifytest.Status(http.StatusTooManyRequests, "rate-limit-exceeded", "Slow down."))
	client := newTestClient(t, fake)
	if _, err := client.StartRun(t.Context(), RunScope{ActorID: apifytest.ActorID}, RunStart{}); err != nil {
		t.Fatalf("a start refused with 429 and then accepted: %v", err)
	}
	fake.DropAfterHandling(apifytest.RunActor.Of(apifytest.ActorID))
	_, err := client.StartRun(t.Context(), RunScope{ActorID: apifytest.ActorID}, RunStart{})
	if !IsNoAnswer(err) {
		t.Fatalf("err = %v, want no answer", err)
	}
	if n := len(fake.Runs()); n != 2 {
		t.Errorf("%d runs on the platform, want 2: one start sent twice after a refusal, one sent once", n)
	}
}

// A wait whose context ends stops at once, naming the run, which goes on.
func TestRun_waitStoppedNamesTheRun(t *testing.T) {
	fake := apifytest.Start(t)
	fake.SetRunReads(1000)
	client := newTestClient(t, fake)
	run, err := client.StartRun(t.Context(), RunScope{ActorID: apifytest.ActorID}, RunStart{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	_, err = client.WaitForRun(ctx, run, RunWaitOptions{})
	going, ok := errors.AsType[*RunStillGoingError](err)
	if !ok || deref(going.Run.ID) != deref(run.ID) || deref(going.Run.Status) != "RUNNING" {
		t.Fatalf("err = %v, want the run still RUNNING", err)
	}
}

// An API that answers every read at once with no change is read less and
// less often, not in a loop.
func TestRun_waitBacksOffWithoutProgress(t *testing.T) {
	fake := apifytest.Start(t)
	run := `{"data": {"id": "runStuck000000001", "actId": "` + apifytest.ActorID + `", "userId": "` + apifytest.UserID + `",
		"startedAt": "2026-12-01T10:00:00.000Z", "status": "RUNNING", "statusMessage": "Working", "meta": {"origin": "API"},
		"stats": {}, "options": {"build": "latest", "timeoutSecs": 60, "memoryMbytes": 1024, "diskMbytes": 2048},
		"buildId": "HG7ML7M8z78YcAPEB", "defaultKeyValueStoreId": "a", "defaultDatasetId": "b", "defaultRequestQueueId": "c",
		"generalAccess": "RESTRICTED"}}`
	for range 50 {
		fake.QueueFaults(apifytest.GetActorRun.Of("runStuck000000001"), apifytest.Body(http.StatusOK, "application/json", run))
	}
	client := newTestClient(t, fake)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	stuck := &Run{ID: new("runStuck000000001"), Status: new("RUNNING"), StatusMessage: new("Working")}
	_, err := client.WaitForRun(ctx, stuck, RunWaitOptions{MinInterval: 50 * time.Millisecond, MaxInterval: time.Second})
	if _, ok := errors.AsType[*RunStillGoingError](err); !ok {
		t.Fatalf("err = %v, want the wait to run out", err)
	}
	// 50, 100, 200, 400, 800 ms and then a second apart: at most 7 reads in 2 s.
	if n := len(fake.Requests()); n > 7 {
		t.Errorf("%d reads in 2 s of a run that never changes, want at most 7", n)
	}
}

// Each read of a run asks the API to hold it for less than an attempt
// may last, so that a held read is never cut off by the client.
func TestRun_waitHoldsReadsWithinTheRequestTimeout(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake, func(c *Config) { c.RequestTimeout = 12 * time.Second })
	run, err := client.StartRun(t.Context(), RunScope{ActorID: apifytest.ActorID}, RunStart{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.WaitForRun(t.Context(), run, RunWaitOptions{}); err != nil {
		t.Fatal(err)
	}
	reads := 0
	for _, r := range fake.Requests() {
		if strings.HasPrefix(r.EscapedPath, "/v2/actor-runs/") {
			reads++
			if r.RawQuery != "waitForFinish=7" {
				t.Errorf("a read of the run asked %q, want waitForFinish=7 (12 s less 5)", r.RawQuery)
			}
		}
	}
	if reads == 0 {
		t.Error("no read of the run")
	}
}
