package apify

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
)

// Webhook is a webhook as the API returns it: the whole object from
// GET /v2/webhooks/{webhookId}, or the shorter one of a list, which lacks
// the templates and the description. Every field is a pointer (or a
// nil-able slice): the API description marks most of them nullable, and
// a field the list leaves out must stay distinguishable from an empty one.
type Webhook struct {
	ID                       *string              `json:"id"`
	UserID                   *string              `json:"userId"`
	CreatedAt                *string              `json:"createdAt"`
	ModifiedAt               *string              `json:"modifiedAt"`
	IsAdHoc                  *bool                `json:"isAdHoc"`
	EventTypes               []string             `json:"eventTypes"`
	Condition                *WebhookCondition    `json:"condition"`
	ActionType               *string              `json:"actionType"`
	RequestURL               *string              `json:"requestUrl"`
	PayloadTemplate          *string              `json:"payloadTemplate"`
	HeadersTemplate          *string              `json:"headersTemplate"`
	Description              *string              `json:"description"`
	IgnoreSSLErrors          *bool                `json:"ignoreSslErrors"`
	DoNotRetry               *bool                `json:"doNotRetry"`
	ShouldInterpolateStrings *bool                `json:"shouldInterpolateStrings"`
	LastDispatch             *WebhookLastDispatch `json:"lastDispatch"`
	Stats                    *WebhookStats        `json:"stats"`
}

// WebhookLastDispatch is the summary of a webhook's latest dispatch.
type WebhookLastDispatch struct {
	Status     *string `json:"status"`
	FinishedAt *string `json:"finishedAt"`
}

// WebhookStats counts a webhook's dispatches.
type WebhookStats struct {
	TotalDispatches *int64 `json:"totalDispatches"`
}

func (w *Webhook) listID() string        { return deref(w.ID) }
func (w *Webhook) listCreatedAt() string { return deref(w.CreatedAt) }

// WebhookInput is the body of a create (POST) or an update (PUT).
//
// The API leaves a field out of a PUT unchanged, so an update sends every
// field: optional ones the configuration does not set as an explicit JSON
// null, which the description allows for each of them (they are typed
// [string, "null"]). Whether the API then stores null or "" is not said;
// the provider reads either as not set. The two fields a write-only
// attribute may have set are left out of an update that keeps them: an
// empty RequestURL, and KeepHeadersTemplate.
type WebhookInput struct {
	IdempotencyKey *string           `json:"idempotencyKey,omitempty"`
	EventTypes     []string          `json:"eventTypes"`
	Condition      *WebhookCondition `json:"condition"`
	// RequestURL, when empty, is left out: the webhook keeps its URL.
	RequestURL      string  `json:"requestUrl,omitempty"`
	PayloadTemplate *string `json:"payloadTemplate"`
	HeadersTemplate *string `json:"headersTemplate"`
	// KeepHeadersTemplate leaves headersTemplate out, so that the webhook
	// keeps the template it has.
	KeepHeadersTemplate      bool    `json:"-"`
	Description              *string `json:"description"`
	IgnoreSSLErrors          bool    `json:"ignoreSslErrors"`
	DoNotRetry               bool    `json:"doNotRetry"`
	ShouldInterpolateStrings bool    `json:"shouldInterpolateStrings"`
	IsAdHoc                  bool    `json:"isAdHoc"`
}

// MarshalJSON writes in, with headersTemplate left out when it is kept.
func (in WebhookInput) MarshalJSON() ([]byte, error) {
	type fields WebhookInput // without this method
	body := struct {
		fields
		// Shadows the field of the same name: a nil *string in it writes
		// null, and only a nil interface is left out.
		HeadersTemplate any `json:"headersTemplate,omitempty"`
	}{fields: fields(in), HeadersTemplate: in.HeadersTemplate}
	if in.KeepHeadersTemplate {
		body.HeadersTemplate = nil
	}
	return json.Marshal(body)
}

// secrets are the values of the input that errors must not echo.
func (in *WebhookInput) secrets() []string {
	return WebhookSecrets(in.RequestURL, in.HeadersTemplate)
}

// NewIdempotencyKey returns a random key for one create: the API creates a
// webhook once for a key, however often the request is retried.
func NewIdempotencyKey() string {
	return rand.Text()
}

// CreateWebhook creates a webhook. The input should carry an idempotency
// key, so that a retried request cannot create a second webhook.
func (c *Client) CreateWebhook(ctx context.Context, in WebhookInput) (*Webhook, error) {
	return callData[Webhook](ctx, c, apiRequest{method: http.MethodPost, path: "/v2/webhooks", body: in, secrets: in.secrets()})
}

// GetWebhook reads a webhook by its ID.
func (c *Client) GetWebhook(ctx context.Context, id string) (*Webhook, error) {
	return getByID[Webhook](ctx, c, "webhook", "/v2/webhooks", id)
}

// UpdateWebhook sets every field of a webhook to in. A PUT of the same
// body is idempotent, so it is retried like a read.
func (c *Client) UpdateWebhook(ctx context.Context, id string, in WebhookInput) (*Webhook, error) {
	if id == "" {
		return nil, errors.New("the webhook ID is empty")
	}
	defer c.forget(id, nil)
	return callData[Webhook](ctx, c, apiRequest{method: http.MethodPut, path: "/v2/webhooks/" + pathSegment(id), body: in, secrets: in.secrets()})
}

// DeleteWebhook deletes a webhook. One that does not exist is an
// *APIError for which IsNotFound holds.
func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	defer c.forget(id, nil)
	return c.deleteByID(ctx, "webhook", "/v2/webhooks", id)
}

// WebhookScope says whose webhooks ListWebhooks reads: the account's, or
// those of one Actor or one task.
type WebhookScope struct {
	ActorID     string
	ActorTaskID string
}

// ListWebhooks reads the webhooks of scope, newest first, as
// listNewestFirst pages.
func (c *Client) ListWebhooks(ctx context.Context, scope WebhookScope, opts ListOptions) (*List[Webhook], error) {
	path := "/v2/webhooks"
	switch {
	case scope.ActorID != "":
		path = "/v2/actors/" + pathSegment(scope.ActorID) + "/webhooks"
	case scope.ActorTaskID != "":
		path = "/v2/actor-tasks/" + pathSegment(scope.ActorTaskID) + "/webhooks"
	}
	return listNewestFirst[Webhook](ctx, c, path, opts)
}

// TestWebhook has the platform fire a TEST event at a webhook, and returns
// the dispatch it created.
//
// The request has no idempotency key: it is retried only when the API
// certainly refused it (429, or 503 with Retry-After). A connection that
// fails after the request was sent, or a timeout, is an error, since the
// API may have fired the test; a retry could fire a second.
func (c *Client) TestWebhook(ctx context.Context, webhookID string) (*WebhookDispatch, error) {
	if webhookID == "" {
		return nil, errors.New("the webhook ID is empty")
	}
	return callData[WebhookDispatch](ctx, c, apiRequest{
		method: http.MethodPost, path: "/v2/webhooks/" + pathSegment(webhookID) + "/test", refusedOnly: true,
	})
}
