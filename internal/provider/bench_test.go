package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify"
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
		d, err := apify.DecodeWebhookDispatch(benchDispatchBody)
		if err != nil {
			b.Fatal(err)
		}
		if _, diags := dispatchToModel(d); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkDecodeGenericMap is the baseline: the same bytes decoded into
// map[string]any, with no typing and no mapping at all.
func BenchmarkDecodeGenericMap(b *testing.B) {
	b.SetBytes(int64(len(benchDispatchBody)))
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]any
		if err := json.Unmarshal(benchDispatchBody, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchDispatchBody(t *testing.T) {
	d, err := apify.DecodeWebhookDispatch(benchDispatchBody)
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
