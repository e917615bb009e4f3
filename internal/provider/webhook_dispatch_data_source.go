package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apify_webhook_dispatch: the core of the provider, one dispatch read (and
// waited for) so that a check block can trust what it says.

// defaultReadTimeout bounds a read, waiting included, unless the
// configuration's timeouts block says otherwise.
const defaultReadTimeout = 20 * time.Minute

var _ datasource.DataSourceWithConfigure = (*webhookDispatchDataSource)(nil)

type webhookDispatchDataSource struct{ dataSource }

// webhookDispatchConfig is what a configuration of the data source sets;
// a dispatchModel holds the rest.
type webhookDispatchConfig struct {
	ID                 types.String
	WaitForFinalStatus types.Bool
	Timeouts           timeouts.Value
}

func (m *webhookDispatchConfig) fields() map[string]any {
	return map[string]any{"id": &m.ID, "wait_for_final_status": &m.WaitForFinalStatus, "timeouts": &m.Timeouts}
}

func newWebhookDispatchDataSource() datasource.DataSource {
	return &webhookDispatchDataSource{dataSource{typeSuffix: "_webhook_dispatch"}}
}

func (d *webhookDispatchDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceAttributes(dispatchAttributes(), nil)
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the webhook dispatch, such as `Zib4xbZsmvZeK55ua`. Find it in Apify Console " +
			"on the webhook's **Dispatches** tab, or in the `dispatches` of `apify_webhook_dispatches`.",
		Required:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["wait_for_final_status"] = schema.BoolAttribute{
		MarkdownDescription: fmt.Sprintf("When `true` and the dispatch is `ACTIVE`, keep reading it until its status is "+
			"anything else, waiting %s between the first reads and doubling up to %s. The wait is bounded by the read "+
			"timeout (`timeouts.read`, default `%s`); when that runs out, the read fails with the dispatch still `ACTIVE`. "+
			"Defaults to `false`: the status is read as it is, since a data source is read on every plan (the resource "+
			"`apify_webhook_test_dispatch` waits by default, as it exists to prove a delivery in the apply that fires it).\n\n"+
			"~> **Important** A wait holds up the whole plan. Use it where a pipeline has just triggered an event and must "+
			"know whether its webhook was delivered, and keep `timeouts.read` as short as that pipeline allows.",
			shortDuration(apify.DefaultWaitFirstInterval), shortDuration(apify.DefaultWaitMaxInterval), shortDuration(defaultReadTimeout)),
		Optional: true,
		// Computed so that the state holds false, as documented, when the
		// configuration leaves it out.
		Computed: true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one webhook dispatch: the record of one firing of an Apify webhook, " +
			"with its event, its delivery status and every HTTP call the platform made to deliver it.\n\n" +
			"A dispatch that does not exist is an error, not an empty result: a typo in the ID fails the plan.",
		Attributes: attrs,
		Blocks: map[string]schema.Block{
			"timeouts": dataSourceTimeoutsBlock(ctx, fmt.Sprintf("How long the read may take, retries and "+
				"`wait_for_final_status` included, as a duration such as `\"30m\"`. Defaults to `\"%s\"`.",
				shortDuration(defaultReadTimeout))),
		},
	}
}

func (d *webhookDispatchDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config webhookDispatchConfig
	if !readConfigured(ctx, d.client, req.Config, &config, &resp.Diagnostics) {
		return
	}
	readTimeout, diags := config.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()

	id := config.ID.ValueString()
	ctx = tflog.SetField(ctx, "dispatch_id", id)
	tflog.Debug(ctx, "Reading webhook dispatch")

	var dispatch *apify.WebhookDispatch
	var err error
	if config.WaitForFinalStatus.ValueBool() {
		dispatch, err = d.client.WaitForWebhookDispatch(ctx, id, apify.WaitOptions{})
	} else {
		dispatch, err = d.client.GetWebhookDispatch(ctx, id)
	}
	if stillActive, ok := errors.AsType[*apify.StillActiveError](err); ok {
		addStillActiveDiagnostic(&resp.Diagnostics, stillActive, id, readTimeout)
		return
	}
	if err != nil {
		target := idTarget(reading, "webhook dispatch", id, path.Root("id"))
		target.timeout = readTimeout
		addAPIErrorDiagnostic(&resp.Diagnostics, err, target)
		return
	}

	redactDispatches(ctx, d.client, []*apify.WebhookDispatch{dispatch}, path.Root("calls"), &resp.Diagnostics)
	state, diags := dispatchToModel(dispatch)
	resp.Diagnostics.Append(diags...)
	// The ID stays as configured (Terraform requires a required attribute
	// to keep its configured value), and wait_for_final_status left out is
	// false.
	config.WaitForFinalStatus = types.BoolValue(config.WaitForFinalStatus.ValueBool())
	setState(ctx, &resp.State, &resp.Diagnostics, &state, &config)
}

func addStillActiveDiagnostic(diags *diag.Diagnostics, err *apify.StillActiveError, id string, readTimeout time.Duration) {
	if errors.Is(err, context.Canceled) {
		diags.AddError("Waiting for the webhook dispatch canceled",
			fmt.Sprintf("Webhook dispatch %q was still %s when Terraform canceled the wait: %s.", id, apify.DispatchStatusActive, sentence(err)))
		return
	}
	diags.AddAttributeError(path.Root("wait_for_final_status"), "Webhook dispatch still ACTIVE",
		fmt.Sprintf("Webhook dispatch %q did not settle within the read timeout of %s: %s. "+
			"Raise timeouts.read to wait longer, or set wait_for_final_status = false to read the status as it is.",
			id, shortDuration(readTimeout), sentence(err)))
}
