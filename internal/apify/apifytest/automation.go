package apifytest

import (
	"maps"
	"net/http"
	"time"

	"github.com/apify/terraform-provider-apify/internal/cronexpr"
)

// What a webhook watches and what runs it: Actors (read only), Actor
// tasks and schedules, as the API description defines their operations,
// and the account the token belongs to. A task or a schedule is stored as
// the JSON object GET returns; names are unique in the account, as the
// description's error types actor-task-name-not-unique and
// schedule-name-not-unique say.

// Username is the account of UserID, which the token belongs to.
const Username = "janedoe"

// Actors every new Server holds: one of the account's own and one of
// Apify's, public.
const (
	ActorID      = "vvE7iMKuMc5qTHHsR"
	ActorName    = "my-scraper"
	StoreActorID = "moJRLRc85AitArpNN"
)

// actorFixtures are the Actors every new Server holds.
func actorFixtures() map[string]map[string]any {
	actor := func(id, userID, username, name, title string, public bool) map[string]any {
		return map[string]any{
			"id": id, "userId": userID, "name": name, "username": username, "title": title,
			"description": nil, "isPublic": public,
			"createdAt": "2026-01-05T10:00:00.000Z", "modifiedAt": "2026-09-15T08:30:00.000Z",
			"stats":    map[string]any{"totalBuilds": 12, "totalRuns": 140},
			"versions": []any{},
			"defaultRunOptions": map[string]any{
				"build": "latest", "timeoutSecs": 3600, "memoryMbytes": 1024, "restartOnError": false,
			},
		}
	}
	return map[string]map[string]any{
		ActorID:      actor(ActorID, UserID, Username, ActorName, "My scraper", false),
		StoreActorID: actor(StoreActorID, "ZscMwFR5H7eCtWtyh", "apify", "web-scraper", "Web Scraper", true),
	}
}

// findByRef returns the object of objects a path names: by its ID, or as
// "username~name", as the description's actorId and actorTaskId take
// them. The caller holds s.mu.
func findByRef(objects map[string]map[string]any, ref string) map[string]any {
	if object := objects[ref]; object != nil {
		return object
	}
	for _, object := range objects {
		if stringField(object, "username")+"~"+stringField(object, "name") == ref {
			return object
		}
	}
	return nil
}

// actorGet serves GET /v2/actors/{actorId}.
func (s *Server) actorGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writeObject(w, http.StatusOK, findByRef(s.actors, r.PathValue("actorId")), "Actor was not found.")
}

// usersMeGet serves GET /v2/users/me.
func (s *Server) usersMeGet(w http.ResponseWriter, _ *http.Request) {
	feature := map[string]any{
		"isEnabled": true, "disabledReason": nil, "disabledReasonType": nil, "isTrial": false, "trialExpirationAt": nil,
	}
	features := map[string]any{}
	for _, name := range []string{
		"ACTORS", "STORAGE", "SCHEDULER", "PROXY", "PROXY_EXTERNAL_ACCESS", "PROXY_RESIDENTIAL", "PROXY_SERPS",
		"WEBHOOKS", "ACTORS_PUBLIC_ALL", "ACTORS_PUBLIC_DEVELOPER",
	} {
		features[name] = feature
	}
	s.writeObject(w, http.StatusOK, map[string]any{
		"id": UserID, "username": Username, "isPaying": false, "effectivePlatformFeatures": features,
		"plan": map[string]any{"availableProxyGroups": map[string]any{}},
	}, "")
}

// taskFields and scheduleFields are the fields a create or an update may
// set. "description" of a task is not in the description; Apify's
// clients send it.
var (
	taskFields     = []string{"name", "title", "description", "options", "input", "actorStandby"}
	scheduleFields = []string{"name", "title", "description", "cronExpression", "timezone", "isEnabled", "isExclusive", "actions", "notifications"}
)

// actorTasksPost serves POST /v2/actor-tasks.
func (s *Server) actorTasksPost(w http.ResponseWriter, r *http.Request) {
	fields, ok := readFields(w, r)
	if !ok || !required(w, fields, "name") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	actor := s.actors[stringField(fields, "actId")]
	if actor == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Actor was not found.")
		return
	}
	now := time.Now().UTC().Format(timeLayout)
	task := map[string]any{
		"id": newID(), "userId": UserID, "actId": actor["id"], "username": Username,
		"createdAt": now, "modifiedAt": now, "removedAt": nil, "stats": map[string]any{"totalRuns": 0},
		"title": nil, "description": nil, "options": nil, "input": nil,
	}
	if s.storeNamed(w, s.tasks, task, fields, taskFields, http.StatusConflict, "actor-task-name-not-unique") {
		s.writeObject(w, http.StatusCreated, task, "")
	}
}

// required answers 400 when fields lacks one of names. The description
// requires none of them, but the provider always sends them; what the
// platform does without one it does not say, so the fake refuses such a
// request rather than make a value up.
func required(w http.ResponseWriter, fields map[string]any, names ...string) bool {
	for _, name := range names {
		if fields[name] == nil {
			writeError(w, http.StatusBadRequest, "invalid-input", "The fake Apify API needs "+name+" in this request.")
			return false
		}
	}
	return true
}

