package apifytest

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"time"
)

// The webhook endpoints a test needs to make a real dispatch: create a
// webhook, have the platform send it a TEST event, delete it.

// createWebhook serves POST /v2/webhooks.
func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	var req struct {
		EventTypes  []string          `json:"eventTypes"`
		Condition   map[string]string `json:"condition"`
		RequestURL  string            `json:"requestUrl"`
		IsAdHoc     bool              `json:"isAdHoc"`
		Description string            `json:"description"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid-input", "The request body is not valid JSON: "+err.Error())
		return
	}
	if len(req.EventTypes) == 0 || len(req.Condition) == 0 || req.RequestURL == "" {
		writeError(w, http.StatusBadRequest, "invalid-input", "Fields eventTypes, condition and requestUrl are required.")
		return
	}
	now := time.Now().UTC().Format(timeLayout)
	id := newID()
	webhook := map[string]any{
		"id": id, "userId": UserID, "createdAt": now, "modifiedAt": now,
		"isAdHoc": req.IsAdHoc, "eventTypes": req.EventTypes, "condition": req.Condition,
		"requestUrl": req.RequestURL, "description": req.Description,
		"ignoreSslErrors": false, "doNotRetry": false, "shouldInterpolateStrings": false,
	}
	s.mu.Lock()
	s.webhooks[id] = webhook
	body, err := json.Marshal(map[string]any{"data": webhook})
	s.mu.Unlock()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal-error", err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, body)
}

// testWebhook serves POST /v2/webhooks/{webhookId}/test: it creates a TEST
// dispatch, ACTIVE at first and delivered after it has been read once, as
// the platform delivers it a moment later.
func (s *Server) testWebhook(w http.ResponseWriter, r *http.Request) {
	webhookID := r.PathValue("webhookId")
	s.mu.Lock()
	webhook, ok := s.webhooks[webhookID]
	if !ok || webhook == nil {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "record-not-found", "Webhook was not found.")
		return
	}
	id := newID()
	dispatch := map[string]any{
		"id": id, "userId": UserID, "webhookId": webhookID,
		"createdAt": time.Now().UTC().Format(timeLayout),
		"status":    "ACTIVE", "eventType": "TEST", "eventData": nil, "calls": []any{},
		"webhook": map[string]any{
			"actionType": "HTTP_REQUEST", "requestUrl": webhook["requestUrl"],
			"isAdHoc": webhook["isAdHoc"], "condition": webhook["condition"],
		},
	}
	s.dispatches[id] = dispatch
	s.newestFirst = nil
	s.settling[id] = settling{readsLeft: 1, final: "SUCCEEDED"}
	body, err := json.Marshal(map[string]any{"data": dispatch})
	s.mu.Unlock()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal-error", err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, body)
}

// deleteWebhook serves DELETE /v2/webhooks/{webhookId}.
func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	webhookID := r.PathValue("webhookId")
	s.mu.Lock()
	_, ok := s.webhooks[webhookID]
	delete(s.webhooks, webhookID)
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "record-not-found", "Webhook was not found.")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Webhooks returns the IDs of the webhooks created through the API and
// not deleted yet.
func (s *Server) Webhooks() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, webhook := range s.webhooks {
		if webhook != nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// newID returns a random ID in the API's alphabet and length.
func newID() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 17)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
