package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"math/bits"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/cronexpr"
)

// Every validator the provider's schemas use beyond the framework's
// plain ones: its own, for values whose mistakes the framework's
// validators would report in Go's words (time layouts, a negative
// example) or not at all (a filter value that can never match), and the
// framework's set to the platform's rules (names, IDs).

// described gives a validator or a plan modifier of the provider's its
// description, in plain text and in Markdown alike.
type described string

func (d described) Description(_ context.Context) string         { return string(d) }
func (d described) MarkdownDescription(_ context.Context) string { return string(d) }

// stringCheck is a string validator of the provider's: check reports what
// is wrong with a value the configuration sets (never null or unknown),
// and the description says what it accepts.
type stringCheck struct {
	described
	check func(value string, at path.Path, diags *diag.Diagnostics)
}

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() {
		v.check(req.ConfigValue.ValueString(), req.Path, &resp.Diagnostics)
	}
}

// dispatchStatusValidator accepts the dispatch statuses, a closed set.
func dispatchStatusValidator() validator.String {
	return knownValues("a dispatch status", apify.DispatchStatuses, false)
}

// eventTypeValidator accepts the webhook event types the API describes,
// and warns of others.
func eventTypeValidator() validator.String {
	return knownValues("an event type", apify.WebhookEventTypes, true)
}

// knownValues checks a string against the values the API documents; what
// names a value, with its article: "a dispatch status". A value that
// differs from a known one only in case is always an error that names
// the right spelling: the API compares exactly, so such a value can never
// match. Any other value is an error when the set is closed, and a
// warning when it is open: the API may add values the provider does not
// know yet, and those must keep working.
func knownValues(what string, values []string, open bool) stringCheck {
	_, noun, _ := strings.Cut(what, " ")
	list := strings.Join(values, ", ")
	description := described("one of " + list)
	if open {
		description = described(fmt.Sprintf("%s the provider knows (%s) or one the API added later", what, list))
	}
	return stringCheck{description, func(value string, at path.Path, diags *diag.Diagnostics) {
		if slices.Contains(values, value) {
			return
		}
		if strings.TrimSpace(value) == "" {
			diags.AddAttributeError(at, "Empty "+noun, fmt.Sprintf("An empty value is not %s. Use one of: %s.", what, list))
			return
		}
		for _, known := range values {
			if strings.EqualFold(known, value) {
				diags.AddAttributeError(at, "Wrong case in "+noun,
					fmt.Sprintf("%q is not %s: the Apify API compares them exactly, so it would never match. Write %q.", value, what, known))
				return
			}
		}
		if open {
			diags.AddAttributeWarning(at, "Unknown "+noun,
				fmt.Sprintf("%q is not one of the %ss the provider knows: %s. If the Apify API added it recently, "+
					"ignore this warning; otherwise check the spelling, since an unknown value never matches.", value, noun, list))
			return
		}
		diags.AddAttributeError(at, "Unknown "+noun, fmt.Sprintf("%q is not %s. Use one of: %s.", value, what, list))
	}}
}

const durationExamples = `"30s", "5m" or "1h30m" (units: ms, s, m, h)`

// positiveDuration checks a duration written as people write them in
// configuration, such as "30s" or "5m", and that it is longer than zero.
func positiveDuration() validator.String {
	return stringCheck{"a duration longer than zero, such as " + durationExamples, func(value string, at path.Path, diags *diag.Diagnostics) {
		d, err := time.ParseDuration(value)
		switch {
		case err != nil:
			diags.AddAttributeError(at, "Invalid duration",
				fmt.Sprintf("%q is not a duration. Write one such as %s.", value, durationExamples))
		case d <= 0:
			diags.AddAttributeError(at, "Invalid duration",
				fmt.Sprintf("%q is not longer than zero. Write a duration such as %s.", value, durationExamples))
		}
	}}
}

const timestampExamples = `"2026-11-01T00:00:00Z" or "2026-11-01T12:00:00+02:00"`

// rfc3339Timestamp checks an RFC 3339 timestamp.
func rfc3339Timestamp() validator.String {
	return stringCheck{"an RFC 3339 timestamp, such as " + timestampExamples, func(value string, at path.Path, diags *diag.Diagnostics) {
		if _, err := time.Parse(time.RFC3339, value); err != nil {
			diags.AddAttributeError(at, "Invalid timestamp",
				fmt.Sprintf("%q is not an RFC 3339 timestamp. Write one such as %s, or compute one, "+
					"such as timeadd(plantimestamp(), \"-24h\") for a day ago.", value, timestampExamples))
		}
	}}
}

