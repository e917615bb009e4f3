package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The secrets of a webhook that the platform's errors quote and receivers
// echo never reach an output of calls, which is not sensitive, nor the
// state: not from either dispatch data source, nor from the test dispatch.
func TestAccCalls_neverShowTheWebhooksSecrets(t *testing.T) {
	t.Parallel()
	const (
		urlToken    = "UrlToken7c41d9e2"
		headerToken = "HeaderToken5b8e1f"
		hookURL     = "https://hooks.example.com/in?token=" + urlToken
	)
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "leakyHook00000001", "requestUrl": "` + hookURL + `",
		"headersTemplate": "{\"Authorization\": \"Bearer ` + headerToken + `\"}"}`)
	leakyCalls := `[{"startedAt": "2026-11-20T09:15:02.201Z", "finishedAt": "2026-11-20T09:15:02.388Z",
		"errorMessage": "Cannot send request to ` + hookURL + `", "responseStatus": 401,
		"responseBody": "{\"seen\": {\"authorization\": \"Bearer ` + headerToken + `\"}}"}]`
	leakyDispatch := func(id string) string {
		return `{"id": "` + id + `", "webhookId": "leakyHook00000001", "status": "FAILED", "eventType": "TEST",
			"webhook": {"actionType": "HTTP_REQUEST", "requestUrl": "` + hookURL + `", "isAdHoc": false},
			"calls": ` + leakyCalls + `}`
	}
	fake.AddDispatch(leakyDispatch("leakyDispatch0001"))

	config := providerConfig(fake) + `
data "apify_webhook_dispatch" "test" {
  id = "leakyDispatch0001"
}

data "apify_webhook_dispatches" "test" {
  webhook_id = "leakyHook00000001"
  depends_on = [apify_webhook_test_dispatch.test]
}

resource "apify_webhook_test_dispatch" "test" {
  webhook_id = "leakyHook00000001"
}

output "dispatch_calls" {
  value = data.apify_webhook_dispatch.test.calls
}

output "listed_calls" {
  value = [for d in data.apify_webhook_dispatches.test.dispatches : d.calls]
}

output "test_calls" {
  value = apify_webhook_test_dispatch.test.calls
}
`
	noSecretInOutputs := func(names ...string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			for _, name := range names {
				out, ok := s.RootModule().Outputs[name]
				if !ok {
					return fmt.Errorf("no output %q", name)
				}
				text, err := json.Marshal(out.Value)
				if err != nil {
					return err
				}
				for _, secret := range []string{urlToken, headerToken} {
					if strings.Contains(string(text), secret) {
						return fmt.Errorf("output %q shows the secret %s: %s", name, secret, text)
					}
				}
				if !strings.Contains(string(text), "[redacted]") {
					return fmt.Errorf("output %q has nothing redacted: %s", name, text)
				}
			}
			return nil
		}
	}
	runSteps(t,
		resource.TestStep{
			Config: config,
			Check:  noSecretInOutputs("dispatch_calls", "listed_calls"),
			// Nor does the state: the request URL a dispatch names keeps
			// its host and path only.
			ConfigStateChecks: []statecheck.StateCheck{
				secretsAbsent{urlToken, headerToken},
				expectDispatch("webhook", knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"request_url": str("https://hooks.example.com/in?token=[redacted]"),
				})),
			},
		},
		resource.TestStep{
			// The test's dispatch, read again on refresh, now holds a call
			// that quotes the webhook's secrets.
			PreConfig: func() {
				for _, id := range fake.Dispatches("leakyHook00000001") {
					if id != "leakyDispatch0001" {
						fake.DeleteDispatch(id)
						fake.AddDispatch(leakyDispatch(id))
					}
				}
			},
			Config:            config,
			Check:             noSecretInOutputs("dispatch_calls", "listed_calls", "test_calls"),
			ConfigStateChecks: []statecheck.StateCheck{secretsAbsent{urlToken, headerToken}},
		},
	)
}

// Dispatches of a webhook that cannot be read get one warning, on the
// attribute, that says what could not be redacted; what the dispatch
// names is redacted all the same.
func TestRedactDispatch_warnsOnceForAWebhookItCannotRead(t *testing.T) {
	fake := apifytest.Start(t)
	base, err := apify.ParseBaseURL(fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	client := apify.NewClient(apify.Config{BaseURL: base, Token: fake.Token})
	dispatch := func() *apify.WebhookDispatch {
		url, message := "https://hooks.example.com/x?token=GoneToken4321", "Cannot reach https://hooks.example.com/x?token=GoneToken4321"
		return &apify.WebhookDispatch{
			WebhookID: &[]string{"goneHook000000001"}[0],
			Webhook:   &apify.WebhookSummary{RequestURL: &url},
			Calls:     []apify.WebhookDispatchCall{{ErrorMessage: &message}},
		}
	}
	dispatches := []*apify.WebhookDispatch{dispatch(), dispatch()}
	var diags diag.Diagnostics
	redactDispatches(t.Context(), client, dispatches, path.Root("dispatches"), &diags)

	if diags.ErrorsCount() != 0 || diags.WarningsCount() != 1 {
		t.Fatalf("diagnostics = %v, want one warning", diags)
	}
	warning := diags.Warnings()[0]
	if p, ok := warning.(diag.DiagnosticWithPath); !ok || !p.Path().Equal(path.Root("dispatches")) {
		t.Errorf("warning %v is not on dispatches", warning)
	}
	for _, want := range []string{`Webhook "goneHook000000001" could not be read`, "404", "echoes the webhook's headers"} {
		if !strings.Contains(warning.Detail(), want) {
			t.Errorf("warning %q does not say %q", warning.Detail(), want)
		}
	}
	for _, d := range dispatches {
		if got := *d.Calls[0].ErrorMessage; got != "Cannot reach [redacted]" {
			t.Errorf("error message = %q, want the dispatch's URL redacted", got)
		}
	}
}
