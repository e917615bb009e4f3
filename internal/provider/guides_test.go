package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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
		section := sectionOf(actions, meta.TypeName)
		if section == "" {
			t.Errorf("the actions guide has no section headed with %s", meta.TypeName)
		}
		for name := range schema.Schema.Attributes {
			if !strings.Contains(section, "`"+name+"`") {
				t.Errorf("the actions guide's section of %s does not name its argument %s", meta.TypeName, name)
			}
		}
	}
	lists := guide("list-resources.md.tmpl")
	for _, newList := range p.ListResources(t.Context()) {
		l := newList()
		var meta resource.MetadataResponse
		l.Metadata(t.Context(), resource.MetadataRequest{ProviderTypeName: "apify"}, &meta)
		var schema list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(t.Context(), list.ListResourceSchemaRequest{}, &schema)
		// Each list resource has an item of its own: "- `apify_webhook`: ...".
		_, item, found := strings.Cut(lists, "- `"+meta.TypeName+"`:")
		item, _, _ = strings.Cut(item, "\n- ")
		if !found {
			t.Errorf("the list resources guide has no item of %s", meta.TypeName)
		}
		for name := range schema.Schema.Attributes {
			if !strings.Contains(item, "`"+name+"`") {
				t.Errorf("the list resources guide's item of %s does not name its config argument %s", meta.TypeName, name)
			}
		}
	}
}

// sectionOf is the "## " section of a guide whose heading names name.
func sectionOf(guide, name string) string {
	for _, section := range strings.Split(guide, "\n## ") {
		heading, _, _ := strings.Cut(section, "\n")
		if strings.Contains(heading, name) {
			return section
		}
	}
	return ""
}
