package provider

import (
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// FuzzDecodeAndMapDispatch feeds arbitrary response bodies through the
// decoding and the mapping to Terraform values. Whatever decodes must map
// without error, keeping every null a null and every value a value, at
// every depth.
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
		if err := checkNulls(d, m); err != nil {
			t.Fatal(err)
		}
		if _, diags := dispatchesToList([]apify.WebhookDispatch{*d}); diags.HasError() {
			t.Fatalf("mapping as a list element failed: %v", diags)
		}
	})
}
