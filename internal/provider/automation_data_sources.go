package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
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
	_ datasource.DataSourceWithConfigure        = (*actorTaskDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*actorTaskDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*scheduleDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*scheduleDataSource)(nil)
)

type actorTaskDataSource struct{ dataSource }

func newActorTaskDataSource() datasource.DataSource {
	return &actorTaskDataSource{dataSource{typeSuffix: "_actor_task"}}
}

func (d *actorTaskDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceAttributes(actorTaskResourceSchema().Attributes, map[string]string{
		"actor_id": "ID of the Actor the task runs.",
		"options":  "Options of the task's runs; an option the task does not set is null.",
	})
	delete(attrs, "sensitive_input")
	delete(attrs, "sensitive_input_wo_version")
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the task, such as `zdc3Pyhyz3m8vjDeM`. Set `id` or `name`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1), objectID("task", "zdc3Pyhyz3m8vjDeM", "read a task by name with the name attribute, and username for another account's")},
	}
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: "Name of the task, such as `nightly-crawl`, in the account of `username`, or with its account " +
			"as `janedoe~nightly-crawl` or `janedoe/nightly-crawl`. Set `id` or `name`.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["username"] = schema.StringAttribute{
		MarkdownDescription: "Username of the account that owns the task. With `name`, the account to look in; " +
			"the token's own when not set.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.AlsoRequires(path.MatchRoot("name"))},
	}
	attrs["input"] = schema.StringAttribute{
		MarkdownDescription: "Input of the task's runs, as a JSON object. Sensitive as a whole: the data source " +
			"cannot know which of its fields are secret.",
		Computed:  true,
		Sensitive: true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Apify Actor task by ID or by name, whoever manages it: every attribute of the " +
			"`apify_actor_task` resource. A task that does not exist is an error.",
		Attributes: attrs,
	}
}

func (d *actorTaskDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *actorTaskDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config actorTaskModel
	if !readConfigured(ctx, d.client, req.Config, some{"id": &config.ID, "name": &config.Name, "username": &config.Username}, &resp.Diagnostics) {
		return
	}
	// The API reads a task by ID or by "username~name".
	ref, at := config.ID.ValueString(), path.Root("id")
	name, configuredName := config.Name.ValueString(), config.Name
	if owner, bare, ok := cutOwner(name); ok {
		if !config.Username.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("username"), "Account named twice",
				fmt.Sprintf("name %q names its account already; set username only with a bare name.", name))
			return
		}
		config.Name, config.Username = types.StringValue(bare), types.StringValue(owner)
	}
	if !config.Name.IsNull() {
		username := config.Username.ValueString()
		if config.Username.IsNull() {
			user, err := d.client.GetCurrentUser(ctx)
			if err != nil {
				addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{subject: "the account the token belongs to, to find the task in"})
				return
			}
			username = types.StringPointerValue(user.Username).ValueString()
		}
		ref, at = username+"~"+config.Name.ValueString(), path.Root("name")
	}
	task, err := d.client.GetTask(ctx, ref)
	if apify.IsNotFound(err) && !config.Name.IsNull() {
		username, _, _ := strings.Cut(ref, "~")
		resp.Diagnostics.AddAttributeError(at, "Task not found",
			fmt.Sprintf("Account %q has no task named %q that this token can see. Check the name (and username, for "+
				"another account's task), or read the task by its ID.", username, config.Name.ValueString()))
		return
	}
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, idTarget(reading, "task", ref, at))
		return
	}
	// Every option and input field the API returns is read.
	m := actorTaskToModel(task, actorTaskModel{Options: types.ObjectUnknown(runOptionsAttrTypes), Input: types.StringNull()}, nil, &resp.Diagnostics)
	if !configuredName.IsNull() {
		// The name as configured, which may name the account too.
		m.Name = configuredName
	}
	byName := values(&m)
	for _, name := range []string{"sensitive_input", "sensitive_input_wo", "sensitive_input_wo_version"} {
		delete(byName, name)
	}
	setStateValues(ctx, &resp.State, byName, &resp.Diagnostics)
}

// cutOwner splits "username~name" or "username/name" into its account and
// bare name.
func cutOwner(name string) (owner, bare string, ok bool) {
	if owner, bare, ok = strings.Cut(name, "~"); ok {
		return owner, bare, true
	}
	return strings.Cut(name, "/")
}

type scheduleDataSource struct{ dataSource }

func newScheduleDataSource() datasource.DataSource {
	return &scheduleDataSource{dataSource{typeSuffix: "_schedule"}}
}

func (d *scheduleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceAttributes(scheduleResourceSchema().Attributes, map[string]string{
		"cron_expression":     "When the schedule runs, as a cron expression, such as `0 3 * * 1-5`.",
		"timezone":            "IANA time zone the cron expression is read in, such as `Europe/Prague`.",
		"is_enabled":          "Whether the schedule runs.",
		"is_exclusive":        "Whether a run is skipped while the schedule's previous run is still running.",
		"actions":             "What the schedule runs: each action runs one Actor (`actor_id`) or one task (`actor_task_id`).",
		"actions.actor_id":    "ID of the Actor the action runs.",
		"actions.run_options": "Options of the Actor's run; an option the action does not set is null.",
		"actions.input": "Input of the run, as a JSON object: the Actor's whole input, or for a task the fields " +
			"that override the task's. Sensitive: the data source cannot know which of its fields are secret.",
	})
	sensitiveActionInput(attrs)
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the schedule, such as `asdLZtadYvn4mBZmm`. Set `id` or `name`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: "Name of the schedule, unique in the token's account, such as `nightly-crawl`. Set `id` or `name`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Apify schedule by ID or by name, whoever manages it: every attribute of the " +
			"`apify_schedule` resource, with its next run as the API reports it. A schedule that does not exist is an error.",
		Attributes: attrs,
	}
}

func (d *scheduleDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *scheduleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id, name types.String
	if !readConfigured(ctx, d.client, req.Config, some{"id": &id, "name": &name}, &resp.Diagnostics) {
		return
	}
	ref, at, get := id.ValueString(), path.Root("id"), d.client.GetSchedule
	if id.IsNull() {
		ref, at, get = name.ValueString(), path.Root("name"), d.client.GetScheduleByRef
	}
	schedule, err := get(ctx, ref)
	if apify.IsNotFound(err) && id.IsNull() {
		resp.Diagnostics.AddAttributeError(at, "Schedule not found",
			fmt.Sprintf("The token's account has no schedule named %q. Check the name, or read the schedule by its ID.", ref))
		return
	}
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, idTarget(reading, "schedule", ref, at))
		return
	}
	// Every action's run options the API returns are read.
	m := scheduleToModel(schedule, scheduleModel{Actions: types.ListUnknown(types.ObjectType{AttrTypes: scheduleActionAttrTypes})}, &resp.Diagnostics)
	if !id.IsNull() {
		m.ID = id
	} else {
		m.Name = name
	}
	setState(ctx, &resp.State, &resp.Diagnostics, &m)
}

// sensitiveActionInput marks the input of the schedule data source's
// actions sensitive, as the task data source's input is.
func sensitiveActionInput(attrs map[string]schema.Attribute) {
	actions, ok := attrs["actions"].(schema.ListNestedAttribute)
	if !ok {
		panic("sensitiveActionInput: actions is not a list of objects")
	}
	input, ok := actions.NestedObject.Attributes["input"].(schema.StringAttribute)
	if !ok {
		panic("sensitiveActionInput: an action's input is not a string")
	}
	input.Sensitive = true
	actions.NestedObject.Attributes["input"] = input
	attrs["actions"] = actions
}
