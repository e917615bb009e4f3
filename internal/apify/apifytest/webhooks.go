package apifytest

import (
	"crypto/rand"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"time"
)

// The webhook operations, as the API description defines them: create
// with an idempotency key, read, update (a field left out of a PUT is not
// changed; null clears it), delete, list newest first in pages (the
// account's, an Actor's, a task's), and fire a test.

// webhookFields are the fields a create or an update may set.
var webhookFields = []string{
	"isAdHoc", "eventTypes", "condition", "ignoreSslErrors", "doNotRetry", "requestUrl",
	"payloadTemplate", "headersTemplate", "description", "shouldInterpolateStrings",
}

// StoredForms says how the fake stores what a create or an update sends,
// for tests of the readings the API description leaves open: it says
// neither that the platform stores a value as sent nor that it does not.
// The zero value stores every value as sent.
type StoredForms struct {
	// URL gives the request URL as stored.
	URL func(string) any
	// Template gives a payload or headers template as stored: nil drops
	// it.
	Template func(string) any
	// DefaultPayload, when set, is stored as the payload template of a
	// webhook created without one.
	DefaultPayload string
}

// SetStoredForms makes the fake store the webhooks it is sent as forms
// says.
func (s *Server) SetStoredForms(forms StoredForms) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forms = forms
}

// webhooksPost serves POST /v2/webhooks.
func (s *Server) webhooksPost(w http.ResponseWriter, r *http.Request) {
	fields, ok := readFields(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now().UTC().Format(timeLayout)
	webhook := map[string]any{
		"userId": UserID, "createdAt": now, "modifiedAt": now, "isAdHoc": false, "actionType": "HTTP_REQUEST",
		"ignoreSslErrors": false, "doNotRetry": false, "shouldInterpolateStrings": false,
		"payloadTemplate": nil, "headersTemplate": nil, "description": nil,
	}
	applyFields(webhook, fields, s.forms)
	if webhook["payloadTemplate"] == nil && s.forms.DefaultPayload != "" {
		webhook["payloadTemplate"] = s.forms.DefaultPayload
	}
	key, _ := fields["idempotencyKey"].(string)
	if id, seen := s.idempotencyKeys[key]; seen && key != "" && s.webhooks[id] != nil {
		s.writeObject(w, http.StatusCreated, s.fullWebhook(s.webhooks[id]), "")
		return
	}
	id := newID()
	webhook["id"], s.webhooks[id] = id, webhook
	if key != "" {
		s.idempotencyKeys[key] = id
	}
	s.writeObject(w, http.StatusCreated, s.fullWebhook(webhook), "")
}

// webhookGet serves GET /v2/webhooks/{webhookId}.
func (s *Server) webhookGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writeObject(w, http.StatusOK, s.fullWebhook(s.webhooks[r.PathValue("webhookId")]), "Webhook was not found.")
}

// webhookPut serves PUT /v2/webhooks/{webhookId}: the fields the body
// holds are set, null clearing a field; the others are left as they are.
func (s *Server) webhookPut(w http.ResponseWriter, r *http.Request) {
	s.update(w, r, func() map[string]any { return s.webhooks[r.PathValue("webhookId")] }, "Webhook was not found.",
		func(updated, fields map[string]any) {
			applyFields(updated, fields, s.forms)
			s.webhooks[stringField(updated, "id")] = updated
			s.writeObject(w, http.StatusOK, s.fullWebhook(updated), "")
		})
}

// webhookDelete serves DELETE /v2/webhooks/{webhookId}.
func (s *Server) webhookDelete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteObject(w, s.webhooks, s.webhooks[r.PathValue("webhookId")], "Webhook was not found.")
}

// readFields reads a JSON object body, answering 400 when it is not one
// (a request the fake does not validate: SkipValidation).
func readFields(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	var fields map[string]any
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil || fields == nil {
		writeError(w, http.StatusBadRequest, "invalid-input", "The request body must be a JSON object.")
		return nil, false
	}
	return fields, true
}

// applyFields sets the webhook fields present in fields on webhook, as
// forms stores them; a field left out is not changed. The request was
// checked against the description's schemas before it came here.
func applyFields(webhook, fields map[string]any, forms StoredForms) {
	for _, name := range webhookFields {
		v, present := fields[name]
		if !present {
			continue
		}
		if str, ok := v.(string); ok {
			switch {
			case name == "requestUrl" && forms.URL != nil:
				v = forms.URL(str)
			case (name == "payloadTemplate" || name == "headersTemplate") && forms.Template != nil:
				v = forms.Template(str)
			}
		}
		webhook[name] = v
	}
}

// fullWebhook is webhook as GET returns it, with its last dispatch and
// statistics, or nil when webhook is; the caller holds s.mu.
func (s *Server) fullWebhook(webhook map[string]any) map[string]any {
	if webhook == nil {
		return nil
	}
	full := maps.Clone(webhook)
	var last map[string]any
	total := 0
	for _, d := range s.sortedNewestFirst() {
		if d.webhookID() != stringField(webhook, "id") {
			continue
		}
		if total == 0 {
			finishedAt := any(nil)
			if calls, _ := d.fields["calls"].([]any); len(calls) > 0 {
				if call, ok := calls[len(calls)-1].(map[string]any); ok {
					finishedAt = call["finishedAt"]
				}
			}
			last = map[string]any{"status": d.fields["status"], "finishedAt": finishedAt}
		}
		total++
	}
	// A webhook stored with these fields (AddWebhook) keeps them.
	if _, ok := webhook["lastDispatch"]; !ok {
		full["lastDispatch"] = last
	}
	if _, ok := webhook["stats"]; !ok {
		full["stats"] = map[string]any{"totalDispatches": total}
	}
	return full
}

