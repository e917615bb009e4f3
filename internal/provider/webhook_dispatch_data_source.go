package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

var _ datasource.DataSourceWithConfigure = (*webhookDispatchDataSource)(nil)

type webhookDispatchDataSource struct {
	client *apify.Client
}

func newWebhookDispatchDataSource() datasource.DataSource {
	return &webhookDispatchDataSource{}
}

func (d *webhookDispatchDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_dispatch"
}

func (d *webhookDispatchDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dispatchAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the webhook dispatch, such as `Zib4xbZsmvZeK55ua`. Find it in Apify Console " +
			"on the webhook's **Dispatches** tab.",
		Required:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one webhook dispatch: the record of one firing of an Apify webhook, " +
			"with its event, its delivery status and every HTTP call the platform made to deliver it.\n\n" +
			"A dispatch that does not exist is an error, not an empty result: a typo in the ID fails the plan.",
		Attributes: attrs,
	}
}

func (d *webhookDispatchDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *webhookDispatchDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		resp.Diagnostics.AddError("Apify provider not configured",
			"The data source was read before the provider was configured. This is a bug in the provider; please report it.")
		return
	}
	var config dispatchModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := config.ID.ValueString()
	ctx = tflog.SetField(ctx, "dispatch_id", id)
	tflog.Debug(ctx, "Reading webhook dispatch")

	dispatch, err := d.client.GetWebhookDispatch(ctx, id)
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, "webhook dispatch", path.Root("id"), id)
		return
	}
	state, diags := dispatchToModel(dispatch)
	resp.Diagnostics.Append(diags...)
	// The ID stays as configured: Terraform requires a required attribute
	// to keep its configured value.
	state.ID = config.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
