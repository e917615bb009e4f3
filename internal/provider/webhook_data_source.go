package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apify_webhook as a data source: a webhook whoever manages it, for a
// check block or a configuration that only refers to it.

var _ datasource.DataSourceWithConfigure = (*webhookDataSource)(nil)

type webhookDataSource struct {
	client *apify.Client
}

func newWebhookDataSource() datasource.DataSource {
	return &webhookDataSource{}
}

func (d *webhookDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook"
}

func (d *webhookDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := readWebhookAttributes()
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

// readWebhookAttributes are the computed attributes of a webhook that both
// data sources return, except id and the ones a list leaves out.
func readWebhookAttributes() map[string]schema.Attribute {
	computed := func(name string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: webhookDoc(name), Computed: true}
	}
	computedBool := func(name string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: webhookDoc(name), Computed: true}
	}
	return map[string]schema.Attribute{
		"user_id":     computed("user_id"),
		"created_at":  computed("created_at"),
		"modified_at": computed("modified_at"),
		"action_type": computed("action_type"),
		"event_types": schema.SetAttribute{
			MarkdownDescription: webhookDoc("event_types"),
			ElementType:         types.StringType,
			Computed:            true,
		},
		"condition": schema.SingleNestedAttribute{
			MarkdownDescription: webhookDoc("condition") + " One of the IDs is set.",
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"actor_id":      computed("actor_id"),
				"actor_task_id": computed("actor_task_id"),
				"actor_run_id":  computed("actor_run_id"),
			},
		},
		"request_url": schema.StringAttribute{
			MarkdownDescription: webhookDoc("request_url") + " Null for integrations that send no HTTP request, " +
				"such as Slack or email.",
			Computed:  true,
			Sensitive: true,
		},
		"ignore_ssl_errors":          computedBool("ignore_ssl_errors"),
		"do_not_retry":               computedBool("do_not_retry"),
		"should_interpolate_strings": computedBool("should_interpolate_strings"),
		"is_ad_hoc":                  computedBool("is_ad_hoc"),
		"last_dispatch": schema.SingleNestedAttribute{
			MarkdownDescription: webhookDoc("last_dispatch"),
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"status":      schema.StringAttribute{MarkdownDescription: webhookDoc("last_dispatch_status"), Computed: true},
				"finished_at": schema.StringAttribute{MarkdownDescription: webhookDoc("last_dispatch_finished_at"), Computed: true},
			},
		},
		"stats": schema.SingleNestedAttribute{
			MarkdownDescription: webhookDoc("stats"),
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"total_dispatches": schema.Int64Attribute{MarkdownDescription: webhookDoc("total_dispatches"), Computed: true},
			},
		},
	}
}

func (d *webhookDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *webhookDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if notConfigured(d.client, &resp.Diagnostics) {
		return
	}
	var id types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	webhook, err := d.client.GetWebhook(ctx, id.ValueString())
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{
			reading: fmt.Sprintf("webhook %q", id.ValueString()), kind: "webhook", id: id.ValueString(), idPath: path.Root("id"),
		})
		return
	}
	state := webhookToModel(webhook, readConditionAttrTypes, &resp.Diagnostics)
	templates := webhookTemplatesToModel(webhook)
	details := webhookDetailsToModel(webhook, &resp.Diagnostics)
	// The ID stays as configured: Terraform requires a required attribute
	// to keep its configured value.
	state.ID = id
	setState(ctx, &resp.State, &resp.Diagnostics, &state, &templates, &details)
}
