package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

var checkScopedData = regexp.MustCompile(`check "[^"]+" \{\s*data "`)

// TestAccExamples runs every data source and resource example the docs
// show against the playground the README offers, so that the documented
// configurations keep working: applied, planned empty, and destroyed.
func TestAccExamples(t *testing.T) {
	examples, err := filepath.Glob("../../examples/data-sources/*/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	resources, err := filepath.Glob("../../examples/resources/*/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	examples = append(examples, resources...)
	if len(examples) == 0 {
		t.Fatal("found no examples")
	}
	for _, example := range examples {
		t.Run(filepath.Base(filepath.Dir(filepath.Dir(example)))+"/"+filepath.Base(filepath.Dir(example)), func(t *testing.T) {
			t.Parallel()
			config, err := os.ReadFile(example)
			if err != nil {
				t.Fatal(err)
			}
			fake := apifytest.Track(t, apifytest.NewPlayground())
			runSteps(t, resource.TestStep{
				Config: providerConfig(fake) + string(config),
				// Terraform reads the data sources scoped to a check block on
				// every plan, so such a plan is never empty.
				ExpectNonEmptyPlan: checkScopedData.Match(config),
			})
		})
	}
}
