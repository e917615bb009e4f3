package apifytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// The webhook dispatch operations: one dispatch, and the lists of the
// account's and of one webhook's, newest first with desc=1, in pages.

// DefaultMaxPageSize is the most items the API returns in one page.
const DefaultMaxPageSize = 1000

const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// SetMaxPageSize lowers (or raises) the most items one page holds, so that
// tests can cross page boundaries with few items.
func (s *Server) SetMaxPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxPageSize = n
}

// webhookDispatchGet serves GET /v2/webhook-dispatches/{dispatchId}.
func (s *Server) webhookDispatchGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	d := s.dispatches[r.PathValue("dispatchId")]
	if d != nil && d.unreadable > 0 {
		d.unreadable--
		d = nil
	}
	var body []byte
	if d != nil {
		if d.offSpec {
			markOffSpec(w)
		}
		body, _ = json.Marshal(map[string]any{"data": d.fields})
		s.advanceSettling(d)
	}
	s.mu.Unlock()
	if d == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Webhook dispatch was not found.")
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// webhookDispatchesGet serves GET /v2/webhook-dispatches.
func (s *Server) webhookDispatchesGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writePage(w, r, s.dispatchItems(""))
}

// webhookWebhookDispatchesGet serves GET /v2/webhooks/{webhookId}/dispatches:
// 404 for a webhook that is neither stored nor named by a dispatch.
func (s *Server) webhookWebhookDispatchesGet(w http.ResponseWriter, r *http.Request) {
	webhookID := r.PathValue("webhookId")
	s.mu.Lock()
	defer s.mu.Unlock()
	items := s.dispatchItems(webhookID)
	if _, stored := s.webhooks[webhookID]; !stored && len(items) == 0 {
		writeError(w, http.StatusNotFound, "record-not-found", "Webhook was not found.")
		return
	}
	s.writePage(w, r, items)
}

// dispatchItems are the dispatches of webhookID, or all of them, newest
// first; the caller holds s.mu.
func (s *Server) dispatchItems(webhookID string) []pageItem {
	var matching []pageItem
	for _, d := range s.sortedNewestFirst() {
		if webhookID == "" || d.webhookID() == webhookID {
			matching = append(matching, pageItem{d.fields, d.offSpec})
		}
	}
	return matching
}

// pageItem is an item of a list, and whether it was stored beyond the
// API description on purpose.
type pageItem struct {
	fields  map[string]any
	offSpec bool
}

// writePage answers with the page of items (newest first) that the query
// asks for, in the API's pagination envelope: oldest first unless desc is
// set, from offset, at most limit and the page size. The caller holds
// s.mu.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, newestFirst []pageItem) {
	query := r.URL.Query()
	offset, errOffset := queryInt(query.Get("offset"), 0)
	limit, errLimit := queryInt(query.Get("limit"), -1)
	if errOffset != nil || errLimit != nil {
		writeError(w, http.StatusBadRequest, "invalid-parameter", "Parameters offset and limit must be non-negative numbers.")
		return
	}
	desc := query.Get("desc") == "1" || query.Get("desc") == "true"
	if limit < 0 || limit > s.maxPageSize {
		limit = s.maxPageSize
	}
	total := len(newestFirst)
	items := []map[string]any{}
	for i := offset; i < offset+limit && i < total; i++ {
		item := newestFirst[i]
		if !desc {
			item = newestFirst[total-1-i]
		}
		if item.offSpec {
			markOffSpec(w)
		}
		items = append(items, item.fields)
	}
	body, err := json.Marshal(map[string]any{"data": map[string]any{
		"total": total, "offset": offset, "limit": limit, "desc": desc, "count": len(items), "items": items,
	}})
	writeBody(w, http.StatusOK, body, err)
}

func queryInt(v string, fallback int) (int, error) {
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("not a non-negative number: %q", v)
	}
	return n, nil
}

