package apifytest

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The webhook endpoints, as the API description defines them: create with
// an idempotency key, read, update (a field left out of a PUT is not
// changed; null clears it), delete, list newest first in pages, and fire a
// test.

// CreateWebhookKey is the key under which QueueFaults and DropAfterHandling
// take faults for the creates of webhooks; WebhookKey and the others below
// name the other webhook endpoints.
const CreateWebhookKey = "POST /v2/webhooks"

// WebhookKey is the key of the requests for one webhook: GET, PUT, DELETE.
func WebhookKey(id string) string { return "webhook:" + id }

// TestWebhookKey is the key of the requests that fire a test of a webhook.
func TestWebhookKey(id string) string { return "test:" + id }

// WebhookListKey is the key of the list of the account's webhooks, or of
// an Actor's ("actors/ID") or a task's ("actor-tasks/ID").
func WebhookListKey(scope string) string { return "webhooks:" + scope }

// knownEventTypes are the event types the API accepts.
var knownEventTypes = []string{
	"ACTOR.BUILD.ABORTED", "ACTOR.BUILD.CREATED", "ACTOR.BUILD.FAILED", "ACTOR.BUILD.SUCCEEDED", "ACTOR.BUILD.TIMED_OUT",
	"ACTOR.RUN.ABORTED", "ACTOR.RUN.CREATED", "ACTOR.RUN.FAILED", "ACTOR.RUN.RESURRECTED", "ACTOR.RUN.SUCCEEDED",
	"ACTOR.RUN.TIMED_OUT", "TEST",
}

// webhookFields are the fields a create or an update may set.
var webhookFields = []string{
	"isAdHoc", "eventTypes", "condition", "ignoreSslErrors", "doNotRetry", "requestUrl",
	"payloadTemplate", "headersTemplate", "description", "shouldInterpolateStrings",
}

// DropAfterHandling makes the next request for key be handled in full,
// its changes stored, and then its connection dropped before the answer:
// the client cannot tell whether the API acted.
func (s *Server) DropAfterHandling(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropAfter[key]++
}

// withFaults serves a request for key: a queued fault in place of the
// handler, or the handler with its answer dropped (DropAfterHandling).
func (s *Server) withFaults(key func(*http.Request) string, handler http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		k := key(r)
		s.runHooks(k)
		s.mu.Lock()
		fault := s.takeFault(k)
		drop := fault == nil && s.dropAfter[k] > 0
		if drop {
			s.dropAfter[k]--
		}
		s.mu.Unlock()
		switch {
		case fault != nil:
			serveFault(w, r, fault)
		case drop:
			handler(discard(), r)
			serveFault(w, r, ResetConnection())
		default:
			handler(w, r)
		}
	}
}

// createWebhook serves POST /v2/webhooks.
func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	fields, ok := readFields(w, r)
	if !ok {
		return
	}
	for _, required := range []string{"eventTypes", "condition", "requestUrl"} {
		if v, ok := fields[required]; !ok || v == nil {
			writeError(w, http.StatusBadRequest, "invalid-input", "Field "+required+" is required.")
			return
		}
	}
	now := time.Now().UTC().Format(timeLayout)
	webhook := map[string]any{
		"userId": UserID, "createdAt": now, "modifiedAt": now, "isAdHoc": false, "actionType": "HTTP_REQUEST",
		"ignoreSslErrors": false, "doNotRetry": false, "shouldInterpolateStrings": false,
		"payloadTemplate": nil, "headersTemplate": nil, "description": nil,
	}
	s.mu.Lock()
	forms := s.forms
	s.mu.Unlock()
	if msg := applyFields(webhook, fields, forms); msg != "" {
		writeError(w, http.StatusBadRequest, "invalid-input", msg)
		return
	}
	if webhook["payloadTemplate"] == nil && forms.DefaultPayload != "" {
		webhook["payloadTemplate"] = forms.DefaultPayload
	}
	key, _ := fields["idempotencyKey"].(string)

	s.mu.Lock()
	if id, seen := s.idempotencyKeys[key]; seen && key != "" {
		existing := s.webhooks[id]
		body, err := json.Marshal(map[string]any{"data": existing})
		s.mu.Unlock()
		writeBody(w, http.StatusCreated, body, err)
		return
	}
	id := newID()
	webhook["id"] = id
	s.webhooks[id] = webhook
	if key != "" {
		s.idempotencyKeys[key] = id
	}
	body, err := json.Marshal(map[string]any{"data": s.fullWebhook(webhook)})
	s.mu.Unlock()
	writeBody(w, http.StatusCreated, body, err)
}

