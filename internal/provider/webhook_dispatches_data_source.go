package provider

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apify_webhook_dispatches: the dispatches of a webhook or the account,
// listed and filtered, so that a pipeline can see every delivery of a
// window and is told when it did not see them all.

// How many dispatches a list reads: by default, and at most. The upper
// bound keeps a read's time and memory bounded (make bench measures both)
// and the value far inside an int on 32-bit builds.
const (
	defaultListLimit = 100
	maxListLimit     = 10000
)

// defaultListTimeout bounds a whole list read, paging and retries included.
const defaultListTimeout = 5 * time.Minute

var _ datasource.DataSourceWithConfigure = (*webhookDispatchesDataSource)(nil)

type webhookDispatchesDataSource struct{ dataSource }

type webhookDispatchesModel struct {
	WebhookID    types.String
	Limit        types.Number
	Statuses     types.Set
	EventTypes   types.Set
	CreatedAfter types.String
	Dispatches   types.List
	StatusCounts types.Map
	Truncated    types.Bool
	Total        types.Int64
	Timeouts     timeouts.Value
}

func (m *webhookDispatchesModel) fields() map[string]any {
	return map[string]any{
		"webhook_id": &m.WebhookID, "limit": &m.Limit, "statuses": &m.Statuses, "event_types": &m.EventTypes,
		"created_after": &m.CreatedAfter, "dispatches": &m.Dispatches, "status_counts": &m.StatusCounts,
		"truncated": &m.Truncated, "total": &m.Total, "timeouts": &m.Timeouts,
	}
}

func newWebhookDispatchesDataSource() datasource.DataSource {
	return &webhookDispatchesDataSource{dataSource{typeSuffix: "_webhook_dispatches"}}
}

func (d *webhookDispatchesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the webhook dispatches of one webhook, or of the whole account, newest first, and filters them " +
			"by status, event type and creation time. Use it to check that a webhook delivers, for example in a `check` " +
			"block or a `postcondition`.\n\n" +
			"Without `created_after`, the provider reads the newest `limit` dispatches and filters those. With " +
			"`created_after`, it reads back until it reaches a dispatch created at or before that time, so the filters see " +
			"the whole window; `limit` then only caps how many dispatches a read may take. Either way, `truncated` tells " +
			"whether the read stopped at `limit` with older dispatches left unread, and a window cut short that way is " +
			"also a warning.\n\n" +
			"~> **Important** A check that \"nothing failed\" must also check `truncated`: a window cut short at `limit` " +
			"may hide failures. The example below does.",
		Attributes: map[string]schema.Attribute{
			"webhook_id": schema.StringAttribute{
				MarkdownDescription: "ID of the webhook whose dispatches to list. When not set, the dispatches of every " +
					"webhook of the account are listed. A webhook that does not exist is an error.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"limit": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("The most dispatches to read from the API, from 1 to %d. Defaults to `%d`. "+
					"Without `created_after` the read takes the newest `limit`; with it, `limit` is a safety cap on a wide window.",
					maxListLimit, defaultListLimit),
				Optional:   true,
				Computed:   true,
				Validators: []validator.Number{wholeNumberBetween(1, maxListLimit)},
			},
			"statuses": schema.SetAttribute{
				MarkdownDescription: fmt.Sprintf("Keep only dispatches whose `status` is one of these: %s. "+
					"Leave unset to keep every status.", quotedList(apify.DispatchStatuses)),
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(dispatchStatusValidator()),
				},
			},
			"event_types": schema.SetAttribute{
				MarkdownDescription: "Keep only dispatches whose `event_type` is one of these, such as " +
					"`[\"ACTOR.RUN.FAILED\", \"ACTOR.RUN.TIMED_OUT\"]`. Leave unset to keep every event type. " +
					"A value in the wrong case is an error; one the provider does not know is a warning, so that event types " +
					"the API adds later still work. Known: " + quotedList(apify.WebhookEventTypes) + ".",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(eventTypeValidator()),
				},
			},
			"created_after": schema.StringAttribute{
				MarkdownDescription: "Keep only dispatches created strictly after this RFC 3339 timestamp, such as " +
					"`2026-11-01T00:00:00Z` or `timeadd(plantimestamp(), \"-24h\")`, and read back until the window is " +
					"covered. Dispatches without a creation time are left out when it is set.",
				Optional:   true,
				Validators: []validator.String{rfc3339Timestamp()},
			},
			"dispatches": schema.ListNestedAttribute{
				MarkdownDescription: "The dispatches that pass the filters, newest first, each once, with the same attributes " +
					"as the `apify_webhook_dispatch` data source. An empty list when none pass.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: dataSourceAttributes(dispatchObjectAttributes(), nil)},
			},
			"status_counts": schema.MapAttribute{
				MarkdownDescription: "How many of `dispatches` have each status, such as `{ SUCCEEDED = 97, FAILED = 3 }`. " +
					"A status that no dispatch has is absent, so read it with `lookup(..., \"FAILED\", 0)`. " +
					"An empty map when `dispatches` is empty.",
				ElementType: types.Int64Type,
				Computed:    true,
			},
			"truncated": schema.BoolAttribute{
				MarkdownDescription: "Whether the read stopped at `limit` while older dispatches remained: before the end " +
					"of the list or, with `created_after`, before reaching it. When `true`, the filters did not see every " +
					"dispatch asked for; raise `limit`.",
				Computed: true,
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "The API's count of all dispatches of the webhook (or of the account), read or not. " +
					"Null when the API does not say.",
				Computed: true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": dataSourceTimeoutsBlock(ctx, fmt.Sprintf("How long the whole read may take, every page, retry "+
				"and `Retry-After` wait included, as a duration such as `\"10m\"`. Defaults to `\"%s\"`.",
				shortDuration(defaultListTimeout))),
		},
	}
}

