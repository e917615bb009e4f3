package apifytest

import (
	"bytes"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// generatedOperations are the answers the provider reads, by operation and
// status.
var generatedOperations = []struct {
	id     string
	status int
}{
	{"webhookDispatch_get", 200}, {"webhookDispatches_get", 200}, {"webhook_webhookDispatches_get", 200},
	{"webhook_get", 200}, {"webhooks_get", 200}, {"actor_webhooks_get", 200}, {"actorTask_webhooks_get", 200},
	{"webhook_test_post", 201}, {"webhooks_post", 201}, {"webhook_put", 200},
}

func specForTest(t *testing.T) *Spec {
	t.Helper()
	spec, err := LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// concretePath fills the path template of operationID with IDs.
func concretePath(t *testing.T, spec *Spec, operationID string) (string, string) {
	t.Helper()
	method, path, ok := spec.Operation(operationID)
	if !ok {
		t.Fatalf("no operation %q", operationID)
	}
	return method, regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(path, "Zib4xbZsmvZeK55ua")
}

// generateData makes an answer in mode and returns its "data" object.
func generateData(t *testing.T, g *Generator, mode Mode, operationID string) map[string]any {
	t.Helper()
	body, err := g.Generate(mode, operationID, 200)
	if err != nil {
		t.Fatal(err)
	}
	var answer struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return answer.Data
}

func TestGeneratedAnswersValidate(t *testing.T) {
	spec := specForTest(t)
	g := spec.NewGenerator(1)
	for _, op := range generatedOperations {
		method, path := concretePath(t, spec, op.id)
		for range 4 * int(numModes) {
			answer, err := g.Next(op.id, op.status)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range spec.CheckAnswer(method, path, op.status, answer.Body) {
				t.Errorf("%s answer %.300s: %s", answer.Mode, answer.Body, v)
			}
		}
	}
}

func TestGenerate_isDeterministic(t *testing.T) {
	spec := specForTest(t)
	run := func(seed uint64) [][]byte {
		g := spec.NewGenerator(seed)
		var bodies [][]byte
		for range 2 * int(numModes) {
			a, err := g.Next("webhook_webhookDispatches_get", 200)
			if err != nil {
				t.Fatal(err)
			}
			bodies = append(bodies, a.Body)
		}
		return bodies
	}
	first, again, other := run(7), run(7), run(8)
	if !slices.EqualFunc(first, again, bytes.Equal) {
		t.Error("two generators of one seed made different answers")
	}
	if slices.EqualFunc(first, other, bytes.Equal) {
		t.Error("generators of two seeds made the same answers")
	}
}

func TestGenerate_requiredOnlyLacksOptionalKeys(t *testing.T) {
	g := specForTest(t).NewGenerator(1)
	for range 5 {
		data := generateData(t, g, RequiredOnly, "webhookDispatch_get")
		keys := slices.Sorted(maps.Keys(data))
		if want := []string{"createdAt", "eventType", "id", "status", "userId", "webhookId"}; !slices.Equal(keys, want) {
			t.Fatalf("keys %v, want only the required %v", keys, want)
		}
	}
}

func TestGenerate_nullsModeHasNulls(t *testing.T) {
	g := specForTest(t).NewGenerator(1)
	dispatch := generateData(t, g, Nulls, "webhookDispatch_get")
	for _, key := range []string{"eventData", "webhook"} {
		if v, ok := dispatch[key]; !ok || v != nil {
			t.Errorf("dispatch %s = %v (present %v), want null", key, v, ok)
		}
	}
	webhook := generateData(t, g, Nulls, "webhook_get")
	for _, key := range []string{"isAdHoc", "requestUrl", "description", "lastDispatch", "stats"} {
		if v, ok := webhook[key]; !ok || v != nil {
			t.Errorf("webhook %s = %v (present %v), want null", key, v, ok)
		}
	}
	if webhook["id"] == nil || webhook["ignoreSslErrors"] == nil {
		t.Errorf("webhook %v: a key that cannot be null is", webhook)
	}
}

func TestGenerate_coversEveryEnumValue(t *testing.T) {
	g := specForTest(t).NewGenerator(1)
	seen := map[string]bool{}
	for range 12 {
		seen[generateData(t, g, RequiredOnly, "webhookDispatch_get")["eventType"].(string)] = true
	}
	if len(seen) != 12 || !seen["ACTOR.RUN.RESURRECTED"] || !seen["TEST"] {
		t.Errorf("12 answers had the event types %v, want all 12 of the description", slices.Sorted(maps.Keys(seen)))
	}
}

func TestGenerate_extraKeysAndLongStrings(t *testing.T) {
	g := specForTest(t).NewGenerator(1)
	if data := generateData(t, g, ExtraKeys, "webhook_get"); data["unknownKey0"] == nil && !hasKey(data, "unknownKey0") {
		t.Errorf("extra-keys answer %v has no unknown key", data)
	}
	longest := 0
	for range 3 {
		for _, v := range generateData(t, g, LongStrings, "webhook_get") {
			if s, ok := v.(string); ok {
				longest = max(longest, len(s))
			}
		}
	}
	if longest < 10_000 || longest > 70_000 {
		t.Errorf("the longest string of three long-strings answers has %d bytes, want 10 to 70 kB", longest)
	}
	if empty := generateData(t, g, EmptyStrings, "webhook_get"); empty["id"] != "" || empty["createdAt"] == "" {
		t.Errorf("empty-strings answer has id %q and createdAt %q, want only the first empty", empty["id"], empty["createdAt"])
	}
}

func TestGenerate_duplicatesRepeatItems(t *testing.T) {
	g := specForTest(t).NewGenerator(1)
	for range 5 {
		items := generateData(t, g, Duplicates, "webhooks_get")["items"].([]any)
		seen := map[string]bool{}
		for _, item := range items {
			key, _ := json.Marshal(item)
			if seen[string(key)] {
				return
			}
			seen[string(key)] = true
		}
	}
	t.Error("five duplicates answers had no item twice")
}

func hasKey(m map[string]any, key string) bool { _, ok := m[key]; return ok }

// TestGenerate_everyOperation is the generator's self-check on the whole
// description: every JSON answer of every operation it can make is valid.
func TestGenerate_everyOperation(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	spec := specForTest(t)
	g := spec.NewGenerator(3)
	for _, item := range spec.Model().Paths.PathItems.FromOldest() {
		for _, op := range item.GetOperations().FromOldest() {
			for code := range op.Responses.Codes.KeysFromOldest() {
				status, err := strconv.Atoi(code)
				if err != nil || status >= 300 || strings.HasPrefix(op.OperationId, "webhook_delete") {
					continue
				}
				method, path := concretePath(t, spec, op.OperationId)
				for mode := range numModes {
					body, err := g.Generate(mode, op.OperationId, status)
					if err != nil {
						if !strings.Contains(err.Error(), "no JSON schema") {
							t.Errorf("%s %d: %v", op.OperationId, status, err)
						}
						break
					}
					for _, v := range spec.CheckAnswer(method, path, status, body) {
						t.Errorf("%s answer %.300s: %s", mode, body, v)
					}
				}
			}
		}
	}
}
