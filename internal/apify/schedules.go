package apify

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
)

// Schedules: a cron expression in a time zone that runs Actors and tasks.

// Schedule action types, as the description's ScheduleActionType lists
// them.
const (
	ScheduleActionRunActor     = "RUN_ACTOR"
	ScheduleActionRunActorTask = "RUN_ACTOR_TASK"
)

// Schedule is a schedule as the API returns it. Every field is a pointer:
// the description marks most of them nullable, and a list leaves out the
// description and the title.
type Schedule struct {
	ID             *string          `json:"id"`
	UserID         *string          `json:"userId"`
	Name           *string          `json:"name"`
	Title          *string          `json:"title"`
	Description    *string          `json:"description"`
	CronExpression *string          `json:"cronExpression"`
	Timezone       *string          `json:"timezone"`
	IsEnabled      *bool            `json:"isEnabled"`
	IsExclusive    *bool            `json:"isExclusive"`
	CreatedAt      *string          `json:"createdAt"`
	ModifiedAt     *string          `json:"modifiedAt"`
	NextRunAt      *string          `json:"nextRunAt"`
	LastRunAt      *string          `json:"lastRunAt"`
	Actions        []ScheduleAction `json:"actions"`
}

func (s *Schedule) listID() string        { return deref(s.ID) }
func (s *Schedule) listCreatedAt() string { return deref(s.CreatedAt) }

// ScheduleAction is one run a schedule starts: of an Actor (RUN_ACTOR),
// with its input and run options, or of a task (RUN_ACTOR_TASK), with an
// input that overrides the task's. The API gives each action an ID; a
// create or an update sends none.
type ScheduleAction struct {
	ID          *string           `json:"id,omitempty"`
	Type        string            `json:"type"`
	ActorID     *string           `json:"actorId,omitempty"`
	ActorTaskID *string           `json:"actorTaskId,omitempty"`
	RunInput    *ScheduleRunInput `json:"runInput,omitempty"`
	RunOptions  *RunOptions       `json:"runOptions,omitempty"`
	// Input is the task's input override, a JSON object.
	Input json.RawMessage `json:"input,omitempty"`
}

// ScheduleRunInput is the input of an Actor's run: a body and its content
// type.
type ScheduleRunInput struct {
	Body        *string `json:"body"`
	ContentType *string `json:"contentType"`
}

// ScheduleInput is the body of a schedule's create (POST) or update
// (PUT). Every field is sent, an unset one as null, so that an update
// sets the schedule to the whole configuration (a field left out of a
// PUT is kept); the actions are replaced whole.
type ScheduleInput struct {
	Name           string           `json:"name"`
	Title          *string          `json:"title"`
	Description    *string          `json:"description"`
	CronExpression string           `json:"cronExpression"`
	Timezone       string           `json:"timezone"`
	IsEnabled      bool             `json:"isEnabled"`
	IsExclusive    bool             `json:"isExclusive"`
	Actions        []ScheduleAction `json:"actions"`
}

// scheduleDifferences names what of schedule differs from what in would
// create, as the provider's attributes: only a schedule that differs in
// nothing is adopted by a create whose answer was lost or whose name is
// taken.
func (in *ScheduleInput) scheduleDifferences(schedule *Schedule) []string {
	return differences(map[string]bool{
		"name": deref(schedule.Name) == in.Name, "cron_expression": deref(schedule.CronExpression) == in.CronExpression,
		"timezone": deref(schedule.Timezone) == in.Timezone, "is_enabled": deref(schedule.IsEnabled) == in.IsEnabled,
		"is_exclusive": deref(schedule.IsExclusive) == in.IsExclusive, "title": deref(schedule.Title) == deref(in.Title),
		"description": deref(schedule.Description) == deref(in.Description),
		"actions":     slices.EqualFunc(schedule.Actions, in.Actions, sameAction),
	})
}

func sameAction(got, sent ScheduleAction) bool {
	gotInput, sentInput := deref(got.RunInput), deref(sent.RunInput)
	return got.Type == sent.Type && deref(got.ActorID) == deref(sent.ActorID) &&
		deref(got.ActorTaskID) == deref(sent.ActorTaskID) && sameInput(got.Input, sent.Input) &&
		sameInput(json.RawMessage(deref(gotInput.Body)), json.RawMessage(deref(sentInput.Body))) &&
		sameRunOptions(got.RunOptions, sent.RunOptions)
}

// CreateSchedule creates a schedule. A schedule's name is unique in its
// account (Apify Console shows it as the "unique name"), so a create
// whose answer is lost is resolved as CreateTask's is.
func (c *Client) CreateSchedule(ctx context.Context, in ScheduleInput) (Created[Schedule], error) {
	req := apiRequest{method: http.MethodPost, path: "/v2/schedules", body: in, refusedOnly: true}
	return createNamed[Schedule](ctx, c, req, "schedule", in.Name, c.findSchedule, in.scheduleDifferences)
}

// findSchedule returns the account's schedule named name, or nil when it
// has none.
func (c *Client) findSchedule(ctx context.Context, name string) (*Schedule, error) {
	found, err := findNamed[Schedule](ctx, c, "/v2/schedules", name, func(s *Schedule) string { return deref(s.Name) })
	if found == nil || err != nil {
		return nil, err
	}
	// The list gives a schedule without its description and title.
	return c.GetSchedule(ctx, deref(found.ID))
}

// GetScheduleByRef reads the schedule ref names: by ID, or by its name,
// unique in the account, when no schedule has it as its ID.
func (c *Client) GetScheduleByRef(ctx context.Context, ref string) (*Schedule, error) {
	schedule, err := c.GetSchedule(ctx, ref)
	return orFound(schedule, err, func() (*Schedule, error) { return c.findSchedule(ctx, ref) })
}

// ListSchedules reads the account's schedules, newest first, as the list
// gives them: without title, description and the actions' inputs.
func (c *Client) ListSchedules(ctx context.Context) ([]Schedule, error) {
	list, err := listAll[Schedule](ctx, c, "/v2/schedules")
	if err != nil {
		return nil, err
	}
	return list.Items, nil
}

// GetSchedule reads a schedule by its ID.
func (c *Client) GetSchedule(ctx context.Context, id string) (*Schedule, error) {
	return getByID[Schedule](ctx, c, "schedule", "/v2/schedules", id)
}

// UpdateSchedule sets every field of a schedule to in. A PUT of the same
// body is idempotent, so it is retried like a read.
func (c *Client) UpdateSchedule(ctx context.Context, id string, in ScheduleInput) (*Schedule, error) {
	if id == "" {
		return nil, errors.New("the schedule ID is empty")
	}
	return callData[Schedule](ctx, c, apiRequest{method: http.MethodPut, path: "/v2/schedules/" + pathSegment(id), body: in})
}

// DeleteSchedule deletes a schedule. One that does not exist is an
// *APIError for which IsNotFound holds.
func (c *Client) DeleteSchedule(ctx context.Context, id string) error {
	return c.deleteByID(ctx, "schedule", "/v2/schedules", id)
}
