package apify

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The secrets of a webhook leave the texts of its dispatch's calls in
// every form the platform or a receiver may print them.
func TestRedactCalls_removesTheWebhooksSecretsInEveryForm(t *testing.T) {
	const (
		token    = "Url/Token+7c41=d9e2"
		password = "pw42"
		header   = "Header<Secret>&8a2d"
		renamed  = "NewUrlToken90b3"
	)
	dispatchURL := "https://user:" + password + "@hooks.example.com/in?token=" + url.QueryEscape(token) + "&x=a%20b"
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "secretHook0000001", "requestUrl": "https://hooks.example.com/in?token=` + renamed + `",
		"headersTemplate": "{\"Authorization\": \"Bearer ` + header + `\"}"}`)
	client := newTestClient(t, fake)

	texts := []string{
		"Cannot send request to " + dispatchURL,
		"POST " + url.QueryEscape(dispatchURL) + " failed",
		`{"url": "` + strings.ReplaceAll(dispatchURL, "&", `\u0026`) + `"}`,
		"the password was " + password,
		`echo: {"headers": {"authorization": "Bearer ` + header + `"}}`,
		`echo: {"headers": {"authorization": "Bearer Header\u003cSecret\u003e\u00268a2d"}}`,
		"the token was " + token,
		"the webhook now posts to ?token=" + renamed,
		"and the API token " + fake.Token,
	}
	d := &WebhookDispatch{
		WebhookID: ptr("secretHook0000001"),
		Webhook:   &WebhookSummary{RequestURL: ptr(dispatchURL)},
	}
	for _, text := range texts {
		d.Calls = append(d.Calls, WebhookDispatchCall{ErrorMessage: ptr(text), ResponseBody: ptr(text)})
	}
	if err := client.RedactCalls(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	for i, call := range d.Calls {
		for field, got := range map[string]string{"error message": *call.ErrorMessage, "response body": *call.ResponseBody} {
			for _, secret := range []string{token, url.QueryEscape(token), password, header, "Secret", renamed, fake.Token} {
				if strings.Contains(got, secret) {
					t.Errorf("call %d's %s %q shows %s", i, field, got, secret)
				}
			}
			if !strings.Contains(got, "[redacted]") {
				t.Errorf("call %d's %s %q was not redacted", i, field, got)
			}
		}
	}
	if got := *d.Calls[0].ErrorMessage; got != "Cannot send request to [redacted]" {
		t.Errorf("error message = %q, want the rest of the text kept", got)
	}
}

// A plan reading many dispatches of one webhook reads the webhook once; a
// change through the client makes the next dispatch read it again.
func TestRedactCalls_readsTheWebhookOnceUntilItChanges(t *testing.T) {
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "onceHook000000001", "requestUrl": "https://hooks.example.com/a?token=FirstToken1234"}`)
	client := newTestClient(t, fake)
	redact := func(text string) string {
		t.Helper()
		d := &WebhookDispatch{WebhookID: ptr("onceHook000000001"), Calls: []WebhookDispatchCall{{ResponseBody: ptr(text)}}}
		if err := client.RedactCalls(t.Context(), d); err != nil {
			t.Fatal(err)
		}
		return *d.Calls[0].ResponseBody
	}
	for range 5 {
		if got := redact("FirstToken1234"); got != "[redacted]" {
			t.Fatalf("body = %q, want [redacted]", got)
		}
	}
	countGets := func() int {
		n := 0
		for _, r := range fake.Requests() {
			if r.Method == http.MethodGet && r.EscapedPath == "/v2/webhooks/onceHook000000001" {
				n++
			}
		}
		return n
	}
	if n := countGets(); n != 1 {
		t.Errorf("read the webhook %d times for 5 dispatches, want 1", n)
	}

	in := webhookInput()
	in.RequestURL = "https://hooks.example.com/a?token=SecondToken5678"
	if _, err := client.UpdateWebhook(t.Context(), "onceHook000000001", in); err != nil {
		t.Fatal(err)
	}
	if got := redact("SecondToken5678"); got != "[redacted]" {
		t.Errorf("after an update, body = %q, want the new URL's token redacted", got)
	}
	if n := countGets(); n != 2 {
		t.Errorf("read the webhook %d times, want 2: once more after the update", n)
	}
}

// A dispatch of a webhook that no longer exists keeps what the dispatch
// names redacted, and the error says why the rest could not be; the
// missing webhook is not read again for every dispatch.
func TestRedactCalls_webhookGone(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)
	for range 3 {
		d := &WebhookDispatch{
			WebhookID: ptr("goneHook000000001"),
			Webhook:   &WebhookSummary{RequestURL: ptr("https://hooks.example.com/x?token=GoneToken4321")},
			Calls:     []WebhookDispatchCall{{ErrorMessage: ptr("Cannot reach https://hooks.example.com/x?token=GoneToken4321")}},
		}
		err := client.RedactCalls(t.Context(), d)
		if !IsNotFound(err) {
			t.Errorf("error = %v, want the webhook's 404", err)
		}
		if got := *d.Calls[0].ErrorMessage; got != "Cannot reach [redacted]" {
			t.Errorf("error message = %q, want the dispatch's URL redacted", got)
		}
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d requests for 3 dispatches of a missing webhook, want 1", n)
	}
}