// getWebhook serves GET /v2/webhooks/{webhookId}.
func (s *Server) getWebhook(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	webhook := s.webhooks[r.PathValue("webhookId")]
	if s.offSpec[r.PathValue("webhookId")] {
		markOffSpec(w)
	}
	var body []byte
	var err error
	if webhook != nil {
		body, err = json.Marshal(map[string]any{"data": s.fullWebhook(webhook)})
	}
	s.mu.Unlock()
	if webhook == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Webhook was not found.")
		return
	}
	writeBody(w, http.StatusOK, body, err)
}

// updateWebhook serves PUT /v2/webhooks/{webhookId}: the fields the body
// holds are set, null clearing a field; the others are left as they are.
func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) {
	fields, ok := readFields(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	webhook := s.webhooks[r.PathValue("webhookId")]
	if webhook == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Webhook was not found.")
		return
	}
	updated := make(map[string]any, len(webhook))
	for k, v := range webhook {
		updated[k] = v
	}
	if msg := applyFields(updated, fields, s.forms); msg != "" {
		writeError(w, http.StatusBadRequest, "invalid-input", msg)
		return
	}
	updated["modifiedAt"] = time.Now().UTC().Format(timeLayout)
	s.webhooks[r.PathValue("webhookId")] = updated
	body, err := json.Marshal(map[string]any{"data": s.fullWebhook(updated)})
	writeBody(w, http.StatusOK, body, err)
}

// deleteWebhook serves DELETE /v2/webhooks/{webhookId}.
func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	webhookID := r.PathValue("webhookId")
	s.mu.Lock()
	webhook, ok := s.webhooks[webhookID]
	if ok && webhook != nil {
		delete(s.webhooks, webhookID)
	}
	s.mu.Unlock()
	if !ok || webhook == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Webhook was not found.")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// readFields reads a JSON object body, answering 400 when it is not one.
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

// applyFields sets the webhook fields present in fields on webhook, as the
// API validates them and forms stores them, and returns what is wrong
// with them, if anything. A field left out is not changed.
func applyFields(webhook, fields map[string]any, forms StoredForms) string {
	for _, name := range webhookFields {
		v, present := fields[name]
		if !present {
			continue
		}
		switch name {
		case "eventTypes":
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				return "Field eventTypes must be a non-empty array."
			}
			for _, e := range list {
				if str, ok := e.(string); !ok || !slices.Contains(knownEventTypes, str) {
					return fmt.Sprintf("Field eventTypes holds an unknown event type: %v.", e)
				}
			}
		case "condition":
			condition, ok := v.(map[string]any)
			if !ok || (condition["actorId"] == nil && condition["actorTaskId"] == nil && condition["actorRunId"] == nil) {
				return "Field condition must hold actorId, actorTaskId or actorRunId."
			}
		case "requestUrl":
			str, ok := v.(string)
			u, err := url.Parse(str)
			if !ok || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return "Field requestUrl must be an absolute http or https URL."
			}
			if forms.URL != nil {
				v = forms.URL(str)
			}
		case "payloadTemplate", "headersTemplate":
			if str, ok := v.(string); ok && forms.Template != nil {
				v = forms.Template(str)
			}
		}
		webhook[name] = v
	}
	return ""
}

