// Package apifytest is a fake Apify API for tests and the demo, shaped
// after Apify's OpenAPI description and checked against it. It serves, on
// a loopback address, the operations of the description that the provider
// uses (operations.go names each by its operationId, with its handler),
// from one store of dispatches and webhooks (store.go); it checks the
// token like the real API, records every request, validates every request
// and answer (spec.go), and can be told to answer a target (an operation
// for one object) with faults, hooks between requests and latency.
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

	mu sync.Mutex
	// dispatches and webhooks hold what the fake serves, by ID;
	// newestFirst caches the dispatches sorted for listing, nil when a
	// change made it stale.
	dispatches  map[string]*storedDispatch
	newestFirst []*storedDispatch
	// webhooks, actors, tasks and schedules hold the objects the fake
	// serves, by ID, as GET returns them (a webhook without the last
	// dispatch and statistics, which fullWebhook adds).
	webhooks  map[string]map[string]any
	actors    map[string]map[string]any
	tasks     map[string]map[string]any
	schedules map[string]map[string]any
	// idempotencyKeys maps each create's idempotency key to the webhook it
	// created.
	idempotencyKeys map[string]string
	maxPageSize     int
	forms           StoredForms
	testSettleReads int
	// testUnreadableReads is how many reads a new TEST dispatch answers
	// 404 for.
	testUnreadableReads int
	// runs holds the Actor runs by ID, runOrder their IDs oldest first,
	// runReads how many reads a new run stays RUNNING for (runs.go).
	runs     map[string]*storedRun
	runOrder []string
	runReads int

	// The one mechanism of faults and hooks, by target (operations.go).
	faults    map[Target][]Fault
	hooks     map[Target][]hook
	served    map[Target]int
	dropAfter map[Target]int
	storm     rateLimitStorm
	latency   time.Duration

	rateLimited int
	requests    []Request
	conns       int
	violations  []Violation
	onViolation func(Violation)
	// unvalidated is set by SkipValidation.
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
		dispatches:      map[string]*storedDispatch{},
		webhooks:        map[string]map[string]any{},
		actors:          actorFixtures(),
		tasks:           map[string]map[string]any{},
		schedules:       map[string]map[string]any{},
		runs:            map[string]*storedRun{},
		runReads:        DefaultRunReads,
		idempotencyKeys: map[string]string{},
		maxPageSize:     DefaultMaxPageSize,
		faults:          map[Target][]Fault{},
		hooks:           map[Target][]hook{},
		served:          map[Target]int{},
		dropAfter:       map[Target]int{},
		received:        make(chan struct{}),
	}
	for _, raw := range Fixtures() {
		s.AddDispatch(raw)
	}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.HandleFunc(rt.pattern, s.serve(rt))
	}
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

// markOffSpec marks the answer being written to w as departing from the
// API description on purpose, so that it is not validated.
func markOffSpec(w http.ResponseWriter) {
	if e, ok := w.(*exchange); ok {
		e.offSpec = true
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
		refused := s.validate(func(spec *Spec) []Violation { return spec.validateRequest(r, body) })

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
		switch {
		case r.Header.Get("Authorization") != "Bearer "+s.Token:
			writeError(answer, http.StatusUnauthorized, "invalid-token", "Authentication token is not valid.")
		case refused != nil:
			// The API checks its input against the schemas the description
			// gives, and so does the fake, with nothing of its own.
			writeError(answer, http.StatusBadRequest, "invalid-input", refused.Message)
		default:
			next.ServeHTTP(answer, r)
		}
	})
}

// SkipValidation turns validation off: for benchmarks, which measure the
// provider (validating a page of a thousand dispatches takes CPU from it
// on the same machine), and for a test that configures the provider
// wrongly on purpose (a base URL with a path the API does not serve), so
// that not even the request's path is in the description.
func (s *Server) SkipValidation() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unvalidated = true
}

// validate records the violations check finds, unless the server's
// requests are off the description on purpose, and returns the first that
// concerns an operation of the description, for a request the fake
// refuses.
func (s *Server) validate(check func(*Spec) []Violation) *Violation {
	s.mu.Lock()
	unvalidated := s.unvalidated
	s.mu.Unlock()
	if unvalidated {
		return nil
	}
	spec, err := LoadSpec()
	var found []Violation
	if err != nil {
		found = []Violation{{Operation: "-", Part: "description", Message: err.Error()}}
	} else {
		found = check(spec)
	}
	if len(found) == 0 {
		return nil
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
	for _, v := range found {
		if v.operationFound {
			return &v
		}
	}
	return nil
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

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, status int, errType, message string) {
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"type": errType, "message": message}})
	writeJSON(w, status, body)
}

func writeBody(w http.ResponseWriter, status int, body []byte, err error) {
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal-error", err.Error())
		return
	}
	writeJSON(w, status, body)
}
