package apify

import (
	"encoding/json"
	"errors"
	"net/http"
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
	created, err := client.CreateTask(t.Context(), taskInput())
	if err != nil {
		t.Fatal(err)
	}
	checkString(t, "actId", created.ActID, apifytest.ActorID)
	checkString(t, "name", created.Name, "nightly-crawl")
	if !sameJSON(created.Input, taskInput().Input) {
		t.Errorf("input = %s, want the one sent", created.Input)
	}
	byName, err := client.GetTask(t.Context(), apifytest.Username+"~nightly-crawl")
	if err != nil || deref(byName.ID) != deref(created.ID) {
		t.Fatalf("read by username~name = %v, %v; want task %s", byName, err, deref(created.ID))
	}
	in := taskInput()
	in.Options, in.Input, in.Title = nil, nil, nil
	updated, err := client.UpdateTask(t.Context(), deref(created.ID), in)
	if err != nil {
		t.Fatal(err)
	}
	if updated.Options != nil || updated.Title != nil || string(updated.Input) != "null" {
		t.Errorf("after an update clearing them: options %+v, title %v, input %s; want none", updated.Options, updated.Title, updated.Input)
	}
	puts := bodies(t, fake, http.MethodPut)
	if _, sent := puts[0]["actId"]; sent {
		t.Errorf("the update sent actId: %v", puts[0])
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
	created, err := client.CreateTask(t.Context(), taskInput())
	if err != nil {
		t.Fatal(err)
	}
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

func scheduleInput() ScheduleInput {
	return ScheduleInput{
		Name: "nightly", CronExpression: "0 3 * * *", Timezone: "Europe/Prague", IsEnabled: true,
		Actions: []ScheduleAction{
			{Type: ScheduleActionRunActorTask, ActorTaskID: new("zdc3Pyhyz3m8vjDeM"), Input: json.RawMessage(`{"maxPages": 5}`)},
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
	fake.DropAfterHandling(apifytest.CreateSchedule.Of(""))
	client := newTestClient(t, fake)
	created, err := client.CreateSchedule(t.Context(), scheduleInput())
	if err != nil {
		t.Fatal(err)
	}
	if len(fake.Schedules()) != 1 || len(created.Actions) != 2 || deref(created.Actions[0].ID) == "" || created.NextRunAt == nil {
		t.Fatalf("schedules %v; created %+v: want one, with two actions that have IDs and a next run", fake.Schedules(), created)
	}
	in := scheduleInput()
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
