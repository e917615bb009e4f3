package apify

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
)

// Actor tasks: a saved input and run options of one Actor, by name in
// the account.

// Task is an Actor task as the API returns it. Every field is a pointer:
// the description marks most of them nullable.
//
// The description gives a task no description; Apify's JavaScript client
// (TaskUpdateData) sends and reads one, so the client does too, and reads
// a task without it as having none.
type Task struct {
	ID          *string         `json:"id"`
	UserID      *string         `json:"userId"`
	ActID       *string         `json:"actId"`
	Name        *string         `json:"name"`
	Username    *string         `json:"username"`
	Title       *string         `json:"title"`
	Description *string         `json:"description"`
	CreatedAt   *string         `json:"createdAt"`
	ModifiedAt  *string         `json:"modifiedAt"`
	Options     *RunOptions     `json:"options"`
	Input       json.RawMessage `json:"input"`
}

func (t *Task) listID() string        { return deref(t.ID) }
func (t *Task) listCreatedAt() string { return deref(t.CreatedAt) }

// RunOptions are the options of an Actor run, as a task or a schedule's
// action keeps them (the description's TaskOptions): each is null where
// the Actor's default applies.
//
// In a request, an option left nil is left out: whether the platform then
// keeps its value or, replacing the options whole, drops it, the
// description does not say. Each option Clear names, by its JSON name,
// is sent as null, which clears it under either reading.
type RunOptions struct {
	Build             *string  `json:"build"`
	TimeoutSecs       *int64   `json:"timeoutSecs"`
	MemoryMbytes      *int64   `json:"memoryMbytes"`
	MaxItems          *int64   `json:"maxItems"`
	MaxTotalChargeUSD *float64 `json:"maxTotalChargeUsd"`
	RestartOnError    *bool    `json:"restartOnError"`
	Clear             []string `json:"-"`
}

// MarshalJSON writes the options set, and null for those of Clear.
func (o RunOptions) MarshalJSON() ([]byte, error) {
	body := map[string]any{}
	for _, name := range o.Clear {
		body[name] = nil
	}
	for name, v := range o.set() {
		body[name] = v
	}
	return json.Marshal(body)
}

// set gives the options that are not nil, by JSON name.
func (o RunOptions) set() map[string]any {
	set := map[string]any{}
	for name, v := range map[string]any{
		"build": o.Build, "timeoutSecs": o.TimeoutSecs, "memoryMbytes": o.MemoryMbytes, "maxItems": o.MaxItems,
		"maxTotalChargeUsd": o.MaxTotalChargeUSD, "restartOnError": o.RestartOnError,
	} {
		if !reflect.ValueOf(v).IsNil() {
			set[name] = reflect.ValueOf(v).Elem().Interface()
		}
	}
	return set
}

// EncryptedValuePrefix starts the value of an input field that the
// Actor's input schema marks secret: the platform stores and returns it
// encrypted (docs.apify.com, "Secret input"), never as it was sent.
const EncryptedValuePrefix = "ENCRYPTED_VALUE:"

// TaskInput is the body of a task's create (POST) or update (PUT).
//
// The API leaves a field out of a PUT unchanged; the client sends every
// top-level field, an unset one as null (the description types each as
// nullable), so that an update sets the task to the whole configuration.
// ActID is sent on a create only: a task cannot move to another Actor.
type TaskInput struct {
	ActID       string      `json:"actId,omitempty"`
	Name        string      `json:"name"`
	Title       *string     `json:"title"`
	Description *string     `json:"description"`
	Options     *RunOptions `json:"options,omitempty"`
	// Input is a JSON object, or nil for none.
	Input json.RawMessage `json:"input"`
	// Secrets are values of the input that no error may show, in any of
	// the forms an error may print them in.
	Secrets []string `json:"-"`
}

// sameTask says whether task is what in would create: after a create
// whose answer was lost, only such a task is adopted.
func (in *TaskInput) sameTask(task *Task) bool {
	return deref(task.ActID) == in.ActID && deref(task.Name) == in.Name &&
		deref(task.Title) == deref(in.Title) && deref(task.Description) == deref(in.Description) &&
		sameInput(task.Input, in.Input) && sameRunOptions(task.Options, in.Options)
}

// CreateTask creates a task. The API takes no idempotency key for it, but
// a task's name is unique in its account: a create whose answer is lost
// is followed by a look-up by name before it is tried again (see
// createNamed).
func (c *Client) CreateTask(ctx context.Context, in TaskInput) (*Task, error) {
	if in.ActID == "" {
		return nil, errors.New("the task's Actor ID is empty")
	}
	req := apiRequest{method: http.MethodPost, path: "/v2/actor-tasks", body: in, refusedOnly: true, secrets: secretForms(in.Secrets)}
	return createNamed[Task](ctx, c, req, "task", in.Name, c.findTask, in.sameTask)
}

// findTask returns the task named name of the token's account, or nil
// when it has none. It asks for username~name rather than searching the
// list of tasks, which holds the tasks of other accounts the user has
// run too.
func (c *Client) findTask(ctx context.Context, name string) (*Task, error) {
	user, err := c.GetCurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	if deref(user.Username) == "" {
		return nil, errors.New("the API did not say the username of the token's account")
	}
	task, err := c.GetTask(ctx, deref(user.Username)+"~"+name)
	if IsNotFound(err) {
		return nil, nil
	}
	return task, err
}

// GetTask reads a task by its ID or by "username~task-name".
func (c *Client) GetTask(ctx context.Context, id string) (*Task, error) {
	return getByID[Task](ctx, c, "task", "/v2/actor-tasks", id)
}

// UpdateTask sets every field of a task to in. A PUT of the same body is
// idempotent, so it is retried like a read.
func (c *Client) UpdateTask(ctx context.Context, id string, in TaskInput) (*Task, error) {
	if id == "" {
		return nil, errors.New("the task ID is empty")
	}
	in.ActID = ""
	return callData[Task](ctx, c, apiRequest{method: http.MethodPut, path: "/v2/actor-tasks/" + pathSegment(id), body: in, secrets: secretForms(in.Secrets)})
}

// DeleteTask deletes a task. One that does not exist is an *APIError for
// which IsNotFound holds.
func (c *Client) DeleteTask(ctx context.Context, id string) error {
	return c.deleteByID(ctx, "task", "/v2/actor-tasks", id)
}
