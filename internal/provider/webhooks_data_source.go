package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apify_webhooks: the webhooks of the account, an Actor or a task, for
// configurations that look one up or check that none is missing.

var _ datasource.DataSourceWithConfigure = (*webhooksDataSource)(nil)

type webhooksDataSource struct{ dataSource }

type webhooksDataSourceModel struct {
	ActorID     types.String
	ActorTaskID types.String
	Limit       types.Number
	Webhooks    types.List
	Truncated   types.Bool
	Total       types.Int64
	Timeouts    timeouts.Value
}

func (m *webhooksDataSourceModel) fields() map[string]any {
	return map[string]any{
		"actor_id": &m.ActorID, "actor_task_id": &m.ActorTaskID, "limit": &m.Limit, "webhooks": &m.Webhooks,
		"truncated": &m.Truncated, "total": &m.Total, "timeouts": &m.Timeouts,
	}
}

func newWebhooksDataSource() datasource.DataSource {
	return &webhooksDataSource{dataSource{typeSuffix: "_webhooks"}}
}

func (d *webhooksDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	scope := func(what string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("List only the webhooks of this %s. Conflicts with the other scope.", what),
			Optional:            true,
			Validators: []validator.String{
				stringvalidator.LengthAtLeast(1),
				stringvalidator.ConflictsWith(path.MatchRoot("actor_id"), path.MatchRoot("actor_task_id")),
			},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's Apify webhooks, or those of one Actor or one task, newest first, with " +
			"the attributes the API's list returns. The templates and the description are not among them: read a " +
			"webhook in full with the `apify_webhook` data source, or import it into `apify_webhook`.",
		Attributes: map[string]schema.Attribute{
			"actor_id":      scope("Actor"),
			"actor_task_id": scope("Actor task"),
			"limit": schema.NumberAttribute{
				MarkdownDescription: fmt.Sprintf("The most webhooks to read, from 1 to %d. Defaults to `%d`.", maxListLimit, defaultListLimit),
				Optional:            true,
				Computed:            true,
				Validators:          []validator.Number{wholeNumberBetween(1, maxListLimit)},
			},
			"webhooks": schema.ListNestedAttribute{
				MarkdownDescription: "The webhooks, newest first, each once. An empty list when there are none.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: listedWebhookAttributes()},
			},
			"truncated": schema.BoolAttribute{
				MarkdownDescription: "Whether the read stopped at `limit` with more webhooks left unread; raise `limit` to read them.",
				Computed:            true,
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "The API's count of all the webhooks listed, read or not. Null when the API does not say.",
				Computed:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": dataSourceTimeoutsBlock(ctx, fmt.Sprintf("How long the whole read may take, every page and "+
				"retry included, as a duration such as `\"10m\"`. Defaults to `\"%s\"`.", shortDuration(defaultListTimeout))),
		},
	}
}

func (d *webhooksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config webhooksDataSourceModel
	if !readConfigured(ctx, d.client, req.Config, &config, &resp.Diagnostics) {
		return
	}
	if config.Limit.IsNull() {
		config.Limit = types.NumberValue(big.NewFloat(defaultListLimit))
	}
	readTimeout, diags := config.Timeouts.Read(ctx, defaultListTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()

	scope := apify.WebhookScope{ActorID: config.ActorID.ValueString(), ActorTaskID: config.ActorTaskID.ValueString()}
	target := apiTarget{subject: "the account's webhooks", timeout: readTimeout}
	switch {
	case scope.ActorID != "":
		target = apiTarget{subject: fmt.Sprintf("the webhooks of Actor %q", scope.ActorID),
			kind: "Actor", id: scope.ActorID, idPath: path.Root("actor_id"), timeout: readTimeout}
	case scope.ActorTaskID != "":
		target = apiTarget{subject: fmt.Sprintf("the webhooks of Actor task %q", scope.ActorTaskID),
			kind: "Actor task", id: scope.ActorTaskID, idPath: path.Root("actor_task_id"), timeout: readTimeout}
	}
	list, err := d.client.ListWebhooks(ctx, scope, apify.ListOptions{Limit: int(wholeNumber(config.Limit))})
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, target)
		return
	}
	config.Webhooks = webhooksToList(list.Items, &resp.Diagnostics)
	config.Truncated = types.BoolValue(list.Truncated)
	config.Total = types.Int64PointerValue(list.Total)
	if resp.Diagnostics.HasError() {
		return
	}
	setState(ctx, &resp.State, &resp.Diagnostics, &config)
}

func webhooksToList(webhooks []apify.Webhook, diags *diag.Diagnostics) types.List {
	elems := make([]attr.Value, len(webhooks))
	for i := range webhooks {
		w := &webhooks[i]
		// A list has no templates and no description, which only a read of
		// the one webhook gives.
		webhook, details := webhookToModel(w, computedConditionAttrTypes, diags), webhookDetailsToModel(w, diags)
		elems[i] = objectValue(listedWebhookAttrTypes, values(&webhook, &details), diags)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: listedWebhookAttrTypes}, elems)
	diags.Append(d...)
	return list
}
