package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/list"
)

// The docs of actions and list resources are guides written by hand:
// the docs generator sees them only through a Terraform 1.14 or newer,
// which not every machine has. Each guide names every argument, so that
// a new one cannot go undocumented.
func TestGuidesNameEveryArgument(t *testing.T) {
	p := &apifyProvider{}
	guide := func(name string) string {
		raw, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	actions := guide("actions.md.tmpl")
	for _, newAction := range p.Actions(t.Context()) {
		a := newAction()
		var meta action.MetadataResponse
		a.Metadata(t.Context(), action.MetadataRequest{ProviderTypeName: "apify"}, &meta)
		var schema action.SchemaResponse
		a.Schema(t.Context(), action.SchemaRequest{}, &schema)
		if !strings.Contains(actions, meta.TypeName) {
			t.Errorf("the actions guide does not name %s", meta.TypeName)
		}
		for name := range schema.Schema.Attributes {
			if !strings.Contains(actions, "`"+name+"`") {
				t.Errorf("the actions guide does not name the argument %s of %s", name, meta.TypeName)
			}
		}
	}
	lists := guide("list-resources.md.tmpl")
	for _, newList := range p.ListResources(t.Context()) {
		l := newList()
		var schema list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(t.Context(), list.ListResourceSchemaRequest{}, &schema)
		for name := range schema.Schema.Attributes {
			if !strings.Contains(lists, "`"+name+"`") {
				t.Errorf("the list resources guide does not name the config argument %s", name)
			}
		}
	}
}
