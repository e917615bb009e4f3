package apifytest

import (
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Actor runs, as the API description's Run gives them: a run started
// through a task or an Actor goes READY, RUNNING and then to its final
// status over reads of it, and each of its events fires the webhooks that
// watch its Actor or task, which the fake delivers as it does a test.
//
// What the fake invents, since the description cannot say what a run
// does:
//   - how a run ends: SUCCEEDED, unless its input's "fakeRunOutcome" names
//     FAILED, TIMED-OUT or ABORTED (the playground documents it);
//   - how long it runs: READY for its first read, then RUNNING for
//     RunReads reads (2 unless SetRunReads or the input's "fakeRunReads"
//     says otherwise), then final. A read with waitForFinish counts as one
//     read: the fake never holds a request;
//   - its figures: exit code, status message, usage and statistics;
//   - the dispatches its events fire are delivered at once, where the
//     platform takes a moment.

// DefaultRunReads is how many reads a run stays RUNNING for.
const DefaultRunReads = 2

// storedRun is a run the fake serves.
type storedRun struct {
	fields map[string]any
	// runningReads is how many more reads the run stays RUNNING for,
	// crawled how many it has been read RUNNING; final is how it ends.
	runningReads, crawled int
	final                 string
}

// SetRunReads sets how many reads a new run stays RUNNING for.
func (s *Server) SetRunReads(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runReads = n
}

// Runs returns the IDs of the runs the fake holds, oldest first.
func (s *Server) Runs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.runOrder...)
}

// Run returns the run id as the API returns it.
func (s *Server) Run(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	run := s.runs[id]
	if run == nil {
		return "", false
	}
	raw, _ := json.Marshal(run.fields)
	return string(raw), true
}

// actorTaskRunsPost serves POST /v2/actor-tasks/{actorTaskId}/runs: a run
// of the task's Actor with the task's input, the body's fields over it.
func (s *Server) actorTaskRunsPost(w http.ResponseWriter, r *http.Request) {
	override, ok := readFields(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	task := findByRef(s.tasks, r.PathValue("actorTaskId"))
	if task == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Actor task was not found.")
		return
	}
	input, _ := task["input"].(map[string]any)
	merged := maps.Clone(input)
	if merged == nil {
		merged = map[string]any{}
	}
	maps.Copy(merged, override)
	options, _ := task["options"].(map[string]any)
	s.startRun(w, r, stringField(task, "actId"), task["id"], options, merged)
}

// actorRunsPost serves POST /v2/actors/{actorId}/runs.
func (s *Server) actorRunsPost(w http.ResponseWriter, r *http.Request) {
	input, ok := readFields(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	actor := findByRef(s.actors, r.PathValue("actorId"))
	if actor == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Actor was not found.")
		return
	}
	s.startRun(w, r, stringField(actor, "id"), nil, nil, input)
}

