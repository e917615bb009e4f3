package apify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"
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
	// sent; empty when none was found. FoundBefore says that it was made
	// before this create began.
	FoundID     string
	FoundBefore bool
	// LookupErr is why the look-up by name failed, if it did.
	LookupErr error
}

func (e *CreateLostError) Error() string {
	switch {
	case e.FoundID != "" && e.FoundBefore:
		return fmt.Sprintf("%s; the account has a %s named %q (ID %s), made before this create began: the name is taken",
			e.Err, e.Kind, e.Name, e.FoundID)
	case e.FoundID != "":
		return fmt.Sprintf("%s; the account has a %s named %q (ID %s) that differs from the one sent: it may be this "+
			"create's, changed since, or one made at the same time", e.Err, e.Kind, e.Name, e.FoundID)
	case e.LookupErr != nil:
		return fmt.Sprintf("%s; looking for a %s named %q to see whether it was created failed too: %s",
			e.Err, e.Kind, e.Name, e.LookupErr)
	}
	return e.Err.Error()
}

func (e *CreateLostError) Unwrap() error { return e.Err }

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

// clockSkew is how far the platform's clock may be behind the client's:
// an object found by name that was created longer than that before the
// create began is not the create's.
const clockSkew = 10 * time.Minute

// createNamed performs req, a create of an object called name; the
// client retries it only when the API certainly refused it. When its
// answer is lost, find looks for the object by name: one that sent says
// is the object sent, created since the create began (allowing for
// clockSkew), is adopted; any other is an error that names it; with none
// the create is tried again.
func createNamed[T any, PT interface {
	*T
	listItem
}](ctx context.Context, c *Client, req apiRequest, kind, name string,
	find func(context.Context, string) (*T, error), sent func(*T) bool,
) (*T, error) {
	began := time.Now()
	for attempt := 1; ; attempt++ {
		created, err := callData[T](ctx, c, req)
		if err == nil || !answerLost(err, attempt) || ctx.Err() != nil {
			return created, err
		}
		found, lookupErr := find(ctx, name)
		if lookupErr != nil {
			return nil, &CreateLostError{Kind: kind, Name: name, Err: err, LookupErr: lookupErr}
		}
		if found == nil {
			if attempt == maxCreateAttempts {
				return nil, &CreateLostError{Kind: kind, Name: name, Err: err}
			}
			continue
		}
		createdAt, known := parseTime(PT(found).listCreatedAt())
		before := known && createdAt.Before(began.Add(-clockSkew))
		if sent(found) && !before {
			c.warn(ctx, "The answer to a create was lost; the object it created was found by its name", map[string]any{"kind": kind})
			return found, nil
		}
		return nil, &CreateLostError{Kind: kind, Name: name, Err: err, FoundID: PT(found).listID(), FoundBefore: before}
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
