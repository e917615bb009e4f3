package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// apify_webhook as a data source: a webhook whoever manages it, for a
// check block or a configuration that only refers to it.

var _ datasource.DataSourceWithConfigure = (*webhookDataSource)(nil)

type webhookDataSource struct{ dataSource }

func newWebhookDataSource() datasource.DataSource {
	return &webhookDataSource{dataSource{typeSuffix: "_webhook"}}
}

func (d *webhookDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := computedWebhookAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: webhookDoc("id") + " Find it in Apify Console, or in the `webhooks` of `apify_webhooks`.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	for _, name := range []string{"payload_template", "description"} {
		attrs[name] = schema.StringAttribute{MarkdownDescription: webhookDoc(name), Computed: true}
	}
	attrs["headers_template"] = schema.StringAttribute{MarkdownDescription: webhookDoc("headers_template"), Computed: true, Sensitive: true}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Apify webhook by its ID, whoever manages it: every attribute of the `apify_webhook` " +
			"resource, and what the API says of it beyond them (whether it is ad hoc, its last dispatch, how many " +
			"dispatches it has made). A webhook that does not exist is an error.",
		Attributes: attrs,
	}
}

func (d *webhookDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id types.String
	if !readConfigured(ctx, d.client, req.Config, some{"id": &id}, &resp.Diagnostics) {
		return
	}
	webhook, err := d.client.GetWebhook(ctx, id.ValueString())
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, idTarget(reading, "webhook", id.ValueString(), path.Root("id")))
		return
	}
	state := webhookToModel(webhook, computedConditionAttrTypes, &resp.Diagnostics)
	templates := webhookTemplatesToModel(webhook)
	details := webhookDetailsToModel(webhook, &resp.Diagnostics)
	// The ID stays as configured: Terraform requires a required attribute
	// to keep its configured value.
	state.ID = id
	setState(ctx, &resp.State, &resp.Diagnostics, &state, &templates, &details)
}