// startRun stores a new run of actorID (of task taskID, or nil) with
// input, its options those of the Actor overridden by the task's and then
// by the query's, fires ACTOR.RUN.CREATED and answers 201. The caller
// holds s.mu.
func (s *Server) startRun(w http.ResponseWriter, r *http.Request, actorID string, taskID any, taskOptions, input map[string]any) {
	actor := s.actors[actorID]
	defaults, _ := actor["defaultRunOptions"].(map[string]any)
	options := map[string]any{"build": "latest", "timeoutSecs": 3600, "memoryMbytes": 1024, "diskMbytes": 2048}
	for _, from := range []map[string]any{defaults, taskOptions} {
		for _, name := range []string{"build", "timeoutSecs", "memoryMbytes", "maxItems", "maxTotalChargeUsd"} {
			if v, ok := from[name]; ok && v != nil {
				options[name] = v
			}
		}
	}
	query := r.URL.Query()
	for param, name := range map[string]string{"timeout": "timeoutSecs", "memory": "memoryMbytes", "maxItems": "maxItems"} {
		if v := query.Get(param); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				writeError(w, http.StatusBadRequest, "invalid-input", "The "+param+" parameter must be a whole number.")
				return
			}
			options[name] = n
		}
	}
	if v := query.Get("maxTotalChargeUsd"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalid-input", "The maxTotalChargeUsd parameter must be a number.")
			return
		}
		options["maxTotalChargeUsd"] = f
	}
	if v := query.Get("build"); v != "" {
		options["build"] = v
	}
	options["diskMbytes"] = 2 * toInt(options["memoryMbytes"])

	run := &storedRun{runningReads: s.runReads, final: "SUCCEEDED"}
	if outcome, _ := input["fakeRunOutcome"].(string); outcome != "" {
		run.final = outcome
	}
	if reads, ok := input["fakeRunReads"]; ok {
		run.runningReads = toInt(reads)
	}
	body, _ := json.Marshal(input)
	id := newID()
	run.fields = map[string]any{
		"id": id, "actId": actorID, "userId": UserID, "actorTaskId": taskID,
		"startedAt": time.Now().UTC().Format(timeLayout), "finishedAt": nil,
		"status": "READY", "statusMessage": nil, "isStatusMessageTerminal": nil,
		"meta":    map[string]any{"origin": "API", "userAgent": r.UserAgent()},
		"stats":   map[string]any{"inputBodyLen": len(body), "restartCount": 0, "resurrectCount": 0, "computeUnits": 0},
		"options": options, "buildId": "HG7ML7M8z78YcAPEB", "buildNumber": "0.1.2", "exitCode": nil,
		"generalAccess": "FOLLOW_USER_SETTING", "defaultKeyValueStoreId": newID(), "defaultDatasetId": newID(),
		"defaultRequestQueueId": newID(), "usageTotalUsd": 0,
	}
	s.runs[id] = run
	s.runOrder = append(s.runOrder, id)
	s.fireRunEvent(run, "ACTOR.RUN.CREATED")
	s.writeObject(w, http.StatusCreated, run.fields, "")
}

// toInt reads a whole number the fake stored, from JSON or from Go.
func toInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case float64:
		return int(n)
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	}
	return 0
}

// advanceRun counts one read of run: READY becomes RUNNING, and RUNNING
// ends after its reads, firing the event of its final status. The caller
// holds s.mu.
func (s *Server) advanceRun(run *storedRun) {
	switch run.fields["status"] {
	case "READY":
		run.fields["status"], run.fields["statusMessage"] = "RUNNING", "Starting the crawler"
	case "RUNNING":
		if run.runningReads > 0 {
			run.runningReads--
			run.crawled += 10
			run.fields["statusMessage"] = "Crawled " + strconv.Itoa(run.crawled) + " pages"
			return
		}
		now := time.Now().UTC()
		started, _ := time.Parse(timeLayout, stringField(run.fields, "startedAt"))
		run.fields["status"], run.fields["finishedAt"] = run.final, now.Format(timeLayout)
		run.fields["isStatusMessageTerminal"] = true
		run.fields["usageTotalUsd"] = 0.0123
		stats, _ := run.fields["stats"].(map[string]any)
		stats["runTimeSecs"], stats["durationMillis"], stats["computeUnits"] = now.Sub(started).Seconds(), now.Sub(started).Milliseconds(), 0.0031
		exitCode, message := 0, "Finished! Total 100 requests: 100 succeeded, 0 failed."
		switch run.final {
		case "FAILED":
			exitCode, message = 1, "The Actor process exited with code 1: Error: cannot reach the start URL"
		case "TIMED-OUT":
			options, _ := run.fields["options"].(map[string]any)
			exitCode, message = -1, "The Actor run timed out after "+strconv.Itoa(toInt(options["timeoutSecs"]))+" seconds"
		case "ABORTED":
			exitCode, message = -1, "The Actor run was aborted"
		}
		run.fields["statusMessage"] = message
		if exitCode >= 0 {
			run.fields["exitCode"] = exitCode
		}
		s.fireRunEvent(run, "ACTOR.RUN."+strings.ReplaceAll(run.final, "-", "_"))
	}
}

