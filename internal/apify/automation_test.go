package apify

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

func taskInput() TaskInput {
	return TaskInput{
		ActID: apifytest.ActorID, Name: "nightly-crawl", Title: new("Nightly crawl"),
		Options: &RunOptions{Build: new("latest"), MemoryMbytes: new(int64(1024))},
		Input:   json.RawMessage(`{"startUrls": [{"url": "https://example.com"}]}`),
	}
}

// A task goes through its whole life through the client, every request
// and answer checked against the description.
func TestTask_lifecycle(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)
	result, err := client.CreateTask(t.Context(), taskInput())
	if err != nil {
		t.Fatal(err)
	}
	created := result.Object
	checkString(t, "actId", created.ActID, apifytest.ActorID)
	checkString(t, "name", created.Name, "nightly-crawl")
	if !sameJSON(created.Input, taskInput().Input) {
		t.Errorf("input = %s, want the one sent", created.Input)
	}
	byName, err := client.GetTask(t.Context(), apifytest.Username+"~nightly-crawl")
	if err != nil || deref(byName.ID) != deref(created.ID) {
		t.Fatalf("read by username~name = %v, %v; want task %s", byName, err, deref(created.ID))
	}
	// Options left out are kept; those of Clear are cleared.
	in := taskInput()
	in.Options, in.Input, in.Title = nil, nil, nil
	updated, err := client.UpdateTask(t.Context(), deref(created.ID), in)
	if err != nil {
		t.Fatal(err)
	}
	if deref(updated.Options.MemoryMbytes) != 1024 || updated.Title != nil || string(updated.Input) != "null" {
		t.Errorf("after an update: options %+v, title %v, input %s; want the options kept, no title or input", updated.Options, updated.Title, updated.Input)
	}
	in.Options = &RunOptions{TimeoutSecs: new(int64(60)), Clear: []string{"build", "memoryMbytes"}}
	if updated, err = client.UpdateTask(t.Context(), deref(created.ID), in); err != nil {
		t.Fatal(err)
	}
	if o := updated.Options; o.Build != nil || o.MemoryMbytes != nil || deref(o.TimeoutSecs) != 60 {
		t.Errorf("after an update clearing two options: %+v, want only the timeout", o)
	}
	puts := bodies(t, fake, http.MethodPut)
	if sent, _ := puts[1]["options"].(map[string]any); len(sent) != 3 || sent["build"] != nil || sent["memoryMbytes"] != nil {
		t.Errorf("the update sent options %v, want the timeout and build and memory as null", puts[1]["options"])
	} else if _, ok := sent["build"]; !ok {
		t.Errorf("the update left build out, want it sent as null: %v", sent)
	}
	if _, sent := puts[0]["actId"]; sent {
		t.Errorf("the update sent actId: %v", puts[0])
	}
	if _, sent := puts[0]["options"]; sent {
		t.Errorf("the update without options sent them: %v", puts[0])
	}
	if err := client.DeleteTask(t.Context(), deref(created.ID)); err != nil {
		t.Fatal(err)
	}
	if err := client.DeleteTask(t.Context(), deref(created.ID)); !IsNotFound(err) {
		t.Errorf("deleting it again = %v, want not found", err)
	}
}

// A create whose answer is lost is resolved by the task's name: the task
// it created is adopted, and no second one is made.
func TestCreateTask_answerLostAdoptsTheTaskSent(t *testing.T) {
	fake := apifytest.Start(t)
	fake.DropAfterHandling(apifytest.CreateActorTask.Of(""))
	client := newTestClient(t, fake)
	result, err := client.CreateTask(t.Context(), taskInput())
	if err != nil {
		t.Fatal(err)
	}
	created := result.Object
	if ids := fake.Tasks(); len(ids) != 1 || deref(created.ID) != ids[0] {
		t.Errorf("tasks on the platform = %v, want the one adopted, %s", ids, deref(created.ID))
	}
	if posts := bodies(t, fake, http.MethodPost); len(posts) != 1 {
		t.Errorf("creates sent = %d, want 1", len(posts))
	}
}

// A lost answer with another task of the same name on the platform is an
// error that names that task, and creates nothing more.
func TestCreateTask_answerLostWithAnotherTaskOfTheName(t *testing.T) {
	fake := apifytest.Start(t)
	other := fake.AddTask(`{"name": "nightly-crawl", "title": "Made in Console"}`)
	fake.QueueFaults(apifytest.CreateActorTask.Of(""), apifytest.ResetConnection())
	client := newTestClient(t, fake)
	_, err := client.CreateTask(t.Context(), taskInput())
	lost, ok := errors.AsType[*CreateLostError](err)
	if !ok || lost.FoundID != other || !IsNoAnswer(err) {
		t.Fatalf("err = %v, want a lost create that names task %s", err, other)
	}
	if names := fake.Tasks(); len(names) != 1 {
		t.Errorf("tasks on the platform = %v, want only the one made before", names)
	}
}

