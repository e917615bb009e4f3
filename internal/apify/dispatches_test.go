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
		name          string
		dispatches    int
		pageSize      int
		limit         int
		wantItems     int
		wantTruncated bool
		wantRequests  int
	}{
		{"10,000 dispatches in pages of 1000", 10000, 1000, 10000, 10000, false, 10},
		{"2,500 dispatches across page boundaries", 2500, 1000, 2500, 2500, false, 3},
		{"page size smaller than limit", 20, 7, 15, 15, true, 3},
		{"limit smaller than one page", 50, 1000, 3, 3, true, 1},
		{"limit equal to the list", 50, 1000, 50, 50, false, 1},
		{"fewer dispatches than limit", 25, 10, 100, 25, false, 3},
		{"no dispatches at all", 0, 1000, 100, 0, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := apifytest.Start(t)
			fake.SetMaxPageSize(tt.pageSize)
			fake.AddWebhook(`{"id": "hookPaging"}`)
			ids := fake.AddGeneratedDispatches("hookPaging", tt.dispatches)
			client := newTestClient(t, fake)

			got, err := client.ListWebhookDispatches(t.Context(), "hookPaging", ListOptions{Limit: tt.limit})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Items) != tt.wantItems {
				t.Fatalf("got %d dispatches, want %d", len(got.Items), tt.wantItems)
			}
			// Newest first, with nothing skipped or repeated at page boundaries.
			for i, d := range got.Items {
				if want := ids[len(ids)-1-i]; *d.ID != want {
					t.Fatalf("dispatch %d is %s, want %s", i, *d.ID, want)
				}
			}
			if got.Truncated != tt.wantTruncated {
				t.Errorf("truncated = %v, want %v", got.Truncated, tt.wantTruncated)
			}
			if got.Total == nil || *got.Total != int64(tt.dispatches) {
				t.Errorf("total = %v, want %d", got.Total, tt.dispatches)
			}
			// The API's total ends the read without asking for an empty page.
			if n := len(fake.Requests()); n != tt.wantRequests {
				t.Errorf("sent %d requests, want %d", n, tt.wantRequests)
			}
		})
	}
}

// Every page asks for the limit and one more: a page that new arrivals
// pushed known items onto still brings new ones.
func TestListWebhookDispatches_asksForTheLimitAndOneMoreOnEveryPage(t *testing.T) {
	fake := apifytest.Start(t)
	fake.SetMaxPageSize(7)
	fake.AddGeneratedDispatches("hookQuery", 30)
	client := newTestClient(t, fake)

	if _, err := client.ListWebhookDispatches(t.Context(), "hookQuery", ListOptions{Limit: 20}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"/v2/webhooks/hookQuery/dispatches offset=0 limit=21 desc=1",
		"/v2/webhooks/hookQuery/dispatches offset=7 limit=21 desc=1",
		"/v2/webhooks/hookQuery/dispatches offset=14 limit=21 desc=1",
	}
	if got := listQueries(t, fake); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func listQueries(t *testing.T, fake *apifytest.Server) []string {
	t.Helper()
	var got []string
	for _, r := range fake.Requests() {
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s offset=%s limit=%s desc=%s", r.EscapedPath, q.Get("offset"), q.Get("limit"), q.Get("desc")))
	}
	return got
}

func TestListWebhookDispatches_until(t *testing.T) {
	// 100 dispatches one second apart from 2026-01-01T00:00:00Z; the
	// newest, 99, was created at 00:01:39.
	at := func(second int) *time.Time {
		t := time.Date(2026, 1, 1, 0, 0, second, 0, time.UTC)
		return &t
	}
	tests := []struct {
		name          string
		until         *time.Time
		limit         int
		pageSize      int
		wantItems     int
		wantTruncated bool
		wantRequests  int
	}{
		{"window inside the first page", at(89), 100, 1000, 10, false, 1},
		{"window across pages is read to its end", at(39), 100, 7, 60, false, 9},
		{"window wider than the limit is cut", at(39), 20, 1000, 20, true, 1},
		{"window ending exactly at the limit is whole", at(79), 20, 1000, 20, false, 1},
		{"window older than the list", at(-10), 1000, 30, 100, false, 4},
		{"window newer than every dispatch", at(99), 100, 1000, 0, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := apifytest.Start(t)
			fake.SetMaxPageSize(tt.pageSize)
			ids := fake.AddGeneratedDispatches("hookWindow", 100)
			client := newTestClient(t, fake)

			got, err := client.ListWebhookDispatches(t.Context(), "hookWindow", ListOptions{Limit: tt.limit, Until: tt.until})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Items) != tt.wantItems || got.Truncated != tt.wantTruncated {
				t.Errorf("got %d dispatches, truncated %v; want %d, truncated %v", len(got.Items), got.Truncated, tt.wantItems, tt.wantTruncated)
			}
			for i, d := range got.Items {
				if want := ids[99-i]; *d.ID != want {
					t.Fatalf("dispatch %d is %s, want %s", i, *d.ID, want)
				}
			}
			if n := len(fake.Requests()); n != tt.wantRequests {
				t.Errorf("sent %d requests, want %d", n, tt.wantRequests)
			}
		})
	}
}

