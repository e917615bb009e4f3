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
	storm           rateLimitStorm
	rateLimited     int
	latency         time.Duration
	requests        []Request
	conns           int
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
			return WebhookListKey("acts/" + r.PathValue("actorId"))
		case r.PathValue("actorTaskId") != "":
			return WebhookListKey("actor-tasks/" + r.PathValue("actorTaskId"))
		}
		return WebhookListKey("")
	}
	mux.HandleFunc("POST /v2/webhooks", s.withFaults(create, s.createWebhook))
	mux.HandleFunc("GET /v2/webhooks", s.withFaults(list, s.listWebhooks))
	mux.HandleFunc("GET /v2/acts/{actorId}/webhooks", s.withFaults(list, s.listWebhooks))
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

// Start starts a server for a test and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := NewServer()
	t.Cleanup(s.Close)
	return s
}

// Close stops the server and closes its connections.
func (s *Server) Close() { s.srv.Close() }

// AddDispatch stores a dispatch given as the JSON object the API would
// return in "data". It is served byte for byte as given, apart from key
// order: absent keys stay absent and nulls stay null. It panics when raw is
// not a JSON object with a string "id", which is a mistake in a test.
func (s *Server) AddDispatch(raw string) {
	var d map[string]any
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		panic(fmt.Sprintf("apifytest: dispatch is not a JSON object: %v", err))
	}
	id, ok := d["id"].(string)
	if !ok {
		panic(`apifytest: dispatch has no string "id"`)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dispatches[id] = d
	s.newestFirst = nil
	if webhookID, ok := d["webhookId"].(string); ok {
		s.knowWebhook(webhookID)
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

func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		index := len(s.requests)
		s.requests = append(s.requests, Request{
			Method:      r.Method,
			EscapedPath: r.URL.EscapedPath(),
			RawQuery:    r.URL.RawQuery,
			Header:      r.Header.Clone(),
			Received:    time.Now(),
		})
		close(s.received)
		s.received = make(chan struct{})
		latency := s.latency
		s.mu.Unlock()

		if latency > 0 {
			select {
			case <-time.After(latency):
			case <-r.Context().Done():
				return
			}
		}
		recorder := &statusRecorder{ResponseWriter: w}
		defer func() {
			s.mu.Lock()
			s.requests[index].Status = recorder.status
			s.mu.Unlock()
		}()
		if r.Header.Get("Authorization") != "Bearer "+s.Token {
			writeError(recorder, http.StatusUnauthorized, "invalid-token", "Authentication token is not valid.")
			return
		}
		next.ServeHTTP(recorder, r)
	})
}

// statusRecorder notes the status a handler answers with. Unwrap lets
// http.ResponseController reach the connection, for faults that drop it.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

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
	var body []byte
	if ok && fault == nil {
		body, _ = json.Marshal(map[string]any{"data": d})
		s.advanceSettling(id, d)
	}
	s.mu.Unlock()

	if fault != nil {
		fault(w, r)
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
