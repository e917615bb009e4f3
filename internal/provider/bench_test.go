package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// benchDispatchBody is one dispatch response with 10 delivery calls and
// 100 kB of response bodies in all: a large dispatch, as a read meets it.
var benchDispatchBody = func() []byte {
	calls := make([]string, 10)
	for i := range calls {
		body, _ := json.Marshal(strings.Repeat(fmt.Sprintf(`{"item":%d,"ok":true}`, i), 10_000/20))
		calls[i] = fmt.Sprintf(`{"startedAt": "2026-11-21T14:0%d:47.611Z", "finishedAt": "2026-11-21T14:0%d:48.009Z",
			"errorMessage": null, "responseStatus": 200, "responseBody": %s}`, i, i, body)
	}
	return fmt.Appendf(nil, `{"data": {"id": "fQ8xW2nTzLp4VbR6k", "userId": "wRsJZtadYvn4mBZmm",
		"webhookId": "asdLZtadYvn4mBZmm", "createdAt": "2026-11-21T14:02:47.530Z", "status": "SUCCEEDED",
		"eventType": "ACTOR.RUN.SUCCEEDED", "eventData": {"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": "Pq2sDf7GhJk9LmN3b"},
		"webhook": {"actionType": "HTTP_REQUEST", "requestUrl": "https://hooks.example.com/apify/runs", "isAdHoc": false,
			"condition": {"actorId": "vvE7iMKuMc5qTHHsR"}},
		"calls": [%s]}}`, strings.Join(calls, ","))
}()

// BenchmarkDecodeAndMapDispatch is the provider's cost per read beyond the
// network: decoding a response into the API model and mapping it to
// Terraform values.
func BenchmarkDecodeAndMapDispatch(b *testing.B) {
	b.SetBytes(int64(len(benchDispatchBody)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := decodeDispatch(benchDispatchBody)
		if err != nil {
			b.Fatal(err)
		}
		if _, diags := dispatchToModel(d); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkDecodeDispatch is the baseline: decoding alone, into the same
// model, so that the difference is what mapping to Terraform values costs.
func BenchmarkDecodeDispatch(b *testing.B) {
	b.SetBytes(int64(len(benchDispatchBody)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeDispatch(benchDispatchBody); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchDispatchBody(t *testing.T) {
	d, err := decodeDispatch(benchDispatchBody)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range d.Calls {
		total += len(*c.ResponseBody)
	}
	if len(d.Calls) != 10 || total < 100_000 || total > 110_000 {
		t.Errorf("the benchmark's dispatch has %d calls and %d bytes of bodies, want 10 and about 100 kB", len(d.Calls), total)
	}
}

// BenchmarkReadDataSourceList reads 10,000 dispatches through the
// framework's server, in process, against the fake API: what one list
// read costs the provider, the framework's passes over the state
// included. Its memory profile is the measurement behind "Upstream
// reports" in DESIGN.md.
func BenchmarkReadDataSourceList(b *testing.B) {
	fake := apifytest.Start(b)
	fake.SkipValidation()
	// Its webhook is stored, so that the calls are redacted of its
	// secrets without a warning.
	fake.AddWebhook(`{"id": "hookBench", "requestUrl": "https://hooks.example.com/apify/runs"}`)
	fake.AddGeneratedDispatches("hookBench", 10000)
	s, schemas := configuredServer(b, fake)
	ctx := b.Context()
	stateType := schemas.DataSourceSchemas["apify_webhook_dispatches"].ValueType()
	config := dynamicValue(b, stateType, map[string]tftypes.Value{
		"webhook_id": tftypes.NewValue(tftypes.String, "hookBench"),
		"limit":      tftypes.NewValue(tftypes.Number, 10000),
	})
	b.ReportAllocs()
	for b.Loop() {
		resp, err := s.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "apify_webhook_dispatches", Config: config})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("reading: %v %v", err, resp.Diagnostics)
		}
	}
}

// configuredServer returns the provider's server configured for fake, and
// its schemas.
func configuredServer(b *testing.B, fake *apifytest.Server) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	b.Helper()
	s := NewServer("bench")()
	schemas, err := s.GetProviderSchema(b.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	configured, err := s.ConfigureProvider(b.Context(), &tfprotov6.ConfigureProviderRequest{
		Config: dynamicValue(b, schemas.Provider.ValueType(), map[string]tftypes.Value{
			"token":    tftypes.NewValue(tftypes.String, fake.Token),
			"base_url": tftypes.NewValue(tftypes.String, fake.URL),
		}),
	})
	if err != nil || len(configured.Diagnostics) > 0 {
		b.Fatalf("configuring: %v %v", err, configured.Diagnostics)
	}
	return s, schemas
}

// dynamicValue encodes an object of type typ with the attributes in set
// and every other attribute null.
func dynamicValue(tb testing.TB, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	object, ok := typ.(tftypes.Object)
	if !ok {
		tb.Fatalf("%s is not an object type", typ)
	}
	attrs := make(map[string]tftypes.Value, len(object.AttributeTypes))
	for name, attrType := range object.AttributeTypes {
		attrs[name] = tftypes.NewValue(attrType, nil)
		if v, ok := set[name]; ok {
			attrs[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

// BenchmarkReadDataSource is one apify_webhook_dispatch read as the
// provider process serves it, in process: the framework's handling of the
// call, the request to the fake API on loopback, decoding and mapping. A
// plan adds what Terraform and the plugin protocol cost.
func BenchmarkReadDataSource(b *testing.B) {
	fake := apifytest.Start(b)
	fake.SkipValidation()
	fake.AddWebhook(`{"id": "` + apifytest.WebhookID + `", "requestUrl": "https://hooks.example.com/apify/runs"}`)
	s, schemas := configuredServer(b, fake)
	ctx := b.Context()
	config := dynamicValue(b, schemas.DataSourceSchemas["apify_webhook_dispatch"].ValueType(), map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, apifytest.DispatchFailed),
	})
	b.ReportAllocs()
	for b.Loop() {
		resp, err := s.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "apify_webhook_dispatch", Config: config})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("reading: %v %v", err, resp.Diagnostics)
		}
	}
}
