package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// Write-only secrets of apify_webhook: Terraform 1.11 and OpenTofu 1.11
// send write-only values; the engines before them cannot.
var writeOnlyEngines = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}

const (
	woURLSecret     = "WoUrlSecret3c9a71"
	woURLSecretNext = "WoUrlSecretNext52b"
	woHeaderSecret  = "WoHeaderSecret7e14"
)

// writeOnlyWebhookConfig is apify_webhook.test with its request URL and
// headers template in the write-only attributes, each with a version, fed
// from ephemeral variables as a pipeline would: a value written in the
// configuration would be in the plan file's copy of it.
func writeOnlyWebhookConfig(urlVersion int, description string) string {
	return fmt.Sprintf(`
variable "hook_url" {
  type      = string
  ephemeral = true
  sensitive = true
}

variable "hook_headers" {
  type      = string
  ephemeral = true
  sensitive = true
}

resource "apify_webhook" "test" {
  event_types                 = ["ACTOR.RUN.FAILED"]
  condition                   = { actor_id = "vvE7iMKuMc5qTHHsR" }
  request_url_wo              = var.hook_url
  request_url_wo_version      = %d
  headers_template_wo         = var.hook_headers
  headers_template_wo_version = 1
  description                 = %q
}
`, urlVersion, description)
}

// writeOnlyValues are the variables of writeOnlyWebhookConfig.
func writeOnlyValues(urlSecret string) config.Variables {
	return config.Variables{
		"hook_url":     config.StringVariable("https://hooks.example.com/apify?token=" + urlSecret),
		"hook_headers": config.StringVariable(`{ "Authorization": "Bearer ` + woHeaderSecret + `" }`),
	}
}

// secretsAbsent fails when any secret appears anywhere in what a plan or
// a state check is given, marshalled to JSON.
type secretsAbsent []string

func (s secretsAbsent) find(what string, v any) error {
	text, err := json.Marshal(v)
	if err != nil {
		return err
	}
	for _, secret := range s {
		if strings.Contains(string(text), secret) {
			return fmt.Errorf("the %s holds %s", what, secret)
		}
	}
	return nil
}

func (s secretsAbsent) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = s.find("plan", req.Plan)
}

func (s secretsAbsent) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = s.find("state", req.State)
}

// putsSending counts the updates of the webhook whose body holds text.
func putsSending(fake *apifytest.Server, text string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == http.MethodPut && strings.Contains(string(r.Body), text) {
			n++
		}
	}
	return n
}

// The write-only values reach the API and never the plan or the state; a
// new value is sent once, when its version changes, and an update of
// anything else leaves them as they are.
func TestAccWebhook_writeOnlySecrets(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	secrets := secretsAbsent{woURLSecret, woURLSecretNext, woHeaderSecret}
	storedHas := func(want ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			stored := storedWebhook(t, fake)
			for _, w := range want {
				if !strings.Contains(fmt.Sprint(stored), w) {
					return fmt.Errorf("the stored webhook lacks %s: %v", w, stored)
				}
			}
			return nil
		}
	}
	run(t, resource.TestCase{
		TerraformVersionChecks: writeOnlyEngines,
		CheckDestroy:           func(*terraform.State) error { return noWebhooksLeft(fake) },
		Steps: []resource.TestStep{
			{
				Config:           providerConfig(fake) + writeOnlyWebhookConfig(1, "first"),
				ConfigVariables:  writeOnlyValues(woURLSecret),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{secrets}},
				ConfigStateChecks: []statecheck.StateCheck{secrets,
					expectWebhook("request_url", null), expectWebhook("request_url_wo", null),
					expectWebhook("request_url_wo_version", knownvalue.Int64Exact(1)),
					expectWebhook("headers_template", null), expectWebhook("headers_template_wo", null),
					expectWebhook("headers_template_wo_version", knownvalue.Int64Exact(1)),
				},
				Check: storedHas(woURLSecret, woHeaderSecret),
			},
			{
				// A new value under the same version is not sent: nothing
				// to plan, by design.
				Config:           providerConfig(fake) + writeOnlyWebhookConfig(1, "first"),
				ConfigVariables:  writeOnlyValues(woURLSecretNext),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            storedHas(woURLSecret),
			},
			{
				Config:          providerConfig(fake) + writeOnlyWebhookConfig(2, "first"),
				ConfigVariables: writeOnlyValues(woURLSecretNext),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					secrets, plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{secrets, expectWebhook("request_url_wo_version", knownvalue.Int64Exact(2))},
				Check:             storedHas(woURLSecretNext, woHeaderSecret),
			},
			{
				// An update of something else keeps both secrets as sent.
				Config:            providerConfig(fake) + writeOnlyWebhookConfig(2, "second"),
				ConfigVariables:   writeOnlyValues(woURLSecretNext),
				ConfigStateChecks: []statecheck.StateCheck{secrets, expectWebhook("description", str("second"))},
				Check:             storedHas(woURLSecretNext, woHeaderSecret, "second"),
			},
		},
	})
	if n := putsSending(fake, woURLSecretNext); n != 1 {
		t.Errorf("%d updates sent the new URL, want 1: when its version changed", n)
	}
	if n := putsSending(fake, woHeaderSecret); n != 0 {
		t.Errorf("%d updates sent the headers template again, want none: its version never changed", n)
	}
}

