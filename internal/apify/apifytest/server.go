// Package apifytest is a fake Apify API for tests and the demo. It serves
// webhook dispatches from memory on a loopback address, checks the token
// like the real API, records every request, and can be told to answer with
// injected statuses, latency and faults.
package apifytest

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// DefaultToken is the token a new Server accepts.
const DefaultToken = "apify_api_fakeTokenForTests0123456789"

// Server is a running fake Apify API.
type Server struct {
	// URL is the base URL to configure the provider with, such as
	// http://127.0.0.1:41234.
	URL string
	// Token is the token the server accepts in "Authorization: Bearer".
	Token string

	srv *httptest.Server

	mu         sync.Mutex
	dispatches map[string]map[string]any
	// newestFirst caches the dispatches sorted for listing; nil when a
	// change made it stale.
	newestFirst []map[string]any
	// webhooks holds the webhooks created through the API by ID, and nil
	// for those known only from their dispatches.
	webhooks    map[string]map[string]any
	settling    map[string]settling
	maxPageSize int
	faults      map[string][]Fault
	hooks       map[string][]hook
	served      map[string]int
	dropAfter   map[string]int
	// idempotencyKeys maps each create's idempotency key to the webhook it
	// created.
	idempotencyKeys map[string]string
	testSettleReads int
	forms           StoredForms
	// testUnreadableReads is how many reads a new TEST dispatch answers
	// 404 for, and unreadable how many each one still does.
	testUnreadableReads int
	unreadable          map[string]int
	storm               rateLimitStorm
	rateLimited         int
	latency             time.Duration
	// offSpec holds the IDs of the dispatches and webhooks stored beyond
	// the API description on purpose (AddOffSpecDispatch).
	offSpec     map[string]bool
	requests    []Request
	conns       int
	violations  []Violation
	onViolation func(Violation)
	// unvalidated is set by SendsOffSpecRequests and SkipValidation.
	unvalidated bool
	// received is closed and replaced each time a request is recorded, to
	// wake WaitForRequests.
	received chan struct{}
}

// Request is what the fake recorded of one request.
type Request struct {
	Method string
	// EscapedPath is the path as it arrived on the wire, percent-encoding
	// included.
	EscapedPath string
	RawQuery    string
	Header      http.Header
	Body        []byte
	Received    time.Time
	// Status is the status the fake answered with; 0 when it dropped the
	// connection or the request is still being answered.
	Status int
}

// NewServer starts a fake API holding the dispatches of Fixtures. Close it
// when done.
func NewServer() *Server {
	return newServer(false)
}

// NewTLSServer starts a fake API like NewServer that answers over HTTPS,
// with a certificate for 127.0.0.1 and example.com that no system trusts:
// CertificatePEM gives it, for a test to trust.
func NewTLSServer() *Server {
	return newServer(true)
}

func newServer(useTLS bool) *Server {
	s := &Server{
		Token:           DefaultToken,
		dispatches:      map[string]map[string]any{},
		webhooks:        map[string]map[string]any{},
		settling:        map[string]settling{},
		maxPageSize:     DefaultMaxPageSize,
		faults:          map[string][]Fault{},
		hooks:           map[string][]hook{},
		served:          map[string]int{},
		dropAfter:       map[string]int{},
		idempotencyKeys: map[string]string{},
		offSpec:         map[string]bool{},
		unreadable:      map[string]int{},
		received:        make(chan struct{}),
	}
	for _, raw := range Fixtures() {
		s.AddDispatch(raw)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/webhook-dispatches/{dispatchId}", s.getDispatch)
	mux.HandleFunc("GET /v2/webhook-dispatches", s.listAllDispatches)
	mux.HandleFunc("GET /v2/webhooks/{webhookId}/dispatches", s.listWebhookDispatches)
	create := func(*http.Request) string { return CreateWebhookKey }
	one := func(r *http.Request) string { return WebhookKey(r.PathValue("webhookId")) }
	list := func(r *http.Request) string {
		switch {
		case r.PathValue("actorId") != "":
			return WebhookListKey("actors/" + r.PathValue("actorId"))
		case r.PathValue("actorTaskId") != "":
			return WebhookListKey("actor-tasks/" + r.PathValue("actorTaskId"))
		}
		return WebhookListKey("")
	}
	mux.HandleFunc("POST /v2/webhooks", s.withFaults(create, s.createWebhook))
	mux.HandleFunc("GET /v2/webhooks", s.withFaults(list, s.listWebhooks))
	mux.HandleFunc("GET /v2/actors/{actorId}/webhooks", s.withFaults(list, s.listWebhooks))
	mux.HandleFunc("GET /v2/actor-tasks/{actorTaskId}/webhooks", s.withFaults(list, s.listWebhooks))
	mux.HandleFunc("GET /v2/webhooks/{webhookId}", s.withFaults(one, s.getWebhook))
	mux.HandleFunc("PUT /v2/webhooks/{webhookId}", s.withFaults(one, s.updateWebhook))
	mux.HandleFunc("DELETE /v2/webhooks/{webhookId}", s.withFaults(one, s.deleteWebhook))
	mux.HandleFunc("POST /v2/webhooks/{webhookId}/test", s.withFaults(func(r *http.Request) string {
		return TestWebhookKey(r.PathValue("webhookId"))
	}, s.testWebhook))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "page-not-found", "This API endpoint does not exist in the fake Apify API.")
	})
	s.srv = httptest.NewUnstartedServer(s.record(mux))
	s.srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.mu.Lock()
			s.conns++
			s.mu.Unlock()
		}
	}
	if useTLS {
		s.srv.StartTLS()
	} else {
		s.srv.Start()
	}
	s.URL = s.srv.URL
	return s
}

