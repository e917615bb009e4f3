package provider

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// FuzzDecodeAndMapDispatch feeds arbitrary response bodies through the
// decoding and the mapping to Terraform values. Whatever decodes must map
// without error, keeping every null a null and every value a value, at
// every depth.
//
// Its seeds are the corpus of the client's FuzzDecodeWebhookDispatch, one
// corpus for both: the bodies that matter to decoding matter to mapping.
func FuzzDecodeAndMapDispatch(f *testing.F) {
	for _, fixture := range apifytest.Fixtures() {
		f.Add([]byte(`{"data": ` + fixture + `}`))
	}
	for _, seed := range clientCorpus(f) {
		f.Add(seed)
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

// clientCorpus reads the seed corpus of the client's fuzz target, files in
// the "go test fuzz v1" encoding of one []byte value.
func clientCorpus(f *testing.F) [][]byte {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("..", "apify", "testdata", "fuzz", "FuzzDecodeWebhookDispatch", "*"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no corpus of FuzzDecodeWebhookDispatch: %v", err)
	}
	var seeds [][]byte
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		header, value, _ := strings.Cut(strings.TrimSpace(string(raw)), "\n")
		literal, ok := strings.CutPrefix(value, "[]byte(")
		literal, closed := strings.CutSuffix(literal, ")")
		body, err := strconv.Unquote(literal)
		if header != "go test fuzz v1" || !ok || !closed || err != nil {
			f.Fatalf("%s is not one []byte in the go test fuzz v1 encoding", file)
		}
		seeds = append(seeds, []byte(body))
	}
	return seeds
}
