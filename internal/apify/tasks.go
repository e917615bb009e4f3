package apify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
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

// taskDifferences names what of task differs from what in would create,
// as the provider's attributes: only a task that differs in nothing is
// adopted by a create whose answer was lost or whose name is taken.
func (in *TaskInput) taskDifferences(task *Task) []string {
	return differences(map[string]bool{
		"actor_id": deref(task.ActID) == in.ActID, "name": deref(task.Name) == in.Name,
		"title": deref(task.Title) == deref(in.Title), "description": deref(task.Description) == deref(in.Description),
		"input": sameInput(task.Input, in.Input), "options": sameRunOptions(task.Options, in.Options),
	})
}

// CreateTask creates a task. The API takes no idempotency key for it, but
// a task's name is unique in its account: a create whose answer is lost,
// or whose name is taken, is followed by a look-up by name (see
// createNamed). A task adopted that way whose input holds encrypted
// fields, which sameTask cannot compare, is updated to in, so that its
// secrets are the ones sent.
func (c *Client) CreateTask(ctx context.Context, in TaskInput) (Created[Task], error) {
	if in.ActID == "" {
		return Created[Task]{}, errors.New("the task's Actor ID is empty")
	}
	req := apiRequest{method: http.MethodPost, path: "/v2/actor-tasks", body: in, refusedOnly: true, secrets: secretForms(in.Secrets)}
	created, err := createNamed[Task](ctx, c, req, "task", in.Name, c.findTask, in.taskDifferences)
	if err != nil || !created.Adopted || !hasEncrypted(created.Object.Input) {
		return created, err
	}
	updated, err := c.UpdateTask(ctx, deref(created.Object.ID), in)
	if err != nil {
		return Created[Task]{}, fmt.Errorf("the account's task named %q (ID %s), the same as this create's but for its "+
			"encrypted input fields, was taken over, but setting those fields failed: %w", in.Name, deref(created.Object.ID), err)
	}
	created.Object = updated
	return created, nil
}

// hasEncrypted says whether an input holds a field the platform returns
// encrypted.
func hasEncrypted(input json.RawMessage) bool {
	fields := map[string]any{}
	_ = json.Unmarshal(input, &fields)
	for _, v := range fields {
		if text, ok := v.(string); ok && strings.HasPrefix(text, EncryptedValuePrefix) {
			return true
		}
	}
	return false
}

// GetTaskByRef reads the task ref names: by ID, as "username~name", as
// "username/name" (the form Apify Console shows), or by a bare name, which
// is looked for in the token's account when no task has it as its ID.
func (c *Client) GetTaskByRef(ctx context.Context, ref string) (*Task, error) {
	if username, name, ok := strings.Cut(ref, "/"); ok {
		ref = username + "~" + name
	}
	task, err := c.GetTask(ctx, ref)
	if strings.Contains(ref, "~") {
		return task, err
	}
	return orFound(task, err, func() (*Task, error) { return c.findTask(ctx, ref) })
}

// ListTasks reads the tasks of the token's account, newest first. The
// API's list also holds tasks of other accounts that the user has run;
// they are left out.
func (c *Client) ListTasks(ctx context.Context) ([]Task, error) {
	user, err := c.GetCurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	list, err := listAll[Task](ctx, c, "/v2/actor-tasks")
	if err != nil {
		return nil, err
	}
	own := list.Items[:0]
	for _, task := range list.Items {
		if deref(task.UserID) == deref(user.ID) {
			own = append(own, task)
		}
	}
	return own, nil
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