// A lost answer of a create that did nothing is tried again.
func TestCreateTask_answerLostBeforeTheAPIActedTriesAgain(t *testing.T) {
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.CreateActorTask.Of(""), apifytest.Status(http.StatusBadGateway, "", ""))
	client := newTestClient(t, fake)
	if _, err := client.CreateTask(t.Context(), taskInput()); err != nil {
		t.Fatal(err)
	}
	if posts := bodies(t, fake, http.MethodPost); len(posts) != 2 || len(fake.Tasks()) != 1 {
		t.Errorf("creates sent = %d, tasks = %v; want 2 and one task", len(posts), fake.Tasks())
	}
}

func scheduleInput(taskID string) ScheduleInput {
	return ScheduleInput{
		Name: "nightly", CronExpression: "0 3 * * *", Timezone: "Europe/Prague", IsEnabled: true,
		Actions: []ScheduleAction{
			{Type: ScheduleActionRunActorTask, ActorTaskID: new(taskID), Input: json.RawMessage(`{"maxPages": 5}`)},
			{
				Type: ScheduleActionRunActor, ActorID: new(apifytest.ActorID),
				RunInput:   &ScheduleRunInput{Body: new(`{"a": 1}`), ContentType: new("application/json; charset=utf-8")},
				RunOptions: &RunOptions{TimeoutSecs: new(int64(60))},
			},
		},
	}
}

func TestSchedule_lifecycleAndLostCreate(t *testing.T) {
	fake := apifytest.Start(t)
	task := fake.AddTask(`{"name": "crawl"}`)
	fake.DropAfterHandling(apifytest.CreateSchedule.Of(""))
	client := newTestClient(t, fake)
	result, err := client.CreateSchedule(t.Context(), scheduleInput(task))
	created := result.Object
	if err != nil {
		t.Fatal(err)
	}
	if len(fake.Schedules()) != 1 || len(created.Actions) != 2 || deref(created.Actions[0].ID) == "" || created.NextRunAt == nil {
		t.Fatalf("schedules %v; created %+v: want one, with two actions that have IDs and a next run", fake.Schedules(), created)
	}
	in := scheduleInput(task)
	in.IsEnabled, in.Actions = false, nil
	updated, err := client.UpdateSchedule(t.Context(), deref(created.ID), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(updated.Actions) != 0 || updated.NextRunAt != nil {
		t.Errorf("after disabling it and clearing the actions: %+v", updated)
	}
	if err := client.DeleteSchedule(t.Context(), deref(created.ID)); err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetSchedule(t.Context(), deref(created.ID)); !IsNotFound(err) {
		t.Errorf("reading it after delete = %v, want not found", err)
	}
}

func TestGetActor_byIDAndByName(t *testing.T) {
	fake := apifytest.Start(t)
	client := newTestClient(t, fake)
	for _, ref := range []string{apifytest.StoreActorID, "apify~web-scraper"} {
		actor, err := client.GetActor(t.Context(), ref)
		if err != nil {
			t.Fatal(err)
		}
		checkString(t, "id", actor.ID, apifytest.StoreActorID)
		checkString(t, "username", actor.Username, "apify")
		checkString(t, "build", actor.DefaultRunOptions.Build, "latest")
	}
	user, err := client.GetCurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	checkString(t, "username", user.Username, apifytest.Username)
}

// A lost answer whose look-up fails is an error that says so; one whose
// look-up finds nothing is tried again, up to maxCreateAttempts.
func TestCreateTask_answerLostAndLookUpFails(t *testing.T) {
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.CreateActorTask.Of(""), apifytest.Status(http.StatusInternalServerError, "", ""))
	fake.QueueFaults(apifytest.GetCurrentUser.Of(""), apifytest.Status(http.StatusForbidden, "permission-denied", "Not allowed."))
	client := newTestClient(t, fake)
	_, err := client.CreateTask(t.Context(), taskInput())
	lost, ok := errors.AsType[*CreateLostError](err)
	if !ok || lost.LookupErr == nil || !strings.Contains(err.Error(), "looking for a task named \"nightly-crawl\"") {
		t.Fatalf("err = %v, want a lost create whose look-up failed", err)
	}
	if len(fake.Tasks()) != 0 {
		t.Errorf("tasks on the platform: %v, want none", fake.Tasks())
	}
}

