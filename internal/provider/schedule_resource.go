package provider

import (
	"context"
	"fmt"
	_ "time/tzdata" // The IANA zones inside the provider, for a machine that has none installed.

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
	"github.com/apify/terraform-provider-apify/internal/cronexpr"
)

// apify_schedule: a cron expression in a time zone that runs Actors and
// tasks.

var (
	_ resource.ResourceWithConfigure   = (*scheduleResource)(nil)
	_ resource.ResourceWithImportState = (*scheduleResource)(nil)
	_ resource.ResourceWithIdentity    = (*scheduleResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*scheduleResource)(nil)
)

type scheduleResource struct{ managedResource }

func newScheduleResource() resource.Resource {
	return &scheduleResource{managedResource{typeSuffix: "_schedule"}}
}

type scheduleModel struct {
	ID             types.String
	Name           types.String
	Title          types.String
	Description    types.String
	CronExpression types.String
	Timezone       types.String
	IsEnabled      types.Bool
	IsExclusive    types.Bool
	Actions        types.List
	UserID         types.String
	CreatedAt      types.String
	ModifiedAt     types.String
	NextRunAt      types.String
	LastRunAt      types.String
}

func (m *scheduleModel) fields() map[string]any {
	return map[string]any{
		"id": &m.ID, "name": &m.Name, "title": &m.Title, "description": &m.Description,
		"cron_expression": &m.CronExpression, "timezone": &m.Timezone, "is_enabled": &m.IsEnabled,
		"is_exclusive": &m.IsExclusive, "actions": &m.Actions, "user_id": &m.UserID, "created_at": &m.CreatedAt,
		"modified_at": &m.ModifiedAt, "next_run_at": &m.NextRunAt, "last_run_at": &m.LastRunAt,
	}
}

func (r *scheduleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = scheduleResourceSchema()
}

// maxScheduleActions is the most Actors, and the most tasks, a schedule
// runs (docs.apify.com, "Schedules").
const maxScheduleActions = 10

// scheduleResourceSchema is the schema of apify_schedule, and through
// dataSourceAttributes of its data source.
func scheduleResourceSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Manages an Apify schedule: a cron expression in a time zone that runs Actors and " +
			"Actor tasks (`apify_actor_task`).\n\n" +
			"Every change is an update in place; the actions are replaced as a whole. A schedule deleted outside " +
			"Terraform is planned to be created again, and one changed in Apify Console is planned back to the " +
			"configuration. A create never leaves a second schedule: when its answer is lost or its name is taken, " +
			"the provider looks the schedule up by its name, unique in the account, and takes it over if it is the " +
			"one the configuration describes.\n\n" +
			"Import it by ID or by name with `terraform import` or an `import` block, or by its resource identity " +
			"(Terraform 1.12 and OpenTofu 1.12 and later), or list the account's schedules with `terraform query` " +
			"(Terraform 1.14 and later).",
		Attributes: map[string]schema.Attribute{
			"id": keptString("ID of the schedule, such as `asdLZtadYvn4mBZmm`."),
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the schedule, unique in the account: 3 to 63 lower-case letters, digits " +
					"and hyphens, such as `nightly-crawl`.",
				Required:   true,
				Validators: []validator.String{nameValidator("schedule")},
			},
			"title":       optionalText("Title of the schedule, shown in Apify Console."),
			"description": optionalText("Description of the schedule, shown in Apify Console."),
			"cron_expression": schema.StringAttribute{
				MarkdownDescription: "When the schedule runs, as a cron expression: five fields (minute, hour, day of " +
					"month, month, day of week) such as `0 3 * * 1-5`, six with seconds first, or one of " +
					quotedList(cronexpr.Descriptors) + ". Checked before any request; `L`, `W` and `#` are passed to " +
					"the platform as they are.",
				Required:   true,
				Validators: []validator.String{cronExpression()},
			},
			"timezone": schema.StringAttribute{
				MarkdownDescription: "IANA time zone the cron expression is read in, such as `Europe/Prague`; " +
					"daylight saving time shifts are followed. Defaults to `UTC`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("UTC"),
				Validators: []validator.String{ianaTimeZone()},
			},
			"is_enabled":   optionalBool("Whether the schedule runs.", true),
			"is_exclusive": optionalBool("Whether a run is skipped while the schedule's previous run is still running.", false),
			"actions": schema.ListNestedAttribute{
				MarkdownDescription: fmt.Sprintf("What the schedule runs: each action runs one Actor (`actor_id`) or "+
					"one task (`actor_task_id`), at most %d of each.", maxScheduleActions),
				Optional:   true,
				Validators: []validator.List{listvalidator.SizeAtLeast(1), actionsWithinLimits()},
				NestedObject: schema.NestedAttributeObject{
					Validators: []validator.Object{oneRunPerAction()},
					Attributes: map[string]schema.Attribute{
						"actor_id": schema.StringAttribute{
							MarkdownDescription: "ID of the Actor to run, such as `data.apify_actor.scraper.id`. Set exactly one of `actor_id` and `actor_task_id`.",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1), objectID("Actor", "data.apify_actor.scraper.id", actorIDHint)},
						},
						"actor_task_id": schema.StringAttribute{
							MarkdownDescription: "ID of the task to run, such as `apify_actor_task.crawl.id`.",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1), objectID("task", "apify_actor_task.crawl.id", taskIDHint)},
						},
						"input": jsonObjectAttribute("Input of the run: the Actor's whole input, or for a task the "+
							"fields that override the task's. Plans show it: keep secret fields in a task's "+
							"`sensitive_input`, and run the task.", false),
						"run_options": func() schema.SingleNestedAttribute {
							return runOptionsAttribute("Options of the Actor's run; only with `actor_id` (a task's run "+
								"takes the task's options).", "An option left out is not sent: the Actor's default applies.")
						}(),
					},
				},
			},
			"user_id":     keptString("ID of the Apify user who owns the schedule."),
			"created_at":  keptString("When the schedule was created, as the API's RFC 3339 timestamp."),
			"modified_at": computedString("When the schedule was last changed, as the API's RFC 3339 timestamp."),
			"next_run_at": computedString("When the schedule runs next, as the API reports it: an RFC 3339 timestamp, " +
				"null while it is disabled. Read on each refresh."),
			"last_run_at": computedString("When the schedule last ran, as an RFC 3339 timestamp; null before its first run."),
		},
	}
}

