// Package tfcli runs a real Terraform CLI against a freshly built provider
// binary, the way a user does: through a dev_overrides CLI configuration,
// with no `terraform init` and no registry. The demo, the end-to-end tests
// and the benchmarks share it.
package tfcli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// ProviderBinary is the name Terraform looks for in a dev_overrides
// directory.
const ProviderBinary = "terraform-provider-apify"

// BuildProvider builds the provider of the module at moduleDir into
// outDir and returns the binary's path.
func BuildProvider(ctx context.Context, moduleDir, outDir string) (string, error) {
	out := filepath.Join(outDir, ProviderBinary)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, ".")
	cmd.Dir = moduleDir
	if output, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the provider: %w\n%s", err, output)
	}
	return out, nil
}

// Workspace is a directory of Terraform configuration run with a given
// Terraform CLI and the provider binary in a dev_overrides directory.
type Workspace struct {
	// Dir holds the configuration and the state.
	Dir string
	// Terraform is the absolute path of the CLI.
	Terraform string
	// Env is the environment of every command, the CLI configuration
	// included; append to it before running commands.
	Env []string

	overrides map[string]string
}

// NewWorkspace prepares dir to run terraform with the provider binary
// found in providerDir. The environment starts as this process's.
func NewWorkspace(dir, terraform, providerDir string) (*Workspace, error) {
	providerDir, err := filepath.Abs(providerDir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(providerDir, ProviderBinary)); err != nil {
		return nil, fmt.Errorf("no provider binary in %s: %w", providerDir, err)
	}
	w := &Workspace{
		Dir:       dir,
		Terraform: terraform,
		overrides: map[string]string{},
	}
	if err := w.Override("apify/apify", providerDir); err != nil {
		return nil, err
	}
	w.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+w.cliConfig(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	return w, nil
}

// Override makes Terraform take the provider of source, such as
// "apify/apify", from the binary in dir.
func (w *Workspace) Override(source, dir string) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	w.overrides[source] = dir
	var lines strings.Builder
	for _, s := range slices.Sorted(maps.Keys(w.overrides)) {
		fmt.Fprintf(&lines, "    %q = %q\n", s, w.overrides[s])
	}
	config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n%s  }\n  direct {}\n}\n", lines.String())
	return os.WriteFile(w.cliConfig(), []byte(config), 0o600)
}

func (w *Workspace) cliConfig() string { return filepath.Join(w.Dir, ".terraformrc") }

// WriteFile writes one file of configuration into the workspace.
func (w *Workspace) WriteFile(name, content string) error {
	return os.WriteFile(filepath.Join(w.Dir, name), []byte(content), 0o600)
}

// CopyConfig copies the .tf files of dir into the workspace.
func (w *Workspace) CopyConfig(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no .tf files in %s", dir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := w.WriteFile(filepath.Base(f), string(data)); err != nil {
			return err
		}
	}
	return nil
}

// Command returns terraform with args, ready to run in the workspace.
func (w *Workspace) Command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, w.Terraform, args...)
	cmd.Dir = w.Dir
	cmd.Env = w.Env
	return cmd
}

// Run runs terraform with args, writing its output to stdout and stderr.
func (w *Workspace) Run(ctx context.Context, stdout, stderr io.Writer, args ...string) error {
	cmd := w.Command(ctx, args...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("terraform %s: %w", args[0], err)
	}
	return nil
}
