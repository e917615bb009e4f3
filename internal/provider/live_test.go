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

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// TestAccLive manages a webhook and reads a real dispatch of it end to
// end: it creates a webhook with apify_webhook on the account of
// APIFY_TOKEN, updates and imports it, has the platform send it a TEST
// event, lists and reads that dispatch (waiting until it is delivered),
// and destroys the webhook, also when a step fails.
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
	webhook := func(description string) string {
		return fmt.Sprintf(`
provider "apify" {}

resource "apify_webhook" "test" {
  event_types = ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED"]
  condition   = { actor_id = %q }
  request_url = "https://example.com/terraform-provider-apify-acceptance-test"
  description = %q
}
`, actorID, description)
	}
	var webhookID string
	dispatches := webhook("terraform-provider-apify acceptance test; destroyed when the test ends") + `
data "apify_webhook_dispatches" "test" {
  webhook_id = apify_webhook.test.id
}

data "apify_webhook_dispatch" "test" {
  id                    = data.apify_webhook_dispatches.test.dispatches[0].id
  wait_for_final_status = true

  timeouts {
    read = "5m"
  }
}
`

	skipWithoutTerraform(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: webhook("terraform-provider-apify acceptance test"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectWebhook("condition", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"actor_id": str(actorID), "actor_task_id": null,
					})),
				},
			},
			{
				Config: webhook("terraform-provider-apify acceptance test; destroyed when the test ends"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectWebhook("description", str("terraform-provider-apify acceptance test; destroyed when the test ends")),
				},
				Check: func(s *terraform.State) error {
					webhookID = s.RootModule().Resources[webhookAddress].Primary.ID
					return nil
				},
			},
			{
				ResourceName:      webhookAddress,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// The platform sends the webhook a TEST event.
				PreConfig: func() { api.call(t, http.MethodPost, "/v2/webhooks/"+webhookID+"/test", nil, http.StatusCreated, nil) },
				Config:    dispatches,
				ConfigStateChecks: []statecheck.StateCheck{
					expectDispatch("event_type", str("TEST")),
					statecheck.CompareValuePairs("data.apify_webhook_dispatch.test", tfjsonpath.New("webhook_id"),
						webhookAddress, tfjsonpath.New("id"), compare.ValuesSame()),
					expectDispatch("status", knownvalue.StringRegexp(settled)),
					expectList(tfjsonpath.New("dispatches"), knownvalue.ListSizeExact(1)),
				},
			},
		},
	})
}

var settled = regexp.MustCompile(`^(SUCCEEDED|FAILED)$`)

// liveAPI makes the call the live test needs that the provider does not
// make, with plain HTTP: firing a test of the webhook.
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
