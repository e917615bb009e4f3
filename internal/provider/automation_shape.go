package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/bits"
	"reflect"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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

// platformName is the rule Apify gives for a task's and a schedule's
// name: 3 to 63 characters, lower-case letters, digits and hyphens, the
// hyphens only inside.
var platformName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)

func nameValidator(kind string) validator.String {
	return stringvalidator.RegexMatches(platformName, fmt.Sprintf("must be a valid %s name: 3 to 63 characters, "+
		"lower-case letters (a-z), digits and hyphens (-), starting and ending with a letter or a digit, "+
		"such as `nightly-crawl`", kind))
}

// objectID accepts an ID of the platform's, not a name: the API answers
// an object read by username~name with its ID, which a plan that held
// the name would not match. hint says where the ID comes from.
func objectID(kind, example, hint string) validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^[^/~\s]+$`), fmt.Sprintf("must be the ID of the %s, "+
		"such as %s, not its name (%s)", kind, example, hint))
}

// Where an ID comes from, for objectID.
const (
	actorIDHint = "read an Actor by name with the apify_actor data source"
	taskIDHint  = "a task managed here has apify_actor_task.<name>.id; read another by name with the apify_actor_task data source"
)

// dataSourceAttributes gives a resource's attributes, all computed, to a
// data source: the same names, types and sensitivity, so that an object
// is declared once, by its resource. docs gives, by attribute path
// ("actions.input"), the description of an attribute whose resource
// description speaks of configuring it; a path that names no attribute
// is a mistake of the provider's, which every test that loads the schema
// shows at once.
func dataSourceAttributes(attrs map[string]resourceschema.Attribute, docs map[string]string) map[string]schema.Attribute {
	unused := maps.Clone(docs)
	out := dataSourceAttributesAt("", attrs, docs, unused)
	if len(unused) > 0 {
		panic(fmt.Sprintf("dataSourceAttributes: no attribute %v", slices.Sorted(maps.Keys(unused))))
	}
	return out
}

func dataSourceAttributesAt(prefix string, attrs map[string]resourceschema.Attribute, docs, unused map[string]string) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(attrs))
	for name, a := range attrs {
		if a.IsWriteOnly() {
			continue
		}
		at := prefix + name
		doc, ok := docs[at]
		if !ok {
			doc = a.GetMarkdownDescription()
		}
		delete(unused, at)
		out[name] = dataSourceAttribute(a, doc, at+".", docs, unused)
	}
	return out
}

func dataSourceAttribute(a resourceschema.Attribute, doc, prefix string, docs, unused map[string]string) schema.Attribute {
	sensitive := a.IsSensitive()
	switch a := a.(type) {
	case resourceschema.StringAttribute:
		return schema.StringAttribute{MarkdownDescription: doc, Computed: true, Sensitive: sensitive, CustomType: a.CustomType}
	case resourceschema.BoolAttribute:
		return schema.BoolAttribute{MarkdownDescription: doc, Computed: true, Sensitive: sensitive}
	case resourceschema.Int64Attribute:
		return schema.Int64Attribute{MarkdownDescription: doc, Computed: true, Sensitive: sensitive}
	case resourceschema.Float64Attribute:
		return schema.Float64Attribute{MarkdownDescription: doc, Computed: true, Sensitive: sensitive}
	case resourceschema.SingleNestedAttribute:
		return schema.SingleNestedAttribute{
			MarkdownDescription: doc, Computed: true, Sensitive: sensitive,
			Attributes: dataSourceAttributesAt(prefix, a.Attributes, docs, unused),
		}
	case resourceschema.ListNestedAttribute:
		return schema.ListNestedAttribute{
			MarkdownDescription: doc, Computed: true, Sensitive: sensitive,
			NestedObject: schema.NestedAttributeObject{Attributes: dataSourceAttributesAt(prefix, a.NestedObject.Attributes, docs, unused)},
		}
	}
	// A kind of attribute no resource uses yet: a mistake of the
	// provider's, which every test that loads the schema shows at once.
	panic(fmt.Sprintf("dataSourceAttribute: no data source counterpart for %T; add one", a))
}

// powerOfTwoAtLeast accepts powers of 2 from minimum on.
func powerOfTwoAtLeast(minimum int64) validator.Int64 {
	return powerOfTwoValidator{described(fmt.Sprintf("value must be a power of 2, at least %d", minimum)), minimum}
}

type powerOfTwoValidator struct {
	described
	minimum int64
}

func (v powerOfTwoValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueInt64(); n < v.minimum || bits.OnesCount64(uint64(n)) != 1 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid memory",
			fmt.Sprintf("Attribute %s %s, such as 1024 or 4096; got %d.", req.Path, v.Description(ctx), n))
	}
}

// jsonObject accepts a JSON object.
func jsonObject() validator.String {
	return stringCheck{"value must be a JSON object", func(value string, at path.Path, diags *diag.Diagnostics) {
		var o map[string]any
		if err := json.Unmarshal([]byte(value), &o); err != nil || o == nil {
			diags.AddAttributeError(at, "Invalid JSON object",
				fmt.Sprintf("Attribute %s must be a JSON object, such as jsonencode({ maxPages = 10 }): the Actor's input "+
					"is an object of named fields.", at))
		}
	}}
}
