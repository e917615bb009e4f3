package apifytest

import (
	"fmt"
	"strings"
)

// IDs of the dispatches every new Server holds.
const (
	// DispatchSucceeded: an Actor run succeeded; delivered on the first call.
	DispatchSucceeded = "Zib4xbZsmvZeK55ua"
	// DispatchFailed: an Actor run failed; every delivery call failed.
	DispatchFailed = "fQ8xW2nTzLp4VbR6k"
	// DispatchActive: a build succeeded; the first call is still in flight.
	DispatchActive = "Tq3mK9vXcB7yHn2Rd"
	// DispatchTest: a TEST event, which concerns no Actor (null eventData).
	DispatchTest = "Lm5nP8rStUv2Wx4Yz"
	// DispatchTaskTimedOut: a task's run timed out; an ad-hoc webhook.
	DispatchTaskTimedOut = "Hc6dJ2kLq9wEr3TfA"
)

// WebhookID is the webhook most fixtures belong to.
const WebhookID = "asdLZtadYvn4mBZmm"

// UserID owns every fixture.
const UserID = "wRsJZtadYvn4mBZmm"

// Fixtures returns realistic dispatches of several event types and
// statuses, as the API's "data" objects.
func Fixtures() []string {
	dispatch := func(id, webhookID, createdAt, status, eventType, eventData, webhook string, calls ...string) string {
		return fmt.Sprintf(`{"id": %q, "userId": %q, "webhookId": %q, "createdAt": %q, "status": %q, "eventType": %q,
			"eventData": %s, "webhook": %s, "calls": [%s]}`,
			id, UserID, webhookID, createdAt, status, eventType, eventData, webhook, strings.Join(calls, ",\n"))
	}
	summary := func(requestURL string, isAdHoc bool, condition string) string {
		return fmt.Sprintf(`{"actionType": "HTTP_REQUEST", "requestUrl": %q, "isAdHoc": %t, "condition": %s}`, requestURL, isAdHoc, condition)
	}
	runs := summary("https://hooks.example.com/apify/runs", false, `{"actorId": "vvE7iMKuMc5qTHHsR"}`)
	return []string{
		dispatch(DispatchSucceeded, WebhookID, "2026-11-20T09:15:02.118Z", "SUCCEEDED", "ACTOR.RUN.SUCCEEDED",
			`{"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": "JgwXN9BdwxGcu9MMF"}`, runs,
			`{"startedAt": "2026-11-20T09:15:02.201Z", "finishedAt": "2026-11-20T09:15:02.388Z", "errorMessage": null,
				"responseStatus": 200, "responseBody": "{\"ok\":true}"}`),
		dispatch(DispatchFailed, WebhookID, "2026-11-21T14:02:47.530Z", "FAILED", "ACTOR.RUN.FAILED",
			`{"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": "Pq2sDf7GhJk9LmN3b"}`, runs,
			`{"startedAt": "2026-11-21T14:02:47.611Z", "finishedAt": "2026-11-21T14:02:48.009Z",
				"errorMessage": "Request failed with status code 500", "responseStatus": 500, "responseBody": "Internal Server Error"}`,
			`{"startedAt": "2026-11-21T14:03:48.120Z", "finishedAt": "2026-11-21T14:03:48.377Z",
				"errorMessage": "Request failed with status code 502", "responseStatus": 502,
				"responseBody": "<html><body>Bad Gateway</body></html>"}`,
			`{"startedAt": "2026-11-21T14:05:48.402Z", "finishedAt": "2026-11-21T14:06:18.402Z",
				"errorMessage": "Cannot send request: timeout of 30000ms exceeded", "responseStatus": null, "responseBody": null}`),
		dispatch(DispatchActive, WebhookID, "2026-11-26T08:00:00.000Z", "ACTIVE", "ACTOR.BUILD.SUCCEEDED",
			`{"actorId": "vvE7iMKuMc5qTHHsR", "actorBuildId": "HG7ML7M8z78YcAPEB"}`,
			summary("https://hooks.example.com/apify/builds", false, `{"actorId": "vvE7iMKuMc5qTHHsR"}`),
			`{"startedAt": "2026-11-26T08:00:00.090Z", "finishedAt": null, "errorMessage": null, "responseStatus": null,
				"responseBody": null}`),
		dispatch(DispatchTest, WebhookID, "2026-11-19T16:40:11.004Z", "SUCCEEDED", "TEST", "null", runs,
			`{"startedAt": "2026-11-19T16:40:11.090Z", "finishedAt": "2026-11-19T16:40:11.250Z", "errorMessage": null,
				"responseStatus": 204, "responseBody": ""}`),
		dispatch(DispatchTaskTimedOut, "Rk8tYp3wQz6nVb1Xc", "2026-11-24T22:31:59.871Z", "SUCCEEDED", "ACTOR.RUN.TIMED_OUT",
			`{"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": "Wb4nM7qErT2yUi8Op", "actorTaskId": "zRLp8SDOZz2NyLg7K"}`,
			summary("https://ci.example.com/hooks/apify-timeouts", true, `{"actorRunId": "Wb4nM7qErT2yUi8Op"}`),
			`{"startedAt": "2026-11-24T22:32:00.013Z", "finishedAt": "2026-11-24T22:32:00.164Z", "errorMessage": null,
				"responseStatus": 202, "responseBody": "accepted"}`),
	}
}

