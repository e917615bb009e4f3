package apifytest

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The fake's store: the dispatches, webhooks, Actors, tasks and schedules
// it serves, each as the JSON object the API returns in "data" (a
// dispatch with what the fake knows of it besides), and the helpers that
// read, answer with and change them.

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
	d := decodeFields(raw)
	fillDefaults(d, dispatchDefaults)
	s.addDispatch(&storedDispatch{fields: d})
}

// AddOffSpecDispatch stores a dispatch as given, even where it departs
// from the API description (a required key left out, a status it does not
// list), for tests of what the provider tolerates beyond it. Answers that
// hold it are not validated.
func (s *Server) AddOffSpecDispatch(raw string) {
	s.addDispatch(&storedDispatch{fields: decodeFields(raw), offSpec: true})
}

// dispatchDefaults are the values AddDispatch gives the keys the API
// description requires of a dispatch that a test leaves out.
var dispatchDefaults = map[string]any{
	"userId": UserID, "webhookId": WebhookID, "createdAt": "2026-11-01T00:00:00.000Z",
	"status": "SUCCEEDED", "eventType": "TEST",
}

func (s *Server) addDispatch(d *storedDispatch) {
	if _, ok := d.fields["id"].(string); !ok {
		panic(`apifytest: a dispatch to store has no string "id"`)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.storeDispatch(d)
}

// storeDispatch stores d; the caller holds s.mu.
func (s *Server) storeDispatch(d *storedDispatch) {
	s.dispatches[d.id()] = d
	s.newestFirst = nil
}

// AddWebhook stores a webhook given as the JSON object the API would
// return, such as one this provider cannot manage (a Slack integration, an
// ad-hoc webhook). The keys the API description requires that raw leaves
// out take the values of webhookDefaults. It panics when raw has no string
// "id".
func (s *Server) AddWebhook(raw string) { s.add(s.webhooks, raw, webhookDefaults) }

// webhookDefaults are the values AddWebhook gives the keys the API
// description requires of a webhook (in a list, too) that a test leaves
// out.
var webhookDefaults = map[string]any{
	"userId": UserID, "createdAt": "2026-10-01T09:00:00.000Z", "modifiedAt": "2026-10-01T09:00:00.000Z",
	"isAdHoc": false, "ignoreSslErrors": false, "doNotRetry": false, "eventTypes": []any{"ACTOR.RUN.SUCCEEDED"},
	"condition": map[string]any{"actorId": "vvE7iMKuMc5qTHHsR"},
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
// longer keeps it. The dispatches of a webhook the fake does not store
// can be listed only while a dispatch names it.
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

// sortedNewestFirst returns the objects newest first.
func sortedNewestFirst(objects map[string]map[string]any) []map[string]any {
	return newestFirst(mapValues(objects),
		func(o map[string]any) string { return stringField(o, "createdAt") },
		func(o map[string]any) string { return stringField(o, "id") })
}

// writeObject answers with object in the API's envelope, or 404 with
// notFound when it is nil. The caller holds s.mu.
func (s *Server) writeObject(w http.ResponseWriter, status int, object map[string]any, notFound string) {
	if object == nil {
		writeError(w, http.StatusNotFound, "record-not-found", notFound)
		return
	}
	body, err := json.Marshal(map[string]any{"data": object})
	writeBody(w, status, body, err)
}

// update serves a PUT of the object find finds, answering 404 with
// notFound when there is none: a copy of it, changed now, is given with
// the body's fields to store, which sets them as the platform does,
// stores the copy and answers. find and store run with s.mu held.
func (s *Server) update(w http.ResponseWriter, r *http.Request, find func() map[string]any, notFound string,
	store func(updated, fields map[string]any),
) {
	fields, ok := readFields(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	object := find()
	if object == nil {
		writeError(w, http.StatusNotFound, "record-not-found", notFound)
		return
	}
	updated := maps.Clone(object)
	updated["modifiedAt"] = time.Now().UTC().Format(timeLayout)
	store(updated, fields)
}

// deleteObject deletes object from objects, answering 404 with notFound
// when it is nil. The caller holds s.mu.
func (s *Server) deleteObject(w http.ResponseWriter, objects map[string]map[string]any, object map[string]any, notFound string) {
	if object == nil {
		writeError(w, http.StatusNotFound, "record-not-found", notFound)
		return
	}
	delete(objects, stringField(object, "id"))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) object(objects map[string]map[string]any, id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	object := objects[id]
	if object == nil {
		return "", false
	}
	body, _ := json.Marshal(object)
	return string(body), true
}

func (s *Server) ids(objects map[string]map[string]any) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, o := range sortedNewestFirst(objects) {
		ids = append(ids, stringField(o, "id"))
	}
	return ids
}

func (s *Server) change(objects map[string]map[string]any, id, changes string) {
	fields := decodeFields(changes)
	s.mu.Lock()
	defer s.mu.Unlock()
	object := objects[id]
	if object == nil {
		panic("apifytest: nothing stored with ID " + id)
	}
	maps.Copy(object, fields)
	object["modifiedAt"] = time.Now().UTC().Format(timeLayout)
}

func (s *Server) remove(objects map[string]map[string]any, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(objects, id)
}

// add stores in objects the object fields gives, the keys it leaves out
// taking the values of defaults, and returns its ID. It panics when the
// object has no string "id", a mistake in a test.
func (s *Server) add(objects map[string]map[string]any, fields string, defaults map[string]any) string {
	object := decodeFields(fields)
	fillDefaults(object, defaults)
	id, ok := object["id"].(string)
	if !ok {
		panic(`apifytest: an object to store has no string "id"`)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	objects[id] = object
	return id
}

// decodeFields decodes a JSON object, keeping numbers as written. It
// panics otherwise, a mistake in a test.
func decodeFields(raw string) map[string]any {
	fields := map[string]any{}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil {
		panic("apifytest: not a JSON object: " + err.Error())
	}
	return fields
}
