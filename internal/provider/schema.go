package provider

import (
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The building blocks of the provider's schemas: attributes declared
// alike (computed, kept in plans, optional with a default, the version
// of a write-only attribute), the object types derived from declared
// attributes, and the data sources' attributes derived from a
// resource's, so that each object is declared once, by its resource.

// attrTypes gives the types of attrs by name: the object type of values
// with those attributes.
func attrTypes[A interface{ GetType() attr.Type }](attrs map[string]A) map[string]attr.Type {
	out := make(map[string]attr.Type, len(attrs))
	for name, a := range attrs {
		out[name] = a.GetType()
	}
	return out
}

// computedString is a string attribute only the API sets.
func computedString(doc string) resourceschema.StringAttribute {
	return resourceschema.StringAttribute{MarkdownDescription: doc, Computed: true}
}

// keptString, keptObject and keptList are attributes only the API sets
// whose values plans keep (UseStateForUnknown): only a refresh changes
// them.
func keptString(doc string) resourceschema.StringAttribute {
	a := computedString(doc)
	a.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	return a
}

func keptObject(a resourceschema.SingleNestedAttribute) resourceschema.SingleNestedAttribute {
	a.PlanModifiers = []planmodifier.Object{objectplanmodifier.UseStateForUnknown()}
	return a
}

func keptList(a resourceschema.ListNestedAttribute) resourceschema.ListNestedAttribute {
	a.PlanModifiers = []planmodifier.List{listplanmodifier.UseStateForUnknown()}
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

// nestedAttrTypes gives the attribute types of a nested object attribute,
// or of the objects of a list of them. Any other attribute is a mistake
// of the provider's, which every test that loads the schema shows at once.
func nestedAttrTypes(a interface{ GetType() attr.Type }) map[string]attr.Type {
	t := a.GetType()
	if list, ok := t.(types.ListType); ok {
		t = list.ElemType
	}
	object, ok := t.(types.ObjectType)
	if !ok {
		panic(fmt.Sprintf("nestedAttrTypes: %s holds no object", t))
	}
	return object.AttrTypes
}

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
