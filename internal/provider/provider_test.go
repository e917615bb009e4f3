package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

func TestAccProvider_configFromEnvironment(t *testing.T) {
	fake := apifytest.Start(t)
	t.Setenv(envToken, fake.Token)
	t.Setenv(envBaseURL, fake.URL+"/")
	runSteps(t, resource.TestStep{
		Config: `provider "apify" {}` + dispatchConfig(apifytest.DispatchSucceeded),
		ConfigStateChecks: []statecheck.StateCheck{
			expectDispatch("status", knownvalue.StringExact("SUCCEEDED")),
		},
	})
}

func TestAccProvider_configOverridesEnvironment(t *testing.T) {
	fake := apifytest.Start(t)
	t.Setenv(envToken, "a-token-the-fake-refuses")
	t.Setenv(envBaseURL, "https://api.example.invalid")
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + dispatchConfig(apifytest.DispatchSucceeded),
		ConfigStateChecks: []statecheck.StateCheck{
			expectDispatch("status", knownvalue.StringExact("SUCCEEDED")),
		},
	})
}

func TestAccProvider_missingToken(t *testing.T) {
	fake := apifytest.Start(t)
	t.Setenv(envToken, "")
	runSteps(t, resource.TestStep{
		Config:      fmt.Sprintf(`provider "apify" { base_url = %q }`, fake.URL) + dispatchConfig(apifytest.DispatchSucceeded),
		ExpectError: errorMatching("Missing Apify API token", "APIFY_TOKEN"),
	})
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake received %d requests, want 0", n)
	}
}

func TestAccProvider_invalidSettings(t *testing.T) {
	tests := map[string]struct {
		setting   string
		wantError *regexp.Regexp
	}{
		"plain http to a remote host": {
			`base_url = "http://api.apify.com"`,
			errorMatching("Invalid Apify API base URL", "clear text", "https://"),
		},
		"base URL without a scheme": {
			`base_url = "api.apify.com/v2"`,
			errorMatching("Invalid Apify API base URL", `"api.apify.com/v2" has no scheme; give an absolute URL such as https://api.apify.com.`),
		},
		"host and port without a scheme": {
			`base_url = "127.0.0.1:8080"`,
			errorMatching("Invalid Apify API base URL", `"127.0.0.1:8080" has no scheme; give an absolute URL such as https://api.apify.com.`),
		},
		"base URL with a query": {
			`base_url = "https://api.apify.com/?token=abc"`,
			errorMatching("Invalid Apify API base URL", "query or fragment"),
		},
		"negative retries": {
			`max_retries = -1`,
			errorMatching("Invalid number", "max_retries must be a whole number from 0 to 100, not -1."),
		},
		"retries not a whole number": {
			`max_retries = 2.5`,
			errorMatching("Invalid number", "max_retries must be a whole number from 0 to 100, not 2.5."),
		},
		"retries past the bound": {
			`max_retries = 4294967297`,
			errorMatching("Invalid number", "max_retries must be a whole number from 0 to 100, not 4294967297."),
		},
		"timeout that is not a duration": {
			`request_timeout = "soon"`,
			errorMatching("Invalid duration", `request_timeout = "soon"`, `"soon" is not a duration. Write one such as "30s", "5m" or "1h30m" (units: ms, s, m, h).`),
		},
		"zero timeout": {
			`request_timeout = "0s"`,
			errorMatching("Invalid duration", `request_timeout = "0s"`, `"0s" is not longer than zero.`),
		},
		"negative timeout": {
			`request_timeout = "-1m"`,
			errorMatching("Invalid duration", `request_timeout = "-1m"`, `"-1m" is not longer than zero.`),
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			runSteps(t, resource.TestStep{
				Config: fmt.Sprintf(`
provider "apify" {
  token = %q
  %s
}
`, fake.Token, tt.setting) + dispatchConfig(apifytest.DispatchSucceeded),
				ExpectError: tt.wantError,
			})
			if n := len(fake.Requests()); n != 0 {
				t.Errorf("the fake received %d requests, want 0", n)
			}
		})
	}
}

