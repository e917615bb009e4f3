package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apify_actor_task and apify_schedule as data sources: one task or
// schedule whoever manages it, with the attributes of its resource.

var (
	_ datasource.DataSourceWithConfigure = (*actorTaskDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*scheduleDataSource)(nil)
)

type actorTaskDataSource struct{ client *apify.Client }

func newActorTaskDataSource() datasource.DataSource { return &actorTaskDataSource{} }

func (d *actorTaskDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_actor_task"
}

func (d *actorTaskDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceAttributes(actorTaskResourceSchema().Attributes)
	delete(attrs, "sensitive_input")
	delete(attrs, "sensitive_input_wo_version")
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the task, such as `zdc3Pyhyz3m8vjDeM`, or the owner's username and the task's " +
			"name joined by `~`, such as `janedoe~nightly-crawl`.",
		Required:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["task_id"] = schema.StringAttribute{MarkdownDescription: "ID of the task, however `id` named it.", Computed: true}
	attrs["input"] = schema.StringAttribute{
		MarkdownDescription: "Input of the task's runs, as a JSON object. Sensitive as a whole: the data source " +
			"cannot know which of its fields are secret.",
		CustomType: jsontypes.NormalizedType{},
		Computed:   true,
		Sensitive:  true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Apify Actor task, whoever manages it: every attribute of the `apify_actor_task` " +
			"resource. A task that does not exist is an error.",
		Attributes: attrs,
	}
}

func (d *actorTaskDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *actorTaskDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if notConfigured(d.client, &resp.Diagnostics) {
		return
	}
	var ref types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &ref)...)
	if resp.Diagnostics.HasError() {
		return
	}
	task, err := d.client.GetTask(ctx, ref.ValueString())
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{
			subject: fmt.Sprintf("task %q", ref.ValueString()), kind: "task", id: ref.ValueString(), idPath: path.Root("id"),
		})
		return
	}
	// Every option and input field the API returns is read.
	m := actorTaskToModel(task, actorTaskModel{Options: types.ObjectUnknown(runOptionsAttrTypes), Input: jsontypes.NewNormalizedNull()}, nil, &resp.Diagnostics)
	byName := values(&m)
	for _, name := range []string{"sensitive_input", "sensitive_input_wo", "sensitive_input_wo_version"} {
		delete(byName, name)
	}
	byName["task_id"], byName["id"] = m.ID, ref
	setStateValues(ctx, &resp.State, byName, &resp.Diagnostics)
}

type scheduleDataSource struct{ client *apify.Client }

func newScheduleDataSource() datasource.DataSource { return &scheduleDataSource{} }

func (d *scheduleDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_schedule"
}

func (d *scheduleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceAttributes(scheduleResourceSchema().Attributes)
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the schedule, such as `asdLZtadYvn4mBZmm`.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Apify schedule, whoever manages it: every attribute of the `apify_schedule` " +
			"resource, with its next run as the API reports it. A schedule that does not exist is an error.",
		Attributes: attrs,
	}
}

func (d *scheduleDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *scheduleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if notConfigured(d.client, &resp.Diagnostics) {
		return
	}
	var id types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	schedule, err := d.client.GetSchedule(ctx, id.ValueString())
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{
			subject: fmt.Sprintf("schedule %q", id.ValueString()), kind: "schedule", id: id.ValueString(), idPath: path.Root("id"),
		})
		return
	}
	// Every action's run options the API returns are read.
	m := scheduleToModel(schedule, scheduleModel{Actions: types.ListUnknown(types.ObjectType{AttrTypes: scheduleActionAttrTypes})}, &resp.Diagnostics)
	m.ID = id
	setState(ctx, &resp.State, &resp.Diagnostics, &m)
}