// storeNamed sets the fields of fields present in names on object, and
// stores it in objects unless another object there has its name, which
// is answered with status and errType. The caller holds s.mu.
func (s *Server) storeNamed(w http.ResponseWriter, objects map[string]map[string]any, object, fields map[string]any,
	names []string, status int, errType string,
) bool {
	for _, name := range names {
		if v, present := fields[name]; present {
			object[name] = v
		}
	}
	for id, other := range objects {
		if id != object["id"] && other["name"] == object["name"] {
			writeError(w, status, errType, "Record with the given name already exists.")
			return false
		}
	}
	objects[stringField(object, "id")] = object
	return true
}

// actorTaskGet serves GET /v2/actor-tasks/{actorTaskId}.
func (s *Server) actorTaskGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writeObject(w, http.StatusOK, findByRef(s.tasks, r.PathValue("actorTaskId")), "Actor task was not found.")
}

// actorTaskPut serves PUT /v2/actor-tasks/{actorTaskId}: the fields the
// body holds are set, null clearing one; the others are left as they are.
func (s *Server) actorTaskPut(w http.ResponseWriter, r *http.Request) {
	s.update(w, r, func() map[string]any { return findByRef(s.tasks, r.PathValue("actorTaskId")) }, "Actor task was not found.",
		func(updated, fields map[string]any) {
			if s.storeNamed(w, s.tasks, updated, fields, taskFields, http.StatusConflict, "actor-task-name-not-unique") {
				s.writeObject(w, http.StatusOK, updated, "")
			}
		})
}

// actorTaskDelete serves DELETE /v2/actor-tasks/{actorTaskId}.
func (s *Server) actorTaskDelete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteObject(w, s.tasks, findByRef(s.tasks, r.PathValue("actorTaskId")), "Actor task was not found.")
}

// actorTasksGet serves GET /v2/actor-tasks, the account's tasks as the
// description's TaskShort gives them.
func (s *Server) actorTasksGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []pageItem{}
	for _, task := range sortedNewestFirst(s.tasks) {
		short := map[string]any{}
		for _, key := range []string{"id", "userId", "actId", "name", "username", "createdAt", "modifiedAt", "stats"} {
			short[key] = task[key]
		}
		if actor := s.actors[stringField(task, "actId")]; actor != nil {
			short["actName"], short["actUsername"] = actor["name"], actor["username"]
		}
		items = append(items, pageItem{short, false})
	}
	s.writePage(w, r, items)
}

// schedulesPost serves POST /v2/schedules. A cron expression or a time
// zone the fake cannot read is refused with the description's
// cron-expression-invalid.
func (s *Server) schedulesPost(w http.ResponseWriter, r *http.Request) {
	fields, ok := readFields(w, r)
	if !ok || !required(w, fields, "name", "cronExpression", "timezone", "isEnabled", "isExclusive") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now().UTC().Format(timeLayout)
	schedule := map[string]any{
		"id": newID(), "userId": UserID, "createdAt": now, "modifiedAt": now,
		"title": nil, "description": nil, "lastRunAt": nil, "notifications": map[string]any{"email": true},
		"actions": []any{},
	}
	if s.storeSchedule(w, schedule, fields, http.StatusConflict) {
		s.writeObject(w, http.StatusCreated, schedule, "")
	}
}

// storeSchedule sets fields on schedule, giving each action an ID and
// working out the next run, and stores it; a name another schedule has
// is answered with clash. An action of an Actor or a task the fake does
// not hold is refused with the description's schedule-actor-not-found or
// schedule-actor-task-not-found. The caller holds s.mu.
func (s *Server) storeSchedule(w http.ResponseWriter, schedule, fields map[string]any, clash int) bool {
	if actions, ok := fields["actions"].([]any); ok {
		for _, action := range actions {
			a, _ := action.(map[string]any)
			switch {
			case a["type"] == "RUN_ACTOR" && s.actors[stringField(a, "actorId")] == nil:
				writeError(w, http.StatusNotFound, "schedule-actor-not-found", "Actor of the schedule's action was not found.")
				return false
			case a["type"] == "RUN_ACTOR_TASK" && s.tasks[stringField(a, "actorTaskId")] == nil:
				writeError(w, http.StatusNotFound, "schedule-actor-task-not-found", "Actor task of the schedule's action was not found.")
				return false
			}
			a["id"] = newID()
		}
	} else if _, present := fields["actions"]; present {
		fields["actions"] = []any{}
	}
	next, err := nextRun(fields, schedule)
	if err != nil {
		writeError(w, http.StatusBadRequest, "cron-expression-invalid", err.Error())
		return false
	}
	if !s.storeNamed(w, s.schedules, schedule, fields, scheduleFields, clash, "schedule-name-not-unique") {
		return false
	}
	schedule["nextRunAt"] = next
	return true
}