func (d *webhookDispatchesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config webhookDispatchesModel
	if !readConfigured(ctx, d.client, req.Config, &config, &resp.Diagnostics) {
		return
	}
	if config.Limit.IsNull() {
		config.Limit = types.NumberValue(big.NewFloat(defaultListLimit))
	}
	filter, diags := newDispatchFilter(ctx, config)
	resp.Diagnostics.Append(diags...)
	readTimeout, diags := config.Timeouts.Read(ctx, defaultListTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()

	webhookID := config.WebhookID.ValueString()
	target := apiTarget{subject: "the account's webhook dispatches", timeout: readTimeout}
	if webhookID != "" {
		target = apiTarget{
			subject: fmt.Sprintf("the dispatches of webhook %q", webhookID),
			kind:    "webhook", id: webhookID, idPath: path.Root("webhook_id"),
			timeout: readTimeout,
		}
	}
	limit := int(wholeNumber(config.Limit))
	tflog.Debug(ctx, "Listing webhook dispatches", map[string]any{"webhook_id": webhookID, "limit": limit})

	list, err := d.client.ListWebhookDispatches(ctx, webhookID, apify.ListOptions{Limit: limit, Until: filter.createdAfter})
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, target)
		return
	}
	if list.Duplicates > 0 {
		tflog.Debug(ctx, "Dropped dispatches listed twice", map[string]any{"duplicates": list.Duplicates})
	}
	switch {
	case list.Stalled:
		resp.Diagnostics.AddWarning("Webhook dispatches not read to the end",
			fmt.Sprintf("New dispatches arrived as fast as the pages were read: the last %s held only dispatches already "+
				"read, so the read stopped there, with %d read, rather than page on at the pace of the arrivals; truncated "+
				"is true. Read again later, or set created_after to read a window.",
				apify.Plural(apify.MaxStalledPages, "page"), len(list.Items)))
	case list.Truncated && filter.createdAfter != nil:
		addWindowCutDiagnostic(&resp.Diagnostics, list.Items, config.CreatedAfter.ValueString(), limit)
	}
	kept := filter.apply(list.Items)
	read := make([]*apify.WebhookDispatch, len(kept))
	for i := range kept {
		read[i] = &kept[i]
	}
	redactDispatches(ctx, d.client, read, path.Root("dispatches"), &resp.Diagnostics)

	config.Dispatches, diags = dispatchesToList(kept)
	resp.Diagnostics.Append(diags...)
	config.StatusCounts, diags = statusCounts(kept)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	config.Truncated = types.BoolValue(list.Truncated)
	config.Total = types.Int64PointerValue(list.Total)
	setState(ctx, &resp.State, &resp.Diagnostics, &config)
}

