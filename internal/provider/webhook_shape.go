package provider

import (
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// The shape of a webhook in Terraform, in one file, and its one mapping
// from the API's model: the description of every attribute (webhookDoc),
// the computed attributes both webhook data sources return
// (computedWebhookAttributes), the models, and the object types derived from
// those declarations. The resource's schema, whose attributes are
// configured rather than computed, is declared with the resource and
// takes its descriptions from here; its condition's type is derived from
// it.

// webhookDoc describes the attribute name, for every schema that has it.
// A name it does not know is a mistake of the provider's, which every
// test that loads a schema shows at once.
func webhookDoc(name string) string {
	doc, ok := webhookDocs[name]
	if !ok {
		panic("webhookDoc: no description of " + name)
	}
	return doc
}

// webhookDocs describes each attribute, for every schema that has it.
var webhookDocs = map[string]string{
	"id":         "ID of the webhook, such as `YiKoxjkaS9gjGTqhF`.",
	"user_id":    "ID of the Apify user who owns the webhook.",
	"created_at": "When the webhook was created, as the API's RFC 3339 timestamp.",
	"modified_at": "When the webhook was last changed, as the API's RFC 3339 timestamp. " +
		"Every update changes it.",
	"event_types": "Events that fire the webhook, such as `[\"ACTOR.RUN.FAILED\", \"ACTOR.RUN.TIMED_OUT\"]`. " +
		"Known: " + quotedList(apify.WebhookEventTypes) + ".",
	"condition":     "What the webhook watches: one Actor or one Actor task.",
	"actor_id":      "ID of the watched Actor.",
	"actor_task_id": "ID of the watched Actor task.",
	"actor_run_id":  "ID of the watched Actor run, for an ad-hoc webhook created for one run.",
	"request_url": "URL the platform sends the webhook's HTTP POST request to. Sensitive: Apify recommends " +
		"putting a secret token in it, so it never shows in plans, logs or errors.",
	"payload_template": "The platform's payload template: JSON with `{{variables}}`, such as " +
		"`{ \"runId\": {{resource.id}} }`, so not plain JSON. Null means the platform's default payload.",
	"headers_template": "Template of extra HTTP headers, JSON with `{{variables}}`. Sensitive, since it often " +
		"carries credentials.",
	"description":       "A description of the webhook, shown in Apify Console.",
	"ignore_ssl_errors": "Whether the platform delivers even when the receiver's TLS certificate is not valid.",
	"do_not_retry":      "Whether the platform gives up after the first failed delivery call instead of retrying.",
	"should_interpolate_strings": "Whether `{{variables}}` inside string values of the templates are replaced " +
		"too, not only whole values.",
	"is_ad_hoc":   "Whether the webhook was created ad hoc for a single Actor run rather than saved on the account.",
	"action_type": "What the webhook does, such as `HTTP_REQUEST`.",
	"last_dispatch": "The webhook's latest dispatch, as the API summarises it. Null when it has none, " +
		"or the API does not say.",
	"last_dispatch_status":      "Delivery status of the latest dispatch: `ACTIVE`, `SUCCEEDED` or `FAILED`.",
	"last_dispatch_finished_at": "When the latest dispatch's last call finished, as an RFC 3339 timestamp.",
	"stats":                     "The webhook's statistics. Null when the API does not say.",
	"total_dispatches":          "How many dispatches the webhook has made.",
}

// computedWebhookAttributes are the computed attributes of a webhook that both
// data sources return, except id and the ones a list leaves out.
func computedWebhookAttributes() map[string]schema.Attribute {
	computed := func(name string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: webhookDoc(name), Computed: true}
	}
	computedBool := func(name string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: webhookDoc(name), Computed: true}
	}
	return map[string]schema.Attribute{
		"user_id":     computed("user_id"),
		"created_at":  computed("created_at"),
		"modified_at": computed("modified_at"),
		"action_type": computed("action_type"),
		"event_types": schema.SetAttribute{
			MarkdownDescription: webhookDoc("event_types"),
			ElementType:         types.StringType,
			Computed:            true,
		},
		"condition": schema.SingleNestedAttribute{
			MarkdownDescription: webhookDoc("condition") + " One of the IDs is set.",
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"actor_id":      computed("actor_id"),
				"actor_task_id": computed("actor_task_id"),
				"actor_run_id":  computed("actor_run_id"),
			},
		},
		"request_url": schema.StringAttribute{
			MarkdownDescription: webhookDoc("request_url") + " Null for integrations that send no HTTP request, " +
				"such as Slack or email.",
			Computed:  true,
			Sensitive: true,
		},
		"ignore_ssl_errors":          computedBool("ignore_ssl_errors"),
		"do_not_retry":               computedBool("do_not_retry"),
		"should_interpolate_strings": computedBool("should_interpolate_strings"),
		"is_ad_hoc":                  computedBool("is_ad_hoc"),
		"last_dispatch": schema.SingleNestedAttribute{
			MarkdownDescription: webhookDoc("last_dispatch"),
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"status":      schema.StringAttribute{MarkdownDescription: webhookDoc("last_dispatch_status"), Computed: true},
				"finished_at": schema.StringAttribute{MarkdownDescription: webhookDoc("last_dispatch_finished_at"), Computed: true},
			},
		},
		"stats": schema.SingleNestedAttribute{
			MarkdownDescription: webhookDoc("stats"),
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"total_dispatches": schema.Int64Attribute{MarkdownDescription: webhookDoc("total_dispatches"), Computed: true},
			},
		},
	}
}

