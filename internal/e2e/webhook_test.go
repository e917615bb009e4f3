package e2e

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// Secrets of a webhook: the token in its URL and a credential in its
// headers template. Neither may show in anything Terraform prints.
const (
	secretInURL    = "UrlSecret5f1e9c"
	secretInHeader = "HeaderSecret8a2d4b"
)

var secretWebhook = `
resource "apify_webhook" "secret" {
  event_types      = ["ACTOR.RUN.FAILED"]
  condition        = { actor_id = "vvE7iMKuMc5qTHHsR" }
  request_url      = "https://hooks.example.com/apify?token=` + secretInURL + `"
  headers_template = "{ \"Authorization\": \"Bearer ` + secretInHeader + `\" }"
  description      = "%s"
}
`

// TestWebhookSecretsNeverInOutput runs a webhook's whole life under
// TF_LOG=TRACE, import and a failed update included, and looks for its
// secrets in all Terraform printed.
func TestWebhookSecretsNeverInOutput(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	ws := newWorkspace(t, fake, strings.Replace(secretWebhook, "%s", "first", 1))
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token, "TF_LOG=TRACE")

	var all bytes.Buffer
	run := func(wantFail bool, args ...string) {
		t.Helper()
		var out bytes.Buffer
		err := ws.Run(t.Context(), &out, &out, args...)
		all.Write(out.Bytes())
		if (err != nil) != wantFail {
			t.Fatalf("terraform %s: error = %v, want failure %v:\n%s", args[0], err, wantFail, tail(out.String()))
		}
	}
	run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	run(false, "plan", "-input=false", "-no-color")
	run(false, "state", "rm", "apify_webhook.secret")
	run(false, "import", "-input=false", "-no-color", "apify_webhook.secret", fake.Webhooks()[0])

	// The API refuses the update, echoing the request's URL and headers.
	fake.QueueFaults(apifytest.UpdateWebhook.Of(fake.Webhooks()[0]), apifytest.Status(http.StatusBadRequest, "invalid-input",
		"Invalid webhook: requestUrl https://hooks.example.com/apify?token="+secretInURL+" and headers Bearer "+secretInHeader))
	if err := ws.WriteFile("main.tf", requiredProviders+strings.Replace(secretWebhook, "%s", "second", 1)); err != nil {
		t.Fatal(err)
	}
	// -refresh=false, so that the refused PUT is the request the fault
	// answers.
	run(true, "apply", "-auto-approve", "-input=false", "-no-color", "-refresh=false")
	run(false, "destroy", "-auto-approve", "-input=false", "-no-color")

	output := all.String()
	if !strings.Contains(output, "Sending Apify API request") || !strings.Contains(output, "[redacted]") {
		t.Fatalf("the output lacks the provider's log or the refused update:\n%s", tail(output))
	}
	for _, secret := range []string{secretInURL, secretInHeader} {
		if i := strings.Index(output, secret); i >= 0 {
			t.Errorf("%s appears in Terraform's output: ...%s...", secret, output[max(0, i-300):i+len(secret)])
		}
	}
	if ids := fake.Webhooks(); len(ids) != 0 {
		t.Errorf("webhooks left after destroy: %v", ids)
	}
}

// A webhook deleted outside Terraform between refresh and delete: the
// DELETE meets 404, which is success.
func TestWebhookDeleteOfOneAlreadyGone(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	ws := newWorkspace(t, fake, strings.Replace(secretWebhook, "%s", "doomed", 1))
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token)
	var out bytes.Buffer
	if err := ws.Run(t.Context(), &out, &out, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, tail(out.String()))
	}
	fake.DeleteWebhook(fake.Webhooks()[0])
	out.Reset()
	if err := ws.Run(t.Context(), &out, &out, "destroy", "-auto-approve", "-input=false", "-no-color", "-refresh=false"); err != nil {
		t.Fatalf("destroy of a webhook already gone failed: %v\n%s", err, tail(out.String()))
	}
	var deletes int
	for _, r := range fake.Requests() {
		if r.Method == http.MethodDelete {
			deletes++
			if r.Status != http.StatusNotFound {
				t.Errorf("DELETE answered %d, want 404", r.Status)
			}
		}
	}
	if deletes != 1 {
		t.Errorf("%d DELETE requests, want 1", deletes)
	}
}

// A test whose delivery failed is a warning that quotes the last call.
func TestWebhookTestNotDeliveredIsAWarning(t *testing.T) {
	t.Parallel()
	out, err := plan(t, func(fake *apifytest.Server) {
		fake.AddWebhook(`{"id": "failingHook00001", "eventTypes": ["ACTOR.RUN.FAILED"],
			"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}, "requestUrl": "https://` + apifytest.FailingHost + `/apify"}`)
	}, `
resource "apify_webhook_test_dispatch" "failing" {
  webhook_id = "failingHook00001"
}
`, "apply", "-auto-approve")
	if err != nil {
		t.Fatalf("apply failed: %v\n%s", err, out)
	}
	for _, want := range []string{"Warning: Webhook test not delivered", `of webhook "failingHook00001" FAILED:`,
		`the last of 1 delivery call got HTTP 500, with "Request failed with status code 500"`,
		"This is a warning, so that the dispatch is kept in the state; a postcondition on self.status fails the apply on it."} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
}