// fullWebhook is webhook as GET returns it, with its last dispatch and
// statistics; the caller holds s.mu.
func (s *Server) fullWebhook(webhook map[string]any) map[string]any {
	full := make(map[string]any, len(webhook)+2)
	for k, v := range webhook {
		full[k] = v
	}
	var last map[string]any
	total := 0
	for _, d := range s.sortedNewestFirst() {
		if d["webhookId"] != webhook["id"] {
			continue
		}
		if total == 0 {
			finishedAt := any(nil)
			if calls, _ := d["calls"].([]any); len(calls) > 0 {
				if call, ok := calls[len(calls)-1].(map[string]any); ok {
					finishedAt = call["finishedAt"]
				}
			}
			last = map[string]any{"status": d["status"], "finishedAt": finishedAt}
		}
		total++
	}
	// A webhook stored with these fields (AddWebhookObject) keeps them.
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

// listWebhooks serves the account's webhooks and those of an Actor or a
// task, newest first when desc is set, in pages.
func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	offset, errOffset := queryInt(query.Get("offset"), 0)
	limit, errLimit := queryInt(query.Get("limit"), -1)
	if errOffset != nil || errLimit != nil {
		writeError(w, http.StatusBadRequest, "invalid-parameter", "Parameters offset and limit must be non-negative numbers.")
		return
	}
	desc := query.Get("desc") == "1" || query.Get("desc") == "true"
	actorID, taskID := r.PathValue("actorId"), r.PathValue("actorTaskId")

	s.mu.Lock()
	defer s.mu.Unlock()
	if limit < 0 || limit > s.maxPageSize {
		limit = s.maxPageSize
	}
	var matching []map[string]any
	for _, webhook := range s.webhooks {
		if webhook == nil {
			continue
		}
		condition, _ := webhook["condition"].(map[string]any)
		if (actorID != "" && condition["actorId"] != actorID) || (taskID != "" && condition["actorTaskId"] != taskID) {
			continue
		}
		matching = append(matching, webhook)
	}
	slices.SortFunc(matching, func(a, b map[string]any) int {
		ca, _ := a["createdAt"].(string)
		cb, _ := b["createdAt"].(string)
		if c := strings.Compare(cb, ca); c != 0 {
			return c
		}
		ia, _ := a["id"].(string)
		ib, _ := b["id"].(string)
		return strings.Compare(ib, ia)
	})
	if !desc {
		slices.Reverse(matching)
	}
	items := []map[string]any{}
	for i := offset; i < offset+limit && i < len(matching); i++ {
		items = append(items, s.shortWebhook(matching[i]))
		if id, _ := matching[i]["id"].(string); s.offSpec[id] {
			markOffSpec(w)
		}
	}
	body, err := json.Marshal(map[string]any{"data": map[string]any{
		"total": len(matching), "offset": offset, "limit": limit, "desc": desc, "count": len(items), "items": items,
	}})
	writeBody(w, http.StatusOK, body, err)
}

// Hosts of request URLs to which the fake's test deliveries fail: one
// answers 500, the other never answers. Any other host accepts them.
const (
	FailingHost     = "fails.example.com"
	UnreachableHost = "unreachable.example.com"
)

// SetTestUnreadableFor makes the next TEST dispatches answer their first
// reads 404, as a dispatch just created may be for a moment: reads of
// them, each.
func (s *Server) SetTestUnreadableFor(reads int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.testUnreadableReads = reads
}

// SetTestSettleReads sets how many reads a TEST dispatch stays ACTIVE for
// before it settles; 1 unless set.
func (s *Server) SetTestSettleReads(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.testSettleReads = n
}

// testWebhook serves POST /v2/webhooks/{webhookId}/test: it creates a TEST
// dispatch, ACTIVE at first and settled after it has been read, as the
// platform delivers it a moment later: SUCCEEDED, or FAILED when the
// webhook's request URL is on FailingHost or UnreachableHost.
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
			"isAdHoc": webhook["isAdHoc"] == true, "condition": webhook["condition"],
		},
	}
	s.dispatches[id] = dispatch
	s.newestFirst = nil
	final := settling{readsLeft: max(s.testSettleReads, 1), final: "SUCCEEDED"}
	requestURL, _ := webhook["requestUrl"].(string)
	if u, err := url.Parse(requestURL); err == nil {
		switch u.Hostname() {
		case FailingHost:
			final.final, final.call = "FAILED", map[string]any{
				"errorMessage": "Request failed with status code 500", "responseStatus": json.Number("500"),
				"responseBody": "Internal Server Error",
			}
		case UnreachableHost:
			final.final, final.call = "FAILED", map[string]any{
				"errorMessage": "Cannot send request: connect ECONNREFUSED", "responseStatus": nil, "responseBody": nil,
			}
		}
	}
	s.settling[id] = final
	if s.testUnreadableReads > 0 {
		s.unreadable[id] = s.testUnreadableReads
	}
	body, err := json.Marshal(map[string]any{"data": dispatch})
	s.mu.Unlock()
	writeBody(w, http.StatusCreated, body, err)
}