func listedWebhookAttributes() map[string]schema.Attribute {
	attrs := computedWebhookAttributes()
	attrs["id"] = schema.StringAttribute{MarkdownDescription: webhookDoc("id"), Computed: true}
	return attrs
}

var listedWebhookAttrTypes = attrTypes(listedWebhookAttributes())

// webhookModel holds the attributes every webhook schema has.
type webhookModel struct {
	ID                       types.String
	UserID                   types.String
	CreatedAt                types.String
	ModifiedAt               types.String
	EventTypes               types.Set
	Condition                types.Object
	RequestURL               types.String
	IgnoreSSLErrors          types.Bool
	DoNotRetry               types.Bool
	ShouldInterpolateStrings types.Bool
}

func (m *webhookModel) fields() map[string]any {
	return map[string]any{
		"id": &m.ID, "user_id": &m.UserID, "created_at": &m.CreatedAt, "modified_at": &m.ModifiedAt,
		"event_types": &m.EventTypes, "condition": &m.Condition, "request_url": &m.RequestURL,
		"ignore_ssl_errors": &m.IgnoreSSLErrors, "do_not_retry": &m.DoNotRetry,
		"should_interpolate_strings": &m.ShouldInterpolateStrings,
	}
}

// webhookTemplatesModel holds the attributes the API returns only for one
// webhook, not in a list.
type webhookTemplatesModel struct {
	PayloadTemplate types.String
	HeadersTemplate types.String
	Description     types.String
}

func (m *webhookTemplatesModel) fields() map[string]any {
	return map[string]any{"payload_template": &m.PayloadTemplate, "headers_template": &m.HeadersTemplate, "description": &m.Description}
}

// webhookDetailsModel holds what the API says of an existing webhook
// beyond what configures it.
type webhookDetailsModel struct {
	IsAdHoc      types.Bool
	ActionType   types.String
	LastDispatch types.Object
	Stats        types.Object
}

func (m *webhookDetailsModel) fields() map[string]any {
	return map[string]any{"is_ad_hoc": &m.IsAdHoc, "action_type": &m.ActionType, "last_dispatch": &m.LastDispatch, "stats": &m.Stats}
}

// Object types of the nested attributes, derived from their declarations.
// The resource's condition has no actor_run_id: a webhook it manages
// watches an Actor or a task.
var (
	computedConditionAttrTypes = nestedAttrTypes(computedWebhookAttributes()["condition"])
	lastDispatchAttrTypes      = nestedAttrTypes(computedWebhookAttributes()["last_dispatch"])
	statsAttrTypes             = nestedAttrTypes(computedWebhookAttributes()["stats"])
	managedConditionAttrTypes  = nestedAttrTypes(webhookResourceSchema().Attributes["condition"])
)

// webhookToModel maps the attributes every webhook schema has, with the
// condition's object of conditionTypes.
//
// The API description makes most fields nullable and says nothing of
// their defaults, so the mapping reads every plausible answer the same
// way: a null or absent flag is false (the platform's default), and
// absent event types are an empty set. The description does not forbid
// an event type twice in eventTypes (a webhook made through the API or
// Console may have it), and a set holds it once.
func webhookToModel(w *apify.Webhook, conditionTypes map[string]attr.Type, diags *diag.Diagnostics) webhookModel {
	eventTypes := make([]attr.Value, 0, len(w.EventTypes))
	for _, e := range w.EventTypes {
		if v := types.StringValue(e); !slices.ContainsFunc(eventTypes, v.Equal) {
			eventTypes = append(eventTypes, v)
		}
	}
	set, d := types.SetValue(types.StringType, eventTypes)
	diags.Append(d...)
	return webhookModel{
		ID:                       types.StringPointerValue(w.ID),
		UserID:                   types.StringPointerValue(w.UserID),
		CreatedAt:                types.StringPointerValue(w.CreatedAt),
		ModifiedAt:               types.StringPointerValue(w.ModifiedAt),
		EventTypes:               set,
		Condition:                conditionToObject(w.Condition, conditionTypes, diags),
		RequestURL:               types.StringPointerValue(w.RequestURL),
		IgnoreSSLErrors:          types.BoolValue(w.IgnoreSSLErrors != nil && *w.IgnoreSSLErrors),
		DoNotRetry:               types.BoolValue(w.DoNotRetry != nil && *w.DoNotRetry),
		ShouldInterpolateStrings: types.BoolValue(w.ShouldInterpolateStrings != nil && *w.ShouldInterpolateStrings),
	}
}

