package apify

// Dispatch statuses the API documents. Reading passes any other value
// through unchanged, but a filter of the provider's accepts only these.
const (
	DispatchStatusActive    = "ACTIVE"
	DispatchStatusSucceeded = "SUCCEEDED"
	DispatchStatusFailed    = "FAILED"
)

// DispatchStatuses are the dispatch statuses the API documents.
var DispatchStatuses = []string{DispatchStatusActive, DispatchStatusSucceeded, DispatchStatusFailed}

// WebhookEventTypes are the event types of the API description's
// WebhookEventType. The set is open: the API adds event types, and the
// provider passes unknown ones through.
var WebhookEventTypes = []string{
	"ACTOR.BUILD.ABORTED",
	"ACTOR.BUILD.CREATED",
	"ACTOR.BUILD.FAILED",
	"ACTOR.BUILD.SUCCEEDED",
	"ACTOR.BUILD.TIMED_OUT",
	"ACTOR.RUN.ABORTED",
	"ACTOR.RUN.CREATED",
	"ACTOR.RUN.FAILED",
	"ACTOR.RUN.RESURRECTED",
	"ACTOR.RUN.SUCCEEDED",
	"ACTOR.RUN.TIMED_OUT",
	"TEST",
}

// WebhookDispatch is one firing of a webhook: the event that triggered it
// and every HTTP call the platform made to deliver it.
//
// Every field is a pointer (or a nil-able slice) so that a JSON null or an
// absent key stays distinguishable from an empty value all the way to the
// Terraform state.
type WebhookDispatch struct {
	ID        *string               `json:"id"`
	UserID    *string               `json:"userId"`
	WebhookID *string               `json:"webhookId"`
	CreatedAt *string               `json:"createdAt"`
	Status    *string               `json:"status"`
	EventType *string               `json:"eventType"`
	EventData *WebhookEventData     `json:"eventData"`
	Webhook   *WebhookSummary       `json:"webhook"`
	Calls     []WebhookDispatchCall `json:"calls"`
}

// WebhookEventData identifies the Actor, run, build or task the event is
// about. The API sends null for events that concern none, such as TEST.
type WebhookEventData struct {
	ActorID      *string `json:"actorId"`
	ActorRunID   *string `json:"actorRunId"`
	ActorBuildID *string `json:"actorBuildId"`
	ActorTaskID  *string `json:"actorTaskId"`
}

// WebhookSummary describes the webhook that fired, as the API embeds it in
// newer dispatch objects.
type WebhookSummary struct {
	ActionType *string           `json:"actionType"`
	RequestURL *string           `json:"requestUrl"`
	IsAdHoc    *bool             `json:"isAdHoc"`
	Condition  *WebhookCondition `json:"condition"`
}

// WebhookCondition is what a webhook watches: an Actor, a task or one run.
type WebhookCondition struct {
	ActorID     *string `json:"actorId"`
	ActorTaskID *string `json:"actorTaskId"`
	ActorRunID  *string `json:"actorRunId"`
}

// WebhookDispatchCall is one HTTP request the platform made to deliver a
// dispatch, with the response it got, if any.
type WebhookDispatchCall struct {
	StartedAt      *string `json:"startedAt"`
	FinishedAt     *string `json:"finishedAt"`
	ErrorMessage   *string `json:"errorMessage"`
	ResponseStatus *int64  `json:"responseStatus"`
	ResponseBody   *string `json:"responseBody"`
}
