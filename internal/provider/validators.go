package provider

import (
	"context"
	"fmt"
	"math/big"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// Validators of the provider's own, for values whose mistakes the
// framework's validators would report in Go's words (time layouts, a
// negative example) or not at all (a filter value that can never match).

// knownValuesValidator checks a string against the values the API
// documents. A value that differs from a known one only in case is always
// an error that names the right spelling: the API compares exactly, so
// such a value can never match. Any other value is an error when the set
// is closed, and a warning when it is open: the API may add values the
// provider does not know yet, and those must keep working.
type knownValuesValidator struct {
	// what names a value, with its article: "a dispatch status".
	what   string
	values []string
	open   bool
}

// dispatchStatusValidator accepts the dispatch statuses, a closed set.
func dispatchStatusValidator() validator.String {
	return knownValuesValidator{what: "a dispatch status", values: apify.DispatchStatuses}
}

// eventTypeValidator accepts the webhook event types the API describes,
// and warns of others.
func eventTypeValidator() validator.String {
	return knownValuesValidator{what: "an event type", values: apify.WebhookEventTypes, open: true}
}

func (v knownValuesValidator) Description(_ context.Context) string {
	if v.open {
		return fmt.Sprintf("%s the provider knows (%s) or one the API added later", v.what, strings.Join(v.values, ", "))
	}
	return fmt.Sprintf("one of %s", strings.Join(v.values, ", "))
}

func (v knownValuesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v knownValuesValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if slices.Contains(v.values, value) {
		return
	}
	if strings.TrimSpace(value) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty "+v.noun(),
			fmt.Sprintf("An empty value is not %s. Use one of: %s.", v.what, strings.Join(v.values, ", ")))
		return
	}
	for _, known := range v.values {
		if strings.EqualFold(known, value) {
			resp.Diagnostics.AddAttributeError(req.Path, "Wrong case in "+v.noun(),
				fmt.Sprintf("%q is not %s: the Apify API compares them exactly, so it would never match. Write %q.", value, v.what, known))
			return
		}
	}
	list := strings.Join(v.values, ", ")
	if v.open {
		resp.Diagnostics.AddAttributeWarning(req.Path, "Unknown "+v.noun(),
			fmt.Sprintf("%q is not one of the %ss the provider knows: %s. If the Apify API added it recently, "+
				"ignore this warning; otherwise check the spelling, since an unknown value never matches.", value, v.noun(), list))
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Unknown "+v.noun(),
		fmt.Sprintf("%q is not %s. Use one of: %s.", value, v.what, list))
}

// noun is what without its article: "dispatch status".
func (v knownValuesValidator) noun() string {
	_, noun, _ := strings.Cut(v.what, " ")
	return noun
}

// durationValidator checks a duration written as people write them in
// configuration, such as "30s" or "5m", and that it is longer than zero.
type durationValidator struct{}

func positiveDuration() validator.String { return durationValidator{} }

const durationExamples = `"30s", "5m" or "1h30m" (units: ms, s, m, h)`

func (durationValidator) Description(_ context.Context) string {
	return "a duration longer than zero, such as " + durationExamples
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	d, err := time.ParseDuration(value)
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a duration. Write one such as %s.", value, durationExamples))
	case d <= 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not longer than zero. Write a duration such as %s.", value, durationExamples))
	}
}

// timestampValidator checks an RFC 3339 timestamp.
type timestampValidator struct{}

func rfc3339Timestamp() validator.String { return timestampValidator{} }

const timestampExamples = `"2026-11-01T00:00:00Z" or "2026-11-01T12:00:00+02:00"`

func (timestampValidator) Description(_ context.Context) string {
	return "an RFC 3339 timestamp, such as " + timestampExamples
}

func (v timestampValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (timestampValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if _, err := time.Parse(time.RFC3339, value); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timestamp",
			fmt.Sprintf("%q is not an RFC 3339 timestamp. Write one such as %s, or compute one, "+
				"such as timeadd(plantimestamp(), \"-24h\") for a day ago.", value, timestampExamples))
	}
}

