package apify

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The look-up by name after a lost create reads the lists of tasks and of
// schedules: every page the API description permits (sorted newest first,
// as the client asks) is read, and the object named is found in it.
func TestFindNamed_generatedPages(t *testing.T) {
	spec, err := apifytest.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	for i, list := range []struct {
		operation, path string
		target          apifytest.Target
		find            func(c *Client, t *testing.T, name string) (string, error)
	}{
		{"actorTasks_get", "/v2/actor-tasks", apifytest.ListActorTasks.Of(""), func(c *Client, t *testing.T, name string) (string, error) {
			found, err := findNamed[Task](t.Context(), c, "/v2/actor-tasks", name, func(o *Task) string { return deref(o.Name) })
			return deref(cmpOr(found, &Task{}).Name), err
		}},
		{"schedules_get", "/v2/schedules", apifytest.ListSchedules.Of(""), func(c *Client, t *testing.T, name string) (string, error) {
			found, err := findNamed[Schedule](t.Context(), c, "/v2/schedules", name, func(o *Schedule) string { return deref(o.Name) })
			return deref(cmpOr(found, &Schedule{}).Name), err
		}},
	} {
		t.Run(list.operation, func(t *testing.T) {
			g := spec.NewGenerator(20261201 + uint64(i))
			found := 0
			for n := range 200 {
				answer, err := g.Next(list.operation, 200)
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
				slices.SortStableFunc(items, func(a, b any) int {
					return strings.Compare(createdAtOf(b), createdAtOf(a))
				})
				envelope.Data["desc"] = true
				body, _ := json.Marshal(envelope)
				want := ""
				if len(items) > 0 {
					first, _ := items[0].(map[string]any)
					want, _ = first["name"].(string)
				}

				fake := apifytest.NewServer()
				fake.QueueFaults(list.target, apifytest.Body(200, "application/json", string(body)),
					apifytest.Body(200, "application/json", `{"data": {"total": 0, "offset": 0, "limit": 1000, "desc": true, "count": 0, "items": []}}`))
				client := NewClient(Config{BaseURL: mustParse(t, fake.URL), Token: fake.Token})
				got, err := list.find(client, t, want)
				fake.Close()
				switch {
				case err != nil:
					t.Fatalf("answer %d (%s): %v\n%.400s", n, answer.Mode, err, body)
				case want != "" && got != want:
					t.Fatalf("answer %d (%s): found %q, want %q\n%.400s", n, answer.Mode, got, want, body)
				case want != "":
					found++
				}
			}
			if found < 100 {
				t.Errorf("only %d of 200 pages had an object to find: the test checked too little", found)
			}
		})
	}
}

func createdAtOf(item any) string {
	o, _ := item.(map[string]any)
	s, _ := o["createdAt"].(string)
	return s
}