// absoluteHTTPURL accepts an absolute http or https URL. The value is
// sensitive: the message describes it without quoting it.
func absoluteHTTPURL() validator.String {
	return stringCheck{"an absolute http:// or https:// URL", func(value string, at path.Path, diags *diag.Diagnostics) {
		u, err := url.Parse(value)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || !validPort(u.Port()) {
			diags.AddAttributeError(at, "Invalid request URL",
				"The request URL must be an absolute http:// or https:// URL with a host and, if any, a port from 1 to "+
					"65535, such as https://example.com/hooks/apify. "+
					"(Its value is sensitive, so it is not shown here.)")
		}
	}}
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

// template refuses a template of only white space, which the platform may
// keep, trim or drop (so the state could not match it), and, in a headers
// template, the headers the platform sets itself.
func template(headers bool) validator.String {
	description := described("a template, not only white space")
	if headers {
		description += ", without the headers the platform sets"
	}
	return stringCheck{description, func(value string, at path.Path, diags *diag.Diagnostics) {
		if strings.TrimSpace(value) == "" {
			diags.AddAttributeError(at, "Empty template",
				"The template is empty or only white space, which the platform may store as it is, trimmed or not at "+
					"all. Leave the attribute out for the platform's default, or give a template.")
			return
		}
		if !headers {
			return
		}
		for _, m := range templateKey.FindAllStringSubmatch(value, -1) {
			for _, h := range platformHeaders {
				if strings.EqualFold(m[1], h) {
					// A header's name is no secret; the template's values are.
					diags.AddAttributeError(at, "Header the platform sets itself",
						fmt.Sprintf("The headers template sets %q, which the platform rewrites to its own value in every "+
							"delivery, so the template would be stored otherwise than configured. Remove it from the template. "+
							"(The template is sensitive, so it is not shown here.)", m[1]))
					return
				}
			}
		}
	}}
}

// wholeNumberValidator accepts a whole number from min to max. Counts are
// Number attributes checked by it rather than Int64 ones: the framework
// reports a fraction given to an Int64 attribute in Go's words, as an
// error in the provider.
type wholeNumberValidator struct {
	described
	min, max int64
}

func wholeNumberBetween(minimum, maximum int64) validator.Number {
	return wholeNumberValidator{described(fmt.Sprintf("a whole number from %d to %d", minimum, maximum)), minimum, maximum}
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

// platformName is the rule Apify gives for a task's and a schedule's
// name: 3 to 63 characters, lower-case letters, digits and hyphens, the
// hyphens only inside.
var platformName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)

func nameValidator(kind string) validator.String {
	return stringvalidator.RegexMatches(platformName, fmt.Sprintf("must be a valid %s name: 3 to 63 characters, "+
		"lower-case letters (a-z), digits and hyphens (-), starting and ending with a letter or a digit, "+
		"such as `nightly-crawl`", kind))
}

// objectID accepts an ID of the platform's, not a name: the API answers
// an object read by username~name with its ID, which a plan that held
// the name would not match. hint says where the ID comes from.
func objectID(kind, example, hint string) validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^[^/~\s]+$`), fmt.Sprintf("must be the ID of the %s, "+
		"such as %s, not its name (%s)", kind, example, hint))
}

// Where an ID comes from, for objectID.
const (
	actorIDHint = "read an Actor by name with the apify_actor data source"
	taskIDHint  = "a task managed here has apify_actor_task.<name>.id; read another by name with the apify_actor_task data source"
)

// powerOfTwoAtLeast accepts powers of 2 from minimum on.
func powerOfTwoAtLeast(minimum int64) validator.Int64 {
	return powerOfTwoValidator{described(fmt.Sprintf("value must be a power of 2, at least %d", minimum)), minimum}
}

type powerOfTwoValidator struct {
	described
	minimum int64
}

func (v powerOfTwoValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueInt64(); n < v.minimum || bits.OnesCount64(uint64(n)) != 1 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid memory",
			fmt.Sprintf("Attribute %s %s, such as 1024 or 4096; got %d.", req.Path, v.Description(ctx), n))
	}
}

// jsonObject accepts a JSON object.
func jsonObject() validator.String {
	return stringCheck{"value must be a JSON object", func(value string, at path.Path, diags *diag.Diagnostics) {
		var o map[string]any
		if err := json.Unmarshal([]byte(value), &o); err != nil || o == nil {
			diags.AddAttributeError(at, "Invalid JSON object",
				fmt.Sprintf("Attribute %s must be a JSON object, such as jsonencode({ maxPages = 10 }): the Actor's input "+
					"is an object of named fields.", at))
		}
	}}
}

func cronExpression() validator.String {
	return stringCheck{"value must be a cron expression of five or six fields, or a descriptor such as @daily",
		func(expression string, at path.Path, diags *diag.Diagnostics) {
			schedule, err := cronexpr.Parse(expression)
			if err != nil {
				diags.AddAttributeError(at, "Invalid cron expression",
					fmt.Sprintf("%q is not a cron expression the platform accepts: %s. Use five fields (minute hour "+
						"day-of-month month day-of-week), such as \"0 3 * * 1-5\", six with seconds first, or one of %s.",
						expression, err, strings.Join(cronexpr.Descriptors, ", ")))
				return
			}
			// With L, W or #, the parser reads more runs than the platform: it
			// cannot tell.
			if !cronexpr.Approximate(expression) && schedule.Next(time.Now()).IsZero() {
				diags.AddAttributeWarning(at, "Cron expression that never runs",
					fmt.Sprintf("%q matches no time in the next five years (a day that no month has, such as 31 February): "+
						"the schedule would never run.", expression))
			}
		}}
}

func ianaTimeZone() validator.String {
	return stringCheck{"value must be an IANA time zone, such as Europe/Prague or UTC", func(zone string, at path.Path, diags *diag.Diagnostics) {
		// "Local" is the machine's zone, and "" UTC, to time.LoadLocation:
		// neither names a zone the platform knows.
		if _, err := time.LoadLocation(zone); err != nil || zone == "" || zone == "Local" {
			diags.AddAttributeError(at, "Invalid time zone",
				fmt.Sprintf("%q is not an IANA time zone. Use a name of the tz database, such as \"Europe/Prague\", "+
					"\"America/New_York\" or \"UTC\".", zone))
		}
	}}
}

// oneRunPerAction accepts an action that sets exactly one of actor_id
// and actor_task_id.
func oneRunPerAction() validator.Object {
	return runPerActionValidator{"each action must set exactly one of actor_id and actor_task_id"}
}

type runPerActionValidator struct{ described }

func (runPerActionValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	actor, task, options := attrs["actor_id"], attrs["actor_task_id"], attrs["run_options"]
	if actor.IsUnknown() || task.IsUnknown() {
		return
	}
	switch {
	case actor.IsNull() == task.IsNull():
		what := "sets neither actor_id nor actor_task_id"
		if !actor.IsNull() {
			what = "sets both actor_id and actor_task_id"
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid schedule action",
			fmt.Sprintf("Action %s %s. Set exactly one: actor_id to run an Actor, actor_task_id to run a task.", req.Path, what))
	case !task.IsNull() && !options.IsNull():
		resp.Diagnostics.AddAttributeError(req.Path.AtName("run_options"), "Run options of a task's action",
			fmt.Sprintf("Action %s runs a task, whose runs take the task's own options: the platform keeps no run "+
				"options for such an action. Set them in the task's options, or run the Actor (actor_id) here.", req.Path))
	}
}

// actionsWithinLimits accepts at most maxScheduleActions actions of Actors
// and as many of tasks.
func actionsWithinLimits() validator.List {
	return actionLimitsValidator{described(fmt.Sprintf("at most %d actions of Actors and %d of tasks", maxScheduleActions, maxScheduleActions))}
}

type actionLimitsValidator struct{ described }

func (actionLimitsValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	actors, tasks := 0, 0
	for _, a := range actionsOf(req.ConfigValue) {
		switch {
		case !a.ActorID.IsNull():
			actors++
		case !a.ActorTaskID.IsNull():
			tasks++
		}
	}
	if actors > maxScheduleActions || tasks > maxScheduleActions {
		resp.Diagnostics.AddAttributeError(req.Path, "Too many schedule actions",
			fmt.Sprintf("The schedule runs %d Actors and %d tasks; the platform runs at most %d of each from one "+
				"schedule. Split the actions between schedules.", actors, tasks, maxScheduleActions))
	}
}
