package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

func ptr[T any](v T) *T { return &v }

func TestDispatchToModel_values(t *testing.T) {
	d := &apify.WebhookDispatch{
		ID:        ptr("d1"),
		UserID:    ptr("u1"),
		WebhookID: ptr("w1"),
		CreatedAt: ptr("2026-11-20T09:15:02.118Z"),
		Status:    ptr("SUCCEEDED"),
		EventType: ptr("ACTOR.RUN.SUCCEEDED"),
		EventData: &apify.WebhookEventData{ActorID: ptr("a1"), ActorRunID: ptr("r1")},
		Webhook: &apify.WebhookSummary{
			ActionType: ptr("HTTP_REQUEST"),
			RequestURL: ptr("https://example.com"),
			IsAdHoc:    ptr(false),
			Condition:  &apify.WebhookCondition{ActorTaskID: ptr("t1")},
		},
		Calls: []apify.WebhookDispatchCall{{ResponseStatus: ptr(int64(0)), ResponseBody: ptr("")}},
	}
	m, diags := dispatchToModel(d)
	if diags.HasError() {
		t.Fatal(diags)
	}
	for name, tc := range map[string]struct{ got, want attr.Value }{
		"id":                       {m.ID, types.StringValue("d1")},
		"user_id":                  {m.UserID, types.StringValue("u1")},
		"webhook_id":               {m.WebhookID, types.StringValue("w1")},
		"created_at":               {m.CreatedAt, types.StringValue("2026-11-20T09:15:02.118Z")},
		"status":                   {m.Status, types.StringValue("SUCCEEDED")},
		"event_type":               {m.EventType, types.StringValue("ACTOR.RUN.SUCCEEDED")},
		"event_data.actor_run_id":  {m.EventData.Attributes()["actor_run_id"], types.StringValue("r1")},
		"event_data.actor_task_id": {m.EventData.Attributes()["actor_task_id"], types.StringNull()},
		"webhook.is_ad_hoc":        {m.Webhook.Attributes()["is_ad_hoc"], types.BoolValue(false)},
		"webhook.condition.actor_task_id": {
			m.Webhook.Attributes()["condition"].(types.Object).Attributes()["actor_task_id"], types.StringValue("t1"),
		},
		// Zero values from the API stay values: 0 and "" are not null.
		"calls[0].response_status": {m.Calls.Elements()[0].(types.Object).Attributes()["response_status"], types.Int64Value(0)},
		"calls[0].response_body":   {m.Calls.Elements()[0].(types.Object).Attributes()["response_body"], types.StringValue("")},
		"calls[0].started_at":      {m.Calls.Elements()[0].(types.Object).Attributes()["started_at"], types.StringNull()},
	} {
		if !tc.got.Equal(tc.want) {
			t.Errorf("%s = %s, want %s", name, tc.got, tc.want)
		}
	}
}

func TestDispatchToModel_nulls(t *testing.T) {
	m, diags := dispatchToModel(&apify.WebhookDispatch{})
	if diags.HasError() {
		t.Fatal(diags)
	}
	for name, v := range map[string]attr.Value{
		"id": m.ID, "user_id": m.UserID, "webhook_id": m.WebhookID, "created_at": m.CreatedAt,
		"status": m.Status, "event_type": m.EventType, "event_data": m.EventData, "webhook": m.Webhook,
	} {
		if !v.IsNull() {
			t.Errorf("%s = %s, want null", name, v)
		}
	}
	if m.Calls.IsNull() || len(m.Calls.Elements()) != 0 {
		t.Errorf("calls = %s, want an empty list", m.Calls)
	}
	// The null objects still carry their types, so Terraform can store them.
	if !m.EventData.Type(t.Context()).Equal(types.ObjectType{AttrTypes: eventDataAttrTypes}) {
		t.Errorf("null event_data has type %s", m.EventData.Type(t.Context()))
	}
}

func TestDispatchToModel_webhookWithoutCondition(t *testing.T) {
	m, diags := dispatchToModel(&apify.WebhookDispatch{Webhook: &apify.WebhookSummary{ActionType: ptr("SLACK_POST")}})
	if diags.HasError() {
		t.Fatal(diags)
	}
	attrs := m.Webhook.Attributes()
	if !attrs["condition"].IsNull() || !attrs["request_url"].IsNull() || !attrs["is_ad_hoc"].IsNull() {
		t.Errorf("webhook = %s, want null condition, request_url and is_ad_hoc", m.Webhook)
	}
}

