package apify

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The secrets of a webhook leave the texts of its dispatch's calls in
// every form the platform or a receiver may print them.
func TestRedactDispatch_removesTheWebhooksSecretsInEveryForm(t *testing.T) {
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
	if err := client.RedactDispatch(t.Context(), d); err != nil {
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
func TestRedactDispatch_readsTheWebhookOnceUntilItChanges(t *testing.T) {
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "onceHook000000001", "requestUrl": "https://hooks.example.com/a?token=FirstToken1234"}`)
	client := newTestClient(t, fake)
	redact := func(text string) string {
		t.Helper()
		d := &WebhookDispatch{WebhookID: ptr("onceHook000000001"), Calls: []WebhookDispatchCall{{ResponseBody: ptr(text)}}}
		if err := client.RedactDispatch(t.Context(), d); err != nil {
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
func TestRedactDispatch_webhookGone(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)
	for range 3 {
		d := &WebhookDispatch{
			WebhookID: ptr("goneHook000000001"),
			Webhook:   &WebhookSummary{RequestURL: ptr("https://hooks.example.com/x?token=GoneToken4321")},
			Calls:     []WebhookDispatchCall{{ErrorMessage: ptr("Cannot reach https://hooks.example.com/x?token=GoneToken4321")}},
		}
		err := client.RedactDispatch(t.Context(), d)
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

// The request URL a dispatch names keeps what says where it goes, and no
// secret part.
func TestRedactDispatch_requestURLKeepsItsHostAndPath(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)
	for raw, want := range map[string]string{
		"https://hooks.example.com/in?token=S3cretToken&v=1":                   "https://hooks.example.com/in?token=[redacted]&v=[redacted]",
		"https://bob:pw@hooks.example.com/in#frag":                             "https://[redacted]@hooks.example.com/in#[redacted]",
		"https://hooks.example.com/in?S3cretToken":                             "https://hooks.example.com/in?[redacted]",
		"https://hooks.example.com/plain":                                      "https://hooks.example.com/plain",
		"https://hooks.slack.com/services/T0001/B0002/XyZ1234567890abcdefGHIJ": "https://hooks.slack.com/services/T0001/B0002/[redacted]",
		"::not a url": "[redacted]",
	} {
		d := &WebhookDispatch{Webhook: &WebhookSummary{RequestURL: ptr(raw)}}
		if err := client.RedactDispatch(t.Context(), d); err != nil {
			t.Fatal(err)
		}
		if got := *d.Webhook.RequestURL; got != want {
			t.Errorf("request URL %q redacted to %q, want %q", raw, got, want)
		}
	}
}

// A read of the webhook that its caller's context cut short is not kept:
// the next dispatch reads the webhook again and redacts its headers.
func TestRedactDispatch_aStoppedReadIsReadAgain(t *testing.T) {
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "stopHook000000001", "requestUrl": "https://hooks.example.com/a",
		"headersTemplate": "{\"Authorization\": \"Bearer StopHeaderSecret42\"}"}`)
	client := newTestClient(t, fake)
	dispatch := func() *WebhookDispatch {
		return &WebhookDispatch{WebhookID: ptr("stopHook000000001"), Calls: []WebhookDispatchCall{{ResponseBody: ptr("echo StopHeaderSecret42")}}}
	}
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	if err := client.RedactDispatch(canceled, dispatch()); !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	d := dispatch()
	if err := client.RedactDispatch(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	if got := *d.Calls[0].ResponseBody; got != "echo [redacted]" {
		t.Errorf("body = %q, want the header redacted after the stopped read", got)
	}
}

// A secret in the URL's path, where Slack and Discord put theirs, is
// redacted from the calls too.
func TestRedactDispatch_pathSecret(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)
	url := "https://hooks.slack.com/services/T0001/B0002/XyZ1234567890abcdefGHIJ"
	d := &WebhookDispatch{
		Webhook: &WebhookSummary{RequestURL: ptr(url)},
		Calls:   []WebhookDispatchCall{{ErrorMessage: ptr("404: Cannot POST /services/T0001/B0002/XyZ1234567890abcdefGHIJ")}},
	}
	if err := client.RedactDispatch(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	if got := *d.Calls[0].ErrorMessage; got != "404: Cannot POST /services/T0001/B0002/[redacted]" {
		t.Errorf("error message = %q, want the path's token redacted", got)
	}
}

// Secrets learnt ahead redact a dispatch whose caller's context has ended
// since, as after a wait cut off by its deadline.
func TestRedactDispatch_secretsLearntAheadServeAnEndedContext(t *testing.T) {
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "aheadHook00000001", "requestUrl": "https://hooks.example.com/a",
		"headersTemplate": "{\"Authorization\": \"Bearer AheadHeaderSecret7\"}"}`)
	client := newTestClient(t, fake)
	if err := client.LearnWebhookSecrets(t.Context(), "aheadHook00000001"); err != nil {
		t.Fatal(err)
	}
	ended, cancel := context.WithCancel(t.Context())
	cancel()
	for range 20 { // the ended context must never win over what is known
		d := &WebhookDispatch{WebhookID: ptr("aheadHook00000001"), Calls: []WebhookDispatchCall{{ResponseBody: ptr("echo AheadHeaderSecret7")}}}
		if err := client.RedactDispatch(ended, d); err != nil {
			t.Fatalf("error = %v, want the secrets learnt ahead", err)
		}
		if got := *d.Calls[0].ResponseBody; got != "echo [redacted]" {
			t.Fatalf("body = %q, want the header redacted", got)
		}
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d requests, want the one read ahead", n)
	}
}

// A read of the webhook whose attempts time out ends with that error,
// once: it is not taken for a caller's context that ended, and read again
// until the caller's own deadline.
func TestRedactDispatch_attemptsThatTimeOutEndTheRead(t *testing.T) {
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "slowHook000000001", "requestUrl": "https://hooks.example.com/a"}`)
	fake.QueueFaults(apifytest.GetWebhook.Of("slowHook000000001"), apifytest.Hang(), apifytest.Hang(), apifytest.Hang())
	client := newTestClient(t, fake, func(c *Config) { c.MaxRetries, c.RequestTimeout = 0, 100*time.Millisecond })
	err := client.RedactDispatch(t.Context(), &WebhookDispatch{WebhookID: ptr("slowHook000000001")})
	if !IsNoAnswer(err) {
		t.Errorf("error = %v, want the attempt's timeout", err)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d reads of the webhook, want 1", n)
	}
}
