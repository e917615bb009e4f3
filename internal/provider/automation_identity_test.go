package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// A task's and a schedule's identity is their ID, set in every step that
// writes their state; an import block by identity round-trips them.
func TestAccActorTaskAndSchedule_identity(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	schedule := `
resource "apify_schedule" "test" {
  name            = "nightly"
  cron_expression = "@daily"
  actions         = [{ actor_task_id = apify_actor_task.test.id }]
}
`
	identities := []statecheck.StateCheck{
		statecheck.ExpectIdentityValueMatchesState(taskAddress, tfjsonpath.New("id")),
		statecheck.ExpectIdentityValueMatchesState(scheduleAddress, tfjsonpath.New("id")),
	}
	run(t, resource.TestCase{
		TerraformVersionChecks: identityEngines,
		Steps: []resource.TestStep{
			{Config: providerConfig(fake) + taskConfig("crawl") + schedule, ConfigStateChecks: identities},
			{Config: providerConfig(fake) + taskConfig("crawl", `title = "Crawl"`) + schedule, ConfigStateChecks: identities},
			{ResourceName: taskAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{ResourceName: scheduleAddress, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}
