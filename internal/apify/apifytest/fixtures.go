package apifytest

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
	return []string{
		`{
			"id": "` + DispatchSucceeded + `",
			"userId": "` + UserID + `",
			"webhookId": "` + WebhookID + `",
			"createdAt": "2026-11-20T09:15:02.118Z",
			"status": "SUCCEEDED",
			"eventType": "ACTOR.RUN.SUCCEEDED",
			"eventData": {"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": "JgwXN9BdwxGcu9MMF"},
			"webhook": {
				"actionType": "HTTP_REQUEST",
				"requestUrl": "https://hooks.example.com/apify/runs",
				"isAdHoc": false,
				"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}
			},
			"calls": [
				{
					"startedAt": "2026-11-20T09:15:02.201Z",
					"finishedAt": "2026-11-20T09:15:02.388Z",
					"errorMessage": null,
					"responseStatus": 200,
					"responseBody": "{\"ok\":true}"
				}
			]
		}`,
		`{
			"id": "` + DispatchFailed + `",
			"userId": "` + UserID + `",
			"webhookId": "` + WebhookID + `",
			"createdAt": "2026-11-21T14:02:47.530Z",
			"status": "FAILED",
			"eventType": "ACTOR.RUN.FAILED",
			"eventData": {"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": "Pq2sDf7GhJk9LmN3b"},
			"webhook": {
				"actionType": "HTTP_REQUEST",
				"requestUrl": "https://hooks.example.com/apify/runs",
				"isAdHoc": false,
				"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}
			},
			"calls": [
				{
					"startedAt": "2026-11-21T14:02:47.611Z",
					"finishedAt": "2026-11-21T14:02:48.009Z",
					"errorMessage": "Request failed with status code 500",
					"responseStatus": 500,
					"responseBody": "Internal Server Error"
				},
				{
					"startedAt": "2026-11-21T14:03:48.120Z",
					"finishedAt": "2026-11-21T14:03:48.377Z",
					"errorMessage": "Request failed with status code 502",
					"responseStatus": 502,
					"responseBody": "<html><body>Bad Gateway</body></html>"
				},
				{
					"startedAt": "2026-11-21T14:05:48.402Z",
					"finishedAt": "2026-11-21T14:06:18.402Z",
					"errorMessage": "Cannot send request: timeout of 30000ms exceeded",
					"responseStatus": null,
					"responseBody": null
				}
			]
		}`,
		`{
			"id": "` + DispatchActive + `",
			"userId": "` + UserID + `",
			"webhookId": "` + WebhookID + `",
			"createdAt": "2026-11-26T08:00:00.000Z",
			"status": "ACTIVE",
			"eventType": "ACTOR.BUILD.SUCCEEDED",
			"eventData": {"actorId": "vvE7iMKuMc5qTHHsR", "actorBuildId": "HG7ML7M8z78YcAPEB"},
			"webhook": {
				"actionType": "HTTP_REQUEST",
				"requestUrl": "https://hooks.example.com/apify/builds",
				"isAdHoc": false,
				"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}
			},
			"calls": [
				{
					"startedAt": "2026-11-26T08:00:00.090Z",
					"finishedAt": null,
					"errorMessage": null,
					"responseStatus": null,
					"responseBody": null
				}
			]
		}`,
		`{
			"id": "` + DispatchTest + `",
			"userId": "` + UserID + `",
			"webhookId": "` + WebhookID + `",
			"createdAt": "2026-11-19T16:40:11.004Z",
			"status": "SUCCEEDED",
			"eventType": "TEST",
			"eventData": null,
			"webhook": {
				"actionType": "HTTP_REQUEST",
				"requestUrl": "https://hooks.example.com/apify/runs",
				"isAdHoc": false,
				"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}
			},
			"calls": [
				{
					"startedAt": "2026-11-19T16:40:11.090Z",
					"finishedAt": "2026-11-19T16:40:11.250Z",
					"errorMessage": null,
					"responseStatus": 204,
					"responseBody": ""
				}
			]
		}`,
		`{
			"id": "` + DispatchTaskTimedOut + `",
			"userId": "` + UserID + `",
			"webhookId": "Rk8tYp3wQz6nVb1Xc",
			"createdAt": "2026-11-24T22:31:59.871Z",
			"status": "SUCCEEDED",
			"eventType": "ACTOR.RUN.TIMED_OUT",
			"eventData": {
				"actorId": "vvE7iMKuMc5qTHHsR",
				"actorRunId": "Wb4nM7qErT2yUi8Op",
				"actorTaskId": "zRLp8SDOZz2NyLg7K"
			},
			"webhook": {
				"actionType": "HTTP_REQUEST",
				"requestUrl": "https://ci.example.com/hooks/apify-timeouts",
				"isAdHoc": true,
				"condition": {"actorRunId": "Wb4nM7qErT2yUi8Op"}
			},
			"calls": [
				{
					"startedAt": "2026-11-24T22:32:00.013Z",
					"finishedAt": "2026-11-24T22:32:00.164Z",
					"errorMessage": null,
					"responseStatus": 202,
					"responseBody": "accepted"
				}
			]
		}`,
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
	s.AddGeneratedDispatches(WebhookID, 300)
	s.SettleAfter(DispatchActive, PlaygroundSettleReads, "SUCCEEDED")
	return s
}
