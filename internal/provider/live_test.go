package provider

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// TestAccLive reads a real dispatch end to end: it creates a webhook on the
// account of APIFY_TOKEN, has the platform send it a TEST event, reads that
// dispatch (waiting until it is delivered) and lists it with the data
// sources, and deletes the webhook, also when the test fails.
//
// It runs only with TF_ACC=1, APIFY_TOKEN and APIFY_TEST_ACTOR_ID (the
// Actor the webhook watches; nothing runs it). APIFY_API_BASE_URL points it
// at another API, such as the fake one `make testacc-live-fake` starts.
func TestAccLive(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skip("live test: set TF_ACC=1, APIFY_TOKEN and APIFY_TEST_ACTOR_ID to run it")
	}
	token, actorID := os.Getenv(envToken), os.Getenv("APIFY_TEST_ACTOR_ID")
	if token == "" || actorID == "" {
		t.Skip("live test: APIFY_TOKEN and APIFY_TEST_ACTOR_ID must both be set")
	}
	api := liveAPI{base: strings.TrimRight(cmp.Or(os.Getenv(envBaseURL), apify.DefaultBaseURL), "/"), token: token}

	var webhook struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	api.call(t, http.MethodPost, "/v2/webhooks", map[string]any{
		"eventTypes":  []string{"ACTOR.RUN.SUCCEEDED"},
		"condition":   map[string]string{"actorId": actorID},
		"requestUrl":  "https://example.com/terraform-provider-apify-acceptance-test",
		"description": "terraform-provider-apify acceptance test; deleted when the test ends",
	}, http.StatusCreated, &webhook)
	webhookID := webhook.Data.ID
	t.Cleanup(func() { api.call(t, http.MethodDelete, "/v2/webhooks/"+webhookID, nil, http.StatusNoContent, nil) })

	var dispatch struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	api.call(t, http.MethodPost, "/v2/webhooks/"+webhookID+"/test", nil, http.StatusCreated, &dispatch)
	dispatchID := dispatch.Data.ID

	skipWithoutTerraform(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "apify" {}

data "apify_webhook_dispatch" "test" {
  id                    = %q
  wait_for_final_status = true

  timeouts {
    read = "5m"
  }
}

data "apify_webhook_dispatches" "test" {
  webhook_id = %q

  # Listed once the single read has seen the dispatch settle.
  depends_on = [data.apify_webhook_dispatch.test]
}
`, dispatchID, webhookID),
			ConfigStateChecks: []statecheck.StateCheck{
				expectDispatch("event_type", str("TEST")),
				expectDispatch("webhook_id", str(webhookID)),
				expectDispatch("status", knownvalue.StringRegexp(settled)),
				expectList(tfjsonpath.New("dispatches"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":         str(dispatchID),
						"event_type": str("TEST"),
						"status":     knownvalue.StringRegexp(settled),
					}),
				})),
			},
		}},
	})
}

var settled = regexp.MustCompile(`^(SUCCEEDED|FAILED)$`)

// liveAPI makes the few write calls the live test needs, with plain HTTP:
// the provider itself only reads.
type liveAPI struct {
	base, token string
}

func (a liveAPI) call(t *testing.T, method, path string, body any, wantStatus int, out any) {
	t.Helper()
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(data)
	}
	// Not the test's context: the cleanup's DELETE runs after it has ended.
	req, err := http.NewRequestWithContext(context.Background(), method, a.base+path, reader)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s %s answered %d, want %d: %s", method, path, resp.StatusCode, wantStatus, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
}
