package apify

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// webhookInput is a valid create or update of a webhook that carries
// secrets in its URL and its headers template.
func webhookInput() WebhookInput {
	headers := `{"Authorization": "Bearer HeaderSecret8a2d4b"}`
	return WebhookInput{
		EventTypes:      []string{"ACTOR.RUN.FAILED"},
		Condition:       &WebhookCondition{ActorID: new("vvE7iMKuMc5qTHHsR")},
		RequestURL:      "https://user:PassSecret42@hooks.example.com/apify?token=UrlSecret5f1e9c&v=1",
		HeadersTemplate: &headers,
	}
}

// bodies returns the JSON bodies of the requests of method the fake
// received, decoded.
func bodies(t *testing.T, fake *apifytest.Server, method string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range fake.Requests() {
		if r.Method != method {
			continue
		}
		var body map[string]any
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("%s body is not JSON: %v", method, err)
		}
		out = append(out, body)
	}
	return out
}

// A create whose answer is lost after the platform stored the webhook is
// retried with the same idempotency key, and the platform creates it once.
func TestCreateWebhook_retriedWithOneKeyCreatesOne(t *testing.T) {
	fake := apifytest.Start(t)
	fake.DropAfterHandling(apifytest.CreateWebhook.Of(""))
	client := newTestClient(t, fake)
	in := webhookInput()
	in.IdempotencyKey = new(NewIdempotencyKey())

	created, err := client.CreateWebhook(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if ids := fake.Webhooks(); len(ids) != 1 || ids[0] != *created.ID {
		t.Errorf("webhooks on the platform = %v, want only %s", ids, *created.ID)
	}
	posts := bodies(t, fake, http.MethodPost)
	if len(posts) != 2 || posts[0]["idempotencyKey"] != *in.IdempotencyKey || posts[1]["idempotencyKey"] != *in.IdempotencyKey {
		t.Errorf("creates sent = %v, want two with the key %s", posts, *in.IdempotencyKey)
	}
}

// An update sends every field, the unset optional ones as null, so that a
// field left out of the PUT cannot stay as it was.
func TestUpdateWebhook_sendsEveryField(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)
	created, err := client.CreateWebhook(t.Context(), webhookInput())
	if err != nil {
		t.Fatal(err)
	}
	in := webhookInput()
	in.HeadersTemplate = nil
	if _, err := client.UpdateWebhook(t.Context(), *created.ID, in); err != nil {
		t.Fatal(err)
	}
	put := bodies(t, fake, http.MethodPut)
	if len(put) != 1 {
		t.Fatalf("sent %d updates, want 1", len(put))
	}
	for _, name := range []string{"payloadTemplate", "headersTemplate", "description"} {
		if v, sent := put[0][name]; !sent || v != nil {
			t.Errorf("update sent %s = %v (sent: %v), want null", name, v, sent)
		}
	}
	stored, _ := fake.Webhook(*created.ID)
	if strings.Contains(stored, "HeaderSecret8a2d4b") {
		t.Errorf("the headers template is still stored after an update cleared it: %s", stored)
	}
}

// Firing a test is not idempotent: it is retried only when the API
// certainly refused it.
func TestTestWebhook_retriedOnlyWhenRefused(t *testing.T) {
	busy := apifytest.Status(http.StatusServiceUnavailable, "server-busy", "Try later.")
	tests := []struct {
		name      string
		fault     apifytest.Fault
		drop      bool
		wantTests int
		wantErr   bool
	}{
		{name: "429 is retried", fault: apifytest.RetryAfter(http.StatusTooManyRequests, "0"), wantTests: 2},
		{name: "503 with Retry-After is retried", fault: apifytest.RetryAfter(http.StatusServiceUnavailable, "0"), wantTests: 2},
		{name: "503 without Retry-After is not", fault: busy, wantTests: 1, wantErr: true},
		{name: "500 is not", fault: apifytest.Status(http.StatusInternalServerError, "internal-error", "Oops."), wantTests: 1, wantErr: true},
		{name: "an answer lost after the test was fired is not", drop: true, wantTests: 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := apifytest.Start(t)
			fake.AddWebhook(`{"id": "testedHook000001", "requestUrl": "https://hooks.example.com/"}`)
			target := apifytest.TestWebhook.Of("testedHook000001")
			if tt.drop {
				fake.DropAfterHandling(target)
			} else {
				fake.QueueFaults(target, tt.fault)
			}
			client := newTestClient(t, fake)

			d, err := client.TestWebhook(t.Context(), "testedHook000001")
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && (d.ID == nil || *d.EventType != "TEST") {
				t.Errorf("dispatch = %+v, want a TEST dispatch", d)
			}
			if n := len(fake.Requests()); n != tt.wantTests {
				t.Errorf("sent %d test requests, want %d", n, tt.wantTests)
			}
		})
	}
}

// An API error that echoes a write's secrets (the URL, its credentials and
// query values, the headers template's words) names none of them.
func TestWriteErrorsRedactTheWebhooksSecrets(t *testing.T) {
	fake := apifytest.Start(t)
	in := webhookInput()
	fake.QueueFaults(apifytest.CreateWebhook.Of(""), apifytest.Status(http.StatusBadRequest, "invalid-input",
		"Invalid webhook: requestUrl "+in.RequestURL+" and headers "+*in.HeadersTemplate))
	client := newTestClient(t, fake)

	_, err := client.CreateWebhook(t.Context(), in)
	if err == nil {
		t.Fatal("the create did not fail")
	}
	for _, secret := range []string{"UrlSecret5f1e9c", "PassSecret42", "HeaderSecret8a2d4b"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error shows %s: %v", secret, err)
		}
	}
	if !strings.Contains(err.Error(), "[redacted]") || !strings.Contains(err.Error(), "invalid-input") {
		t.Errorf("the error lost what the API said: %v", err)
	}
}

// An update that keeps the URL and the headers template (values a
// write-only attribute sent before) leaves them out of the PUT, so the API
// keeps them; one that clears the template sends null.
func TestUpdateWebhook_leavesOutWhatItKeeps(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)
	created, err := client.CreateWebhook(t.Context(), webhookInput())
	if err != nil {
		t.Fatal(err)
	}
	kept := webhookInput()
	kept.RequestURL, kept.HeadersTemplate, kept.KeepHeadersTemplate = "", nil, true
	if _, err := client.UpdateWebhook(t.Context(), *created.ID, kept); err != nil {
		t.Fatal(err)
	}
	cleared := webhookInput()
	cleared.HeadersTemplate = nil
	if _, err := client.UpdateWebhook(t.Context(), *created.ID, cleared); err != nil {
		t.Fatal(err)
	}
	puts := bodies(t, fake, http.MethodPut)
	if _, sent := puts[0]["requestUrl"]; sent {
		t.Errorf("the update that keeps the URL sent requestUrl: %v", puts[0])
	}
	if _, sent := puts[0]["headersTemplate"]; sent {
		t.Errorf("the update that keeps the headers template sent headersTemplate: %v", puts[0])
	}
	if v, sent := puts[1]["headersTemplate"]; !sent || v != nil {
		t.Errorf("the update that clears the headers template sent %v (present %v), want null", v, sent)
	}
	stored, _ := fake.Webhook(*created.ID)
	if !strings.Contains(stored, "UrlSecret5f1e9c") {
		t.Errorf("the webhook lost the URL it kept: %s", stored)
	}
}