func TestAccProvider_acceptsWhatUsersPaste(t *testing.T) {
	tests := []struct {
		name     string
		settings func(fake *apifytest.Server) string
		env      func(fake *apifytest.Server) map[string]string
	}{
		{
			name: "base URL with /v2, as Apify's docs write it",
			settings: func(fake *apifytest.Server) string {
				return fmt.Sprintf("base_url = %q\n token = %q", fake.URL+"/v2", fake.Token)
			},
		},
		{
			name: "base URL with /v2/",
			settings: func(fake *apifytest.Server) string {
				return fmt.Sprintf("base_url = %q\n token = %q", fake.URL+"/v2/", fake.Token)
			},
		},
		{
			name: "token with a line break, as file() reads it",
			settings: func(fake *apifytest.Server) string {
				return fmt.Sprintf("base_url = %q\n token = %q", fake.URL, "  "+fake.Token+"\n")
			},
		},
		{
			name:     "token with a line break in APIFY_TOKEN",
			settings: func(fake *apifytest.Server) string { return fmt.Sprintf("base_url = %q", fake.URL) },
			env:      func(fake *apifytest.Server) map[string]string { return map[string]string{envToken: fake.Token + "\n"} },
		},
		{
			name:     "empty token and base URL count as not set",
			settings: func(*apifytest.Server) string { return `token = ""` + "\n" + `base_url = ""` },
			env: func(fake *apifytest.Server) map[string]string {
				return map[string]string{envToken: fake.Token, envBaseURL: fake.URL}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := apifytest.Start(t)
			t.Setenv(envToken, "")
			t.Setenv(envBaseURL, "")
			if tt.env != nil {
				for k, v := range tt.env(fake) {
					t.Setenv(k, v)
				}
			}
			runSteps(t, resource.TestStep{
				Config: "provider \"apify\" {\n" + tt.settings(fake) + "\n}\n" + dispatchConfig(apifytest.DispatchSucceeded),
				ConfigStateChecks: []statecheck.StateCheck{
					expectDispatch("status", knownvalue.StringExact("SUCCEEDED")),
				},
			})
			for _, r := range dispatchRequests(fake) {
				if r.EscapedPath != "/v2/webhook-dispatches/"+apifytest.DispatchSucceeded {
					t.Errorf("request to %s", r.EscapedPath)
				}
			}
		})
	}
}

func TestAccProvider_pathTheAPIDoesNotServe(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.SkipValidation()
	// The fake answers 404 page-not-found for any path it does not serve,
	// as the API does: that says nothing about the dispatch.
	runSteps(t, resource.TestStep{
		Config: fmt.Sprintf(`
provider "apify" {
  base_url = %q
  token    = %q
}
`, fake.URL+"/api", fake.Token) + dispatchConfig(apifytest.DispatchSucceeded),
		ExpectError: errorMatching("Apify API address not found", "404 Not Found (page-not-found)",
			"says nothing about the webhook dispatch: check base_url (or APIFY_API_BASE_URL)", "https://api.apify.com."),
	})
}

// A provider configuration known only after apply (a token from another
// resource) leaves the provider unconfigured during plan, as the framework
// advises: resources are planned and applied, with the provider configured
// at apply; what needs the API during plan says why it cannot.
func TestAccProvider_configurationKnownOnlyAfterApply(t *testing.T) {
	fake := apifytest.Start(t)
	provider := fmt.Sprintf(`
resource "terraform_data" "token" {
  input = %q
}

provider "apify" {
  base_url = %q
  token    = terraform_data.token.output
}
`, fake.Token, fake.URL)
	t.Run("resources only", func(t *testing.T) {
		runCase(t, fake, resource.TestStep{
			Config: provider + webhookConfig(),
			Check: func(*terraform.State) error {
				if n := len(fake.Webhooks()); n != 1 {
					return fmt.Errorf("%d webhooks on the fake, want 1", n)
				}
				return nil
			},
		})
	})
	t.Run("a data source", func(t *testing.T) {
		runSteps(t, resource.TestStep{
			Config:      provider + dispatchConfig(apifytest.DispatchSucceeded),
			ExpectError: errorMatching("Apify provider configuration not known yet", "known only after apply", "APIFY_TOKEN"),
		})
	})
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		500 * time.Millisecond: "500ms",
		30 * time.Second:       "30s",
		time.Minute:            "1m",
		20 * time.Minute:       "20m",
		90 * time.Second:       "1m30s",
		2 * time.Hour:          "2h",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
