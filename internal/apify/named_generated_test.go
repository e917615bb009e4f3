package apify

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The look-up by name after a lost create of a schedule reads the list
// of schedules: every page the API description permits (sorted newest
// first, as the client asks) is read, and the first schedule of the name
// sought, anywhere in the page, is the one found.
func TestFindNamed_generatedPages(t *testing.T) {
	spec, err := apifytest.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	g := spec.NewGenerator(20261201)
	found := 0
	for n := range 200 {
		answer, err := g.Next("schedules_get", 200)
		if err != nil {
			t.Fatal(err)
		}
		var envelope struct {
			Data map[string]any `json:"data"`
		}
		dec := json.NewDecoder(bytes.NewReader(answer.Body))
		dec.UseNumber()
		if err := dec.Decode(&envelope); err != nil {
			t.Fatal(err)
		}
		items, _ := envelope.Data["items"].([]any)
		slices.SortStableFunc(items, func(a, b any) int { return strings.Compare(field(b, "createdAt"), field(a, "createdAt")) })
		envelope.Data["desc"] = true
		body, _ := json.Marshal(envelope)
		if len(items) == 0 {
			continue
		}
		// The name of an item anywhere in the page; the first item of
		// that name (and of an ID not seen before) is the one to find.
		name, wantID := field(items[n%len(items)], "name"), ""
		seen := map[string]bool{}
		for _, item := range items {
			id := field(item, "id")
			if !seen[id] && field(item, "name") == name && wantID == "" {
				wantID = id
			}
			seen[id] = true
		}

		fake := apifytest.NewServer()
		fake.QueueFaults(apifytest.ListSchedules.Of(""), apifytest.Body(200, "application/json", string(body)),
			apifytest.Body(200, "application/json", `{"data": {"total": 0, "offset": 0, "limit": 1000, "desc": true, "count": 0, "items": []}}`))
		client := NewClient(Config{BaseURL: mustParse(t, fake.URL), Token: fake.Token})
		got, err := findNamed[Schedule](t.Context(), client, "/v2/schedules", name, func(o *Schedule) string { return deref(o.Name) })
		fake.Close()
		switch {
		case err != nil:
			t.Fatalf("answer %d (%s): %v\n%.400s", n, answer.Mode, err, body)
		case got == nil || deref(got.ID) != wantID:
			t.Fatalf("answer %d (%s): found %+v for %q, want ID %q\n%.400s", n, answer.Mode, got, name, wantID, body)
		}
		found++
	}
	if found < 100 {
		t.Errorf("only %d of 200 pages had a schedule to find: the test checked too little", found)
	}
}

func field(item any, name string) string {
	o, _ := item.(map[string]any)
	s, _ := o[name].(string)
	return s
}
