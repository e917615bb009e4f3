package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// terraformValue converts v, of Terraform type typ, to a tftypes.Value
// whose nested values all share typ's parts. The framework's own
// conversion builds a fresh type for every nested object, which for a list
// of thousands of dispatches costs several times the memory of the values.
func terraformValue(ctx context.Context, v attr.Value, typ tftypes.Type) (tftypes.Value, error) {
	if v.IsNull() {
		return tftypes.NewValue(typ, nil), nil
	}
	switch v := v.(type) {
	case basetypes.ObjectValue:
		objType, ok := typ.(tftypes.Object)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("object value for type %s", typ)
		}
		attrs := v.Attributes()
		values := make(map[string]tftypes.Value, len(attrs))
		for name, attrValue := range attrs {
			converted, err := terraformValue(ctx, attrValue, objType.AttributeTypes[name])
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
			}
			values[name] = converted
		}
		return tftypes.NewValue(typ, values), nil
	case basetypes.ListValue:
		listType, ok := typ.(tftypes.List)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("list value for type %s", typ)
		}
		elems := v.Elements()
		values := make([]tftypes.Value, len(elems))
		for i, elem := range elems {
			converted, err := terraformValue(ctx, elem, listType.ElementType)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("[%d]: %w", i, err)
			}
			values[i] = converted
		}
		return tftypes.NewValue(typ, values), nil
	default:
		// Strings, numbers and bools hold no nested types.
		return v.ToTerraformValue(ctx)
	}
}

// withAttributes returns object with the attributes in values set to
// them. object itself is left as it is.
func withAttributes(object tftypes.Value, values map[string]tftypes.Value) (tftypes.Value, error) {
	var attrs map[string]tftypes.Value
	if err := object.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	// As gives the object's own map.
	attrs = maps.Clone(attrs)
	maps.Copy(attrs, values)
	if err := tftypes.ValidateValue(object.Type(), attrs); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(object.Type(), attrs), nil
}
