package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// A dispatch reaches Terraform only through this mapping, shared by both
// dispatch data sources and the test dispatch, so that the three agree on
// every null, default and redacted text.

// dispatchModel is a webhook dispatch as Terraform values, with the
// attributes of dispatchAttributes plus "id".
type dispatchModel struct {
	ID        types.String
	UserID    types.String
	WebhookID types.String
	CreatedAt types.String
	Status    types.String
	EventType types.String
	EventData types.Object
	Webhook   types.Object
	Calls     types.List
}

func (m *dispatchModel) fields() map[string]any {
	return map[string]any{
		"id": &m.ID, "user_id": &m.UserID, "webhook_id": &m.WebhookID, "created_at": &m.CreatedAt,
		"status": &m.Status, "event_type": &m.EventType, "event_data": &m.EventData, "webhook": &m.Webhook,
		"calls": &m.Calls,
	}
}

// dispatchToModel maps an API dispatch to Terraform values. Nulls and
// absent keys become Terraform nulls, never "" or 0; status and event type
// pass through verbatim, whatever their value.
func dispatchToModel(d *apify.WebhookDispatch) (dispatchModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := dispatchModel{
		ID:        types.StringPointerValue(d.ID),
		UserID:    types.StringPointerValue(d.UserID),
		WebhookID: types.StringPointerValue(d.WebhookID),
		CreatedAt: types.StringPointerValue(d.CreatedAt),
		Status:    types.StringPointerValue(d.Status),
		EventType: types.StringPointerValue(d.EventType),
		EventData: eventDataToObject(d.EventData, &diags),
		Webhook:   webhookToObject(d.Webhook, &diags),
		Calls:     callsToList(d.Calls, &diags),
	}
	return m, diags
}

// redactDispatches has the client remove, in place, the secrets of each
// dispatch's webhook from the texts of its calls, which are not
// sensitive, before they reach the state. When a webhook's secrets could
// not all be read, it warns on attribute once for that webhook: what the
// dispatch names is redacted, the rest of the webhook's headers cannot be.
func redactDispatches(ctx context.Context, client *apify.Client, dispatches []*apify.WebhookDispatch, attribute path.Path, diags *diag.Diagnostics) {
	warned := map[string]bool{}
	for _, d := range dispatches {
		err := client.RedactDispatch(ctx, d)
		webhookID := types.StringPointerValue(d.WebhookID).ValueString()
		if err == nil || warned[webhookID] {
			continue
		}
		warned[webhookID] = true
		diags.AddAttributeWarning(attribute, "Webhook secrets not all redacted",
			fmt.Sprintf("The provider removes the secrets of a webhook (its request URL and the values of its headers "+
				"template) from the error messages and response bodies of its dispatches' calls. Webhook %q could not be "+
				"read to learn them (%s), so only the request URL the dispatch names was removed: a response body that "+
				"echoes the webhook's headers may show them.", webhookID, sentence(err)))
	}
}

// dispatchesToList maps dispatches, in their order, to a Terraform list
// of objects, for data sources that list dispatches.
func dispatchesToList(dispatches []apify.WebhookDispatch) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, len(dispatches))
	for i := range dispatches {
		m, d := dispatchToModel(&dispatches[i])
		diags.Append(d...)
		elems[i] = objectValue(dispatchAttrTypes, values(&m), &diags)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: dispatchAttrTypes}, elems)
	diags.Append(d...)
	return list, diags
}

func eventDataToObject(e *apify.WebhookEventData, diags *diag.Diagnostics) types.Object {
	if e == nil {
		return types.ObjectNull(eventDataAttrTypes)
	}
	return objectValue(eventDataAttrTypes, map[string]attr.Value{
		"actor_id":       types.StringPointerValue(e.ActorID),
		"actor_run_id":   types.StringPointerValue(e.ActorRunID),
		"actor_build_id": types.StringPointerValue(e.ActorBuildID),
		"actor_task_id":  types.StringPointerValue(e.ActorTaskID),
	}, diags)
}

func webhookToObject(w *apify.WebhookSummary, diags *diag.Diagnostics) types.Object {
	if w == nil {
		return types.ObjectNull(webhookAttrTypes)
	}
	return objectValue(webhookAttrTypes, map[string]attr.Value{
		"action_type": types.StringPointerValue(w.ActionType),
		"request_url": types.StringPointerValue(w.RequestURL),
		"is_ad_hoc":   types.BoolPointerValue(w.IsAdHoc),
		"condition":   conditionToObject(w.Condition, conditionAttrTypes, diags),
	}, diags)
}

// callsToList maps the delivery calls. A dispatch without calls (the key
// absent or null) has made none yet, so it maps to an empty list rather
// than null: length() and for expressions then work without a null check.
func callsToList(calls []apify.WebhookDispatchCall, diags *diag.Diagnostics) types.List {
	elemType := types.ObjectType{AttrTypes: callAttrTypes}
	elems := make([]attr.Value, len(calls))
	for i, c := range calls {
		elems[i] = objectValue(callAttrTypes, map[string]attr.Value{
			"started_at":      types.StringPointerValue(c.StartedAt),
			"finished_at":     types.StringPointerValue(c.FinishedAt),
			"error_message":   types.StringPointerValue(c.ErrorMessage),
			"response_status": types.Int64PointerValue(c.ResponseStatus),
			"response_body":   types.StringPointerValue(c.ResponseBody),
		}, diags)
	}
	list, d := types.ListValue(elemType, elems)
	diags.Append(d...)
	return list
}

func objectValue(attrTypes map[string]attr.Type, values map[string]attr.Value, diags *diag.Diagnostics) types.Object {
	obj, d := types.ObjectValue(attrTypes, values)
	diags.Append(d...)
	return obj
}
