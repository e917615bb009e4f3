package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// canaryToken is the token of these tests: a value that must never show up
// in anything Terraform prints.
const canaryToken = "apify_api_LeakCanary7f3c9a1b2d4e6f80"

// TestTokenNeverInTraceOutput runs terraform plan with TF_LOG=TRACE through
// successful and failing reads, with the token in the configuration and in
// the environment, and looks for the token in all Terraform printed.
func TestTokenNeverInTraceOutput(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(fake *apifytest.Server)
		// fakeToken is the token the fake accepts; a different one makes
		// every request a 401.
		fakeToken string
		wantFail  bool
	}{
		{
			name: "success after retries",
			prepare: func(fake *apifytest.Server) {
				fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Status(http.StatusServiceUnavailable, "server-busy", "busy"))
			},
			fakeToken: canaryToken,
		},
		{
			name:      "401 for a wrong token",
			fakeToken: "apify_api_someOtherToken",
			wantFail:  true,
		},
		{
			name: "server echoes the token in its error",
			prepare: func(fake *apifytest.Server) {
				fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Status(http.StatusBadRequest, "invalid-input",
					"Header Authorization: Bearer "+canaryToken+" is malformed"))
			},
			fakeToken: canaryToken,
			wantFail:  true,
		},
		{
			name: "proxy page echoing the token instead of JSON",
			prepare: func(fake *apifytest.Server) {
				fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded), apifytest.Body(http.StatusOK, "text/html",
					"<html>Forbidden for Bearer "+canaryToken+"</html>"))
			},
			fakeToken: canaryToken,
			wantFail:  true,
		},
	}
	for _, tt := range tests {
		for _, via := range []string{"configuration", "environment"} {
			t.Run(tt.name+" with the token in the "+via, func(t *testing.T) {
				t.Parallel()
				fake := apifytest.Start(t)
				fake.Token = tt.fakeToken
				if tt.prepare != nil {
					tt.prepare(fake)
				}
				tokenLine := ""
				if via == "configuration" {
					tokenLine = fmt.Sprintf("token = %q", canaryToken)
				}
				ws := newWorkspace(t, fake, fmt.Sprintf(`
provider "apify" {
  %s
  max_retries = 1
}

data "apify_webhook_dispatch" "one" {
  id = %q
}

data "apify_webhook_dispatches" "recent" {
  limit = 10
}
`, tokenLine, apifytest.DispatchSucceeded))
				if via == "environment" {
					ws.Env = append(ws.Env, "APIFY_TOKEN="+canaryToken)
				}
				ws.Env = append(ws.Env, "TF_LOG=TRACE")

				var output bytes.Buffer
				err := ws.Run(t.Context(), &output, &output, "plan", "-input=false", "-no-color")
				if (err != nil) != tt.wantFail {
					t.Fatalf("plan error = %v, want failure %v; output:\n%s", err, tt.wantFail, tail(output.String()))
				}
				// The provider's own request log must be in the output, or this
				// test would pass without looking at it.
				if !strings.Contains(output.String(), "Sending Apify API request") {
					t.Fatalf("the provider's debug log is not in Terraform's output:\n%s", tail(output.String()))
				}
				if i := strings.Index(output.String(), canaryToken); i >= 0 {
					t.Errorf("the token appears in Terraform's output: ...%s...", output.String()[max(0, i-300):i+len(canaryToken)])
				}
			})
		}
	}
}

// tail returns the end of a long output, for a failure message.
func tail(s string) string {
	const keep = 4000
	if len(s) <= keep {
		return s
	}
	return "..." + s[len(s)-keep:]
}