func TestCreateTask_answersLostEveryTime(t *testing.T) {
	fake := apifytest.Start(t)
	for range maxCreateAttempts {
		fake.QueueFaults(apifytest.CreateActorTask.Of(""), apifytest.Status(http.StatusBadGateway, "", ""))
	}
	client := newTestClient(t, fake)
	_, err := client.CreateTask(t.Context(), taskInput())
	if lost, ok := errors.AsType[*CreateLostError](err); !ok || lost.FoundID != "" || lost.LookupErr != nil {
		t.Fatalf("err = %v, want a lost create after %d attempts", err, maxCreateAttempts)
	}
	if posts := bodies(t, fake, http.MethodPost); len(posts) != maxCreateAttempts {
		t.Errorf("creates sent = %d, want %d", len(posts), maxCreateAttempts)
	}
}

// An object of the name that is the same as the one sent is adopted,
// whatever its age: an apply interrupted long ago converges too.
func TestCreateTask_answerLostWithAnOlderSameTaskAdoptsIt(t *testing.T) {
	fake := apifytest.Start(t)
	older := fake.AddTask(`{"name": "nightly-crawl", "title": "Nightly crawl", "createdAt": "2026-01-01T00:00:00.000Z",
		"options": {"build": "latest", "memoryMbytes": 1024}, "input": {"startUrls": [{"url": "https://example.com"}]}}`)
	fake.QueueFaults(apifytest.CreateActorTask.Of(""), apifytest.ResetConnection())
	client := newTestClient(t, fake)
	created, err := client.CreateTask(t.Context(), taskInput())
	if err != nil || !created.Adopted || deref(created.Object.ID) != older {
		t.Fatalf("CreateTask = %+v, %v; want task %s adopted", created, err, older)
	}
}

// A create refused because the name is taken adopts the task of that
// name when it is the one sent (an apply interrupted after the API
// acted), and names it otherwise.
func TestCreateTask_nameTaken(t *testing.T) {
	for name, tt := range map[string]struct {
		stored  string
		adopted bool
	}{
		"by the same task": {`{"name": "nightly-crawl", "title": "Nightly crawl", "options": {"build": "latest", "memoryMbytes": 1024},
			"input": {"startUrls": [{"url": "https://example.com"}]}}`, true},
		"by another input": {`{"name": "nightly-crawl", "title": "Nightly crawl", "options": {"build": "latest", "memoryMbytes": 1024},
			"input": {"startUrls": [{"url": "https://example.com"}], "maxPages": 1}}`, false},
		"by another title": {`{"name": "nightly-crawl", "title": "Made in Console", "options": {"build": "latest", "memoryMbytes": 1024},
			"input": {"startUrls": [{"url": "https://example.com"}]}}`, false},
	} {
		t.Run(name, func(t *testing.T) {
			fake := apifytest.Start(t)
			stored := fake.AddTask(tt.stored)
			client := newTestClient(t, fake)
			created, err := client.CreateTask(t.Context(), taskInput())
			if tt.adopted {
				if err != nil || !created.Adopted || deref(created.Object.ID) != stored {
					t.Fatalf("CreateTask = %+v, %v; want task %s adopted", created, err, stored)
				}
				return
			}
			taken, ok := errors.AsType[*NameTakenError](err)
			if !ok || taken.ID != stored || !strings.Contains(err.Error(), "(ID "+stored+")") {
				t.Fatalf("err = %v, want a name taken by task %s", err, stored)
			}
			if n := len(fake.Tasks()); n != 1 {
				t.Errorf("tasks on the platform: %d, want the one there before", n)
			}
		})
	}
}

// A task adopted with encrypted input fields, which cannot be compared,
// is updated to what was sent, so its secrets are the configured ones.
func TestCreateTask_adoptedWithEncryptedFieldsIsUpdated(t *testing.T) {
	fake := apifytest.Start(t)
	stored := fake.AddTask(`{"name": "nightly-crawl", "title": "Nightly crawl", "options": {"build": "latest", "memoryMbytes": 1024},
		"input": {"startUrls": [{"url": "https://example.com"}], "password": "ENCRYPTED_VALUE:Hw/uqR==:VfQd2Zb"}}`)
	in := taskInput()
	in.Input = json.RawMessage(`{"startUrls": [{"url": "https://example.com"}], "password": "s3cret-pass"}`)
	client := newTestClient(t, fake)
	created, err := client.CreateTask(t.Context(), in)
	if err != nil || !created.Adopted || deref(created.Object.ID) != stored {
		t.Fatalf("CreateTask = %+v, %v; want task %s adopted", created, err, stored)
	}
	if puts := bodies(t, fake, http.MethodPut); len(puts) != 1 || !strings.Contains(string(created.Object.Input), "s3cret-pass") {
		t.Errorf("updates sent = %d, input now %s; want one update that sets the password", len(puts), created.Object.Input)
	}
}

