package e2e

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// readmeExample returns the README's first HCL example.
func readmeExample(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, found := strings.Cut(string(readme), "```hcl\n")
	example, _, closed := strings.Cut(rest, "```")
	if !found || !closed {
		t.Fatal("the README has no HCL example")
	}
	return example
}

// The README's first example is one a user can keep: it applies as it is,
// a webhook changed to a receiver that fails fires a new test whose
// failure fails the apply, and the webhook set right again applies.
func TestReadmeExampleAppliesAndKeepsWorking(t *testing.T) {
	t.Parallel()
	fake := apifytest.Track(t, apifytest.NewPlayground())
	example := readmeExample(t)
	const receiver = "https://ci.example.com/hooks/apify"
	if !strings.Contains(example, receiver) {
		t.Fatalf("the README's example has no request URL %s", receiver)
	}
	ws := newWorkspace(t, fake, example)
	ws.Env = append(ws.Env, "APIFY_TOKEN="+fake.Token)
	apply := func(config string, wantFail bool, want ...string) {
		t.Helper()
		if err := ws.WriteFile("main.tf", config); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err := ws.Run(t.Context(), &out, &out, "apply", "-auto-approve", "-input=false", "-no-color")
		if (err != nil) != wantFail {
			t.Fatalf("apply: error = %v, want failure %v:\n%s", err, wantFail, tail(out.String()))
		}
		for _, w := range want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("apply output lacks %q:\n%s", w, tail(out.String()))
			}
		}
	}
	tests := func() int {
		n := 0
		for _, r := range fake.Requests() {
			if r.Method == http.MethodPost && strings.HasSuffix(r.EscapedPath, "/test") {
				n++
			}
		}
		return n
	}

	apply(example, false, "delivered = true")
	apply(strings.Replace(example, receiver, "https://"+apifytest.FailingHost+"/hooks/apify", 1), true,
		"The webhook did not deliver its test.")
	apply(example, false, "delivered = true")
	if n := tests(); n != 3 {
		t.Errorf("%d tests fired, want 3: one per apply, as the webhook changed each time", n)
	}
	// The check block's data source is read again on every plan (its
	// window ends at plantimestamp()); no resource may change.
	var out bytes.Buffer
	if err := ws.Run(t.Context(), &out, &out, "plan", "-input=false", "-no-color"); err != nil {
		t.Fatalf("plan: %v\n%s", err, tail(out.String()))
	}
	if !strings.Contains(out.String(), "Plan: 0 to add, 0 to change, 0 to destroy.") && !strings.Contains(out.String(), "No changes.") {
		t.Errorf("the plan after the last apply changes resources:\n%s", tail(out.String()))
	}
}
