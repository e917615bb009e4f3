package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// Resource identity: Terraform 1.12 and OpenTofu 1.12 keep it and import
// by it.
var identityEngines = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// Every step that writes a webhook's state gives its identity, the ID.
func TestAccWebhook_identity(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	run(t, resource.TestCase{
		TerraformVersionChecks: identityEngines,
		CheckDestroy:           func(*terraform.State) error { return noWebhooksLeft(fake) },
		Steps: []resource.TestStep{
			{
				Config: providerConfig(fake) + webhookConfig(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(webhookAddress, tfjsonpath.New("id")),
				},
			},
			{
				Config: providerConfig(fake) + webhookConfig(`description = "changed"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(webhookAddress, tfjsonpath.New("id")),
					expectWebhook("description", str("changed")),
				},
			},
			{
				// The testing framework's own round trip: an import block
				// by identity, planning no change.
				ResourceName:    webhookAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// An import block by identity imports an existing webhook and plans no
// change when the configuration matches it.
func TestAccWebhook_importByIdentity(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "existingHook00001", "eventTypes": ["ACTOR.RUN.FAILED"], "condition": {"actorId": "vvE7iMKuMc5qTHHsR"},
		"requestUrl": "https://hooks.example.com/apify?token=s3cret", "payloadTemplate": null, "headersTemplate": null,
		"description": null}`)
	run(t, resource.TestCase{
		TerraformVersionChecks: identityEngines,
		CheckDestroy:           func(*terraform.State) error { return noWebhooksLeft(fake) },
		Steps: []resource.TestStep{{
			Config: providerConfig(fake) + webhookConfig() + `
import {
  to       = apify_webhook.test
  identity = { id = "existingHook00001" }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectWebhook("id", str("existingHook00001")),
				statecheck.ExpectIdentity(webhookAddress, map[string]knownvalue.Check{"id": str("existingHook00001")}),
			},
		}},
	})
}