// absoluteHTTPURLValidator accepts an absolute http or https URL.
type absoluteHTTPURLValidator struct{}

func absoluteHTTPURL() validator.String { return absoluteHTTPURLValidator{} }

func (absoluteHTTPURLValidator) Description(_ context.Context) string {
	return "an absolute http:// or https:// URL"
}

func (v absoluteHTTPURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (absoluteHTTPURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	// The value is sensitive: the message describes it without quoting it.
	u, err := url.Parse(req.ConfigValue.ValueString())
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || !validPort(u.Port()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid request URL",
			"The request URL must be an absolute http:// or https:// URL with a host and, if any, a port from 1 to "+
				"65535, such as https://example.com/hooks/apify. "+
				"(Its value is sensitive, so it is not shown here.)")
	}
}

// validPort reports whether port, from a URL, is empty or a TCP port.
func validPort(port string) bool {
	if port == "" {
		return true
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 1 && n <= 65535
}

// platformHeaders are the headers that the API description says the
// platform rewrites to its own values in a headers template: a template
// that sets them would be stored otherwise than configured.
var platformHeaders = []string{"host", "Content-Type", "X-Apify-Webhook", "X-Apify-Webhook-Dispatch-Id", "X-Apify-Request-Origin"}

// templateKey finds the quoted keys of a template's top-level object, and
// of any other: a header template's keys are header names.
var templateKey = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"\s*:`)

// templateValidator refuses a template of only white space, which the
// platform may keep, trim or drop (so the state could not match it), and,
// in a headers template, the headers the platform sets itself.
type templateValidator struct {
	headers bool
}

func template(headers bool) validator.String { return templateValidator{headers: headers} }

func (v templateValidator) Description(_ context.Context) string {
	if v.headers {
		return "a template, not only white space, without the headers the platform sets"
	}
	return "a template, not only white space"
}

func (v templateValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v templateValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if strings.TrimSpace(value) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty template",
			"The template is empty or only white space, which the platform may store as it is, trimmed or not at "+
				"all. Leave the attribute out for the platform's default, or give a template.")
		return
	}
	if !v.headers {
		return
	}
	for _, m := range templateKey.FindAllStringSubmatch(value, -1) {
		for _, h := range platformHeaders {
			if strings.EqualFold(m[1], h) {
				// A header's name is no secret; the template's values are.
				resp.Diagnostics.AddAttributeError(req.Path, "Header the platform sets itself",
					fmt.Sprintf("The headers template sets %q, which the platform rewrites to its own value in every "+
						"delivery, so the template would be stored otherwise than configured. Remove it from the template. "+
						"(The template is sensitive, so it is not shown here.)", m[1]))
				return
			}
		}
	}
}

// wholeNumberValidator accepts a whole number from min to max. Counts are
// Number attributes checked by it rather than Int64 ones: the framework
// reports a fraction given to an Int64 attribute in Go's words, as an
// error in the provider.
type wholeNumberValidator struct {
	min, max int64
}

func wholeNumberBetween(minimum, maximum int64) validator.Number {
	return wholeNumberValidator{min: minimum, max: maximum}
}

func (v wholeNumberValidator) Description(_ context.Context) string {
	return fmt.Sprintf("a whole number from %d to %d", v.min, v.max)
}

func (v wholeNumberValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v wholeNumberValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	n := req.ConfigValue.ValueBigFloat()
	i, accuracy := n.Int64()
	if !n.IsInt() || accuracy != big.Exact || i < v.min || i > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid number",
			fmt.Sprintf("%s must be a whole number from %d to %d, not %s.", req.Path, v.min, v.max, n.Text('f', -1)))
	}
}

// wholeNumber is the value of a Number attribute that wholeNumberValidator
// checked.
func wholeNumber(n types.Number) int64 {
	i, _ := n.ValueBigFloat().Int64()
	return i
}
