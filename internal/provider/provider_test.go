package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The acceptance tests run a real Terraform CLI against the fake API, with
// the provider served in this test process.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"apify": func() (tfprotov6.ProviderServer, error) { return NewServer("test")(), nil },
}

// TestMain makes sure the tests use a Terraform CLI that is already on this
// machine. Without TF_ACC_TERRAFORM_PATH, terraform-plugin-testing would try
// to download one and end the whole test process when it cannot.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			fmt.Fprintln(os.Stderr, "No terraform CLI on PATH and TF_ACC_TERRAFORM_PATH is not set. "+
				"Run `make test`, which installs Terraform when PATH has none, or set TF_ACC_TERRAFORM_PATH to an absolute path.")
			os.Exit(1)
		}
		abs, err := filepath.Abs(found)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		_ = os.Setenv("TF_ACC_TERRAFORM_PATH", abs)
	}
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "apify")
	}
	os.Exit(m.Run())
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
		"relative base URL": {
			`base_url = "api.apify.com/v2"`,
			errorMatching("Invalid Apify API base URL", "not an absolute http(s) URL"),
		},
		"base URL with a query": {
			`base_url = "https://api.apify.com/?token=abc"`,
			errorMatching("Invalid Apify API base URL", "query or fragment"),
		},
		"negative retries": {
			`max_retries = -1`,
			errorMatching("max_retries", "at least 0"),
		},
		"timeout that is not a duration": {
			`request_timeout = "soon"`,
			errorMatching("Invalid Time Duration String Value", `request_timeout = "soon"`),
		},
		"negative timeout": {
			`request_timeout = "-5s"`,
			errorMatching("Invalid request timeout", "positive duration"),
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