// shortWebhook is webhook as a list returns it: without the templates and
// the description; the caller holds s.mu.
func (s *Server) shortWebhook(webhook map[string]any) map[string]any {
	short := s.fullWebhook(webhook)
	for _, name := range []string{"payloadTemplate", "headersTemplate", "description"} {
		delete(short, name)
	}
	short["isEnabled"] = true
	short["isApifyIntegration"] = false
	return short
}

// webhooksGet serves GET /v2/webhooks, the account's webhooks.
func (s *Server) webhooksGet(w http.ResponseWriter, r *http.Request) {
	s.writeWebhookPage(w, r, func(map[string]any) bool { return true })
}

// actorWebhooksGet serves GET /v2/actors/{actorId}/webhooks.
func (s *Server) actorWebhooksGet(w http.ResponseWriter, r *http.Request) {
	actorID := r.PathValue("actorId")
	s.writeWebhookPage(w, r, func(condition map[string]any) bool { return condition["actorId"] == actorID })
}

// actorTaskWebhooksGet serves GET /v2/actor-tasks/{actorTaskId}/webhooks.
func (s *Server) actorTaskWebhooksGet(w http.ResponseWriter, r *http.Request) {
	taskID := r.PathValue("actorTaskId")
	s.writeWebhookPage(w, r, func(condition map[string]any) bool { return condition["actorTaskId"] == taskID })
}

// writeWebhookPage answers with a page of the webhooks whose condition
// watches says so.
func (s *Server) writeWebhookPage(w http.ResponseWriter, r *http.Request, watches func(condition map[string]any) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []pageItem{}
	for _, webhook := range sortedNewestFirst(s.webhooks) {
		if condition, _ := webhook["condition"].(map[string]any); watches(condition) {
			items = append(items, pageItem{s.shortWebhook(webhook), false})
		}
	}
	s.writePage(w, r, items)
}

// Hosts of request URLs to which the fake's test deliveries fail: one
// answers 500, the other never answers. Any other host accepts them.
const (
	FailingHost     = "fails.example.com"
	UnreachableHost = "unreachable.example.com"
)

// SetTestSettleReads sets how many reads a TEST dispatch stays ACTIVE for
// before it settles; 1 unless set.
func (s *Server) SetTestSettleReads(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.testSettleReads = n
}

// SetTestUnreadableFor makes the next TEST dispatches answer their first
// reads 404, as a dispatch just created may be for a moment: reads of
// them, each.
func (s *Server) SetTestUnreadableFor(reads int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.testUnreadableReads = reads
}

// webhookTestPost serves POST /v2/webhooks/{webhookId}/test: it fires a
// TEST dispatch.
func (s *Server) webhookTestPost(w http.ResponseWriter, r *http.Request) {
	webhookID := r.PathValue("webhookId")
	s.mu.Lock()
	defer s.mu.Unlock()
	webhook := s.webhooks[webhookID]
	if webhook == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Webhook was not found.")
		return
	}
	dispatch := s.fire(webhook, "TEST", nil)
	body, err := json.Marshal(map[string]any{"data": dispatch.fields})
	writeBody(w, http.StatusCreated, body, err)
}

// fire creates a dispatch of eventType with eventData for webhook, ACTIVE
// at first and settled after it has been read, as the platform delivers
// it a moment later: SUCCEEDED, or FAILED when the webhook's request URL
// is on FailingHost or UnreachableHost. The caller holds s.mu.
func (s *Server) fire(webhook map[string]any, eventType string, eventData map[string]any) *storedDispatch {
	settle := &settling{readsLeft: max(s.testSettleReads, 1), final: "SUCCEEDED", responseStatus: 200, responseBody: "ok"}
	if u, err := url.Parse(stringField(webhook, "requestUrl")); err == nil {
		switch u.Hostname() {
		case FailingHost:
			settle.final, settle.responseStatus, settle.responseBody = "FAILED", 500, "Internal Server Error"
		case UnreachableHost:
			settle.final, settle.noAnswer = "FAILED", "Cannot send request: connect ECONNREFUSED"
		}
	}
	var data any
	if eventData != nil {
		data = eventData
	}
	dispatch := &storedDispatch{
		fields: map[string]any{
			"id": newID(), "userId": UserID, "webhookId": webhook["id"],
			"createdAt": time.Now().UTC().Format(timeLayout),
			"status":    "ACTIVE", "eventType": eventType, "eventData": data, "calls": []any{},
			"webhook": map[string]any{
				"actionType": "HTTP_REQUEST", "requestUrl": webhook["requestUrl"],
				"isAdHoc": webhook["isAdHoc"] == true, "condition": webhook["condition"],
			},
		},
		settle:     settle,
		unreadable: s.testUnreadableReads,
	}
	s.storeDispatch(dispatch)
	return dispatch
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