// CertificatePEM returns the certificate of a server made by
// NewTLSServer, PEM-encoded, as SSL_CERT_FILE takes it.
func (s *Server) CertificatePEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
}

// Start starts a server for a test and stops it when the test ends; the
// test fails for every request or answer that departs from the API
// description.
func Start(t testing.TB) *Server {
	t.Helper()
	return Track(t, NewServer())
}

// Track stops s when t ends, and fails t for every request or answer of
// s that departs from the API description.
func Track(t testing.TB, s *Server) *Server {
	t.Helper()
	t.Cleanup(func() {
		s.Close()
		s.failOnViolations(t)
	})
	return s
}

// Close stops the server and closes its connections.
func (s *Server) Close() { s.srv.Close() }

// AddDispatch stores a dispatch given as the JSON object the API would
// return in "data". The keys the API description requires that raw
// leaves out take the values of dispatchDefaults; the rest is served as
// given, apart from key order: absent keys stay absent and nulls stay
// null. It panics when raw is not a JSON object with a string "id", which
// is a mistake in a test.
func (s *Server) AddDispatch(raw string) {
	d := decodeObject("dispatch", raw)
	fillDefaults(d, dispatchDefaults)
	s.addDispatch(d, false)
}

// AddOffSpecDispatch stores a dispatch as given, even where it departs
// from the API description (a required key left out, a status it does not
// list), for tests of what the provider tolerates beyond it. Answers that
// hold it are not validated.
func (s *Server) AddOffSpecDispatch(raw string) {
	s.addDispatch(decodeObject("dispatch", raw), true)
}

// dispatchDefaults are the values AddDispatch gives the keys the API
// description requires of a dispatch that a test leaves out.
var dispatchDefaults = map[string]any{
	"userId": UserID, "webhookId": WebhookID, "createdAt": "2026-11-01T00:00:00.000Z",
	"status": "SUCCEEDED", "eventType": "TEST",
}

func (s *Server) addDispatch(d map[string]any, offSpec bool) {
	id, _ := d["id"].(string) // decodeObject made sure of it
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dispatches[id] = d
	s.offSpec[id] = offSpec
	s.newestFirst = nil
	if webhookID, ok := d["webhookId"].(string); ok {
		s.knowWebhook(webhookID)
	}
}

// decodeObject decodes a JSON object with a string "id", keeping numbers
// as written. It panics otherwise, which is a mistake in a test.
func decodeObject(what, raw string) map[string]any {
	var o map[string]any
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	if err := dec.Decode(&o); err != nil {
		panic(fmt.Sprintf("apifytest: %s is not a JSON object: %v", what, err))
	}
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

// markOffSpec marks the answer being written to w as departing from the
// API description on purpose, so that it is not validated.
func markOffSpec(w http.ResponseWriter) {
	if e, ok := w.(*exchange); ok {
		e.offSpec = true
	}
}

// QueueFaults makes the next requests for dispatch id (or, with ListKey,
// for a list) be answered by
// faults, one each, in order; later requests are served normally.
func (s *Server) QueueFaults(id string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[id] = append(s.faults[id], faults...)
}

// hook is an action to run once, before the request for its key that
// follows the first after of them.
type hook struct {
	after  int
	action func()
}

// After runs action once, after the fake has answered n requests for key
// (a dispatch ID, or ListKey for a list) and before it answers the next:
// a change on the platform between two requests of one read, such as new
// dispatches arriving between two pages.
func (s *Server) After(key string, n int, action func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks[key] = append(s.hooks[key], hook{after: n, action: action})
}

// runHooks runs the hooks due before the next request for key, and
// counts that request. The caller does not hold s.mu: actions change the
// fake through its methods.
func (s *Server) runHooks(key string) {
	s.mu.Lock()
	n := s.served[key]
	s.served[key] = n + 1
	var due []func()
	kept := s.hooks[key][:0]
	for _, h := range s.hooks[key] {
		if h.after == n {
			due = append(due, h.action)
		} else {
			kept = append(kept, h)
		}
	}
	s.hooks[key] = kept
	s.mu.Unlock()
	for _, action := range due {
		action()
	}
}

// SetLatency delays every answer by d, as a slow network would.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Requests returns what the server has received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Connections returns how many TCP connections the server has accepted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// WaitForRequests returns once the server has received n requests in all,
// or with ctx's error when ctx ends first.
func (s *Server) WaitForRequests(ctx context.Context, n int) error {
	for {
		s.mu.Lock()
		got, received := len(s.requests), s.received
		s.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-received:
		case <-ctx.Done():
			return fmt.Errorf("the fake received %d requests, want %d: %w", got, n, ctx.Err())
		}
	}
}

