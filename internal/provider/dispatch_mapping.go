package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// dispatchModel is a webhook dispatch as Terraform values, with the
// attributes of dispatchAttributes plus "id".
type dispatchModel struct {
	ID        types.String `tfsdk:"id"`
	UserID    types.String `tfsdk:"user_id"`
	WebhookID types.String `tfsdk:"webhook_id"`
	CreatedAt types.String `tfsdk:"created_at"`
	Status    types.String `tfsdk:"status"`
	EventType types.String `tfsdk:"event_type"`
	EventData types.Object `tfsdk:"event_data"`
	Webhook   types.Object `tfsdk:"webhook"`
	Calls     types.List   `tfsdk:"calls"`
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

// dispatchesToTerraform maps dispatches, in their order, to a Terraform
// list of objects, for data sources that list dispatches. Each dispatch is
// mapped by dispatchToModel and converted on its own, so that only one
// framework value is alive at a time: a list of thousands of dispatches
// would otherwise hold every dispatch three times over.
func dispatchesToTerraform(ctx context.Context, dispatches []apify.WebhookDispatch) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]tftypes.Value, len(dispatches))
	for i := range dispatches {
		m, d := dispatchToModel(&dispatches[i])
		diags.Append(d...)
		obj := objectValue(dispatchAttrTypes, m.attributes(), &diags)
		elem, err := terraformValue(ctx, obj, dispatchTerraformType)
		if err != nil {
			diags.AddError("Mapping a webhook dispatch failed",
				fmt.Sprintf("Dispatch %d could not be converted for Terraform: %s. This is a bug in the provider; please report it.", i, err))
			return tftypes.Value{}, diags
		}
		elems[i] = elem
	}
	return tftypes.NewValue(tftypes.List{ElementType: dispatchTerraformType}, elems), diags
}

// dispatchTerraformType is the Terraform type of one dispatch object,
// shared by every dispatch of a list.
var dispatchTerraformType = types.ObjectType{AttrTypes: dispatchAttrTypes}.TerraformType(context.Background())

// attributes returns the model's values by attribute name.
func (m dispatchModel) attributes() map[string]attr.Value {
	return map[string]attr.Value{
		"id":         m.ID,
		"user_id":    m.UserID,
		"webhook_id": m.WebhookID,
		"created_at": m.CreatedAt,
		"status":     m.Status,
		"event_type": m.EventType,
		"event_data": m.EventData,
		"webhook":    m.Webhook,
		"calls":      m.Calls,
	}
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
	condition := types.ObjectNull(conditionAttrTypes)
	if c := w.Condition; c != nil {
		condition = objectValue(conditionAttrTypes, map[string]attr.Value{
			"actor_id":      types.StringPointerValue(c.ActorID),
			"actor_task_id": types.StringPointerValue(c.ActorTaskID),
			"actor_run_id":  types.StringPointerValue(c.ActorRunID),
		}, diags)
	}
	return objectValue(webhookAttrTypes, map[string]attr.Value{
		"action_type": types.StringPointerValue(w.ActionType),
		"request_url": types.StringPointerValue(w.RequestURL),
		"is_ad_hoc":   types.BoolPointerValue(w.IsAdHoc),
		"condition":   condition,
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