var scheduleActionAttrTypes = nestedAttrTypes(scheduleResourceSchema().Attributes["actions"])

func (r *scheduleResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("schedule", "asdLZtadYvn4mBZmm")
}

// ModifyPlan keeps what only the API sets when nothing else changes.
func (r *scheduleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	keepWhenUnchanged(ctx, req, resp, "modified_at", "next_run_at", "last_run_at")
}

func (r *scheduleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan scheduleModel
	if !readConfigured(ctx, r.client, req.Plan, &plan, &resp.Diagnostics) {
		return
	}
	in := scheduleInput(plan)
	tflog.Debug(ctx, "Creating schedule", map[string]any{"name": in.Name})
	created, err := r.client.CreateSchedule(ctx, in)
	if createFailed(&resp.Diagnostics, created, err, "apify_schedule", "schedule", in.Name) {
		return
	}
	setScheduleState(ctx, created.Object, plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *scheduleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var prior scheduleModel
	if !readConfigured(ctx, r.client, req.State, &prior, &resp.Diagnostics) {
		return
	}
	importing, get := prior.Name.IsNull(), r.client.GetSchedule
	if importing {
		get = r.client.GetScheduleByRef
	}
	schedule, err := get(ctx, prior.ID.ValueString())
	if readFailed(ctx, resp, err, prior.ID, importing, "schedule", scheduleRefForms) {
		return
	}
	if importing {
		prior = asImportedSchedule(prior)
	}
	setScheduleState(ctx, schedule, prior, &resp.State, resp.Identity, &resp.Diagnostics)
}

// asImportedSchedule is m as an import reads a schedule into it: every
// action's run options the API returns are read.
func asImportedSchedule(m scheduleModel) scheduleModel {
	m.Actions = types.ListUnknown(types.ObjectType{AttrTypes: scheduleActionAttrTypes})
	return m
}

func (r *scheduleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if notConfigured(r.client, &resp.Diagnostics) {
		return
	}
	var plan, state scheduleModel
	read(ctx, req.Plan, &plan, &resp.Diagnostics)
	read(ctx, req.State, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	in := scheduleInput(plan)
	id := state.ID.ValueString()
	updated, err := r.client.UpdateSchedule(ctx, id, in)
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, idTarget(updating, "schedule", id, path.Root("id")))
		return
	}
	setScheduleState(ctx, updated, plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *scheduleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByID(ctx, r.client, req, resp, "schedule", (*apify.Client).DeleteSchedule)
}

// scheduleRefForms are the names of a schedule that import and the data
// source take (apify.Client.GetScheduleByRef).
const scheduleRefForms = "a schedule's ID, such as asdLZtadYvn4mBZmm, or its name, unique in the account"

func (r *scheduleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByID(ctx, "apify_schedule", scheduleRefForms, req, resp)
}

// scheduleAction is one element of actions.
type scheduleAction struct {
	ActorID     types.String
	ActorTaskID types.String
	Input       types.String
	RunOptions  types.Object
}

// actionsOf reads the actions of a plan or a state.
func actionsOf(list types.List) []scheduleAction {
	if list.IsNull() || list.IsUnknown() {
		return nil
	}
	var out []scheduleAction
	for _, element := range list.Elements() {
		o, _ := element.(types.Object)
		out = append(out, scheduleAction{
			ActorID: objectAttr[types.String](o, "actor_id"), ActorTaskID: objectAttr[types.String](o, "actor_task_id"),
			Input: objectAttr[types.String](o, "input"), RunOptions: objectAttr[types.Object](o, "run_options"),
		})
	}
	return out
}

// scheduleInput is the body of a create or an update for plan.
func scheduleInput(plan scheduleModel) apify.ScheduleInput {
	actions := []apify.ScheduleAction{}
	for _, a := range actionsOf(plan.Actions) {
		if !a.ActorTaskID.IsNull() {
			actions = append(actions, apify.ScheduleAction{
				Type: apify.ScheduleActionRunActorTask, ActorTaskID: a.ActorTaskID.ValueStringPointer(), Input: jsonInput(a.Input),
			})
			continue
		}
		action := apify.ScheduleAction{
			Type: apify.ScheduleActionRunActor, ActorID: a.ActorID.ValueStringPointer(), RunOptions: runOptionsInput(a.RunOptions, types.ObjectNull(runOptionsAttrTypes)),
		}
		if !a.Input.IsNull() {
			action.RunInput = &apify.ScheduleRunInput{Body: a.Input.ValueStringPointer(), ContentType: new("application/json; charset=utf-8")}
		}
		actions = append(actions, action)
	}
	return apify.ScheduleInput{
		Name:           plan.Name.ValueString(),
		Title:          plan.Title.ValueStringPointer(),
		Description:    plan.Description.ValueStringPointer(),
		CronExpression: plan.CronExpression.ValueString(),
		Timezone:       plan.Timezone.ValueString(),
		IsEnabled:      plan.IsEnabled.ValueBool(),
		IsExclusive:    plan.IsExclusive.ValueBool(),
		Actions:        actions,
	}
}

func setScheduleState(ctx context.Context, schedule *apify.Schedule, held scheduleModel, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	m := scheduleToModel(schedule, held, diags)
	setResourceState(ctx, state, identity, &m, m.ID, diags)
}

// scheduleToModel maps a schedule; held, the plan or the prior state,
// says which run options of each action are the configuration's. An
// action of a type the provider does not know is read with neither ID,
// so that the plan sets the actions back.
func scheduleToModel(s *apify.Schedule, held scheduleModel, diags *diag.Diagnostics) scheduleModel {
	heldActions := actionsOf(held.Actions)
	elementType := types.ObjectType{AttrTypes: scheduleActionAttrTypes}
	actions := make([]attr.Value, 0, len(s.Actions))
	for i, a := range s.Actions {
		heldAction := scheduleAction{Input: types.StringNull(), RunOptions: types.ObjectUnknown(runOptionsAttrTypes)}
		if i < len(heldActions) {
			heldAction = heldActions[i]
		} else if !held.Actions.IsUnknown() {
			heldAction.RunOptions = types.ObjectNull(runOptionsAttrTypes)
		}
		values := map[string]attr.Value{
			"actor_id": types.StringNull(), "actor_task_id": types.StringNull(),
			"input": types.StringNull(), "run_options": types.ObjectNull(runOptionsAttrTypes),
		}
		switch a.Type {
		case apify.ScheduleActionRunActor:
			values["actor_id"] = types.StringPointerValue(a.ActorID)
			if a.RunInput != nil && a.RunInput.Body != nil {
				values["input"] = jsonValue([]byte(*a.RunInput.Body), heldAction.Input)
			}
			values["run_options"] = runOptionsValue(a.RunOptions, heldAction.RunOptions, diags)
		case apify.ScheduleActionRunActorTask:
			values["actor_task_id"] = types.StringPointerValue(a.ActorTaskID)
			values["input"] = jsonValue(a.Input, heldAction.Input)
		}
		actions = append(actions, objectValue(scheduleActionAttrTypes, values, diags))
	}
	list := types.ListNull(elementType)
	if len(actions) > 0 {
		var d diag.Diagnostics
		list, d = types.ListValue(elementType, actions)
		diags.Append(d...)
	}
	return scheduleModel{
		ID:             types.StringPointerValue(s.ID),
		Name:           types.StringPointerValue(s.Name),
		Title:          nonEmptyString(s.Title),
		Description:    nonEmptyString(s.Description),
		CronExpression: types.StringPointerValue(s.CronExpression),
		Timezone:       types.StringPointerValue(s.Timezone),
		IsEnabled:      types.BoolValue(s.IsEnabled != nil && *s.IsEnabled),
		IsExclusive:    types.BoolValue(s.IsExclusive != nil && *s.IsExclusive),
		Actions:        list,
		UserID:         types.StringPointerValue(s.UserID),
		CreatedAt:      types.StringPointerValue(s.CreatedAt),
		ModifiedAt:     types.StringPointerValue(s.ModifiedAt),
		NextRunAt:      types.StringPointerValue(s.NextRunAt),
		LastRunAt:      types.StringPointerValue(s.LastRunAt),
	}
}
