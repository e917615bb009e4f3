package provider

import (
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// FuzzDecodeAndMapDispatch feeds arbitrary response bodies through the
// decoding and the mapping to Terraform values. Whatever decodes must map
// without error, keeping every null a null and every value a value.
func FuzzDecodeAndMapDispatch(f *testing.F) {
	for _, fixture := range apifytest.Fixtures() {
		f.Add([]byte(`{"data": ` + fixture + `}`))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := apify.DecodeWebhookDispatch(body)
		if err != nil {
			return
		}
		m, diags := dispatchToModel(d)
		if diags.HasError() {
			t.Fatalf("mapping failed: %v", diags)
		}
		for name, pair := range map[string]struct{ isNull, wasNil bool }{
			"id":         {m.ID.IsNull(), d.ID == nil},
			"user_id":    {m.UserID.IsNull(), d.UserID == nil},
			"webhook_id": {m.WebhookID.IsNull(), d.WebhookID == nil},
			"created_at": {m.CreatedAt.IsNull(), d.CreatedAt == nil},
			"status":     {m.Status.IsNull(), d.Status == nil},
			"event_type": {m.EventType.IsNull(), d.EventType == nil},
			"event_data": {m.EventData.IsNull(), d.EventData == nil},
			"webhook":    {m.Webhook.IsNull(), d.Webhook == nil},
		} {
			if pair.isNull != pair.wasNil {
				t.Fatalf("%s: null in Terraform = %v, nil in the API model = %v", name, pair.isNull, pair.wasNil)
			}
		}
		if m.Calls.IsNull() || len(m.Calls.Elements()) != len(d.Calls) {
			t.Fatalf("calls: %d in the API model, %s in Terraform", len(d.Calls), m.Calls)
		}
		if _, diags := dispatchesToTerraform(t.Context(), []apify.WebhookDispatch{*d}); diags.HasError() {
			t.Fatalf("mapping as a list element failed: %v", diags)
		}
	})
}