// A task is found by each of its names: ID, username~name, username/name
// and the bare name in the token's account.
func TestGetTaskByRef(t *testing.T) {
	fake := apifytest.Start(t)
	id := fake.AddTask(`{"name": "weekly-report"}`)
	client := newTestClient(t, fake)
	for _, ref := range []string{id, apifytest.Username + "~weekly-report", apifytest.Username + "/weekly-report", "weekly-report"} {
		task, err := client.GetTaskByRef(t.Context(), ref)
		if err != nil || deref(task.ID) != id {
			t.Errorf("GetTaskByRef(%q) = %v, %v; want task %s", ref, task, err, id)
		}
	}
	for _, ref := range []string{"no-such-task", apifytest.Username + "/no-such-task", "someone~weekly-report"} {
		if _, err := client.GetTaskByRef(t.Context(), ref); !IsNotFound(err) {
			t.Errorf("GetTaskByRef(%q) = %v, want not found", ref, err)
		}
	}
}

// A schedule is found by its ID and by its name, on any page of the list.
func TestGetScheduleByRef(t *testing.T) {
	fake := apifytest.Start(t)
	var want string
	for i := range MaxPageSize + 5 {
		id := fake.AddSchedule(fmt.Sprintf(`{"name": "schedule-%d", "cronExpression": "@daily", "createdAt": "2026-01-01T00:%02d:%02d.000Z"}`, i, i/60, i%60))
		if i == 0 {
			want = id
		}
	}
	client := newTestClient(t, fake)
	for _, ref := range []string{want, "schedule-0"} {
		schedule, err := client.GetScheduleByRef(t.Context(), ref)
		if err != nil || deref(schedule.ID) != want {
			t.Errorf("GetScheduleByRef(%q) = %v, %v; want schedule %s", ref, schedule, err, want)
		}
	}
	if _, err := client.GetScheduleByRef(t.Context(), "no-such-schedule"); !IsNotFound(err) {
		t.Errorf("GetScheduleByRef of no schedule = %v, want not found", err)
	}
}

// ListTasks reads every page and leaves out tasks of other accounts.
func TestListTasks(t *testing.T) {
	fake := apifytest.Start(t)
	for i := range MaxPageSize + 5 {
		fake.AddTask(fmt.Sprintf(`{"name": "task-%d"}`, i))
	}
	fake.AddTask(`{"name": "used-task", "userId": "ZscMwFR5H7eCtWtyh", "username": "someone"}`)
	client := newTestClient(t, fake)
	tasks, err := client.ListTasks(t.Context())
	if err != nil || len(tasks) != MaxPageSize+5 {
		t.Fatalf("ListTasks = %d tasks, %v; want %d", len(tasks), err, MaxPageSize+5)
	}
	seen := map[string]bool{}
	for _, task := range tasks {
		if deref(task.Username) != apifytest.Username || seen[deref(task.ID)] {
			t.Fatalf("task %s of %s listed (twice: %v)", deref(task.ID), deref(task.Username), seen[deref(task.ID)])
		}
		seen[deref(task.ID)] = true
	}
}

// A retry that clashes with the name of its own first create, which the
// look-up did not see yet, adopts it.
func TestCreateTask_retryClashingWithItsOwnCreateAdoptsIt(t *testing.T) {
	fake := apifytest.Start(t)
	fake.DropAfterHandling(apifytest.CreateActorTask.Of(""))
	// The first look-up finds nothing, as a list that lags would.
	fake.QueueFaults(apifytest.GetActorTask.Of(apifytest.Username+"~nightly-crawl"),
		apifytest.Status(http.StatusNotFound, "record-not-found", "Actor task was not found."))
	client := newTestClient(t, fake)
	result, err := client.CreateTask(t.Context(), taskInput())
	if err != nil {
		t.Fatal(err)
	}
	created := result.Object
	if ids := fake.Tasks(); len(ids) != 1 || ids[0] != deref(created.ID) {
		t.Errorf("tasks on the platform = %v, want the one adopted, %s", ids, deref(created.ID))
	}
}

// The values of secret input fields never reach an error's text.
func TestCreateTask_errorsHideTheSecretInput(t *testing.T) {
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.CreateActorTask.Of(""), apifytest.Status(http.StatusBadRequest, "invalid-input",
		`Input field "apiKey" is invalid: "s3cret-key-0042"`))
	client := newTestClient(t, fake)
	in := taskInput()
	in.Secrets = []string{"s3cret-key-0042"}
	_, err := client.CreateTask(t.Context(), in)
	if err == nil || strings.Contains(err.Error(), "s3cret-key-0042") || !strings.Contains(err.Error(), "[redacted]") {
		t.Fatalf("err = %v, want the API's message with the secret redacted", err)
	}
}