// A webhook imported under a configuration with write-only values plans
// the update that sends them once, and that is what the apply does.
func TestAccWebhook_importUnderWriteOnlyValues(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.AddWebhook(`{"id": "existingHook00001", "eventTypes": ["ACTOR.RUN.FAILED"], "condition": {"actorId": "vvE7iMKuMc5qTHHsR"},
		"requestUrl": "https://hooks.example.com/apify?token=OldToken000001", "description": "first"}`)
	run(t, resource.TestCase{
		TerraformVersionChecks: writeOnlyEngines,
		CheckDestroy:           func(*terraform.State) error { return noWebhooksLeft(fake) },
		Steps: []resource.TestStep{{
			Config: providerConfig(fake) + writeOnlyWebhookConfig(1, "first") + `
import {
  to = apify_webhook.test
  id = "existingHook00001"
}
`,
			ConfigVariables: writeOnlyValues(woURLSecret),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(webhookAddress, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(webhookAddress, tfjsonpath.New("request_url_wo_version"), knownvalue.Int64Exact(1)),
				plancheck.ExpectKnownValue(webhookAddress, tfjsonpath.New("request_url"), null),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				secretsAbsent{woURLSecret, woHeaderSecret, "OldToken000001"},
				expectWebhook("request_url", null),
			},
		}},
	})
	if n := putsSending(fake, woURLSecret); n != 1 {
		t.Errorf("%d updates sent the write-only URL, want 1", n)
	}
}

func TestAccWebhook_writeOnlyInvalidConfiguration(t *testing.T) {
	webhook := func(lines ...string) string {
		return `
resource "apify_webhook" "test" {
  event_types = ["ACTOR.RUN.FAILED"]
  condition   = { actor_id = "vvE7iMKuMc5qTHHsR" }
  ` + strings.Join(lines, "\n  ") + `
}
`
	}
	const url, wo, version = `request_url = "https://hooks.example.com/a"`, `request_url_wo = "https://hooks.example.com/b"`, `request_url_wo_version = 1`
	tests := map[string]struct {
		config string
		want   []string
	}{
		"both URLs":                    {webhook(url, wo, version), []string{"Invalid Attribute Combination", "request_url_wo"}},
		"no URL":                       {webhook(), []string{"Missing Attribute Configuration", "request_url", "request_url_wo"}},
		"a write-only URL unversioned": {webhook(wo), []string{"Invalid Attribute Combination", `Attribute "request_url_wo_version" must be specified when "request_url_wo" is specified`}},
		"a version without its value":  {webhook(url, version), []string{"Invalid Attribute Combination", `Attribute "request_url_wo" must be specified when "request_url_wo_version" is specified`}},
		"both headers templates": {webhook(url, `headers_template = "{}"`, `headers_template_wo = "{}"`, `headers_template_wo_version = 1`),
			[]string{"Invalid Attribute Combination", "headers_template_wo"}},
		"a write-only URL not absolute": {webhook(`request_url_wo = "hooks.example.com/b"`, version),
			[]string{"Invalid request URL", "must be an absolute http:// or https:// URL"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			run(t, resource.TestCase{
				TerraformVersionChecks: writeOnlyEngines,
				Steps:                  []resource.TestStep{{Config: providerConfig(fake) + tt.config, ExpectError: errorMatching(tt.want...)}},
			})
			if n := len(fake.Requests()); n != 0 {
				t.Errorf("the fake received %d requests, want none before the configuration is valid", n)
			}
		})
	}
}

// On an engine that cannot send write-only values, the user is told so
// before any request; the plain attributes work there as everywhere.
func TestAccWebhook_writeOnlyNeedsANewerEngine(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	run(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			tfversion.SkipBetween(tfversion.Version1_11_0, version.Must(version.NewVersion("1000.0.0"))),
		},
		Steps: []resource.TestStep{{
			// Literal values: these engines have no ephemeral variables.
			Config: providerConfig(fake) + `
resource "apify_webhook" "test" {
  event_types            = ["ACTOR.RUN.FAILED"]
  condition              = { actor_id = "vvE7iMKuMc5qTHHsR" }
  request_url_wo         = "https://hooks.example.com/apify?token=` + woURLSecret + `"
  request_url_wo_version = 1
}
`,
			ExpectError: errorMatching("WriteOnly Attribute Not Allowed", "only supported in Terraform 1.11 and later"),
		}},
	})
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake received %d requests, want none", n)
	}
}

// A write-only value known only at apply that turns out null fails the
// apply before any request, rather than record a new version with nothing
// sent: the validators run again at apply.
func TestAccWebhook_writeOnlyValueNullAtApply(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	run(t, resource.TestCase{
		TerraformVersionChecks: writeOnlyEngines,
		Steps: []resource.TestStep{{
			Config: providerConfig(fake) + `
# Null, but known only at apply.
resource "terraform_data" "url" {
  input = timestamp() == "never" ? "https://hooks.example.com/a" : null
}

resource "apify_webhook" "test" {
  event_types            = ["ACTOR.RUN.FAILED"]
  condition              = { actor_id = "vvE7iMKuMc5qTHHsR" }
  request_url_wo         = terraform_data.url.output
  request_url_wo_version = 1
}
`,
			ExpectError: errorMatching("Error running apply", "Missing Attribute Configuration", "request_url,request_url_wo"),
		}},
	})
	if n := requestsOf(fake, http.MethodPost); n != 0 {
		t.Errorf("%d creates were sent, want none", n)
	}
}
