package provider

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// Answers generated from the description, read through Terraform: the
// framework's rules for sets (duplicates), lists and nested objects apply
// there, not in the mapping alone. One webhook and one dispatch answer per
// mode, each read by the data sources in one plan.
func TestAccGeneratedAnswers(t *testing.T) {
	t.Parallel()
	spec, err := apifytest.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	g := spec.NewGenerator(generatedSeed)
	fake := apifytest.Start(t)
	var config strings.Builder
	for mode := range apifytest.LongStrings + 1 {
		for _, read := range []struct {
			operation      apifytest.Operation
			dataSource, id string
		}{
			{apifytest.GetWebhook, "apify_webhook", fmt.Sprintf("genWebhook%06d", mode)},
			{apifytest.GetWebhookDispatch, "apify_webhook_dispatch", fmt.Sprintf("genDispatch%05d", mode)},
		} {
			body, err := g.Generate(mode, string(read.operation), http.StatusOK)
			if err != nil {
				t.Fatal(err)
			}
			// Served as generated (the ID in it is the generator's), to every
			// read of the test's plans and applies; the generator holds each
			// answer to the description itself.
			answer := apifytest.Body(http.StatusOK, "application/json", string(body))
			fake.QueueFaults(read.operation.Of(read.id), slices.Repeat([]apifytest.Fault{answer}, 10)...)
			fmt.Fprintf(&config, "data %q %q {\n  id = %q\n}\n\n", read.dataSource, strings.ReplaceAll(mode.String(), "-", "_"), read.id)
		}
	}
	runSteps(t, resource.TestStep{Config: providerConfig(fake) + config.String()})
}
