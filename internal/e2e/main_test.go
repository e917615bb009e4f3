// Package e2e runs the built provider binary under a real Terraform CLI,
// as a user's machine does, for what only shows there: Terraform's own
// logs, and signals sent to Terraform.
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
	"github.com/apify/terraform-provider-apify/internal/tfcli"
)

var (
	terraformPath string
	providerDir   string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

// noTerraform, when set, says why every test here is skipped.
var noTerraform string

func run(m *testing.M) int {
	terraformPath = os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraformPath == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			noTerraform = "no terraform CLI on PATH and TF_ACC_TERRAFORM_PATH is not set: end-to-end tests skipped. " +
				"Run `make test`, which builds Terraform when PATH has none."
			fmt.Fprintln(os.Stderr, noTerraform)
			return m.Run()
		}
		terraformPath = found
	}
	dir, err := os.MkdirTemp("", "apify-e2e-provider-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if _, err := tfcli.BuildProvider(context.Background(), filepath.Join("..", ".."), dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	providerDir = dir
	return m.Run()
}

// requiredProviders names the provider's address, which dev_overrides
// maps to the built binary.
const requiredProviders = `
terraform {
  required_providers {
    apify = {
      source = "apify/apify"
    }
  }
}
`

// newWorkspace returns a workspace holding config, with the provider
// pointed at fake. A config without a terraform block of its own gets
// requiredProviders.
func newWorkspace(t *testing.T, fake *apifytest.Server, config string) *tfcli.Workspace {
	t.Helper()
	if noTerraform != "" {
		t.Skip(noTerraform)
	}
	ws, err := tfcli.NewWorkspace(t.TempDir(), terraformPath, providerDir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(config, "required_providers") {
		config = requiredProviders + config
	}
	if err := ws.WriteFile("main.tf", config); err != nil {
		t.Fatal(err)
	}
	ws.Env = append(ws.Env, "APIFY_API_BASE_URL="+fake.URL)
	return ws
}
