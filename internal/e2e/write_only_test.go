package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
	"github.com/apify/terraform-provider-apify/internal/tfcli"
)

// skipBelow skips t on an engine older than minimum, saying so in the
// words of terraform-plugin-testing's version checks, which
// make testacc-matrix counts.
func skipBelow(t *testing.T, ws *tfcli.Workspace, minimum string) {
	t.Helper()
	out, err := ws.Command(t.Context(), "version", "-json").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("terraform version -json: %v: %s", err, out)
	}
	if version.Must(version.NewVersion(v.Version)).LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test", v.Version, minimum)
	}
}

// The docs' write-only example, applied as a pipeline would with the URL
// in an ephemeral variable, under TF_LOG=TRACE: the URL's secret reaches
// the API and is in no plan file, no state and no line Terraform prints.
// A new URL is sent once its version is raised.
func TestWriteOnlyURLNeverStored(t *testing.T) {
	t.Parallel()
	const secret, nextSecret = "WoE2eSecret4a7d1c", "WoE2eNextSecret9f2b"
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "apify_webhook", "write_only.tf"))
	if err != nil {
		t.Fatal(err)
	}
	fake := apifytest.Start(t)
	ws := newWorkspace(t, fake, string(example))
	skipBelow(t, ws, "1.11.0")
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token, "TF_LOG=TRACE")

	var printed bytes.Buffer
	run := func(url string, args ...string) {
		t.Helper()
		cmd := ws.Command(t.Context(), args...)
		cmd.Env = append(cmd.Env, "TF_VAR_webhook_url=https://hooks.example.com/deploy?token="+url)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		printed.Write(out.Bytes())
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, tail(out.String()))
		}
	}
	run(secret, "plan", "-input=false", "-no-color", "-out=create.tfplan")
	run(secret, "show", "-json", "create.tfplan")
	run(secret, "apply", "-input=false", "-no-color", "create.tfplan")
	stored := func() string {
		t.Helper()
		ids := fake.Webhooks()
		if len(ids) != 1 {
			t.Fatalf("the fake holds webhooks %v, want one", ids)
		}
		w, _ := fake.Webhook(ids[0])
		return w
	}
	if !strings.Contains(stored(), secret) {
		t.Fatalf("the webhook was not created with the write-only URL: %s", stored())
	}

	// The same version with a new URL sends nothing; a raised one sends it.
	run(nextSecret, "apply", "-auto-approve", "-input=false", "-no-color")
	if strings.Contains(stored(), nextSecret) {
		t.Errorf("a new URL under the same version was sent")
	}
	config := strings.Replace(string(example), "request_url_wo_version = 1", "request_url_wo_version = 2", 1)
	if err := ws.WriteFile("main.tf", requiredProviders+config); err != nil {
		t.Fatal(err)
	}
	run(nextSecret, "apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(stored(), nextSecret) {
		t.Errorf("the raised version did not send the new URL: %s", stored())
	}

	state, err := os.ReadFile(filepath.Join(ws.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	plan := unzipped(t, filepath.Join(ws.Dir, "create.tfplan"))
	if !strings.Contains(printed.String(), "Sending Apify API request") {
		t.Fatalf("the output lacks the provider's log:\n%s", tail(printed.String()))
	}
	// Terraform's output holds show -json of the plan, too.
	for what, text := range map[string]string{"the state": string(state), "the plan file": plan, "Terraform's output": printed.String()} {
		for _, s := range []string{secret, nextSecret} {
			if i := strings.Index(text, s); i >= 0 {
				t.Errorf("%s holds %s: ...%s...", what, s, text[max(0, i-200):i+len(s)])
			}
		}
	}
	run(nextSecret, "destroy", "-auto-approve", "-input=false", "-no-color")
}

// unzipped is every file of the zip archive at path, a plan file,
// concatenated.
func unzipped(t *testing.T, path string) string {
	t.Helper()
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var all strings.Builder
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(&all, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	if all.Len() == 0 {
		t.Fatalf("the plan file %s is empty", path)
	}
	return all.String()
}
