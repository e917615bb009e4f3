package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// The shape of a webhook dispatch in Terraform, declared once: every data
// source that returns dispatches builds its schema from dispatchAttributes,
// and the mapping takes its object types from the same declarations.

// dispatchRequestURLDoc says what a dispatch's webhook.request_url is; each
// schema that has it adds how it keeps it secret.
const dispatchRequestURLDoc = "URL the webhook sends its HTTP request to, such as " +
	"`https://hooks.example.com/in?token=[redacted]`: its scheme, host and path as the dispatch names them, with " +
	"its credentials, path segments of 16 characters or more, query values and fragment replaced by " +
	"`[redacted]`, so that no state holds the secret " +
	"Apify recommends putting in it (a webhook whose URL is write-only keeps it out of the state everywhere). " +
	"Null for actions other than an HTTP request, such as Slack or email notifications."

// dispatchAttributes returns the attributes of a dispatch, all computed,
// except "id", whose role differs between data sources.
func dispatchAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"user_id": schema.StringAttribute{
			MarkdownDescription: "ID of the Apify user who owns the webhook.",
			Computed:            true,
		},
		"webhook_id": schema.StringAttribute{
			MarkdownDescription: "ID of the webhook that fired.",
			Computed:            true,
		},
		"created_at": schema.StringAttribute{
			MarkdownDescription: "When the dispatch was created, as the API's RFC 3339 timestamp, such as `2019-12-12T07:34:14.202Z`.",
			Computed:            true,
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "Delivery status: `ACTIVE` while the platform is still trying to deliver, " +
				"`SUCCEEDED` once a call got a successful response, `FAILED` once it gave up. " +
				"Values the API adds later are passed through as they are, so compare with `==` rather than assume the list is closed.",
			Computed: true,
		},
		"event_type": schema.StringAttribute{
			MarkdownDescription: "Event that fired the webhook, such as `ACTOR.RUN.SUCCEEDED`, `ACTOR.BUILD.FAILED` or `TEST`. " +
				"Event types the API adds later are passed through as they are.",
			Computed: true,
		},
		"event_data": eventDataAttribute(),
		"webhook":    webhookAttribute(),
		"calls":      callsAttribute(),
	}
}

// dispatchObjectAttributes is a whole dispatch as a nested object, as
// data sources that list dispatches return it.
func dispatchObjectAttributes() map[string]schema.Attribute {
	attrs := dispatchAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the webhook dispatch.",
		Computed:            true,
	}
	return attrs
}

func eventDataAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "What the event is about. Null when the event concerns no Actor, as for `TEST` events.",
		Computed:            true,
		Attributes: map[string]schema.Attribute{
			"actor_id": schema.StringAttribute{
				MarkdownDescription: "ID of the Actor.",
				Computed:            true,
			},
			"actor_run_id": schema.StringAttribute{
				MarkdownDescription: "ID of the Actor run, for `ACTOR.RUN.*` events.",
				Computed:            true,
			},
			"actor_build_id": schema.StringAttribute{
				MarkdownDescription: "ID of the Actor build, for `ACTOR.BUILD.*` events.",
				Computed:            true,
			},
			"actor_task_id": schema.StringAttribute{
				MarkdownDescription: "ID of the Actor task, when the run was started from a task.",
				Computed:            true,
			},
		},
	}
}

func webhookAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Summary of the webhook that fired, as the API embeds it in the dispatch. " +
			"Null when the API does not include it (older dispatches).",
		Computed: true,
		Attributes: map[string]schema.Attribute{
			"action_type": schema.StringAttribute{
				MarkdownDescription: "What the webhook does, such as `HTTP_REQUEST`.",
				Computed:            true,
			},
			"request_url": schema.StringAttribute{
				MarkdownDescription: dispatchRequestURLDoc + " Sensitive, since Apify recommends putting a secret token in it: an output of a whole dispatch (or of `webhook`) then needs " +
					"`sensitive = true`, while an output of `status` or `calls` does not. (In `apify_webhook_test_dispatch` the " +
					"whole `webhook` is sensitive instead, for OpenTofu 1.10's sake.)",
				Computed:  true,
				Sensitive: true,
			},
			"is_ad_hoc": schema.BoolAttribute{
				MarkdownDescription: "Whether the webhook was created ad hoc for a single Actor run rather than saved on the account.",
				Computed:            true,
			},
			"condition": conditionAttribute(),
		},
	}
}

func conditionAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "What the webhook watches; one of the IDs is set.",
		Computed:            true,
		Attributes: map[string]schema.Attribute{
			"actor_id": schema.StringAttribute{
				MarkdownDescription: "ID of the watched Actor.",
				Computed:            true,
			},
			"actor_task_id": schema.StringAttribute{
				MarkdownDescription: "ID of the watched Actor task.",
				Computed:            true,
			},
			"actor_run_id": schema.StringAttribute{
				MarkdownDescription: "ID of the watched Actor run.",
				Computed:            true,
			},
		},
	}
}

func callsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
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
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"started_at": schema.StringAttribute{
					MarkdownDescription: "When the call started, as an RFC 3339 timestamp.",
					Computed:            true,
				},
				"finished_at": schema.StringAttribute{
					MarkdownDescription: "When the call finished, as an RFC 3339 timestamp. Null while it is in flight.",
					Computed:            true,
				},
				"error_message": schema.StringAttribute{
					MarkdownDescription: "Why the call failed, such as `Cannot send request`. Null when it succeeded.",
					Computed:            true,
				},
				"response_status": schema.Int64Attribute{
					MarkdownDescription: "HTTP status the receiver answered with. Null when no response came back.",
					Computed:            true,
				},
				"response_body": schema.StringAttribute{
					MarkdownDescription: "Body the receiver answered with, as text. Null when no response came back.",
					Computed:            true,
				},
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

func attrTypes(attrs map[string]schema.Attribute) map[string]attr.Type {
	types := make(map[string]attr.Type, len(attrs))
	for name, a := range attrs {
		types[name] = a.GetType()
	}
	return types
}

// resourceAttributes gives data source attributes, all computed, to a
// resource: the same names, types, descriptions and sensitivity, and
// UseStateForUnknown at the top level, since only a refresh changes them.
// A resource that returns a dispatch is declared from dispatchAttributes
// through it, so the shape stays declared once.
func resourceAttributes(attrs map[string]schema.Attribute) map[string]resourceschema.Attribute {
	out := make(map[string]resourceschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = resourceAttribute(a, true)
	}
	return out
}

func resourceAttribute(a schema.Attribute, top bool) resourceschema.Attribute {
	switch a := a.(type) {
	case schema.StringAttribute:
		r := resourceschema.StringAttribute{MarkdownDescription: a.MarkdownDescription, Computed: true, Sensitive: a.Sensitive}
		if top {
			r.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
		}
		return r
	case schema.BoolAttribute:
		r := resourceschema.BoolAttribute{MarkdownDescription: a.MarkdownDescription, Computed: true, Sensitive: a.Sensitive}
		if top {
			r.PlanModifiers = []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}
		}
		return r
	case schema.Int64Attribute:
		r := resourceschema.Int64Attribute{MarkdownDescription: a.MarkdownDescription, Computed: true, Sensitive: a.Sensitive}
		if top {
			r.PlanModifiers = []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
		}
		return r
	case schema.SingleNestedAttribute:
		r := resourceschema.SingleNestedAttribute{
			MarkdownDescription: a.MarkdownDescription, Computed: true, Sensitive: a.Sensitive,
			Attributes: nestedResourceAttributes(a.Attributes),
		}
		if top {
			r.PlanModifiers = []planmodifier.Object{objectplanmodifier.UseStateForUnknown()}
		}
		return r
	case schema.ListNestedAttribute:
		r := resourceschema.ListNestedAttribute{
			MarkdownDescription: a.MarkdownDescription, Computed: true, Sensitive: a.Sensitive,
			NestedObject: resourceschema.NestedAttributeObject{Attributes: nestedResourceAttributes(a.NestedObject.Attributes)},
		}
		if top {
			r.PlanModifiers = []planmodifier.List{listplanmodifier.UseStateForUnknown()}
		}
		return r
	}
	// A kind of attribute the dispatch does not use yet: a mistake of the
	// provider's, which every test that loads the schema shows at once.
	panic(fmt.Sprintf("resourceAttribute: no resource counterpart for %T; add one", a))
}

func nestedResourceAttributes(attrs map[string]schema.Attribute) map[string]resourceschema.Attribute {
	out := make(map[string]resourceschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = resourceAttribute(a, false)
	}
	return out
}
