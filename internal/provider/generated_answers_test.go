package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

var generatedAnswers = flag.Int("generated-answers", 200,
	"answers TestGeneratedAnswers makes from the API description for each operation the provider reads")

// generatedSeed fixes the answers, so that a failure is found again.
const generatedSeed = 20261101

// generatedRead is an operation the provider reads, with how the test
// makes the client read it and where the fake takes the answer.
type generatedRead struct {
	operation string
	status    int
	// path is the request's path, target the fake's target of its faults.
	path   string
	target apifytest.Target
	list   bool
	// managed maps a webhook as the resource does, not the data source.
	managed bool
	read    func(context.Context, *apify.Client) (any, error)
}

func generatedReads() []generatedRead {
	const dispatchID, webhookID, actorID, taskID = "Zib4xbZsmvZeK55ua", "YiKoxjkaS9gjGTqhF", "hksJZtadYvn4mBuin", "asdLZtadYvn4mBZmm"
	const scheduleID = "bqK7mP2xR9sTn4Vw1"
	task := apify.TaskInput{ActID: actorID, Name: "generated-answers", Input: []byte(`{"maxPages": 1}`)}
	schedule := apify.ScheduleInput{Name: "generated-answers", CronExpression: "@daily", Timezone: "UTC",
		Actions: []apify.ScheduleAction{{Type: apify.ScheduleActionRunActorTask, ActorTaskID: new(taskID)}}}
	opts := apify.ListOptions{Limit: 100}
	input := apify.WebhookInput{
		IdempotencyKey: new("generated-answers"), EventTypes: []string{"ACTOR.RUN.FAILED"},
		Condition: &apify.WebhookCondition{ActorID: new(actorID)}, RequestURL: "https://example.com/hook",
	}
	return []generatedRead{
		{"webhookDispatch_get", 200, "/v2/webhook-dispatches/" + dispatchID, apifytest.GetWebhookDispatch.Of(dispatchID), false, false,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.GetWebhookDispatch(ctx, dispatchID) }},
		{"webhookDispatches_get", 200, "/v2/webhook-dispatches", apifytest.ListWebhookDispatches.Of(""), true, false,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.ListWebhookDispatches(ctx, "", opts) }},
		{"webhook_webhookDispatches_get", 200, "/v2/webhooks/" + webhookID + "/dispatches", apifytest.ListWebhookDispatchesOfWebhook.Of(webhookID), true, false,
			func(ctx context.Context, c *apify.Client) (any, error) {
				return c.ListWebhookDispatches(ctx, webhookID, opts)
			}},
		{"webhook_get", 200, "/v2/webhooks/" + webhookID, apifytest.GetWebhook.Of(webhookID), false, false,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.GetWebhook(ctx, webhookID) }},
		{"webhooks_get", 200, "/v2/webhooks", apifytest.ListWebhooks.Of(""), true, false,
			func(ctx context.Context, c *apify.Client) (any, error) {
				return c.ListWebhooks(ctx, apify.WebhookScope{}, opts)
			}},
		{"actor_webhooks_get", 200, "/v2/actors/" + actorID + "/webhooks", apifytest.ListActorWebhooks.Of(actorID), true, false,
			func(ctx context.Context, c *apify.Client) (any, error) {
				return c.ListWebhooks(ctx, apify.WebhookScope{ActorID: actorID}, opts)
			}},
		{"actorTask_webhooks_get", 200, "/v2/actor-tasks/" + taskID + "/webhooks", apifytest.ListActorTaskWebhooks.Of(taskID), true, false,
			func(ctx context.Context, c *apify.Client) (any, error) {
				return c.ListWebhooks(ctx, apify.WebhookScope{ActorTaskID: taskID}, opts)
			}},
		{"webhook_test_post", 201, "/v2/webhooks/" + webhookID + "/test", apifytest.TestWebhook.Of(webhookID), false, false,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.TestWebhook(ctx, webhookID) }},
		{"webhooks_post", 201, "/v2/webhooks", apifytest.CreateWebhook.Of(""), false, true,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.CreateWebhook(ctx, input) }},
		{"webhook_put", 200, "/v2/webhooks/" + webhookID, apifytest.UpdateWebhook.Of(webhookID), false, true,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.UpdateWebhook(ctx, webhookID, input) }},
		{"actor_get", 200, "/v2/actors/" + actorID, apifytest.GetActor.Of(actorID), false, false,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.GetActor(ctx, actorID) }},
		{"users_me_get", 200, "/v2/users/me", apifytest.GetCurrentUser.Of(""), false, false,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.GetCurrentUser(ctx) }},
		{"actorTask_get", 200, "/v2/actor-tasks/" + taskID, apifytest.GetActorTask.Of(taskID), false, false,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.GetTask(ctx, taskID) }},
		{"actorTasks_post", 201, "/v2/actor-tasks", apifytest.CreateActorTask.Of(""), false, true,
			func(ctx context.Context, c *apify.Client) (any, error) {
				created, err := c.CreateTask(ctx, task)
				return created.Object, err
			}},
		{"actorTask_put", 200, "/v2/actor-tasks/" + taskID, apifytest.UpdateActorTask.Of(taskID), false, true,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.UpdateTask(ctx, taskID, task) }},
		{"schedule_get", 200, "/v2/schedules/" + scheduleID, apifytest.GetSchedule.Of(scheduleID), false, false,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.GetSchedule(ctx, scheduleID) }},
		{"schedules_post", 201, "/v2/schedules", apifytest.CreateSchedule.Of(""), false, true,
			func(ctx context.Context, c *apify.Client) (any, error) {
				created, err := c.CreateSchedule(ctx, schedule)
				return created.Object, err
			}},
		{"schedules_get", 200, "/v2/schedules", apifytest.ListSchedules.Of(""), true, false,
			func(ctx context.Context, c *apify.Client) (any, error) { return c.ListSchedules(ctx) }},
		{"schedule_put", 200, "/v2/schedules/" + scheduleID, apifytest.UpdateSchedule.Of(scheduleID), false, true,
			func(ctx context.Context, c *apify.Client) (any, error) {
				return c.UpdateSchedule(ctx, scheduleID, schedule)
			}},
	}
}