func TestListWebhookDispatches_dropsWhatNewDispatchesPushedToTheNextPage(t *testing.T) {
	fake := apifytest.Start(t)
	fake.SetMaxPageSize(10)
	ids := fake.AddGeneratedDispatches("hookBusy", 25)
	// Before the second page, three new dispatches arrive: the offset of
	// every older one moves by three, and the second page starts with the
	// last three of the first.
	fake.After(apifytest.ListWebhookDispatchesOfWebhook.Of("hookBusy"), 1, func() {
		for i := range 3 {
			fake.AddDispatch(fmt.Sprintf(`{"id": "new%d", "webhookId": "hookBusy", "createdAt": "2026-06-01T00:00:0%dZ", "status": "ACTIVE"}`, i, i))
		}
	})
	client := newTestClient(t, fake)

	got, err := client.ListWebhookDispatches(t.Context(), "hookBusy", ListOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if got.Duplicates != 3 {
		t.Errorf("dropped %d duplicates, want 3", got.Duplicates)
	}
	if len(got.Items) != 25 {
		t.Fatalf("got %d dispatches, want the 25 there were when the read began", len(got.Items))
	}
	for i, d := range got.Items {
		if want := ids[24-i]; *d.ID != want {
			t.Fatalf("dispatch %d is %s, want %s", i, *d.ID, want)
		}
	}
}

func TestListWebhookDispatches_totalMissingOrChanging(t *testing.T) {
	page := func(total string, ids ...string) apifytest.Fault {
		items := make([]string, len(ids))
		for i, id := range ids {
			items[i] = fmt.Sprintf(`{"id": %q}`, id)
		}
		body := fmt.Sprintf(`{"data": {%s"offset": 0, "limit": 3, "desc": true, "count": %d, "items": [%s]}}`,
			total, len(ids), strings.Join(items, ","))
		return apifytest.Body(http.StatusOK, "application/json", body)
	}
	tests := []struct {
		name      string
		pages     []apifytest.Fault
		wantItems int
		wantTotal *int64
	}{
		{"no total: read until an empty page", []apifytest.Fault{page("", "a", "b", "c"), page("", "dd"), page("")}, 4, nil},
		{"total that grows is followed", []apifytest.Fault{page(`"total": 3, `, "a", "b"), page(`"total": 4, `, "ccc", "dddd")}, 4, ptr(int64(4))},
		{"total too small does not cut a full page", []apifytest.Fault{page(`"total": 1, `, "a", "b", "c")}, 3, ptr(int64(1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := apifytest.Start(t)
			fake.AddWebhook(`{"id": "hookTotal"}`)
			fake.QueueFaults(apifytest.ListWebhookDispatchesOfWebhook.Of("hookTotal"), tt.pages...)
			client := newTestClient(t, fake)
			got, err := client.ListWebhookDispatches(t.Context(), "hookTotal", ListOptions{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Items) != tt.wantItems {
				t.Errorf("got %d dispatches, want %d", len(got.Items), tt.wantItems)
			}
			if (got.Total == nil) != (tt.wantTotal == nil) || (got.Total != nil && *got.Total != *tt.wantTotal) {
				t.Errorf("total = %v, want %v", got.Total, tt.wantTotal)
			}
			if n := len(fake.Requests()); n != len(tt.pages) {
				t.Errorf("sent %d requests, want %d", n, len(tt.pages))
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestListWebhookDispatches_refusesAListNotNewestFirst(t *testing.T) {
	tests := map[string]string{
		`"desc": false`: `{"data": {"total": 2, "offset": 0, "limit": 10, "desc": false, "count": 2, "items": [` +
			`{"id": "a", "createdAt": "2026-01-01T00:00:00Z"}, {"id": "b", "createdAt": "2026-01-02T00:00:00Z"}]}}`,
		"items oldest first": `{"data": {"total": 2, "offset": 0, "limit": 10, "count": 2, "items": [` +
			`{"id": "a", "createdAt": "2026-01-01T00:00:00Z"}, {"id": "b", "createdAt": "2026-01-02T00:00:00Z"}]}}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			fake := apifytest.Start(t)
			fake.AddWebhook(`{"id": "hookOrder"}`)
			fake.QueueFaults(apifytest.ListWebhookDispatchesOfWebhook.Of("hookOrder"), apifytest.Body(http.StatusOK, "application/json", body))
			client := newTestClient(t, fake)
			_, err := client.ListWebhookDispatches(t.Context(), "hookOrder", ListOptions{Limit: 10})
			if _, ok := errors.AsType[*OrderError](err); !ok {
				t.Fatalf("error = %v, want an *OrderError", err)
			}
		})
	}
}

func TestListWebhookDispatches_pageThatRepeatsItselfFails(t *testing.T) {
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "hookStuck"}`)
	// An API that ignores the offset answers the same page again: the read
	// must fail rather than ask for it until its time runs out.
	page := apifytest.Body(http.StatusOK, "application/json",
		`{"data": {"offset": 0, "limit": 2, "desc": true, "count": 2, "items": [{"id": "a"}, {"id": "b"}]}}`)
	fake.QueueFaults(apifytest.ListWebhookDispatchesOfWebhook.Of("hookStuck"), page, page, page)
	client := newTestClient(t, fake)

	_, err := client.ListWebhookDispatches(t.Context(), "hookStuck", ListOptions{Limit: 100})
	if _, ok := errors.AsType[*OrderError](err); !ok {
		t.Fatalf("error = %v, want an *OrderError", err)
	}
	if n := len(fake.Requests()); n != 2 {
		t.Errorf("sent %d requests, want 2", n)
	}
}

func TestListWebhookDispatches_accountWideAndPerWebhook(t *testing.T) {
	fake := apifytest.Start(t)
	fake.AddGeneratedDispatches("hookOther", 3)
	client := newTestClient(t, fake)

	all, err := client.ListWebhookDispatches(t.Context(), "", ListOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(apifytest.Fixtures()) + 3; len(all.Items) != want {
		t.Errorf("account-wide list has %d dispatches, want %d", len(all.Items), want)
	}
	if got := fake.Requests()[0].EscapedPath; got != "/v2/webhook-dispatches" {
		t.Errorf("account-wide path = %s", got)
	}

	own, err := client.ListWebhookDispatches(t.Context(), "hookOther", ListOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range own.Items {
		if *d.WebhookID != "hookOther" {
			t.Errorf("per-webhook list holds dispatch %s of webhook %s", *d.ID, *d.WebhookID)
		}
	}
	if len(own.Items) != 3 {
		t.Errorf("per-webhook list has %d dispatches, want 3", len(own.Items))
	}
}

func TestListWebhookDispatches_missingWebhook(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)

	_, err := client.ListWebhookDispatches(t.Context(), "no/such?hook", ListOptions{Limit: 100})
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
		ctx := newCuedDeadline(t.Context())
		fake.After(apifytest.GetWebhookDispatch.Of(apifytest.DispatchActive), 2, ctx.pass)

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

func TestListWebhookDispatches_readsOnPastAPageOfOnlyKnownDispatches(t *testing.T) {
	fake := apifytest.Start(t)
	fake.SetMaxPageSize(100)
	fake.AddGeneratedDispatches("hookBusy", 600)
	// Five new dispatches arrive before every page: near the limit the
	// read asks for only the few dispatches still missing, and such a small
	// page holds nothing but dispatches already read. The offset advances,
	// so the read goes on.
	fake.ArriveWhileListed("hookBusy", 5, 10)
	client := newTestClient(t, fake)

	got, err := client.ListWebhookDispatches(t.Context(), "hookBusy", ListOptions{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 500 || !got.Truncated {
		t.Errorf("got %d dispatches, truncated %v; want 500, truncated", len(got.Items), got.Truncated)
	}
	seen := map[string]bool{}
	for _, d := range got.Items {
		if seen[*d.ID] {
			t.Fatalf("dispatch %s read twice", *d.ID)
		}
		seen[*d.ID] = true
	}
	if got.Duplicates == 0 {
		t.Error("no dispatch was pushed to a later page: the test does not show what it is about")
	}
}

// Dispatches arriving as fast as pages are read, so that each page holds
// only dispatches already read, end the read after a few pages, truncated
// and stalled, rather than page on at the pace of the arrivals.
func TestListWebhookDispatches_stopsWhenPagesBringNothingNew(t *testing.T) {
	fake := apifytest.Start(t)
	fake.SetMaxPageSize(5)
	fake.AddGeneratedDispatches("hookStorm", 100)
	fake.ArriveWhileListed("hookStorm", 5, 50)
	client := newTestClient(t, fake)
	got, err := client.ListWebhookDispatches(t.Context(), "hookStorm", ListOptions{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Truncated || !got.Stalled || len(got.Items) != 5 {
		t.Errorf("got %d dispatches, truncated %v, stalled %v; want the first page's 5, truncated and stalled",
			len(got.Items), got.Truncated, got.Stalled)
	}
	if n := len(fake.Requests()); n != 1+MaxStalledPages {
		t.Errorf("%d requests, want the first page and %d that brought nothing new", n, MaxStalledPages)
	}
}

func TestWaitForWebhookDispatch_notFoundAtFirst(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)
	opts := WaitOptions{FirstInterval: time.Millisecond, MaxInterval: time.Millisecond, NotFoundFor: time.Minute}

	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded),
		apifytest.Status(http.StatusNotFound, "record-not-found", "Webhook dispatch was not found."),
		apifytest.Status(http.StatusNotFound, "record-not-found", "Webhook dispatch was not found."))
	d, err := client.WaitForWebhookDispatch(t.Context(), apifytest.DispatchSucceeded, opts)
	if err != nil {
		t.Fatalf("a dispatch not found twice, then found: %v", err)
	}
	checkString(t, "status", d.Status, "SUCCEEDED")

	// Never found within the bound: the API's 404 (an unbounded wait would
	// not return at all).
	opts.NotFoundFor = 50 * time.Millisecond
	if _, err = client.WaitForWebhookDispatch(t.Context(), "neverThere000001", opts); !IsNotFound(err) {
		t.Fatalf("error = %v, want the API's 404", err)
	}

	// Without NotFoundFor a 404 is final: one read.
	before := len(fake.Requests())
	if _, err := client.WaitForWebhookDispatch(t.Context(), "neverThere000001", WaitOptions{}); !IsNotFound(err) {
		t.Fatalf("error = %v, want the API's 404", err)
	}
	if n := len(fake.Requests()) - before; n != 1 {
		t.Errorf("read %d times, want 1", n)
	}
}
