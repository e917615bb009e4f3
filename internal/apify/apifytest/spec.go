package apifytest

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	validationerrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi/datamodel"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// The fake is judged by Apify's official OpenAPI description, kept
// unchanged in openapi/ (see its README for where it comes from): every
// request it receives and every answer it gives is validated against it.
// A violation is recorded, and Start fails the test that made it.

//go:embed openapi
var specFiles embed.FS

// Spec is the official description, loaded once per process (it takes
// about half a second).
type Spec struct {
	model     *v3.Document
	validator validator.Validator
	options   *config.ValidationOptions
}

var loadSpec = sync.OnceValues(func() (*Spec, error) {
	fsys, err := fs.Sub(specFiles, "openapi")
	if err != nil {
		return nil, err
	}
	root, err := fs.ReadFile(fsys, "openapi.yaml")
	if err != nil {
		return nil, err
	}
	doc, err := libopenapi.NewDocumentWithConfiguration(root, &datamodel.DocumentConfiguration{
		LocalFS: fsys, BasePath: ".", SpecFilePath: "openapi.yaml", AllowFileReferences: true,
	})
	if err != nil {
		return nil, fmt.Errorf("apifytest: reading the API description: %w", err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		return nil, fmt.Errorf("apifytest: building the API description's model: %w", err)
	}
	opts := []config.Option{config.WithFormatAssertions()}
	v := validator.NewValidatorFromV3Model(&model.Model, opts...)
	return &Spec{model: &model.Model, validator: v, options: config.NewValidationOptions(opts...)}, nil
})

// LoadSpec returns the official API description the fake is validated
// against.
func LoadSpec() (*Spec, error) { return loadSpec() }

// Model is the description's document model, for tests that walk its
// schemas.
func (s *Spec) Model() *v3.Document { return s.model }

// Violation is one way a request or an answer of the fake departs from
// the API description.
type Violation struct {
	// Operation is the description's operationId, or "METHOD path" when no
	// operation serves the request.
	Operation string
	// Part is "request" or "response".
	Part string
	// Status is the answer's status, for a response.
	Status int
	// Message says what is wrong, and where.
	Message string
	// operationFound is set when an operation of the description serves
	// the request: a violation of its schemas, not an unknown path.
	operationFound bool
}

func (v Violation) String() string {
	where := v.Part
	if v.Part == "response" {
		where = fmt.Sprintf("%d response", v.Status)
	}
	return fmt.Sprintf("%s: %s violates the Apify API description: %s", v.Operation, where, v.Message)
}

// operation names the description's operation that serves r, and
// whether there is one; without one, it gives "METHOD path".
func (s *Spec) operation(r *http.Request) (string, bool) {
	item, _, _ := paths.FindPath(r, s.model, s.options)
	if item != nil {
		if op := item.GetOperations().GetOrZero(strings.ToLower(r.Method)); op != nil && op.OperationId != "" {
			return op.OperationId, true
		}
	}
	return r.Method + " " + r.URL.Path, false
}

// validateRequest checks a request whose body has been read into body.
func (s *Spec) validateRequest(r *http.Request, body []byte) []Violation {
	op, found := s.operation(r)
	_, errs := s.validator.ValidateHttpRequestSync(withBody(r, body))
	var out []Violation
	for _, e := range errs {
		if exception(op, "request", 0, e.Message) {
			continue
		}
		out = append(out, Violation{Operation: op, Part: "request", Message: describe(e.Message, e.Reason, e.SchemaValidationErrors), operationFound: found})
	}
	return out
}

// validateResponse checks the answer the fake gave to r.
func (s *Spec) validateResponse(r *http.Request, body []byte, answer *exchange) []Violation {
	return s.responseViolations(withBody(r, body), &http.Response{
		StatusCode: answer.status, Header: answer.Header().Clone(),
		Body: io.NopCloser(bytes.NewReader(answer.body.Bytes())), Request: r,
	})
}

// responseViolations checks resp, the answer to r.
func (s *Spec) responseViolations(r *http.Request, resp *http.Response) []Violation {
	op, _ := s.operation(r)
	if exception(op, "response", resp.StatusCode, "") {
		return nil
	}
	_, errs := s.validator.ValidateHttpResponse(r, resp)
	var out []Violation
	for _, e := range errs {
		if !exception(op, "response", resp.StatusCode, e.Message) {
			out = append(out, Violation{Operation: op, Part: "response", Status: resp.StatusCode,
				Message: describe(e.Message, e.Reason, e.SchemaValidationErrors)})
		}
	}
	return out
}

func withBody(r *http.Request, body []byte) *http.Request {
	c := r.Clone(r.Context())
	c.Body = io.NopCloser(bytes.NewReader(body))
	c.ContentLength = int64(len(body))
	return c
}

func describe(message, reason string, failures []*validationerrors.SchemaValidationFailure) string {
	parts := []string{message}
	if reason != "" && reason != message {
		parts = append(parts, reason)
	}
	for _, f := range failures {
		if f.FieldPath != "" {
			parts = append(parts, f.FieldPath+": "+f.Reason)
		} else {
			parts = append(parts, f.Reason)
		}
	}
	return strings.Join(parts, "; ")
}

// exchange records the answer of one request as it is written, so that
// it can be validated once the handler returns. It notes the status for
// Request.Status too.
type exchange struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
	// offSpec is set for an answer a test breaks on purpose (a fault): it
	// is not validated.
	offSpec bool
}

func (e *exchange) WriteHeader(code int) {
	if e.status == 0 {
		e.status = code
	}
	e.ResponseWriter.WriteHeader(code)
}

func (e *exchange) Write(b []byte) (int, error) {
	if e.status == 0 {
		e.status = http.StatusOK
	}
	e.body.Write(b)
	return e.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection, for faults
// that drop it.
func (e *exchange) Unwrap() http.ResponseWriter { return e.ResponseWriter }

// serveFault answers r with fault, marking the answer as broken on
// purpose, so that it is not validated.
func serveFault(w http.ResponseWriter, r *http.Request, fault Fault) {
	markOffSpec(w)
	fault(w, r)
}

// discard is an answer written nowhere, for a request whose answer a fault
// drops after the fake handled it.
func discard() http.ResponseWriter { return httptest.NewRecorder() }
