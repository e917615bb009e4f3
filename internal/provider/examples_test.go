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

// TestAccExamples runs every data source example the docs show against the
// fake API, so that the documented configurations keep working.
func TestAccExamples(t *testing.T) {
	examples, err := filepath.Glob("../../examples/data-sources/*/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) == 0 {
		t.Fatal("found no examples")
	}
	for _, example := range examples {
		t.Run(filepath.Base(filepath.Dir(example)), func(t *testing.T) {
			t.Parallel()
			config, err := os.ReadFile(example)
			if err != nil {
				t.Fatal(err)
			}
			fake := apifytest.Start(t)
			// The example that waits reads a dispatch that is ACTIVE once.
			fake.SettleAfter(apifytest.DispatchActive, 1, "SUCCEEDED")
			runSteps(t, resource.TestStep{
				Config: providerConfig(fake) + string(config),
				// Terraform reads the data sources scoped to a check block on
				// every plan, so such a plan is never empty.
				ExpectNonEmptyPlan: checkScopedData.Match(config),
			})
		})
	}
}
