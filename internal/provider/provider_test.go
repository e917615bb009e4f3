package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The acceptance tests run a real Terraform CLI against the fake API, with
// the provider served in this test process.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"apify": func() (tfprotov6.ProviderServer, error) {
		server, err := NewServer("test")
		if err != nil {
			return nil, err
		}
		return server(), nil
	},
}

// noTerraform, when set, says why the acceptance tests are skipped: no
// Terraform CLI was found. The unit tests run all the same.
var noTerraform string

// TestMain makes sure the acceptance tests use a Terraform CLI that is
// already on this machine. Without TF_ACC_TERRAFORM_PATH,
// terraform-plugin-testing would try to download one and end the whole
// test process when it cannot; without any CLI, the acceptance tests are
// skipped instead.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if found, err := exec.LookPath("terraform"); err != nil {
			noTerraform = "no terraform CLI on PATH and TF_ACC_TERRAFORM_PATH is not set: acceptance tests skipped. " +
				"Run `make test`, which builds Terraform when PATH has none, or set TF_ACC_TERRAFORM_PATH to an absolute path."
			fmt.Fprintln(os.Stderr, noTerraform)
		} else if abs, err := filepath.Abs(found); err == nil {
			_ = os.Setenv("TF_ACC_TERRAFORM_PATH", abs)
		}
	}
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "apify")
	}
	os.Exit(m.Run())
}

// skipWithoutTerraform skips an acceptance test when no Terraform CLI is
// to be had.
func skipWithoutTerraform(t *testing.T) {
	t.Helper()
	if noTerraform != "" {
		t.Skip(noTerraform)
	}
}

// providerConfig is a provider block pointing at fake, with extra
// attribute lines.
func providerConfig(fake *apifytest.Server, extra ...string) string {
	return fmt.Sprintf(`
provider "apify" {
  base_url = %q
  token    = %q
  %s
}
`, fake.URL, fake.Token, strings.Join(extra, "\n  "))
}

// dispatchConfig reads the dispatch id as data.apify_webhook_dispatch.test.
func dispatchConfig(id string) string {
	return fmt.Sprintf(`
data "apify_webhook_dispatch" "test" {
  id = %q
}
`, id)
}

func expectDispatch(attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.apify_webhook_dispatch.test", tfjsonpath.New(attr), check)
}

// errorMatching matches Terraform's output containing each phrase in
// order. Terraform wraps long diagnostics, so any run of white space in a
// phrase matches any other.
func errorMatching(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, `.*`))
}

// runSteps runs a test case against the provider through Terraform,
// without needing TF_ACC: the only API it talks to is the fake on loopback.
func runSteps(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	skipWithoutTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    steps,
	})
}

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
			errorMatching("max_retries", "must be between 0 and 100, got: -1"),
		},
		"retries past the bound": {
			`max_retries = 4294967297`,
			errorMatching("max_retries", "must be between 0 and 100, got: 4294967297"),
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
			for _, r := range fake.Requests() {
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
	fake.SendsOffSpecRequests()
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

// Terraform sorts diagnostics by their place in the configuration, so the
// provider's own order shows only when Configure is called directly: as
// SDKs and other tools that talk to the provider see it.
func TestConfigure_unknownValuesInAStableOrder(t *testing.T) {
	ctx := t.Context()
	p := New("test")()
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	raw := tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), map[string]tftypes.Value{
		"token":           unknown,
		"base_url":        unknown,
		"max_retries":     tftypes.NewValue(tftypes.Number, tftypes.UnknownValue),
		"request_timeout": unknown,
	})
	want := []string{"token", "base_url", "max_retries", "request_timeout"}
	for range 20 {
		var resp provider.ConfigureResponse
		p.Configure(ctx, provider.ConfigureRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: raw}}, &resp)
		var got []string
		for _, d := range resp.Diagnostics {
			if withPath, ok := d.(diag.DiagnosticWithPath); ok {
				got = append(got, withPath.Path().String())
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("diagnostics on %v, want on %v in that order", got, want)
		}
	}
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