// nextRun is the next run of a schedule after fields are set on it: nil
// when it is disabled.
func nextRun(fields, schedule map[string]any) (any, error) {
	field := func(name string) any {
		if v, present := fields[name]; present && v != nil {
			return v
		}
		return schedule[name]
	}
	expression, _ := field("cronExpression").(string)
	zone, _ := field("timezone").(string)
	location, err := time.LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	parsed, err := cronexpr.Parse(expression)
	if err != nil {
		return nil, err
	}
	next := parsed.Next(time.Now().In(location))
	if field("isEnabled") != true || next.IsZero() {
		return nil, nil
	}
	return next.UTC().Format(timeLayout), nil
}

// scheduleGet serves GET /v2/schedules/{scheduleId}.
func (s *Server) scheduleGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writeObject(w, http.StatusOK, s.schedules[r.PathValue("scheduleId")], "Schedule was not found.")
}

// schedulePut serves PUT /v2/schedules/{scheduleId}: the fields the body
// holds are set, the actions replaced whole; the others are left as they
// are.
func (s *Server) schedulePut(w http.ResponseWriter, r *http.Request) {
	s.update(w, r, func() map[string]any { return s.schedules[r.PathValue("scheduleId")] }, "Schedule was not found.",
		func(updated, fields map[string]any) {
			// The description lists 400, not 409, for the update.
			if s.storeSchedule(w, updated, fields, http.StatusBadRequest) {
				s.writeObject(w, http.StatusOK, updated, "")
			}
		})
}

// scheduleDelete serves DELETE /v2/schedules/{scheduleId}.
func (s *Server) scheduleDelete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteObject(w, s.schedules, s.schedules[r.PathValue("scheduleId")], "Schedule was not found.")
}

// schedulesGet serves GET /v2/schedules, the account's schedules as the
// description's ScheduleShort gives them.
func (s *Server) schedulesGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []pageItem{}
	for _, schedule := range sortedNewestFirst(s.schedules) {
		short := maps.Clone(schedule)
		delete(short, "title")
		delete(short, "description")
		delete(short, "notifications")
		actions := []any{}
		stored, _ := schedule["actions"].([]any)
		for _, action := range stored {
			a, _ := action.(map[string]any)
			actions = append(actions, map[string]any{"id": a["id"], "type": a["type"], "actorId": a["actorId"], "actorTaskId": a["actorTaskId"]})
		}
		short["actions"] = dropNil(actions)
		items = append(items, pageItem{short, false})
	}
	s.writePage(w, r, items)
}

// dropNil removes the keys with nil values from each object of objects.
func dropNil(objects []any) []any {
	for _, o := range objects {
		if object, ok := o.(map[string]any); ok {
			maps.DeleteFunc(object, func(_ string, v any) bool { return v == nil })
		}
	}
	return objects
}

// Task returns a stored task as JSON, and whether there is one.
func (s *Server) Task(id string) (string, bool) { return s.object(s.tasks, id) }

// Schedule returns a stored schedule as JSON, and whether there is one.
func (s *Server) Schedule(id string) (string, bool) { return s.object(s.schedules, id) }

// Tasks returns the IDs of the stored tasks, newest first.
func (s *Server) Tasks() []string { return s.ids(s.tasks) }

// Schedules returns the IDs of the stored schedules, newest first.
func (s *Server) Schedules() []string { return s.ids(s.schedules) }

// ChangeTask changes fields of a stored task as Apify Console would: each
// field of the JSON object changes is set. It panics when there is no
// such task, a mistake in a test.
func (s *Server) ChangeTask(id, changes string) { s.change(s.tasks, id, changes) }

// ChangeSchedule changes fields of a stored schedule as ChangeTask does.
func (s *Server) ChangeSchedule(id, changes string) { s.change(s.schedules, id, changes) }

// DeleteTask deletes a stored task, as Apify Console would.
func (s *Server) DeleteTask(id string) { s.remove(s.tasks, id) }

// DeleteSchedule deletes a stored schedule, as Apify Console would.
func (s *Server) DeleteSchedule(id string) { s.remove(s.schedules, id) }

// AddTask stores a task of ActorID given as fields of the JSON object the
// API returns, such as one made in Apify Console; it returns its ID.
func (s *Server) AddTask(fields string) string {
	now := time.Now().UTC().Format(timeLayout)
	return s.add(s.tasks, fields, map[string]any{
		"id": newID(), "userId": UserID, "actId": ActorID, "username": Username, "createdAt": now, "modifiedAt": now,
		"stats": map[string]any{"totalRuns": 0}, "options": nil, "input": nil, "title": nil,
	})
}

// AddSchedule stores a schedule given as fields of the JSON object the
// API returns, such as one made in Apify Console; it returns its ID.
func (s *Server) AddSchedule(fields string) string {
	now := time.Now().UTC().Format(timeLayout)
	return s.add(s.schedules, fields, map[string]any{
		"id": newID(), "userId": UserID, "createdAt": now, "modifiedAt": now, "timezone": "UTC",
		"isEnabled": false, "isExclusive": false, "nextRunAt": nil, "lastRunAt": nil, "actions": []any{},
	})
}
