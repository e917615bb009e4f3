package provider

// The helpers the package's tests share: the provider under test, the
// configurations the tests write, and the checks they make.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The acceptance tests run a real Terraform CLI against the fake API, with
// the provider served in this test process.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"apify": func() (tfprotov6.ProviderServer, error) { return NewServer("test")(), nil },
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
	run(t, resource.TestCase{Steps: steps})
}

var (
	null  = knownvalue.Null()
	str   = knownvalue.StringExact
	empty = knownvalue.ListSizeExact(0)
)

// dispatchRequests are the requests fake received, less the reads of a
// webhook that learn its secrets to redact them from a dispatch's calls
// (redactDispatches).
func dispatchRequests(fake *apifytest.Server) []apifytest.Request {
	var requests []apifytest.Request
	for _, r := range fake.Requests() {
		if r.Method != http.MethodGet || !webhookPath.MatchString(r.EscapedPath) {
			requests = append(requests, r)
		}
	}
	return requests
}

var webhookPath = regexp.MustCompile(`^/v2/webhooks/[^/]+$`)

// expectAnswers checks how the fake answered its first dispatch requests, in order,
// 0 standing for a dropped connection, and that it answered every later
// one with 200.
func expectAnswers(t *testing.T, fake *apifytest.Server, want ...int) {
	t.Helper()
	var got []int
	for _, r := range dispatchRequests(fake) {
		got = append(got, r.Status)
	}
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Fatalf("the fake answered %v, want %v first", got, want)
	}
	for i, status := range got[len(want):] {
		if status != http.StatusOK {
			t.Errorf("request %d was answered %d, want 200", len(want)+i+1, status)
		}
	}
}

// waitConfig reads data.apify_webhook_dispatch.test with the given
// attribute lines and blocks.
func waitConfig(id string, lines ...string) string {
	return fmt.Sprintf(`
data "apify_webhook_dispatch" "test" {
  id = %q
  %s
}
`, id, strings.Join(lines, "\n  "))
}

func expectList(path tfjsonpath.Path, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.apify_webhook_dispatches.test", path, check)
}

const webhookAddress = "apify_webhook.test"

// webhookConfig is apify_webhook.test with the given attribute lines, on
// top of the required ones that no line sets: a line sets the attribute
// it starts with.
func webhookConfig(lines ...string) string {
	sets := func(name string) bool {
		return slices.ContainsFunc(lines, func(line string) bool {
			rest, ok := strings.CutPrefix(strings.TrimSpace(line), name)
			return ok && strings.HasPrefix(strings.TrimSpace(rest), "=")
		})
	}
	required := []string{}
	for _, r := range []struct{ name, line string }{
		{"event_types", `event_types = ["ACTOR.RUN.FAILED"]`},
		{"condition", `condition = { actor_id = "vvE7iMKuMc5qTHHsR" }`},
		{"request_url", `request_url = "https://hooks.example.com/apify?token=s3cret"`},
	} {
		if !sets(r.name) {
			required = append(required, r.line)
		}
	}
	return fmt.Sprintf(`
resource "apify_webhook" "test" {
  %s
}
`, strings.Join(append(required, lines...), "\n  "))
}

func expectWebhook(attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(webhookAddress, tfjsonpath.New(attr), check)
}

// runCase runs steps against the provider and checks, once Terraform has
// destroyed everything, that the fake holds no webhook.
func runCase(t *testing.T, fake *apifytest.Server, steps ...resource.TestStep) {
	t.Helper()
	run(t, resource.TestCase{Steps: steps, CheckDestroy: func(*terraform.State) error { return noWebhooksLeft(fake) }})
}

// noWebhooksLeft fails when the fake holds a webhook after destroy.
func noWebhooksLeft(fake *apifytest.Server) error {
	if ids := fake.Webhooks(); len(ids) > 0 {
		return fmt.Errorf("webhooks left after destroy: %v", ids)
	}
	return nil
}

// run runs a test case through Terraform against the provider served in
// this process, or skips it without a Terraform CLI.
func run(t *testing.T, tc resource.TestCase) {
	t.Helper()
	skipWithoutTerraform(t)
	tc.ProtoV6ProviderFactories = testProviders
	resource.UnitTest(t, tc)
}

// storedWebhook returns the only webhook the fake holds, as the API
// returns it.
func storedWebhook(t *testing.T, fake *apifytest.Server) map[string]any {
	t.Helper()
	ids := fake.Webhooks()
	if len(ids) != 1 {
		t.Fatalf("the fake holds webhooks %v, want exactly one", ids)
	}
	raw, _ := fake.Webhook(ids[0])
	var w map[string]any
	if err := json.Unmarshal([]byte(raw), &w); err != nil {
		t.Fatal(err)
	}
	return w
}

