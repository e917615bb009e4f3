package apify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

func TestListWebhookDispatches_paging(t *testing.T) {
	tests := []struct {
		name         string
		dispatches   int
		pageSize     int
		limit        int
		wantItems    int
		wantRequests int
	}{
		{"10,000 dispatches in pages of 1000", 10000, 1000, 10000, 10000, 10},
		{"2,500 dispatches across page boundaries", 2500, 1000, 2500, 2500, 3},
		{"page size smaller than limit", 20, 7, 15, 15, 3},
		{"limit smaller than one page", 50, 1000, 3, 3, 1},
		{"fewer dispatches than limit", 25, 10, 100, 25, 4},
		{"no dispatches at all", 0, 1000, 100, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := apifytest.Start(t)
			fake.SetMaxPageSize(tt.pageSize)
			ids := fake.AddGeneratedDispatches("hookPaging", tt.dispatches)
			client := newTestClient(t, fake)

			got, err := client.ListWebhookDispatches(t.Context(), "hookPaging", tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.wantItems {
				t.Fatalf("got %d dispatches, want %d", len(got), tt.wantItems)
			}
			// Newest first, with nothing skipped or repeated at page boundaries.
			for i, d := range got {
				if want := ids[len(ids)-1-i]; *d.ID != want {
					t.Fatalf("dispatch %d is %s, want %s", i, *d.ID, want)
				}
			}
			if n := len(fake.Requests()); n != tt.wantRequests {
				t.Errorf("sent %d requests, want %d", n, tt.wantRequests)
			}
		})
	}
}

