package apify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
)

// Creating an object whose name is unique in the account (a task, a
// schedule) without an idempotency key: the API takes one only for
// webhooks, so a create whose answer was lost is resolved by the name.

// maxCreateAttempts bounds the creates of one object whose answers were
// lost.
const maxCreateAttempts = 3

// CreateLostError is a create whose answer was lost (no answer, or a 5xx
// that may have come after the API acted) and whose object the client
// could not take as the one it sent.
type CreateLostError struct {
	// Kind and Name say what was created: "task", "my-task".
	Kind, Name string
	// Err is the failure of the last create.
	Err error
	// FoundID is the ID of an object of that name that is not the one
	// sent, and Differs what of it differs; empty when none was found.
	FoundID string
	Differs []string
	// LookupErr is why the look-up by name failed, if it did.
	LookupErr error
}

func (e *CreateLostError) Error() string {
	switch {
	case e.FoundID != "":
		return fmt.Sprintf("%s; the account has a %s named %q (ID %s) that differs from the one sent in its %s: it may "+
			"be this create's, changed since, or one made at the same time", e.Err, e.Kind, e.Name, e.FoundID, strings.Join(e.Differs, ", "))
	case e.LookupErr != nil:
		return fmt.Sprintf("%s; looking for a %s named %q to see whether it was created failed too: %s",
			e.Err, e.Kind, e.Name, e.LookupErr)
	}
	return e.Err.Error()
}

func (e *CreateLostError) Unwrap() error { return e.Err }

// NameTakenError is a create the API refused because the account already
// has an object of the name, one that differs from what the create would
// make (or that the client could not look up).
type NameTakenError struct {
	// Kind and Name say what was created: "task", "my-task".
	Kind, Name string
	// Err is the API's refusal.
	Err error
	// ID is the ID of the object of that name, and Differs what of it
	// differs; empty when the look-up failed (LookupErr) or found nothing.
	ID        string
	Differs   []string
	LookupErr error
}

func (e *NameTakenError) Error() string {
	switch {
	case e.ID != "":
		return fmt.Sprintf("%s; the account's %s named %q (ID %s) differs from the one this create would make in its %s",
			e.Err, e.Kind, e.Name, e.ID, strings.Join(e.Differs, ", "))
	case e.LookupErr != nil:
		return fmt.Sprintf("%s; looking the %s named %q up failed: %s", e.Err, e.Kind, e.Name, e.LookupErr)
	}
	return e.Err.Error()
}

func (e *NameTakenError) Unwrap() error { return e.Err }

// answerLost reports whether a create that failed with err may have been
// carried out all the same; after one such answer (attempt > 1), a name
// clash (409) may be with the object of the first.
func answerLost(err error, attempt int) bool {
	if IsNoAnswer(err) {
		return true
	}
	apiErr, ok := errors.AsType[*APIError](err)
	return ok && (apiErr.StatusCode >= http.StatusInternalServerError || (attempt > 1 && apiErr.StatusCode == http.StatusConflict))
}

// isNameTaken reports whether err is the API's refusal of a name the
// account already uses (actor-task-name-not-unique,
// schedule-name-not-unique).
func isNameTaken(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	return ok && strings.HasSuffix(apiErr.Type, "-name-not-unique")
}

// Created is what a create of a named object did.
type Created[T any] struct {
	// Object is the object created or adopted.
	Object *T
	// Adopted says that the create did not make Object: it found it by
	// its name, the same in everything the create sends, after a lost
	// answer or a refusal of the name (an apply interrupted after the
	// API acted). AdoptedID is its ID.
	Adopted   bool
	AdoptedID string
}

// differences lists the names whose comparison failed, sorted.
func differences(same map[string]bool) []string {
	var differ []string
	for name, ok := range same {
		if !ok {
			differ = append(differ, name)
		}
	}
	slices.Sort(differ)
	return differ
}

