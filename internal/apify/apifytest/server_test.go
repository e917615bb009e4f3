package apifytest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// send makes a request of the fake with its token, and returns the
// answer's status and body.
func send(t *testing.T, s *Server, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.Token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestValidation(t *testing.T) {
	t.Run("a request the schemas refuse is answered 400 and recorded", func(t *testing.T) {
		s := NewServer()
		defer s.Close()
		status, body := send(t, s, http.MethodPost, "/v2/webhooks", `{"eventTypes": ["ACTOR.RUN.FAILED"], "condition": {"actorId": "a"}}`)
		if status != http.StatusBadRequest || !strings.Contains(body, "invalid-input") || !strings.Contains(body, "requestUrl") {
			t.Errorf("answer = %d %s, want 400 invalid-input naming requestUrl", status, body)
		}
		if v := s.Violations(); len(v) != 1 || v[0].Operation != string(CreateWebhook) || v[0].Part != "request" {
			t.Errorf("violations = %v, want one of the request of %s", v, CreateWebhook)
		}
	})
	t.Run("an answer the schemas refuse is recorded", func(t *testing.T) {
		s := NewServer()
		defer s.Close()
		s.AddDispatch(`{"id": "pausedDispatch01", "status": "PAUSED"}`)
		if status, _ := send(t, s, http.MethodGet, "/v2/webhook-dispatches/pausedDispatch01", ""); status != http.StatusOK {
			t.Fatalf("status = %d", status)
		}
		v := s.Violations()
		if len(v) != 1 || v[0].Operation != string(GetWebhookDispatch) || v[0].Part != "response" || !strings.Contains(v[0].Message, "status") {
			t.Errorf("violations = %v, want one of the answer of %s naming status", v, GetWebhookDispatch)
		}
	})
	t.Run("a path the description does not have is recorded, and answered 404", func(t *testing.T) {
		s := NewServer()
		defer s.Close()
		if status, _ := send(t, s, http.MethodGet, "/v2/acts/a1/webhooks", ""); status != http.StatusNotFound {
			t.Errorf("status = %d, want 404", status)
		}
		if v := s.Violations(); len(v) == 0 || v[0].Operation != "GET /v2/acts/a1/webhooks" {
			t.Errorf("violations = %v, want the unknown path", v)
		}
	})
	t.Run("faults and data off the description on purpose are not validated", func(t *testing.T) {
		s := NewServer()
		defer s.Close()
		s.AddOffSpecDispatch(`{"id": "pausedDispatch01", "status": "PAUSED"}`)
		s.QueueFaults(GetWebhookDispatch.Of(DispatchSucceeded), Body(http.StatusOK, "text/html", "<html>proxy</html>"))
		send(t, s, http.MethodGet, "/v2/webhook-dispatches/pausedDispatch01", "")
		send(t, s, http.MethodGet, "/v2/webhook-dispatches/"+DispatchSucceeded, "")
		send(t, s, http.MethodDelete, "/v2/webhooks/"+WebhookID, "")
		if v := s.Violations(); len(v) != 0 {
			t.Errorf("violations = %v, want none", v)
		}
	})
	t.Run("the exception of a 204 without a body", func(t *testing.T) {
		s := NewPlayground()
		defer s.Close()
		if status, _ := send(t, s, http.MethodDelete, "/v2/webhooks/"+WebhookID, ""); status != http.StatusNoContent {
			t.Fatalf("status = %d, want 204", status)
		}
		if v := s.Violations(); len(v) != 0 {
			t.Errorf("violations = %v, want none", v)
		}
	})
}

// A create whose idempotency key names a webhook deleted since creates a
// new one, rather than answering with nothing.
func TestCreateWithTheKeyOfADeletedWebhook(t *testing.T) {
	s := Start(t)
	create := `{"idempotencyKey": "k1", "eventTypes": ["ACTOR.RUN.FAILED"], "condition": {"actorId": "a"}, "requestUrl": "https://h.example.com/"}`
	if status, body := send(t, s, http.MethodPost, "/v2/webhooks", create); status != http.StatusCreated {
		t.Fatalf("create = %d %s", status, body)
	}
	first := s.Webhooks()[0]
	send(t, s, http.MethodDelete, "/v2/webhooks/"+first, "")
	status, body := send(t, s, http.MethodPost, "/v2/webhooks", create)
	if status != http.StatusCreated || len(s.Webhooks()) != 1 || s.Webhooks()[0] == first {
		t.Errorf("second create = %d %s, webhooks %v; want a new webhook", status, body, s.Webhooks())
	}
}