func TestListWebhookDispatches_asksForWhatIsMissingAndAdvancesByCount(t *testing.T) {
	fake := apifytest.Start(t)
	fake.SetMaxPageSize(7)
	fake.AddGeneratedDispatches("hookQuery", 30)
	client := newTestClient(t, fake)

	if _, err := client.ListWebhookDispatches(t.Context(), "hookQuery", 20); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range fake.Requests() {
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s offset=%s limit=%s desc=%s", r.EscapedPath, q.Get("offset"), q.Get("limit"), q.Get("desc")))
	}
	want := []string{
		"/v2/webhooks/hookQuery/dispatches offset=0 limit=20 desc=1",
		"/v2/webhooks/hookQuery/dispatches offset=7 limit=13 desc=1",
		"/v2/webhooks/hookQuery/dispatches offset=14 limit=6 desc=1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestListWebhookDispatches_stopsAtZeroCount(t *testing.T) {
	fake := apifytest.Start(t)
	fake.AddWebhook("hookOdd")
	// A page that claims items but counts none must not loop forever.
	fake.QueueFaults(apifytest.ListKey("hookOdd"), apifytest.Body(http.StatusOK, "application/json",
		`{"data": {"total": 5, "offset": 0, "limit": 1000, "desc": true, "count": 0, "items": [{"id": "x"}]}}`))
	client := newTestClient(t, fake)

	got, err := client.ListWebhookDispatches(t.Context(), "hookOdd", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 || len(fake.Requests()) != 1 {
		t.Errorf("got %d dispatches in %d requests, want 0 in 1", len(got), len(fake.Requests()))
	}
}

func TestListWebhookDispatches_accountWideAndPerWebhook(t *testing.T) {
	fake := apifytest.Start(t)
	fake.AddGeneratedDispatches("hookOther", 3)
	client := newTestClient(t, fake)

	all, err := client.ListWebhookDispatches(t.Context(), "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(apifytest.Fixtures()) + 3; len(all) != want {
		t.Errorf("account-wide list has %d dispatches, want %d", len(all), want)
	}
	if got := fake.Requests()[0].EscapedPath; got != "/v2/webhook-dispatches" {
		t.Errorf("account-wide path = %s", got)
	}

	own, err := client.ListWebhookDispatches(t.Context(), "hookOther", 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range own {
		if *d.WebhookID != "hookOther" {
			t.Errorf("per-webhook list holds dispatch %s of webhook %s", *d.ID, *d.WebhookID)
		}
	}
	if len(own) != 3 {
		t.Errorf("per-webhook list has %d dispatches, want 3", len(own))
	}
}

func TestListWebhookDispatches_missingWebhook(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)

	_, err := client.ListWebhookDispatches(t.Context(), "no/such?hook", 100)
	if !IsNotFound(err) {
		t.Fatalf("error = %v, want 404", err)
	}
	if got := fake.Requests()[0].EscapedPath; got != "/v2/webhooks/no%2Fsuch%3Fhook/dispatches" {
		t.Errorf("path = %s, want the webhook ID escaped as one segment", got)
	}
}

func TestWaitForWebhookDispatch(t *testing.T) {
	fast := WaitOptions{FirstInterval: time.Millisecond, MaxInterval: 2 * time.Millisecond}

	t.Run("returns at once when not ACTIVE", func(t *testing.T) {
		fake := apifytest.Start(t)
		client := newTestClient(t, fake)
		d, err := client.WaitForWebhookDispatch(t.Context(), apifytest.DispatchFailed, fast)
		if err != nil {
			t.Fatal(err)
		}
		checkString(t, "status", d.Status, "FAILED")
		if n := len(fake.Requests()); n != 1 {
			t.Errorf("read %d times, want 1", n)
		}
	})

	t.Run("polls until the status settles", func(t *testing.T) {
		fake := apifytest.Start(t)
		fake.SettleAfter(apifytest.DispatchActive, 3, "SUCCEEDED")
		client := newTestClient(t, fake)
		d, err := client.WaitForWebhookDispatch(t.Context(), apifytest.DispatchActive, fast)
		if err != nil {
			t.Fatal(err)
		}
		checkString(t, "status", d.Status, "SUCCEEDED")
		if len(d.Calls) != 2 {
			t.Errorf("settled dispatch has %d calls, want 2", len(d.Calls))
		}
		if n := len(fake.Requests()); n != 4 {
			t.Errorf("read %d times, want 4 (three ACTIVE, then SUCCEEDED)", n)
		}
	})

	t.Run("waits longer each time, up to the cap", func(t *testing.T) {
		fake := apifytest.Start(t)
		fake.SettleAfter(apifytest.DispatchActive, 4, "FAILED")
		client := newTestClient(t, fake)
		_, err := client.WaitForWebhookDispatch(t.Context(), apifytest.DispatchActive,
			WaitOptions{FirstInterval: 40 * time.Millisecond, MaxInterval: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		reqs := fake.Requests()
		// The waits are 40, 80, 100 (capped) and 100 ms; lower bounds only,
		// as a busy machine may stretch them.
		for i, least := range []time.Duration{40 * time.Millisecond, 80 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond} {
			if gap := reqs[i+1].Received.Sub(reqs[i].Received); gap < least {
				t.Errorf("wait %d lasted %s, want at least %s", i+1, gap, least)
			}
		}
	})

	t.Run("ends with the deadline, saying what it saw", func(t *testing.T) {
		fake := apifytest.Start(t)
		fake.SettleAfter(apifytest.DispatchActive, 1<<30, "SUCCEEDED")
		client := newTestClient(t, fake)
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()

		_, err := client.WaitForWebhookDispatch(ctx, apifytest.DispatchActive, fast)
		stillActive, ok := errors.AsType[*StillActiveError](err)
		if !ok || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %v (%T), want a *StillActiveError for the deadline", err, err)
		}
		if stillActive.Reads < 2 || len(stillActive.Dispatch.Calls) != 1 {
			t.Errorf("reads = %d, calls = %d; want at least 2 reads of a dispatch with 1 call", stillActive.Reads, len(stillActive.Dispatch.Calls))
		}
		for _, want := range []string{"still ACTIVE after", "has made 1 delivery call so far", "read the dispatch"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
	})

	t.Run("stops at once when canceled", func(t *testing.T) {
		fake := apifytest.Start(t)
		fake.SettleAfter(apifytest.DispatchActive, 1<<30, "SUCCEEDED")
		client := newTestClient(t, fake)
		expectStopsWhenCanceled(t, fake, func(ctx context.Context) error {
			_, err := client.WaitForWebhookDispatch(ctx, apifytest.DispatchActive, WaitOptions{FirstInterval: time.Hour})
			return err
		})
	})
}