// TestGeneratedAnswers holds the client and the mapping to Terraform
// values to answers made from the API description's own schemas (see
// apifytest.Generator): whatever the description permits must read
// without error, every null and absent key staying null (or taking the
// default the mapping documents), every value arriving unchanged. The one
// refusal the client documents is a list page that is not newest first
// (*apify.OrderError): half the pages are sorted so, and the test checks
// that the others it refuses are indeed out of order.
func TestGeneratedAnswers(t *testing.T) {
	spec, err := apifytest.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	for i, op := range generatedReads() {
		t.Run(op.operation, func(t *testing.T) {
			t.Parallel()
			g := spec.NewGenerator(generatedSeed + uint64(i))
			method, _, _ := spec.Operation(op.operation)
			failures, refused, items := 0, 0, 0
			for n := range *generatedAnswers {
				answer, err := g.Next(op.operation, op.status)
				if err != nil {
					t.Fatal(err)
				}
				body, envelope := answer.Body, decodeGenerated(t, answer.Body)
				data, _ := envelope["data"].(map[string]any)
				if op.list && n%2 == 0 {
					newestFirst(data)
					body = encodeGenerated(t, envelope)
				}
				if violations := spec.CheckAnswer(method, op.path, op.status, body); len(violations) > 0 {
					t.Fatalf("the generator made an answer the description refuses (a bug of the generator): %v\n%s", violations, excerpt(body))
				}
				if op.list {
					items += len(firstOfEachID(data))
				}
				wasRefused, err := readGenerated(t, op, body, data)
				if wasRefused {
					refused++
				}
				if err != nil {
					t.Errorf("%s answer %d (%s):\n%v\nbody: %s", op.operation, n, answer.Mode, err, excerpt(body))
					if failures++; failures == 5 {
						t.Fatal("giving up after 5 failures")
					}
				}
			}
			if op.list {
				t.Logf("%d answers with %d items; %d refused as not newest first, rightly", *generatedAnswers, items, refused)
			}
		})
	}
}

