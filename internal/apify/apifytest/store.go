package apifytest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// The fake's store: the dispatches and webhooks it serves, each as the
// JSON object the API returns in "data", with what the fake knows of it
// besides.

// storedDispatch is a dispatch the fake serves.
type storedDispatch struct {
	fields map[string]any
	// offSpec marks a dispatch stored beyond the API description on
	// purpose (AddOffSpecDispatch): answers that hold it are not validated.
	offSpec bool
	// settle, when set, settles the dispatch after some reads.
	settle *settling
	// unreadable counts the reads still answered 404, as for a dispatch
	// just created.
	unreadable int
}

func (d *storedDispatch) id() string        { return stringField(d.fields, "id") }
func (d *storedDispatch) createdAt() string { return stringField(d.fields, "createdAt") }
func (d *storedDispatch) webhookID() string { return stringField(d.fields, "webhookId") }

func stringField(o map[string]any, key string) string {
	s, _ := o[key].(string)
	return s
}

// AddDispatch stores a dispatch given as the JSON object the API would
// return in "data". The keys the API description requires that raw
// leaves out take the values of dispatchDefaults; the rest is served as
// given, apart from key order: absent keys stay absent and nulls stay
// null. It panics when raw is not a JSON object with a string "id", which
// is a mistake in a test.
func (s *Server) AddDispatch(raw string) {
	d := decodeObject("dispatch", raw)
	fillDefaults(d, dispatchDefaults)
	s.addDispatch(&storedDispatch{fields: d})
}

// AddOffSpecDispatch stores a dispatch as given, even where it departs
// from the API description (a required key left out, a status it does not
// list), for tests of what the provider tolerates beyond it. Answers that
// hold it are not validated.
func (s *Server) AddOffSpecDispatch(raw string) {
	s.addDispatch(&storedDispatch{fields: decodeObject("dispatch", raw), offSpec: true})
}

// dispatchDefaults are the values AddDispatch gives the keys the API
// description requires of a dispatch that a test leaves out.
var dispatchDefaults = map[string]any{
	"userId": UserID, "webhookId": WebhookID, "createdAt": "2026-11-01T00:00:00.000Z",
	"status": "SUCCEEDED", "eventType": "TEST",
}

func (s *Server) addDispatch(d *storedDispatch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.storeDispatch(d)
}

// storeDispatch stores d, making its webhook's dispatches listable; the
// caller holds s.mu.
func (s *Server) storeDispatch(d *storedDispatch) {
	s.dispatches[d.id()] = d
	s.newestFirst = nil
	if id := d.webhookID(); id != "" {
		s.dispatchWebhookIDs[id] = true
	}
}

// AddWebhookID makes webhookID a webhook whose dispatches can be listed,
// answering an empty list rather than 404 while it has none, without
// storing a webhook object for it.
func (s *Server) AddWebhookID(webhookID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dispatchWebhookIDs[webhookID] = true
}

// AddWebhook stores a webhook given as the JSON object the API would
// return, such as one this provider cannot manage (a Slack integration, an
// ad-hoc webhook). The keys the API description requires that raw leaves
// out take the values of webhookDefaults. It panics when raw has no string
// "id".
func (s *Server) AddWebhook(raw string) {
	webhook := decodeObject("webhook", raw)
	fillDefaults(webhook, webhookDefaults)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhooks[stringField(webhook, "id")] = webhook
}

// webhookDefaults are the values AddWebhook gives the keys the API
// description requires of a webhook (in a list, too) that a test leaves
// out.
var webhookDefaults = map[string]any{
	"userId": UserID, "createdAt": "2026-10-01T09:00:00.000Z", "modifiedAt": "2026-10-01T09:00:00.000Z",
	"isAdHoc": false, "ignoreSslErrors": false, "doNotRetry": false, "eventTypes": []any{"ACTOR.RUN.SUCCEEDED"},
	"condition": map[string]any{"actorId": "vvE7iMKuMc5qTHHsR"},
}

// decodeObject decodes a JSON object with a string "id", keeping numbers
// as written. It panics otherwise, which is a mistake in a test.
func decodeObject(what, raw string) map[string]any {
	o := decodeFields(raw)
	if _, ok := o["id"].(string); !ok {
		panic(fmt.Sprintf(`apifytest: %s has no string "id"`, what))
	}
	return o
}

// fillDefaults sets each key of defaults that o lacks.
func fillDefaults(o, defaults map[string]any) {
	for k, v := range defaults {
		if _, ok := o[k]; !ok {
			o[k] = v
		}
	}
}

// sortedNewestFirst returns every dispatch, newest first by createdAt; the
// caller holds s.mu.
func (s *Server) sortedNewestFirst() []*storedDispatch {
	if s.newestFirst == nil {
		s.newestFirst = newestFirst(mapValues(s.dispatches), (*storedDispatch).createdAt, (*storedDispatch).id)
	}
	return s.newestFirst
}

// newestFirst sorts items by creation time and then ID, newest first, as
// the API lists them with desc=1.
func newestFirst[T any](items []T, createdAt, id func(T) string) []T {
	slices.SortFunc(items, func(a, b T) int {
		if c := strings.Compare(createdAt(b), createdAt(a)); c != 0 {
			return c
		}
		return strings.Compare(id(b), id(a))
	})
	return items
}

func mapValues[K comparable, V any](m map[K]V) []V {
	values := make([]V, 0, len(m))
	for _, v := range m {
		values = append(values, v)
	}
	return values
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
		if all[i].webhookID() == webhookID {
			ids = append(ids, all[i].id())
		}
	}
	return ids
}

// Webhooks returns the IDs of the webhooks stored, newest first.
func (s *Server) Webhooks() []string { return s.ids(s.webhooks) }

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

// ChangeWebhook changes fields of a stored webhook as ChangeTask does.
func (s *Server) ChangeWebhook(id, changes string) { s.change(s.webhooks, id, changes) }

// DeleteWebhook deletes a stored webhook, as Apify Console would.
func (s *Server) DeleteWebhook(id string) { s.remove(s.webhooks, id) }
