package apify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
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
	// FoundID is the ID of an object of that name that differs from the
	// one sent; empty when none was found.
	FoundID string
	// LookupErr is why the look-up by name failed, if it did.
	LookupErr error
}

func (e *CreateLostError) Error() string {
	switch {
	case e.FoundID != "":
		return fmt.Sprintf("%s; the account has a %s named %q (ID %s) that differs from the one sent: it may be this "+
			"create's, changed since, or one made before", e.Err, e.Kind, e.Name, e.FoundID)
	case e.LookupErr != nil:
		return fmt.Sprintf("%s; looking for a %s named %q to see whether it was created failed too: %s",
			e.Err, e.Kind, e.Name, e.LookupErr)
	}
	return e.Err.Error()
}

func (e *CreateLostError) Unwrap() error { return e.Err }

// answerLost reports whether a create that failed with err may have been
// carried out all the same.
func answerLost(err error) bool {
	if IsNoAnswer(err) {
		return true
	}
	apiErr, ok := errors.AsType[*APIError](err)
	return ok && apiErr.StatusCode >= http.StatusInternalServerError
}

// createNamed performs req, a create of an object called name; the
// client retries it only when the API certainly refused it. When its
// answer is lost, find looks for the object by name: one that sent says
// is the object sent is adopted, any other is an error that names it, and
// with none the create is tried again.
func createNamed[T any, PT interface {
	*T
	listItem
}](ctx context.Context, c *Client, req apiRequest, kind, name string,
	find func(context.Context, string) (*T, error), sent func(*T) bool,
) (*T, error) {
	for attempt := 1; ; attempt++ {
		created, err := callData[T](ctx, c, req)
		if err == nil || !answerLost(err) || ctx.Err() != nil {
			return created, err
		}
		found, lookupErr := find(ctx, name)
		switch {
		case lookupErr != nil:
			return nil, &CreateLostError{Kind: kind, Name: name, Err: err, LookupErr: lookupErr}
		case found != nil && sent(found):
			c.warn(ctx, "The answer to a create was lost; the object it created was found by its name", map[string]any{"kind": kind})
			return found, nil
		case found != nil:
			return nil, &CreateLostError{Kind: kind, Name: name, Err: err, FoundID: PT(found).listID()}
		case attempt == maxCreateAttempts:
			return nil, &CreateLostError{Kind: kind, Name: name, Err: err}
		}
	}
}

// findNamed returns the first object named name among the newest
// MaxPageSize of the list at path, or nil when there is none: an object
// just created is among them.
func findNamed[T any, PT interface {
	*T
	listItem
}](ctx context.Context, c *Client, path, name string, nameOf func(*T) string) (*T, error) {
	list, err := listNewestFirst[T, PT](ctx, c, path, ListOptions{Limit: MaxPageSize})
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

// sameRunOptions says whether two sets of run options are the same; no
// options are options that are all null.
func sameRunOptions(a, b *RunOptions) bool {
	var none RunOptions
	if a == nil {
		a = &none
	}
	if b == nil {
		b = &none
	}
	return deref(a.Build) == deref(b.Build) && deref(a.TimeoutSecs) == deref(b.TimeoutSecs) &&
		deref(a.MemoryMbytes) == deref(b.MemoryMbytes) && deref(a.MaxItems) == deref(b.MaxItems) &&
		deref(a.MaxTotalChargeUSD) == deref(b.MaxTotalChargeUSD) && deref(a.RestartOnError) == deref(b.RestartOnError)
}