// readGenerated serves body, whose "data" is data, as the answer to op,
// has the client read it and maps what it read. refused tells that the
// client refused a page rightly, as not newest first.
func readGenerated(t *testing.T, op generatedRead, body []byte, data map[string]any) (refused bool, _ error) {
	fake := apifytest.NewServer()
	defer fake.Close()
	fake.QueueFaults(op.target, apifytest.Body(op.status, "application/json", string(body)))
	if op.list {
		// A page may say more items follow; the next is the last, empty.
		fake.QueueFaults(op.target, apifytest.Body(200, "application/json", emptyPage(t, data)))
	}
	base, err := apify.ParseBaseURL(fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	client := apify.NewClient(apify.Config{BaseURL: base, Token: fake.Token})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	result, err := op.read(ctx, client)
	for _, v := range fake.Violations() {
		t.Errorf("fake Apify API: %s", v)
	}
	if orderErr, ok := errors.AsType[*apify.OrderError](err); ok && op.list {
		if !outOfOrder(data) {
			return false, fmt.Errorf("the client refused a page that is newest first: %w", orderErr)
		}
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("the client failed: %w", err)
	}

	var diags diag.Diagnostics
	var problems []string
	switch r := result.(type) {
	case *apify.WebhookDispatch:
		m, d := dispatchToModel(r)
		diags.Append(d...)
		if err := checkNulls(r, m); err != nil {
			problems = append(problems, err.Error())
		}
		problems = append(problems, compareObject("data", data, values(&m))...)
	case *apify.List[apify.WebhookDispatch]:
		for i := range r.Items {
			m, d := dispatchToModel(&r.Items[i])
			diags.Append(d...)
			if err := checkNulls(&r.Items[i], m); err != nil {
				problems = append(problems, fmt.Sprintf("items[%d]: %v", i, err))
			}
		}
		list, d := dispatchesToList(r.Items)
		diags.Append(d...)
		problems = append(problems, compareList("data.items", firstOfEachID(data), list)...)
		problems = append(problems, checkTotal(data, r.Total)...)
		counts, d := statusCounts(r.Items)
		diags.Append(d...)
		problems = append(problems, checkCounts(r.Items, counts)...)
	case *apify.Webhook:
		conditionTypes := computedConditionAttrTypes
		if op.managed {
			conditionTypes = managedConditionAttrTypes
		}
		webhook, templates, details := webhookToModel(r, conditionTypes, &diags), webhookTemplatesToModel(r), webhookDetailsToModel(r, &diags)
		attrs := values(&webhook, &templates)
		if !op.managed {
			attrs = values(&webhook, &templates, &details)
		}
		problems = append(problems, compareObject("data", data, attrs)...)
	case []apify.Schedule:
		// As the list resource names them.
		items := firstOfEachID(data)
		if len(r) != len(items) {
			problems = append(problems, fmt.Sprintf("data.items: %d schedules of %d listed", len(r), len(items)))
			break
		}
		for i := range r {
			item, _ := items[i].(map[string]any)
			problems = append(problems, compareFields(item, map[string]attr.Value{
				"id": types.StringPointerValue(r[i].ID), "name": types.StringPointerValue(r[i].Name),
			})...)
		}
	case *apify.List[apify.Webhook]:
		problems = append(problems, compareList("data.items", firstOfEachID(data), webhooksToList(r.Items, &diags))...)
		problems = append(problems, checkTotal(data, r.Total)...)
	case *apify.Actor:
		m := actorToModel(r, types.StringNull())
		problems = append(problems, compareFields(data, map[string]attr.Value{
			"id": m.ID, "name": m.ActorName, "username": m.Username, "isPublic": m.IsPublic,
		})...)
	case *apify.User:
		problems = append(problems, compareFields(data, map[string]attr.Value{"username": types.StringPointerValue(r.Username)})...)
	case *apify.Task:
		// As a refresh maps it, and as an import does.
		for _, held := range []actorTaskModel{{}, {Options: types.ObjectUnknown(runOptionsAttrTypes), SensitiveInput: types.StringUnknown()}} {
			m := actorTaskToModel(r, held, nil, &diags)
			problems = append(problems, compareFields(data, map[string]attr.Value{"id": m.ID, "name": m.Name, "actId": m.ActorID})...)
		}
	case *apify.Schedule:
		for _, held := range []scheduleModel{{}, {Actions: types.ListUnknown(types.ObjectType{AttrTypes: scheduleActionAttrTypes})}} {
			m := scheduleToModel(r, held, &diags)
			problems = append(problems, compareFields(data, map[string]attr.Value{
				"id": m.ID, "name": m.Name, "cronExpression": m.CronExpression, "timezone": m.Timezone,
			})...)
			if actions, _ := data["actions"].([]any); len(actions) != len(m.Actions.Elements()) {
				problems = append(problems, fmt.Sprintf("data.actions: %d actions mapped to %d", len(actions), len(m.Actions.Elements())))
			}
		}
	default:
		t.Fatalf("read a %T", result)
	}
	if diags.HasError() {
		problems = append(problems, fmt.Sprintf("the mapping failed: %v", diags))
	}
	if len(problems) > 0 {
		return false, errors.New(strings.Join(problems, "\n"))
	}
	return false, nil
}

func decodeGenerated(t *testing.T, body []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var envelope map[string]any
	if err := dec.Decode(&envelope); err != nil {
		t.Fatalf("the generated answer is not a JSON object: %v", err)
	}
	return envelope
}

func encodeGenerated(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(buf.Bytes())
}

// createdAt is when a generated list item was created; false when it
// does not say.
func createdAt(item any) (time.Time, bool) {
	o, _ := item.(map[string]any)
	s, _ := o["createdAt"].(string)
	c, err := time.Parse(time.RFC3339Nano, s)
	return c, err == nil
}

// newestFirst sorts the items of a generated page newest first and makes
// the page say so, as the API answers desc=1.
func newestFirst(data map[string]any) {
	items, _ := data["items"].([]any)
	slices.SortStableFunc(items, func(a, b any) int {
		ta, _ := createdAt(a)
		tb, _ := createdAt(b)
		return tb.Compare(ta)
	})
	data["desc"] = true
}

// outOfOrder reports whether a generated page is not newest first, as
// the client sees it: it says "desc": false, or an item (of those it
// keeps, the first of each ID) was created after the one before it.
func outOfOrder(data map[string]any) bool {
	if desc, ok := data["desc"].(bool); ok && !desc {
		return true
	}
	var previous time.Time
	for _, item := range firstOfEachID(data) {
		if c, ok := createdAt(item); ok {
			if !previous.IsZero() && c.After(previous) {
				return true
			}
			previous = c
		}
	}
	return false
}

// emptyPage is the page after the generated one: no items, at the offset
// the client asks for next.
func emptyPage(t *testing.T, data map[string]any) string {
	items, _ := data["items"].([]any)
	total := data["total"]
	if total == nil {
		total = len(items)
	}
	return string(encodeGenerated(t, map[string]any{"data": map[string]any{
		"total": total, "offset": len(items), "limit": 1000, "desc": true, "count": 0, "items": []any{},
	}}))
}

// firstOfEachID gives the items of a page the client keeps: a second item
// of an ID already read is dropped as listed twice.
func firstOfEachID(data map[string]any) []any {
	items, _ := data["items"].([]any)
	seen := map[string]bool{}
	var kept []any
	for _, item := range items {
		id, _ := item.(map[string]any)["id"].(string)
		if id != "" && seen[id] {
			continue
		}
		seen[id] = true
		kept = append(kept, item)
	}
	return kept
}

// checkTotal checks the list's total against the page's: the empty page
// after it repeats it.
func checkTotal(data map[string]any, total *int64) []string {
	want, _ := data["total"].(json.Number)
	if total == nil || fmt.Sprint(*total) != want.String() {
		return []string{fmt.Sprintf("total: the API sent %v, the client read %v", data["total"], total)}
	}
	return nil
}

func checkCounts(items []apify.WebhookDispatch, counts types.Map) []string {
	want := map[string]int64{}
	for _, d := range items {
		if d.Status != nil {
			want[*d.Status]++
		}
	}
	got := map[string]int64{}
	for status, v := range counts.Elements() {
		got[status] = v.(types.Int64).ValueInt64()
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("status_counts = %v, want %v", got, want)}
	}
	return nil
}