// webhookTemplatesToModel maps the templates and the description. The
// description of a PUT allows null to clear them, without saying whether
// the platform then stores null or "": both read as not set.
func webhookTemplatesToModel(w *apify.Webhook) webhookTemplatesModel {
	return webhookTemplatesModel{
		PayloadTemplate: nonEmptyString(w.PayloadTemplate),
		HeadersTemplate: nonEmptyString(w.HeadersTemplate),
		Description:     nonEmptyString(w.Description),
	}
}

func webhookDetailsToModel(w *apify.Webhook, diags *diag.Diagnostics) webhookDetailsModel {
	m := webhookDetailsModel{
		IsAdHoc:      types.BoolPointerValue(w.IsAdHoc),
		ActionType:   types.StringPointerValue(w.ActionType),
		LastDispatch: types.ObjectNull(lastDispatchAttrTypes),
		Stats:        types.ObjectNull(statsAttrTypes),
	}
	if ld := w.LastDispatch; ld != nil {
		m.LastDispatch = objectValue(lastDispatchAttrTypes, map[string]attr.Value{
			"status":      types.StringPointerValue(ld.Status),
			"finished_at": types.StringPointerValue(ld.FinishedAt),
		}, diags)
	}
	if st := w.Stats; st != nil {
		m.Stats = objectValue(statsAttrTypes, map[string]attr.Value{
			"total_dispatches": types.Int64PointerValue(st.TotalDispatches),
		}, diags)
	}
	return m
}

func conditionToObject(c *apify.WebhookCondition, attrTypes map[string]attr.Type, diags *diag.Diagnostics) types.Object {
	if c == nil {
		return types.ObjectNull(attrTypes)
	}
	values := map[string]attr.Value{
		"actor_id":      types.StringPointerValue(c.ActorID),
		"actor_task_id": types.StringPointerValue(c.ActorTaskID),
	}
	if _, ok := attrTypes["actor_run_id"]; ok {
		values["actor_run_id"] = types.StringPointerValue(c.ActorRunID)
	}
	return objectValue(attrTypes, values, diags)
}

func nonEmptyString(s *string) types.String {
	if s == nil || *s == "" {
		return types.StringNull()
	}
	return types.StringValue(*s)
}

// defaultPayloadTemplate is the payload the platform sends for a webhook
// without a payload template (docs.apify.com, "Webhook actions"), which it
// may store as the webhook's template.
const defaultPayloadTemplate = `{
    "userId": {{userId}},
    "createdAt": {{createdAt}},
    "eventType": {{eventType}},
    "eventData": {{eventData}},
    "resource": {{resource}}
}`

func isDefaultPayloadTemplate(v types.String) bool {
	return !v.IsNull() && !v.IsUnknown() && sameTemplate(v.ValueString(), defaultPayloadTemplate)
}

// sameTemplate reports whether two templates differ only in white space
// outside their quoted strings, or in line ends (CR LF, as file() reads a
// file written on Windows, or LF), as the platform may reformat a
// template it stores.
func sameTemplate(a, b string) bool {
	return squeezeTemplate(a) == squeezeTemplate(b)
}

func squeezeTemplate(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	inString, escaped := false, false
	for _, r := range s {
		switch {
		case inString:
			b.WriteRune(r)
			switch {
			case escaped:
				escaped = false
			case r == '\\':
				escaped = true
			case r == '"':
				inString = false
			}
		case r == '"':
			inString = true
			b.WriteRune(r)
		case r == ' ', r == '\t', r == '\n', r == '\r':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sameURL reports whether two request URLs differ only as the platform
// may normalise one: "/" for an empty path, or the case of the scheme and
// host. Everything else, the query and credentials above all, must be the
// same to the letter.
func sameURL(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return a == b
	}
	for _, u := range []*url.URL{ua, ub} {
		u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
		if u.Path == "" {
			u.Path, u.RawPath = "/", ""
		}
	}
	return ua.String() == ub.String()
}