// AddGeneratedDispatches adds n dispatches of webhookID, created one
// second apart from 2026-01-01 on, and returns their IDs oldest first. A
// webhook the fake does not store has a list of dispatches only once it
// has one (AddWebhook makes an empty list).
// Their event types and statuses vary; every seventh FAILED, every
// eleventh still ACTIVE, the rest SUCCEEDED.
func (s *Server) AddGeneratedDispatches(webhookID string, n int) []string {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	eventTypes := []string{"ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED", "ACTOR.BUILD.SUCCEEDED", "ACTOR.RUN.TIMED_OUT"}
	ids := make([]string, n)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range n {
		id := fmt.Sprintf("%s-%05d", webhookID, i)
		created := start.Add(time.Duration(i) * time.Second)
		status := GeneratedStatus(i)
		call := deliveryCall(created.Add(80*time.Millisecond), 200, `{"ok":true}`)
		switch status {
		case "FAILED":
			call = deliveryCall(created.Add(80*time.Millisecond), 500, "Internal Server Error")
		case "ACTIVE":
			call["finishedAt"], call["responseStatus"], call["responseBody"] = nil, nil, nil
		}
		s.storeDispatch(&storedDispatch{fields: map[string]any{
			"id": id, "userId": UserID, "webhookId": webhookID, "createdAt": created.Format(timeLayout),
			"status": status, "eventType": eventTypes[i%len(eventTypes)], "calls": []any{call},
			"eventData": map[string]any{"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": fmt.Sprintf("run%014d", i)},
		}})
		ids[i] = id
	}
	return ids
}

// GeneratedStatus is the status AddGeneratedDispatches gives its i-th
// dispatch.
func GeneratedStatus(i int) string {
	switch {
	case i%7 == 0:
		return "FAILED"
	case i%11 == 0:
		return "ACTIVE"
	default:
		return "SUCCEEDED"
	}
}

// settling is how a dispatch settles: after readsLeft more reads it takes
// status final and gains the delivery call that settled it, answered
// with responseStatus and responseBody, or, when noAnswer says why, not
// answered at all.
type settling struct {
	readsLeft, responseStatus int
	final, responseBody       string
	noAnswer                  string
}

// SettleAfter makes dispatch id ACTIVE for its next reads reads, after
// which it takes status final (SUCCEEDED with a call answered 200, or
// another with one answered 503).
func (s *Server) SettleAfter(id string, reads int, final string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.dispatches[id]; d != nil {
		d.fields["status"] = "ACTIVE"
		d.settle = &settling{readsLeft: reads, final: final, responseStatus: 200, responseBody: "ok"}
		if final != "SUCCEEDED" {
			d.settle.responseStatus, d.settle.responseBody = 503, "Service Unavailable"
		}
	}
}

// advanceSettling counts one read of d; the caller holds s.mu.
func (s *Server) advanceSettling(d *storedDispatch) {
	st := d.settle
	if st == nil {
		return
	}
	if st.readsLeft--; st.readsLeft > 0 {
		return
	}
	d.settle = nil
	d.fields["status"] = st.final
	call := deliveryCall(time.Now().UTC().Add(-220*time.Millisecond), st.responseStatus, st.responseBody)
	if st.noAnswer != "" {
		call["errorMessage"], call["responseStatus"], call["responseBody"] = st.noAnswer, nil, nil
	}
	calls, _ := d.fields["calls"].([]any)
	d.fields["calls"] = append(calls, call)
}

// deliveryCall is a call of a dispatch that started at start and was
// answered 220 ms later with status and body; a status of 400 or more
// failed it.
func deliveryCall(start time.Time, status int, body string) map[string]any {
	call := map[string]any{
		"startedAt": start.Format(timeLayout), "finishedAt": start.Add(220 * time.Millisecond).Format(timeLayout),
		"errorMessage": nil, "responseStatus": json.Number(strconv.Itoa(status)), "responseBody": body,
	}
	if status >= 400 {
		call["errorMessage"] = fmt.Sprintf("Request failed with status code %d", status)
	}
	return call
}

// ArriveWhileListed makes perPage new TEST dispatches of webhookID
// arrive before each of the first pages reads of its dispatches after
// the first: a webhook that fires as fast as its list is read, pushing
// dispatches already read onto the next page.
func (s *Server) ArriveWhileListed(webhookID string, perPage, pages int) {
	arrived := 0
	for page := 1; page <= pages; page++ {
		s.After(ListWebhookDispatchesOfWebhook.Of(webhookID), page, func() {
			for range perPage {
				s.AddDispatch(fmt.Sprintf(`{"id": "%s-new%04d", "userId": %q, "webhookId": %q, "eventType": "TEST",
					"createdAt": "2026-06-01T%02d:%02d:%02dZ", "status": "ACTIVE"}`,
					webhookID, arrived, UserID, webhookID, arrived/3600, arrived/60%60, arrived%60))
				arrived++
			}
		})
	}
}