// The task and the schedule of the playground.
const (
	PlaygroundTaskID     = "zdc3Pyhyz3m8vjDeM"
	PlaygroundScheduleID = "bqK7mP2xR9sTn4Vw1"
)

// PlaygroundSettleReads is how many reads the playground's ACTIVE
// dispatch stays ACTIVE for.
const PlaygroundSettleReads = 3

// NewPlayground starts a fake API for trying configurations by hand and
// for the demo: the fixtures, the webhooks they belong to, the Actors of
// automation.go, a task and a schedule, a
// history of 300 older dispatches of WebhookID for the list data source, and DispatchActive, which is
// delivered after PlaygroundSettleReads reads, so that
// wait_for_final_status completes within seconds.
func NewPlayground() *Server {
	s := NewServer()
	s.AddWebhook(`{"id": "` + WebhookID + `", "userId": "` + UserID + `",
		"createdAt": "2026-10-01T09:00:00.000Z", "modifiedAt": "2026-10-01T09:00:00.000Z", "isAdHoc": false,
		"actionType": "HTTP_REQUEST", "eventTypes": ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED", "TEST"],
		"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}, "requestUrl": "https://hooks.example.com/apify/runs",
		"payloadTemplate": null, "headersTemplate": null, "description": "Runs of the scraper",
		"ignoreSslErrors": false, "doNotRetry": false, "shouldInterpolateStrings": false}`)
	// The ad-hoc webhook of the run that timed out, which the other
	// fixtures do not belong to.
	s.AddWebhook(`{"id": "Rk8tYp3wQz6nVb1Xc", "userId": "` + UserID + `", "isAdHoc": true,
		"eventTypes": ["ACTOR.RUN.TIMED_OUT"], "condition": {"actorRunId": "Wb4nM7qErT2yUi8Op"},
		"requestUrl": "https://ci.example.com/hooks/apify-timeouts"}`)
	// A task and a schedule made in Apify Console, for the data sources.
	s.AddTask(`{"id": "` + PlaygroundTaskID + `", "name": "weekly-report", "title": "Weekly report",
		"options": {"build": "latest", "memoryMbytes": 1024}, "input": {"startUrls": [{"url": "https://shop.example.com"}]}}`)
	s.AddSchedule(`{"id": "` + PlaygroundScheduleID + `", "name": "weekly", "cronExpression": "0 6 * * 1",
		"timezone": "Europe/Prague", "isEnabled": true, "isExclusive": true, "nextRunAt": "2026-12-07T05:00:00.000Z",
		"actions": [{"id": "Ya8cWq3nRt6bLp2Xz", "type": "RUN_ACTOR_TASK", "actorTaskId": "` + PlaygroundTaskID + `"}]}`)
	// A run of the task, finished, for apify_actor_run.
	s.AddRun(`{"actorTaskId": "` + PlaygroundTaskID + `", "startedAt": "2026-12-07T05:00:02.000Z",
		"finishedAt": "2026-12-07T05:03:41.000Z", "status": "SUCCEEDED", "statusMessage": "Finished!",
		"meta": {"origin": "SCHEDULER"}, "usageTotalUsd": 0.0412}`)
	s.AddGeneratedDispatches(WebhookID, 300)
	s.SettleAfter(DispatchActive, PlaygroundSettleReads, "SUCCEEDED")
	return s
}