// createNamed performs req, a create of an object called name; the
// client retries it only when the API certainly refused it. When its
// answer is lost, or the API refuses the name as taken, find looks for
// the object by name: one in which differs finds nothing is adopted,
// whatever its age (DESIGN.md, "Writes are never doubled", says why); any
// other is an error that names it. After a lost answer with no object
// found, the create is tried again.
func createNamed[T any, PT interface {
	*T
	listItem
}](ctx context.Context, c *Client, req apiRequest, kind, name string,
	find func(context.Context, string) (*T, error), differs func(*T) []string,
) (Created[T], error) {
	for attempt := 1; ; attempt++ {
		created, err := callData[T](ctx, c, req)
		if err == nil || ctx.Err() != nil {
			return Created[T]{Object: created}, err
		}
		lost, taken := answerLost(err, attempt), isNameTaken(err)
		if !lost && !taken {
			return Created[T]{}, err
		}
		found, lookupErr := find(ctx, name)
		switch {
		case lookupErr != nil && lost:
			return Created[T]{}, &CreateLostError{Kind: kind, Name: name, Err: err, LookupErr: lookupErr}
		case lookupErr != nil:
			return Created[T]{}, &NameTakenError{Kind: kind, Name: name, Err: err, LookupErr: lookupErr}
		case found == nil && lost && attempt < maxCreateAttempts:
			continue
		case found == nil && lost:
			return Created[T]{}, &CreateLostError{Kind: kind, Name: name, Err: err}
		case found == nil:
			// Refused as taken, yet not found by the name: say so as the
			// API did.
			return Created[T]{}, &NameTakenError{Kind: kind, Name: name, Err: err}
		}
		differ := differs(found)
		switch {
		case len(differ) == 0:
			c.warn(ctx, "A create found the object it would make by its name, and adopted it", map[string]any{"kind": kind, "id": PT(found).listID()})
			return Created[T]{Object: found, Adopted: true, AdoptedID: PT(found).listID()}, nil
		case lost:
			return Created[T]{}, &CreateLostError{Kind: kind, Name: name, Err: err, FoundID: PT(found).listID(), Differs: differ}
		}
		return Created[T]{}, &NameTakenError{Kind: kind, Name: name, Err: err, ID: PT(found).listID(), Differs: differ}
	}
}

// findNamed returns the first object named name in the whole list at
// path, or nil when there is none.
func findNamed[T any, PT interface {
	*T
	listItem
}](ctx context.Context, c *Client, path, name string, nameOf func(*T) string) (*T, error) {
	list, err := listAll[T, PT](ctx, c, path)
	if err != nil {
		return nil, err
	}
	for i := range list.Items {
		if nameOf(&list.Items[i]) == name {
			return &list.Items[i], nil
		}
	}
	return nil, nil
}

// orFound returns got, what a read by ID gave, unless it found nothing
// (err is a not-found): then what find finds by name, or that not-found
// when find finds nothing either.
func orFound[T any](got *T, err error, find func() (*T, error)) (*T, error) {
	if !IsNotFound(err) {
		return got, err
	}
	found, findErr := find()
	switch {
	case findErr != nil:
		return nil, findErr
	case found == nil:
		return nil, err
	}
	return found, nil
}

// sameInput says whether got, an input the API returns, is sent, as the
// platform stores it: a field it returns encrypted matches any value
// (EncryptedValuePrefix), and no input is an empty object.
func sameInput(got, sent json.RawMessage) bool {
	g, s := map[string]any{}, map[string]any{}
	if (len(got) > 0 && json.Unmarshal(got, &g) != nil) || (len(sent) > 0 && json.Unmarshal(sent, &s) != nil) {
		return sameJSON(got, sent)
	}
	if g == nil {
		g = map[string]any{}
	}
	if s == nil {
		s = map[string]any{}
	}
	for name, v := range g {
		if text, ok := v.(string); ok && strings.HasPrefix(text, EncryptedValuePrefix) {
			if _, was := s[name]; was {
				g[name] = s[name]
			}
		}
	}
	return reflect.DeepEqual(g, s)
}

// sameJSON says whether two JSON documents hold the same value; an absent
// one is null.
func sameJSON(a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var va, vb any
	if len(a) > 0 && json.Unmarshal(a, &va) != nil {
		return false
	}
	if len(b) > 0 && json.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// sameRunOptions says whether got, the options the API returns, holds
// every option sent: the platform may fill in the others.
func sameRunOptions(got, sent *RunOptions) bool {
	if sent == nil {
		return true
	}
	var have map[string]any
	if got != nil {
		have = got.set()
	}
	for name, v := range sent.set() {
		if !reflect.DeepEqual(have[name], v) {
			return false
		}
	}
	return true
}
