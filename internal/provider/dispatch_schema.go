package provider

import (
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The shape of a webhook dispatch in Terraform, declared once: every data
// source and resource that returns dispatches builds its schema from
// dispatchAttributes, and the mapping takes its object types from the
// same declarations.

// dispatchRequestURLDoc says what a dispatch's webhook.request_url is; each
// schema that has it adds how it keeps it secret.
const dispatchRequestURLDoc = "URL the webhook sends its HTTP request to, such as " +
	"`https://hooks.example.com/in?token=[redacted]`: its scheme, host and path as the dispatch names them, with " +
	"its credentials, path segments of 16 characters or more, query values and fragment replaced by " +
	"`[redacted]`, so that no state holds the secret " +
	"Apify recommends putting in it (a webhook whose URL is write-only keeps it out of the state everywhere). " +
	"Null for actions other than an HTTP request, such as Slack or email notifications."

// dispatchAttributes returns the attributes of a dispatch, all computed,
// without "id", whose role differs between the data sources and the
// resource. They are declared as a resource's, whose top-level values
// only a refresh changes; data sources take them through
// dataSourceAttributes.
func dispatchAttributes() map[string]resourceschema.Attribute {
	return map[string]resourceschema.Attribute{
		"user_id":    keptString("ID of the Apify user who owns the webhook."),
		"webhook_id": keptString("ID of the webhook that fired."),
		"created_at": keptString("When the dispatch was created, as the API's RFC 3339 timestamp, such as `2019-12-12T07:34:14.202Z`."),
		"status": keptString("Delivery status: `ACTIVE` while the platform is still trying to deliver, " +
			"`SUCCEEDED` once a call got a successful response, `FAILED` once it gave up. " +
			"Values the API adds later are passed through as they are, so compare with `==` rather than assume the list is closed."),
		"event_type": keptString("Event that fired the webhook, such as `ACTOR.RUN.SUCCEEDED`, `ACTOR.BUILD.FAILED` or `TEST`. " +
			"Event types the API adds later are passed through as they are."),
		"event_data": keptObject(eventDataAttribute()),
		"webhook":    keptObject(webhookAttribute()),
		"calls":      keptList(callsAttribute()),
	}
}

// dispatchObjectAttributes is a whole dispatch as a nested object, as
// data sources that list dispatches return it.
func dispatchObjectAttributes() map[string]resourceschema.Attribute {
	attrs := dispatchAttributes()
	attrs["id"] = computedString("ID of the webhook dispatch.")
	return attrs
}

func eventDataAttribute() resourceschema.SingleNestedAttribute {
	return resourceschema.SingleNestedAttribute{
		MarkdownDescription: "What the event is about. Null when the event concerns no Actor, as for `TEST` events.",
		Computed:            true,
		Attributes: map[string]resourceschema.Attribute{
			"actor_id":       computedString("ID of the Actor."),
			"actor_run_id":   computedString("ID of the Actor run, for `ACTOR.RUN.*` events."),
			"actor_build_id": computedString("ID of the Actor build, for `ACTOR.BUILD.*` events."),
			"actor_task_id":  computedString("ID of the Actor task, when the run was started from a task."),
		},
	}
}

func webhookAttribute() resourceschema.SingleNestedAttribute {
	return resourceschema.SingleNestedAttribute{
		MarkdownDescription: "Summary of the webhook that fired, as the API embeds it in the dispatch. " +
			"Null when the API does not include it (older dispatches).",
		Computed: true,
		Attributes: map[string]resourceschema.Attribute{
			"action_type": computedString("What the webhook does, such as `HTTP_REQUEST`."),
			"request_url": resourceschema.StringAttribute{
				MarkdownDescription: dispatchRequestURLDoc + " Sensitive, since Apify recommends putting a secret token in it: an output of a whole dispatch (or of `webhook`) then needs " +
					"`sensitive = true`, while an output of `status` or `calls` does not. (In `apify_webhook_test_dispatch` the " +
					"whole `webhook` is sensitive instead, for OpenTofu 1.10's sake.)",
				Computed:  true,
				Sensitive: true,
			},
			"is_ad_hoc": resourceschema.BoolAttribute{
				MarkdownDescription: "Whether the webhook was created ad hoc for a single Actor run rather than saved on the account.",
				Computed:            true,
			},
			"condition": conditionAttribute(),
		},
	}
}

func conditionAttribute() resourceschema.SingleNestedAttribute {
	return resourceschema.SingleNestedAttribute{
		MarkdownDescription: "What the webhook watches; one of the IDs is set.",
		Computed:            true,
		Attributes: map[string]resourceschema.Attribute{
			"actor_id":      computedString("ID of the watched Actor."),
			"actor_task_id": computedString("ID of the watched Actor task."),
			"actor_run_id":  computedString("ID of the watched Actor run."),
		},
	}
}

func callsAttribute() resourceschema.ListNestedAttribute {
	return resourceschema.ListNestedAttribute{
		MarkdownDescription: "Every HTTP call the platform made to deliver the dispatch, oldest first. " +
			"An empty list when no call has been made yet.\n\n" +
			"Not sensitive, so that an output of `calls` needs no `sensitive = true`: the secrets of the webhook are " +
			"replaced by `[redacted]` in `error_message` and `response_body`, since the platform's error may quote the " +
			"request URL and a receiver may echo the request's headers. Redacted are the request URL (as the dispatch " +
			"names it and as the webhook has it now), its credentials, its path segments of 16 characters or more, " +
			"its query values and fragment of 8 characters or more, the headers template and each of its words of 8 characters or more, in plain, percent-encoded " +
			"and JSON-escaped form. When the webhook cannot be read (it was deleted), only what the dispatch names is " +
			"redacted, with a warning.",
		Computed: true,
		NestedObject: resourceschema.NestedAttributeObject{
			Attributes: map[string]resourceschema.Attribute{
				"started_at":    computedString("When the call started, as an RFC 3339 timestamp."),
				"finished_at":   computedString("When the call finished, as an RFC 3339 timestamp. Null while it is in flight."),
				"error_message": computedString("Why the call failed, such as `Cannot send request`. Null when it succeeded."),
				"response_status": resourceschema.Int64Attribute{
					MarkdownDescription: "HTTP status the receiver answered with. Null when no response came back.",
					Computed:            true,
				},
				"response_body": computedString("Body the receiver answered with, as text. Null when no response came back."),
			},
		},
	}
}

// Object types of the nested attributes, taken from the schema above so
// the two cannot drift apart.
var (
	dispatchAttrTypes  = attrTypes(dispatchObjectAttributes())
	eventDataAttrTypes = attrTypes(eventDataAttribute().Attributes)
	webhookAttrTypes   = attrTypes(webhookAttribute().Attributes)
	conditionAttrTypes = attrTypes(conditionAttribute().Attributes)
	callAttrTypes      = attrTypes(callsAttribute().NestedObject.Attributes)
)
