package apifytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"
)

// DefaultMaxPageSize is the most items the API returns in one page.
const DefaultMaxPageSize = 1000

// ListKey is the key under which QueueFaults queues faults for the list of
// webhookID's dispatches, or for the account's whole list when webhookID
// is empty.
func ListKey(webhookID string) string {
	return "list:" + webhookID
}

// SetMaxPageSize lowers (or raises) the most items one page holds, so that
// tests can cross page boundaries with few dispatches.
func (s *Server) SetMaxPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxPageSize = n
}

// AddWebhook makes webhookID known, so that listing its dispatches answers
// with an empty list rather than 404 when it has none.
func (s *Server) AddWebhook(webhookID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.knowWebhook(webhookID)
}

// knowWebhook records that webhookID exists; the caller holds s.mu.
func (s *Server) knowWebhook(webhookID string) {
	if _, ok := s.webhooks[webhookID]; !ok {
		s.webhooks[webhookID] = nil
	}
}

// AddGeneratedDispatches adds n dispatches of webhookID, created one
// second apart from 2026-01-01 on, and returns their IDs oldest first.
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
		call := map[string]any{
			"startedAt":      created.Add(80 * time.Millisecond).Format(timeLayout),
			"finishedAt":     created.Add(300 * time.Millisecond).Format(timeLayout),
			"errorMessage":   nil,
			"responseStatus": json.Number("200"),
			"responseBody":   `{"ok":true}`,
		}
		switch status {
		case "FAILED":
			call["errorMessage"], call["responseStatus"], call["responseBody"] = "Request failed with status code 500", json.Number("500"), "Internal Server Error"
		case "ACTIVE":
			call["finishedAt"], call["responseStatus"], call["responseBody"] = nil, nil, nil
		}
		s.dispatches[id] = map[string]any{
			"id":        id,
			"userId":    UserID,
			"webhookId": webhookID,
			"createdAt": created.Format(timeLayout),
			"status":    status,
			"eventType": eventTypes[i%len(eventTypes)],
			"eventData": map[string]any{"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": fmt.Sprintf("run%014d", i)},
			"calls":     []any{call},
		}
		ids[i] = id
	}
	s.knowWebhook(webhookID)
	s.newestFirst = nil
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

const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// SettleAfter makes dispatch id ACTIVE for its next reads reads, after
// which it takes status final and gains the delivery call that settled
// it.
func (s *Server) SettleAfter(id string, reads int, final string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.dispatches[id]; ok {
		d["status"] = "ACTIVE"
	}
	s.settling[id] = settling{readsLeft: reads, final: final}
}

type settling struct {
	readsLeft int
	final     string
	// call, when set, is the delivery call that settles it, in place of
	// the one the final status implies.
	call map[string]any
}

// advanceSettling counts one read of a settling dispatch; the caller holds
// s.mu.
func (s *Server) advanceSettling(id string, d map[string]any) {
	st, ok := s.settling[id]
	if !ok {
		return
	}
	if st.readsLeft--; st.readsLeft > 0 {
		s.settling[id] = st
		return
	}
	delete(s.settling, id)
	d["status"] = st.final
	now := time.Now().UTC()
	call := map[string]any{
		"startedAt":      now.Add(-200 * time.Millisecond).Format(timeLayout),
		"finishedAt":     now.Format(timeLayout),
		"errorMessage":   nil,
		"responseStatus": json.Number("200"),
		"responseBody":   "ok",
	}
	if st.final != "SUCCEEDED" {
		call["errorMessage"], call["responseStatus"], call["responseBody"] = "Request failed with status code 503", json.Number("503"), "Service Unavailable"
	}
	for k, v := range st.call {
		call[k] = v
	}
	calls, _ := d["calls"].([]any)
	d["calls"] = append(calls, call)
	s.newestFirst = nil
}

func (s *Server) listAllDispatches(w http.ResponseWriter, r *http.Request) {
	s.listDispatches(w, r, "")
}

func (s *Server) listWebhookDispatches(w http.ResponseWriter, r *http.Request) {
	s.listDispatches(w, r, r.PathValue("webhookId"))
}

// listDispatches serves a page of dispatches in the API's pagination
// envelope, ordered by createdAt, oldest first unless desc is set.
func (s *Server) listDispatches(w http.ResponseWriter, r *http.Request, webhookID string) {
	query := r.URL.Query()
	offset, errOffset := queryInt(query.Get("offset"), 0)
	limit, errLimit := queryInt(query.Get("limit"), -1)
	if errOffset != nil || errLimit != nil {
		writeError(w, http.StatusBadRequest, "invalid-parameter", "Parameters offset and limit must be non-negative numbers.")
		return
	}
	desc := query.Get("desc") == "1" || query.Get("desc") == "true"

	s.runHooks(ListKey(webhookID))
	s.mu.Lock()
	fault := s.takeFault(ListKey(webhookID))
	if fault != nil {
		s.mu.Unlock()
		serveFault(w, r, fault)
		return
	}
	if _, known := s.webhooks[webhookID]; webhookID != "" && !known {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "record-not-found", "Webhook was not found.")
		return
	}
	if limit < 0 || limit > s.maxPageSize {
		limit = s.maxPageSize
	}
	var matching []map[string]any
	for _, d := range s.sortedNewestFirst() {
		if webhookID == "" || d["webhookId"] == webhookID {
			matching = append(matching, d)
		}
	}
	total := len(matching)
	var items []map[string]any
	for i := offset; i < offset+limit && i < total; i++ {
		if desc {
			items = append(items, matching[i])
		} else {
			items = append(items, matching[total-1-i])
		}
		if id, _ := items[len(items)-1]["id"].(string); s.offSpec[id] {
			markOffSpec(w)
		}
	}
	body, err := json.Marshal(map[string]any{"data": map[string]any{
		"total": total, "offset": offset, "limit": limit, "desc": desc, "count": len(items),
		"items": append([]map[string]any{}, items...),
	}})
	s.mu.Unlock()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal-error", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// sortedNewestFirst returns every dispatch, newest first by createdAt; the
// caller holds s.mu.
func (s *Server) sortedNewestFirst() []map[string]any {
	if s.newestFirst != nil {
		return s.newestFirst
	}
	all := make([]map[string]any, 0, len(s.dispatches))
	for _, d := range s.dispatches {
		all = append(all, d)
	}
	sort.Slice(all, func(i, j int) bool {
		ci, _ := all[i]["createdAt"].(string)
		cj, _ := all[j]["createdAt"].(string)
		if ci != cj {
			return ci > cj
		}
		idI, _ := all[i]["id"].(string)
		idJ, _ := all[j]["id"].(string)
		return idI > idJ
	})
	s.newestFirst = all
	return all
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
