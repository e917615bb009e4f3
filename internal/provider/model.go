package provider

// Terraform values in and out of the framework, one way for every data
// source and resource. A model is a struct of framework values whose
// fields method names the attribute each field holds: read fills it
// attribute by attribute from a configuration, a plan or a state, and
// setState sets a state as one object of the values of models. There are
// no tfsdk struct tags to keep in step: the framework's reflection of a
// tagged struct compiles a regular expression per field on every Get and
// Set, which was a quarter of a data source read's time in the provider
// (upstream report 5 in DESIGN.md).

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// A model names the attributes its fields hold.
type model interface {
	// fields maps each attribute's name to a pointer to the field that
	// holds its value.
	fields() map[string]any
}

// some is a model of a few attributes, each named with the pointer to
// where it goes, for a Read that needs only part of its configuration.
type some map[string]any

func (s some) fields() map[string]any { return s }

// attributeSource is a configuration, a plan or a state.
type attributeSource interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// read fills m with the attributes of from.
func read(ctx context.Context, from attributeSource, m model, diags *diag.Diagnostics) {
	for name, field := range m.fields() {
		diags.Append(from.GetAttribute(ctx, path.Root(name), field)...)
	}
}

// values returns the attributes of models by name; where two models hold
// one attribute, the later one's value is taken.
func values(models ...model) map[string]attr.Value {
	out := map[string]attr.Value{}
	for _, m := range models {
		for name, field := range m.fields() {
			v, ok := reflect.ValueOf(field).Elem().Interface().(attr.Value)
			if !ok {
				// A mistake of the provider's, which every test that sets
				// the state shows at once.
				panic(fmt.Sprintf("values: the field of %q is a %T, not a pointer to a framework value", name, field))
			}
			out[name] = v
		}
	}
	return out
}

// setState sets the whole of state to one object of the values of
// models, which between them hold every attribute of its schema (the
// later one's where two hold one).
func setState(ctx context.Context, state *tfsdk.State, diags *diag.Diagnostics, models ...model) {
	setStateValues(ctx, state, values(models...), diags)
}

// setStateValues sets the whole of state to one object of byName, which
// holds every attribute of its schema.
func setStateValues(ctx context.Context, state *tfsdk.State, byName map[string]attr.Value, diags *diag.Diagnostics) {
	objectType, ok := state.Schema.Type().(basetypes.ObjectType)
	if !ok {
		diags.AddError("Setting the state failed",
			fmt.Sprintf("The schema's type is %T, not an object. This is a bug in the provider; please report it.", state.Schema.Type()))
		return
	}
	obj := objectValue(objectType.AttrTypes, byName, diags)
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, obj)...)
}
