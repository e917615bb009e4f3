package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// TestServe runs the playground as `make fake` does and uses it as its
// output tells a user to: the exported base URL and token read the
// dispatches, and the ACTIVE one is delivered after PlaygroundSettleReads
// reads.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	r, w := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		serve(ctx, w)
		_ = w.Close()
	}()

	exports := map[string]string{}
	lines := bufio.NewScanner(r)
	for lines.Scan() && !strings.HasPrefix(lines.Text(), "It serves") {
		if name, value, ok := strings.Cut(strings.TrimPrefix(strings.TrimSpace(lines.Text()), "export "), "="); ok {
			exports[name] = value
		}
	}
	baseURL, token := exports["APIFY_API_BASE_URL"], exports["APIFY_TOKEN"]
	if !strings.HasPrefix(baseURL, "http://127.0.0.1:") || token != apifytest.DefaultToken {
		t.Fatalf("exports = %v, want the fake's base URL and token", exports)
	}

	var statuses []string
	for range apifytest.PlaygroundSettleReads + 1 {
		statuses = append(statuses, readStatus(t, baseURL, token, apifytest.DispatchActive))
	}
	if got, want := strings.Join(statuses, " "), "ACTIVE ACTIVE ACTIVE SUCCEEDED"; got != want {
		t.Errorf("statuses over successive reads = %s, want %s", got, want)
	}
	if got := readStatus(t, baseURL, token, apifytest.DispatchFailed); got != "FAILED" {
		t.Errorf("status of %s = %s, want FAILED", apifytest.DispatchFailed, got)
	}

	cancel()
	go func() { _, _ = io.Copy(io.Discard, r) }()
	<-done
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, baseURL+"/v2/webhook-dispatches", nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Error("the fake still answers after Ctrl-C")
	}
}

func readStatus(t *testing.T, baseURL, token, id string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, baseURL+"/v2/webhook-dispatches/"+id, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Data struct {
			Status string `json:"status"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Data.Status
}