// DeleteDispatch removes a dispatch, as the platform does once it no
// longer keeps it.
func (s *Server) DeleteDispatch(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.dispatches, id)
	s.newestFirst = nil
}

// Dispatches returns the IDs of the dispatches of webhookID, oldest first.
func (s *Server) Dispatches(webhookID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	all := s.sortedNewestFirst()
	for i := len(all) - 1; i >= 0; i-- {
		if all[i]["webhookId"] == webhookID {
			id, _ := all[i]["id"].(string)
			ids = append(ids, id)
		}
	}
	return ids
}

func writeBody(w http.ResponseWriter, status int, body []byte, err error) {
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal-error", err.Error())
		return
	}
	writeJSON(w, status, body)
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
	slices.Sort(ids)
	return ids
}

// Webhook returns the stored webhook id as the API would return it, as
// JSON, and whether there is one.
func (s *Server) Webhook(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	webhook := s.webhooks[id]
	if webhook == nil {
		return "", false
	}
	body, _ := json.Marshal(s.fullWebhook(webhook))
	return string(body), true
}

// ChangeWebhook changes fields of a stored webhook as Apify Console would,
// outside Terraform: each field of the JSON object changes is set, null
// clearing it. It panics when the webhook does not exist or changes is not
// a JSON object, which is a mistake in a test.
func (s *Server) ChangeWebhook(id, changes string) {
	var fields map[string]any
	dec := json.NewDecoder(bytes.NewReader([]byte(changes)))
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil {
		panic(fmt.Sprintf("apifytest: changes are not a JSON object: %v", err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	webhook := s.webhooks[id]
	if webhook == nil {
		panic("apifytest: no webhook " + id)
	}
	for k, v := range fields {
		webhook[k] = v
	}
}

// DeleteWebhook deletes a stored webhook, as Apify Console would.
func (s *Server) DeleteWebhook(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.webhooks, id)
}

// AddWebhookObject stores a webhook given as the JSON object the API would
// return, such as one this provider cannot manage (a Slack integration, an
// ad-hoc webhook). The keys the API description requires that raw leaves
// out take the values of webhookDefaults. It panics when raw has no string
// "id".
func (s *Server) AddWebhookObject(raw string) {
	webhook := decodeObject("webhook", raw)
	fillDefaults(webhook, webhookDefaults)
	s.addWebhook(webhook, false)
}

// AddOffSpecWebhook stores a webhook as given, even where it departs from
// the API description, for tests of what the provider tolerates beyond
// it. Answers that hold it are not validated.
func (s *Server) AddOffSpecWebhook(raw string) {
	s.addWebhook(decodeObject("webhook", raw), true)
}

// webhookDefaults are the values AddWebhookObject gives the keys the API
// description requires of a webhook (in a list, too) that a test leaves
// out.
var webhookDefaults = map[string]any{
	"userId": UserID, "createdAt": "2026-10-01T09:00:00.000Z", "modifiedAt": "2026-10-01T09:00:00.000Z",
	"isAdHoc": false, "ignoreSslErrors": false, "doNotRetry": false, "eventTypes": []any{"ACTOR.RUN.SUCCEEDED"},
	"condition": map[string]any{"actorId": "vvE7iMKuMc5qTHHsR"},
}

func (s *Server) addWebhook(webhook map[string]any, offSpec bool) {
	id, _ := webhook["id"].(string) // decodeObject made sure of it
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhooks[id] = webhook
	s.offSpec[id] = offSpec
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