func TestDispatchFilter_leavesOutWhatItCannotJudge(t *testing.T) {
	after := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	f := dispatchFilter{
		statuses:     map[string]bool{"FAILED": true},
		eventTypes:   map[string]bool{"TEST": true},
		createdAfter: &after,
	}
	tests := map[string]struct {
		d    apify.WebhookDispatch
		want bool
	}{
		"passes every filter":  {apify.WebhookDispatch{Status: ptr("FAILED"), EventType: ptr("TEST"), CreatedAt: ptr("2026-11-01T00:00:00.001Z")}, true},
		"created at the bound": {apify.WebhookDispatch{Status: ptr("FAILED"), EventType: ptr("TEST"), CreatedAt: ptr("2026-11-01T00:00:00Z")}, false},
		"null status":          {apify.WebhookDispatch{EventType: ptr("TEST"), CreatedAt: ptr("2026-11-02T00:00:00Z")}, false},
		"null event type":      {apify.WebhookDispatch{Status: ptr("FAILED"), CreatedAt: ptr("2026-11-02T00:00:00Z")}, false},
		"null creation time":   {apify.WebhookDispatch{Status: ptr("FAILED"), EventType: ptr("TEST")}, false},
		"unreadable time":      {apify.WebhookDispatch{Status: ptr("FAILED"), EventType: ptr("TEST"), CreatedAt: ptr("yesterday")}, false},
		"status case differs":  {apify.WebhookDispatch{Status: ptr("failed"), EventType: ptr("TEST"), CreatedAt: ptr("2026-11-02T00:00:00Z")}, false},
	}
	for name, tt := range tests {
		if got := f.keeps(&tt.d); got != tt.want {
			t.Errorf("%s: keeps = %v, want %v", name, got, tt.want)
		}
	}
	if !(dispatchFilter{}).keeps(&apify.WebhookDispatch{}) {
		t.Error("a filter with nothing set left out a dispatch")
	}
}

func TestStatusCounts(t *testing.T) {
	counts, diags := statusCounts([]apify.WebhookDispatch{
		{Status: ptr("FAILED")}, {Status: ptr("SUCCEEDED")}, {Status: ptr("FAILED")}, {},
	})
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := types.MapValueMust(types.Int64Type, map[string]attr.Value{
		"FAILED": types.Int64Value(2), "SUCCEEDED": types.Int64Value(1),
	})
	if !counts.Equal(want) {
		t.Errorf("counts = %s, want %s", counts, want)
	}
	empty, _ := statusCounts(nil)
	if empty.IsNull() || len(empty.Elements()) != 0 {
		t.Errorf("counts of nothing = %s, want an empty map", empty)
	}
}

func TestDispatchesToList_keepsOrderAndMapsEachLikeOneDispatch(t *testing.T) {
	dispatches := fixtureDispatches(t)
	got, diags := dispatchesToList(dispatches)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if len(got.Elements()) != len(dispatches) {
		t.Fatalf("%d elements for %d dispatches", len(got.Elements()), len(dispatches))
	}
	// What each element must hold, written from the API's values rather
	// than by the mapping under test.
	for i, elem := range got.Elements() {
		attrs := elem.(types.Object).Attributes()
		d := dispatches[i]
		if want := types.StringPointerValue(d.ID); !attrs["id"].Equal(want) {
			t.Errorf("element %d: id = %s, want %s", i, attrs["id"], want)
		}
		if want := types.StringPointerValue(d.Status); !attrs["status"].Equal(want) {
			t.Errorf("element %d: status = %s, want %s", i, attrs["status"], want)
		}
		calls := attrs["calls"].(types.List).Elements()
		if len(calls) != len(d.Calls) {
			t.Fatalf("element %d: %d calls, want %d", i, len(calls), len(d.Calls))
		}
		for j, call := range calls {
			status := call.(types.Object).Attributes()["response_status"]
			if want := types.Int64PointerValue(d.Calls[j].ResponseStatus); !status.Equal(want) {
				t.Errorf("element %d, call %d: response_status = %s, want %s", i, j, status, want)
			}
		}
		if d.EventData == nil != attrs["event_data"].IsNull() || d.Webhook == nil != attrs["webhook"].IsNull() {
			t.Errorf("element %d: event_data or webhook null where the API's is not, or the other way round", i)
		}
	}
}

// fixtureDispatches decodes every fixture, and adds dispatches whose
// nested objects are empty.
func fixtureDispatches(t *testing.T) []apify.WebhookDispatch {
	t.Helper()
	var dispatches []apify.WebhookDispatch
	for _, fixture := range apifytest.Fixtures() {
		d, err := decodeDispatch([]byte(`{"data": ` + fixture + `}`))
		if err != nil {
			t.Fatal(err)
		}
		dispatches = append(dispatches, *d)
	}
	return append(dispatches,
		apify.WebhookDispatch{},
		apify.WebhookDispatch{
			EventData: &apify.WebhookEventData{},
			Webhook:   &apify.WebhookSummary{Condition: &apify.WebhookCondition{}},
			Calls:     []apify.WebhookDispatchCall{{}, {StartedAt: ptr("2026-11-26T08:00:00.090Z"), ResponseStatus: ptr(int64(0))}},
		})
}

func TestDispatchToModel_nullsAtEveryDepth(t *testing.T) {
	for i, d := range fixtureDispatches(t) {
		m, diags := dispatchToModel(&d)
		if diags.HasError() {
			t.Fatal(diags)
		}
		if err := checkNulls(&d, m); err != nil {
			t.Errorf("dispatch %d: %v", i, err)
		}
	}
}