// maxValidatedBody is the most of a request or an answer the fake keeps
// for validation; the client refuses answers above 16 MiB anyway.
const maxValidatedBody = 32 << 20

func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxValidatedBody))
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.mu.Lock()
		index := len(s.requests)
		s.requests = append(s.requests, Request{
			Method:      r.Method,
			EscapedPath: r.URL.EscapedPath(),
			RawQuery:    r.URL.RawQuery,
			Header:      r.Header.Clone(),
			Body:        body,
			Received:    time.Now(),
		})
		close(s.received)
		s.received = make(chan struct{})
		latency := s.latency
		s.mu.Unlock()
		s.validate(func(spec *Spec) []Violation { return spec.validateRequest(r, body) })

		if latency > 0 {
			select {
			case <-time.After(latency):
			case <-r.Context().Done():
				return
			}
		}
		answer := &exchange{ResponseWriter: w}
		defer func() {
			s.mu.Lock()
			s.requests[index].Status = answer.status
			s.mu.Unlock()
			if !answer.offSpec && answer.status != 0 {
				s.validate(func(spec *Spec) []Violation { return spec.validateResponse(r, body, answer) })
			}
		}()
		if r.Header.Get("Authorization") != "Bearer "+s.Token {
			writeError(answer, http.StatusUnauthorized, "invalid-token", "Authentication token is not valid.")
			return
		}
		next.ServeHTTP(answer, r)
	})
}

// SendsOffSpecRequests marks every request the server receives, and its
// answer, as departing from the API description on purpose: for a test
// that configures the provider wrongly (a base URL with a path the API
// does not serve), so that not even the request's path is in it.
func (s *Server) SendsOffSpecRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unvalidated = true
}

// SkipValidation turns validation off, for benchmarks: they measure the
// provider, and validating a page of a thousand dispatches takes CPU from
// it on the same machine. Tests never call it.
func (s *Server) SkipValidation() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unvalidated = true
}

// validate records the violations check finds, unless the server's
// requests are off the description on purpose.
func (s *Server) validate(check func(*Spec) []Violation) {
	s.mu.Lock()
	unvalidated := s.unvalidated
	s.mu.Unlock()
	if unvalidated {
		return
	}
	spec, err := LoadSpec()
	var found []Violation
	if err != nil {
		found = []Violation{{Operation: "-", Part: "description", Message: err.Error()}}
	} else {
		found = check(spec)
	}
	if len(found) == 0 {
		return
	}
	s.mu.Lock()
	s.violations = append(s.violations, found...)
	report := s.onViolation
	s.mu.Unlock()
	if report != nil {
		for _, v := range found {
			report(v)
		}
	}
}

// Violations returns every departure from the API description the fake
// has seen so far, in its requests and its answers.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}

// OnViolation makes the server call report for each violation as it is
// found, as well as recording it.
func (s *Server) OnViolation(report func(Violation)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onViolation = report
}

// failOnViolations fails t for every violation the server recorded.
func (s *Server) failOnViolations(t testing.TB) {
	t.Helper()
	for _, v := range s.Violations() {
		t.Errorf("fake Apify API: %s", v)
	}
}

// takeFault pops the next fault queued for key; the caller holds s.mu.
func (s *Server) takeFault(key string) Fault {
	queued := s.faults[key]
	if len(queued) == 0 {
		return nil
	}
	s.faults[key] = queued[1:]
	return queued[0]
}

func (s *Server) getDispatch(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("dispatchId")
	s.runHooks(id)
	s.mu.Lock()
	fault := s.takeFault(id)
	if fault == nil && s.storm.hits(id) {
		fault = rateLimitedFault()
		s.rateLimited++
	}
	d, ok := s.dispatches[id]
	if ok && fault == nil && s.unreadable[id] > 0 {
		s.unreadable[id]--
		ok = false
	}
	if s.offSpec[id] {
		markOffSpec(w)
	}
	var body []byte
	if ok && fault == nil {
		body, _ = json.Marshal(map[string]any{"data": d})
		s.advanceSettling(id, d)
	}
	s.mu.Unlock()

	if fault != nil {
		serveFault(w, r, fault)
		return
	}
	if !ok {
		writeError(w, http.StatusNotFound, "record-not-found", "Webhook dispatch was not found.")
		return
	}
	writeJSON(w, http.StatusOK, body)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, status int, errType, message string) {
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"type": errType, "message": message}})
	writeJSON(w, status, body)
}
