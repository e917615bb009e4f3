package provider

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// FuzzDecodeAndMapDispatch feeds arbitrary response bodies through the
// decoding and the mapping to Terraform values. Whatever decodes must map
// to values of exactly the types the data source's schema declares,
// keeping every null a null and every value a value, at every depth.
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
	var schemaResp datasource.SchemaResponse
	newWebhookDispatchDataSource().Schema(f.Context(), datasource.SchemaRequest{}, &schemaResp)
	declared := schemaResp.Schema.Type().(basetypes.ObjectType).AttrTypes
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := decodeDispatch(body)
		if err != nil {
			return
		}
		m, _ := dispatchToModel(d)
		for name, value := range values(&m) {
			if want, ok := declared[name]; !ok || !value.Type(t.Context()).Equal(want) {
				t.Fatalf("attribute %s maps to a %s, the schema declares %v", name, value.Type(t.Context()), want)
			}
		}
		if err := checkNulls(d, m); err != nil {
			t.Fatal(err)
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