// addWindowCutDiagnostic warns that a read with created_after stopped at
// its limit before it reached created_after: the filters did not see the
// oldest part of the window.
func addWindowCutDiagnostic(diags *diag.Diagnostics, read []apify.WebhookDispatch, createdAfter string, limit int) {
	oldest := "an unknown time"
	if n := len(read); n > 0 && read[n-1].CreatedAt != nil {
		oldest = *read[n-1].CreatedAt
	}
	advice := fmt.Sprintf("Raise limit (at most %d)", maxListLimit)
	if limit >= maxListLimit {
		advice = "Narrow the window with a later created_after"
	}
	diags.AddAttributeWarning(path.Root("limit"), "Webhook dispatches not read to the end of the window",
		fmt.Sprintf("The read stopped at its limit of %d dispatches before it reached created_after (%s). "+
			"The oldest dispatch read was created at %s; dispatches created between created_after and then were not read, "+
			"so the filters and status_counts did not see them, and truncated is true. %s to read the whole window.",
			limit, createdAfter, oldest, advice))
}

// dispatchFilter keeps the dispatches a configuration asks for. A nil set
// or time means the filter is not set.
type dispatchFilter struct {
	statuses     map[string]bool
	eventTypes   map[string]bool
	createdAfter *time.Time
}

func newDispatchFilter(ctx context.Context, config webhookDispatchesModel) (dispatchFilter, diag.Diagnostics) {
	var f dispatchFilter
	var diags diag.Diagnostics
	f.statuses = stringSet(ctx, config.Statuses, &diags)
	f.eventTypes = stringSet(ctx, config.EventTypes, &diags)
	if !config.CreatedAfter.IsNull() {
		// The schema's validator has refused a value that does not parse.
		t, err := time.Parse(time.RFC3339, config.CreatedAfter.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("created_after"), "Invalid timestamp", err.Error())
		}
		f.createdAfter = &t
	}
	return f, diags
}

func stringSet(ctx context.Context, set types.Set, diags *diag.Diagnostics) map[string]bool {
	if set.IsNull() {
		return nil
	}
	var values []string
	diags.Append(set.ElementsAs(ctx, &values, false)...)
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

// apply returns the dispatches that pass every filter that is set, in
// their order.
func (f dispatchFilter) apply(dispatches []apify.WebhookDispatch) []apify.WebhookDispatch {
	return slices.DeleteFunc(slices.Clone(dispatches), func(d apify.WebhookDispatch) bool { return !f.keeps(&d) })
}

func (f dispatchFilter) keeps(d *apify.WebhookDispatch) bool {
	if f.statuses != nil && (d.Status == nil || !f.statuses[*d.Status]) {
		return false
	}
	if f.eventTypes != nil && (d.EventType == nil || !f.eventTypes[*d.EventType]) {
		return false
	}
	if f.createdAfter != nil {
		if d.CreatedAt == nil {
			return false
		}
		created, err := time.Parse(time.RFC3339Nano, *d.CreatedAt)
		if err != nil || !created.After(*f.createdAfter) {
			return false
		}
	}
	return true
}

// statusCounts counts the dispatches of each status. Dispatches without a
// status are not counted.
func statusCounts(dispatches []apify.WebhookDispatch) (types.Map, diag.Diagnostics) {
	counts := map[string]int64{}
	for _, d := range dispatches {
		if d.Status != nil {
			counts[*d.Status]++
		}
	}
	values := make(map[string]attr.Value, len(counts))
	for status, n := range counts {
		values[status] = types.Int64Value(n)
	}
	return types.MapValue(types.Int64Type, values)
}