// fireRunEvent creates a dispatch of eventType for every webhook that
// watches run's Actor or task and has that event type. The caller holds
// s.mu.
func (s *Server) fireRunEvent(run *storedRun, eventType string) {
	taskID, _ := run.fields["actorTaskId"].(string)
	eventData := map[string]any{"actorId": run.fields["actId"], "actorRunId": run.fields["id"]}
	if taskID != "" {
		eventData["actorTaskId"] = taskID
	}
	for _, webhook := range sortedNewestFirst(s.webhooks) {
		condition, _ := webhook["condition"].(map[string]any)
		watches := (taskID != "" && condition["actorTaskId"] == taskID) || condition["actorId"] == run.fields["actId"]
		types, _ := webhook["eventTypes"].([]any)
		fires := false
		for _, t := range types {
			fires = fires || t == eventType
		}
		if watches && fires {
			// Delivered at once, so that a list read right after the run
			// shows how.
			d := s.fire(webhook, eventType, eventData)
			d.settle.readsLeft, d.unreadable = 1, 0
			s.advanceSettling(d)
		}
	}
}

// actorRunGet serves GET /v2/actor-runs/{runId}.
func (s *Server) actorRunGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writeRun(w, s.runs[r.PathValue("runId")])
}

// writeRun answers with run after counting a read of it, or 404. The
// caller holds s.mu.
func (s *Server) writeRun(w http.ResponseWriter, run *storedRun) {
	if run == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Actor run was not found.")
		return
	}
	s.advanceRun(run)
	s.writeObject(w, http.StatusOK, run.fields, "")
}

// actorTaskRunsLastGet serves GET /v2/actor-tasks/{actorTaskId}/runs/last.
func (s *Server) actorTaskRunsLastGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	task := findByRef(s.tasks, r.PathValue("actorTaskId"))
	if task == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Actor task was not found.")
		return
	}
	s.writeRun(w, s.lastRun(r, func(run *storedRun) bool { return run.fields["actorTaskId"] == task["id"] }))
}

// actorRunsLastGet serves GET /v2/actors/{actorId}/runs/last.
func (s *Server) actorRunsLastGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	actor := findByRef(s.actors, r.PathValue("actorId"))
	if actor == nil {
		writeError(w, http.StatusNotFound, "record-not-found", "Actor was not found.")
		return
	}
	s.writeRun(w, s.lastRun(r, func(run *storedRun) bool { return run.fields["actId"] == actor["id"] }))
}

// lastRun is the newest run of, among those whose status is one of the
// query's "status" (comma-separated, any when absent). The caller holds
// s.mu.
func (s *Server) lastRun(r *http.Request, of func(*storedRun) bool) *storedRun {
	statuses := r.URL.Query().Get("status")
	for i := len(s.runOrder) - 1; i >= 0; i-- {
		run := s.runs[s.runOrder[i]]
		status, _ := run.fields["status"].(string)
		if of(run) && (statuses == "" || strings.Contains(","+statuses+",", ","+status+",")) {
			return run
		}
	}
	return nil
}

// AddRun stores a run given as fields of the JSON object the API returns,
// such as one started in Apify Console, finished unless fields say
// otherwise; it returns its ID. A run left RUNNING ends SUCCEEDED after
// the reads a new run takes.
func (s *Server) AddRun(fields string) string {
	now := time.Now().UTC().Format(timeLayout)
	run := decodeFields(fields)
	fillDefaults(run, map[string]any{
		"id": newID(), "actId": ActorID, "userId": UserID, "actorTaskId": nil, "startedAt": now, "finishedAt": now,
		"status": "SUCCEEDED", "statusMessage": nil, "meta": map[string]any{"origin": "WEB"}, "stats": map[string]any{},
		"options": map[string]any{"build": "latest", "timeoutSecs": 3600, "memoryMbytes": 1024, "diskMbytes": 2048},
		"buildId": "HG7ML7M8z78YcAPEB", "exitCode": 0, "generalAccess": "FOLLOW_USER_SETTING",
		"defaultKeyValueStoreId": newID(), "defaultDatasetId": newID(), "defaultRequestQueueId": newID(),
	})
	id, _ := run["id"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs[id] = &storedRun{fields: run, runningReads: s.runReads, final: "SUCCEEDED"}
	s.runOrder = append(s.runOrder, id)
	return id
}
