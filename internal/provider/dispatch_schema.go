package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
// except "id", whose role differs between data sources. They are declared
// as a resource's, whose top-level values only a refresh changes; data
// sources take them through dataSourceAttributes.
func dispatchAttributes() map[string]resourceschema.Attribute {
	return map[string]resourceschema.Attribute{
		"user_id":    computedString("ID of the Apify user who owns the webhook.", true),
		"webhook_id": computedString("ID of the webhook that fired.", true),
		"created_at": computedString("When the dispatch was created, as the API's RFC 3339 timestamp, such as `2019-12-12T07:34:14.202Z`.", true),
		"status": computedString("Delivery status: `ACTIVE` while the platform is still trying to deliver, "+
			"`SUCCEEDED` once a call got a successful response, `FAILED` once it gave up. "+
			"Values the API adds later are passed through as they are, so compare with `==` rather than assume the list is closed.", true),
		"event_type": computedString("Event that fired the webhook, such as `ACTOR.RUN.SUCCEEDED`, `ACTOR.BUILD.FAILED` or `TEST`. "+
			"Event types the API adds later are passed through as they are.", true),
		"event_data": keptObject(eventDataAttribute()),
		"webhook":    keptObject(webhookAttribute()),
		"calls":      keptList(callsAttribute()),
	}
}

// dispatchObjectAttributes is a whole dispatch as a nested object, as
// data sources that list dispatches return it.
func dispatchObjectAttributes() map[string]resourceschema.Attribute {
	attrs := dispatchAttributes()
	attrs["id"] = computedString("ID of the webhook dispatch.", false)
	return attrs
}

func eventDataAttribute() resourceschema.SingleNestedAttribute {
	return resourceschema.SingleNestedAttribute{
		MarkdownDescription: "What the event is about. Null when the event concerns no Actor, as for `TEST` events.",
		Computed:            true,
		Attributes: map[string]resourceschema.Attribute{
			"actor_id":       computedString("ID of the Actor.", false),
			"actor_run_id":   computedString("ID of the Actor run, for `ACTOR.RUN.*` events.", false),
			"actor_build_id": computedString("ID of the Actor build, for `ACTOR.BUILD.*` events.", false),
			"actor_task_id":  computedString("ID of the Actor task, when the run was started from a task.", false),
		},
	}
}

func webhookAttribute() resourceschema.SingleNestedAttribute {
	return resourceschema.SingleNestedAttribute{
		MarkdownDescription: "Summary of the webhook that fired, as the API embeds it in the dispatch. " +
			"Null when the API does not include it (older dispatches).",
		Computed: true,
		Attributes: map[string]resourceschema.Attribute{
			"action_type": computedString("What the webhook does, such as `HTTP_REQUEST`.", false),
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
			"actor_id":      computedString("ID of the watched Actor.", false),
			"actor_task_id": computedString("ID of the watched Actor task.", false),
			"actor_run_id":  computedString("ID of the watched Actor run.", false),
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
				"started_at":    computedString("When the call started, as an RFC 3339 timestamp.", false),
				"finished_at":   computedString("When the call finished, as an RFC 3339 timestamp. Null while it is in flight.", false),
				"error_message": computedString("Why the call failed, such as `Cannot send request`. Null when it succeeded.", false),
				"response_status": resourceschema.Int64Attribute{
					MarkdownDescription: "HTTP status the receiver answered with. Null when no response came back.",
					Computed:            true,
				},
				"response_body": computedString("Body the receiver answered with, as text. Null when no response came back.", false),
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

func attrTypes[A interface{ GetType() attr.Type }](attrs map[string]A) map[string]attr.Type {
	types := make(map[string]attr.Type, len(attrs))
	for name, a := range attrs {
		types[name] = a.GetType()
	}
	return types
}

// computedString is a string attribute only the API sets; keep keeps its
// value in plans (UseStateForUnknown), for one that only a refresh
// changes.
func computedString(doc string, keep bool) resourceschema.StringAttribute {
	a := resourceschema.StringAttribute{MarkdownDescription: doc, Computed: true}
	if keep {
		a.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	}
	return a
}

// optionalText is an optional string attribute that may not be empty.
func optionalText(doc string) resourceschema.StringAttribute {
	return resourceschema.StringAttribute{MarkdownDescription: doc, Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
}

// optionalBool is an optional bool attribute that defaults to def.
func optionalBool(doc string, def bool) resourceschema.BoolAttribute {
	return resourceschema.BoolAttribute{
		MarkdownDescription: fmt.Sprintf("%s Defaults to `%t`.", doc, def),
		Optional:            true, Computed: true, Default: booldefault.StaticBool(def),
	}
}

// writeOnlyVersion is the version attribute of the write-only attribute
// name: a change of it sends the write-only value again.
func writeOnlyVersion(name string) resourceschema.Int64Attribute {
	return resourceschema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("Version of `%s`: change it to send a new value. Required with `%s`.", name, name),
		Optional:            true,
		Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot(name))},
	}
}

// keptObject and keptList keep a computed attribute's value in plans, as
// computedString does.
func keptObject(a resourceschema.SingleNestedAttribute) resourceschema.SingleNestedAttribute {
	a.PlanModifiers = []planmodifier.Object{objectplanmodifier.UseStateForUnknown()}
	return a
}

func keptList(a resourceschema.ListNestedAttribute) resourceschema.ListNestedAttribute {
	a.PlanModifiers = []planmodifier.List{listplanmodifier.UseStateForUnknown()}
	return a
}
