package provider

import (
	"encoding/json"
	"reflect"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// What tasks and schedules share: the run options of an Actor run, JSON
// inputs, the platform's names, and the data sources' schemas, derived
// from the resources' so that each object is declared once.

// runOptionsAttribute is the options of an Actor run, as a task or a
// schedule's action sets them.
func runOptionsAttribute(description, leftOut string) resourceschema.SingleNestedAttribute {
	return resourceschema.SingleNestedAttribute{
		MarkdownDescription: description + " " + leftOut,
		Optional:            true,
		Attributes: map[string]resourceschema.Attribute{
			"build": resourceschema.StringAttribute{
				MarkdownDescription: "Build to run: a tag such as `latest`, or a version number such as `0.1.2`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"timeout_secs": resourceschema.Int64Attribute{
				MarkdownDescription: "Time limit of the run in seconds; `0` for none.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(0)},
			},
			"memory_mbytes": resourceschema.Int64Attribute{
				MarkdownDescription: "Memory of the run in megabytes: a power of 2, at least 128.",
				Optional:            true,
				Validators:          []validator.Int64{powerOfTwoAtLeast(128)},
			},
			"max_items": resourceschema.Int64Attribute{
				MarkdownDescription: "Most items the run may produce, for Actors paid per result.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"max_total_charge_usd": resourceschema.Float64Attribute{
				MarkdownDescription: "Most the run may cost in US dollars, for Actors paid per event.",
				Optional:            true,
				Validators:          []validator.Float64{float64validator.AtLeast(0)},
			},
			"restart_on_error": resourceschema.BoolAttribute{
				MarkdownDescription: "Whether the platform restarts the run when it fails.",
				Optional:            true,
			},
		},
	}
}

var runOptionsAttrTypes = attrTypes(runOptionsAttribute("", "").Attributes)

// runOptionsInput is the API's form of options: the options plan sets,
// and null for those prior (the state before an update) set and plan no
// longer does, so that they are cleared; an option neither sets is left
// out, the platform's. Nil when there is nothing to send.
func runOptionsInput(plan, prior types.Object) *apify.RunOptions {
	if (plan.IsNull() || plan.IsUnknown()) && (prior.IsNull() || prior.IsUnknown()) {
		return nil
	}
	options := &apify.RunOptions{
		Build:             objectAttr[types.String](plan, "build").ValueStringPointer(),
		TimeoutSecs:       objectAttr[types.Int64](plan, "timeout_secs").ValueInt64Pointer(),
		MemoryMbytes:      objectAttr[types.Int64](plan, "memory_mbytes").ValueInt64Pointer(),
		MaxItems:          objectAttr[types.Int64](plan, "max_items").ValueInt64Pointer(),
		MaxTotalChargeUSD: objectAttr[types.Float64](plan, "max_total_charge_usd").ValueFloat64Pointer(),
		RestartOnError:    objectAttr[types.Bool](plan, "restart_on_error").ValueBoolPointer(),
	}
	if !prior.IsNull() && !prior.IsUnknown() {
		for name, v := range prior.Attributes() {
			if was, now := v, objectAttr[attr.Value](plan, name); !was.IsNull() && (now == nil || now.IsNull()) {
				options.Clear = append(options.Clear, apiOptionNames[name])
			}
		}
		slices.Sort(options.Clear)
	}
	return options
}

// apiOptionNames are the API's names of the run options.
var apiOptionNames = map[string]string{
	"build": "build", "timeout_secs": "timeoutSecs", "memory_mbytes": "memoryMbytes", "max_items": "maxItems",
	"max_total_charge_usd": "maxTotalChargeUsd", "restart_on_error": "restartOnError",
}

// runOptionsValue maps options as the API returns them. Only what held
// (the plan, or the prior state) sets is read: an option left out of the
// configuration is the platform's to fill in, which the description
// neither promises nor rules out. With held unknown, as on import,
// every option the API returns is read, and none is null options.
func runOptionsValue(options *apify.RunOptions, held types.Object, diags *diag.Diagnostics) types.Object {
	if held.IsNull() || (held.IsUnknown() && noRunOptions(options)) {
		return types.ObjectNull(runOptionsAttrTypes)
	}
	if options == nil {
		options = &apify.RunOptions{}
	}
	values := map[string]attr.Value{
		"build":                types.StringPointerValue(options.Build),
		"timeout_secs":         types.Int64PointerValue(options.TimeoutSecs),
		"memory_mbytes":        types.Int64PointerValue(options.MemoryMbytes),
		"max_items":            types.Int64PointerValue(options.MaxItems),
		"max_total_charge_usd": types.Float64PointerValue(options.MaxTotalChargeUSD),
		"restart_on_error":     types.BoolPointerValue(options.RestartOnError),
	}
	if !held.IsUnknown() {
		for name, v := range held.Attributes() {
			if v.IsNull() {
				values[name] = v
			}
		}
	}
	return objectValue(runOptionsAttrTypes, values, diags)
}

// noRunOptions says whether options set none.
func noRunOptions(o *apify.RunOptions) bool {
	return o == nil || (o.Build == nil && o.TimeoutSecs == nil && o.MemoryMbytes == nil && o.MaxItems == nil &&
		o.MaxTotalChargeUSD == nil && o.RestartOnError == nil)
}

// jsonObjectAttribute is an input: a JSON object, compared by meaning, so
// that reformatting it plans nothing. It is a plain string, with the
// provider's own validation and equivalence rather than a JSON type of
// the framework's, whose error for a value that is not JSON quotes the
// value, secret or not.
func jsonObjectAttribute(description string, sensitive bool) resourceschema.StringAttribute {
	return resourceschema.StringAttribute{
		MarkdownDescription: description + " A JSON object, such as `jsonencode({ maxPages = 10 })`; one that " +
			"differs only in formatting or key order plans no change.",
		Optional:      true,
		Sensitive:     sensitive,
		Validators:    []validator.String{jsonObject()},
		PlanModifiers: []planmodifier.String{keepEquivalentForm(sameJSONText)},
	}
}

// sameJSONText says whether two JSON texts hold the same value.
func sameJSONText(a, b string) bool {
	var va, vb any
	return json.Unmarshal([]byte(a), &va) == nil && json.Unmarshal([]byte(b), &vb) == nil && reflect.DeepEqual(va, vb)
}

// jsonValue maps a JSON document the API returns: held (the plan, or
// the prior state) when it says the same in another form. The
// description does not say whether the platform stores an empty input as
// {} or as null: either reads as held when that is an empty object, and
// as null otherwise.
func jsonValue(raw json.RawMessage, held types.String) types.String {
	var v any
	if len(raw) > 0 && json.Unmarshal(raw, &v) != nil {
		return types.StringNull()
	}
	if o, ok := v.(map[string]any); v == nil || (ok && len(o) == 0) {
		if !held.IsNull() && !held.IsUnknown() && len(jsonFields(held)) == 0 {
			return held
		}
		return types.StringNull()
	}
	return keepEquivalent(held, types.StringValue(string(raw)), sameJSONText)
}

// jsonInput is the API's form of a JSON attribute: nil when it is null.
func jsonInput(v types.String) json.RawMessage {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return json.RawMessage(v.ValueString())
}