// normalisingForms stores a webhook as the platform may (the API
// description leaves it open): the URL's host in lower case and "/" for an
// empty path, templates trimmed and with Unix line ends.
var normalisingForms = apifytest.StoredForms{
	URL: func(raw string) any {
		u, err := url.Parse(raw)
		if err != nil {
			return raw
		}
		u.Host = strings.ToLower(u.Host)
		if u.Path == "" {
			u.Path = "/"
		}
		return u.String()
	},
	Template: func(template string) any {
		return strings.TrimSpace(strings.ReplaceAll(template, "\r\n", "\n"))
	},
}

// requestsOf counts the requests of method the fake received.
func requestsOf(fake *apifytest.Server, method string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

const testDispatchAddress = "apify_webhook_test_dispatch.test"

func expectTestDispatch(attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(testDispatchAddress, tfjsonpath.New(attr), check)
}

// checkNulls compares every attribute of m, at every depth, with the field
// of d it maps: null exactly where the field is nil. calls is the one
// exception the mapping makes on purpose: nil calls are an empty list.
func checkNulls(d *apify.WebhookDispatch, m dispatchModel) error {
	type pair struct {
		path   string
		value  attr.Value
		wasNil bool
	}
	pairs := []pair{
		{"id", m.ID, d.ID == nil},
		{"user_id", m.UserID, d.UserID == nil},
		{"webhook_id", m.WebhookID, d.WebhookID == nil},
		{"created_at", m.CreatedAt, d.CreatedAt == nil},
		{"status", m.Status, d.Status == nil},
		{"event_type", m.EventType, d.EventType == nil},
		{"event_data", m.EventData, d.EventData == nil},
		{"webhook", m.Webhook, d.Webhook == nil},
	}
	if e := d.EventData; e != nil {
		a := m.EventData.Attributes()
		pairs = append(pairs,
			pair{"event_data.actor_id", a["actor_id"], e.ActorID == nil},
			pair{"event_data.actor_run_id", a["actor_run_id"], e.ActorRunID == nil},
			pair{"event_data.actor_build_id", a["actor_build_id"], e.ActorBuildID == nil},
			pair{"event_data.actor_task_id", a["actor_task_id"], e.ActorTaskID == nil})
	}
	if w := d.Webhook; w != nil {
		a := m.Webhook.Attributes()
		pairs = append(pairs,
			pair{"webhook.action_type", a["action_type"], w.ActionType == nil},
			pair{"webhook.request_url", a["request_url"], w.RequestURL == nil},
			pair{"webhook.is_ad_hoc", a["is_ad_hoc"], w.IsAdHoc == nil},
			pair{"webhook.condition", a["condition"], w.Condition == nil})
		if c := w.Condition; c != nil {
			condition, ok := a["condition"].(types.Object)
			if !ok {
				return fmt.Errorf("webhook.condition is a %T", a["condition"])
			}
			ca := condition.Attributes()
			pairs = append(pairs,
				pair{"webhook.condition.actor_id", ca["actor_id"], c.ActorID == nil},
				pair{"webhook.condition.actor_task_id", ca["actor_task_id"], c.ActorTaskID == nil},
				pair{"webhook.condition.actor_run_id", ca["actor_run_id"], c.ActorRunID == nil})
		}
	}
	if m.Calls.IsNull() || len(m.Calls.Elements()) != len(d.Calls) {
		return fmt.Errorf("calls: %d in the API model, %s in Terraform", len(d.Calls), m.Calls)
	}
	for i, c := range d.Calls {
		call, ok := m.Calls.Elements()[i].(types.Object)
		if !ok {
			return fmt.Errorf("calls[%d] is a %T", i, m.Calls.Elements()[i])
		}
		a := call.Attributes()
		pairs = append(pairs,
			pair{fmt.Sprintf("calls[%d].started_at", i), a["started_at"], c.StartedAt == nil},
			pair{fmt.Sprintf("calls[%d].finished_at", i), a["finished_at"], c.FinishedAt == nil},
			pair{fmt.Sprintf("calls[%d].error_message", i), a["error_message"], c.ErrorMessage == nil},
			pair{fmt.Sprintf("calls[%d].response_status", i), a["response_status"], c.ResponseStatus == nil},
			pair{fmt.Sprintf("calls[%d].response_body", i), a["response_body"], c.ResponseBody == nil})
	}
	for _, p := range pairs {
		if p.value == nil {
			return fmt.Errorf("%s: no such attribute in the mapping", p.path)
		}
		if p.value.IsNull() != p.wasNil {
			return fmt.Errorf("%s: null in Terraform = %v, nil in the API model = %v", p.path, p.value.IsNull(), p.wasNil)
		}
	}
	return nil
}

// decodeDispatch decodes the body of a 200 answer to
// GET /v2/webhook-dispatches/{dispatchId} into the client's model as the
// client's decodeData does (encoding/json, "data" required), for the
// fuzz target and the benchmarks of the mapping; keep the two alike.
func decodeDispatch(body []byte) (*apify.WebhookDispatch, error) {
	var envelope struct {
		Data *apify.WebhookDispatch `json:"data"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return nil, err
	}
	if envelope.Data == nil {
		return nil, errors.New(`the "data" field is missing or null`)
	}
	return envelope.Data, nil
}
