package apify

// Dispatch statuses the API documents. The set is open: the API may add
// values, and callers must pass unknown ones through unchanged.
const (
	DispatchStatusActive    = "ACTIVE"
	DispatchStatusSucceeded = "SUCCEEDED"
	DispatchStatusFailed    = "FAILED"
)

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
