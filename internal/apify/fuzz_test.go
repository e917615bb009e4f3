package apify

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The seed corpora in testdata/fuzz hold realistic responses and IDs; a
// crash the fuzzer finds is saved there too and then runs as a regular
// test.

func FuzzDecodeWebhookDispatch(f *testing.F) {
	for _, fixture := range apifytest.Fixtures() {
		f.Add([]byte(`{"data": ` + fixture + `}`))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := decodeData[WebhookDispatch](http.StatusOK, body)
		if err != nil {
			decodeErr, ok := errors.AsType[*DecodeError](err)
			if !ok {
				t.Fatalf("error %v is a %T, want *DecodeError", err, err)
			}
			// At most excerptBytes characters of the body, plus an ellipsis.
			if !utf8.ValidString(decodeErr.Excerpt) || utf8.RuneCountInString(decodeErr.Excerpt) > excerptBytes+1 {
				t.Fatalf("excerpt %q is not short, valid text", decodeErr.Excerpt)
			}
			return
		}
		if d == nil {
			t.Fatal("no error and no dispatch")
		}
	})
}

func FuzzDispatchPath(f *testing.F) {
	for _, id := range []string{apifytest.DispatchSucceeded, "a/b?c#d", "..", ".", "%2F", "x y", "ü", "a;b=c", "//", "?"} {
		f.Add(id)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if id == "" {
			return // refused before any URL is built
		}
		const base = "https://api.apify.com/prefix"
		u, err := url.Parse(base + "/v2/webhook-dispatches/" + pathSegment(id))
		if err != nil {
			t.Fatalf("ID %q makes an unparsable URL: %v", id, err)
		}
		if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
			t.Fatalf("ID %q leaks into the query or fragment: %s", id, u)
		}
		segments := strings.Split(u.EscapedPath(), "/")
		if len(segments) != 5 || segments[1] != "prefix" || segments[2] != "v2" || segments[3] != "webhook-dispatches" {
			t.Fatalf("ID %q changes the path's shape: %s", id, u.EscapedPath())
		}
		last := segments[4]
		if last == "." || last == ".." {
			t.Fatalf("ID %q is a dot segment", id)
		}
		if got, err := url.PathUnescape(last); err != nil || got != id {
			t.Fatalf("ID %q comes back as %q (%v)", id, got, err)
		}
	})
}
