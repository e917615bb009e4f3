package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// defaultListLimit is how many of the newest dispatches a list reads when
// the configuration sets no limit.
const defaultListLimit = 100

var _ datasource.DataSourceWithConfigure = (*webhookDispatchesDataSource)(nil)

type webhookDispatchesDataSource struct {
	client *apify.Client
}

type webhookDispatchesModel struct {
	WebhookID    types.String      `tfsdk:"webhook_id"`
	Limit        types.Int64       `tfsdk:"limit"`
	Statuses     types.Set         `tfsdk:"statuses"`
	EventTypes   types.Set         `tfsdk:"event_types"`
	CreatedAfter timetypes.RFC3339 `tfsdk:"created_after"`
	Dispatches   types.List        `tfsdk:"dispatches"`
	StatusCounts types.Map         `tfsdk:"status_counts"`
}

func newWebhookDispatchesDataSource() datasource.DataSource {
	return &webhookDispatchesDataSource{}
}

func (d *webhookDispatchesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_dispatches"
}

func (d *webhookDispatchesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	nonEmptyStrings := []validator.Set{
		setvalidator.SizeAtLeast(1),
		setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the newest webhook dispatches of one webhook, or of the whole account, and filters them " +
			"by status, event type and creation time. Use it to check that a webhook delivers, for example in a `check` " +
			"block or a `postcondition`.\n\n" +
			"The provider reads the newest `limit` dispatches, page by page, and then applies the filters, so the cost " +
			"of a read is bounded by `limit` whatever the filters: a filter narrows the newest `limit` dispatches; it " +
			"does not search further back.",
		Attributes: map[string]schema.Attribute{
			"webhook_id": schema.StringAttribute{
				MarkdownDescription: "ID of the webhook whose dispatches to list. When not set, the dispatches of every " +
					"webhook of the account are listed. A webhook that does not exist is an error.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"limit": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many of the newest dispatches to read from the API, at least 1. "+
					"Defaults to `%d`. The filters apply to these.", defaultListLimit),
				Optional:   true,
				Computed:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"statuses": schema.SetAttribute{
				MarkdownDescription: "Keep only dispatches whose `status` is one of these, such as `[\"FAILED\"]`. " +
					"Leave unset to keep every status.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  nonEmptyStrings,
			},
			"event_types": schema.SetAttribute{
				MarkdownDescription: "Keep only dispatches whose `event_type` is one of these, such as " +
					"`[\"ACTOR.RUN.FAILED\", \"ACTOR.RUN.TIMED_OUT\"]`. Leave unset to keep every event type.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  nonEmptyStrings,
			},
			"created_after": schema.StringAttribute{
				MarkdownDescription: "Keep only dispatches created strictly after this RFC 3339 timestamp, such as " +
					"`2026-11-01T00:00:00Z`. Dispatches without a creation time are left out when it is set.",
				CustomType: timetypes.RFC3339Type{},
				Optional:   true,
			},
			"dispatches": schema.ListNestedAttribute{
				MarkdownDescription: "The dispatches that pass the filters, newest first, with the same attributes as " +
					"the `apify_webhook_dispatch` data source. An empty list when none pass.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: dispatchObjectAttributes()},
			},
			"status_counts": schema.MapAttribute{
				MarkdownDescription: "How many of `dispatches` have each status, such as `{ SUCCEEDED = 97, FAILED = 3 }`. " +
					"A status that no dispatch has is absent, so read it with `lookup(..., \"FAILED\", 0)`. " +
					"An empty map when `dispatches` is empty.",
				ElementType: types.Int64Type,
				Computed:    true,
			},
		},
	}
}

func (d *webhookDispatchesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *webhookDispatchesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if notConfigured(d.client, &resp.Diagnostics) {
		return
	}
	var config webhookDispatchesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if config.Limit.IsNull() {
		config.Limit = types.Int64Value(defaultListLimit)
	}
	filter, diags := newDispatchFilter(ctx, config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	webhookID := config.WebhookID.ValueString()
	target := apiTarget{reading: "the account's webhook dispatches"}
	if webhookID != "" {
		target = apiTarget{
			reading: fmt.Sprintf("the dispatches of webhook %q", webhookID),
			kind:    "webhook", id: webhookID, idPath: path.Root("webhook_id"),
		}
	}
	tflog.Debug(ctx, "Listing webhook dispatches", map[string]any{"webhook_id": webhookID, "limit": config.Limit.ValueInt64()})

	all, err := d.client.ListWebhookDispatches(ctx, webhookID, int(config.Limit.ValueInt64()))
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, target)
		return
	}
	kept := filter.apply(all)

	dispatches, diags := dispatchesToTerraform(ctx, kept)
	resp.Diagnostics.Append(diags...)
	config.StatusCounts, diags = statusCounts(kept)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The small attributes go through the model. The list, which can hold
	// thousands of dispatches, is the Terraform value dispatchesToTerraform
	// built, set aside for the server to put into the state (see setAside)
	// or, when it cannot, put in place here.
	config.Dispatches = types.ListNull(types.ObjectType{AttrTypes: dispatchAttrTypes})
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if setAside(ctx, resp.State.Raw.Type(), "dispatches", dispatches) {
		return
	}
	state, err := withAttributes(resp.State.Raw, map[string]tftypes.Value{"dispatches": dispatches})
	if err != nil {
		resp.Diagnostics.AddError("Setting the listed dispatches failed",
			fmt.Sprintf("%s. This is a bug in the provider; please report it.", err))
		return
	}
	resp.State.Raw = state
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
		t, d := config.CreatedAfter.ValueRFC3339Time()
		diags.Append(d...)
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
	kept := make([]apify.WebhookDispatch, 0, len(dispatches))
	for _, d := range dispatches {
		if f.keeps(&d) {
			kept = append(kept, d)
		}
	}
	return kept
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