// mappedDefaults are the values the mapping documents for a key the API
// leaves out or sends as null: flags are false, event types and calls
// empty.
var mappedDefaults = map[string]attr.Value{
	"ignore_ssl_errors":          types.BoolValue(false),
	"do_not_retry":               types.BoolValue(false),
	"should_interpolate_strings": types.BoolValue(false),
	"event_types":                types.SetValueMust(types.StringType, nil),
	"calls":                      types.ListValueMust(types.ObjectType{AttrTypes: callAttrTypes}, nil),
}

// emptyIsNull are the attributes for which the mapping reads "" as not set.
var emptyIsNull = map[string]bool{"payload_template": true, "headers_template": true, "description": true}

// camel gives the API's key of an attribute: actor_run_id is actorRunId.
func camel(name string) string {
	parts := strings.Split(name, "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

// compareObject checks each attribute against the key of the JSON object
// it maps.
func compareObject(path string, object map[string]any, attrs map[string]attr.Value) []string {
	var problems []string
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		got, where := attrs[name], path+"."+name
		want, present := object[camel(name)]
		if !present || want == nil {
			if def, ok := mappedDefaults[name]; ok {
				if !got.Equal(def) {
					problems = append(problems, fmt.Sprintf("%s: the API sent null or nothing, the mapping gave %s, not %s", where, got, def))
				}
			} else if !got.IsNull() {
				problems = append(problems, fmt.Sprintf("%s: the API sent null or nothing, the mapping gave %s", where, got))
			}
			continue
		}
		problems = append(problems, compareValue(where, name, want, got)...)
	}
	return problems
}

func compareValue(where, name string, want any, got attr.Value) []string {
	mismatch := func() []string {
		return []string{fmt.Sprintf("%s: the API sent %.200v, the mapping gave %.200s", where, want, got)}
	}
	switch g := got.(type) {
	case types.String:
		s, ok := want.(string)
		if emptyIsNull[name] && ok && s == "" {
			if !g.IsNull() {
				return mismatch()
			}
			return nil
		}
		if !ok || g.IsNull() || g.ValueString() != s {
			return mismatch()
		}
	case types.Bool:
		if b, ok := want.(bool); !ok || g.IsNull() || g.ValueBool() != b {
			return mismatch()
		}
	case types.Int64:
		if n, ok := want.(json.Number); !ok || g.IsNull() || fmt.Sprint(g.ValueInt64()) != n.String() {
			return mismatch()
		}
	case types.Object:
		o, ok := want.(map[string]any)
		if !ok || g.IsNull() {
			return mismatch()
		}
		return compareObject(where, o, g.Attributes())
	case types.List:
		items, ok := want.([]any)
		if !ok || g.IsNull() {
			return mismatch()
		}
		return compareList(where, items, g)
	case types.Set:
		items, ok := want.([]any)
		if !ok || g.IsNull() {
			return mismatch()
		}
		var distinct []string
		for _, item := range items {
			if s, ok := item.(string); !ok {
				return mismatch()
			} else if !slices.Contains(distinct, s) {
				distinct = append(distinct, s)
			}
		}
		var elems []string
		for _, e := range g.Elements() {
			elems = append(elems, e.(types.String).ValueString())
		}
		slices.Sort(distinct)
		slices.Sort(elems)
		if !slices.Equal(distinct, elems) {
			return mismatch()
		}
	default:
		return []string{fmt.Sprintf("%s: the mapping gave a %T, which the test cannot compare", where, got)}
	}
	return nil
}

func compareList(where string, items []any, got types.List) []string {
	elems := got.Elements()
	if got.IsNull() || len(elems) != len(items) {
		return []string{fmt.Sprintf("%s: the API sent %d items, the mapping gave %s", where, len(items), got)}
	}
	var problems []string
	for i, item := range items {
		o, ok := item.(map[string]any)
		obj, isObject := elems[i].(types.Object)
		if !ok || !isObject {
			problems = append(problems, fmt.Sprintf("%s[%d]: the API sent %.200v, the mapping gave %.200s", where, i, item, elems[i]))
			continue
		}
		problems = append(problems, compareObject(fmt.Sprintf("%s[%d]", where, i), o, obj.Attributes())...)
	}
	return problems
}

// excerpt shortens a body for a message.
func excerpt(body []byte) string {
	if len(body) > 3000 {
		return fmt.Sprintf("%s… (%d bytes)", body[:3000], len(body))
	}
	return string(body)
}

// compareFields checks that each string or bool field of data named in
// byKey arrived unchanged in its value: null where the field is null or
// absent.
func compareFields(data map[string]any, byKey map[string]attr.Value) []string {
	var problems []string
	for key, got := range byKey {
		want, present := data[key]
		var wantValue attr.Value
		switch w := want.(type) {
		case string:
			wantValue = types.StringValue(w)
		case bool:
			wantValue = types.BoolValue(w)
		default:
			if present && want != nil {
				problems = append(problems, fmt.Sprintf("data.%s: a %T the test cannot compare", key, want))
				continue
			}
			wantValue = nullLike(got)
		}
		if !got.Equal(wantValue) {
			problems = append(problems, fmt.Sprintf("data.%s = %v, mapped to %v", key, want, got))
		}
	}
	return problems
}

// nullLike is the null value of v's type.
func nullLike(v attr.Value) attr.Value {
	if _, ok := v.(types.Bool); ok {
		return types.BoolNull()
	}
	return types.StringNull()
}
